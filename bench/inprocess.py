"""Each page's cost in one process, through Django's WSGI handler, as a ratio to /healthz.

    python bench/inprocess.py                          # SQLite (a temp file)
    python bench/inprocess.py --db postgres            # a throwaway database on 127.0.0.1:5432
    python bench/inprocess.py --profile "plan page"    # cProfile of one endpoint instead

The production settings (DEBUG off) on a database made by bench/seed.py. Every timed request
is the first after a write that its page shows, made just before it and not timed, so that no
cache can flatter the figure; a repeat view revalidates (If-None-Match) the ETag of a 200
fetched after that write. /healthz and each endpoint take turns in batches, so the machine's
drift reaches all alike. Figures: each one's median request in microseconds, and the ratio
/healthz's time / the endpoint's (1.0 = as fast as /healthz).
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
from collections.abc import Callable
from dataclasses import dataclass

from load import ROOT, prepare, throwaway_database


@dataclass(frozen=True)
class Endpoint:
    path: str
    write: Callable[[], None] | None = None
    target: float | None = None
    revalidate: bool = False
    logged_in: bool = True


HEALTHZ = Endpoint("/healthz", logged_in=False)


def main() -> None:
    args = parse_args()
    with throwaway_database(args.db) as env:
        seeded = prepare(env, users=4)
        os.environ.update(env)  # before Django reads its settings
        sys.path.insert(0, str(ROOT))
        from django.core.wsgi import get_wsgi_application
        from django.db import connections

        try:
            measure(get_wsgi_application(), seeded["users"][0], args)
        finally:
            connections.close_all()  # before the database is dropped


def measure(app, user: dict, args) -> None:
    cookie = session_cookie(user["username"])
    endpoints = endpoint_list(user, Writes(user))
    if args.only:
        endpoints = {name: endpoints[name] for name in args.only}
    if args.profile:
        profile(app, endpoints[args.profile], cookie, args.batch * args.rounds)
        return
    for endpoint in (HEALTHZ, *endpoints.values()):  # templates compiled, statements prepared
        batch(app, endpoint, cookie, 20)
    times = in_turns(app, endpoints, cookie, args)
    report(times, endpoints, args)


def session_cookie(username: str) -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return f"sessionid={client.cookies['sessionid'].value}"


class Writes:
    """The writes the pages show, through the app's services or the ORM, each a change."""

    def __init__(self, user: dict):
        from planner.plans import services
        from planner.plans.models import Plan
        from planner.symptoms.models import SymptomEntry

        self.services, self.plans, self.entries = services, Plan.objects, SymptomEntry.objects
        self.plan = self.plans.get(public_id=user["plan"])
        year, month, _ = map(int, user["today"].split("-"))
        self.month = (year, month)
        self.nights = list(self.plan.sessions.filter(date__year=year, date__month=month))
        self.days = list(self.plan.symptom_entries.values_list("date", flat=True))
        self.turn = 0

    def tick(self) -> None:
        """A night of this month set to rest, or back to done: each call changes a night."""
        self.turn += 1
        index = self.turn % len(self.nights)
        status = "done" if self.nights[index].status == "rest" else "rest"
        self.nights[index] = self.services.session_mark(session=self.nights[index], status=status)

    def log(self) -> None:
        """One day's entry changed, as the log form saves it."""
        self.turn += 1
        day = self.days[self.turn % len(self.days)]
        grades = {"erythema": self.turn % 4, "itching": (self.turn + 1) % 4}
        self.entries.update_or_create(plan=self.plan, date=day, defaults=grades)

    def relabel(self) -> None:
        """The plan's area renamed (the plans list shows it)."""
        self.turn += 1
        self.plans.filter(pk=self.plan.pk).update(label=f"area {self.turn}")


