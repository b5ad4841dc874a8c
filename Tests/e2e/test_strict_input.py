"""Strict input on legacy calls, against the real binary: names are checked whole (a NUL no longer
truncates them into another job's name), write bodies are parsed strictly (repeated keys and
invalid UTF-8 are a 400 naming the position), and out-of-range numbers and control characters
are a 422 naming the field. Every refusal writes nothing; the SQLite file shows it."""
import sqlite3

from legacy_client import call


def submit(gateway, name, project="p", **fields):
    reply = call(gateway, "POST", "/api/v1/jobs", {"job": {"name": name, "project": project, "image": "nginx", **fields}})
    assert reply.status == 200, reply.body
    return reply


def live_jobs(gateway):
    """(project, name) of every live workload row in the gateway's SQLite file."""
    with sqlite3.connect(f"file:{gateway.database}?mode=ro", uri=True) as db:
        return set(db.execute("SELECT project, name FROM workloads WHERE deleted_at IS NULL").fetchall())


def rows_with_nul(gateway):
    """Rows of the legacy tables holding a NUL in a name, project or path."""
    with sqlite3.connect(f"file:{gateway.database}?mode=ro", uri=True) as db:
        found = []
        for table, columns in [("workloads", ["project", "name"]), ("projects", ["name"]), ("audit_log", ["project", "workload", "path"])]:
            for column in columns:
                found += db.execute(f"SELECT '{table}.{column}' FROM {table} WHERE instr({column}, char(0)) > 0").fetchall()
        return found


def refused(reply, status, field=None):
    assert reply.status == status, reply.body
    body = reply.json
    assert body["status"] == status
    assert body.get("field") == field, body
    assert reply.header("Deprecation"), "refusals carry the deprecation signals too"
    return body


def test_the_issues_nul_delete_of_a_list_deletes_nothing(gateway):
    submit(gateway, "keepme")
    reply = call(gateway, "DELETE", "/api/v1/jobs", [{"name": "keepme\u0000zzz", "project": "p"}])
    body = refused(reply, 422, "[0].name")
    assert body["message"] == "[0].name: must be a DNS-1123 label"
    assert "keepme\\u0000zzz" in body["details"]
    # p/keepme still exists, in the API and in the file.
    assert call(gateway, "GET", "/api/v1/jobs/p/keepme").status == 200
    assert ("p", "keepme") in live_jobs(gateway)


def test_the_issues_nul_in_a_swagger_delete_project_deletes_nothing(gateway):
    submit(gateway, "keep2")
    reply = call(gateway, "DELETE", "/api/v1/job", {"jobName": "keep2", "project": "p\u0000other"})
    refused(reply, 422, "project")
    assert call(gateway, "GET", "/api/v1/jobs/p/keep2").status == 200
    assert ("p", "keep2") in live_jobs(gateway)


def test_the_issues_nul_in_a_query_project_lists_nothing(gateway):
    submit(gateway, "keepme")
    refused(call(gateway, "GET", "/api/v1/jobs?project=p%00zzz"), 422, "project")
    refused(call(gateway, "GET", "/api/v1/jobs/p%00zzz"), 422, "project")
    refused(call(gateway, "GET", "/api/v1/job/p/keepme%00zzz"), 422, "jobName")
    # Valid names answer as before: a list, a job, a 404 for a job that does not exist.
    assert [job["name"] for job in call(gateway, "GET", "/api/v1/jobs?project=p").json["data"]] == ["keepme"]
    assert call(gateway, "GET", "/api/v1/jobs/p/nope").status == 404
    assert rows_with_nul(gateway) == []


def test_strict_json_on_writes(gateway):
    submit(gateway, "keepme")
    before = live_jobs(gateway)

    duplicate = b'{"job":{"name":"a1","project":"p","image":"nginx","image":"evil"}}'
    body = refused(call(gateway, "POST", "/api/v1/jobs", raw=duplicate), 400)
    assert 'duplicate key "image" at line 1, column 51 (byte 50)' in body["details"]

    overlong = b'{"job":{"name":"a2","project":"p","image":"ngi\xc0\xafnx"}}'
    body = refused(call(gateway, "POST", "/api/v1/job", raw=overlong), 400)
    assert "invalid UTF-8 in a string at line 1, column 47 (byte 46)" in body["details"]

    surrogate = b'{"job":{"name":"a3","project":"p","image":"nginx\xed\xa0\x80"}}'
    assert "invalid UTF-8" in refused(call(gateway, "POST", "/api/job", raw=surrogate), 400)["details"]

    lone_escape = b'{"job":{"name":"a4","project":"p","image":"nginx\\ud800"}}'
    assert "unpaired surrogate" in refused(call(gateway, "POST", "/api/v1/jobs", raw=lone_escape), 400)["details"]

    delete_duplicate = b'[{"name":"nope","name":"keepme","project":"p"}]'
    assert "duplicate key" in refused(call(gateway, "DELETE", "/api/v1/jobs", raw=delete_duplicate), 400)["details"]

    nul_image = call(gateway, "POST", "/api/v1/jobs", {"job": {"name": "a5", "project": "p", "image": "nginx\u0000:evil"}})
    assert refused(nul_image, 422, "job.image")["message"] == "job.image: must not contain control characters"

    big_gpu = b'{"job":{"name":"a6","project":"p","image":"nginx","gpu":123456789012345678901234567890}}'
    refused(call(gateway, "POST", "/api/v1/jobs", raw=big_gpu), 422, "job.gpu")

    big_uid = b'{"job":{"name":"a7","project":"p","image":"nginx","runAsUid":99999999999}}'
    refused(call(gateway, "POST", "/api/v1/jobs", raw=big_uid), 422, "job.runAsUid")

    assert live_jobs(gateway) == before, "no refusal wrote a workload"
    assert rows_with_nul(gateway) == []
    assert call(gateway, "GET", "/healthz").status == 200


def test_an_environment_value_keeps_its_line_breaks(gateway):
    certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    submit(gateway, "tls", environment={"CERT": certificate})
    refused(
        call(gateway, "POST", "/api/v1/jobs", {"job": {"name": "bell", "project": "p", "image": "nginx", "environment": {"A": "\u0007"}}}),
        422,
        "job.environment.A",
    )
