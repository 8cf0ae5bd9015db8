"""Benchmark: production gunicorn, load from wrk in another process, ratios to /healthz.

    python bench/run.py                      # quick run on SQLite (1,000 plans)
    python bench/run.py --db postgres        # the same on PostgreSQL (127.0.0.1:5432)
    python bench/run.py --plans 100000 --entries-per-plan 10   # the scale run
    python bench/run.py --plans 100000 --versus 1000   # latency at scale, in turns with 1,000

Every endpoint is measured in turns with /healthz in the same run, so the ratios cancel
out the machine's speed and its drift. Needs `wrk` (Debian package) and the project's virtualenv.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432"
TARGETS = {  # endpoint -> minimum ratio of /healthz requests per second
    "plan page": 0.5,
    "month calendar": 0.5,
    "log page": 0.5,
    "ics download (48 sessions)": 0.4,
    "feed 200": None,
    "feed 304": 0.9,
}


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    if args.versus:
        compare_sizes(args)
        return
    env, cleanup = database_env(args.db)
    try:
        seeded = prepare_and_seed(env, args.plans, args)
        with serving(env, args.port) as server:
            run_load(f"http://127.0.0.1:{args.port}", seeded, server, args)
    finally:
        cleanup()


def compare_sizes(args) -> None:
    """Latency at --plans against --versus plans, each endpoint in turns on two servers with
    a database each: the scale target without the machine's drift between two runs."""
    small_env, small_cleanup = database_env(args.db)
    big_env, big_cleanup = database_env(args.db)
    try:
        small = prepare_and_seed(small_env, args.versus, args)
        big = prepare_and_seed(big_env, args.plans, args)
        with serving(small_env, args.port), serving(big_env, args.port + 1):
            small_endpoints = endpoints(f"http://127.0.0.1:{args.port}", small)
            big_endpoints = endpoints(f"http://127.0.0.1:{args.port + 1}", big)
            results = {
                name: paired(big_endpoints[name], small_endpoints[name], args)
                for name in big_endpoints
            }
        report_sizes(results, args)
    finally:
        small_cleanup()
        big_cleanup()


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--entries-per-plan", type=int, default=10)
    parser.add_argument("--duration", type=int, default=2, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=7, help="paired runs per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--versus",
        type=int,
        metavar="PLANS",
        help="compare latency with a second database of PLANS plans (scale target)",
    )
    return parser.parse_args()


def database_env(db: str):
    base = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }
    if db == "sqlite":
        folder = tempfile.mkdtemp(prefix="planner-bench-")
        env = {**base, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        return env, lambda: shutil.rmtree(folder, ignore_errors=True)
    name = f"planner_bench_{secrets.token_hex(4)}"
    psql("CREATE DATABASE " + name)
    return {**base, "DATABASE_URL": f"{PG}/{name}"}, lambda: psql(
        f"DROP DATABASE {name} WITH (FORCE)"
    )


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True
    )


