"""kubectl, the real binary, against the gateway: the legacy Deployment + Service manifests of the old Inference API."""
import json
import sqlite3
import urllib.error
import urllib.request

import pytest
import yaml

from kubectl_support import Kubectl, wait_until

NAMESPACE = "runai-team-a"
SUCCESSOR = "run.ai/v2alpha1 InferenceWorkload"


def deployment(name, image="gcr.io/run-ai-demo/quickstart-inference-marian", replicas=1, gpu=1):
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": NAMESPACE},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}, "annotations": {"user": "alice"}},
                "spec": {
                    "schedulerName": "runai-scheduler",
                    "containers": [{
                        "name": name, "image": image, "ports": [{"containerPort": 8888}],
                        "resources": {"limits": {"nvidia.com/gpu": gpu}},
                    }],
                },
            },
        },
    }


def service(name, type="NodePort"):
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": NAMESPACE},
        "spec": {"type": type, "ports": [{"port": 8888, "targetPort": 8888}], "selector": {"app": name}},
    }


@pytest.fixture
def legacy(start_gateway, tmp_path):
    return Kubectl(start_gateway(), tmp_path, namespace=NAMESPACE)


def write_all(kubectl, name, *documents):
    path = kubectl.workdir / name
    path.write_text(yaml.safe_dump_all(documents))
    return str(path)


def jobs(kubectl):
    with urllib.request.urlopen(kubectl.gateway.url + "/api/v1/jobs", timeout=10) as response:
        return json.load(response)["data"]


def workload(kubectl, name):
    status, body = kubectl.http_get(f"/apis/run.ai/v2alpha1/namespaces/{NAMESPACE}/inferenceworkloads/{name}")
    return body if status == 200 else None


def test_apply_creates_then_reports_unchanged_then_configured_with_the_successor_named(legacy):
    manifest = write_all(legacy, "inf.yaml", deployment("inf1"), service("inf1"))
    created = legacy.run("apply", "-f", manifest)
    assert created.returncode == 0, created.stderr
    assert created.stdout.split("\n")[:2] == ["deployment.apps/inf1 created", "service/inf1 created"]
    assert f"Warning: apps/v1 Deployment is deprecated; use {SUCCESSOR}" in created.stderr
    assert f"Warning: v1 Service is deprecated; use {SUCCESSOR}" in created.stderr

    [job] = jobs(legacy)
    assert (job["name"], job["project"], job["user"], job["type"]) == ("inf1", "team-a", "alice", "Inference")
    iw = wait_until(lambda: workload(legacy, "inf1"))
    assert iw["spec"]["image"]["value"] == "gcr.io/run-ai-demo/quickstart-inference-marian"

    assert legacy.ok("apply", "-f", manifest).split("\n")[:2] == ["deployment.apps/inf1 unchanged", "service/inf1 unchanged"]

    write_all(legacy, "inf.yaml", deployment("inf1", image="gcr.io/run-ai-demo/quickstart-inference-marian:v2"), service("inf1"))
    assert legacy.ok("apply", "-f", manifest).split("\n")[:2] == ["deployment.apps/inf1 configured", "service/inf1 unchanged"]
    wait_until(lambda: workload(legacy, "inf1")["spec"]["image"]["value"].endswith(":v2"))
    applied = legacy.get_json("deployment", "inf1")
    assert applied["metadata"]["generation"] == 2
    with sqlite3.connect(legacy.gateway.database) as database:
        audited = database.execute(
            "SELECT method, path, status, project, workload, display_user FROM audit_log WHERE path LIKE '%/deployments%' ORDER BY id"
        ).fetchall()
    deployments = f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments"
    assert audited[0] == ("POST", deployments, 201, "team-a", "inf1", "alice")
    assert audited[-1][:3] == ("PATCH", deployments + "/inf1", 200)
    assert "kubectl.kubernetes.io/last-applied-configuration" in applied["metadata"]["annotations"]
    assert len(jobs(legacy)) == 1


