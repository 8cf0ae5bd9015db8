"""Each night's two events are kept in Django's cache under a digest of every row they are
written from and of the code: after a tick only that night is written again, and a change by
any path (a service, a shell's update()) or a new release is never served from the cache."""

import datetime as dt

import pytest

from factories import make_plan
from planner.calendars import feeds, ics, words
from planner.calendars.ics import event_uid, plan_calendar
from planner.plans import services
from planner.plans.models import Session
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")


def download(plan) -> str:
    sessions = list(plan.sessions.select_related("plan").order_by("number"))
    return plan_calendar(plan, sessions, keep_cancelled=True).decode().replace("\r\n ", "")


def fresh(plan):
    """The plan as a request loads it (its rule and regimen read again)."""
    return type(plan).objects.select_related("rule__regimen").get(pk=plan.pk)


def event(text: str, uid: str) -> str:
    start = text.index(f"UID:{uid}")
    return text[start : text.index("END:VEVENT", start)]


@pytest.fixture
def written(monkeypatch):
    """The nights written by icalendar (not taken from the cache), by number."""
    numbers = []
    apply_event = ics._apply_event

    def spy(plan, session, *args):
        numbers.append(session.number)
        return apply_event(plan, session, *args)

    monkeypatch.setattr(ics, "_apply_event", spy)
    return numbers


def test_after_a_tick_only_that_night_is_written_again(owner, written):
    plan = make_plan(owner)
    first = download(fresh(plan))
    assert written == list(range(1, 33))
    written.clear()
    services.session_mark(session=plan.sessions.get(number=5), status="rest")
    again = download(fresh(plan))
    assert written == [5]
    uid = event_uid(plan, "apply", 5)
    assert "STATUS:CONFIRMED" in event(first, uid)
    assert "STATUS:CANCELLED" in event(again, uid)
    # Every other night is byte for byte the same.
    assert event(first, event_uid(plan, "apply", 6)) == event(again, event_uid(plan, "apply", 6))


def test_a_night_changed_by_a_shell_update_is_written_again(owner, written):
    plan = make_plan(owner)
    download(fresh(plan))
    written.clear()
    night = plan.sessions.get(number=3)
    later = night.apply_at + dt.timedelta(hours=1)
    Session.objects.filter(pk=night.pk).update(apply_at=later)  # no save(), no signal
    text = download(fresh(plan))
    assert written == [3]
    assert f"DTSTART;TZID=Europe/London:{later.astimezone(plan.zone):%Y%m%dT%H%M%S}" in text


def test_a_rule_changed_by_a_shell_update_rewrites_every_night(owner, written):
    plan = make_plan(owner)
    download(fresh(plan))
    written.clear()
    RuleVersion.objects.filter(pk=plan.rule_id).update(apply_steps="Rub in a thin film.")
    text = download(fresh(plan))
    assert written == list(range(1, 33))
    assert "Rub in a thin film." in event(text, event_uid(plan, "apply", 1))


def test_a_new_release_rewrites_every_night(owner, written, monkeypatch):
    plan = make_plan(owner)
    download(fresh(plan))
    written.clear()
    monkeypatch.setattr(words, "DISCLAIMER", "The next release's disclaimer.")
    monkeypatch.setattr(feeds, "release", lambda: "the next release")
    text = download(fresh(plan))
    assert written == list(range(1, 33))
    assert "The next release's disclaimer." in event(text, event_uid(plan, "apply", 1))
