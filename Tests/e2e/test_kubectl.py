"""kubectl, the real binary, against the gateway's embedded Kubernetes API.

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


@pytest.fixture
def kubectl(start_gateway, tmp_path):
    assert os.access(KUBECTL, os.X_OK), f"{KUBECTL} is missing: the kubectl tests need it (google-cloud-cli-kubectl)"
    return Kubectl(start_gateway(), tmp_path)


def test_kubectl_talks_to_the_embedded_cluster_as_kubernetes_1_32(kubectl):
    version = json.loads(kubectl.ok("version", "-o", "json"))
    assert version["serverVersion"]["minor"] == "32"
    assert version["clientVersion"]["minor"].startswith("32")


def test_kubectl_apply_creates_then_changes_then_reports_unchanged(kubectl):
    manifest = kubectl.write("iw.yaml", workload("demo"))
    assert kubectl.ok("apply", "-f", manifest).strip() == "inferenceworkload.run.ai/demo created"

    created = kubectl.get_json("inferenceworkloads", "demo")
    assert created["kind"] == "InferenceWorkload"
    assert created["metadata"]["generation"] == 1
    assert created["metadata"]["uid"]
    assert "kubectl.kubernetes.io/last-applied-configuration" in created["metadata"]["annotations"]

    kubectl.write("iw.yaml", workload("demo", min_scale=2))
    assert kubectl.ok("apply", "-f", manifest).strip() == "inferenceworkload.run.ai/demo configured"
    changed = kubectl.get_json("iw", "demo")
    assert changed["spec"]["minScale"]["value"] == 2
    assert changed["metadata"]["generation"] == 2

    assert kubectl.ok("apply", "-f", manifest).strip() == "inferenceworkload.run.ai/demo unchanged"
    assert kubectl.get_json("iw", "demo")["metadata"]["generation"] == 2


def test_kubectl_get_lists_as_json_and_prints_a_table_with_ages(kubectl):
    kubectl.ok("create", "-f", kubectl.write("a.yaml", workload("alpha")))
    other = workload("beta")
    other["metadata"]["namespace"] = "ns2"
    kubectl.ok("create", "-f", kubectl.write("b.yaml", other))

    listed = kubectl.get_json("iw")
    assert [item["metadata"]["name"] for item in listed["items"]] == ["alpha"]

    everywhere = kubectl.get_json("iw", "--all-namespaces")
    assert sorted((i["metadata"]["namespace"], i["metadata"]["name"]) for i in everywhere["items"]) == [("ns1", "alpha"), ("ns2", "beta")]

    table = kubectl.ok("get", "iw", "-A").splitlines()
    assert table[0].split() == ["NAMESPACE", "NAME", "STATUS", "AGE"]
    rows = sorted(line.split() for line in table[1:])
    assert [row[:2] for row in rows] == [["ns1", "alpha"], ["ns2", "beta"]]
    assert all(row[-1].endswith("s") for row in rows), rows


def test_kubectl_server_side_apply_creates_and_updates(kubectl):
    manifest = kubectl.write("iw.yaml", workload("ssa"))
    assert kubectl.ok("apply", "--server-side", "-f", manifest).strip() == "inferenceworkload.run.ai/ssa serverside-applied"
    created = kubectl.get_json("iw", "ssa", "--show-managed-fields")
    assert created["spec"]["image"]["value"] == "nginx:1.27"
    assert "kubectl" in [entry["manager"] for entry in created["metadata"].get("managedFields", [])]

    kubectl.write("iw.yaml", workload("ssa", image="nginx:1.28"))
    assert kubectl.ok("apply", "--server-side", "--force-conflicts", "-f", manifest).strip() == "inferenceworkload.run.ai/ssa serverside-applied"
    assert kubectl.get_json("iw", "ssa")["spec"]["image"]["value"] == "nginx:1.28"


def test_kubectl_patches_with_merge_json_patch_and_the_status_subresource(kubectl):
    kubectl.ok("create", "-f", kubectl.write("iw.yaml", workload("demo")))

    out = kubectl.ok("patch", "iw", "demo", "--type=merge", "-p", '{"spec":{"minScale":{"value":3}}}')
    assert out.strip() == "inferenceworkload.run.ai/demo patched"
    assert kubectl.get_json("iw", "demo")["spec"]["minScale"]["value"] == 3

    out = kubectl.ok("patch", "iw", "demo", "--type=json", "-p", '[{"op":"add","path":"/metadata/labels","value":{"tier":"gold"}}]')
    assert out.strip() == "inferenceworkload.run.ai/demo patched"
    assert kubectl.get_json("iw", "-l", "tier=gold")["items"][0]["metadata"]["name"] == "demo"

    kubectl.ok("patch", "iw", "demo", "--subresource=status", "--type=merge", "-p", '{"status":{"phase":"Testing"}}')
    patched = kubectl.get_json("iw", "demo")
    assert patched["status"]["phase"] == "Testing"
    assert patched["spec"]["minScale"]["value"] == 3

    refused = kubectl.run("patch", "iw", "demo", "-p", '{"spec":{}}')
    assert refused.returncode == 1
    assert "UnsupportedMediaType" in refused.stderr or "unknown format" in refused.stderr


def test_kubectl_server_side_dry_run_is_refused_clearly_and_writes_nothing(kubectl):
    refused = kubectl.run("apply", "--dry-run=server", "-f", kubectl.write("iw.yaml", workload("dry")))
    assert refused.returncode == 1
    assert "dryRun=All is not supported by the embedded cluster" in refused.stderr
    assert kubectl.run("get", "iw", "dry").returncode == 1


def test_kubectl_create_twice_says_already_exists(kubectl):
    manifest = kubectl.write("iw.yaml", workload("demo"))
    assert kubectl.ok("create", "-f", manifest).strip() == "inferenceworkload.run.ai/demo created"
    again = kubectl.run("create", "-f", manifest)
    assert again.returncode == 1
    assert 'Error from server (AlreadyExists)' in again.stderr
    assert 'inferenceworkloads.run.ai "demo" already exists' in again.stderr


def test_kubectl_deletes_a_workload_and_then_cannot_find_it(kubectl):
    kubectl.ok("create", "-f", kubectl.write("iw.yaml", workload("demo")))
    assert kubectl.ok("delete", "iw", "demo").strip() == 'inferenceworkload.run.ai "demo" deleted'
    missing = kubectl.run("get", "iw", "demo")
    assert missing.returncode == 1
    assert 'Error from server (NotFound): inferenceworkloads.run.ai "demo" not found' in missing.stderr


@pytest.mark.parametrize("watch_list", [False, True], ids=["list-then-watch", "watch-list"])
def test_kubectl_delete_waits_for_finalizers_then_returns_when_they_are_removed(kubectl, watch_list):
    if watch_list:
        # kubectl's streaming-list mode: one watch with sendInitialEvents=true instead of a LIST then a WATCH.
        kubectl.env["KUBE_FEATURE_WatchListClient"] = "true"
    kubectl.ok("create", "-f", kubectl.write("iw.yaml", workload("held", finalizers=["example.com/hold"])))
    deleting = kubectl.start("delete", "iw", "held", "--timeout=60s", "-v=6")
    try:
        path = f"/apis/run.ai/v2alpha1/namespaces/{NAMESPACE}/inferenceworkloads/held"
        terminating = wait_until(lambda: (lambda s, o: o if s == 200 and o["metadata"].get("deletionTimestamp") else None)(*kubectl.http_get(path)))
        assert "example.com/hold" in terminating["metadata"]["finalizers"]
        assert deleting.poll() is None, "kubectl delete returned while the finalizer still held the object"

        kubectl.ok("patch", "iw", "held", "--type=json", "-p", '[{"op":"remove","path":"/metadata/finalizers"}]')
        out, err = deleting.communicate(timeout=30)
        assert deleting.returncode == 0, err
        assert out.strip() == 'inferenceworkload.run.ai "held" deleted'
        watches = [line for line in err.splitlines() if "watch=true" in line]
        assert watches, err
        assert all(("sendInitialEvents=true" in line) == watch_list for line in watches), watches
        assert kubectl.http_get(path)[0] == 404
    finally:
        if deleting.poll() is None:
            deleting.kill()
            deleting.wait()


def test_kubectl_get_watch_sees_added_modified_and_deleted(kubectl):
    watcher = kubectl.start("get", "iw", "--watch", "--output-watch-events")
    try:
        reader = LineReader(watcher.stdout)
        kubectl.ok("create", "-f", kubectl.write("iw.yaml", workload("watched")))
        reader.wait_for(lambda line: line.split()[:2] == ["ADDED", "watched"])

        kubectl.ok("patch", "iw", "watched", "--type=merge", "-p", '{"spec":{"minScale":{"value":2}}}')
        reader.wait_for(lambda line: line.split()[:2] == ["MODIFIED", "watched"])

        kubectl.ok("delete", "iw", "watched")
        reader.wait_for(lambda line: line.split()[:2] == ["DELETED", "watched"])
        assert watcher.poll() is None, "the watch ended early"
    finally:
        watcher.kill()
        watcher.wait()


def test_kubectl_reads_the_same_workloads_through_the_older_v1alpha1_version(kubectl):
    kubectl.ok("create", "-f", kubectl.write("iw.yaml", workload("demo")))
    old = kubectl.get_json("inferenceworkloads.v1alpha1.run.ai", "demo")
    assert old["apiVersion"] == "run.ai/v1alpha1"
    assert old["spec"]["image"]["value"] == "nginx:1.27"


def test_the_gateway_stops_promptly_on_sigterm_while_kubectl_watches(kubectl):
    watcher = kubectl.start("get", "iw", "--watch", "--output-watch-events")
    try:
        reader = LineReader(watcher.stdout)
        kubectl.ok("create", "-f", kubectl.write("iw.yaml", workload("watched")))
        reader.wait_for(lambda line: line.split()[:2] == ["ADDED", "watched"])
        started = time.monotonic()
        assert kubectl.gateway.stop() == 0
        assert time.monotonic() - started < 10, "an open watch held up the shutdown"
    finally:
        watcher.kill()
        watcher.wait()


def test_kubectl_finds_no_embedded_cluster_when_the_gateway_uses_a_real_one(start_gateway, tmp_path):
    # A "real" cluster nobody listens for: the gateway pushes there (and retries), serving no Kubernetes paths itself.
    elsewhere = tmp_path / "real-cluster.kubeconfig"
    elsewhere.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "real",
        "clusters": [{"name": "real", "cluster": {"server": "http://127.0.0.1:9"}}],
        "users": [{"name": "someone", "user": {}}],
        "contexts": [{"name": "real", "context": {"cluster": "real", "user": "someone"}}],
    }))
    gateway = start_gateway("--cluster", "kubeconfig", env={"KUBECONFIG": str(elsewhere)})
    result = Kubectl(gateway, tmp_path).run("get", "iw")
    assert result.returncode == 1
    assert "inferenceworkloads" not in result.stdout
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(gateway.url + "/apis/run.ai/v2alpha1/namespaces/ns1/inferenceworkloads", timeout=10)
    assert missing.value.code == 404


def test_the_simulated_controller_starts_workloads_and_kubectl_shows_their_status(start_gateway, tmp_path):
    kubectl = Kubectl(start_gateway("--controller-delay", "0.2"), tmp_path)
    kubectl.ok("create", "-f", kubectl.write("iw.yaml", workload("starts")))
    waited = kubectl.ok("wait", "--for=jsonpath={.status.phase}=Running", "iw/starts", "--timeout=30s")
    assert waited.strip() == "inferenceworkload.run.ai/starts condition met"
    running = kubectl.get_json("iw", "starts")
    assert running["metadata"]["annotations"]["runai-calculated-status"] == "Running"
    assert running["status"]["readyReplicas"] == 1
    assert running["metadata"]["generation"] == 1
    row = kubectl.ok("get", "iw", "starts", "--no-headers").split()
    assert row[:2] == ["starts", "Running"]


def test_the_simulated_controller_fails_the_configured_share_of_workloads(start_gateway, tmp_path):
    kubectl = Kubectl(start_gateway("--controller-delay", "0", "--controller-failure-share", "1"), tmp_path)
    kubectl.ok("create", "-f", kubectl.write("iw.yaml", workload("doomed")))
    wait_until(lambda: kubectl.get_json("iw", "doomed")["metadata"].get("annotations", {}).get("runai-calculated-status") == "ImagePullBackOff")
    assert kubectl.ok("get", "iw", "doomed", "--no-headers").split()[:2] == ["doomed", "ImagePullBackOff"]


def test_workloads_survive_a_gateway_restart(start_gateway, tmp_path):
    first = start_gateway("--controller-delay", "600", workdir=tmp_path)
    kubectl = Kubectl(first, tmp_path)
    kubectl.ok("create", "-f", kubectl.write("iw.yaml", workload("durable")))
    before = kubectl.get_json("iw", "durable")
    assert first.stop() == 0

    second = start_gateway("--controller-delay", "0", workdir=tmp_path)
    kubectl = Kubectl(second, tmp_path)
    after = kubectl.get_json("iw", "durable")
    assert after["metadata"]["uid"] == before["metadata"]["uid"]
    assert int(after["metadata"]["resourceVersion"]) >= int(before["metadata"]["resourceVersion"])
    wait_until(lambda: kubectl.get_json("iw", "durable")["metadata"].get("annotations", {}).get("runai-calculated-status") == "Running")


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


def test_kubectl_with_a_bearer_token_over_tls_is_confined_to_its_projects_namespaces(start_gateway, tmp_path):
    tokens = tmp_path / "tokens.yaml"
    tokens.write_text(yaml.safe_dump({"tokens": [{"token": "alice-secret", "user": "alice", "projects": ["team-a"]}]}))
    gateway = start_gateway("--auth", "tokens", "--tokens-file", str(tokens))
    tls = tmp_path / "tls"
    tls.mkdir()
    # kubectl sends tokens only to https:// servers, so the test puts TLS in front as an operator would.
    url, ca, proxy = start_tls_proxy(tls, gateway.port)
    try:
        alice = Kubectl(gateway, tmp_path, server=url, ca=ca, token="alice-secret", namespace="runai-team-a", name="alice")
        assert alice.ok("create", "-f", alice.write("iw.yaml", workload("mine") | {"metadata": {"name": "mine"}})).strip() == \
            "inferenceworkload.run.ai/mine created"
        assert [i["metadata"]["name"] for i in alice.get_json("iw")["items"]] == ["mine"]

        elsewhere = alice.run("get", "iw", "-n", "runai-team-b")
        assert elsewhere.returncode == 1
        assert ('Error from server (Forbidden): inferenceworkloads.run.ai is forbidden: User "alice" cannot list resource '
                '"inferenceworkloads" in API group "run.ai" in the namespace "runai-team-b"') in elsewhere.stderr

        stranger = Kubectl(gateway, tmp_path, server=url, ca=ca, token="guessed", namespace="runai-team-a", name="stranger")
        refused = stranger.run("get", "iw")
        assert refused.returncode == 1
        assert "error: You must be logged in to the server" in refused.stderr
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
