"""kubectl, the real binary, against the gateway's embedded Kubernetes API: reading and writing workloads."""
import json

import pytest

from kubectl_support import NAMESPACE, LineReader, kubectl, wait_until, workload  # noqa: F401 (fixture)


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
