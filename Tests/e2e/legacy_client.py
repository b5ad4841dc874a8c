"""A small legacy-API client over urllib, the way a curl script calls the gateway."""
import json
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

OPENAPI = Path(__file__).resolve().parents[2] / "openapi" / "legacy-inference.yaml"


class Reply:
    """One HTTP answer: status, headers (every value of repeated ones), body."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        values = self.headers.get_all(name) or []
        return values[0] if values else None

    def header_values(self, name):
        return self.headers.get_all(name) or []

    @property
    def json(self):
        return json.loads(self.body)


def call(gateway, method, path, body=None, headers=None, raw=None):
    """Sends one request to the gateway; `body` is sent as JSON, `raw` as bytes."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(gateway.url + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json; charset=utf-8")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
        if name.lower() == "authorization":
            from conftest import remember_secret

            remember_secret(value.split(" ", 1)[-1])
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


def load_openapi():
    with open(OPENAPI, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def validate(document, schema_name, instance):
    """Raises unless `instance` matches `#/components/schemas/<schema_name>` of the OpenAPI document."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    Draft202012Validator(schema).validate(instance)
