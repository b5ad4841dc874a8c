"""Helpers for running kubectl, the real binary, against the gateway's embedded Kubernetes API.

`/usr/bin/kubectl` is the gcloud dispatcher: it reads the server's `/version` and runs the
matching kubectl (1.32 here). Each test gets its own gateway, kubeconfig and discovery cache.
"""
import json
import os
import queue
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
import yaml

KUBECTL = "/usr/bin/kubectl"
NAMESPACE = "ns1"


def workload(name, image="nginx:1.27", min_scale=1, finalizers=None):
    metadata = {"name": name, "namespace": NAMESPACE}
    if finalizers:
        metadata["finalizers"] = finalizers
    return {
        "apiVersion": "run.ai/v2alpha1",
        "kind": "InferenceWorkload",
        "metadata": metadata,
        "spec": {"image": {"value": image}, "minScale": {"value": min_scale}},
    }


class Kubectl:
    """Runs kubectl against one gateway with a private kubeconfig and discovery cache."""

    def __init__(self, gateway, workdir, server=None, token=None, ca=None, namespace=NAMESPACE, name="kubeconfig"):
        self.gateway = gateway
        self.workdir = workdir
        cluster = {"server": server or gateway.url}
        if ca:
            cluster["certificate-authority"] = str(ca)
        kubeconfig = workdir / name
        kubeconfig.write_text(yaml.safe_dump({
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "embedded", "cluster": cluster}],
            "users": [{"name": "developer", "user": {"token": token} if token else {}}],
            "contexts": [{"name": "embedded", "context": {"cluster": "embedded", "user": "developer", "namespace": namespace}}],
            "current-context": "embedded",
        }))
        self.cache = workdir / f"{name}-cache"
        self.env = dict(os.environ, KUBECONFIG=str(kubeconfig), HOME=str(workdir))

    def command(self, *args):
        return [KUBECTL, "--cache-dir", str(self.cache), *args]

    def run(self, *args, stdin=None, timeout=60):
        return subprocess.run(self.command(*args), input=stdin, capture_output=True, text=True, env=self.env, timeout=timeout)

    def ok(self, *args, stdin=None, timeout=60):
        result = self.run(*args, stdin=stdin, timeout=timeout)
        assert result.returncode == 0, f"kubectl {' '.join(args)} failed ({result.returncode}):\n{result.stderr}"
        return result.stdout

    def get_json(self, *args):
        return json.loads(self.ok("get", *args, "-o", "json"))

    def start(self, *args):
        return subprocess.Popen(self.command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env)

    def write(self, name, document):
        path = self.workdir / name
        path.write_text(yaml.safe_dump(document))
        return str(path)

    def http_get(self, path):
        try:
            with urllib.request.urlopen(self.gateway.url + path, timeout=10) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)


class LineReader:
    """Collects a subprocess's output lines on a thread, so a test can wait for one with a deadline."""

    def __init__(self, stream):
        self.lines = queue.Queue()
        self.seen = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream):
        for line in stream:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if predicate(line):
                return line
        raise AssertionError("expected output did not arrive; seen so far:\n" + "\n".join(self.seen))


def wait_until(condition, timeout=30, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("the condition did not hold in time")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_tls_proxy(directory, upstream_port):
    """nginx terminating TLS (a throwaway CA) in front of the gateway; returns (url, CA file, process)."""
    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=gateway-test-ca")
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    (directory / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.crt", "-days", "1", "-extfile", "san.ext")
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""
    temp = " ".join(f"{kind}_temp_path {directory}/{kind};" for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
    (directory / "nginx.conf").write_text(f"""
{user}
daemon off; worker_processes 1; pid {directory}/nginx.pid; error_log {directory}/error.log;
events {{}}
http {{
  access_log off; {temp}
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {directory}/server.crt; ssl_certificate_key {directory}/server.key;
    location / {{
      proxy_pass http://127.0.0.1:{upstream_port}; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_buffering off; proxy_read_timeout 1h;
    }}
  }}
}}
""")
    process = subprocess.Popen(["nginx", "-p", str(directory), "-c", str(directory / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def listening():
        assert process.poll() is None, "nginx exited: " + process.stderr.read()
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    wait_until(listening, timeout=15)
    return f"https://127.0.0.1:{port}", directory / "ca.crt", process


@pytest.fixture
def kubectl(start_gateway, tmp_path):
    assert os.access(KUBECTL, os.X_OK), f"{KUBECTL} is missing: the kubectl tests need it (google-cloud-cli-kubectl)"
    return Kubectl(start_gateway(), tmp_path)
