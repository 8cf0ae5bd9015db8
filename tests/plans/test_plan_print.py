import datetime as dt

import pytest
import time_machine
from django.utils.html import strip_tags
from prescribed_plans import make_prescribed

from factories import make_plan
from planner.plans import services
from planner.plans.assessment import assessment_record

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan):
    return f"/plans/{plan.public_id}/print/"


def test_it_lists_every_night_with_its_wash_off_time_and_the_disclaimer(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert body.count('class="box"') == 32
    assert '<time datetime="2026-03-02T22:00+00:00">Mon 2 Mar, 22:00</time>' in body
    assert 'off <time datetime="2026-03-03T06:00+00:00">Tue 06:00</time>' in body
    assert "not medical advice" in body
    assert "Airtight dressings" in body
    assert "<nav" not in body


def test_a_night_done_early_shows_when_it_was_applied_beside_its_wash_off(client, owner):
    """Applied at 19:30, washed off at 03:30: the sheet said "Mon 2 Mar, 22:00 off Tue 03:30
    Done", five and a half hours by its own figures; the plan page's list says "Done at"."""
    plan = make_plan(owner)  # Mon+Thu at 22:00, London
    night = plan.sessions.get(number=1)
    applied = dt.datetime(2026, 3, 2, 19, 30, tzinfo=dt.UTC)
    with time_machine.travel(applied + dt.timedelta(minutes=5), tick=False):
        services.session_mark(session=night, status="done", done_at=applied)
    client.force_login(owner)
    row = client.get(url(plan)).content.decode().split('<li class="done">')[1].split("</li>")[0]
    assert 'off <time datetime="2026-03-03T03:30+00:00">Tue 03:30</time>' in row
    assert 'Done at <time datetime="2026-03-02T19:30+00:00">19:30</time>' in row


def test_the_screen_shows_the_way_back_to_the_plan_and_paper_does_not(client, owner):
    """An installed app has no back button (standalone on a phone): without this link the
    sheet was a dead end there."""
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert f'<p class="no-print"><a href="/plans/{plan.public_id}/">Back to the plan</a>' in body


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, owner):
    assert client.get(url(make_plan(owner))).status_code == 302


# --- what the sheet says besides the nights ------------------------------------------------

START = dt.date(2026, 3, 2)


def sheet_text(client, plan) -> str:
    """The printed page's words, tags stripped and spaces squeezed."""
    client.force_login(plan.user)
    body = client.get(url(plan)).content.decode()
    return " ".join(strip_tags(body).split())


def eu_plan(owner):
    return make_plan(owner, "aldara-ak-eu", start_date=START, weekdays=("mon", "wed", "fri"))


def test_it_shows_the_assessment_date_with_boxes_for_the_result(client, owner):
    text = sheet_text(client, eu_plan(owner))
    assert "Assessment with your clinician: Mon 27 Apr 2026." in text
    assert "Result: ☐ cleared ☐ not cleared (then one more course of 4 weeks)" in text


def test_once_recorded_it_shows_the_result_and_the_second_course(client, owner):
    plan = eu_plan(owner)
    assessment_record(plan=plan, outcome="not-cleared", today=dt.date(2026, 4, 27))
    text = sheet_text(client, plan)
    assert (
        "Recorded on Mon 27 Apr 2026: not cleared; the second course runs from Mon 27 Apr 2026 "
        "to Sun 24 May 2026." in text
    )
    assert text.count("☐") == 0


def test_cleared_says_the_treatment_is_over_and_the_plan_ended(client, owner):
    plan = eu_plan(owner)
    assessment_record(plan=plan, outcome="cleared", today=dt.date(2026, 4, 28))
    text = sheet_text(client, plan)
    assert "Recorded on Tue 28 Apr 2026: cleared; the treatment is over." in text
    assert "Cleared at the assessment on" in text and "Ended early" not in text


def test_a_label_plan_without_assessment_says_nothing_of_one(client, owner):
    text = sheet_text(client, make_plan(owner))
    assert "Assessment" not in text
    assert "rule version" in text and "as your clinician prescribed" not in text


def test_a_prescribed_plan_says_whose_instructions_and_the_rules_it_departs_from(client, owner):
    plan = make_prescribed(owner)
    text = sheet_text(client, plan)
    assert ", as your clinician prescribed." in text
    assert "This plan follows your clinician's instructions, not a label regimen:" in text
    assert "3 times a week (Monday, Wednesday, Friday) for 4 weeks, 8 hours on the skin" in text
    assert "3 times a week (the US AK label says 2)" in text
    assert "4 weeks (the US AK label says 16)" in text
    assert f"version {plan.limits.version}" in text
    assert "not medical advice" in text


