"""The legacy API as its users meet it: the real binary on loopback, plain HTTP requests, and
every answer checked against the OpenAPI document the gateway serves."""
import http.client
import json
import re
import sqlite3
import time

import pytest
import yaml

from legacy_client import call, load_openapi, validate

WORKED_EXAMPLE = {
    "job": {
        "name": "inference1",
        "project": "team-a",
        "type": "inference",
        "image": "gcr.io/run-ai-demo/quickstart-inference-marian",
        "gpu": 0.5,
        "cpu": 1,
        "memory": "2G",
        "environment": {"BATCH_SIZE": "50"},
        "ports": [{"container": 8888, "external": 30088}],
        "serviceType": "nodeport",
        "nodeType": "dgx",
    }
}


def assert_deprecation_signals(reply):
    assert re.fullmatch(r"@\d+", reply.header("Deprecation") or ""), reply.headers
    links = reply.header_values("Link")
    assert any('rel="deprecation"' in link for link in links), links
    assert any('rel="successor-version"' in link for link in links), links
    assert re.fullmatch(r'299 - ".*is deprecated; use .*"', reply.header("Warning") or ""), reply.header("Warning")
    assert reply.header("X-Request-Id")


def counts(gateway):
    connection = sqlite3.connect(gateway.database)
    try:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("workloads", "outbox", "projects", "idempotency_keys")
        }
    finally:
        connection.close()


def test_a_newcomer_follows_the_legacy_docs_submit_list_get_and_delete(gateway):
    openapi = load_openapi()
    submitted = call(gateway, "POST", "/api/v1/jobs", WORKED_EXAMPLE, headers={"RA-USER": "john"})
    assert submitted.status == 200, submitted.body
    assert submitted.json == {"name": "inference1"}
    validate(openapi, "SubmitResponse", submitted.json)
    assert_deprecation_signals(submitted)
    successor = [link for link in submitted.header_values("Link") if "successor-version" in link][0]
    assert successor == (
        f"<{gateway.url}/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/inference1>; "
        'rel="successor-version"'
    )

    listed = call(gateway, "GET", "/api/v1/jobs?project=team-a")
    assert listed.status == 200
    validate(openapi, "JobListResponse", listed.json)
    (job,) = listed.json["data"]
    assert (job["name"], job["project"], job["user"], job["type"]) == ("inference1", "team-a", "john", "Inference")
    assert job["images"] == "gcr.io/run-ai-demo/quickstart-inference-marian"

    one = call(gateway, "GET", "/researcher/api/v1/job/team-a/inference1?jobTypeFilter=inference")
    assert one.status == 200
    validate(openapi, "JobListResponse", one.json)
    assert [j["name"] for j in one.json["data"]] == ["inference1"]

    version = call(gateway, "GET", "/api/v1/version")
    validate(openapi, "VersionResponse", version.json)
    assert_deprecation_signals(version)

    projects = call(gateway, "GET", "/api/v1/projects")
    validate(openapi, "ProjectListResponse", projects.json)
    assert [p["name"] for p in projects.json["data"]] == ["team-a"]

    deleted = call(gateway, "DELETE", "/api/v1/jobs", [{"name": "inference1", "project": "team-a"}])
    assert deleted.status == 200
    validate(openapi, "JobActionStatusList", deleted.json)
    assert deleted.json["data"] == [{"name": "inference1", "ok": True}]
    assert call(gateway, "GET", "/api/v1/jobs/team-a/inference1").status == 404


