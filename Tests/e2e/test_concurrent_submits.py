"""Bursts of concurrent submits, as a busy integration sends them: every one is acknowledged,
the gateway stays up, and every acknowledged job is listed."""
import concurrent.futures

from test_push_and_sync import request


def test_bursts_of_concurrent_submits_are_all_acknowledged_and_listed(gateway):
    def submit(i):
        job = {"name": f"burst-{i}", "project": "team-a", "image": "nginx:1.27", "gpu": 1}
        return request("POST", gateway.url + "/api/v1/jobs", {"job": job}, {"RA-USER": "john"})[0]

    for burst in range(3):
        with concurrent.futures.ThreadPoolExecutor(64) as pool:
            statuses = list(pool.map(submit, range(burst * 150, (burst + 1) * 150)))
        assert statuses == [200] * 150, f"burst {burst}: {sorted(set(statuses))}"
        assert gateway.process.poll() is None, "the gateway is still running"

    status, body = request("GET", gateway.url + "/api/v1/jobs/team-a")
    assert status == 200
    assert {job["name"] for job in body["data"]} == {f"burst-{i}" for i in range(450)}
