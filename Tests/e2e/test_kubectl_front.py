"""kubectl, the real binary, against a gateway in front of a cluster (`--cluster kubeconfig`): a second
gateway in embedded mode plays the cluster. The front serves the legacy runai-scheduler Deployments
from its records and pushes their InferenceWorkloads with its own credentials; every other
Kubernetes request reaches the cluster with the caller's own token, streams included."""
import json
import urllib.error
import urllib.request

import pytest
import yaml

from kubectl_support import Kubectl, LineReader, start_tls_proxy, wait_until
from test_kubectl_deployments import deployment, service

NAMESPACE = "runai-team-a"
IW = "/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads"
CALLER_TOKEN = "caller-token-4a1c"
FRONT_TOKEN = "front-token-9e2b"


def call(method, url, token=None, body=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def inference_workload(name):
    return {
        "apiVersion": "run.ai/v2alpha1",
        "kind": "InferenceWorkload",
        "metadata": {"name": name, "namespace": NAMESPACE},
        "spec": {"image": {"value": "nginx:1.27"}, "minScale": {"value": 1}},
    }


@pytest.fixture
def clusters(start_gateway, tmp_path):
    """(cluster, front, kubectl of the caller against the front)."""
    cluster_dir, front_dir = tmp_path / "cluster", tmp_path / "front"
    cluster_dir.mkdir()
    front_dir.mkdir()
    (cluster_dir / "tokens.yaml").write_text(yaml.safe_dump({"tokens": [
        {"token": CALLER_TOKEN, "user": "alice", "projects": ["*"]},
        {"token": FRONT_TOKEN, "user": "gateway-front", "projects": ["*"]},
    ]}))
    cluster = start_gateway("--auth", "tokens", "--tokens-file", "tokens.yaml", "--controller-delay", "0.2",
                            workdir=cluster_dir)
    (front_dir / "kubeconfig").write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "c",
        "clusters": [{"name": "c", "cluster": {"server": cluster.url}}],
        "users": [{"name": "u", "user": {"token": FRONT_TOKEN}}],
        "contexts": [{"name": "c", "context": {"cluster": "c", "user": "u"}}],
    }))
    front = start_gateway("--cluster", "kubeconfig", "--kubeconfig", "kubeconfig", "--submit-wait", "10",
                          workdir=front_dir)
    # kubectl sends bearer tokens over TLS only: nginx terminates TLS in front of the front.
    tls_dir = tmp_path / "tls"
    tls_dir.mkdir()
    url, ca, proxy = start_tls_proxy(tls_dir, front.port)
    front.tls = (url, ca)
    yield cluster, front, Kubectl(front, tmp_path, server=url, token=CALLER_TOKEN, ca=ca, namespace=NAMESPACE)
    proxy.terminate()
    proxy.wait()


def test_an_unintercepted_path_reaches_the_cluster_with_the_callers_own_token(clusters, tmp_path):
    cluster, front, kubectl = clusters
    status, body = call("POST", cluster.url + IW, CALLER_TOKEN, inference_workload("made-on-the-cluster"))
    assert status == 201, body

    # The front holds no InferenceWorkloads: kubectl sees the cluster's, through the front.
    listed = kubectl.get_json("inferenceworkloads")
    assert [item["metadata"]["name"] for item in listed["items"]] == ["made-on-the-cluster"]

    # The cluster judges the caller's token, not the front's: a wrong one is refused there.
    url, ca = front.tls
    stranger = Kubectl(front, tmp_path, server=url, token="not-a-cluster-token", ca=ca, namespace=NAMESPACE, name="stranger")
    refused = stranger.run("get", "inferenceworkloads")
    assert refused.returncode != 0
    assert "Unauthorized" in refused.stderr or "must be logged in" in refused.stderr, refused.stderr
    assert call("GET", front.url + IW)[0] == 401
    assert call("GET", front.url + IW, "not-a-cluster-token")[0] == 401
    status, body = call("GET", front.url + IW + "/made-on-the-cluster", CALLER_TOKEN)
    assert status == 200 and body["metadata"]["name"] == "made-on-the-cluster"


