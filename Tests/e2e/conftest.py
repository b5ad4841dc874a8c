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

# Every log line of every gateway this run started, and every token, key and password the tests
# handed a gateway (files it read, Authorization headers sent to it): test_zz_log_secrecy.py checks
# that none of the second appears in the first.
RUN_LOG = []
SECRETS = set()
SECRET_KEYS = {"token", "password", "client-key-data", "secret", "client_secret", "key"}
SECRET_FILE_FLAGS = {"--tokens-file", "--kubeconfig"}
SECRET_FILE_VARIABLES = {"GATEWAY_TOKENS_FILE", "GATEWAY_KUBECONFIG", "KUBECONFIG"}


def remember_secret(value):
    """Adds a value that must never reach a log line (short values are too likely to occur by chance)."""
    if isinstance(value, str) and len(value) >= 8:
        SECRETS.add(value)


def remember_secrets_of_file(path):
    """Adds the tokens, keys and passwords of a YAML or JSON file the gateway is given."""
    import yaml

    try:
        document = yaml.safe_load(Path(path).read_text())
    except (OSError, yaml.YAMLError):
        return

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and key.lower() in SECRET_KEYS:
                    remember_secret(value if isinstance(value, str) else None)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)


class Gateway:
    """A running gateway process: its base URL, its working directory and its log."""

    def __init__(self, workdir: Path, args=(), env=None):
        self.workdir = workdir
        self.log_lines = []
        environment = dict(os.environ)
        # The whole run logs at debug unless a test asks otherwise, so the secrecy check sees every line.
        environment.setdefault("GATEWAY_LOG_LEVEL", "debug")
        environment.update(env or {})
        for flag, value in zip(args, list(args)[1:]):
            if flag in SECRET_FILE_FLAGS:
                remember_secrets_of_file(value)
        for variable in SECRET_FILE_VARIABLES:
            if environment.get(variable):
                remember_secrets_of_file(environment[variable])
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
                RUN_LOG.append(line)
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
