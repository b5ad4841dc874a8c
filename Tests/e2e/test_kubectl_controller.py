"""kubectl against the embedded cluster's simulated controller, its persistence, its shutdown and its modes."""
import json
import time
import urllib.error
import urllib.request

import pytest
import yaml

from kubectl_support import Kubectl, LineReader, kubectl, wait_until, workload  # noqa: F401 (fixture)


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


def test_kubectl_reaches_the_real_cluster_not_an_embedded_one_when_the_gateway_uses_a_real_one(start_gateway, tmp_path):
    # A "real" cluster nobody listens for: the gateway passes Kubernetes paths there and says it is unreachable.
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
    assert missing.value.code == 502
    assert json.loads(missing.value.read())["kind"] == "Status"


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
