"""A real Prometheus (Debian's `prometheus`) scrapes the real gateway on loopback; after legacy
calls by a known client, Prometheus' HTTP API has that client's deprecated-call counter and the
push latency histogram."""
import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from kubectl_support import wait_until
from legacy_client import call

CLIENT = "prometheus-e2e-dashboard"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def prometheus(tmp_path):
    """Starts Prometheus with `targets` to scrape every 200 ms; stops it after the test."""
    if shutil.which("prometheus") is None:
        pytest.fail("Debian's prometheus package is missing: scripts/setup.sh test installs it")
    started = []

    def start(target):
        port = free_port()
        config = tmp_path / "prometheus.yml"
        config.write_text(
            "global:\n  scrape_interval: 200ms\n  scrape_timeout: 150ms\n"
            "scrape_configs:\n"
            "  - job_name: inference-gateway\n"
            f"    static_configs: [{{targets: ['{target}']}}]\n"
        )
        log = open(tmp_path / "prometheus.log", "w")
        process = subprocess.Popen(
            [
                "prometheus",
                f"--config.file={config}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--web.enable-lifecycle",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        return f"http://127.0.0.1:{port}"

    yield start
    for process, log in started:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def query(base, expression):
    """The instant vector of `expression`, as [(labels, value)]; [] while Prometheus is not up."""
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expression})
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body = json.loads(response.read())
    except OSError:
        return []
    assert body["status"] == "success", body
    return [(sample["metric"], float(sample["value"][1])) for sample in body["data"]["result"]]


def test_prometheus_scrapes_the_deprecated_calls_of_a_client_and_the_push_latency(gateway, prometheus):
    base = prometheus(f"127.0.0.1:{gateway.port}")
    for index in range(3):
        job = {"name": f"scraped-{index}", "project": "team-a", "image": "nginx:1.27", "gpu": 1}
        assert call(gateway, "POST", "/api/v1/jobs", {"job": job}, {"RA-USER": CLIENT}).status == 200
    for _ in range(4):
        assert call(gateway, "GET", "/api/v1/jobs/team-a", headers={"RA-USER": CLIENT}).status == 200

    def scraped_target_is_up():
        return [value for _, value in query(base, 'up{job="inference-gateway"}')] == [1.0]

    wait_until(scraped_target_is_up, timeout=60)

    def deprecated_calls():
        found = query(base, f'gateway_deprecated_api_requests_total{{client="{CLIENT}"}}')
        by_endpoint = {labels["endpoint"]: value for labels, value in found}
        return by_endpoint if by_endpoint.get("submit") == 3 and by_endpoint.get("listProjectJobs") == 4 else None

    by_endpoint = wait_until(deprecated_calls, timeout=60)
    assert set(by_endpoint) == {"submit", "listProjectJobs"}

    def push_latency():
        counts = query(base, 'gateway_push_duration_seconds_count{operation="apply",outcome="pushed"}')
        return counts if counts and counts[0][1] >= 3 else None

    wait_until(push_latency, timeout=60)
    buckets = query(base, 'gateway_push_duration_seconds_bucket{operation="apply",outcome="pushed"}')
    assert {labels["le"] for labels, _ in buckets} >= {"0.001", "0.1", "1.0", "+Inf"}
    infinite = next(value for labels, value in buckets if labels["le"] == "+Inf")
    assert infinite >= 3
    quantile = query(base, "histogram_quantile(0.5, sum by (le) (gateway_push_duration_seconds_bucket))")
    assert quantile and quantile[0][1] > 0
