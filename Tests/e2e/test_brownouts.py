"""Brownouts against the real binary: inside a window of `--brownouts-file` legacy calls answer
`410 Gone` with the body the OpenAPI document describes, exempt clients and exempt polls are
served, nothing is written, and the usage report counts each brownout answer as an error."""
import datetime
import time

from legacy_client import call, load_openapi, validate

SUBMIT = {"job": {"name": "browned", "project": "team-a", "image": "nginx", "gpu": 1}}


def iso(offset_seconds):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def brownouts_file(tmp_path, exempt_polls):
    path = tmp_path / "brownouts.yaml"
    path.write_text(
        f"""exemptClients: [ops-robot]
exemptPolls: {str(exempt_polls).lower()}
windows:
  - name: january
    start: {iso(-60)}
    end: {iso(3600)}
    reason: the legacy API stops on 2027-06-30
"""
    )
    return str(path)


def usage_of(gateway, client, calls, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        rows = call(gateway, "GET", f"/api/v1/migration/usage?client={client}").json["usage"]
        if sum(row["calls"] for row in rows) >= calls or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


def test_a_submit_inside_a_window_is_gone_with_the_documented_body_and_counts_in_the_usage_report(start_gateway, tmp_path):
    gateway = start_gateway("--brownouts-file", brownouts_file(tmp_path, exempt_polls=False), "--sunset-date", "@1814400000")
    gone = call(gateway, "POST", "/api/v1/jobs", SUBMIT, headers={"RA-USER": "alice"})
    assert gone.status == 410, gone.body
    document = load_openapi()
    validate(document, "Brownout", gone.json)
    body = gone.json
    assert body["brownout"]["window"] == "january" and body["brownout"]["reason"] == "the legacy API stops on 2027-06-30"
    assert body["successor"]["method"] == "POST"
    assert body["successor"]["url"].endswith("/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads")
    assert body["successor"]["body"]["metadata"]["name"] == "browned"
    for header in document["components"]["responses"]["Gone"]["headers"]:
        assert gone.header(header) is not None, header
    poll = call(gateway, "GET", "/api/v1/jobs", headers={"RA-USER": "alice"})
    assert poll.status == 410, "polls are browned out too unless exempt"
    validate(document, "Brownout", poll.json)

    served = call(gateway, "POST", "/api/v1/jobs", SUBMIT, headers={"RA-USER": "ops-robot"})
    assert served.status == 200, "an exempt client is served inside the window"
    jobs = call(gateway, "GET", "/api/v1/jobs", headers={"RA-USER": "ops-robot"}).json["data"]
    assert [job["name"] for job in jobs] == ["browned"], "only the exempt client's submit was stored"

    (submit,) = [row for row in usage_of(gateway, "alice", 2) if row["endpoint"] == "submit"]
    assert submit["calls"] == 1 and submit["errors"] == 1, "the brownout answer counts as an error of its caller"


def test_exempt_polls_are_served_while_submits_are_gone(start_gateway, tmp_path):
    gateway = start_gateway("--brownouts-file", brownouts_file(tmp_path, exempt_polls=True))
    assert call(gateway, "GET", "/api/v1/jobs", headers={"RA-USER": "dashboard"}).status == 200
    assert call(gateway, "POST", "/api/v1/jobs", SUBMIT, headers={"RA-USER": "dashboard"}).status == 410
    assert call(gateway, "GET", "/api/v1/jobs", headers={"RA-USER": "dashboard"}).json["data"] == []
