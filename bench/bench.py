"""Benchmark of the polling, submit and push paths against this machine's ceilings.

Starts the gateway (release build, embedded cluster) and nginx on 127.0.0.1, drives both with
wrk in one run, and writes a table of ratios to RESULTS.md. Every loop is bounded in count and
time; all traffic stays on loopback.
"""
import argparse
import concurrent.futures
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wrk(url, seconds, connections=64, threads=2, headers=(), script=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {}
    for label, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
        percentiles[label] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": percentiles.get("50"),
        "p99": percentiles.get("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "errors": socket_errors.group(1) if socket_errors else "",
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }


class Gateway:
    def __init__(self, binary, workdir, extra=(), log="gateway.log"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(workdir / log, "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--database", str(workdir / "gateway.sqlite"),
             "--log-level", "warning", *extra],
            cwd=workdir, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if http("GET", self.url + "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gateway did not start; see gateway.log")

    def peak_rss_mib(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024

    def rss_mib(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024

    def cpu_seconds(self):
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settle(self, limit=600):
        """Waits until the gateway's background work (pushes, the simulated controller, status
        sync) is done: two seconds in a row with almost no CPU. Returns the CPU seconds used."""
        start = last = self.cpu_seconds()
        deadline = time.time() + limit
        while time.time() < deadline:
            time.sleep(2)
            now = self.cpu_seconds()
            if now - last < 0.05:
                break
            last = now
        return last - start

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


class Nginx:
    def __init__(self, workdir, root):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        conf = workdir / "nginx.conf"
        conf.write_text(f"""
worker_processes auto;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {workdir}/nginx-tmp;
  proxy_temp_path {workdir}/nginx-tmp;
  default_type application/json;
  keepalive_requests 1000000;
  server {{ listen 127.0.0.1:{self.port}; root {root}; }}
}}
""")
        (workdir / "nginx-tmp").mkdir(exist_ok=True)
        self.process = subprocess.Popen(["nginx", "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"])
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                http("GET", self.url + "/")
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=30)


def raw_sqlite_rate(directory, seconds=5.0):
    """Single-row transactions per second with WAL + synchronous=FULL on the gateway's disk."""
    path = directory / "raw.sqlite"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds and count < 1_000_000:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t (body) VALUES (?)", ("x" * 600,))
        connection.execute("COMMIT")
        count += 1
    rate = count / (time.perf_counter() - start)
    connection.close()
    return rate


def submit(url, project, name, extra=None):
    job = {"name": name, "project": project, "image": "nginx:1.27", "gpu": 1, "cpu": 1, "memory": "1G"}
    job.update(extra or {})
    status, _, body = http("POST", url + "/api/v1/jobs", {"job": job})
    if status != 200:
        raise RuntimeError(f"submit {project}/{name} answered {status}: {body[:200]!r}")


def seed(url, project, count, start=0, workers=32):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda i: submit(url, project, f"job-{i}"), range(start, start + count)))


def push_latency(gateway, count=100):
    """Time from sending a submit to its object existing in the embedded cluster (seen by a
    watch), one submit at a time. The watch is known to be live once it saw a probe object."""
    project, namespace = "bench-push", "runai-bench-push"
    seen, sent, lock, ready = {}, {}, threading.Lock(), threading.Event()
    status, _, body = http("GET", f"{gateway.url}/apis/run.ai/v2alpha1/namespaces/{namespace}/inferenceworkloads")
    version = json.loads(body)["metadata"]["resourceVersion"] if status == 200 else "0"
    watch_url = (f"{gateway.url}/apis/run.ai/v2alpha1/namespaces/{namespace}/inferenceworkloads"
                 f"?watch=true&resourceVersion={version}&timeoutSeconds=300")

    def watch():
        with urllib.request.urlopen(watch_url, timeout=310) as stream:
            for line in stream:
                event = json.loads(line)
                if event["type"] != "ADDED":
                    continue
                name = event["object"]["metadata"]["name"]
                if name == "probe":
                    ready.set()
                    continue
                with lock:
                    seen.setdefault(name, time.perf_counter())
                    if len(seen) >= count:
                        return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    while not ready.is_set():
        try:
            submit(gateway.url, project, "probe")
        except RuntimeError:
            pass  # already submitted by an earlier round; its ADDED event is on the way
        if not ready.wait(timeout=5) and not watcher.is_alive():
            raise RuntimeError("the watch ended before it saw the probe")
    for index in range(count):
        name = f"push-{index}"
        sent[name] = time.perf_counter()
        submit(gateway.url, project, name)
    watcher.join(timeout=120)
    latencies = sorted(max(0.0, seen[n] - sent[n]) * 1000 for n in sent if n in seen)
    if len(latencies) < count:
        raise RuntimeError(f"only {len(latencies)} of {count} pushes were seen in the cluster")
    return statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]


