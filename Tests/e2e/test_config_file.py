"""`serve --config FILE` against the real binary: a YAML file of settings below the environment and
the flags, refused whole (naming the key and the rule) when it holds a key that is no setting."""
import re
import subprocess

import pytest

from conftest import BINARY, ROOT
from legacy_client import call

# A submit body of about 600 bytes: over a 300-byte body limit, well under the default 1 MiB.
BODY = {"job": {"name": "sized", "project": "team-a", "image": "nginx", "environment": {"PAD": "x" * 500}}}


def write_config(tmp_path, text):
    path = tmp_path / "gateway.yaml"
    path.write_text(text)
    return str(path)


def test_the_file_is_below_the_environment_which_is_below_the_flags(start_gateway, tmp_path):
    config = write_config(tmp_path, "max-body-size: 300\nlog-level: info\n")

    from_file = start_gateway("--config", config)
    assert call(from_file, "POST", "/api/v1/jobs", BODY).status == 413, "the file's limit applies"

    environment_wins = start_gateway("--config", config, env={"GATEWAY_MAX_BODY_SIZE": "1MiB"})
    assert call(environment_wins, "POST", "/api/v1/jobs", BODY).status == 200, "the environment wins over the file"

    flag_wins = start_gateway("--config", config, "--max-body-size", "300", env={"GATEWAY_MAX_BODY_SIZE": "1MiB"})
    assert call(flag_wins, "POST", "/api/v1/jobs", BODY).status == 413, "the flag wins over the environment"


@pytest.mark.parametrize(
    "text, message",
    [
        ("max-body-size: 1MiB\nmax-body: 2MiB\n", "unknown key max-body; the keys are the flags' names without --"),
        ("oidc:\n  issuer: https://idp\n", "unknown key oidc"),
        ("submit-wait: soon\n", "submit-wait: --submit-wait must be a number of seconds from 0 to 60, not soon"),
        ("tokens-file: [a, b]\n", "tokens-file must be a single value"),
    ],
)
def test_a_bad_file_stops_the_start_naming_the_key_and_the_rule(tmp_path, text, message):
    config = write_config(tmp_path, text)
    result = subprocess.run(
        [str(BINARY), "serve", "--port", "0", "--config", config], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert config in result.stderr


def test_serve_help_lists_every_flag_of_the_readme_with_its_variable():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(--[a-z-]+)` \| ([^|]*)\|", section, flags=re.MULTILINE)
    assert len(rows) > 30
    result = subprocess.run([str(BINARY), "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    help_text = " ".join(result.stdout.split())
    for flag, variables in rows:
        assert flag + " " in help_text or flag + "\n" in result.stdout, flag
        variable = re.search(r"`(GATEWAY_[A-Z_]+)`", variables)
        if variable:
            assert "Env: " + variable.group(1) in help_text, flag
