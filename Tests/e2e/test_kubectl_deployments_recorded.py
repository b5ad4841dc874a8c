"""What kubectl 1.32 sends for the legacy Deployment + Service scenario (fixtures recorded with
`python3 Tests/e2e/kubectl_recording.py`), and the gateway answering every recorded request as it did."""
import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from kubectl_recording import STEPS, load


def find(step, method, path_end):
    return [r for r in load(step) if r["method"] == method and r["path"].endswith(path_end)]


def test_client_side_apply_creates_with_post_then_sends_a_strategic_merge_patch_with_the_last_applied_configuration():
    [create] = find("apply-create", "POST", "/namespaces/runai-team-a/deployments")
    assert create["query"] == {"fieldManager": "kubectl-client-side-apply", "fieldValidation": "Strict"}
    assert "kubectl.kubernetes.io/last-applied-configuration" in create["body"]["metadata"]["annotations"]
    assert find("apply-unchanged", "PATCH", "/deployments/inf1") == [], "an unchanged apply sends no patch"
    [patch] = find("apply-configured", "PATCH", "/deployments/inf1")
    assert patch["contentType"] == "application/strategic-merge-patch+json"
    template = patch["body"]["spec"]["template"]["spec"]
    assert template["$setElementOrder/containers"] == [{"name": "inf1"}]
    assert template["containers"][0]["image"].endswith(":v2")
    assert "kubectl.kubernetes.io/last-applied-configuration" in patch["body"]["metadata"]["annotations"]


def test_scale_merge_patches_the_scale_subresource():
    [patch] = find("scale", "PATCH", "/deployments/inf1/scale")
    assert (patch["contentType"], patch["body"]) == ("application/merge-patch+json", {"spec": {"replicas": 3}})


def test_rollout_status_lists_then_watches_the_deployment_by_name():
    requests = load("rollout-status")
    watches = [r for r in requests if r["query"].get("watch") == "true"]
    assert watches and all(w["query"]["fieldSelector"] == "metadata.name=inf1" for w in watches)
    assert watches[0]["query"]["allowWatchBookmarks"] == "true"


def test_describe_reads_the_deployment_its_replica_sets_and_its_events():
    paths = {r["path"]: r["query"] for r in load("describe")}
    assert paths["/apis/apps/v1/namespaces/runai-team-a/replicasets"]["labelSelector"] == "app=inf1"
    assert "involvedObject.kind=Deployment" in paths["/api/v1/namespaces/runai-team-a/events"]["fieldSelector"]


def test_delete_sends_background_propagation():
    deletes = [r for r in load("delete") if r["method"] == "DELETE"]
    assert [d["body"] for d in deletes] == [{"propagationPolicy": "Background"}] * 2


def without_volatile(value):
    if isinstance(value, dict):
        return {k: without_volatile(v) for k, v in value.items() if v != "<volatile>"}
    if isinstance(value, list):
        return [without_volatile(v) for v in value]
    return value


@pytest.mark.parametrize("steps", [[name for name, _ in STEPS]])
def test_the_gateway_answers_every_recorded_request_as_it_did_when_recorded(gateway, steps):
    for step in steps:
        for recorded in load(step):
            query = without_volatile(recorded["query"])
            if query.get("watch") == "true":
                query["timeoutSeconds"] = "1"
            url = gateway.url + recorded["path"] + ("?" + urlencode(query) if query else "")
            body = recorded["body"]
            data = (json.dumps(without_volatile(body)) if isinstance(body, (dict, list)) else body or "").encode() or None
            headers = {k: v for k, v in (("Accept", recorded["accept"]), ("Content-Type", recorded["contentType"])) if v}
            request = urllib.request.Request(url, data=data, method=recorded["method"], headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status = response.status
                    response.read()
            except urllib.error.HTTPError as error:
                status = error.code
            assert status == recorded["status"], f"{step}: {recorded['method']} {recorded['path']} answered {status}"