def compare(rows, label, ours_url, theirs_url, seconds, ours_headers=(), theirs_headers=(), rounds=2):
    """Alternates wrk runs against the gateway and nginx; keeps each side's best round."""
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(wrk(ours_url, seconds, headers=ours_headers))
        theirs.append(wrk(theirs_url, seconds, headers=theirs_headers))
    if any(result["non2xx"] for result in ours + theirs):
        raise RuntimeError(f"{label}: a server answered errors under load: {ours + theirs}")
    rows.append((label, max(ours, key=lambda r: r["rps"]), max(theirs, key=lambda r: r["rps"])))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    args.binary = str(Path(args.binary).resolve())
    seconds = args.seconds
    (HERE.parent / ".build").mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="gateway-bench-", dir=HERE.parent / ".build"))
    workdir.chmod(0o755)  # nginx's workers run as another user and must read the static files
    rows, notes, submits = [], [], []
    nginx = None
    # Phase 1: the gateway as it ships (a submit waits up to 2 s for its first push).
    gateway = Gateway(args.binary, workdir)
    try:
        seed(gateway.url, "bench", 100)
        gateway.settle()
        list_url = gateway.url + "/api/v1/jobs/bench"
        one_url = gateway.url + "/api/v1/jobs/bench/job-7"
        root = workdir / "static"
        root.mkdir()
        _, headers, body = http("GET", list_url)
        (root / "jobs.json").write_bytes(body)
        _, one_headers, one_body = http("GET", one_url)
        (root / "one.json").write_bytes(one_body)
        _, _, version_body = http("GET", gateway.url + "/version")
        (root / "version.json").write_bytes(version_body)
        for served in root.iterdir():
            served.chmod(0o644)
        root.chmod(0o755)
        nginx = Nginx(workdir, root)
        nginx_headers = {}
        for name, expected in (("jobs.json", body), ("one.json", one_body), ("version.json", version_body)):
            status, nginx_headers[name], served = http("GET", f"{nginx.url}/{name}")
            if status != 200 or served != expected:
                raise RuntimeError(f"nginx does not serve {name} as the gateway does (status {status})")
        notes.append(f"list body {len(body):,} bytes (100 jobs); one-job body {len(one_body):,} bytes")

        compare(rows, "poll list (100 jobs)", list_url, nginx.url + "/jobs.json", seconds)
        compare(rows, "poll list, If-None-Match → 304", list_url, nginx.url + "/jobs.json", seconds,
                [f"If-None-Match: {headers.get('ETag')}"], [f"If-None-Match: {nginx_headers['jobs.json'].get('ETag')}"])
        compare(rows, "get one job", one_url, nginx.url + "/one.json", seconds)
        compare(rows, "get one job, If-None-Match → 304", one_url, nginx.url + "/one.json", seconds,
                [f"If-None-Match: {one_headers.get('ETag')}"], [f"If-None-Match: {nginx_headers['one.json'].get('ETag')}"])
        compare(rows, "HTTP stack alone: embedded `GET /version`", gateway.url + "/version",
                nginx.url + "/version.json", seconds)

        raw = raw_sqlite_rate(workdir)
        before = gateway.cpu_seconds()
        result = wrk(gateway.url + "/api/v1/jobs", seconds * 2, script=HERE / "submit.lua")
        cpu = gateway.cpu_seconds() - before + gateway.settle()
        submits.append(("submit, waits for its first push (default)", result, cpu))
        push = push_latency(gateway)
    finally:
        if nginx:
            nginx.stop()
        gateway.stop()

    # Phase 2: acknowledged on commit (`--submit-wait 0`), then other projects grow to 10,000 jobs.
    gateway = Gateway(args.binary, workdir, ["--submit-wait", "0"], log="gateway-2.log")
    try:
        before = gateway.cpu_seconds()
        result = wrk(gateway.url + "/api/v1/jobs", seconds, script=HERE / "submit.lua")
        cpu = gateway.cpu_seconds() - before + gateway.settle()
        submits.append(("submit, acknowledged on commit (`--submit-wait 0`)", result, cpu))
        scale, seeded = [], 0
        for total in (100, 1_000, 10_000):
            seed(gateway.url, "bench-other", total - seeded, start=seeded)
            seeded = total
            gateway.settle()
            scale.append((total, wrk(gateway.url + "/api/v1/jobs/bench", seconds)))
            notes.append(f"after seeding {total:,} other jobs and polling: RSS {gateway.rss_mib():.0f} MiB")
        rss = gateway.peak_rss_mib()
    finally:
        gateway.stop()

    write_results(args.results, rows, raw, submits, push, scale, rss, notes)
    print(Path(args.results).read_text())
    shutil.rmtree(workdir, ignore_errors=True)