def test_a_prescribed_plan_in_place_of_an_assessed_label_has_no_assessment(client, owner):
    plan = make_prescribed(owner, slug="aldara-ak-eu", weeks=6)
    assert plan.assessment_on is None
    text = sheet_text(client, plan)
    assert "Assessment with your clinician" not in text
    assert "no assessment after the course (the EU/UK AK label says: 4 weeks off, then an " \
        "assessment, then 4 weeks more if not cleared)" in text  # fmt: skip


def test_a_time_after_midnight_says_whose_night_each_application_is(client, owner):
    """00:30 on Tue 8 Dec is Monday night's application: the sheet said only "Tue 8 Dec,
    00:30", as if it were Tuesday night's; the previews name the night from Mon to Tue."""
    plan = make_prescribed(
        owner, per_week=7, weeks=16, time=dt.time(0, 30), start=dt.date(2026, 12, 8), label=""
    )
    text = sheet_text(client, plan)
    assert (
        "00:30 is after midnight: each application is in the night before the day it is "
        "listed on, application 1 in the night from Mon 7 Dec to Tue 8 Dec." in text
    )
    assert "If you meant the night after" not in text  # the form's advice, not the sheet's
    assert "1 Tue 8 Dec, 00:30 Mon night off Tue 08:30" in text
    assert "112 Mon 29 Mar, 00:30 Sun night off Mon 08:30" in text


def test_an_evening_time_says_no_more(client, owner):
    text = sheet_text(client, make_plan(owner))
    assert "after midnight" not in text and " night off" not in text


def test_after_midnight_is_read_on_the_plans_own_clock(client, owner):
    """00:30 in Tokyo is 15:30 UTC the day before: still the night before its listed day."""
    plan = make_plan(owner, application_time=dt.time(0, 30), timezone="Asia/Tokyo")
    text = sheet_text(client, plan)
    assert "00:30 is after midnight" in text
    assert "application 1 in the night from Sun 1 Mar to Mon 2 Mar." in text


def test_it_names_the_label_the_regimen_follows(client, owner):
    assert "Label: US: FDA prescribing information." in sheet_text(client, make_plan(owner))
    text = sheet_text(client, eu_plan(owner))
    assert "Label: EU/UK: summary of product characteristics (SmPC)." in text


@pytest.mark.parametrize("prescribed", [False, True])
def test_a_discreet_plan_s_sheet_names_no_drug_condition_or_area(client, owner, prescribed):
    """Its calendar and reminders say "Skin treatment"; a sheet on the fridge said "Aldara 5%:
    External genital and perianal warts · genital area" and "sexual contact"."""
    if prescribed:
        plan = make_prescribed(owner, slug="aldara-egw", label="genital area")
    else:
        plan = make_plan(owner, "aldara-egw", label="genital area")
    plan.discreet_titles = True
    plan.save(update_fields=["discreet_titles"])
    client.force_login(owner)
    text = strip_tags(client.get(url(plan)).content.decode())
    assert "Skin treatment" in text
    for word in ("Aldara", "wart", "genital", "sexual", "imiquimod"):
        assert word.lower() not in text.lower(), word
    assert "not medical advice" in text and "Airtight dressings" in text


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_after_a_change_to_an_evening_time_the_sheet_does_not_say_every_night_is_the_eve(
    client, owner
):
    """00:30 nights, then 21:00 from 16 March: the sheet said "00:30 is after midnight: each
    application is in the night before the day it is listed on" over nights now at 21:00.
    The 00:30 rows still name their night."""
    plan = make_plan(owner, application_time=dt.time(0, 30))  # London, Mon+Thu from 2 March
    client.force_login(owner)
    change = {
        "from_date": "2026-03-16",
        "application_time": "21:00",
        "timezone": "Europe/London",
        "weekdays": ["mon", "thu"],
    }
    client.post(f"/plans/{plan.public_id}/change/", change)
    plan.refresh_from_db()
    assert plan.application_time == dt.time(21)
    text = sheet_text(client, plan)
    assert "each application is in the night before" not in text
    assert "1 Mon 2 Mar, 00:30 Sun night" in text
