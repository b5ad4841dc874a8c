"""Property-based tests of the legacy API against its OpenAPI document: schemathesis generates
requests from the document the gateway serves, with a fixed seed and a bounded number of cases,
and checks that no answer is a 5xx and every answer (status, content type, headers, body) is one
the document allows."""
import shutil
import subprocess
import sys
from pathlib import Path

from legacy_client import call

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def schemathesis_command():
    found = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    return [found]


def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_document(gateway, tmp_path):
    # A job to find, so that get and delete operations also meet existing data.
    seeded = call(gateway, "POST", "/api/v1/jobs", {"job": {"name": "inference1", "project": "team-a", "image": "nginx"}})
    assert seeded.status == 200

    result = subprocess.run(
        [
            *schemathesis_command(),
            "run",
            f"{gateway.url}/openapi.yaml",
            "--url", gateway.url,
            "--seed", "4242",
            "--max-examples", "15",
            "--workers", "1",
            "--no-shrink",
            "--checks", CHECKS,
            "--request-timeout", "10",
            "--report", "junit",
            "--report-dir", str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert " passed" in output
    assert "Server error" not in output
    # The gateway stayed healthy throughout.
    assert call(gateway, "GET", "/healthz").status == 200
