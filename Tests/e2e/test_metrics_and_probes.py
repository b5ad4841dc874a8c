"""What operators scrape and probe, against the real binary: /metrics in Prometheus' text format
that promtool accepts, labelled by route template and client; /healthz and /readyz naming their
checks; request ids echoed and carried to the push's log line; JSON log lines."""
import json
import re
import subprocess
import time
import uuid

from kubectl_support import wait_until
from legacy_client import call

DEPRECATION_HEADERS = ("Deprecation", "Sunset", "Warning", "Link")


def submit(gateway, name, user="dash-e2e", project="team-a", headers=None):
    job = {"name": name, "project": project, "image": "nginx:1.27", "gpu": 1}
    return call(gateway, "POST", "/api/v1/jobs", {"job": job}, {"RA-USER": user, **(headers or {})})


def scrape(gateway):
    reply = call(gateway, "GET", "/metrics")
    assert reply.status == 200, reply.body
    return reply, reply.body.decode()


def samples(text, name):
    """{labels text: value} of every sample of `name` (labels as written, without braces)."""
    found = {}
    for line in text.splitlines():
        match = re.match(rf"^{re.escape(name)}(?:\{{(.*)\}})? (\S+)$", line)
        if match:
            found[match.group(1) or ""] = float(match.group(2))
    return found


def test_metrics_are_prometheus_text_that_promtool_accepts_and_carry_no_deprecation_headers(gateway):
    assert submit(gateway, "metrics-1").status == 200
    for _ in range(3):
        assert call(gateway, "GET", "/api/v1/jobs/team-a", headers={"RA-USER": "dash-e2e"}).status == 200
    assert call(gateway, "GET", "/researcher/api/v1/jobs/team-a/metrics-1").status == 200
    assert call(gateway, "GET", "/api/v1/jobs/team-a/no-such-job").status == 404
    assert call(gateway, "GET", "/researcher/api/v1/nothing-here").status == 404

    reply, text = scrape(gateway)
    assert reply.header("Content-Type").startswith("text/plain; version=0.0.4")
    for name in DEPRECATION_HEADERS:
        assert reply.header(name) is None, f"/metrics carries {name}"
    checked = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip() == "" and checked.stderr.strip() == "", checked.stdout + checked.stderr

    requests = samples(text, "gateway_http_requests_total")
    polls = requests['route="/api/v1/jobs/{project}",method="GET",status_class="2xx"']
    assert polls >= 3
    assert requests['route="/researcher/api/v1/jobs/{project}/{job}",method="GET",status_class="2xx"'] >= 1
    assert requests['route="/api/v1/jobs/{project}/{job}",method="GET",status_class="4xx"'] >= 1
    assert not [labels for labels in requests if "team-a" in labels or "metrics-1" in labels], "a raw path became a label"

    deprecated = samples(text, "gateway_deprecated_api_requests_total")
    assert deprecated['endpoint="listProjectJobs",client="dash-e2e"'] >= 3
    assert deprecated['endpoint="submit",client="dash-e2e"'] == 1
    assert any(labels.startswith('endpoint="unknown"') for labels in deprecated)

    pushes = samples(text, "gateway_push_total")
    assert pushes['operation="apply",outcome="pushed"'] >= 1
    assert samples(text, "gateway_push_duration_seconds_count")['operation="apply",outcome="pushed"'] >= 1
    assert samples(text, "gateway_group_commit_batch_writes_count"), "group commits are recorded"
    assert samples(text, "gateway_database_size_bytes")[""] > 0
    assert samples(text, "gateway_outbox_pending_entries")[""] >= 0
    cache = samples(text, "gateway_poll_cache_requests_total")
    assert cache['result="miss"'] >= 1 and cache['result="hit"'] >= 1
    assert samples(text, "gateway_status_sync_relists_total")[""] >= 1


def test_clients_past_the_configured_cap_are_counted_as_other(start_gateway):
    gateway = start_gateway("--metrics-max-clients", "2")
    for user in ("dash-one", "dash-two", "dash-three", "dash-four"):
        assert call(gateway, "GET", "/api/v1/jobs", headers={"RA-USER": user}).status == 200
    assert call(gateway, "GET", "/api/v1/jobs", headers={"User-Agent": "curl-by-agent/8"}).status == 200
    deprecated = samples(scrape(gateway)[1], "gateway_deprecated_api_requests_total")
    clients = {re.search(r'client="([^"]*)"', labels).group(1): value for labels, value in deprecated.items()}
    assert clients == {"dash-one": 1, "dash-two": 1, "other": 3}


def test_metrics_can_require_a_bearer_token(start_gateway, tmp_path):
    secret = "e2e-metrics-scrape-token-42"
    tokens = tmp_path / "tokens.yaml"
    tokens.write_text(f"tokens:\n  - token: {secret}\n    user: prometheus\n    projects: [team-a]\n")
    gateway = start_gateway("--tokens-file", str(tokens), "--metrics-auth", "token")
    assert call(gateway, "GET", "/metrics").status == 401
    assert call(gateway, "GET", "/metrics", headers={"Authorization": "Bearer wrong-token-value"}).status == 401
    reply = call(gateway, "GET", "/metrics", headers={"Authorization": f"Bearer {secret}"})
    assert reply.status == 200 and b"gateway_build_info" in reply.body


