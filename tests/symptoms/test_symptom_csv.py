"""GET /plans/<id>/log.csv: every entry, one row per day, grades as numbers and words."""

import codecs
import csv
import datetime as dt
import io

import pytest
import time_machine
from prescribed_plans import make_prescribed

from factories import make_plan
from planner.calendars.words import DISCLAIMER
from planner.plans import services
from planner.plans.models import PRESCRIBED_NOTICE
from planner.symptoms.models import ITEMS, SymptomEntry

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan):
    return f"/plans/{plan.public_id}/log.csv"


def text(response) -> str:
    """The file as a spreadsheet reads it: UTF-8, its byte-order mark taken off."""
    return response.content.decode("utf-8-sig")


def read(response):
    """The rows of logged days (the notices under them have no date)."""
    rows = csv.DictReader(io.StringIO(text(response)))
    return [row for row in rows if row["date"][:2] == "20"]


def notices(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(text(response))))
    return [row[0] for row in rows if len(row) == 1]


def test_it_downloads_a_csv_attachment_without_the_drug_name(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.get(url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="side-effect-log-2026-03-02.csv"'
    assert "no-store" in response["Cache-Control"]


def test_its_first_line_is_the_header_with_a_number_and_a_word_per_item(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    first = text(client.get(url(plan))).splitlines()[0]
    columns = first.split(",")
    assert columns[:3] == ["date", "application", "rest_day"]
    assert columns[3:-1] == [name for item in ITEMS for name in (item, f"{item}_word")]
    assert columns[-1] == "note"


def test_it_has_one_row_per_logged_day_in_date_order(client, owner):
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 9), fever=3)
    SymptomEntry.objects.create(
        plan=plan, date=dt.date(2026, 3, 5), erythema=2, note='sore, "hot"\nat night'
    )
    services.session_mark(session=plan.sessions.get(number=2), status="done")
    services.rest_period_add(plan=plan, first_day=dt.date(2026, 3, 9), last_day=dt.date(2026, 3, 9))
    client.force_login(owner)
    rows = read(client.get(url(plan)))
    assert [row["date"] for row in rows] == ["2026-03-05", "2026-03-09"]
    first, second = rows
    assert (first["erythema"], first["erythema_word"]) == ("2", "moderate")
    assert (first["edema"], first["edema_word"]) == ("0", "none")
    assert first["application"] == "done" and first["rest_day"] == "no"
    assert first["note"] == 'sore, "hot"\nat night'
    assert (second["fever"], second["fever_word"]) == ("3", "severe")
    assert second["application"] == "rest" and second["rest_day"] == "yes"


def test_an_empty_log_is_the_header_and_the_notice(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.get(url(plan))
    assert len(text(response).splitlines()) == 2
    assert read(response) == []
    assert notices(response) == [DISCLAIMER]


def test_it_ends_with_the_notices_every_export_carries(client, owner):
    plan = make_prescribed(owner)
    SymptomEntry.objects.create(plan=plan, date=plan.start_date, itching=1)
    client.force_login(owner)
    response = client.get(url(plan))
    assert [row["date"] for row in read(response)] == [plan.start_date.isoformat()]
    said = notices(response)
    assert said[0].startswith(PRESCRIBED_NOTICE) and said[-1] == DISCLAIMER
    assert "not medical advice" in text(response).splitlines()[-1]


def test_it_starts_with_a_byte_order_mark_so_spreadsheets_read_accents(client, owner):
    """Excel takes a CSV without one for the computer's old code page: "brûlure" would open
    as "brÃ»lure"."""
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=plan.start_date, note="brûlure")
    client.force_login(owner)
    content = client.get(url(plan)).content
    assert content.startswith(codecs.BOM_UTF8)
    assert content.count(codecs.BOM_UTF8) == 1
    assert read_note(content) == "brûlure"


def read_note(content: bytes) -> str:
    [row] = [row for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig"))) if row["note"]]
    return row["note"]


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, owner):
    plan = make_plan(owner)
    response = client.get(url(plan))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url(plan)}"


@pytest.mark.parametrize(
    ("now", "application"),
    [
        (dt.datetime(2026, 3, 6, 5, 59, tzinfo=dt.UTC), "planned"),  # the cream is still on
        (dt.datetime(2026, 3, 6, 6, tzinfo=dt.UTC), "unrecorded"),  # washed off, never ticked
    ],
)
def test_a_night_never_ticked_reads_unrecorded_once_washed_off(client, owner, now, application):
    """Thursday 5 March at 22:00 in London, off at 06:00: the CSV said "planned" for it
    the next week, where the chart, its table and the report say "Not recorded"."""
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), itching=1)
    client.force_login(owner)
    with time_machine.travel(now, tick=False):
        [row] = read(client.get(url(plan)))
    assert row["application"] == application
