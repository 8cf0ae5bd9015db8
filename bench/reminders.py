"""Reminders at scale: --count (100,000) reminders fall due in the same minute and two workers
deliver them to a local SMTP sink; all must arrive, none twice. Throughput is a ratio to a bare
smtplib loop sending as many messages of the same shape to the same sink (target >= 0.5x).

    python bench/reminders.py --db postgres                  # 100,000 reminders on PostgreSQL
    python bench/reminders.py --db postgres --count 5000     # a quick run
    python bench/reminders.py --db postgres --profile        # cProfile of one worker instead
    python bench/reminders.py --db postgres --profile --sort tottime

The production settings on a throwaway database (bench/load.py's), migrated and loaded with the
catalogue. The seed writes through the ORM with bulk_create: --count nights across plans of 48
nights (2,084 plans for 100,000), one user per plan with email reminders 15 minutes ahead, every
night planned 15 minutes after the seed's minute (each on its own date: one night a day), so
that all their reminders fall due in that minute. The sink (aiosmtpd, in its own process)
counts the messages by Message-ID, which the app makes from the delivery row and its round.
The workers are two `manage.py reminders --once` processes started together: each finds what
is due (the same rows: the unique constraint keeps one) and sends, claiming batches of 100
with SKIP LOCKED (each marked sent in its own UPDATE) until nothing is left. The bare loop sends the
same number of messages, a real reminder's bytes with its Message-ID and recipient changed,
over one smtplib connection.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import math
import os
import pstats
import re
import resource
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from load import BIN, HOST, ROOT, run, throwaway_database

NIGHTS = 48  # per plan, as a warts course has
LEAD = dt.timedelta(minutes=15)
WORKERS = 2
TARGET = 0.5
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.MULTILINE | re.IGNORECASE)


def main() -> None:
    args = parse_args()
    if args.sink:
        return sink(args.sink, Path(args.out))
    with throwaway_database(args.db) as env:
        port = free_port()
        env.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=HOST,
            EMAIL_PORT=str(port),
            SITE_URL="https://planner.example.org",
            ASYNC_COMMIT="1",  # as `make worker` starts them
        )
        for command in ("migrate", "loadregimens"):
            run(env, "manage.py", command, "-v0")
        os.environ.update(env)  # before Django reads its settings
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connections

        try:
            bench(env, port, args)
        finally:
            connections.close_all()  # before the database is dropped


def bench(env: dict, port: int, args) -> None:
    started = time.perf_counter()
    due = seed(args.count)
    print(f"seeded {args.count:,} nights in {time.perf_counter() - started:.1f} s", flush=True)
    if args.profile:
        with sink_process(port):
            return profile_one_worker(args.sort)
    explain(due, "with every seeded night due")
    bare = timed_bare_loop(port, args.count)
    app = timed_workers(env, port, args.count)
    explain(due + dt.timedelta(days=3), "three days later: every seeded night finished")
    report(args, bare, app)


# The seed ----------------------------------------------------------------------------------


def seed(count: int) -> dt.datetime:
    """--count nights due in this minute, across plans of NIGHTS nights; returns the minute."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from planner.accounts.models import ConfirmedEmail
    from planner.plans.models import Plan, Session
    from planner.reminders.models import ReminderSettings
    from regimens.models import RuleVersion

    due = timezone.now().replace(second=0, microsecond=0)
    rule = RuleVersion.objects.approved().get(regimen__slug="aldara-egw")
    User = get_user_model()
    people, no_password = range(math.ceil(count / NIGHTS)), make_password(None)
    users = User.objects.bulk_create(
        User(username=f"bench{i}", email=f"bench{i}@example.org", password=no_password)
        for i in people
    )
    ConfirmedEmail.objects.bulk_create(ConfirmedEmail(user=u, email=u.email) for u in users)
    start = due.date() - dt.timedelta(days=NIGHTS)
    plans = Plan.objects.bulk_create(
        Plan(
            user=user,
            rule=rule,
            label="bench",
            start_date=start,
            end_date=due.date() + dt.timedelta(days=1),
            weekdays="mon,wed,fri",
            application_time=(due + LEAD).time(),
            timezone="UTC",
            contact_hours=rule.contact_hours_default,
        )
        for user in users
    )
    ReminderSettings.objects.bulk_create(
        ReminderSettings(
            user=user, email=True, lead_minutes=15, wash_off=False, on_since=due - LEAD
        )
        for user in users
    )
    apply = due + LEAD
    nights = (
        Session(
            plan=plans[n // NIGHTS],
            number=n % NIGHTS + 1,
            date=start + dt.timedelta(days=n % NIGHTS),
            apply_at=apply,
            wash_off_at=apply + dt.timedelta(hours=8),
        )
        for n in range(count)
    )
    Session.objects.bulk_create(nights, batch_size=5000)
    return due


# The sink -----------------------------------------------------------------------------------


class Counting:
    """An SMTP server's handler that counts each message by its Message-ID."""

    def __init__(self):
        self.ids = Counter()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        found = MESSAGE_ID.search(envelope.content)
        self.ids[found.group(1).decode() if found else "(none)"] += 1
        return "250 OK"


def sink(port: int, out: Path) -> None:
    """The sink's own process: serve until SIGTERM, then write the counts to `out`."""
    from aiosmtpd.controller import Controller

    handler = Counting()
    controller = Controller(handler, hostname=HOST, port=port)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM})
    controller.stop()
    out.write_text(json.dumps({"ids": handler.ids, "cpu": cpu_seconds(resource.RUSAGE_SELF)}))


