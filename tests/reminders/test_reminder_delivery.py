"""What is sent, when, and what is not: opt-in, the kinds of night, ended plans, lateness,
per-plan settings, and the record each delivery leaves."""

import datetime as dt

import pytest
from django.core import mail

from factories import make_user
from planner.accounts.models import ConfirmedEmail
from planner.plans import services as plan_services
from planner.reminders import services
from planner.reminders.models import Delivery
from reminder_kit import daily_plan, opt_in, run_at

pytestmark = pytest.mark.usefixtures("catalogue")
START = dt.date(2026, 4, 6)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def plan(owner):
    return daily_plan(owner, START)


@pytest.fixture
def night(plan):
    return plan.sessions.get(date=START + dt.timedelta(days=1))


def subjects(messages) -> list[str]:
    return [message.subject for message in messages]


def test_nothing_is_sent_before_the_person_opts_in(owner, night):
    assert run_at(night.apply_at) == []
    assert not Delivery.objects.exists()


def test_a_night_gets_its_apply_and_wash_off_reminders_once_each(owner, night):
    opt_in(owner)
    [apply] = run_at(night.apply_at - 15 * MINUTE)
    assert apply.subject == "Apply Zyclara 3.75% (left cheek) at 21:30"
    assert apply.to == ["owner@example.org"]
    assert run_at(night.apply_at - 14 * MINUTE) == []  # run again: nothing twice
    [wash] = run_at(night.wash_off_at)
    assert wash.subject == "Wash off Zyclara 3.75% (left cheek) at 05:30"
    row = Delivery.objects.get(session=night, kind="apply")
    assert (row.status, row.attempts, row.email_sent_at) == ("sent", 0, row.sent_at)
    assert row.due_at == night.apply_at - 15 * MINUTE


def test_the_lead_time_is_the_persons_choice(owner, night):
    opt_in(owner, lead_minutes=60)
    assert run_at(night.apply_at - 61 * MINUTE) == []
    assert len(run_at(night.apply_at - 60 * MINUTE)) == 1


def test_the_wash_off_follows_the_actual_application_once_ticked_done(owner, night):
    opt_in(owner)
    run_at(night.apply_at - 15 * MINUTE)
    late = night.apply_at + 50 * MINUTE
    plan_services.session_mark(session=night, status="done", done_at=late)
    assert run_at(night.apply_at + dt.timedelta(hours=8)) == []  # the planned wash-off
    [wash] = run_at(late + dt.timedelta(hours=8))
    assert wash.subject.endswith("at 06:20")
    assert "counted from when you applied it" in wash.body


def test_the_wash_off_of_a_night_ticked_done_asks_nothing_about_applying(owner, night):
    """Done now and Skip tonight would only say the night is already recorded."""
    opt_in(owner)
    plan_services.session_mark(session=night, status="done", done_at=night.apply_at)
    [wash] = run_at(night.wash_off_at)
    assert "Snooze 30 min:" in wash.body
    assert "Done now" not in wash.body and "Skip tonight" not in wash.body
    html = wash.alternatives[0][0]
    assert "Snooze 30 min" in html
    assert "Done now" not in html and "Skip tonight" not in html


def test_the_wash_off_of_a_night_not_ticked_still_offers_all_three(owner, night):
    opt_in(owner)
    [wash] = run_at(night.wash_off_at)
    for label in ("Done now:", "Snooze 30 min:", "Skip tonight:"):
        assert label in wash.body


@pytest.mark.parametrize("status", ["done", "missed", "rest"])
def test_a_night_already_ticked_gets_no_apply_reminder_nor_nudge(owner, night, status):
    opt_in(owner, nudge_minutes=60)
    done_at = night.apply_at - 2 * dt.timedelta(hours=1) if status == "done" else None
    plan_services.session_mark(session=night, status=status, done_at=done_at)
    assert run_at(night.apply_at - 15 * MINUTE) == []
    assert run_at(night.apply_at + 60 * MINUTE) == []


def test_rest_and_missed_nights_get_no_wash_off_reminder(owner, plan, night):
    opt_in(owner)
    plan_services.session_mark(session=night, status="missed")
    assert run_at(night.wash_off_at) == []