def test_a_watch_streams_through_the_front_as_events_happen_on_the_cluster(clusters):
    cluster, _, kubectl = clusters
    assert call("POST", cluster.url + IW, CALLER_TOKEN, inference_workload("before-the-watch"))[0] == 201
    watch = kubectl.start("get", "inferenceworkloads", "--watch", "-o", "name")
    try:
        lines = LineReader(watch.stdout)
        lines.wait_for(lambda line: line.endswith("/before-the-watch"))
        # Made on the cluster after the watch is open: it can only arrive as a streamed event.
        assert call("POST", cluster.url + IW, CALLER_TOKEN, inference_workload("after-the-watch"))[0] == 201
        lines.wait_for(lambda line: line.endswith("/after-the-watch"))
    finally:
        watch.kill()
        watch.wait()


def test_kubectl_apply_of_a_legacy_deployment_on_the_front_becomes_an_inference_workload_in_the_cluster(clusters):
    cluster, front, kubectl = clusters
    path = kubectl.workdir / "inference.yaml"
    path.write_text(yaml.safe_dump_all([deployment("marian", gpu=1), service("marian")]))
    applied = kubectl.ok("apply", "-f", str(path))
    assert "deployment.apps/marian created" in applied
    assert "service/marian created" in applied

    def pushed():
        status, body = call("GET", cluster.url + IW + "/marian", CALLER_TOKEN)
        return body if status == 200 else None

    workload = wait_until(pushed, timeout=30)
    assert workload["spec"]["gpu"] == {"value": "1"}
    assert workload["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "inference-gateway"
    # The Deployment and Service stay with the front: the cluster got only the InferenceWorkload.
    assert call("GET", cluster.url + "/apis/apps/v1/namespaces/runai-team-a/deployments/marian", CALLER_TOKEN)[0] == 404
    assert call("GET", cluster.url + "/api/v1/namespaces/runai-team-a/services/marian", CALLER_TOKEN)[0] == 404
    shown = kubectl.get_json("deployment", "marian")
    assert shown["spec"]["template"]["spec"]["schedulerName"] == "runai-scheduler"
    with urllib.request.urlopen(front.url + "/api/v1/jobs", timeout=10) as response:
        assert [job["name"] for job in json.load(response)["data"]] == ["marian"]
    assert "unchanged" in kubectl.ok("apply", "-f", str(path))


def test_a_deployment_on_another_scheduler_is_passed_through_to_the_cluster_unchanged(clusters):
    cluster, front, kubectl = clusters
    plain = deployment("plain-web")
    del plain["spec"]["template"]["spec"]["schedulerName"]
    applied = kubectl.ok("apply", "-f", kubectl.write("plain.yaml", plain))
    assert "deployment.apps/plain-web created" in applied
    status, stored = call("GET", cluster.url + "/apis/apps/v1/namespaces/runai-team-a/deployments/plain-web", CALLER_TOKEN)
    assert status == 200, stored
    assert stored["spec"]["template"]["spec"]["containers"][0]["image"] == plain["spec"]["template"]["spec"]["containers"][0]["image"]
    with urllib.request.urlopen(front.url + "/api/v1/jobs", timeout=10) as response:
        assert json.load(response)["data"] == []
    assert call("GET", cluster.url + IW + "/plain-web", CALLER_TOKEN)[0] == 404


def test_rollout_status_through_the_front_ends_when_the_workload_runs_in_the_cluster(clusters):
    cluster, _, kubectl = clusters
    kubectl.ok("apply", "-f", kubectl.write("inference.yaml", deployment("marian", gpu=1)))
    rolled = kubectl.ok("rollout", "status", "deployment/marian", "--timeout=60s", timeout=90)
    assert 'deployment "marian" successfully rolled out' in rolled
    status, workload = call("GET", cluster.url + IW + "/marian", CALLER_TOKEN)
    assert status == 200 and any(
        condition["type"] == "Ready" and condition["status"] == "True" for condition in workload["status"]["conditions"]
    ), workload
    shown = kubectl.get_json("deployment", "marian")
    assert shown["status"]["availableReplicas"] == 1
    assert shown["status"]["observedGeneration"] == shown["metadata"]["generation"]

    assert kubectl.ok("scale", "deployment/marian", "--replicas=2").strip() == "deployment.apps/marian scaled"
    wait_until(lambda: call("GET", cluster.url + IW + "/marian", CALLER_TOKEN)[1]["spec"]["minScale"]["value"] == 2)
    assert "successfully rolled out" in kubectl.ok("rollout", "status", "deployment/marian", "--timeout=60s", timeout=90)
    shown = kubectl.get_json("deployment", "marian")
    assert (shown["spec"]["replicas"], shown["status"]["availableReplicas"]) == (2, 2)


def test_rollout_status_through_the_front_fails_clearly_for_an_image_that_does_not_exist(clusters):
    _, _, kubectl = clusters
    broken = deployment("broken", image="registry.example/does-not-exist:1")
    kubectl.ok("apply", "-f", kubectl.write("broken.yaml", broken))
    result = kubectl.run("rollout", "status", "deployment/broken", "--timeout=60s", timeout=90)
    assert result.returncode != 0
    assert 'deployment "broken" exceeded its progress deadline' in result.stderr, result.stderr


def front_jobs(front):
    with urllib.request.urlopen(front.url + "/api/v1/jobs", timeout=10) as response:
        return json.load(response)["data"]


def names_in_table(output):
    rows = output.splitlines()
    return rows[0].split(), [row.split() for row in rows[1:]]


def test_get_deployments_and_services_on_the_front_lists_the_gateways_legacy_objects_with_the_clusters_own(clusters):
    cluster, _, kubectl = clusters
    kubectl.ok("apply", "-f", kubectl.write("legacy.yaml", deployment("marian")))
    kubectl.ok("apply", "-f", kubectl.write("legacy-svc.yaml", service("marian")))
    plain = deployment("plain-web")
    plain["metadata"]["labels"] = {"tier": "web"}
    del plain["spec"]["template"]["spec"]["schedulerName"]
    kubectl.ok("apply", "-f", kubectl.write("plain.yaml", plain))
    elsewhere = deployment("elsewhere-web")
    elsewhere["metadata"]["namespace"] = "tools"
    del elsewhere["spec"]["template"]["spec"]["schedulerName"]
    kubectl.ok("apply", "-f", kubectl.write("elsewhere.yaml", elsewhere))
    plain_service = service("plain-svc")
    plain_service["metadata"]["namespace"] = "tools"
    kubectl.ok("apply", "-f", kubectl.write("plain-svc.yaml", plain_service))
    # Where each lives: the legacy pair on the front, the rest on the cluster.
    assert call("GET", cluster.url + "/apis/apps/v1/namespaces/runai-team-a/deployments/marian", CALLER_TOKEN)[0] == 404
    assert call("GET", cluster.url + "/apis/apps/v1/namespaces/runai-team-a/deployments/plain-web", CALLER_TOKEN)[0] == 200

    header, rows = names_in_table(kubectl.ok("get", "deployments"))
    assert header == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert [row[0] for row in rows] == ["marian", "plain-web"]
    header, rows = names_in_table(kubectl.ok("get", "deployments", "-A"))
    assert header[:2] == ["NAMESPACE", "NAME"]
    assert [row[:2] for row in rows] == [[NAMESPACE, "marian"], [NAMESPACE, "plain-web"], ["tools", "elsewhere-web"]]
    listed = kubectl.get_json("deployments", "-A")
    assert [(item["metadata"]["namespace"], item["metadata"]["name"]) for item in listed["items"]] == [
        (NAMESPACE, "marian"), (NAMESPACE, "plain-web"), ("tools", "elsewhere-web")]
    [legacy] = [item for item in listed["items"] if item["metadata"]["name"] == "marian"]
    assert legacy["spec"]["template"]["spec"]["schedulerName"] == "runai-scheduler"

    header, rows = names_in_table(kubectl.ok("get", "svc", "-A"))
    assert header[:3] == ["NAMESPACE", "NAME", "TYPE"]
    assert [row[:3] for row in rows] == [[NAMESPACE, "marian", "NodePort"], ["tools", "plain-svc", "NodePort"]]
    assert [item["metadata"]["name"] for item in kubectl.get_json("svc")["items"]] == ["marian"]
    # A label selector narrows both sides.
    selected = kubectl.get_json("deployments", "-A", "-l", "tier=web")
    assert [item["metadata"]["name"] for item in selected["items"]] == ["plain-web"]


def test_a_service_applied_before_its_deployment_in_one_file_is_held_by_the_front(clusters):
    cluster, front, kubectl = clusters
    path = kubectl.workdir / "service-first.yaml"
    path.write_text(yaml.safe_dump_all([service("svc-first", type="LoadBalancer"), deployment("svc-first")]))
    applied = kubectl.ok("apply", "-f", str(path)).splitlines()
    assert applied[:2] == ["service/svc-first created", "deployment.apps/svc-first created"]
    assert call("GET", cluster.url + "/api/v1/namespaces/runai-team-a/services/svc-first", CALLER_TOKEN)[0] == 404
    workload = wait_until(lambda: call("GET", cluster.url + IW + "/svc-first", CALLER_TOKEN)[1] if call(
        "GET", cluster.url + IW + "/svc-first", CALLER_TOKEN)[0] == 200 else None)
    assert "LoadBalancer" in json.dumps(workload["spec"])
    assert [job["name"] for job in front_jobs(front)] == ["svc-first"]
    assert kubectl.ok("apply", "-f", str(path)).splitlines()[:2] == ["service/svc-first unchanged", "deployment.apps/svc-first unchanged"]


def test_a_service_applied_alone_is_held_and_shown_and_pushes_nothing_until_its_deployment_comes(clusters):
    cluster, front, kubectl = clusters
    assert kubectl.ok("apply", "-f", kubectl.write("svc.yaml", service("alone", type="LoadBalancer"))).strip() == "service/alone created"
    assert call("GET", cluster.url + "/api/v1/namespaces/runai-team-a/services/alone", CALLER_TOKEN)[0] == 404
    assert front_jobs(front) == [], "a Service alone pushes nothing"
    assert call("GET", cluster.url + IW + "/alone", CALLER_TOKEN)[0] == 404
    assert kubectl.get_json("service", "alone")["spec"]["type"] == "LoadBalancer"

    assert kubectl.ok("apply", "-f", kubectl.write("deploy.yaml", deployment("alone"))).strip() == "deployment.apps/alone created"
    workload = wait_until(lambda: call("GET", cluster.url + IW + "/alone", CALLER_TOKEN)[1] if call(
        "GET", cluster.url + IW + "/alone", CALLER_TOKEN)[0] == 200 else None)
    assert "LoadBalancer" in json.dumps(workload["spec"])
    assert [job["name"] for job in front_jobs(front)] == ["alone"]


def test_a_deployment_applied_before_its_service_in_another_file_takes_the_services_ports_when_it_comes(clusters):
    cluster, front, kubectl = clusters
    kubectl.ok("apply", "-f", kubectl.write("deploy.yaml", deployment("second")))
    first = wait_until(lambda: call("GET", cluster.url + IW + "/second", CALLER_TOKEN)[1] if call(
        "GET", cluster.url + IW + "/second", CALLER_TOKEN)[0] == 200 else None)
    assert "LoadBalancer" not in json.dumps(first["spec"])
    kubectl.ok("apply", "-f", kubectl.write("svc.yaml", service("second", type="LoadBalancer")))
    assert call("GET", cluster.url + "/api/v1/namespaces/runai-team-a/services/second", CALLER_TOKEN)[0] == 404
    wait_until(lambda: "LoadBalancer" in json.dumps(call("GET", cluster.url + IW + "/second", CALLER_TOKEN)[1]["spec"]))
    assert [job["name"] for job in front_jobs(front)] == ["second"]


def test_a_service_outside_a_project_namespace_goes_to_the_cluster(clusters):
    cluster, _, kubectl = clusters
    other = service("tool-svc")
    other["metadata"]["namespace"] = "tools"
    assert kubectl.ok("apply", "-f", kubectl.write("tool.yaml", other)).strip() == "service/tool-svc created"
    assert call("GET", cluster.url + "/api/v1/namespaces/tools/services/tool-svc", CALLER_TOKEN)[0] == 200