class sink_process:  # noqa: N801 (used as a context manager, like open)
    """The sink started in another process; `.ids` holds its counts once it has stopped."""

    def __init__(self, port: int):
        self.port, self.ids, self.cpu = port, Counter(), 0.0

    def __enter__(self):
        self.out = Path(tempfile.mkstemp(prefix="planner-sink-", suffix=".json")[1])
        command = [sys.executable, __file__, "--sink", str(self.port), "--out", str(self.out)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        counted = json.loads(self.out.read_text())
        self.ids, self.cpu = Counter(counted["ids"]), counted["cpu"]
        self.out.unlink()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# The two timed runs -------------------------------------------------------------------------


def timed_bare_loop(port: int, count: int) -> dict:
    """smtplib over one connection: a real reminder's bytes, its Message-ID and recipient
    changed for each message."""
    template, sender = a_real_reminder()
    with sink_process(port) as server:
        started, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
        with smtplib.SMTP(HOST, port) as smtp:
            for i in range(count):
                raw = template.replace(b"@@ID@@", b"%d" % i).replace(b"@@TO@@", b"%d" % i)
                smtp.sendmail(sender, [f"bare{i}@example.org"], raw)
        seconds = time.perf_counter() - started
        cpu = cpu_seconds(resource.RUSAGE_SELF) - cpu
    return {"seconds": seconds, "ids": server.ids, "cpu": cpu, "sink_cpu": server.cpu}


def a_real_reminder() -> tuple[bytes, str]:
    """What channels.send_email would send for one seeded night, as bytes with markers."""
    from django.conf import settings

    from planner.plans.models import Session
    from planner.reminders.channels import build_email
    from planner.reminders.message import compose
    from planner.reminders.models import Delivery

    night = Session.objects.select_related("plan__user", "plan__rule").first()
    row = Delivery(pk=0, session=night, kind="apply", due_at=night.apply_at)
    email = build_email(night.plan.user, compose(row))
    email.extra_headers["Message-ID"] = "<bare.@@ID@@@planner.example.org>"
    email.to = ["bare@@TO@@@example.org"]
    return email.message().as_bytes(linesep="\r\n"), settings.REMINDERS_FROM_EMAIL


def timed_workers(env: dict, port: int, count: int) -> dict:
    """Two `manage.py reminders --once` processes started together; until both have exited."""
    from planner.reminders.models import Delivery

    command = [str(BIN / "python"), "manage.py", "reminders", "--once"]
    children = cpu_seconds(resource.RUSAGE_CHILDREN)
    with sink_process(port) as server:
        started = time.perf_counter()
        workers = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
            for _ in range(WORKERS)
        ]
        said = [worker.communicate()[0].strip() for worker in workers]
        seconds = time.perf_counter() - started
    if any(worker.returncode for worker in workers):
        raise RuntimeError(f"a worker failed: {said}")
    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - children - server.cpu  # the workers'
    return {
        "seconds": seconds,
        "ids": server.ids,
        "said": said,
        "rows": statuses,
        "cpu": cpu,
        "sink_cpu": server.cpu,
    }


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def profile_one_worker(sort: str) -> None:
    """One worker in this process under cProfile: where a reminder's time goes."""
    from planner.reminders import sending

    profiler = cProfile.Profile()
    started = time.perf_counter()
    outcomes = profiler.runcall(sending.run_once)
    print(f"one worker: {dict(outcomes)} in {time.perf_counter() - started:.1f} s")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(40)
    print(out.getvalue())


# What the database does, and the figures ----------------------------------------------------


def explain(now: dt.datetime, when: str) -> None:
    from django.db import connection

    from planner.reminders import due

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    plan = due.due_nights(now).explain(analyze=True, costs=True, timing=False)
    print(f"\nEXPLAIN ANALYZE of the due nights' query, {when}:\n{plan}\n")


def report(args, bare: dict, app: dict) -> None:
    count = args.count
    received, distinct = sum(app["ids"].values()), len(app["ids"])
    twice = sum(1 for n in app["ids"].values() if n > 1)
    bare_rate, app_rate = count / bare["seconds"], count / app["seconds"]
    ratio = app_rate / bare_rate
    print(f"database: {args.db}, reminders due in one minute: {count:,}")
    print(f"bare smtplib loop: {sum(bare['ids'].values()):,} messages in {bare['seconds']:.1f} s")
    print(f"  {bare_rate:,.0f} messages/s; {per_message(bare, count)}")
    print(f"two workers: {received:,} messages in {app['seconds']:.1f} s, {app_rate:,.0f}/s")
    print(f"  {per_message(app, count)}")
    for i, said in enumerate(app["said"], 1):
        print(f"  worker {i}: {said}")
    print(f"  delivery rows: {dict(app['rows'])}")
    print(f"  distinct Message-IDs: {distinct:,}, received more than once: {twice}")
    all_there = distinct == count and app["rows"].get("sent") == count
    print(f"all delivered: {yes(all_there)}; none twice: {yes(not twice)}")
    verdict = "met" if ratio >= TARGET else "missed"
    print(f"throughput ratio to the bare loop: {ratio:.2f}x (target >= {TARGET}x): {verdict}")
    if not all_there or twice:
        sys.exit(1)


def per_message(run: dict, count: int) -> str:
    """CPU per message of the senders and of the sink (the database server's is not counted)."""
    return (
        f"CPU per message: senders {run['cpu'] / count * 1000:.2f} ms, "
        f"sink {run['sink_cpu'] / count * 1000:.2f} ms"
    )


def yes(holds: bool) -> str:
    return "yes" if holds else "NO"


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--count", type=int, default=100_000, help="reminders due at once")
    parser.add_argument("--profile", action="store_true", help="cProfile one worker instead")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (tottime...)")
    parser.add_argument("--sink", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    main()
