"""Races: several connections of each user act on the same plans at once, through production
gunicorn; afterwards every plan's history of events must agree with its rows.

    python bench/race.py --db postgres      # 120 s, 16 connections over 4 users
    python bench/race.py --seconds 20       # SQLite (a temp file), a shorter run

The throwaway database, seed and gunicorn of bench/load.py (a separate database, dropped
afterwards; gunicorn on the loopback, stopped on the way out). Each connection logs its user
in on its own, as a phone and a laptop would, and until the time is up picks actions at
random (--seed fixes the choices): views of the plan page, the log, the list and the print
sheet; ticks of a night (done, missed, rest or planned); log entries; rest periods; fetches
of the plan's feed and of the all-plans feed (with the last link a page showed, which a
rotation may since have turned off); rotations of both links; and now and then the end of
the plan (stopped or cleared). A POST's redirect is followed, as a browser would, and the
message on that page says whether the app did it or refused it (a tick or an end on an ended
plan). Once a plan has ended, the first of its user's connections to see it makes a new one
while the others may still be ticking the old; a tenth of the ticks, entries, rest periods
and ends go to an older plan on purpose.

Must hold: no 5xx, no connection error, no status an action should not give (ALLOWED), and
afterwards, read from the database with the ORM (violations()):
  - a plan has ended (stopped or cleared) iff it has exactly one end event, of that status,
    and iff its ended_at is set;
  - no night is marked and no rest period is added after the plan's end event;
  - replaying the events written during the run, from the nights' statuses just before it
    ("marked X": was <old>; "rest period": open nights in the range; the end: planned nights
    from the day it ended on), agrees with every "was", every count in a detail, and every
    night's status now;
  - at most one live feed link per plan and per user.
Exit status 1 if anything above failed.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from load import ROOT, Browser, Unexpected, prepare, serving, throwaway_database

# How often each action is picked (a new plan is not picked: it follows an end).
WEIGHTS = {
    "plan page": 20,
    "log page": 8,
    "list": 5,
    "print": 4,
    "tick": 25,
    "log entry": 12,
    "rest period": 2,
    "plan feed": 8,
    "all-plans feed": 5,
    "rotate plan feed": 3,
    "rotate all-plans feed": 2,
    "end": 2,
}
# The statuses each kind of request may give; a feed link turned off by a rotation is a 404.
ALLOWED = {"page": {200}, "post": {302}, "feed": {200, 404}}
STALE = 0.1  # the share of ticks, entries, rest periods and ends sent to an older plan
REGIMEN = "aldara-egw"  # bench/seed.py's current plan; a new plan is the same, from the same day
ZONE = "Europe/London"
ENDS = ("stopped", "cleared")
OPEN = ("planned", "missed")  # what a rest period turns to rest
FEED = re.compile(rb"/feeds/([A-Za-z0-9_-]{16,64})\.ics")
PLAN_PATH = re.compile(r"/plans/([0-9a-f-]{36})/")
REFUSED = re.compile(rb'class="message error">([^<]*)<')
DONE = b'class="message success"'
# A refusal's message, in a word or two (any other is shown as it is).
REFUSALS = {
    "This plan has ended": "ended",
    "This plan has already ended": "ended",
    "An application in the future": "a night to come",
}


class Failed(Exception):
    """A 5xx, a connection error or a status the request should not give (already counted)."""


class Owner:
    """What one user's connections share: the plan they act on, the older ones, the feed links
    last seen on a page."""

    def __init__(self, user: dict):
        self.user = user
        self.lock = threading.Lock()  # held while one connection replaces an ended plan
        self.plan = user["plan"]
        self.older: list[str] = []
        self.feeds = {user["plan"]: user["feed"]}  # plan -> its live link, as last seen
        self.all_feed = ""  # the all-plans link, as last seen (none at first)


class Racer:
    """One connection: one user logged in, acting at random until the deadline."""

    def __init__(self, port: int, owner: Owner, seeded: dict, seed: str):
        self.owner, self.items, self.rng = owner, seeded["items"], random.Random(seed)
        user = owner.user
        self.nights, self.sessions = user["nights"], user["sessions"]
        start, today = (dt.date.fromisoformat(user[key]) for key in ("start", "today"))
        self.days = [start + dt.timedelta(days=n) for n in range((today - start).days + 1)]
        self.statuses: collections.Counter[int] = collections.Counter()
        self.actions: dict[str, collections.Counter[str]] = collections.defaultdict(
            collections.Counter
        )
        self.requests: collections.Counter[str] = collections.Counter()
        self.errors: list[str] = []  # 5xx and connection errors
        self.broken: list[str] = []  # exceptions of this script (a bug here, not the app's)
        self.unexpected: list[str] = []  # any other status the request should not give
        self.action, self.landed, self.aimed_older = "log-in", "", False
        self.browser = Browser(port)
        self.browser.log_in(user["username"], seeded["password"])
        self.browser.get(f"/plans/{owner.plan}/")  # a page first: log-in changes the CSRF token
        self.steps = {
            "plan page": lambda: self.view(f"/plans/{self.owner.plan}/"),
            "log page": lambda: self.view(f"/plans/{self.owner.plan}/log/"),
            "list": lambda: self.view("/plans/"),
            "print": lambda: self.view(f"/plans/{self.owner.plan}/print/"),
            "tick": self.tick,
            "log entry": self.log_entry,
            "rest period": self.rest_period,
            "plan feed": self.plan_feed,
            "all-plans feed": self.all_plans_feed,
            "rotate plan feed": lambda: self.submit(f"/plans/{self.owner.plan}/feed/rotate/", {}),
            "rotate all-plans feed": lambda: self.submit("/feeds/all/rotate/", {}),
            "end": self.end,
        }

    def run(self, deadline: float) -> None:
        names, weights = list(WEIGHTS), list(WEIGHTS.values())
        while time.monotonic() < deadline:
            self.action = name = self.rng.choices(names, weights)[0]
            self.aimed_older = False
            try:
                outcome = self.steps[name]()
            except Failed:
                outcome = "failed"
            except Exception as error:  # a bug of this script: counted, never silent
                self.broken.append(f"{name}: {error!r}")
                outcome = "failed"
            self.actions[name][f"{outcome} (older plan)" if self.aimed_older else outcome] += 1

    def call(self, method: str, path: str, form: dict | None, kind: str) -> int:
        """One request; its status counted, and Failed if it is not one `kind` may give."""
        self.requests[self.action] += 1
        try:
            if form is None:
                status = self.browser.get(path, expect=None)
            else:
                status = self.browser.post(path, form, expect=None)
        except Unexpected as error:
            self.errors.append(f"{self.action}: {error}")
            raise Failed from None
        self.statuses[status] += 1
        if status >= 500:
            self.errors.append(f"{self.action}: {method} {path}: {status}")
        elif status not in ALLOWED[kind]:
            self.unexpected.append(f"{self.action}: {method} {path}: {status}")
        else:
            return status
        raise Failed

    def view(self, path: str) -> str:
        """GET a page, and remember the feed link it shows."""
        self.call("GET", path, None, "page")
        link = FEED.search(self.browser.body)
        token = link.group(1).decode() if link else None
        if path == "/plans/":
            self.owner.all_feed = token or ""
        elif (plan := PLAN_PATH.fullmatch(path)) and token:
            self.owner.feeds[plan.group(1)] = token
        return "shown"

    def submit(self, path: str, form: dict) -> str:
        """POST, then GET the page it redirects to (self.landed): 'done' or 'refused: why',
        from the page's message."""
        self.call("POST", path, form, "post")
        self.landed = urlsplit(self.browser.location).path  # without #fragment or ?saved=
        self.view(self.landed)
        if refused := REFUSED.search(self.browser.body):
            message = refused.group(1).decode().strip()
            why = next((v for k, v in REFUSALS.items() if message.startswith(k)), message)
            return f"refused: {why}"
        return "done" if DONE in self.browser.body else "no message"

    def target(self) -> str:
        """The user's current plan, or now and then an older one (ended)."""
        older = self.owner.older
        self.aimed_older = bool(older) and self.rng.random() < STALE
        return self.rng.choice(older) if self.aimed_older else self.owner.plan

    def tick(self) -> str:
        """Mostly a night so far (a later one cannot be done or missed yet)."""
        rng = self.rng
        night = rng.choice(self.nights) if rng.random() < 0.85 else rng.randint(1, self.sessions)
        status = rng.choice(("done", "done", "missed", "missed", "rest", "planned", "planned"))
        return self.submit(f"/plans/{self.target()}/sessions/{night}/", {"status": status})

    def log_entry(self) -> str:
        grades = {item: self.rng.randint(0, 3) for item in self.items}
        day = self.rng.choice(self.days)
        note = f"race {self.rng.randint(0, 999)}"
        return self.submit(f"/plans/{self.target()}/log/{day}/", {**grades, "note": note})

    def rest_period(self) -> str:
        first = self.rng.randrange(len(self.days))
        last = min(first + self.rng.randint(0, 3), len(self.days) - 1)
        form = {"first_day": self.days[first], "last_day": self.days[last]}
        return self.submit(f"/plans/{self.target()}/rest/", form)

    def plan_feed(self) -> str:
        token = self.owner.feeds.get(self.owner.plan) or self.rng.choice(
            list(self.owner.feeds.values())
        )
        return str(self.call("GET", f"/feeds/{token}.ics", None, "feed"))

    def all_plans_feed(self) -> str:
        if not self.owner.all_feed:  # no link yet: make one, as the list page offers
            return f"no link yet, made one: {self.submit('/feeds/all/rotate/', {})}"
        return str(self.call("GET", f"/feeds/{self.owner.all_feed}.ics", None, "feed"))

    def end(self) -> str:
        """End a plan; done or refused ('already ended'), it has ended: a new plan follows."""
        plan = self.target()
        status = self.rng.choice(ENDS)
        outcome = self.submit(f"/plans/{plan}/end/", {"status": status, "confirm": "1"})
        with self.owner.lock:  # the user's other connections go on with the old plan meanwhile
            if plan == self.owner.plan and outcome in ("done", "refused: ended"):
                self.new_plan()
        return outcome

    def new_plan(self) -> None:
        """The same regimen from the same day as the seeded plan: the same nights."""
        self.action = "new plan"
        form = {"regimen": REGIMEN, "start_date": self.owner.user["start"], "timezone": ZONE}
        try:
            outcome = self.submit("/plans/new/", {**form, "label": "race"})
        except Failed:
            outcome = "failed"
        self.actions["new plan"][outcome] += 1
        if outcome == "done":
            self.owner.older.append(self.owner.plan)
            self.owner.plan = PLAN_PATH.fullmatch(self.landed)[1]
        self.action = "end"


