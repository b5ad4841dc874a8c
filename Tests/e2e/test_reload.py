"""The tokens and templates files are re-read without a restart: when they change, and on SIGHUP
even when the change cannot be seen from the file's size, time and inode. SIGHUP does not end
the gateway."""
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
    assert any("SIGHUP: files re-read" in line and str(tokens) in line for line in gateway.log_lines)


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