def test_the_served_openapi_document_is_the_repositorys_and_every_operation_is_deprecated(gateway):
    served = call(gateway, "GET", "/openapi.yaml")
    assert served.status == 200
    document = yaml.safe_load(served.body)
    assert document == load_openapi()
    assert document["openapi"].startswith("3.1")
    operations = [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "delete", "put", "patch")
    ]
    assert {(method.upper(), path) for path, method, _ in operations} == {
        ("GET", "/api/v1/jobs"), ("POST", "/api/v1/jobs"), ("DELETE", "/api/v1/jobs"),
        ("GET", "/api/v1/jobs/{project}"), ("GET", "/api/v1/jobs/{project}/{job}"),
        ("POST", "/api/v1/job"), ("DELETE", "/api/v1/job"),
        ("GET", "/api/v1/job/{projectName}"), ("GET", "/api/v1/job/{projectName}/{jobName}"),
        ("GET", "/api/job"), ("POST", "/api/job"), ("DELETE", "/api/job"),
        ("GET", "/api/v1/projects"), ("GET", "/api/v1/version"),
    }
    assert [server["url"] for server in document["servers"]] == ["/", "/researcher"]
    for path, method, operation in operations:
        assert operation.get("deprecated") is True, f"{method.upper()} {path}"


@pytest.mark.parametrize(
    "body, status, field",
    [
        (b'{"job": {"project": "team-a", ', 400, "JSON"),
        (b'{"job": {"project": "team-a"}}', 400, "job.image"),
        (b'{"job": {"project": "team-a", "image": "nginx", "gpu": "lots"}}', 400, "job.gpu"),
        (b'{"job": {"project": "team-a", "image": "nginx", "name": "Bad_Name"}}', 422, "job.name"),
        (b'{"job": {"project": "team-a", "image": "nginx", "type": "training"}}', 422, "job.type"),
    ],
)
def test_bad_input_gets_a_legacy_error_naming_the_field_and_writes_nothing(gateway, body, status, field):
    openapi = load_openapi()
    before = counts(gateway)
    reply = call(gateway, "POST", "/api/v1/jobs", raw=body)
    assert reply.status == status, reply.body
    validate(openapi, "Error", reply.json)
    assert reply.json["status"] == status
    assert field in reply.json["message"] + reply.json["details"]
    assert_deprecation_signals(reply)
    assert counts(gateway) == before


def test_an_oversized_body_is_a_413_with_the_signals(start_gateway):
    gateway = start_gateway("--max-body-size", "2KiB")
    big = {"job": {"project": "team-a", "image": "nginx", "workingDir": "w" * 10_000}}
    reply = call(gateway, "POST", "/api/v1/jobs", big)
    assert reply.status == 413
    assert reply.json["status"] == 413
    assert_deprecation_signals(reply)

    # Streamed without a Content-Length, the body is cut off at the limit all the same.
    connection = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=30)
    chunks = (json.dumps(big).encode()[i : i + 1000] for i in range(0, 11_000, 1000))
    connection.request("POST", "/api/v1/jobs", body=chunks, headers={"Content-Type": "application/json"}, encode_chunked=True)
    streamed = connection.getresponse()
    assert streamed.status == 413
    assert json.loads(streamed.read())["status"] == 413
    assert streamed.getheader("Deprecation")
    connection.close()
    assert counts(gateway)["workloads"] == 0


def test_tokens_mode_refuses_strangers_and_confines_users_to_their_projects(start_gateway, tmp_path):
    tokens = tmp_path / "tokens.yaml"
    tokens.write_text(
        yaml.safe_dump(
            {
                "tokens": [
                    {"token": "alice-e2e-token", "user": "alice", "projects": ["team-a"]},
                    {"token": "ops-e2e-token", "user": "ops", "projects": ["*"]},
                ]
            }
        )
    )
    gateway = start_gateway("--tokens-file", str(tokens))
    stranger = call(gateway, "GET", "/api/v1/jobs")
    assert stranger.status == 401
    assert stranger.header("WWW-Authenticate").startswith("Bearer")
    assert_deprecation_signals(stranger)

    alice = {"Authorization": "Bearer alice-e2e-token"}
    ok = call(gateway, "POST", "/api/v1/jobs", {"job": {"project": "team-a", "image": "nginx"}}, headers=alice)
    assert ok.status == 200
    refused = call(gateway, "POST", "/api/v1/jobs", {"job": {"project": "team-b", "image": "nginx"}}, headers=alice)
    assert refused.status == 403
    assert refused.json["status"] == 403
    assert_deprecation_signals(refused)

    # The token file is re-read when it changes: a new token works without a restart.
    document = yaml.safe_load(tokens.read_text())
    document["tokens"].append({"token": "bob-e2e-token", "user": "bob", "projects": ["team-b"]})
    tokens.write_text(yaml.safe_dump(document))
    deadline = time.monotonic() + 10
    while call(gateway, "GET", "/api/v1/version", headers={"Authorization": "Bearer bob-e2e-token"}).status != 200:
        assert time.monotonic() < deadline, "the new token was never accepted"
        time.sleep(0.05)
    assert "alice-e2e-token" not in "".join(gateway.log_lines)


