"""The tokens and templates files are re-read without a restart: when they change, and on SIGHUP
even when the change cannot be seen from the file's size, time and inode. SIGHUP does not end
the gateway."""
import json
import os
import signal
import time

from legacy_client import call

TOKENS = "tokens:\n  - token: {token}\n    user: ops\n    projects: [team-a]\n"


def write_in_place(path, text):
    """Rewrites the file's bytes keeping its inode, size and modification time."""
    stat = path.stat()
    assert len(text.encode()) == stat.st_size
    with open(path, "r+") as file:
        file.write(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def status_with(gateway, token):
    return call(gateway, "GET", "/api/v1/jobs", headers={"Authorization": f"Bearer {token}"}).status


def eventually(condition, timeout=20, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_sighup_rereads_the_tokens_file_even_when_it_looks_unchanged(start_gateway, tmp_path):
    tokens = tmp_path / "tokens.yaml"
    tokens.write_text(TOKENS.format(token="first-token-aaaa"))
    gateway = start_gateway("--auth", "tokens", "--tokens-file", str(tokens))
    assert status_with(gateway, "first-token-aaaa") == 200

    write_in_place(tokens, TOKENS.format(token="other-token-bbbb"))
    assert status_with(gateway, "other-token-bbbb") == 401, "an unseen change is not read before SIGHUP"
    assert status_with(gateway, "first-token-aaaa") == 200

    gateway.process.send_signal(signal.SIGHUP)
    eventually(lambda: status_with(gateway, "other-token-bbbb") == 200, what="the new token after SIGHUP")
    assert status_with(gateway, "first-token-aaaa") == 401
    assert gateway.process.poll() is None, "SIGHUP does not end the gateway"
    eventually(lambda: any("SIGHUP: files re-read" in line and str(tokens) in line for line in gateway.log_lines),
               what="the SIGHUP to be logged")


def test_a_changed_tokens_file_is_read_without_a_signal_and_a_broken_one_keeps_the_last(start_gateway, tmp_path):
    tokens = tmp_path / "tokens.yaml"
    tokens.write_text(TOKENS.format(token="first"))
    gateway = start_gateway("--auth", "tokens", "--tokens-file", str(tokens))
    assert status_with(gateway, "first") == 200

    tokens.write_text(TOKENS.format(token="second-one"))
    assert status_with(gateway, "second-one") == 200
    assert status_with(gateway, "first") == 401

    tokens.write_text("tokens: [not, a, mapping]\n")
    gateway.process.send_signal(signal.SIGHUP)
    assert status_with(gateway, "second-one") == 200, "an invalid new version leaves the previous one in force"
    assert gateway.process.poll() is None


def test_the_oidc_projects_file_is_reread_when_it_changes(start_gateway, tmp_path):
    from test_oidc import Key, call as oidc_call, claims, oidc_flags

    key = Key("rsa-key", "RS256")
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [key.jwk]}))
    groups = tmp_path / "groups.yaml"
    groups.write_text("groups:\n  ml-research: [team-a]\n")
    gateway = start_gateway(*oidc_flags("--oidc-jwks-file", "jwks.json", "--oidc-projects-file", str(groups)))
    token = key.sign(claims(projects=["ml-research"]))
    path = gateway.url + "/apis/run.ai/v2alpha1/namespaces/{}/inferenceworkloads"

    def status(namespace):
        return oidc_call("GET", path.format(namespace), token=token)[0]

    assert (status("runai-team-a"), status("runai-team-b")) == (200, 403)
    groups.write_text("groups:\n  ml-research: [team-b, team-c]\n")
    assert (status("runai-team-a"), status("runai-team-b")) == (403, 200), "the new groups apply without a restart"

    groups.write_text("groups: [broken]\n")
    assert status("runai-team-b") == 200, "an invalid new version leaves the previous one in force"
    eventually(lambda: any("the OIDC projects file changed and is not valid" in line for line in gateway.log_lines),
               what="the refused version to be logged")


def test_a_secret_volume_update_is_read_without_a_signal(start_gateway, tmp_path):
    """As the kubelet updates a Secret: the file is a link through ..data, and ..data is swapped."""
    volume = tmp_path / "tokens"
    (volume / "..v1").mkdir(parents=True)
    (volume / "..v1" / "tokens.yaml").write_text(TOKENS.format(token="first-token-aaaa"))
    (volume / "..data").symlink_to("..v1")
    (volume / "tokens.yaml").symlink_to("..data/tokens.yaml")
    gateway = start_gateway("--auth", "tokens", "--tokens-file", str(volume / "tokens.yaml"))
    assert status_with(gateway, "first-token-aaaa") == 200

    (volume / "..v2").mkdir()
    (volume / "..v2" / "tokens.yaml").write_text(TOKENS.format(token="other-token-bbbb"))
    (volume / "..data_tmp").symlink_to("..v2")
    os.replace(volume / "..data_tmp", volume / "..data")
    assert status_with(gateway, "other-token-bbbb") == 200
    assert status_with(gateway, "first-token-aaaa") == 401


def test_a_changed_projects_file_takes_effect_from_the_next_request(start_gateway, tmp_path):
    projects = tmp_path / "projects.yaml"
    projects.write_text("projects:\n  - name: team-a\n")
    gateway = start_gateway("--projects-file", str(projects))

    def submit(name, project):
        job = {"job": {"name": name, "project": project, "image": "nginx:1.27"}}
        return call(gateway, "POST", "/api/v1/jobs", job, headers={"RA-USER": "john"}).status

    def listed():
        return sorted(p["name"] for p in call(gateway, "GET", "/api/v1/projects", headers={"RA-USER": "john"}).json["data"])

    assert submit("first", "team-b") == 404
    assert listed() == ["team-a"]

    projects.write_text("projects:\n  - name: team-a\n  - name: team-b\n    namespace: ml-b\n")
    assert submit("second", "team-b") == 200, "a project added to the file is there at the next request"
    assert listed() == ["team-a", "team-b"]
    objects = call(gateway, "GET", "/apis/run.ai/v2alpha1/namespaces/ml-b/inferenceworkloads").json["items"]
    assert [item["metadata"]["name"] for item in objects] == ["second"], "in the file's namespace"

    projects.write_text("projects:\n  - name: team-b\n    namespace: ml-b\n")
    assert submit("third", "team-a") == 404, "a project taken out of the file is gone"
    assert listed() == ["team-b"]

    projects.write_text("projects: {broken: true}\n")
    assert listed() == ["team-b"], "an invalid new version leaves the previous one in force"