def race(port: int, seeded: dict, args) -> tuple[list[Racer], float]:
    """Every connection in its own thread until the deadline; the racers and the time taken."""
    owners = [Owner(user) for user in seeded["users"][: args.users]]

    def racer(index: int) -> Racer:
        return Racer(port, owners[index % len(owners)], seeded, f"{args.seed}:{index}")

    with ThreadPoolExecutor(args.connections) as pool:  # the log-ins (slow hashing) in parallel
        racers = list(pool.map(racer, range(args.connections)))
    start = time.monotonic()
    threads = [
        threading.Thread(target=r.run, args=(start + args.seconds,), daemon=True) for r in racers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return racers, time.monotonic() - start


def snapshot() -> tuple[dict[int, str], int]:
    """Every night's status before the run (the seed sets some without events), and the last
    event then."""
    from django.db.models import Max

    from planner.plans.models import PlanEvent, Session

    last = PlanEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    return dict(Session.objects.values_list("pk", "status")), last


def violations(before: dict[int, str], last: int) -> list[str]:
    """Each way the rows disagree with the events, in a sentence."""
    from django.db.models import Count

    from planner.calendars.models import FeedToken
    from planner.plans.models import Plan, PlanEvent, Session

    events, nights = collections.defaultdict(list), collections.defaultdict(list)
    for event in PlanEvent.objects.order_by("pk"):
        events[event.plan_id].append(event)
    for night in Session.objects.order_by("pk"):
        nights[night.plan_id].append(night)
    found = []
    for plan in Plan.objects.order_by("pk"):
        found += ending(plan, events[plan.pk])
        found += replayed(
            plan, [e for e in events[plan.pk] if e.pk > last], nights[plan.pk], before
        )
    live = FeedToken.objects.live()
    for key, tokens in (("plan", live.exclude(plan=None)), ("user", live.filter(plan=None))):
        for row in tokens.values(key).annotate(n=Count("pk")).filter(n__gt=1):
            found.append(f"{key} {row[key]}: {row['n']} live feed links")
    return found


def ending(plan, events) -> list[str]:
    """Ended iff one end event of its status, iff ended_at; nothing changed after it."""
    name, ended = f"plan {plan.pk} ({plan.status})", plan.status in ENDS
    ends = [event for event in events if event.action in ENDS]
    found = []
    if [event.action for event in ends] != ([plan.status] if ended else []):
        found.append(f"{name}: end events {[str(event) for event in ends]}")
    if ended != (plan.ended_at is not None):
        found.append(f"{name}: ended_at is {plan.ended_at}")
    for event in events:
        changes = event.action.startswith("marked ") or event.action == "rest period"
        if ends and changes and event.pk > ends[0].pk:
            found.append(f"{name}: event {event.pk} '{event.action}' after its end ({ends[0].pk})")
    return found


def replayed(plan, events, nights, before: dict[int, str]) -> list[str]:
    """The events replayed on the nights' statuses before the run (planned for a plan made
    during it): each 'was', each count and each status now must agree."""
    name = f"plan {plan.pk} ({plan.status})"
    state = {night.pk: before.get(night.pk, "planned") for night in nights}
    day = {night.pk: night.date for night in nights}
    found = []
    for event in events:
        if event.action.startswith("marked "):
            was = f"was {state[event.session_id]}"
            if event.detail != was:
                found.append(
                    f"{name}: event {event.pk} '{event.action}, {event.detail}', not {was}"
                )
            state[event.session_id] = event.action.removeprefix("marked ")
            continue
        if event.action == "rest period":
            first, _, rest = event.detail.partition(" to ")
            first, last = dt.date.fromisoformat(first), dt.date.fromisoformat(rest.split(":")[0])
            changed = [pk for pk in state if first <= day[pk] <= last and state[pk] in OPEN]
            expected, new = f"{first} to {last}: {len(changed)} sessions", "rest"
        elif event.action in ENDS:
            # The view takes the day in the plan's zone just before the service sets ended_at.
            today = plan.today(plan.ended_at or event.at)
            changed = [pk for pk in state if day[pk] >= today and state[pk] == "planned"]
            expected, new = f"{len(changed)} sessions cancelled", "cancelled"
        else:
            continue
        if event.detail != expected:
            found.append(
                f"{name}: event {event.pk} '{event.action}, {event.detail}', not {expected}"
            )
        state.update((pk, new) for pk in changed)
    for night in nights:
        if night.status != state[night.pk]:
            found.append(
                f"{name}: night {night.number} is {night.status}, its events say {state[night.pk]}"
            )
    return found


def database_figures(last: int) -> dict:
    """What the run left: plans, how they ended, the events it wrote, feed links."""
    from django.db.models import Count

    from planner.calendars.models import FeedToken
    from planner.plans.models import Plan, PlanEvent

    ended = Plan.objects.exclude(status="active").order_by().values_list("status")
    written = collections.Counter()
    for action in PlanEvent.objects.filter(pk__gt=last).values_list("action", flat=True):
        written["marked" if action.startswith("marked ") else action] += 1
    return {
        "plans": Plan.objects.count(),
        "ended": dict(ended.annotate(n=Count("pk"))),
        "events written during the run": dict(sorted(written.items())),
        "feed links": FeedToken.objects.count(),
        "live": FeedToken.objects.live().count(),
    }


def report(racers: list[Racer], elapsed: float, found: list[str], figures: dict, args) -> bool:
    """The tallies, the database's figures and each violation; whether everything held."""
    actions = collections.defaultdict(collections.Counter)
    requests, statuses = collections.Counter(), collections.Counter()
    errors, unexpected, broken = [], [], []
    for racer in racers:
        for action, outcomes in racer.actions.items():
            actions[action].update(outcomes)
        requests.update(racer.requests)
        statuses.update(racer.statuses)
        errors += racer.errors
        unexpected += racer.unexpected
        broken += racer.broken
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\nrace: {args.db}, {args.connections} connections over {args.users} users, ", end="")
    print(f"{elapsed:.0f} s, seed {args.seed}; load average {load} (this run included)")
    print(f"{'action':<23}{'actions':>8}{'requests':>9}  outcomes")
    for action in [*WEIGHTS, "new plan"]:
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(actions[action].items()))
        print(f"{action:<23}{sum(actions[action].values()):>8}{requests[action]:>9}  {outcomes}")
    total = sum(requests.values())
    print(f"{'all':<23}{sum(sum(a.values()) for a in actions.values()):>8}{total:>9}", end="")
    print(f"  ({total / elapsed:.0f} requests/s)")
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    fives = sum(v for k, v in statuses.items() if k >= 500)
    print(f"5xx: {fives}; connection errors: {len(errors) - fives}; ", end="")
    print(f"other statuses an action should not give: {len(unexpected)}; ", end="")
    print(f"failures of this script: {len(broken)}")
    for sample in sorted(set(errors + unexpected + broken))[:10]:
        print(f"  {sample}")
    print("database: " + "; ".join(f"{k} {v}" for k, v in figures.items()))
    print(f"violations: {len(found)}")
    for violation in found:
        print(f"  {violation}")
    held = not (errors or unexpected or broken or found)
    print("HELD" if held else "NOT HELD")
    return held


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=120, help="default 120")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--users", type=int, default=4, help="the connections take turns")
    parser.add_argument("--seed", type=int, default=1, help="of the random choices")
    parser.add_argument("--port", type=int, default=8766)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    with throwaway_database(args.db) as env:
        seeded = prepare(env, users=args.users)
        os.environ.update(env)  # before Django reads its settings
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connections

        try:
            before, last = snapshot()
            connections.close_all()
            with serving(env, args.port):
                racers, elapsed = race(args.port, seeded, args)
            found, figures = violations(before, last), database_figures(last)
        finally:
            connections.close_all()  # before the database is dropped
    sys.exit(0 if report(racers, elapsed, found, figures, args) else 1)


if __name__ == "__main__":
    main()