def test_metrics_auth_token_without_tokens_is_refused_at_start(tmp_path):
    from conftest import BINARY

    result = subprocess.run(
        [str(BINARY), "serve", "--port", "0", "--metrics-auth", "token"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "--metrics-auth token needs --auth tokens or oidc" in result.stderr


def test_healthz_and_readyz_name_their_checks_without_deprecation_headers_or_token(start_gateway, tmp_path):
    tokens = tmp_path / "tokens.yaml"
    tokens.write_text("tokens:\n  - token: e2e-probe-token-0000\n    user: alice\n    projects: [team-a]\n")
    gateway = start_gateway("--tokens-file", str(tokens))
    health = call(gateway, "GET", "/healthz")
    assert health.status == 200
    assert health.json["status"] == "ok" and health.json["checks"] == {"database": "ok"}

    ready = wait_until(lambda: (reply := call(gateway, "GET", "/readyz")).status == 200 and reply, timeout=30)
    assert ready.json["status"] == "ok"
    assert ready.json["checks"] == {
        "database": "ok",
        "migrations": "complete",
        "storage": "ok",
        "cluster": "embedded",
        "status-sync": "listed",
        "shutdown": "running",
    }
    assert "failing" not in ready.json
    for reply in (health, ready):
        for name in DEPRECATION_HEADERS:
            assert reply.header(name) is None


def test_readyz_names_the_cluster_check_while_a_kubeconfig_cluster_is_unreachable(start_gateway, tmp_path):
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: gone\n"
        "clusters: [{name: gone, cluster: {server: 'http://127.0.0.1:9'}}]\n"
        "contexts: [{name: gone, context: {cluster: gone, user: u}}]\n"
        "users: [{name: u, user: {token: e2e-unreachable-cluster-token}}]\n"
    )
    gateway = start_gateway("--cluster", "kubeconfig", "--kubeconfig", str(kubeconfig))

    def unreachable():
        reply = call(gateway, "GET", "/readyz")
        return reply.status == 503 and reply.json["checks"]["cluster"] == "unreachable" and reply

    reply = wait_until(unreachable, timeout=30)
    assert reply.json["status"] == "unavailable"
    assert reply.json["failing"] == ["cluster", "status-sync"]
    assert reply.json["checks"]["status-sync"] == "listing"
    assert call(gateway, "GET", "/healthz").status == 200, "an unreachable cluster is no reason to restart"


def test_a_request_id_is_echoed_and_names_the_push_in_the_log(gateway):
    given = f"e2e-{uuid.uuid4()}"
    reply = submit(gateway, "traced-1", headers={"X-Request-Id": given})
    assert reply.status == 200
    assert reply.header("X-Request-Id") == given
    generated = call(gateway, "GET", "/api/v1/jobs").header("X-Request-Id")
    assert generated and generated != given

    def pushed_line():
        return next((line for line in gateway.log_lines if "pushed" in line and given in line), None)

    line = wait_until(pushed_line, timeout=30)
    assert "gateway.request_id=" + given in line
    assert "runai-team-a/traced-1" in line
    answered = next(line for line in gateway.log_lines if "answered" in line and given in line)
    for field in ("gateway.route=/api/v1/jobs", "gateway.method=POST", "gateway.status=200", "gateway.project=team-a", "gateway.duration_ms="):
        assert field in answered, answered


def test_json_log_format_writes_one_object_per_line_with_the_request_fields(start_gateway):
    gateway = start_gateway("--log-format", "json", "--log-level", "debug")
    given = f"e2e-json-{uuid.uuid4()}"
    assert submit(gateway, "json-1", headers={"X-Request-Id": given}).status == 200
    assert call(gateway, "GET", "/api/v1/jobs/team-a/json-1", headers={"X-Request-Id": given + "-poll"}).status == 200

    def objects():
        parsed = [json.loads(line) for line in list(gateway.log_lines)]
        return parsed if any(entry.get("hb.request.id") == given + "-poll" for entry in parsed) else None

    entries = wait_until(objects, timeout=30)
    for entry in entries:
        assert {"time", "level", "logger", "message", "source"} <= entry.keys(), entry
    poll = next(entry for entry in entries if entry.get("hb.request.id") == given + "-poll" and entry["message"] == "answered")
    assert poll["level"] == "debug"
    assert poll["gateway.route"] == "/api/v1/jobs/{project}/{job}"
    assert poll["gateway.status"] == "200" and poll["gateway.project"] == "team-a" and poll["gateway.job"] == "json-1"
    assert float(poll["gateway.duration_ms"]) >= 0
    pushed = next(entry for entry in entries if entry["message"] == "pushed" and entry.get("gateway.request_id") == given)
    assert pushed["gateway.workload"] == "runai-team-a/json-1"
    assert time.strptime(poll["time"][:19], "%Y-%m-%dT%H:%M:%S")