def prepare(env) -> None:
    for command in (
        ["migrate", "-v0"],
        ["loadregimens", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([str(BIN / "python"), "manage.py", *command], cwd=ROOT, env=env, check=True)


def prepare_and_seed(env, plans: int, args) -> dict:
    prepare(env)
    seed = [str(ROOT / "bench" / "seed.py"), "--plans", str(plans)]
    seeded = json.loads(manage_output(env, *seed, "--entries-per-plan", str(args.entries_per_plan)))
    print(
        f"seeded: {seeded['plans']} plans, {seeded['sessions']} sessions, "
        f"{seeded['entries']} log entries, {seeded['feeds']} feeds ({args.db})"
    )
    os.sync()  # the seed's writes reach the disk now, not while the load runs
    return seeded


def manage_output(env, *command) -> str:
    result = subprocess.run(
        [str(BIN / "python"), *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


@contextlib.contextmanager
def serving(env, port: int):
    """gunicorn as in production on `port`, serving the app plus the /bench/ reference pages."""
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config",
            "planner/gunicorn_conf.py",
            "--pythonpath",
            "bench",
            "reference_app:application",  # planner.wsgi plus the /bench/ reference pages
        ],
        cwd=ROOT,
        env={
            **env,
            "BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_LOG_LEVEL": "warning",
        },
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=20)


def run_load(base: str, seeded: dict, server, args) -> None:
    measured = endpoints(base, seeded)
    healthz = measured.pop("healthz")
    results = {"healthz": paired(healthz, healthz, args)}
    results.update((name, paired(ep, healthz, args)) for name, ep in measured.items())
    logged_in = {name for name, (url, _) in measured.items() if "/plans/" in url}
    logged_in.add("logged-in floor")
    report(results, logged_in, worker_memory(server.pid))


def endpoints(base: str, seeded: dict) -> dict:
    """Each measured endpoint as (url, headers), logged in as the bench user where needed."""
    cookie = {"Cookie": log_in(base)}
    plan, egw, token = seeded["ak"], seeded["egw"], seeded["token"]
    etag = urllib.request.urlopen(f"{base}/feeds/{token}.ics").headers["ETag"]
    return {
        "healthz": (f"{base}/healthz", {}),
        "reference: ok": (f"{base}/bench/ok", cookie),
        "reference: session": (f"{base}/bench/session", cookie),
        "logged-in floor": (f"{base}/bench/logged-in", cookie),
        "plan page": (f"{base}/plans/{plan}/", cookie),
        "month calendar": (f"{base}/plans/{plan}/calendar/2026-11/", cookie),
        "log page": (f"{base}/plans/{plan}/log/", cookie),
        "ics download (48 sessions)": (f"{base}/plans/{egw}/calendar.ics", cookie),
        "feed 200": (f"{base}/feeds/{token}.ics", {}),
        "feed 304": (f"{base}/feeds/{token}.ics", {"If-None-Match": etag}),
    }


def log_in(base: str) -> str:
    """A session cookie for the bench user, through the real login form.

    Cookies are handled by hand: with DEBUG off they are marked Secure, and a cookie jar
    would not send them over the plain-HTTP loopback connection.
    """
    page = urllib.request.urlopen(f"{base}/accounts/login/")
    csrf = cookies_from(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    request = urllib.request.Request(
        f"{base}/accounts/login/",
        data=f"username=bench&password=bench-password&csrfmiddlewaretoken={token}".encode(),
        headers={"Referer": f"{base}/accounts/login/", "Cookie": csrf},
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request)
    except urllib.error.HTTPError as redirect:  # the 302 after a successful login
        response = redirect
    return cookies_from(response)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cookies_from(response) -> str:
    headers = response.headers.get_all("Set-Cookie") or []
    return "; ".join(header.split(";")[0] for header in headers)


def paired(endpoint: tuple, reference: tuple, args) -> dict:
    """The endpoint and a reference (/healthz, or the same endpoint on the small database) in
    turns, `args.rounds` times, after an uncounted second of warm-up (each worker's first
    build of a cached page or file). Each round compares two neighbouring runs, so the
    machine's drift between runs cancels; medians are reported."""
    wrk(*endpoint, args, seconds=1)
    wrk(*reference, args, seconds=1)
    rounds = []
    for _ in range(args.rounds):
        base = wrk(*reference, args)
        run = wrk(*endpoint, args)
        rounds.append(
            {
                **run,
                "ratio": run["rps"] / base["rps"],
                "p50 ratio": run["p50"] / base["p50"],
                "p99 ratio": run["p99"] / base["p99"],
            }
        )
    keys = ("rps", "p50", "p99", "ratio", "p50 ratio", "p99 ratio")
    middle = {key: statistics.median(r[key] for r in rounds) for key in keys}
    return {**middle, "errors": sum(r["errors"] for r in rounds)}


def wrk(url: str, headers: dict, args, seconds: int | None = None) -> dict:
    duration = seconds or args.duration
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{duration}s", "--latency", url]
    for key, value in headers.items():
        command[1:1] = ["-H", f"{key}: {value}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": latency_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def latency_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def worker_memory(master_pid: int) -> list[int]:
    """Resident memory (MB) of each gunicorn worker, read from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024)
    return sizes


def report(results: dict, logged_in: set, memory: list[int]) -> None:
    """Ratios to /healthz (the targets), and for logged-in pages also to the logged-in floor."""
    login = results["logged-in floor"]["ratio"]
    print(
        f"\n{'endpoint':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}{'target':>8}"
        f"{'of floor':>10}  ok"
    )
    for name, r in results.items():
        target = TARGETS.get(name)
        ok = (target is None or r["ratio"] >= target) and r["p99"] <= 50 and not r["errors"]
        wanted = f">={target}" if target else "-"
        of_login = f"{r['ratio'] / login:.2f}" if name in logged_in else "-"
        errors = f" ({r['errors']} errors)" if r["errors"] else ""
        print(
            f"{name:<28}{r['rps']:>9.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['ratio']:>8.2f}"
            f"{wanted:>8}{of_login:>10}  {'yes' if ok else 'NO'}{errors}"
        )
    print(f"\nworker RSS after the run (MB): {memory} (target <= 150 each)")
    print(
        "medians of the rounds; ratio: requests per second relative to /healthz run just before;\n"
        "of floor: relative to the logged-in floor (/bench/logged-in, a page that only logs in)"
    )


def report_sizes(results: dict, args) -> None:
    print(
        f"\n{args.plans} plans against {args.versus}, in turns on two servers; the ratios"
        " are the big database's over the small one's (target: latency <= 1.5)"
    )
    print(f"{'endpoint':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'p50 x':>8}{'p99 x':>8}  ok")
    for name, r in results.items():
        ok = r["p50 ratio"] <= 1.5 and r["p99 ratio"] <= 1.5 and not r["errors"]
        print(
            f"{name:<28}{r['rps']:>9.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
            f"{r['p50 ratio']:>8.2f}{r['p99 ratio']:>8.2f}  {'yes' if ok else 'NO'}"
        )


def wait_until_up(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


if __name__ == "__main__":
    main()
