"""No project can tamper with another's jobs through the Kubernetes API: an object a user makes in
its own namespace, labelled to look like another project's job, never feeds that job's record."""
from test_push_and_sync import IW, eventually, job, kubeconfig, request, submit

TOKENS = (
    "tokens:\n"
    "  - token: token-of-a\n    user: alice\n    projects: [team-a]\n"
    "  - token: token-of-b\n    user: bob\n    projects: [team-b]\n"
)


def forged(name, project="team-b", managed=True):
    labels = {"project": project}
    if managed:
        labels["app.kubernetes.io/managed-by"] = "inference-gateway"
    return {
        "apiVersion": "run.ai/v2alpha1",
        "kind": "InferenceWorkload",
        "metadata": {
            "name": name,
            "labels": labels,
            "annotations": {"runai-calculated-status": "ImagePullBackOff", "runai-service-url": "http://evil.example"},
        },
        "spec": {"image": {"value": "evil:latest"}},
    }


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def running(base, name, project="team-b", headers=None):
    status, body = request("GET", f"{base}/api/v1/jobs/{project}/{name}", headers=headers)
    return status == 200 and body["data"][0]["status"] == "Running" and body["data"][0]


def test_a_token_of_one_project_cannot_set_the_gateways_label_in_the_embedded_cluster(start_gateway, tmp_path):
    (tmp_path / "tokens.yaml").write_text(TOKENS)
    gateway = start_gateway("--tokens-file", "tokens.yaml", "--controller-delay", "0.2")
    b = bearer("token-of-b")
    status, body = request("POST", gateway.url + "/api/v1/jobs",
                           {"job": {"name": "served", "project": "team-b", "image": "nginx:1.27", "gpu": 1}}, b)
    assert (status, body) == (200, {"name": "served"})
    before = eventually(lambda: running(gateway.url, "served", headers=b), what="team-b's job running")

    a = bearer("token-of-a")
    status, body = request("POST", gateway.url + IW.format(ns="runai-team-a"), forged("served"), a)
    assert status == 422, body
    assert body["reason"] == "Invalid"
    assert body["details"]["causes"][0]["field"] == "metadata.labels[app.kubernetes.io/managed-by]"
    status, body = request("GET", gateway.url + IW.format(ns="runai-team-a"), headers=a)
    assert status == 200 and body["items"] == []

    # Without the reserved label the object is alice's own business: stored, never followed.
    status, body = request("POST", gateway.url + IW.format(ns="runai-team-a"), forged("served", managed=False), a)
    assert status == 201, body
    # A later change of team-b's own makes sure status sync has seen everything before it.
    status, _ = request("POST", gateway.url + "/api/v1/jobs",
                        {"job": {"name": "marker", "project": "team-b", "image": "nginx:1.27"}}, b)
    assert status == 200
    eventually(lambda: running(gateway.url, "marker", headers=b), what="the marker running")
    status, _ = request("DELETE", gateway.url + IW.format(ns="runai-team-a") + "/served", headers=a)
    assert status == 200

    after = running(gateway.url, "served", headers=b)
    assert after, "team-b's job still runs"
    assert after["connectionUrl"] == before["connectionUrl"]
    assert "evil" not in (after["connectionUrl"] or "")


def test_against_a_real_cluster_a_forged_object_in_another_namespace_changes_nothing(start_gateway, tmp_path):
    # A second gateway plays the cluster; without authentication anyone may write anything there,
    # as a user may in its own namespace of a real cluster.
    cluster_dir, front_dir = tmp_path / "cluster", tmp_path / "front"
    cluster_dir.mkdir()
    front_dir.mkdir()
    cluster = start_gateway("--controller-delay", "0.2", workdir=cluster_dir)
    (front_dir / "kubeconfig").write_text(kubeconfig(cluster.url))
    front = start_gateway("--cluster", "kubeconfig", "--kubeconfig", "kubeconfig", workdir=front_dir)

    assert submit(front.url, "served", project="team-b") == (200, {"name": "served"})
    before = eventually(lambda: running(front.url, "served"), what="team-b's job running")

    status, body = request("POST", cluster.url + IW.format(ns="runai-team-a"), forged("served"))
    assert status == 201, body
    assert submit(front.url, "marker", project="team-b") == (200, {"name": "marker"})
    eventually(lambda: running(front.url, "marker"), what="the marker running")
    view = running(front.url, "served")
    assert view, "the forged object's ImagePullBackOff did not reach team-b's job"
    assert view["connectionUrl"] == before["connectionUrl"]

    status, _ = request("DELETE", cluster.url + IW.format(ns="runai-team-a") + "/served")
    assert status == 200
    assert submit(front.url, "marker2", project="team-b") == (200, {"name": "marker2"})
    eventually(lambda: running(front.url, "marker2"), what="the second marker running")
    assert running(front.url, "served"), "deleting the forged object leaves team-b's job running"
    assert job(front.url, "served", project="team-b")["status"] == "Running"
