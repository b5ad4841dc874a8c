"""The /migration page in a real headless Chromium (Debian's chromium and chromium-driver, driven
by Selenium): it loads with no console error, its table shows the clients this test created, its
chart has one line per client, and a screenshot is kept under .build/test-artefacts/. The page's
HTML is also read directly, and the figures are checked against the calls made."""
import datetime
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import ROOT
from legacy_client import call

ARTEFACTS = ROOT / ".build" / "test-artefacts"

# The calls this test makes: (client header, method, path, body) and how many times.
CALLS = [
    ({"RA-USER": "alice"}, "POST", "/api/v1/jobs", {"job": {"name": "page-a1", "project": "team-a", "image": "nginx"}}, 1),
    ({"RA-USER": "alice"}, "GET", "/api/v1/version", None, 3),
    ({"RA-USER": "bob"}, "GET", "/api/v1/jobs", None, 2),
    ({"User-Agent": "nightly-report/1.0"}, "GET", "/api/v1/projects", None, 1),
]
EXPECTED = {
    ("alice", "submit"): 1,
    ("alice", "version"): 3,
    ("bob", "listJobs"): 2,
    ("nightly-report/1.0 @ 127.0.0.1", "listProjects"): 1,
}


class TableRows(HTMLParser):
    """The cells of each `tr.usage-row` (or other `row_class`) of the page."""

    def __init__(self, row_class="usage-row"):
        super().__init__()
        self.row_class = row_class
        self.rows, self.cell, self.in_row = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and ("class", self.row_class) in attrs:
            self.in_row = True
            self.rows.append([])
        elif tag == "td" and self.in_row:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None
        elif tag == "tr":
            self.in_row = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def make_calls(gateway):
    started = datetime.datetime.now(datetime.timezone.utc)
    for headers, method, path, body, times in CALLS:
        for _ in range(times):
            reply = call(gateway, method, path, body=body, headers=headers)
            assert reply.status == 200, reply.body
    return started, datetime.datetime.now(datetime.timezone.utc)


def wait_for_usage(gateway, total, timeout=10):
    """The usage report once it counts `total` calls (reads reach it with their audit batch)."""
    deadline = time.monotonic() + timeout
    while True:
        report = call(gateway, "GET", "/api/v1/migration/usage").json
        if sum(row["calls"] for row in report["usage"]) >= total or time.monotonic() > deadline:
            return report
        time.sleep(0.05)


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_the_usage_report_counts_the_calls_made(gateway):
    started, finished = make_calls(gateway)
    report = wait_for_usage(gateway, sum(EXPECTED.values()))
    assert {(row["client"], row["endpoint"]): row["calls"] for row in report["usage"]} == EXPECTED
    today = started.strftime("%Y-%m-%d")
    for row in report["usage"]:
        assert row["errors"] == 0
        assert [day["day"] for day in row["days"]] == [today]
        first, last = parse_time(row["firstSeen"]), parse_time(row["lastSeen"])
        assert started - datetime.timedelta(milliseconds=1) <= first <= last <= finished + datetime.timedelta(milliseconds=1)
    alice = next(client for client in report["clients"] if client["client"] == "alice")
    assert alice["calls"] == 4
    assert alice["lastJob"] == {"project": "team-a", "name": "page-a1"}


def test_the_migration_page_in_a_headless_browser(gateway):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    make_calls(gateway)
    wait_for_usage(gateway, sum(EXPECTED.values()))

    # The HTML itself: one table row per client and endpoint, with its calls.
    html = call(gateway, "GET", "/migration")
    assert html.status == 200
    assert html.header("Content-Type").startswith("text/html")
    parser = TableRows()
    parser.feed(html.body.decode())
    assert {(cells[0], cells[1]): int(cells[2]) for cells in parser.rows} == EXPECTED
    assert "http://" not in html.body.decode().replace('xmlns="http://www.w3.org/2000/svg"', ""), "no network assets"

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get(gateway.url + "/migration")
        assert driver.title.startswith("Legacy API usage")
        rows = driver.find_elements(By.CSS_SELECTOR, "#usage tbody tr.usage-row")
        shown = {(row.find_elements(By.TAG_NAME, "td")[0].text, row.find_elements(By.TAG_NAME, "td")[1].text) for row in rows}
        assert shown == set(EXPECTED)
        replaced = {
            row.find_elements(By.TAG_NAME, "td")[0].text: row.find_elements(By.TAG_NAME, "td")[3].text
            for row in driver.find_elements(By.CSS_SELECTOR, "#replacements tr.replacement-row")
        }
        assert replaced == {
            "alice": "kubectl version",
            "bob": "kubectl get inferenceworkloads -A",
            "nightly-report/1.0 @ 127.0.0.1": "kubectl get namespaces",
        }
        series = driver.find_elements(By.CSS_SELECTOR, "#usage-chart polyline.series")
        assert sorted(line.get_attribute("data-client") for line in series) == sorted({client for client, _ in EXPECTED})

        # Sorting by calls, ascending then descending.
        driver.find_element(By.XPATH, "//th/button[text()='Calls']").click()
        calls = [int(row.find_elements(By.TAG_NAME, "td")[2].text) for row in driver.find_elements(By.CSS_SELECTOR, "#usage tr.usage-row")]
        assert calls == sorted(EXPECTED.values())
        driver.find_element(By.XPATH, "//th/button[text()='Calls']").click()
        calls = [int(row.find_elements(By.TAG_NAME, "td")[2].text) for row in driver.find_elements(By.CSS_SELECTOR, "#usage tr.usage-row")]
        assert calls == sorted(EXPECTED.values(), reverse=True)

        errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
        assert errors == []
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        screenshot = ARTEFACTS / "migration-page.png"
        assert driver.save_screenshot(str(screenshot))
        assert screenshot.stat().st_size > 1000
    finally:
        driver.quit()


