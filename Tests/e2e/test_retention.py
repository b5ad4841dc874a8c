"""Retention against the real binary: a restarted gateway forgets audit rows and idempotency keys
older than `--audit-retention` days and `--idempotency-retention` hours, and the usage report,
built from daily rollups, still counts the calls it forgot."""
import sqlite3
import time

from legacy_client import call

DAY_MS = 86_400_000


def rows(database, sql):
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def wait_until(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not hold in time"
        time.sleep(0.05)


def test_a_restarted_gateway_prunes_what_is_past_its_retention_and_the_usage_report_keeps_it(start_gateway):
    first = start_gateway()
    headers = {"RA-USER": "alice"}
    for _ in range(3):
        assert call(first, "GET", "/api/v1/jobs", headers=headers).status == 200
    submit = {"job": {"name": "kept", "project": "team-a", "image": "nginx"}}
    assert call(first, "POST", "/api/v1/jobs", submit, headers={**headers, "Idempotency-Key": "k-1"}).status == 200
    wait_until(lambda: rows(first.database, "SELECT COUNT(*) FROM audit_log")[0][0] >= 4)
    usage = call(first, "GET", "/api/v1/migration/usage?client=alice").json
    calls = sum(row["calls"] for row in usage["usage"])
    assert calls == 4
    assert first.stop() == 0

    # The calls were made 100 days ago, the key stored two days ago.
    with sqlite3.connect(first.database) as connection:
        connection.execute("UPDATE audit_log SET at = at - ?", (100 * DAY_MS,))
        connection.execute("UPDATE idempotency_keys SET created_at = created_at - ?", (2 * DAY_MS,))

    second = start_gateway("--audit-retention", "90", "--idempotency-retention", "24")
    wait_until(lambda: any("pruned the audit log" in line for line in second.log_lines))
    assert rows(second.database, "SELECT COUNT(*) FROM audit_log") == [(0,)]
    assert rows(second.database, "SELECT COUNT(*) FROM idempotency_keys") == [(0,)]
    # The report still counts every call it forgot, from the rollups; the record itself is kept.
    assert call(second, "GET", "/api/v1/migration/usage?client=alice").json["usage"] == usage["usage"]
    assert call(second, "GET", "/api/v1/jobs/team-a/kept", headers=headers).status == 200
