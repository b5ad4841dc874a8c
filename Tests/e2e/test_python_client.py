"""The Python `kubernetes` client's DynamicClient against the gateway's embedded Kubernetes API."""
import time

import pytest
from kubernetes import client as kube
from kubernetes import dynamic
from kubernetes.client.rest import ApiException

NAMESPACE = "ns1"


def workload(name, image="nginx:1.27", labels=None):
    metadata = {"name": name}
    if labels:
        metadata["labels"] = labels
    return {
        "apiVersion": "run.ai/v2alpha1",
        "kind": "InferenceWorkload",
        "metadata": metadata,
        "spec": {"image": {"value": image}, "minScale": {"value": 1}},
    }


def dynamic_client(gateway, tmp_path):
    configuration = kube.Configuration()
    configuration.host = gateway.url
    api = kube.ApiClient(configuration)
    # A private discovery cache: the client caches discovery without expiry, keyed by host.
    return dynamic.DynamicClient(api, cache_file=str(tmp_path / "discovery-cache.json"))


@pytest.fixture
def workloads(gateway, tmp_path):
    client = dynamic_client(gateway, tmp_path)
    return client.resources.get(api_version="run.ai/v2alpha1", kind="InferenceWorkload")


def test_python_client_discovers_inference_workloads_with_their_status_subresource(workloads):
    assert workloads.namespaced
    assert workloads.name == "inferenceworkloads"
    assert "status" in workloads.subresources


def test_python_client_creates_gets_and_lists(workloads):
    created = workloads.create(body=workload("demo", labels={"team": "a"}), namespace=NAMESPACE)
    assert created.metadata.name == "demo"
    assert created.metadata.namespace == NAMESPACE
    assert created.metadata.generation == 1
    assert created.metadata.uid

    fetched = workloads.get(name="demo", namespace=NAMESPACE)
    assert fetched.metadata.uid == created.metadata.uid
    assert fetched.spec.image.value == "nginx:1.27"

    workloads.create(body=workload("other"), namespace="ns2")
    listed = workloads.get(namespace=NAMESPACE)
    assert [item.metadata.name for item in listed.items] == ["demo"]
    everywhere = workloads.get()
    assert sorted(item.metadata.name for item in everywhere.items) == ["demo", "other"]
    selected = workloads.get(label_selector="team=a")
    assert [item.metadata.name for item in selected.items] == ["demo"]


def test_python_client_merge_patch_and_server_side_apply(workloads):
    workloads.create(body=workload("demo"), namespace=NAMESPACE)
    patched = workloads.patch(
        body={"spec": {"minScale": {"value": 3}}}, name="demo", namespace=NAMESPACE,
        content_type="application/merge-patch+json",
    )
    assert patched.spec.minScale.value == 3
    assert patched.metadata.generation == 2

    applied = workloads.server_side_apply(
        body=workload("applied", image="nginx:1.28"), name="applied", namespace=NAMESPACE,
        field_manager="migration-tool", force_conflicts=True,
    )
    assert applied.spec.image.value == "nginx:1.28"
    assert "migration-tool" in [entry.manager for entry in applied.metadata.managedFields]

    again = workloads.server_side_apply(
        body=workload("applied", image="nginx:1.29"), name="applied", namespace=NAMESPACE,
        field_manager="migration-tool", force_conflicts=True,
    )
    assert again.spec.image.value == "nginx:1.29"


def test_python_client_strategic_merge_patch_is_refused_with_415(workloads):
    workloads.create(body=workload("demo"), namespace=NAMESPACE)
    with pytest.raises(ApiException) as refused:
        workloads.patch(body={"spec": {}}, name="demo", namespace=NAMESPACE)
    assert refused.value.status == 415


def test_python_client_watch_sees_changes_after_a_resource_version(workloads):
    start = workloads.get(namespace=NAMESPACE).metadata.resourceVersion
    workloads.create(body=workload("demo"), namespace=NAMESPACE)
    workloads.patch(body={"spec": {"minScale": {"value": 2}}}, name="demo", namespace=NAMESPACE,
                    content_type="application/merge-patch+json")
    workloads.delete(name="demo", namespace=NAMESPACE)

    events = list(workloads.watch(namespace=NAMESPACE, resource_version=start, timeout=2))
    # The simulated controller's own updates (finalizer, status) arrive as further MODIFIED events.
    assert [event["object"].metadata.name for event in events] == ["demo"] * len(events)
    assert events[0]["type"] == "ADDED"
    assert any(e["type"] == "MODIFIED" and e["object"].spec.minScale.value == 2 for e in events)
    assert events[-1]["type"] == "DELETED"
    versions = [int(e["object"].metadata.resourceVersion) for e in events]
    assert versions == sorted(versions)


