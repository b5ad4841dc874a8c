"""End-to-end fixtures: the real `inference-gateway` binary on loopback, with real peers."""
import os
import re
import signal
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("INFERENCE_GATEWAY_BINARY", ROOT / ".build" / "debug" / "inference-gateway"))


class Gateway:
    """A running gateway process: its base URL, its working directory and its log."""

    def __init__(self, workdir: Path, args=(), env=None):
        self.workdir = workdir
        self.log_lines = []
        environment = dict(os.environ)
        environment.update(env or {})
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--port", "0", *args],
            cwd=workdir,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        listening = threading.Event()
        self.port = None

        def pump():
            for line in self.process.stderr:
                self.log_lines.append(line)
                match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
                if match and self.port is None:
                    self.port = int(match.group(1))
                    listening.set()
            listening.set()

        threading.Thread(target=pump, daemon=True).start()
        listening.wait(timeout=60)
        if self.port is None:
            self.stop()
            raise RuntimeError("the gateway did not start:\n" + "".join(self.log_lines))
        self.url = f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.workdir / "data" / "gateway.sqlite"

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def start_gateway(tmp_path):
    """Starts gateways in a fresh working directory; all are stopped after the test."""
    started = []

    def start(*args, env=None, workdir=None):
        gateway = Gateway(workdir or tmp_path, args=args, env=env)
        started.append(gateway)
        return gateway

    yield start
    for gateway in started:
        gateway.stop()


@pytest.fixture
def gateway(start_gateway):
    """One gateway with the embedded defaults, in a fresh working directory."""
    return start_gateway()
