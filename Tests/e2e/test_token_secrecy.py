"""No token ever reaches the log: the real binary at --log-level trace, with a tokens file that is
wrong at start and one that turns wrong while it runs, never writes a token to stderr."""
import subprocess

from conftest import BINARY
from legacy_client import call

SECRET = "e2e-s3cr3t-token-0123456789"
UNKNOWN_KEY = f"tokens:\n  - token: {SECRET}\n    user: alice\n    projects: [team-a]\n    note: {SECRET}\n"
TOKEN_AS_KEY = f"tokens:\n  - {SECRET}: alice\n    user: alice\n    projects: [team-a]\n"
VALID = f"tokens:\n  - token: {SECRET}\n    user: alice\n    projects: [team-a]\n"


def test_a_bad_tokens_file_at_start_is_refused_without_its_token(tmp_path):
    for text in (UNKNOWN_KEY, TOKEN_AS_KEY):
        tokens = tmp_path / "tokens.yaml"
        tokens.write_text(text)
        result = subprocess.run(
            [str(BINARY), "serve", "--port", "0", "--log-level", "trace", "--tokens-file", str(tokens)],
            cwd=tmp_path, capture_output=True, text=True, timeout=60,
        )
        assert result.returncode != 0
        assert "tokens[0] (user alice)" in result.stderr, result.stderr
        assert "unknown key" in result.stderr, result.stderr
        assert SECRET not in result.stderr + result.stdout


def test_a_tokens_file_that_turns_bad_is_logged_without_its_token(start_gateway, tmp_path):
    tokens = tmp_path / "tokens.yaml"
    tokens.write_text(VALID)
    gateway = start_gateway("--log-level", "trace", "--tokens-file", str(tokens))
    bearer = {"Authorization": f"Bearer {SECRET}"}
    assert call(gateway, "GET", "/api/v1/jobs", headers=bearer).status == 200
    assert call(gateway, "GET", "/api/v1/jobs", headers={"Authorization": f"Bearer {SECRET}-guess"}).status == 401

    tokens.write_text(UNKNOWN_KEY)
    # The file is re-read on the next call; its last good tokens stay in force.
    assert call(gateway, "GET", "/api/v1/jobs", headers=bearer).status == 200
    assert call(gateway, "POST", "/api/v1/jobs", {"job": {"name": "a1", "project": "team-a", "image": "nginx"}}, bearer).status == 200
    gateway.stop()
    log = "".join(gateway.log_lines)
    assert "the tokens file changed and is not valid" in log
    assert "tokens[0] (user alice)" in log
    assert " trace " in log or " debug " in log, "the log ran at trace level"
    assert SECRET not in log
