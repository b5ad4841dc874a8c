"""Template submits against the real binary: `{"template": …}` bodies with a templates file,
as a legacy integration that used Run:ai's templates sends them."""
import json
import subprocess

from conftest import BINARY
from legacy_client import call, load_openapi, validate

TEMPLATES = """\
templates:
  - name: small-gpu
    projects: [team-a]
    values:
      image: gcr.io/run-ai-demo/quickstart-inference-marian
      gpu: 0.5
      memory: 2G
      serviceType: nodeport
      environment: {BATCH_SIZE: "50", LOG_LEVEL: info}
      ports: {http: {container: 8888, external: 30088}}
"""

TEMPLATE_SUBMIT = {
    "template": {
        "name": "my-marian",
        "project": "team-a",
        "settingsName": "small-gpu",
        "values": {"name": "marian1", "gpu": 1, "environment": {"LOG_LEVEL": "debug"}, "ports": {"metrics": {"container": 9090}}},
    }
}

EQUIVALENT_JOB = {
    "job": {
        "name": "marian1",
        "project": "team-a",
        "image": "gcr.io/run-ai-demo/quickstart-inference-marian",
        "gpu": 1,
        "memory": "2G",
        "serviceType": "nodeport",
        "environment": {"BATCH_SIZE": "50", "LOG_LEVEL": "debug"},
        "ports": [{"container": 8888, "external": 30088}, {"container": 9090}],
    }
}


def templates_file(tmp_path, text=TEMPLATES):
    path = tmp_path / "templates.yaml"
    path.write_text(text)
    return path


def test_a_template_submit_runs_the_equivalent_job_and_list_and_get_name_the_template(start_gateway, tmp_path):
    gateway = start_gateway("--templates-file", str(templates_file(tmp_path)))
    submitted = call(gateway, "POST", "/api/v1/jobs", TEMPLATE_SUBMIT, headers={"RA-USER": "john"})
    assert submitted.status == 200, submitted.body
    assert submitted.json == {"name": "marian1"}
    assert submitted.header("Deprecation") is not None

    # The cluster got exactly the object the equivalent {"job": …} becomes.
    translated = subprocess.run(
        [str(BINARY), "translate", "--user", "john"], input=json.dumps(EQUIVALENT_JOB), capture_output=True, text=True, check=True
    )
    pushed = call(gateway, "GET", "/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/marian1")
    assert pushed.status == 200, pushed.body
    assert pushed.json["spec"] == json.loads(translated.stdout)["spec"]

    document = load_openapi()
    for path in ["/api/v1/jobs", "/api/v1/jobs/team-a", "/api/v1/jobs/team-a/marian1", "/researcher/api/v1/job/team-a/marian1"]:
        listed = call(gateway, "GET", path)
        assert listed.status == 200, path
        validate(document, "JobListResponse", listed.json)
        (view,) = [job for job in listed.json["data"] if job["name"] == "marian1"]
        assert view["template"] == {"name": "my-marian", "project": "team-a", "settingsName": "small-gpu"}
        assert view["images"] == "gcr.io/run-ai-demo/quickstart-inference-marian"


def test_an_unknown_settings_name_is_a_404_naming_it_and_the_file_is_re_read(start_gateway, tmp_path):
    path = templates_file(tmp_path)
    gateway = start_gateway("--templates-file", str(path))
    body = {"template": {"project": "team-a", "settingsName": "large-gpu", "values": {"name": "big1"}}}
    refused = call(gateway, "POST", "/api/v1/jobs", body)
    assert refused.status == 404
    assert refused.json["field"] == "template.settingsName"
    assert '"large-gpu"' in refused.json["message"]
    assert call(gateway, "GET", "/api/v1/jobs/team-a/big1").status == 404

    # The administrator adds the template: the next submit finds it, without a restart.
    path.write_text(TEMPLATES + "  - name: large-gpu\n    values: {image: nginx, gpu: 2}\n")
    accepted = call(gateway, "POST", "/api/v1/jobs", body)
    assert accepted.status == 200, accepted.body
    (view,) = call(gateway, "GET", "/api/v1/jobs/team-a/big1").json["data"]
    assert view["template"] == {"name": "large-gpu", "project": "team-a", "settingsName": "large-gpu"}


