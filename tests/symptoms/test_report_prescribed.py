"""The report for the clinician (/plans/<id>/report/) says what the plan page says: a plan as
the clinician prescribed follows their instructions and departs from these label rules, and a
course with an assessment gives its date and result."""

import datetime as dt
import re

import pytest
from prescribed_plans import make_prescribed

from factories import make_plan
from planner.plans.assessment import assessment_record

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan) -> str:
    return f"/plans/{plan.public_id}/report/"


def report_text(client, plan) -> str:
    client.force_login(plan.user)
    response = client.get(url(plan))
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_a_prescribed_plan_says_whose_instructions_and_its_departures(client, owner):
    plan = make_prescribed(owner)
    text = report_text(client, plan)
    assert (
        "This plan follows the clinician's instructions, not a label regimen: 3 times a week "
        "(Monday, Wednesday, Friday) for 4 weeks, 8 hours on the skin;" in text
    )
    assert f"Aldara 5% (version {plan.limits.version})" in text
    assert (
        "Label rules it departs from: 3 times a week (the US AK label says 2); "
        "4 weeks (the US AK label says 16)." in text
    )


def test_a_label_plan_has_no_schedule_line(client, owner):
    text = report_text(client, make_plan(owner))
    assert "clinician's instructions" not in text and "Assessment" not in text


def test_the_assessment_date_then_its_result(client, owner):
    plan = make_plan(owner, "aldara-ak-eu", start_date=dt.date(2026, 3, 2))
    assert "Assessment Mon 27 Apr 2026, no result recorded yet" in report_text(client, plan)
    assessment_record(plan=plan, outcome="not-cleared", today=dt.date(2026, 4, 28))
    text = report_text(client, plan)
    assert "Assessment Mon 27 Apr 2026: not cleared (recorded on 28 Apr 2026)" in text


def test_another_user_gets_404_and_anonymous_is_sent_to_log_in(client, owner, outsider):
    plan = make_prescribed(owner)
    assert client.get(url(plan)).status_code == 302
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404
