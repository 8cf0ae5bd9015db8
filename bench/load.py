"""Load test: production gunicorn on a throwaway seeded database, driven from another process.

    python bench/load.py                    # SQLite (a temp file), 20 s per phase
    python bench/load.py --db postgres      # a throwaway database on 127.0.0.1:5432, user postgres
    python bench/load.py --seconds 60       # longer phases

Phase 1 requests /healthz alone; phase 2 is the mixed patient workload: each connection is
one user who, in a loop, opens the plan page, ticks a night (POST), opens the log, adds an
entry (POST) and downloads the .ics. Both at --connections (16) from Python threads with
http.client, after --warmup uncounted seconds. Errors: connection errors, any 5xx and any
status the step should not give. Target: 0 errors, p99(mixed) <= 10x p99(/healthz).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
P99_TARGET = 10
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@contextlib.contextmanager
def throwaway_database(db: str):
    """The production environment (DEBUG off, a random key) on a new database, dropped after."""
    folder = tempfile.mkdtemp(prefix="planner-bench-")
    name = f"planner_bench_{secrets.token_hex(4)}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "planner.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",  # plain http on the loopback
        "STATIC_ROOT": f"{folder}/static",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"{PG}/{name}" if db == "postgres" else f"sqlite:///{folder}/db.sqlite3",
    }
    if db == "postgres":
        psql(f"CREATE DATABASE {name}")
    try:
        yield env
    finally:
        if db == "postgres":
            psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)


def psql(sql: str) -> None:
    command = ["psql", "-h", HOST, "-U", "postgres", "-d", "postgres", "-qc", sql]
    subprocess.run(command, check=True)


def prepare(env: dict, users: int) -> dict:
    """migrate, loadregimens, collectstatic and bench/seed.py; returns what the seed made."""
    for command in ("migrate", "loadregimens", "collectstatic --noinput"):
        run(env, "manage.py", *command.split(), "-v0")
    seeded = json.loads(run(env, "bench/seed.py", "--users", str(users)).splitlines()[-1])
    print(f"seeded {seeded['counts']}", file=sys.stderr)
    return seeded


def run(env: dict, *command: str) -> str:
    python = str(BIN / "python")
    done = subprocess.run([python, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    return done.stdout.decode()


@contextlib.contextmanager
def serving(env: dict, port: int):
    """gunicorn with planner/gunicorn_conf.py (sync workers, 2 x CPUs + 1), stopped on the way
    out."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "planner/gunicorn_conf.py", "planner.wsgi"],
        cwd=ROOT,
        env={
            **env,
            "BIND": f"{HOST}:{port}",
            "GUNICORN_ACCESS_LOG": "/dev/null",  # each line still written, then thrown away
            "GUNICORN_LOG_LEVEL": "warning",
            # No recycling: /healthz reaches each worker's 2,000 requests far sooner than the
            # mixed loop, and the restarts would swell its p99 and flatter the ratio.
            "GUNICORN_MAX_REQUESTS": "0",
        },
    )
    try:
        wait_until_up(port)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def wait_until_up(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Unexpected):
            Browser(port).get("/healthz")
            return
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


class Browser:
    """One user's connection (kept alive where the server allows), with cookies kept by hand:
    with DEBUG off they are marked Secure, which a cookie jar would not send over http."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.body, self.location = b"", ""

    def get(self, path: str, expect: int | None = 200) -> int:
        return self.request("GET", path, None, expect)

    def post(self, path: str, form: dict, expect: int | None = 302) -> int:
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": self.csrf}, expect)

    def request(self, method: str, path: str, form: dict | None, expect: int | None) -> int:
        """The status; a connection error raises Unexpected, and so does any status but
        `expect` unless that is None. The body and the Location header are kept."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        try:
            self.connection.request(method, path, form and urlencode(form), headers)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            raise Unexpected(f"{method} {path}: {error!r}") from None
        self.remember(response, body)
        self.body, self.location = body, response.getheader("Location", "")
        if expect is not None and response.status != expect:
            raise Unexpected(f"{method} {path}: {response.status}, not {expect}")
        return response.status

    def remember(self, response, body: bytes) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name] = value
            if value in ("", '""'):  # deleted, as a browser would
                del self.cookies[name]
        if response.headers.get("Content-Type", "").startswith("text/html"):
            found = CSRF.search(body)
            self.csrf = found.group(1).decode() if found else self.csrf

    def log_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        self.post("/accounts/login/", {"username": username, "password": password})


class Unexpected(Exception):
    """A connection error or a status the step should not give."""


