"""The lookups behind the hottest requests, written in SQL.

Building a query with the ORM costs about 0.14 ms, most of a whole /healthz request. These
run on every logged-in request (the login session and its user, in one statement that also
reads the stamp of the plan a cached page shows), and every feed revalidation, so they are
plain SQL on unique, indexed columns; tests check each against the ORM. Everything else uses
the ORM.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from planner.models import LoginSession, Plan


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


# An owned plan's stamp, from planner_plan p joined to its rule version r and regimen g.
STAMP_COLUMNS = (
    "p.id, p.updated_at, p.timezone,"
    " (SELECT MAX(v.updated_at) FROM regimens_ruleversion v WHERE v.regimen_id = r.regimen_id),"
    " g.slug, p.start_date, p.discreet_titles"
)
STAMP_JOINS = (
    " LEFT JOIN regimens_ruleversion r ON r.id = p.rule_id"
    " LEFT JOIN regimens_regimen g ON g.id = r.regimen_id"
)


def plan_stamp(user_id: int, public_id) -> PlanStamp | None:
    """The stamp of `user_id`'s plan `public_id`; None when it is not theirs (or not there)."""
    sql = (
        f"SELECT {STAMP_COLUMNS} FROM planner_plan p{STAMP_JOINS}"  # noqa: S608 (constants)
        " WHERE p.public_id = %s AND p.user_id = %s"
    )
    return _stamp(_one(sql, [_public_id(public_id), user_id]))


def _stamp(row) -> PlanStamp | None:
    if row is None or row[0] is None:
        return None
    plan_id, updated_at, zone, catalogue_at, slug, start_date, discreet = row
    return PlanStamp(
        plan_id, aware(updated_at), zone, aware(catalogue_at), slug, start_date, bool(discreet)
    )


def _public_id(value):
    return Plan._meta.get_field("public_id").get_db_prep_value(value, connection)


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


@dataclass(frozen=True)
class Login:
    """A live login session as the login check reads it, in one statement: with its user and,
    when a page asks, the stamp of that user's plan."""

    session_data: str  # what Django's session store decodes
    expire_date: dt.datetime
    user_id: int | None  # the session's user column
    user: AbstractBaseUser | None  # None before a login
    plan_asked: uuid.UUID | None
    plan: PlanStamp | None  # the plan asked for, when it is the user's

    def user_for(self, user_id) -> AbstractBaseUser | None:
        """The user read with the session, if it is `user_id` (as the session data says)."""
        if self.user is None or str(self.user.pk) != str(user_id):
            return None
        return self.user


def login(session_key: str, public_id: uuid.UUID | None = None) -> Login | None:
    """The unexpired session `session_key` with its user and (when `public_id` is given) the
    stamp of that user's plan `public_id`; None for an unknown or expired session."""
    db = connections[DEFAULT_DB_ALIAS]
    query = _login_query(db, public_id is not None)
    expiry = LoginSession._meta.get_field("expire_date")
    params = [session_key, expiry.get_db_prep_value(timezone.now(), db)]
    if public_id is not None:
        params.insert(0, _public_id(public_id))
    with db.cursor() as cursor:
        cursor.execute(query.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    data, expire_date, user_id, *rest = row
    users = len(query.user.names)
    user = query.user.build(db, rest[:users]) if user_id is not None else None
    stamp = _stamp(rest[users:]) if public_id is not None else None
    return Login(data, aware(expire_date), user_id, user, public_id, stamp)


def user(user_id):
    """The user `user_id` built as the ORM builds it, or None (when the login check could not
    read it with the session)."""
    db = connections[DEFAULT_DB_ALIAS]
    columns = _user_columns(db)
    pk = get_user_model()._meta.pk
    with db.cursor() as cursor:
        cursor.execute(columns.by_id_sql, [pk.get_db_prep_value(pk.to_python(user_id), db)])
        row = cursor.fetchone()
    return None if row is None else columns.build(db, row)


@dataclass(frozen=True)
class _LoginQuery:
    sql: str
    user: _UserColumns


@functools.lru_cache(maxsize=32)  # per connection (one per thread)
def _login_query(db, with_plan: bool) -> _LoginQuery:
    users = _user_columns(db)
    select = f"s.session_data, s.expire_date, s.user_id, {users.select}"
    joins = f" LEFT JOIN {users.table} u ON u.{users.pk} = s.user_id"
    if with_plan:
        select += f", {STAMP_COLUMNS}"
        joins = (
            " LEFT JOIN planner_plan p ON p.public_id = %s AND p.user_id = s.user_id"
            + STAMP_JOINS
            + joins
        )
    sql = (
        f"SELECT {select} FROM planner_loginsession s{joins}"  # noqa: S608 (names from models)
        " WHERE s.session_key = %s AND s.expire_date > %s"
    )
    return _LoginQuery(sql, users)


@dataclass(frozen=True)
class _UserColumns:
    """The user model's columns as `u.<column>`, and how to turn a row of them into a user
    as the ORM does (each value through the field's and the database's converters)."""

    table: str
    pk: str
    select: str
    names: list[str]
    converters: list[tuple]

    @property
    def by_id_sql(self) -> str:
        return f"SELECT {self.select} FROM {self.table} u WHERE u.{self.pk} = %s"  # noqa: S608

    def build(self, db, row):
        values = []
        for value, (column, convert) in zip(row, self.converters, strict=True):
            for step in convert:
                value = step(value, column, db)
            values.append(value)
        return get_user_model().from_db(db.alias, self.names, values)


@functools.lru_cache(maxsize=16)  # per connection (one per thread)
def _user_columns(db) -> _UserColumns:
    model = get_user_model()
    fields = model._meta.concrete_fields
    name = db.ops.quote_name  # every name comes from the model, none from a request
    converters = []
    for field in fields:
        column = field.cached_col
        converters.append((column, db.ops.get_db_converters(column) + column.get_db_converters(db)))
    return _UserColumns(
        table=name(model._meta.db_table),
        pk=name(model._meta.pk.column),
        select=", ".join(f"u.{name(field.column)}" for field in fields),
        names=[field.attname for field in fields],
        converters=converters,
    )


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
