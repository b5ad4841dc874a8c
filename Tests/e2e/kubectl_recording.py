"""Records what kubectl sends (`-v=9`: what `-v=8` logs, with whole bodies) into fixtures, and reads them back.

`python3 Tests/e2e/kubectl_recording.py` runs the legacy Deployment + Service scenario with the
real kubectl against a fresh gateway and writes one fixture per step under
`Tests/e2e/fixtures/kubectl-1.32/`: each request as `{"method", "path", "query", "accept",
"contentType", "body", "status"}` (one JSON object a line), with the host, port and timing left out.
"""
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kubectl-1.32"
CURL = re.compile(r"round_trippers\.go:\d+\] curl -v -X(\w+) (.*) '(\S+)'$")
HEADER = re.compile(r'-H "([^:"]+): ([^"]*)"')
BODY = re.compile(r'"Request Body" body="(.*)"$')
STATUS = re.compile(r"round_trippers\.go:\d+\] (GET|POST|PUT|PATCH|DELETE) (\S+) (\d{3}) ")
# Steps: (fixture name, kubectl arguments); the manifests are written by `record`.
STEPS = [
    ("apply-create", ["apply", "-f", "{manifest}"]),
    ("apply-unchanged", ["apply", "-f", "{manifest}"]),
    ("apply-configured", ["apply", "-f", "{edited}"]),
    ("get-deployments", ["get", "deployments"]),
    ("get-svc", ["get", "svc"]),
    ("scale", ["scale", "deployment/inf1", "--replicas=3"]),
    ("rollout-status", ["rollout", "status", "deployment/inf1", "--timeout=60s"]),
    ("describe", ["describe", "deployment", "inf1"]),
    ("delete", ["delete", "-f", "{edited}"]),
]


def parse(log):
    """The requests of a `-v=9` log, in order: each `curl` line with the body logged before it and the status after it."""
    requests, body, current, multiline = [], None, None, False
    for line in log.splitlines():
        if multiline:
            # A body klog writes on its own lines: `body=<`, the text indented, then ` >`.
            body, multiline = line.strip(), False
        elif line.endswith('"Request Body" body=<'):
            multiline = True
        elif match := BODY.search(line):
            body = json.loads('"' + match.group(1) + '"')
        elif match := CURL.search(line):
            url = urlsplit(match.group(3))
            query = dict(parse_qsl(url.query))
            query.pop("timeout", None)
            if "hash" in query:
                query["hash"] = "<hash>"
            headers = dict(HEADER.findall(match.group(2)))
            current = {
                "method": match.group(1), "path": url.path, "query": query, "accept": headers.get("Accept"),
                "contentType": headers.get("Content-Type"), "body": body_value(body or ""), "status": None,
            }
            requests.append(current)
            body = None
        elif current and (match := STATUS.search(line)) and current["status"] is None:
            current["status"] = int(match.group(3))
    return requests


def body_value(text):
    """A request body: its JSON, or the text when it is not JSON (or was cut short)."""
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def scrub(requests):
    """Requests without what changes from run to run (resource versions, uids, times)."""
    def clean(value):
        if isinstance(value, dict):
            return {k: ("<volatile>" if k in ("resourceVersion", "uid", "creationTimestamp", "timeoutSeconds") else clean(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value
    return [clean(request) for request in requests]


def load(step):
    """The recorded requests of a step."""
    return [json.loads(line) for line in (FIXTURES / f"{step}.jsonl").read_text().splitlines() if line.strip()]


def record(gateway_url, workdir, manifest, edited):
    """Runs every step with `-v=8` and writes its fixture."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from kubectl_support import KUBECTL  # noqa: E402
    kubeconfig = workdir / "kubeconfig"
    kubeconfig.write_text(json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": "g",
        "clusters": [{"name": "g", "cluster": {"server": gateway_url}}],
        "users": [{"name": "u", "user": {}}],
        "contexts": [{"name": "g", "context": {"cluster": "g", "user": "u", "namespace": "runai-team-a"}}],
    }))
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, arguments in STEPS:
        arguments = [a.format(manifest=manifest, edited=edited) for a in arguments]
        result = subprocess.run([KUBECTL, "--kubeconfig", str(kubeconfig), "--cache-dir", str(workdir / "cache"), "-v=9", *arguments],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
        lines = [json.dumps(request, sort_keys=True) for request in scrub(parse(result.stderr))]
        (FIXTURES / f"{name}.jsonl").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import yaml  # noqa: E402
    from conftest import Gateway  # noqa: E402
    from test_kubectl_deployments import deployment, service  # noqa: E402
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        gateway = Gateway(workdir)
        try:
            manifest, edited = workdir / "inf.yaml", workdir / "inf-edited.yaml"
            manifest.write_text(yaml.safe_dump_all([deployment("inf1"), service("inf1")]))
            edited.write_text(yaml.safe_dump_all([deployment("inf1", image="gcr.io/run-ai-demo/quickstart-inference-marian:v2"), service("inf1")]))
            record(gateway.url, workdir, manifest, edited)
        finally:
            gateway.stop()
    print("fixtures written to", FIXTURES)