def test_a_job_submit_shows_no_template_and_a_template_submit_retried_with_its_key_is_answered_once(start_gateway, tmp_path):
    gateway = start_gateway("--templates-file", str(templates_file(tmp_path)))
    assert call(gateway, "POST", "/api/v1/jobs", {"job": {"name": "plain", "project": "team-a", "image": "nginx"}}).status == 200
    (plain,) = call(gateway, "GET", "/api/v1/jobs/team-a/plain").json["data"]
    assert "template" not in plain

    key = {"Idempotency-Key": "template-once"}
    first = call(gateway, "POST", "/api/v1/jobs", TEMPLATE_SUBMIT, headers=key)
    retry = call(gateway, "POST", "/api/v1/jobs", TEMPLATE_SUBMIT, headers=key)
    assert first.status == retry.status == 200
    assert retry.body == first.body
    names = [job["name"] for job in call(gateway, "GET", "/api/v1/jobs/team-a").json["data"]]
    assert sorted(names) == ["marian1", "plain"]


def test_an_invalid_templates_file_stops_the_start_naming_the_entry_and_not_its_secret(tmp_path):
    path = templates_file(
        tmp_path,
        TEMPLATES
        + "  - name: git\n    values: {gitSync: {models: {repository: 'https://example.com/m.git', password: hunter2-secret, sync: 'no'}}}\n",
    )
    result = subprocess.run(
        [str(BINARY), "serve", "--port", "0", "--templates-file", str(path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "templates[1].values.gitSync.models.sync" in result.stderr
    assert "hunter2-secret" not in result.stderr + result.stdout


def test_the_environment_variable_names_the_templates_file(start_gateway, tmp_path):
    gateway = start_gateway(env={"GATEWAY_TEMPLATES_FILE": str(templates_file(tmp_path))})
    assert call(gateway, "POST", "/api/v1/jobs", TEMPLATE_SUBMIT).status == 200



def test_translate_reads_template_bodies_and_the_templates_file(tmp_path):
    path = templates_file(tmp_path)

    def translate(body, *args):
        return subprocess.run(
            [str(BINARY), "translate", "--user", "john", *args], input=json.dumps(body), capture_output=True, text=True, timeout=60
        )

    from_template = translate(TEMPLATE_SUBMIT, "--templates-file", str(path))
    assert from_template.returncode == 0, from_template.stderr
    assert json.loads(from_template.stdout) == json.loads(translate(EQUIVALENT_JOB).stdout)

    without_file = translate(TEMPLATE_SUBMIT)
    assert without_file.returncode == 1
    error = json.loads(without_file.stderr)
    assert error["status"] == 404 and error["field"] == "template.settingsName"


def test_the_translate_endpoint_uses_the_gateways_templates_and_namespace_pattern(start_gateway, tmp_path):
    gateway = start_gateway("--templates-file", str(templates_file(tmp_path)), "--namespace-pattern", "teams-{project}")
    translated = call(gateway, "POST", "/api/v1/migration/translate", TEMPLATE_SUBMIT, headers={"RA-USER": "john"})
    assert translated.status == 200, translated.body
    submitted = call(gateway, "POST", "/api/v1/jobs", TEMPLATE_SUBMIT, headers={"RA-USER": "john"})
    assert submitted.status == 200, submitted.body
    pushed = call(gateway, "GET", "/apis/run.ai/v2alpha1/namespaces/teams-team-a/inferenceworkloads/marian1")
    assert pushed.status == 200, pushed.body
    workload = translated.json["workload"]
    assert workload["metadata"]["namespace"] == "teams-team-a"
    assert workload["spec"] == pushed.json["spec"], "the translation is what the submit pushed"
    assert {field["legacy"] for field in translated.json["fields"]} >= {"template.settingsName", "template.values"}
