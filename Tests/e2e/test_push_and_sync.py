"""The push path and status sync with the real binary: legacy submits reach the cluster, status
comes back, and nothing acknowledged is lost through outages and crashes."""
import concurrent.futures
import json
import signal
import socket
import time
import urllib.error
import urllib.request

import pytest

from conftest import Gateway

IW = "/apis/run.ai/v2alpha1/namespaces/{ns}/inferenceworkloads"


def request(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def submit(base, name, project="team-a", **fields):
    job = {"name": name, "project": project, "image": "nginx:1.27", "gpu": 1}
    job.update(fields)
    return request("POST", base + "/api/v1/jobs", {"job": job}, {"RA-USER": "john"})


def eventually(condition, timeout=60, what="condition"):
    """Polls `condition` until it returns a truthy value or the deadline passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def objects(base, namespace="runai-team-a"):
    status, body = request("GET", base + IW.format(ns=namespace))
    assert status == 200, body
    return {item["metadata"]["name"]: item for item in body["items"]}


def job(base, name, project="team-a"):
    status, body = request("GET", f"{base}/api/v1/jobs/{project}/{name}")
    return body["data"][0] if status == 200 else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_submitted_job_reaches_the_embedded_cluster_and_its_status_comes_back(start_gateway):
    gateway = start_gateway("--controller-delay", "0.2")
    assert submit(gateway.url, "inference1", gpu=0.5) == (200, {"name": "inference1"})

    pushed = objects(gateway.url)["inference1"]
    assert pushed["spec"]["gpu"] == {"value": "0.5"}
    assert pushed["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "inference-gateway"

    running = eventually(lambda: (j := job(gateway.url, "inference1")) and j["status"] == "Running" and j,
                         what="the job to run")
    assert running["currentAllocatedGPUs"] == 0.5
    assert running["nodes"]
    assert running["connectionUrl"]

    assert request("DELETE", gateway.url + "/api/v1/jobs", [{"name": "inference1", "project": "team-a"}])[0] == 200
    eventually(lambda: "inference1" not in objects(gateway.url), what="the object to go")
    assert job(gateway.url, "inference1") is None


def test_a_refusal_by_the_cluster_reaches_the_legacy_caller_and_frees_the_name(start_gateway, tmp_path):
    # A second gateway plays the cluster; its Kubernetes API refuses the object because the
    # namespace pattern of the front puts it where the cluster's tokens do not reach.
    cluster_dir = tmp_path / "cluster"
    cluster_dir.mkdir()
    (cluster_dir / "tokens.yaml").write_text("tokens:\n  - token: only-team-b\n    user: ops\n    projects: [team-b]\n")
    cluster = start_gateway("--auth", "tokens", "--tokens-file", "tokens.yaml", workdir=cluster_dir)
    front_dir = tmp_path / "front"
    front_dir.mkdir()
    (front_dir / "kubeconfig").write_text(kubeconfig(cluster.url, token="only-team-b"))
    front = start_gateway("--cluster", "kubeconfig", "--kubeconfig", "kubeconfig", "--submit-wait", "10",
                          workdir=front_dir)

    status, body = submit(front.url, "forbidden-job")
    assert status == 403, body
    assert "refused" in body["message"]
    assert job(front.url, "forbidden-job") is None


def kubeconfig(server, token=None):
    user = f"    token: {token}\n" if token else "    {}\n"
    return (
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        f"clusters:\n- name: c\n  cluster:\n    server: {server}\n"
        f"users:\n- name: u\n  user:\n{user}"
        "contexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n"
    )


def test_submits_while_the_cluster_is_down_are_pushed_exactly_once_when_it_returns(start_gateway, tmp_path):
    cluster_dir, front_dir = tmp_path / "cluster", tmp_path / "front"
    cluster_dir.mkdir()
    front_dir.mkdir()
    port = free_port()
    cluster_url = f"http://127.0.0.1:{port}"
    (front_dir / "kubeconfig").write_text(kubeconfig(cluster_url))
    front = start_gateway("--cluster", "kubeconfig", "--kubeconfig", "kubeconfig", "--submit-wait", "0.5",
                          "--push-max-backoff", "0.3", workdir=front_dir)

    names = [f"queued-{i}" for i in range(20)]
    for name in names:
        assert submit(front.url, name) == (200, {"name": name})
    assert all(job(front.url, name)["status"] == "Pending" for name in names)

    cluster = Gateway(cluster_dir, args=["--port", str(port), "--controller-delay", "0.2"])
    try:
        pushed = eventually(lambda: (found := objects(cluster_url)) and len(found) == len(names) and found,
                            what="every queued submit in the cluster")
        assert sorted(pushed) == sorted(names)
        eventually(lambda: all((j := job(front.url, n)) and j["status"] == "Running" for n in names),
                   what="status to come back")

        # Restart the cluster: nothing is pushed twice, and status sync resumes.
        uids = {name: item["metadata"]["uid"] for name, item in pushed.items()}
        assert cluster.stop() == 0
        cluster = Gateway(cluster_dir, args=["--port", str(port), "--controller-delay", "0.2"])
        assert submit(front.url, "after-restart") == (200, {"name": "after-restart"})
        again = eventually(lambda: (found := objects(cluster_url)) and "after-restart" in found and found,
                           what="a submit after the restart")
        assert {name: again[name]["metadata"]["uid"] for name in names} == uids
        assert len(again) == len(names) + 1
    finally:
        cluster.stop()


def test_a_gateway_killed_mid_burst_loses_no_acknowledged_submit(start_gateway, tmp_path):
    port = free_port()
    gateway = start_gateway("--port", str(port), "--controller-delay", "60")
    base = gateway.url
    acknowledged, refused = set(), set()

    def one(index):
        name = f"burst-{index}"
        fields = {} if index % 10 else {"image": ""}  # every tenth is invalid: refused with 400
        try:
            status, _ = submit(base, name, **fields)
        except OSError:
            return name, None
        return name, status

    with concurrent.futures.ThreadPoolExecutor(32) as pool:
        futures = [pool.submit(one, i) for i in range(300)]
        for count, future in enumerate(concurrent.futures.as_completed(futures)):
            name, status = future.result()
            if status == 200:
                acknowledged.add(name)
            elif status is not None and 400 <= status < 500:
                refused.add(name)
            if count == 150:
                gateway.stop(signal.SIGKILL)
    assert len(acknowledged) >= 100
    assert refused

    restarted = start_gateway("--port", str(port), "--controller-delay", "60", workdir=tmp_path)
    pushed = eventually(lambda: (found := objects(restarted.url)) and acknowledged <= set(found) and found,
                        what="every acknowledged submit in the cluster")
    assert not (refused & set(pushed))
    listed = [item["name"] for item in request("GET", restarted.url + "/api/v1/jobs/team-a")[1]["data"]]
    assert len(listed) == len(set(listed))
    assert acknowledged <= set(listed)


def test_an_object_deleted_or_changed_behind_the_gateways_back_is_noticed(start_gateway):
    gateway = start_gateway("--controller-delay", "0.1")
    for name in ("kept", "tampered"):
        assert submit(gateway.url, name)[0] == 200
    eventually(lambda: all((j := job(gateway.url, n)) and j["status"] == "Running" for n in ("kept", "tampered")),
               what="both jobs to run")

    # Changed outside the gateway: the gateway applies its object again.
    path = gateway.url + IW.format(ns="runai-team-a") + "/tampered"
    patch = urllib.request.Request(path, data=json.dumps({"spec": {"image": {"value": "evil:latest"}}}).encode(),
                                   method="PATCH", headers={"Content-Type": "application/merge-patch+json"})
    with urllib.request.urlopen(patch) as response:
        assert json.load(response)["spec"]["image"]["value"] == "evil:latest"
    eventually(lambda: objects(gateway.url)["tampered"]["spec"]["image"]["value"] == "nginx:1.27",
               what="the gateway to restore its object")

    # Deleted outside the gateway: the legacy job shows Deleted.
    assert request("DELETE", gateway.url + IW.format(ns="runai-team-a") + "/kept")[0] == 200
    deleted = eventually(lambda: (j := job(gateway.url, "kept")) and j["status"] == "Deleted" and j,
                         what="the job to show Deleted")
    assert deleted["currentAllocatedGPUs"] == 0