def test_the_nudge_goes_once_when_the_night_is_still_not_ticked(owner, night):
    opt_in(owner, nudge_minutes=90)
    run_at(night.apply_at - 15 * MINUTE)
    [nudge] = run_at(night.apply_at + 90 * MINUTE)
    assert nudge.subject == "Not ticked yet: Apply Zyclara 3.75% (left cheek), 21:30"
    # Its "Done now" counts from the tap, 90 minutes late for a night applied on time.
    assert 'Applied it at 21:30? Record that on Today; "Done now" counts from now.' in nudge.body
    assert run_at(night.apply_at + 100 * MINUTE) == []


def test_an_ended_plan_gets_nothing_more(owner, plan, night):
    opt_in(owner)
    plan_services.plan_end(plan=plan, status="stopped", today=START)
    assert run_at(night.apply_at - 15 * MINUTE) == []


def test_a_deleted_plan_takes_its_reminders_with_it(owner, plan, night):
    opt_in(owner)
    run_at(night.apply_at - 15 * MINUTE)
    plan.delete()
    assert not Delivery.objects.exists()
    assert run_at(night.wash_off_at) == []


def test_a_reminder_found_too_late_is_dropped_not_sent(owner, night):
    opt_in(owner)
    # The worker was down from before the reminder until after the application's window.
    assert run_at(night.wash_off_at - MINUTE) == []
    assert not Delivery.objects.filter(kind="apply").exists()


def test_a_pending_reminder_that_became_too_late_is_dropped_with_its_reason(owner, night):
    opt_in(owner)
    due = night.apply_at - 15 * MINUTE
    Delivery.objects.create(session=night, kind="apply", due_at=due, next_try_at=due)
    assert run_at(due + dt.timedelta(hours=1, minutes=1)) == []
    row = Delivery.objects.get()
    assert (row.status, row.note) == ("dropped", "too late to be useful")


def test_nothing_already_due_when_reminders_are_turned_on_is_sent(owner, night):
    opt_in(owner, on_since=night.apply_at - 10 * MINUTE)
    assert run_at(night.apply_at - 5 * MINUTE) == []  # the apply reminder was due before
    assert len(run_at(night.wash_off_at)) == 1


def test_a_plans_own_settings_win_over_those_for_all_plans(owner, plan, night):
    opt_in(owner)
    opt_in(owner, plan=plan, email=False)
    assert run_at(night.apply_at - 15 * MINUTE) == []
    other = daily_plan(owner, START, label="right arm")
    assert subjects(run_at(night.apply_at - 14 * MINUTE)) == [
        "Apply Zyclara 3.75% (right arm) at 21:30"
    ]
    assert other.sessions.get(date=night.date).reminders.count() == 1


def test_no_reminder_email_goes_to_an_unconfirmed_address():
    stranger = make_user("stranger", confirmed=False)
    night = daily_plan(stranger, START).sessions.first()
    opt_in(stranger)
    assert run_at(night.apply_at - 15 * MINUTE) == []
    row = Delivery.objects.get()
    assert (row.status, row.note) == ("failed", "email: email address not confirmed")
    ConfirmedEmail.objects.create(user=stranger, email="stranger@example.org")
    later = night.plan.sessions.all()[1]
    [sent] = run_at(later.apply_at - 15 * MINUTE)
    assert sent.to == ["stranger@example.org"]


def test_a_person_without_an_email_address_gets_a_failed_record_not_an_error(owner, night):
    owner.email = ""
    owner.save()
    opt_in(owner)
    assert run_at(night.apply_at - 15 * MINUTE) == []
    row = Delivery.objects.get()
    assert (row.status, row.note) == ("failed", "email: no email address")


def test_the_record_is_ready_for_the_next_minute_when_nothing_is_due(owner, night):
    opt_in(owner)
    outcomes = services.run_once(now=night.apply_at - 20 * MINUTE)
    assert outcomes["found"] == 0 and not Delivery.objects.exists()
    assert mail.outbox == []