def test_a_retried_submit_with_an_idempotency_key_creates_one_job(gateway):
    body = {"job": {"project": "team-a", "image": "nginx"}}
    first = call(gateway, "POST", "/api/v1/jobs", body, headers={"Idempotency-Key": "e2e-key-1"})
    retry = call(gateway, "POST", "/api/v1/jobs", body, headers={"Idempotency-Key": "e2e-key-1"})
    assert first.status == retry.status == 200
    assert first.json == retry.json
    assert retry.header("Idempotent-Replayed") == "true"
    other = call(gateway, "POST", "/api/v1/jobs", {"job": {"project": "team-b", "image": "nginx"}}, headers={"Idempotency-Key": "e2e-key-1"})
    assert other.status == 422
    assert counts(gateway)["workloads"] == 1


def test_every_legacy_call_reaches_the_audit_log(gateway):
    call(gateway, "POST", "/api/v1/jobs", {"job": {"name": "audited", "project": "team-a", "image": "nginx"}}, headers={"RA-USER": "dana"})
    call(gateway, "GET", "/api/v1/jobs", headers={"X-Request-Id": "poll-1"})
    deadline = time.monotonic() + 10
    while True:
        connection = sqlite3.connect(gateway.database)
        rows = connection.execute("SELECT method, path, status, display_user, workload, request_id FROM audit_log").fetchall()
        connection.close()
        if len(rows) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert ("POST", "/api/v1/jobs", 200, "dana", "audited") in [row[:5] for row in rows]
    assert any(row[0] == "GET" and row[5] == "poll-1" for row in rows)


def test_a_sunset_before_the_deprecation_date_stops_start_up(tmp_path):
    import subprocess

    from conftest import BINARY

    result = subprocess.run(
        [str(BINARY), "serve", "--port", "0", "--deprecation-date", "2025-01-01", "--sunset-date", "2024-01-01"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "sunset" in (result.stderr + result.stdout).lower()


def test_many_dashboards_polling_at_once_never_stall_the_gateway(gateway):
    """64 callers at once mixing health checks, lists and gets (a blocking database read on the
    request path once starved every worker thread and the gateway stopped answering)."""
    import concurrent.futures

    for index in range(5):
        assert call(gateway, "POST", "/api/v1/jobs", {"job": {"name": f"dash-{index}", "project": "team-a", "image": "nginx"}}).status == 200
    paths = ["/healthz", "/api/v1/jobs/team-a", "/api/v1/jobs/team-a/dash-3", "/api/v1/jobs"]

    def poll(worker):
        connection = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=20)
        statuses = []
        for round_ in range(25):
            connection.request("GET", paths[(worker + round_) % len(paths)])
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        connection.close()
        return statuses

    with concurrent.futures.ThreadPoolExecutor(64) as pool:
        results = [status for statuses in pool.map(poll, range(64)) for status in statuses]
    assert len(results) == 64 * 25
    assert set(results) == {200}
    # Still answering writes afterwards.
    assert call(gateway, "POST", "/api/v1/jobs", {"job": {"name": "after-polls", "project": "team-a", "image": "nginx"}}).status == 200
    listed = call(gateway, "GET", "/api/v1/jobs/team-a")
    assert sorted(job["name"] for job in listed.json["data"]) == sorted([f"dash-{i}" for i in range(5)] + ["after-polls"])
