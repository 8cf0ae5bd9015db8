"""Alerts on rule changes (issue 22, point 5): a person who asked is told once, by email
through a real SMTP server (aiosmtpd), when a reviewer approves a newer version of the rules
their plan follows; the message names what changed and links to the plan page's comparison.
Nobody else is told, nothing goes for an ended plan, and approving or queueing again sends
nothing more."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from review_roles import make_editor, make_reviewer

from factories import approved_rule, make_plan, make_user
from planner.plans import services as plan_services
from planner.reminders import alerts
from planner.reminders.models import Delivery, RuleWatch
from regimens import versions
from reminder_kit import html_of, opt_in, readable, run_at, text_of

pytestmark = pytest.mark.usefixtures("catalogue")
APPROVED_AT = dt.datetime(2026, 4, 7, 9, 0, tzinfo=dt.UTC)
SOON = APPROVED_AT + dt.timedelta(minutes=1)
START = dt.date(2026, 4, 6)
CHANGE = {"timing_note": "Apply at bedtime, every other night.", "packets_per_application": 2}


def plan_for(user, slug="aldara-ak", **overrides):
    return make_plan(user, slug, start_date=START, **overrides)


def watching(user, slug="aldara-ak", email=True, push=False, **overrides):
    plan = plan_for(user, slug, **overrides)
    RuleWatch.objects.create(plan=plan, email=email, push=push)
    return plan


def approve_new_version(slug="aldara-ak", *, at=APPROVED_AT, **changes):
    """What the admin's review steps do: an edited copy saved as a draft by an editor,
    submitted, then approved by a reviewer at `at`."""
    rule = approved_rule(slug)
    for name, value in (changes or CHANGE).items():
        setattr(rule, name, value)
    editor = make_editor(f"editor{rule.version}")
    draft = versions.submit_for_review(versions.save_as_new_version(rule, user=editor))
    with time_machine.travel(at, tick=False):
        versions.approve(draft, user=make_reviewer(f"reviewer{rule.version}"))
    return draft


def subject(message) -> str:
    return " ".join(str(message["Subject"]).split())  # unfolded


def test_it_emails_one_alert_naming_the_change_and_linking_the_comparison(smtp, owner):
    plan = watching(owner)
    approve_new_version()
    run_at(SOON)
    [message] = smtp.messages
    assert message["To"] == "owner@example.org"
    assert subject(message) == f"{plan.rule.title} · left cheek: a newer version of its rules"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = text_of(message)
    assert "Version 2 of the rules your plan follows was approved on 7 April 2026" in text
    assert "Your plan keeps version 1" in text
    assert "- Packets per application: 1 → 2" in text
    assert "- When to apply: " in text and "→ Apply at bedtime, every other night." in text
    comparison = f"https://planner.example.org/plans/{plan.public_id}/#newer-version"
    assert comparison in text
    assert f'href="{comparison}"' in html_of(message)
    row = Delivery.objects.get()
    assert (row.kind, row.status, row.plan, row.rule.version) == ("rule_changed", "sent", plan, 2)


def test_the_link_leads_to_the_plan_pages_comparison_of_the_two_versions(smtp, owner):
    plan = watching(owner)
    approve_new_version()
    run_at(SOON)
    [message] = smtp.messages
    link = re.search(r"https://planner\.example\.org(/plans/\S+)", text_of(message)).group(1)
    path, _, anchor = link.partition("#")
    person = Client()
    person.force_login(owner)
    page = person.get(path).content.decode()
    assert path == f"/plans/{plan.public_id}/" and f'id="{anchor}"' in page
    assert "A newer version of this regimen's rule exists" in page
    assert "Your version (1)" in page and "Newer version (2)" in page
    assert "Apply at bedtime, every other night." in page


def test_approving_again_or_queueing_again_still_sends_one(smtp, owner):
    watching(owner)
    version = approve_new_version()
    with pytest.raises(versions.TransitionError):
        versions.approve(version, user=make_reviewer("another"))
    alerts.queue(version=version)  # as if the approval's signal came twice
    run_at(SOON)
    run_at(SOON + dt.timedelta(minutes=1))
    assert len(smtp.messages) == 1
    assert Delivery.objects.count() == 1


def test_nobody_who_did_not_ask_is_told(smtp, owner):
    plan_for(owner)  # no alerts asked for
    RuleWatch.objects.create(plan=plan_for(make_user("both-off")), email=False, push=False)
    watching(make_user("other-regimen"), "zyclara-ak-3-75")
    approve_new_version()
    run_at(SOON)
    assert smtp.messages == []
    assert not Delivery.objects.exists()


def test_an_ended_plan_is_not_told(smtp, owner):
    plan = watching(owner)
    plan_services.plan_end(plan=plan, status="stopped", today=START)
    approve_new_version()
    run_at(SOON)
    assert smtp.messages == [] and not Delivery.objects.exists()


def test_a_plan_ended_after_the_approval_is_not_told_either(smtp, owner):
    plan = watching(owner)
    approve_new_version()
    plan_services.plan_end(plan=plan, status="cleared", today=START)
    run_at(SOON)
    assert smtp.messages == []
    row = Delivery.objects.get()
    assert (row.status, row.note) == ("dropped", "the plan has ended")


def test_alerts_turned_off_before_it_went_out_are_not_sent(smtp, owner):
    plan = watching(owner)
    approve_new_version()
    RuleWatch.objects.filter(plan=plan).delete()
    run_at(SOON)
    assert smtp.messages == []
    assert Delivery.objects.get().note == "turned off"


def test_a_later_approval_before_sending_replaces_the_earlier_alert(smtp, owner):
    watching(owner)
    approve_new_version()
    approve_new_version(at=APPROVED_AT, timing_note="Yet another note.")
    run_at(SOON)
    [message] = smtp.messages
    assert "Version 3 of the rules" in text_of(message)
    assert dict(Delivery.objects.values_list("rule__version", "note")) == {
        2: "a later version replaced it",
        3: "",
    }


def test_a_discreet_plans_alert_names_no_drug_condition_or_area(smtp, owner):
    plan = watching(owner, discreet_titles=True)
    rule = plan.rule
    approve_new_version(
        indication_label="imiquimod for actinic keratosis of the left cheek",
        area_note="Aldara on the face or scalp only.",
        packets_per_application=2,
    )
    run_at(SOON)
    [message] = smtp.messages
    everything = readable(message)
    for word in (
        "imiquimod",
        "aldara",
        "left cheek",
        "keratos",
        "face or scalp",
        rule.regimen.slug,
        rule.title.lower(),
        rule.indication_label.lower(),
    ):
        assert word not in everything, word
    assert subject(message) == "Skin treatment: a newer version of its rules"
    lines = text_of(message).splitlines()
    assert "- What it treats" in lines and "- Packets per application" in lines


def test_a_plan_made_with_the_approved_version_is_not_told_about_it(smtp, owner):
    version = approve_new_version()
    watching(owner)  # made with version 2
    assert alerts.queue(version=version) == 0
    run_at(SOON)
    assert smtp.messages == []


def test_one_click_unsubscribe_stops_alert_emails_too(smtp, owner):
    plan = watching(owner, push=True)
    opt_in(owner)
    approve_new_version()
    run_at(SOON)
    [message] = smtp.messages
    path = urlsplit(message["List-Unsubscribe"].strip().strip("<>")).path
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    watch = RuleWatch.objects.get(plan=plan)
    assert (watch.email, watch.push) == (False, True)


def test_the_data_download_lists_the_alerts_asked_for_and_sent(smtp, client, owner):
    plan = watching(owner)
    approve_new_version()
    run_at(SOON)
    client.force_login(owner)
    data = client.get("/accounts/data.json").json()["reminders"]
    assert data["rule_change_alerts"] == [
        {"plan": str(plan.public_id), "email": True, "push": False}
    ]
    [sent] = data["sent"]
    assert (sent["plan"], sent["application"], sent["rule_version"], sent["kind"]) == (
        str(plan.public_id),
        None,
        2,
        "rule_changed",
    )
