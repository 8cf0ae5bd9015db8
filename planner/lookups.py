"""The lookups behind the hottest requests, written in SQL.

Building a query with the ORM costs about 0.3 ms, more than a whole /healthz request. These
two run on every cached page view and every feed revalidation, so they are plain SQL on
unique, indexed columns, naming Django's default tables; tests check each against the ORM.
Everything else uses the ORM.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils.dateparse import parse_datetime

from planner.models import Plan


@dataclass(frozen=True)
class PlanStamp:
    """An owned plan as its cached pages and files are named: what they show changes only
    with these."""

    id: int
    updated_at: dt.datetime  # touched by every write to the plan, its sessions, log and feed
    timezone: str
    catalogue_at: dt.datetime  # last change to its regimen's versions (newer-version notice)
    regimen: str  # the slug
    start_date: dt.date
    discreet_titles: bool

    def today(self, now: dt.datetime) -> dt.date:
        return now.astimezone(ZoneInfo(self.timezone)).date()


@dataclass(frozen=True)
class LiveFeed:
    """Just enough of a live feed token to answer a revalidation without loading models."""

    user_id: int
    plan_id: int | None
    plan_updated_at: dt.datetime | None


def plan_stamp(user_id: int, public_id) -> PlanStamp | None:
    """The stamp of `user_id`'s plan `public_id`; None when it is not theirs (or not there)."""
    sql = (
        "SELECT p.id, p.updated_at, p.timezone,"
        " (SELECT MAX(v.updated_at) FROM regimens_ruleversion v"
        "   WHERE v.regimen_id = r.regimen_id),"
        " g.slug, p.start_date, p.discreet_titles"
        " FROM planner_plan p JOIN regimens_ruleversion r ON r.id = p.rule_id"
        " JOIN regimens_regimen g ON g.id = r.regimen_id"
        " WHERE p.public_id = %s AND p.user_id = %s"
    )
    public_id = Plan._meta.get_field("public_id").get_db_prep_value(public_id, connection)
    row = _one(sql, [public_id, user_id])
    if row is None:
        return None
    plan_id, updated_at, zone, catalogue_at, slug, start_date, discreet = row
    return PlanStamp(
        plan_id, aware(updated_at), zone, aware(catalogue_at), slug, start_date, bool(discreet)
    )


def live_feed(token: str) -> LiveFeed | None:
    """The live (not revoked) token's owner and plan; None for unknown or revoked tokens."""
    sql = (
        "SELECT t.user_id, t.plan_id, p.updated_at"
        " FROM planner_feedtoken t LEFT JOIN planner_plan p ON p.id = t.plan_id"
        " WHERE t.token = %s AND t.revoked_at IS NULL"
    )
    row = _one(sql, [token])
    if row is None:
        return None
    user_id, plan_id, updated_at = row
    return LiveFeed(user_id, plan_id, aware(updated_at) if updated_at is not None else None)


def aware(value) -> dt.datetime:
    """A UTC datetime from what the driver returns: PostgreSQL gives aware datetimes, SQLite
    naive UTC ones (and text for an aggregate)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _one(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