def endpoint_list(user: dict, writes: Writes) -> dict[str, Endpoint]:
    plan, (year, month) = f"/plans/{user['plan']}/", writes.month
    feed = f"/feeds/{user['feed']}.ics"
    return {
        "plan page": Endpoint(plan, writes.tick, 0.05),
        "month": Endpoint(f"{plan}calendar/{year}-{month:02d}/", writes.tick, 0.05),
        "log": Endpoint(f"{plan}log/", writes.log, 0.05),
        "list": Endpoint("/plans/", writes.relabel, 0.05),
        "print": Endpoint(f"{plan}print/", writes.tick, 0.05),
        "report": Endpoint(f"{plan}report/", writes.log, 0.05),
        ".ics download": Endpoint(f"{plan}calendar.ics", writes.tick, 0.1),
        ".ics download 304": Endpoint(f"{plan}calendar.ics", writes.tick, 0.25, revalidate=True),
        "feed 304": Endpoint(feed, writes.tick, 0.8, revalidate=True, logged_in=False),
    }


def before(app, endpoint: Endpoint, cookie: str) -> dict:
    """The untimed part: the write, and for a repeat view the 200 whose ETag it sends back."""
    environ = {"HTTP_COOKIE": cookie} if endpoint.logged_in else {}
    if endpoint.write:
        endpoint.write()
    if endpoint.revalidate:
        headers = {}
        request(app, endpoint.path, environ, headers)
        environ["HTTP_IF_NONE_MATCH"] = headers["ETag"]
    return environ


def batch(app, endpoint: Endpoint, cookie: str, size: int) -> list[float]:
    """The seconds of `size` requests, each timed alone after its write."""
    times = []
    for _ in range(size):
        environ = before(app, endpoint, cookie)
        start = time.perf_counter()
        status = request(app, endpoint.path, environ)
        times.append(time.perf_counter() - start)
        if status != (304 if endpoint.revalidate else 200):
            sys.exit(f"{endpoint.path} answered {status}")
    return times


def in_turns(app, endpoints: dict, cookie: str, args) -> dict[str, float]:
    """/healthz, then an endpoint, a batch each, round after round; each one's median request
    (a median, so that a request the machine's other work interrupts does not count)."""
    times = {name: [] for name in ("/healthz", *endpoints)}
    for _ in range(args.rounds):
        for name, endpoint in endpoints.items():
            times["/healthz"].extend(batch(app, HEALTHZ, cookie, args.batch))
            times[name].extend(batch(app, endpoint, cookie, args.batch))
    return {name: statistics.median(values) for name, values in times.items()}


def report(times: dict[str, float], endpoints: dict, args) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\n{args.db}, {args.rounds} rounds of {args.batch} requests; load average {load}")
    print(f"{'endpoint':<20}{'median µs':>10}{'ratio':>8}{'target':>9}  verdict")
    for name, seconds in times.items():
        ratio = times["/healthz"] / seconds
        target = endpoints[name].target if name in endpoints else None
        wanted = f">= {target:g}" if target else "-"
        verdict = "" if target is None else "met" if ratio >= target else "MISSED"
        print(f"{name:<20}{seconds * 1e6:>10.0f}{ratio:>8.3f}{wanted:>9}  {verdict}")


def profile(app, endpoint: Endpoint, cookie: str, count: int) -> None:
    """cProfile over the timed parts only (the writes before them are left out)."""
    profiler = cProfile.Profile()
    for _ in range(count):
        environ = before(app, endpoint, cookie)
        profiler.enable()
        request(app, endpoint.path, environ)
        profiler.disable()
    order = os.environ.get("PROFILE_SORT", "cumulative")  # or "tottime"
    pstats.Stats(profiler).sort_stats(order).print_stats(int(os.environ.get("PROFILE_LINES", 40)))


def request(app, path: str, headers: dict, seen: dict | None = None) -> int:
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

    body = app(environ, start_response)
    b"".join(body)
    body.close()
    return statuses[0]


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--batch", type=int, default=10, help="requests per turn")
    parser.add_argument("--profile", metavar="ENDPOINT", help="cProfile one endpoint instead")
    parser.add_argument("--only", metavar="ENDPOINT", action="append", help="time these alone")
    return parser.parse_args()


if __name__ == "__main__":
    main()