def write_results(path, rows, raw, submits, push, scale, rss, notes):
    lines = ["# Benchmark results", "",
             f"Machine: {os.cpu_count()} cores, {platform.platform()}; run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
             "wrk, 2 threads, 64 connections, keep-alive, on the same machine as the servers; gateway release build,",
             "embedded cluster. Each gateway/nginx pair ran alternately, best of two rounds per side.",
             "Ratios are measured in one run; absolute numbers vary with the machine's load.", "",
             "| measure | gateway | ceiling | ratio | gateway p99 | ceiling p99 | target |", "|---|---|---|---|---|---|---|"]
    for label, ours, theirs in rows:
        lines.append(f"| {label} | {ours['rps']:,.0f} req/s | nginx static {theirs['rps']:,.0f} req/s | "
                     f"**{ours['rps'] / theirs['rps']:.0%}** | {ours['p99']:.2f} ms | {theirs['p99']:.2f} ms | ≥ 50 %, p99 ≤ 10 ms |")
    for label, result, cpu in submits:
        per = cpu * 1000 / max(1, result["requests"])
        lines.append(f"| {label} | {result['rps']:,.0f} req/s | raw SQLite FULL txn {raw:,.0f} /s | "
                     f"**{result['rps'] / raw:.2f}×** | {result['p99']:.2f} ms | | ≥ 1× |")
        notes.append(f"{label}: {result['requests']:,} submits, {result['non2xx']} non-2xx, socket errors "
                     f"{result['errors'] or 'none'}; the gateway spent {per:.1f} ms of CPU per submit, "
                     "background work (push, simulated controller, status sync) included")
    lines.append(f"| push: submit sent → object in the cluster (one at a time) | p50 {push[0]:.1f} ms | | | {push[1]:.1f} ms | | |")
    lines.append(f"| peak RSS, {scale[-1][0]:,} other jobs + polling | {rss:.0f} MiB | | | | | ≤ 150 MiB |")
    lines += ["", "Scale: polling one project (100 jobs) while other projects grow.", "",
              "| jobs in other projects | req/s | p50 | p99 |", "|---|---|---|---|"]
    for total, result in scale:
        lines.append(f"| {total:,} | {result['rps']:,.0f} | {result['p50']:.2f} ms | {result['p99']:.2f} ms |")
    lines += [""] + [f"- {note}" for note in notes] + [""]
    findings = HERE / "FINDINGS.md"  # hand-written: what the profiles showed, kept across runs
    if findings.exists():
        lines += ["", findings.read_text().rstrip()]
    Path(path).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
