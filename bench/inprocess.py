"""Each endpoint's cost in one process, through Django's WSGI handler: no gunicorn, no wrk.

    python bench/inprocess.py                  # SQLite, 200 plans
    python bench/inprocess.py --db postgres    # PostgreSQL on 127.0.0.1:5432

The same endpoints as bench/run.py on a database seeded the same way, each requested
--requests times after a warm-up, in turns; prints microseconds per request and the ratio to
/healthz.
It shows where a request's time goes (the load test cannot), and with --profile one endpoint
under cProfile. The load test's ratios are the measure; these are the explanation.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time

from run import ROOT, database_env, prepare_and_seed


def main() -> None:
    args = parse_args()
    env, cleanup = database_env(args.db)
    try:
        seeded = prepare_and_seed(env, args.plans, args)
        os.environ.update(env)
        measure(seeded, args)
    finally:
        cleanup()


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--entries-per-plan", type=int, default=10)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", metavar="ENDPOINT", help="cProfile one endpoint instead")
    return parser.parse_args()


def measure(seeded: dict, args) -> None:
    sys.path.insert(0, str(ROOT))
    from django.db import connections
    from reference_app import application  # sets Django up with the environment above

    try:
        endpoints = endpoint_list(application, seeded)
        if args.profile:
            profile(application, endpoints[args.profile], args.requests)
            return
        statuses, seconds = timed_in_turns(application, endpoints, args.requests)
        print(f"{'endpoint':<28}{'status':>8}{'us':>8}{'ratio':>8}")
        for name in endpoints:
            print(
                f"{name:<28}{statuses[name]:>8}{seconds[name] * 1e6:>8.0f}"
                f"{seconds['healthz'] / seconds[name]:>8.2f}"
            )
    finally:
        connections.close_all()  # before the PostgreSQL database is dropped


def endpoint_list(application, seeded: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={_get_new_csrf_string()}"
    plan, egw, token = seeded["ak"], seeded["egw"], seeded["token"]
    logged_in = {"HTTP_COOKIE": cookie}
    return {
        "healthz": ("/healthz", {}),
        "reference: ok": ("/bench/ok", logged_in),
        "reference: session": ("/bench/session", logged_in),
        "logged-in floor": ("/bench/logged-in", logged_in),
        "plan page": (f"/plans/{plan}/", logged_in),
        "month calendar": (f"/plans/{plan}/calendar/2026-11/", logged_in),
        "log page": (f"/plans/{plan}/log/", logged_in),
        "ics download (48 sessions)": (f"/plans/{egw}/calendar.ics", logged_in),
        "feed 200": (f"/feeds/{token}.ics", {}),
        "feed 304": (f"/feeds/{token}.ics", {"HTTP_IF_NONE_MATCH": etag_of(application, token)}),
    }


def etag_of(application, token: str) -> str:
    headers = {}
    request(application, f"/feeds/{token}.ics", {}, headers)
    return headers["ETag"]


def timed_in_turns(application, endpoints: dict, count: int, batch: int = 50):
    """Status and seconds per request of each endpoint. The endpoints take turns, `batch`
    requests at a time, so that the machine's drift reaches them all alike; each gets the
    median of its batches."""
    statuses = {name: warm(application, *endpoint) for name, endpoint in endpoints.items()}
    batches = {name: [] for name in endpoints}
    for _ in range(max(1, count // batch)):
        for name, (path, headers) in endpoints.items():
            start = time.perf_counter()
            for _ in range(batch):
                request(application, path, headers)
            batches[name].append((time.perf_counter() - start) / batch)
    return statuses, {name: statistics.median(times) for name, times in batches.items()}


def warm(application, path: str, headers: dict) -> int:
    """Caches filled, statements prepared; the status the endpoint answers with."""
    for _ in range(200):
        status = request(application, path, headers)
    return status


def profile(application, endpoint: tuple, count: int) -> None:
    path, headers = endpoint
    warm(application, path, headers)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        request(application, path, headers)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def request(application, path: str, headers: dict, seen: dict | None = None) -> int:
    """One GET through the WSGI callable, its body read and closed as a server would."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **headers,
    }
    statuses = []

    def start_response(status, response_headers, exc_info=None):
        statuses.append(int(status.split()[0]))
        if seen is not None:
            seen.update(response_headers)

    body = application(environ, start_response)
    b"".join(body)
    body.close()
    return statuses[0]


if __name__ == "__main__":
    main()
