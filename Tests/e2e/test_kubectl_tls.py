"""kubectl with the gateway's bearer tokens, over TLS as kubectl requires for credentials."""
import yaml

from kubectl_support import Kubectl, start_tls_proxy, workload


def test_kubectl_with_a_bearer_token_over_tls_is_confined_to_its_projects_namespaces(start_gateway, tmp_path):
    tokens = tmp_path / "tokens.yaml"
    tokens.write_text(yaml.safe_dump({"tokens": [{"token": "alice-secret", "user": "alice", "projects": ["team-a"]}]}))
    gateway = start_gateway("--auth", "tokens", "--tokens-file", str(tokens))
    tls = tmp_path / "tls"
    tls.mkdir()
    # kubectl sends tokens only to https:// servers, so the test puts TLS in front as an operator would.
    url, ca, proxy = start_tls_proxy(tls, gateway.port)
    try:
        alice = Kubectl(gateway, tmp_path, server=url, ca=ca, token="alice-secret", namespace="runai-team-a", name="alice")
        assert alice.ok("create", "-f", alice.write("iw.yaml", workload("mine") | {"metadata": {"name": "mine"}})).strip() == \
            "inferenceworkload.run.ai/mine created"
        assert [i["metadata"]["name"] for i in alice.get_json("iw")["items"]] == ["mine"]

        elsewhere = alice.run("get", "iw", "-n", "runai-team-b")
        assert elsewhere.returncode == 1
        assert ('Error from server (Forbidden): inferenceworkloads.run.ai is forbidden: User "alice" cannot list resource '
                '"inferenceworkloads" in API group "run.ai" in the namespace "runai-team-b"') in elsewhere.stderr

        stranger = Kubectl(gateway, tmp_path, server=url, ca=ca, token="guessed", namespace="runai-team-a", name="stranger")
        refused = stranger.run("get", "iw")
        assert refused.returncode == 1
        assert "error: You must be logged in to the server" in refused.stderr
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