def test_get_prints_the_columns_a_real_cluster_prints(legacy):
    legacy.ok("apply", "-f", write_all(legacy, "inf.yaml", deployment("inf1", replicas=2), service("inf1")))
    rows = legacy.ok("get", "deployments").splitlines()
    assert rows[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert rows[1].split()[0] == "inf1" and rows[1].split()[1].endswith("/2")
    rows = legacy.ok("get", "svc").splitlines()
    assert rows[0].split() == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    name, kind, cluster_ip, external, ports, _ = rows[1].split()
    assert (name, kind, external) == ("inf1", "NodePort", "<none>")
    assert cluster_ip.count(".") == 3 and ports.startswith("8888:") and ports.endswith("/TCP")
    everywhere = legacy.ok("get", "deploy", "-A").splitlines()
    assert everywhere[0].split()[:2] == ["NAMESPACE", "NAME"] and everywhere[1].split()[:2] == [NAMESPACE, "inf1"]


def test_rollout_status_ends_when_the_workload_runs_and_scale_changes_its_replicas(legacy):
    legacy.ok("apply", "-f", write_all(legacy, "inf.yaml", deployment("inf1"), service("inf1")))
    assert 'deployment "inf1" successfully rolled out' in legacy.ok("rollout", "status", "deployment/inf1", "--timeout=60s", timeout=90)

    assert legacy.ok("scale", "deployment/inf1", "--replicas=3").strip() == "deployment.apps/inf1 scaled"
    wait_until(lambda: workload(legacy, "inf1")["spec"]["minScale"]["value"] == 3)
    assert 'successfully rolled out' in legacy.ok("rollout", "status", "deployment/inf1", "--timeout=60s", timeout=90)
    shown = legacy.get_json("deployment", "inf1")
    assert (shown["spec"]["replicas"], shown["status"]["availableReplicas"]) == (3, 3)
    assert shown["status"]["observedGeneration"] == shown["metadata"]["generation"]


def test_rollout_status_fails_clearly_for_an_image_that_does_not_exist(legacy):
    legacy.ok("apply", "-f", write_all(legacy, "bad-image.yaml", deployment("broken", image="registry.example/does-not-exist:1")))
    result = legacy.run("rollout", "status", "deployment/broken", "--timeout=60s", timeout=90)
    assert result.returncode != 0
    assert 'deployment "broken" exceeded its progress deadline' in result.stderr


def test_describe_deployment_lists_its_pod_template_conditions_and_events(legacy):
    legacy.ok("apply", "-f", write_all(legacy, "inf.yaml", deployment("inf1"), service("inf1")))
    legacy.ok("rollout", "status", "deployment/inf1", "--timeout=60s", timeout=90)
    described = legacy.ok("describe", "deployment", "inf1")
    assert "Replicas:               1 desired | 1 updated | 1 total | 1 available | 0 unavailable" in described
    assert "Image:      gcr.io/run-ai-demo/quickstart-inference-marian" in described
    assert "NewReplicaSetAvailable" in described
    assert "Events:" in described
    assert "NodePort" in legacy.ok("describe", "service", "inf1")


def test_delete_f_removes_the_objects_the_job_and_the_workload(legacy):
    manifest = write_all(legacy, "inf.yaml", deployment("inf1"), service("inf1"))
    legacy.ok("apply", "-f", manifest)
    wait_until(lambda: workload(legacy, "inf1"))
    assert legacy.ok("delete", "-f", manifest).split("\n")[:2] == ['deployment.apps "inf1" deleted', 'service "inf1" deleted']
    assert jobs(legacy) == []
    wait_until(lambda: workload(legacy, "inf1") is None)
    assert "No resources found" in legacy.run("get", "deploy,svc").stderr


def test_a_deployment_the_translation_cannot_express_is_invalid_with_causes_and_writes_nothing(legacy):
    refused = deployment("two")
    container = refused["spec"]["template"]["spec"]["containers"][0]
    refused["spec"]["template"]["spec"]["containers"].append(dict(container, name="sidecar"))
    refused["spec"]["template"]["spec"]["initContainers"] = [{"name": "init", "image": "busybox"}]
    result = legacy.run("apply", "-f", write_all(legacy, "two.yaml", refused))
    assert result.returncode != 0
    assert 'The Deployment "two" is invalid' in result.stderr
    assert "spec.template.spec.containers[1]: Forbidden" in result.stderr
    assert "spec.template.spec.initContainers[0]: Forbidden" in result.stderr
    assert jobs(legacy) == []
    assert "NotFound" in legacy.run("get", "deployment", "two").stderr


def test_the_service_may_come_first_in_another_file(legacy):
    legacy.ok("apply", "-f", write_all(legacy, "svc.yaml", service("inf2", type="LoadBalancer")))
    assert jobs(legacy) == [], "a Service alone pushes nothing"
    legacy.ok("apply", "-f", write_all(legacy, "deploy.yaml", deployment("inf2")))
    [job] = jobs(legacy)
    assert job["name"] == "inf2"
    iw = wait_until(lambda: workload(legacy, "inf2"))
    assert json.dumps(iw["spec"]).count("LoadBalancer") >= 1


def test_a_deployment_on_another_scheduler_is_stored_but_pushes_nothing(legacy):
    plain = deployment("plain")
    plain["spec"]["template"]["spec"]["schedulerName"] = "default-scheduler"
    assert legacy.ok("apply", "-f", write_all(legacy, "plain.yaml", plain)).strip() == "deployment.apps/plain created"
    assert jobs(legacy) == []
    assert legacy.get_json("deployment", "plain")["spec"]["template"]["spec"]["schedulerName"] == "default-scheduler"


def test_a_job_submitted_over_rest_is_visible_as_a_deployment(legacy):
    body = json.dumps({"job": {"name": "restjob", "project": "team-a", "image": "nginx:1.27", "gpu": 1}}).encode()
    request = urllib.request.Request(legacy.gateway.url + "/api/v1/jobs", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "RA-USER": "bob"})
    urllib.request.urlopen(request, timeout=30).close()
    shown = wait_until(lambda: legacy.run("get", "deployment", "restjob", "-o", "json").stdout)
    view = json.loads(shown)
    assert view["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert view["spec"]["template"]["spec"]["schedulerName"] == "runai-scheduler"
    assert 'successfully rolled out' in legacy.ok("rollout", "status", "deployment/restjob", "--timeout=60s", timeout=90)


def test_server_side_apply_creates_and_changes_the_job(legacy):
    manifest = write_all(legacy, "inf.yaml", deployment("inf1"), service("inf1"))
    assert legacy.ok("apply", "--server-side", "-f", manifest).split("\n")[:2] == [
        "deployment.apps/inf1 serverside-applied", "service/inf1 serverside-applied"]
    write_all(legacy, "inf.yaml", deployment("inf1", image="gcr.io/run-ai-demo/quickstart-inference-marian:v3"), service("inf1"))
    legacy.ok("apply", "--server-side", "-f", manifest)
    [job] = jobs(legacy)
    assert job["images"].endswith(":v3")
    managers = [entry["manager"] for entry in legacy.get_json("deployment", "inf1", "--show-managed-fields")["metadata"]["managedFields"]]
    assert "kubectl" in managers


def post(url, document, token):
    request = urllib.request.Request(url, data=json.dumps(document).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def jobs_of(gateway, token):
    request = urllib.request.Request(gateway.url + "/api/v1/jobs", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]


def test_with_tokens_the_job_is_the_callers_and_another_projects_label_is_forbidden(start_gateway, tmp_path):
    (tmp_path / "tokens.yaml").write_text(
        "tokens:\n  - token: token-of-a\n    user: alice\n    projects: [team-a]\n"
        "  - token: token-of-b\n    user: bob\n    projects: [team-b]\n")
    gateway = start_gateway("--tokens-file", "tokens.yaml")
    collection = gateway.url + f"/apis/apps/v1/namespaces/{NAMESPACE}/deployments"
    elsewhere = deployment("sneaky")
    elsewhere["metadata"]["labels"] = {"project": "team-b"}
    status, body = post(collection, elsewhere, "token-of-a")
    assert status in (403, 422) and body["reason"] in ("Forbidden", "Invalid"), body
    status, body = post(gateway.url + "/api/v1/namespaces/runai-team-b/services", service("sneaky"), "token-of-a")
    assert status == 403, "alice may not write in team-b's namespace"
    status, body = post(collection, deployment("sneaky"), "token-of-b")
    assert status == 403, "bob may not write in team-a's namespace"
    assert jobs_of(gateway, "token-of-b") == []

    status, body = post(collection, deployment("inf1"), "token-of-a")
    assert status == 201, body
    request = urllib.request.Request(gateway.url + "/api/v1/jobs", headers={"Authorization": "Bearer token-of-a"})
    with urllib.request.urlopen(request, timeout=10) as response:
        [job] = json.load(response)["data"]
    assert (job["name"], job["project"], job["user"]) == ("inf1", "team-a", "alice")
