"""`inference-gateway translate`: the migration tool shows the InferenceWorkload a legacy body becomes."""
import json
import subprocess
from pathlib import Path

import yaml

from conftest import BINARY

FIXTURES = Path(__file__).resolve().parents[1] / "GatewayCoreTests" / "Fixtures"


def run_translate(*args, stdin=None):
    return subprocess.run(
        [str(BINARY), "translate", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_a_newcomer_translating_the_reference_example_gets_the_documented_object(tmp_path):
    fixture = json.loads((FIXTURES / "01-worked-example.json").read_text())
    body = tmp_path / "submit.json"
    body.write_text(json.dumps(fixture["request"]))

    result = run_translate(str(body), "--user", "john")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == fixture["expected"]


def test_yaml_output_from_standard_input_is_the_same_object():
    fixture = json.loads((FIXTURES / "01-worked-example.json").read_text())

    result = run_translate("--output", "yaml", "--user", "john", stdin=json.dumps(fixture["request"]))

    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout) == fixture["expected"]


def test_the_older_api_version_can_be_chosen():
    body = json.dumps({"job": {"name": "old", "project": "team-a", "image": "nginx"}})

    result = run_translate("--api-version", "v1alpha1", "-", stdin=body)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["apiVersion"] == "run.ai/v1alpha1"


def test_a_training_job_is_refused_with_the_legacy_error_body_naming_the_kind_to_use():
    body = json.dumps({"job": {"project": "team-a", "image": "nginx", "type": "training"}})

    result = run_translate(stdin=body)

    assert result.returncode == 1
    assert result.stdout == ""
    error = json.loads(result.stderr)
    assert error["status"] == 422
    assert error["field"] == "job.type"
    assert "TrainingWorkload" in error["details"]


def test_malformed_json_is_refused_saying_where():
    result = run_translate(stdin='{"job": {"project": "team-a",')

    assert result.returncode == 1
    error = json.loads(result.stderr)
    assert error["status"] == 400
    assert "line 1" in error["details"]


KUBERNETES_FIXTURES = FIXTURES / "LegacyKubernetes"


def manifest_fixtures():
    return sorted(KUBERNETES_FIXTURES.glob("*.json"))


def test_a_legacy_deployment_and_service_manifest_in_yaml_becomes_the_workload_kubectl_apply_would_create(tmp_path):
    translated = 0
    for path in manifest_fixtures():
        fixture = json.loads(path.read_text())
        if "expected" not in fixture:
            continue
        documents = [fixture["deployment"]] + ([fixture["service"]] if fixture.get("service") else [])
        manifest = tmp_path / f"{path.stem}.yaml"
        manifest.write_text(yaml.safe_dump_all(documents))
        result = run_translate(str(manifest))
        assert result.returncode == 0, f"{path.name}: {result.stderr}"
        assert json.loads(result.stdout) == fixture["expected"], path.name
        translated += 1
    assert translated >= 5


def test_a_deployment_the_translation_cannot_express_prints_the_422_status_naming_each_field():
    refused = 0
    for path in manifest_fixtures():
        fixture = json.loads(path.read_text())
        if "refused" not in fixture:
            continue
        items = [fixture["deployment"]] + ([fixture["service"]] if fixture.get("service") else [])
        result = run_translate(stdin=json.dumps({"kind": "List", "apiVersion": "v1", "items": items}))
        assert result.returncode == 1, path.name
        status = json.loads(result.stderr)
        assert status["kind"] == "Status" and status["code"] == 422 and status["reason"] == "Invalid", path.name
        fields = {cause["field"] for cause in status["details"]["causes"]}
        assert fields >= {cause["field"] for cause in fixture["refused"].get("causes", [])}, path.name
        refused += 1
    assert refused >= 3