def test_the_usage_command_prints_the_report_as_a_table_and_as_json(gateway):
    import json
    import re
    import subprocess

    from conftest import BINARY

    make_calls(gateway)
    wait_for_usage(gateway, sum(EXPECTED.values()))

    def usage(*args):
        result = subprocess.run([str(BINARY), "usage", "--server", gateway.url, *args], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    lines = usage().splitlines()
    assert re.split(r"\s{2,}", lines[0]) == ["CLIENT", "ENDPOINT", "CALLS", "ERRORS", "FIRST SEEN", "LAST SEEN", "LAST JOB"]
    rows = [re.split(r"\s{2,}", line) for line in lines[1:]]
    assert {(row[0], row[1]): int(row[2]) for row in rows} == EXPECTED
    assert [int(row[2]) for row in rows] == sorted(EXPECTED.values(), reverse=True), "most calls first"
    assert next(row for row in rows if row[1] == "submit")[6] == "team-a/page-a1"

    report = json.loads(usage("-o", "json", "--client", "bob"))
    assert [(row["client"], row["endpoint"], row["calls"]) for row in report["usage"]] == [("bob", "listJobs", 2)]

    refused = subprocess.run([str(BINARY), "usage", "--server", gateway.url, "--from", "soon"], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1
    assert "400" in refused.stderr and "from" in refused.stderr


def test_the_usage_and_translate_answers_match_the_migration_openapi_document(gateway):
    from jsonschema import Draft202012Validator

    make_calls(gateway)
    report = wait_for_usage(gateway, sum(EXPECTED.values()))
    served = call(gateway, "GET", "/migration/openapi.yaml")
    assert served.status == 200
    document = yaml.safe_load(served.body)
    assert document == yaml.safe_load((ROOT / "openapi" / "migration.yaml").read_text())

    def validate(name, instance):
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        Draft202012Validator(schema).validate(instance)

    validate("UsageReport", report)
    translated = call(gateway, "POST", "/api/v1/migration/translate",
                      body={"job": {"name": "tr1", "project": "team-a", "image": "nginx", "gpu": 0.5}})
    assert translated.status == 200, translated.body
    validate("Translation", translated.json)
    refused = call(gateway, "POST", "/api/v1/migration/translate", body={"job": {"project": "team-a", "image": "nginx", "type": "Train"}})
    assert refused.status == 422
    validate("Error", refused.json)
    bad = call(gateway, "GET", "/api/v1/migration/usage?to=someday")
    assert bad.status == 400 and bad.json["field"] == "to"
    validate("Error", bad.json)


def test_the_page_shows_the_object_a_clients_last_submit_became(gateway):
    body = {"job": {"name": "carol-1", "project": "team-a", "image": "nginx", "gpu": 0.5}}
    assert call(gateway, "POST", "/api/v1/jobs", body, headers={"RA-USER": "carol"}).status == 200
    wait_for_usage(gateway, 1)
    html = call(gateway, "GET", "/migration").body.decode()
    parser = TableRows("replacement-row")
    parser.feed(html)
    (row,) = parser.rows
    assert row[:3] == ["carol", "submit team-a/carol-1", "POST /apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads"]
    assert row[3].startswith("kubectl apply --server-side -n runai-team-a -f carol-1.yaml")
    pushed = call(gateway, "GET", "/apis/run.ai/v2alpha1/namespaces/runai-team-a/inferenceworkloads/carol-1").json
    shown = yaml.safe_load(html.split("<pre>", 1)[1].split("</pre>", 1)[0].replace("&quot;", '"').replace("&#39;", "'"))
    assert shown["kind"] == "InferenceWorkload" and shown["metadata"]["name"] == "carol-1"
    assert shown["spec"] == pushed["spec"], "the object shown is the one the gateway pushed"
