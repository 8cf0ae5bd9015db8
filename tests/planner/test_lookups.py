"""The hot paths' SQL lookups give what the ORM gives, on SQLite and on PostgreSQL."""

import datetime as dt

import pytest

from factories import make_plan
from planner import feeds, lookups, services
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")


def test_a_plan_stamp_matches_the_orm(owner):
    plan = make_plan(owner, "zyclara-egw", timezone="America/New_York")
    services.session_mark(session=plan.sessions.first(), status="done")
    plan.refresh_from_db()
    stamp = lookups.plan_stamp(owner.pk, plan.public_id)
    newest = RuleVersion.objects.filter(regimen=plan.rule.regimen).latest("updated_at")
    assert stamp == lookups.PlanStamp(
        id=plan.pk,
        updated_at=plan.updated_at,
        timezone="America/New_York",
        catalogue_at=newest.updated_at,
        regimen="zyclara-egw",
        start_date=plan.start_date,
        discreet_titles=False,
    )
    assert stamp.updated_at.tzinfo is not None and stamp.catalogue_at.tzinfo is not None


def test_a_plan_stamp_is_the_owner_s_only(owner, outsider):
    plan = make_plan(owner)
    assert lookups.plan_stamp(outsider.pk, plan.public_id) is None
    assert lookups.plan_stamp(owner.pk, "00000000-0000-0000-0000-000000000000") is None


def test_the_stamp_s_day_is_the_plan_s(owner):
    stamp = lookups.plan_stamp(owner.pk, make_plan(owner, timezone="Pacific/Auckland").public_id)
    assert stamp.today(dt.datetime(2026, 3, 5, 11, 30, tzinfo=dt.UTC)) == dt.date(2026, 3, 6)


def test_a_live_feed_matches_the_orm(owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan).token
    plan.refresh_from_db()
    assert lookups.live_feed(token) == lookups.LiveFeed(owner.pk, plan.pk, plan.updated_at)
    everything = feeds.feed_rotate(user=owner).token
    assert lookups.live_feed(everything) == lookups.LiveFeed(owner.pk, None, None)


def test_a_revoked_or_unknown_token_is_no_feed(owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan).token
    feeds.feed_revoke(user=owner, plan=plan)
    assert lookups.live_feed(token) is None
    assert lookups.live_feed("x" * 43) is None


@pytest.mark.parametrize(
    "value",
    ["2026-03-05 10:00:00.5", dt.datetime(2026, 3, 5, 10, 0, 0, 500000)],
)
def test_aware_reads_sqlite_s_forms_as_utc(value):
    assert lookups.aware(value) == dt.datetime(2026, 3, 5, 10, 0, 0, 500000, tzinfo=dt.UTC)