def test_python_client_deletes(workloads):
    workloads.create(body=workload("demo"), namespace=NAMESPACE)
    answer = workloads.delete(name="demo", namespace=NAMESPACE)
    # Gone at once (a Success Status), or terminating while the controller releases its finalizer.
    assert answer.kind == "InferenceWorkload" and answer.metadata.deletionTimestamp or answer.kind == "Status"
    deadline = time.monotonic() + 30
    while True:
        try:
            workloads.get(name="demo", namespace=NAMESPACE)
        except ApiException as missing:
            assert missing.status == 404
            break
        assert time.monotonic() < deadline, "the workload was not removed"
        time.sleep(0.05)


def test_python_client_duplicate_create_is_a_409_already_exists(workloads):
    workloads.create(body=workload("demo"), namespace=NAMESPACE)
    with pytest.raises(ApiException) as duplicate:
        workloads.create(body=workload("demo"), namespace=NAMESPACE)
    assert duplicate.value.status == 409
    assert "AlreadyExists" in duplicate.value.body


def test_python_client_resumes_no_further_than_the_event_history_and_gets_410(start_gateway, tmp_path):
    gateway = start_gateway("--cluster-event-history", "2")
    workloads = dynamic_client(gateway, tmp_path).resources.get(api_version="run.ai/v2alpha1", kind="InferenceWorkload")
    start = workloads.get(namespace=NAMESPACE).metadata.resourceVersion
    for name in ["a", "b", "c", "d"]:
        workloads.create(body=workload(name), namespace=NAMESPACE)

    # The client re-watches once after a 410 ERROR event, then raises it.
    with pytest.raises(ApiException) as expired:
        list(workloads.watch(namespace=NAMESPACE, resource_version=start, timeout=2))
    assert expired.value.status == 410
    assert "too old resource version" in str(expired.value)


TOKENS = """
tokens:
  - token: alice-secret
    user: alice
    projects: [team-a]
  - token: admin-secret
    user: admin
    projects: ["*"]
"""


def token_client(gateway, tmp_path, token):
    configuration = kube.Configuration()
    configuration.host = gateway.url
    if token:
        configuration.api_key = {"authorization": token}
        configuration.api_key_prefix = {"authorization": "Bearer"}
    cache = tmp_path / f"discovery-{token or 'anonymous'}.json"
    return dynamic.DynamicClient(kube.ApiClient(configuration), cache_file=str(cache))


def test_python_client_with_a_bearer_token_is_confined_to_its_projects_namespaces(start_gateway, tmp_path):
    tokens = tmp_path / "tokens.yaml"
    tokens.write_text(TOKENS)
    gateway = start_gateway("--auth", "tokens", "--tokens-file", str(tokens))

    with pytest.raises(ApiException) as anonymous:
        token_client(gateway, tmp_path, None).resources.get(api_version="run.ai/v2alpha1", kind="InferenceWorkload")
    assert anonymous.value.status == 401

    alice = token_client(gateway, tmp_path, "alice-secret").resources.get(api_version="run.ai/v2alpha1", kind="InferenceWorkload")
    created = alice.create(body=workload("mine"), namespace="runai-team-a")
    assert created.metadata.namespace == "runai-team-a"

    with pytest.raises(ApiException) as elsewhere:
        alice.create(body=workload("theirs"), namespace="runai-team-b")
    assert elsewhere.value.status == 403
    assert 'User \\"alice\\" cannot create resource \\"inferenceworkloads\\"' in elsewhere.value.body
    with pytest.raises(ApiException) as everywhere:
        alice.get()
    assert everywhere.value.status == 403

    admin = token_client(gateway, tmp_path, "admin-secret").resources.get(api_version="run.ai/v2alpha1", kind="InferenceWorkload")
    assert [item.metadata.name for item in admin.get().items] == ["mine"]
