"""deploy/ checked without a cluster: every manifest against the Kubernetes schemas of the
targeted version (kubernetes-validate, offline), the ServiceMonitor (a Prometheus Operator CRD
those schemas do not hold) against the Service it scrapes, the ClusterRole's verbs against the
requests the gateway really sends to a cluster (recorded through a proxy), the ConfigMap's file
through `inference-gateway config --print --config`, and the Containerfile against the Deployment."""
import re
import socket
import subprocess
import threading
import time
import urllib.parse

import kubernetes_validate
import pytest
import yaml

from conftest import BINARY, ROOT
from legacy_client import call

DEPLOY = ROOT / "deploy"
KUBERNETES_VERSION = "1.33.0"
CUSTOM_KINDS = {("monitoring.coreos.com/v1", "ServiceMonitor")}


def manifests():
    found = []
    for path in sorted(DEPLOY.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        found += [(path.name, document) for document in yaml.safe_load_all(path.read_text()) if document]
    return found


def one(kind):
    (document,) = [d for _, d in manifests() if d["kind"] == kind]
    return document


def test_the_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert listed == {p.name for p in DEPLOY.glob("*.yaml")} - {"kustomization.yaml"}
    assert kustomization["namespace"] == one("Namespace")["metadata"]["name"]


@pytest.mark.parametrize("name, document", [(n, d) for n, d in manifests() if (d["apiVersion"], d["kind"]) not in CUSTOM_KINDS],
                         ids=lambda value: value if isinstance(value, str) else "")
def test_every_built_in_manifest_validates_against_the_kubernetes_schemas(name, document):
    kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_the_validator_does_refuse_a_wrong_manifest():
    deployment = one("Deployment")
    deployment["spec"]["replicas"] = "one"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)
    with pytest.raises(kubernetes_validate.SchemaNotFoundError):
        kubernetes_validate.validate(one("ServiceMonitor"), KUBERNETES_VERSION, strict=True)


