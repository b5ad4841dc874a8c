"""`inference-gateway config --print` and the settings checks every subcommand shares, against
the real binary: the value in force and where it came from, masked credentials, refusals that
name the key and the rule, and `migrate`/`backup` reading the same --config file."""
import os
import re
import subprocess

import yaml

from conftest import BINARY


def run(*args, cwd, env=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    environment.update(env or {})
    return subprocess.run([str(BINARY), *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60)


def printed(result):
    """The printed settings: {key: (value, origin)}, values as YAML reads them back (defaults are
    commented out; a setting without a value is None)."""
    assert result.returncode == 0, result.stderr
    rows = {}
    for line in result.stdout.splitlines():
        entry, _, note = line.rpartition("  # ")
        origin = note.split(",")[0].strip()
        if origin == "default":
            assert entry.startswith("# "), line
            entry = entry[2:]
        rows.update({key: (value, origin) for key, value in yaml.safe_load(entry).items()})
    return rows


def test_each_value_in_force_is_shown_with_where_it_came_from(tmp_path):
    config = tmp_path / "gateway.yaml"
    config.write_text("port: 9090\nlog-level: warning\nsubmit-wait: 1\nnamespace-pattern: ml-{project}\n")
    result = run("config", "--print", "--config", str(config), "--submit-wait", "5", cwd=tmp_path,
                 env={"GATEWAY_LOG_LEVEL": "debug"})
    rows = printed(result)

    assert rows["port"] == (9090, "file")
    assert rows["namespace-pattern"] == ("ml-{project}", "file")
    assert rows["log-level"] == ("debug", "env"), "the environment wins over the file"
    assert rows["submit-wait"] == (5, "flag"), "the flag wins over the file"
    assert rows["host"] == ("127.0.0.1", "default")
    assert rows["shutdown-timeout"] == (25, "default")
    assert rows["tokens-file"] == (None, "default"), "a setting without a value is shown as not set"
    assert re.search(r"^# tokens-file: +# default, not set$", result.stdout, flags=re.MULTILINE)


def test_the_printed_settings_are_a_config_file_that_gives_the_same_values(tmp_path):
    first = run("config", "--print", "--max-body-size", "2MiB", "--namespace-pattern", "{project}: ml",
                cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    copy = tmp_path / "printed.yaml"
    copy.write_text(first.stdout)

    again = run("config", "--print", "--config", str(copy), cwd=tmp_path)
    values = {key: value for key, (value, _) in printed(again).items()}
    assert values == {key: value for key, (value, _) in printed(first).items()}
    assert printed(again)["max-body-size"] == ("2MiB", "file")
    assert printed(again)["namespace-pattern"] == ("{project}: ml", "file")
    assert printed(again)["port"] == (8080, "default"), "a default stays a default"


def test_credentials_in_urls_are_never_printed(tmp_path):
    result = run("config", "--print", "--auth", "oidc", "--oidc-issuer", "https://idp.example/realms/runai",
                 "--oidc-audience", "runai", cwd=tmp_path,
                 env={"GATEWAY_OIDC_JWKS_URL": "https://gateway:hunter2@idp.example/certs",
                      "GATEWAY_CLUSTER_BASE_URL": "https://ops:s3cret@cluster.example"})
    assert result.returncode == 0, result.stderr
    assert "hunter2" not in result.stdout and "s3cret" not in result.stdout
    assert "gateway" not in result.stdout.split("oidc-jwks-url")[1].split("\n")[0]
    rows = printed(result)
    assert rows["oidc-jwks-url"] == ("https://<secret>@idp.example/certs", "env")
    assert rows["cluster-base-url"] == ("https://<secret>@cluster.example", "env")


def test_a_bad_value_is_refused_naming_the_key_and_the_rule_wherever_it_was_given(tmp_path):
    config = tmp_path / "gateway.yaml"
    config.write_text("shutdown-timeout: forever\n")
    from_file = run("config", "--print", "--config", str(config), cwd=tmp_path)
    assert from_file.returncode != 0 and from_file.stdout == ""
    assert "shutdown-timeout: --shutdown-timeout must be a number of seconds from 1 to 3600, not forever" in from_file.stderr

    config.write_text("shutdown-timeout: 5\nshutdown-drain: 5\n")
    drain = run("config", "--config", str(config), cwd=tmp_path)
    assert drain.returncode != 0
    assert "--shutdown-drain must be shorter than --shutdown-timeout" in drain.stderr

    config.write_text("port: 8080\nshutdown-deadline: 5\n")
    unknown = run("config", "--print", "--config", str(config), cwd=tmp_path)
    assert unknown.returncode != 0
    assert "unknown key shutdown-deadline" in unknown.stderr


def test_an_unknown_log_level_in_the_environment_stops_the_start_instead_of_being_ignored(tmp_path):
    for command in (["serve", "--port", "0"], ["config", "--print"]):
        result = run(*command, cwd=tmp_path, env={"GATEWAY_LOG_LEVEL": "verbose"})
        assert result.returncode != 0, command
        assert "GATEWAY_LOG_LEVEL: --log-level must be trace, debug, info, notice, warning, error or critical, not verbose" \
            in result.stderr
    assert not (tmp_path / "data").exists(), "nothing is created before the configuration is accepted"


def test_migrate_and_backup_find_the_database_through_the_config_file(tmp_path):
    config = tmp_path / "gateway.yaml"
    config.write_text("database: state/gateway.sqlite\n")
    migrated = run("migrate", "--config", str(config), cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout.startswith("applied ")
    assert (tmp_path / "state" / "gateway.sqlite").exists()
    assert not (tmp_path / "data").exists()

    status = run("migrate", "--status", "--config", str(config), cwd=tmp_path)
    assert status.returncode == 0 and "pending" not in status.stdout and "\tapplied " in status.stdout

    backup = run("backup", "--config", str(config), "--to", "copy.sqlite", cwd=tmp_path)
    assert backup.returncode == 0, backup.stderr
    assert "backed up " in backup.stdout and (tmp_path / "copy.sqlite").stat().st_size > 0

    flag_wins = run("migrate", "--status", "--config", str(config), "--database", "other.sqlite", cwd=tmp_path)
    assert flag_wins.returncode == 0 and "pending" in flag_wins.stdout

    config.write_text("databse: x.sqlite\n")
    typo = run("migrate", "--config", str(config), cwd=tmp_path)
    assert typo.returncode != 0 and "unknown key databse" in typo.stderr


def test_every_setting_is_also_a_serve_flag(tmp_path):
    settings = set(printed(run("config", "--print", cwd=tmp_path)))
    help_text = run("serve", "--help", cwd=tmp_path)
    assert help_text.returncode == 0, help_text.stderr
    flags = set(re.findall(r"--([a-z0-9-]+)", help_text.stdout))
    assert settings - flags == set(), "a setting read from the environment and the file must be a flag too"