class Patient:
    """The mixed workload's loop for one seeded user: one step per call of next_step."""

    def __init__(self, port: int, user: dict, seeded: dict):
        self.browser = Browser(port)
        self.browser.log_in(user["username"], seeded["password"])
        self.user, self.items, self.loop = user, seeded["items"], 0
        self.plan = f"/plans/{user['plan']}/"
        start, today = (dt.date.fromisoformat(user[key]) for key in ("start", "today"))
        self.days = [start + dt.timedelta(days=n) for n in range((today - start).days + 1)]
        self.steps = [self.open_plan, self.tick, self.open_log, self.add_entry, self.download]

    def next_step(self) -> str:
        step = self.steps[self.loop % len(self.steps)]
        self.loop += 1
        step()
        return step.__name__

    def open_plan(self) -> None:
        self.browser.get(self.plan)

    def tick(self) -> None:
        """Each night so far marked missed, then each done again, and so on: every POST is a
        change."""
        nights, turn = self.user["nights"], self.loop // len(self.steps)
        status = ("missed", "done")[turn // len(nights) % 2]
        self.browser.post(f"{self.plan}sessions/{nights[turn % len(nights)]}/", {"status": status})

    def open_log(self) -> None:
        self.browser.get(f"{self.plan}log/")

    def add_entry(self) -> None:
        turn = self.loop // len(self.steps)
        form = {item: (turn + n) % 4 for n, item in enumerate(self.items)}
        day = self.days[turn % len(self.days)]
        self.browser.post(f"{self.plan}log/{day}/", {**form, "note": f"bench {turn}"})

    def download(self) -> None:
        self.browser.get(f"{self.plan}calendar.ics")


class Healthz:
    def __init__(self, port: int, user: dict, seeded: dict):
        self.browser = Browser(port)

    def next_step(self) -> str:
        self.browser.get("/healthz")
        return "healthz"


class Tally:
    def __init__(self):
        self.latencies: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def merge(self, other: Tally) -> None:
        for step, values in other.latencies.items():
            self.latencies.setdefault(step, []).extend(values)
        self.errors.extend(other.errors)


def drive(client, seconds: float, tally: Tally) -> None:
    """One connection's loop until the deadline: each step's latency, or its error."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            step = client.next_step()
        except Unexpected as error:
            tally.errors.append(str(error))
            continue
        tally.latencies.setdefault(step, []).append(time.perf_counter() - start)


def phase(clients: list, seconds: float) -> tuple[Tally, float]:
    """All clients at once, each in its own thread; the merged tally and the elapsed time."""
    tallies = [Tally() for _ in clients]
    threads = [
        threading.Thread(target=drive, args=(client, seconds, tally))
        for client, tally in zip(clients, tallies, strict=True)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    merged = Tally()
    for tally in tallies:
        merged.merge(tally)
    return merged, time.perf_counter() - start


def measured(kind, port: int, seeded: dict, args) -> dict:
    """A warm-up (uncounted), then the phase; its figures."""
    users = seeded["users"][: args.connections]
    with ThreadPoolExecutor(len(users)) as pool:  # the log-ins (slow hashing) in parallel
        clients = list(pool.map(lambda user: kind(port, user, seeded), users))
    phase(clients, args.warmup)
    cpu = time.process_time()
    tally, elapsed = phase(clients, args.seconds)
    result = figures(tally, elapsed)
    result["client cpu"] = (time.process_time() - cpu) / elapsed
    return result


def figures(tally: Tally, elapsed: float) -> dict:
    every = [seconds for values in tally.latencies.values() for seconds in values]
    result = {"all": summary(every, elapsed)}
    result.update((step, summary(values, elapsed)) for step, values in tally.latencies.items())
    result["all"]["errors"] = len(tally.errors)
    result["error samples"] = sorted(set(tally.errors))[:5]
    return result


def summary(seconds: list[float], elapsed: float) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    p99 = statistics.quantiles(ms, n=100)[98] if len(ms) > 1 else ms[0]
    return {"requests": len(ms), "rps": len(ms) / elapsed, "p50": statistics.median(ms), "p99": p99}


def report(healthz: dict, mixed: dict, args) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\n{args.db}, {args.connections} connections, {args.seconds:g} s per phase", end="")
    print(f"; load average {load} (this run included)")
    print(f"{'phase / step':<22}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}")
    for name, result in (("/healthz", healthz), ("mixed", mixed)):
        for step, s in result.items():
            if not isinstance(s, dict) or (name == "/healthz" and step != "all"):
                continue
            label = name if step == "all" else f"  {step}"
            errors = s.get("errors", "")
            print(
                f"{label:<22}{s['requests']:>9}{s['rps']:>8.0f}{s['p50']:>8.1f}{s['p99']:>8.1f}"
                f"{errors:>8}"
            )
        for sample in result["error samples"]:
            print(f"  error: {sample}")
    cpu = f"{healthz['client cpu']:.0%} and {mixed['client cpu']:.0%}"
    print(f"the load client's own CPU use: {cpu} of one core (/healthz and mixed)")
    verdicts(healthz["all"], mixed["all"])


def verdicts(healthz: dict, mixed: dict) -> None:
    ratio = mixed["p99"] / healthz["p99"]
    errors = healthz["errors"] + mixed["errors"]
    print(f"\n{'target':<34}{'figure':>8}  verdict")
    print(f"{'errors = 0':<34}{errors:>8}  {'met' if errors == 0 else 'MISSED'}")
    print(f"{'p99 mixed / p99 /healthz <= 10x':<34}{ratio:>7.1f}x  ", end="")
    print("met" if ratio <= P99_TARGET else "MISSED")


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=20, help="per phase (default 20)")
    parser.add_argument("--warmup", type=float, default=3, help="uncounted, before each phase")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8765)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    with throwaway_database(args.db) as env:
        seeded = prepare(env, users=args.connections)
        with serving(env, args.port):
            healthz = measured(Healthz, args.port, seeded, args)
            mixed = measured(Patient, args.port, seeded, args)
    report(healthz, mixed, args)


if __name__ == "__main__":
    main()