def test_the_service_monitor_scrapes_the_services_metrics_port():
    monitor, service = one("ServiceMonitor"), one("Service")
    assert (monitor["apiVersion"], monitor["kind"]) in CUSTOM_KINDS
    labels = service["metadata"]["labels"]
    assert monitor["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert monitor["spec"]["namespaceSelector"]["matchNames"] == [service["metadata"]["namespace"]]
    ports = {port["name"] for port in service["spec"]["ports"]}
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["port"] in ports and endpoint["path"] == "/metrics"
    assert set(monitor["spec"]) <= {"selector", "namespaceSelector", "endpoints"}
    assert set(endpoint) <= {"port", "path", "interval", "scrapeTimeout"}


def test_the_deployment_runs_one_non_root_read_only_pod_that_shuts_down_within_its_grace_period():
    deployment, configuration = one("Deployment"), config_file()
    spec, pod = deployment["spec"], deployment["spec"]["template"]["spec"]
    assert spec["replicas"] == 1 and spec["strategy"] == {"type": "Recreate"}
    assert spec["selector"]["matchLabels"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    assert one("Service")["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    (container,) = pod["containers"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert {"cpu", "memory"} <= container["resources"]["requests"].keys() <= container["resources"]["limits"].keys()
    assert pod["terminationGracePeriodSeconds"] > configuration["shutdown-timeout"]
    assert configuration["shutdown-drain"] < configuration["shutdown-timeout"]
    assert pod["serviceAccountName"] == one("ServiceAccount")["metadata"]["name"]

    mounts = {mount["name"]: mount["mountPath"] for mount in container["volumeMounts"]}
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    claim = volumes["data"]["persistentVolumeClaim"]["claimName"]
    assert claim == one("PersistentVolumeClaim")["metadata"]["name"]
    assert configuration["database"].startswith(mounts["data"] + "/"), "the SQLite file is on the volume"
    assert volumes["config"]["configMap"]["name"] == one("ConfigMap")["metadata"]["name"]
    assert container["args"] == ["serve", "--config", mounts["config"] + "/gateway.yaml"]
    assert {port["containerPort"] for port in container["ports"]} == {configuration["port"]}
    assert configuration["cluster"] == "in-cluster"


def config_file():
    return yaml.safe_load(one("ConfigMap")["data"]["gateway.yaml"])


def test_the_config_maps_file_is_accepted_by_config_print(tmp_path):
    path = tmp_path / "gateway.yaml"
    path.write_text(one("ConfigMap")["data"]["gateway.yaml"])
    result = subprocess.run([str(BINARY), "config", "--print", "--config", str(path)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    for key, value in config_file().items():
        assert re.search(rf"^{re.escape(key)}: .*# file$", result.stdout, flags=re.MULTILINE), key


def test_the_containerfile_runs_the_deployments_user_with_the_runtime_libraries():
    text = (ROOT / "Containerfile").read_text()
    build, runtime = text.split(" AS runtime", 1)
    assert "swift build -c release --static-swift-stdlib --product inference-gateway" in build
    packages = re.search(r"--no-install-recommends ([^\\&]+)", runtime).group(1).split()
    assert {"libsqlite3-0", "libcurl4"} <= set(packages)
    uid = int(re.search(r"--uid (\d+)", runtime).group(1))
    assert re.search(rf"^USER {uid}(:\d+)?$", runtime, flags=re.MULTILINE)
    assert one("Deployment")["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == uid


class RecordingProxy:
    """A TCP proxy in front of a Kubernetes API that records each request's method and target."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.requests = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self.requests_of, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self.pipe, args=(upstream, client), daemon=True).start()

    def requests_of(self, client, upstream):
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = client.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                length = next((int(l.split(":", 1)[1]) for l in lines[1:] if l.lower().startswith("content-length:")), 0)
                while len(buffer) < length:
                    buffer += client.recv(65536)
                body, buffer = buffer[:length], buffer[length:]
                self.requests.append((method, target))
                upstream.sendall(head + b"\r\n\r\n" + body)
        except OSError:
            return
        finally:
            upstream.close()

    @staticmethod
    def pipe(source, destination):
        try:
            while chunk := source.recv(65536):
                destination.sendall(chunk)
        except OSError:
            pass
        finally:
            destination.close()

    def verbs(self, group, resource):
        """The RBAC verb of each request for `resource` of `group`, as kube-apiserver names it."""
        verbs = set()
        for method, target in self.requests:
            url = urllib.parse.urlsplit(target)
            parts = url.path.strip("/").split("/")
            if parts[:2] != ["apis", group] or resource not in parts:
                continue
            after = parts[parts.index(resource) + 1:]
            query = urllib.parse.parse_qs(url.query)
            if method == "GET":
                verbs.add("watch" if query.get("watch") in (["1"], ["true"]) else ("get" if after else "list"))
            else:
                verbs.add({"POST": "create", "PUT": "update", "PATCH": "patch",
                           "DELETE": "delete" if after else "deletecollection"}[method])
        return verbs


def test_the_cluster_role_grants_exactly_the_verbs_the_gateway_uses(start_gateway, tmp_path):
    cluster_dir, front_dir = tmp_path / "cluster", tmp_path / "front"
    cluster_dir.mkdir()
    front_dir.mkdir()
    cluster = start_gateway("--controller-delay", "0.2", workdir=cluster_dir)
    proxy = RecordingProxy(cluster.port)
    (front_dir / "kubeconfig").write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        f"clusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:{proxy.port}\n"
        "users:\n- name: u\n  user: {}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n"
    )
    front = start_gateway("--cluster", "kubeconfig", "--kubeconfig", "kubeconfig", "--push-max-backoff", "0.3",
                          workdir=front_dir)
    job = {"job": {"name": "rbac", "project": "team-a", "image": "nginx:1.27", "gpu": 1}}
    assert call(front, "POST", "/api/v1/jobs", job, headers={"RA-USER": "john"}).status == 200

    def status():
        reply = call(front, "GET", "/api/v1/jobs/team-a/rbac")
        return reply.json["data"][0]["status"] if reply.status == 200 else None

    deadline = time.monotonic() + 60
    while status() != "Running":
        assert time.monotonic() < deadline, "the job did not run"
        time.sleep(0.05)
    assert call(front, "DELETE", "/api/v1/jobs", [{"name": "rbac", "project": "team-a"}]).status == 200
    while call(cluster, "GET", "/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads").json["items"]:
        assert time.monotonic() < deadline, "the object was not deleted"
        time.sleep(0.05)
    assert front.stop() == 0

    used = proxy.verbs("run.ai", "inferenceworkloads")
    role = one("ClusterRole")
    (rule,) = role["rules"]
    assert rule["apiGroups"] == ["run.ai"] and rule["resources"] == ["inferenceworkloads"]
    assert set(rule["verbs"]) == used, f"the gateway sent {sorted(used)}"
    others = [(m, t) for m, t in proxy.requests if "/inferenceworkloads" not in t]
    assert all(m == "GET" for m, _ in others), f"every other request is discovery, which RBAC grants to all: {others}"
    binding = one("ClusterRoleBinding")
    assert binding["roleRef"]["name"] == role["metadata"]["name"]
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": one("ServiceAccount")["metadata"]["name"],
                                    "namespace": one("ServiceAccount")["metadata"]["namespace"]}]
