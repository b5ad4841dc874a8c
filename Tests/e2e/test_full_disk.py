"""A full disk, for real: the gateway's database on a small tmpfs that a filler file leaves no
room on. Legacy writes answer 507 with the legacy body and the deprecation signals, nothing is
half-written, /readyz turns 503 naming storage, the log says so once; once the filler is gone a
submit succeeds and /readyz is 200 again."""
import errno
import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from legacy_client import call, load_openapi, validate

STORAGE_FULL_LINE = "storage is full: writes are refused until space is freed"
RECOVERED_LINE = "storage accepts writes again"
PAD = "x" * 32 * 1024


@pytest.fixture
def small_disk():
    """A 16 MiB tmpfs mounted in a fresh directory, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root); run as root to test a real full disk")
    directory = Path(tempfile.mkdtemp(prefix="gateway-full-disk-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(directory)], check=True)
    try:
        yield directory
    finally:
        subprocess.run(["umount", str(directory)], check=False)
        if os.path.ismount(directory):
            subprocess.run(["umount", "-l", str(directory)], check=False)
        os.rmdir(directory)


def fill(directory: Path, leave: int) -> Path:
    """Writes one file until the file system refuses more, then gives back `leave` bytes."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for chunk in (1 << 20, 4096):
            try:
                while True:
                    handle.write(b"\0" * chunk)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
    os.truncate(filler, max(filler.stat().st_size - leave, 0))
    assert os.statvfs(directory).f_bavail * os.statvfs(directory).f_frsize <= leave + 4096
    return filler


def submit(gateway, name):
    body = {"job": {"name": name, "project": "team-a", "image": "nginx", "environment": {"PAD": PAD}}}
    return call(gateway, "POST", "/api/v1/jobs", body)


def readiness(gateway):
    reply = call(gateway, "GET", "/readyz")
    return reply.status, json.loads(reply.body), reply


def log_lines(gateway, text):
    return [line for line in gateway.log_lines if text in line]


def test_a_full_disk_is_a_507_readiness_follows_and_it_is_logged_once(small_disk, start_gateway):
    gateway = start_gateway("--database", str(small_disk / "gateway.sqlite"), "--submit-wait", "0")
    assert submit(gateway, "before").status == 200
    status, body, _ = readiness(gateway)
    assert status == 200 and body["status"] == "ok" and body["checks"]["storage"] == "ok", body

    filler = fill(small_disk, leave=8 * 1024)
    accepted, refused = ["before"], []
    for index in range(200):
        reply = submit(gateway, f"job-{index}")
        if reply.status == 200:
            assert not refused, "a submit succeeded on the full disk after one was refused"
            accepted.append(f"job-{index}")
            continue
        assert reply.status == 507, reply.body
        refused.append(f"job-{index}")
        body = reply.json
        validate(load_openapi(), "Error", body)
        assert body["status"] == 507 and body["message"] == "storage is full", body
        assert "nothing of this request was written" in body["details"], body
        assert reply.header("Retry-After") == "30"
        assert re.fullmatch(r"@\d+", reply.header("Deprecation") or ""), reply.headers
        assert any('rel="successor-version"' in link for link in reply.header_values("Link"))
        if len(refused) == 5:
            break
    assert len(refused) == 5, "the disk never filled up"

    # Nothing half-written: the refused jobs are nowhere, the accepted ones all there.
    for name in refused:
        assert call(gateway, "GET", f"/api/v1/jobs/team-a/{name}").status == 404
    listed = [job["name"] for job in call(gateway, "GET", "/api/v1/jobs/team-a").json["data"]]
    assert sorted(listed) == sorted(accepted)

    status, body, reply = readiness(gateway)
    assert (status, body["status"], body["checks"]["storage"], body["failing"]) == (503, "unavailable", "full", ["storage"]), body
    assert reply.header("Deprecation") is None
    assert call(gateway, "GET", "/healthz").status == 200, "liveness stays ok"
    assert len(log_lines(gateway, STORAGE_FULL_LINE)) == 1, "".join(gateway.log_lines[-30:])
    assert " error " not in "".join(line for line in gateway.log_lines if STORAGE_FULL_LINE not in line)

    filler.unlink()
    assert submit(gateway, "after").status == 200
    deadline = time.monotonic() + 5
    while readiness(gateway)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    status, body, _ = readiness(gateway)
    assert status == 200 and body["status"] == "ok" and body["checks"]["storage"] == "ok", body
    assert call(gateway, "GET", "/api/v1/jobs/team-a/after").status == 200
    assert len(log_lines(gateway, STORAGE_FULL_LINE)) == 1
    assert len(log_lines(gateway, RECOVERED_LINE)) == 1
    assert " info " in log_lines(gateway, RECOVERED_LINE)[0]
