"""SIGTERM and SIGINT against the real binary with requests in flight: readiness turns false
while the listener still serves, the listener then stops accepting, every request already
received is answered (no reset), the process exits 0 within its deadline with the database
checkpointed, and everything acknowledged is there after a restart."""
import json
import signal
import socket
import time

import pytest

from conftest import Gateway
from legacy_client import call


def eventually(condition, timeout=30, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class SlowSubmit:
    """A legacy submit whose body is sent in two halves: in flight between them."""

    def __init__(self, gateway, name):
        self.name = name
        self.body = json.dumps({"job": {"name": name, "project": "team-a", "image": "nginx:1.27", "gpu": 1}}).encode()
        self.socket = socket.create_connection(("127.0.0.1", gateway.port), timeout=30)
        head = (
            f"POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nRA-USER: john\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(self.body)}\r\n\r\n"
        ).encode()
        self.socket.sendall(head + self.body[: len(self.body) // 2])

    def finish(self):
        """Sends the rest; the status and body of the answer (a reset raises)."""
        self.socket.sendall(self.body[len(self.body) // 2:])
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = self.socket.recv(65536)
            assert chunk, f"{self.name}: the connection closed without an answer"
            answer += chunk
        head, _, rest = answer.partition(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        while len(rest) < length:
            rest += self.socket.recv(65536)
        self.socket.close()
        return int(head.split(b" ")[1]), json.loads(rest[:length])


class KeptAlivePoller:
    """A legacy client polling a job over one kept-alive connection."""

    def __init__(self, gateway):
        self.socket = socket.create_connection(("127.0.0.1", gateway.port), timeout=30)
        self.buffer = b""

    def poll(self, path="/api/v1/jobs/team-a/before-0"):
        self.socket.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nRA-USER: john\r\n\r\n".encode())
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.socket.recv(65536)
            assert chunk, "the connection closed without an answer"
            self.buffer += chunk
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        while len(rest) < length:
            rest += self.socket.recv(65536)
        self.buffer = rest[length:]
        return int(head.split(b" ")[1])

    def closed_cleanly(self):
        """Waits for the server to close the idle connection: an orderly end of stream, not a reset."""
        return self.socket.recv(65536) == b""


def accepts_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def readiness(gateway):
    reply = call(gateway, "GET", "/readyz")
    return reply.status, reply.json


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_requests_in_flight_at_a_shutdown_are_answered_and_nothing_acknowledged_is_lost(tmp_path, sig):
    args = ["--controller-delay", "0.2", "--shutdown-drain", "1", "--shutdown-timeout", "20"]
    gateway = Gateway(tmp_path, args=args)
    try:
        eventually(lambda: readiness(gateway)[0] == 200, what="the gateway to be ready")
        acknowledged = [f"before-{i}" for i in range(10)]
        for name in acknowledged:
            assert call(gateway, "POST", "/api/v1/jobs", {"job": {"name": name, "project": "team-a", "image": "nginx"}},
                        headers={"RA-USER": "john"}).status == 200
        in_flight = [SlowSubmit(gateway, f"in-flight-{i}") for i in range(8)]
        poller = KeptAlivePoller(gateway)
        assert poller.poll() == 200
        # Every slow submit is received before the signal: its head and half its body are in.
        eventually(lambda: call(gateway, "GET", "/healthz").status == 200, what="the gateway to answer")

        started = time.monotonic()
        gateway.process.send_signal(sig)

        # Readiness turns false first, while the listener still takes new requests.
        status, body = eventually(lambda: (r := readiness(gateway))[0] == 503 and r, what="readiness to turn false")
        assert body["checks"]["shutdown"] == "shutting-down"
        assert call(gateway, "GET", "/healthz").status == 200, "the listener still serves while draining"
        assert poller.poll() == 200, "a kept-alive poller is still answered while draining"

        # Then the listener stops accepting; the requests already in flight are still open.
        eventually(lambda: not accepts_connections(gateway.port), what="the listener to close")
        assert gateway.process.poll() is None, "the gateway waits for its requests in flight"
        assert poller.closed_cleanly(), "the idle kept-alive connection is closed, not reset"

        for submit in in_flight:
            assert submit.finish() == (200, {"name": submit.name}), submit.name
        acknowledged += [submit.name for submit in in_flight]

        assert gateway.process.wait(timeout=30) == 0
        assert time.monotonic() - started < 20, "within the shutdown deadline"
        log = "".join(gateway.log_lines)
        assert "database checkpointed and closed" in log
        wal = gateway.database.with_name("gateway.sqlite-wal")
        assert not wal.exists() or wal.stat().st_size == 0, "the write-ahead log was checkpointed into the file"
    finally:
        gateway.stop()

    restarted = Gateway(tmp_path, args=["--controller-delay", "0.2"])
    try:
        for name in acknowledged:
            reply = call(restarted, "GET", f"/api/v1/jobs/team-a/{name}")
            assert reply.status == 200 and reply.json["data"][0]["name"] == name, name
        # And each reaches the cluster: a push cut short by the shutdown is finished after it.
        eventually(lambda: all(call(restarted, "GET", f"/api/v1/jobs/team-a/{name}").json["data"][0]["status"] == "Running"
                               for name in acknowledged), timeout=60, what="every acknowledged job to run")
    finally:
        assert restarted.stop() == 0


def test_a_shutdown_that_outlasts_its_deadline_is_cut_short(tmp_path):
    gateway = Gateway(tmp_path, args=["--shutdown-timeout", "1"])
    try:
        stuck = SlowSubmit(gateway, "never-finished")
        started = time.monotonic()
        gateway.process.send_signal(signal.SIGTERM)
        gateway.process.wait(timeout=20)
        assert time.monotonic() - started < 10, "the deadline ends the wait for a request that never completes"
        stuck.socket.close()
    finally:
        gateway.stop()
