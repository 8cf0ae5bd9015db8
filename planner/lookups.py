"""The lookups behind the hottest requests, written in SQL.

Building a query with the ORM costs about 0.14 ms, most of a whole /healthz request. These
run on every logged-in request (the login session and its user), every cached page view and
every feed revalidation, so they are plain SQL on unique, indexed columns, naming Django's
default tables; tests check each against the ORM. Everything else uses the ORM.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
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


def login_session(session_key: str) -> Session | None:
    """The unexpired login session `session_key` (unsaved: only read from)."""
    expiry = Session._meta.get_field("expire_date")
    row = _one(
        "SELECT session_data, expire_date FROM django_session"
        " WHERE session_key = %s AND expire_date > %s",
        [session_key, expiry.get_db_prep_value(timezone.now(), connection)],
    )
    if row is None:
        return None
    return Session(session_key=session_key, session_data=row[0], expire_date=aware(row[1]))


def user(user_id):
    """The user `user_id` built as the ORM builds it (each value through the field's and the
    database's converters), or None."""
    model, db = get_user_model(), connections[DEFAULT_DB_ALIAS]
    sql, names, converters = _user_query(db)
    pk = model._meta.pk
    with db.cursor() as cursor:
        cursor.execute(sql, [pk.get_db_prep_value(pk.to_python(user_id), db)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (column, convert) in zip(row, converters, strict=True):
        for step in convert:
            value = step(value, column, db)
        values.append(value)
    return model.from_db(db.alias, names, values)


@functools.lru_cache(maxsize=16)  # per connection (one per thread): SQL, names, converters
def _user_query(db):
    model = get_user_model()
    fields = model._meta.concrete_fields
    name = db.ops.quote_name  # every name comes from the model, none from a request
    columns = ", ".join(name(field.column) for field in fields)
    table, pk = name(model._meta.db_table), name(model._meta.pk.column)
    sql = f"SELECT {columns} FROM {table} WHERE {pk} = %s"  # noqa: S608
    converters = []
    for field in fields:
        column = field.cached_col
        converters.append((column, db.ops.get_db_converters(column) + column.get_db_converters(db)))
    return sql, [field.attname for field in fields], converters


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
