"""Journey 4: log a severe reaction, read the guidance and the chart, open the clinician's
report; and journey 5's second half: the report printed to PDF on A4 and on Letter."""

import datetime as dt
import io
import unicodedata

import pytest
from conftest import check_accessibility, screenshot, visit
from django.contrib.auth import get_user_model
from journeys import create_ak_plan, last_monday, sign_up
from playwright.sync_api import expect
from pypdf import PdfReader

from factories import make_plan
from planner.plans.models import Plan
from planner.symptoms.models import SymptomEntry

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def pdf_text(page, paper: str) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    text = " ".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), unicodedata.normalize("NFKC", text)  # undo ligatures (ﬀ)


def test_log_a_severe_reaction_and_take_the_report_to_the_clinician(page):
    sign_up(page, "journey4")
    start = last_monday(weeks_back=3)
    path = create_ak_plan(page, start)
    end_text = (start + dt.timedelta(days=111)).strftime("%a %-d %b %Y")
    day = start + dt.timedelta(days=3)  # the second application night, a Thursday

    page.click("text=Open the side-effect log")
    page.fill("#id_day", day.isoformat())
    page.click("button:has-text('Choose this day')")
    page.locator("#form-heading").get_by_text(day.strftime("Log %A %-d %B")).wait_for()
    page.check("#id_erythema_3")
    page.check("#id_itching_2")
    page.fill("#id_note", "Very red and sore after the second night.")
    page.click(f"button:has-text('Save the log for {day:%a %-d %b}')")
    page.get_by_text(f"Saved your log for {day:%a %-d %b %Y}.").wait_for()

    advice = page.locator(f"#advice-{day.isoformat()}")
    assert "Contact the clinician who prescribed your cream" in advice.inner_text()
    assert "a rest of several days" in advice.inner_text()
    assert f"the course still ends on {end_text}" in advice.inner_text()
    expect(advice.get_by_role("link", name="Mark a rest period on your plan")).to_be_visible()

    chart = page.locator(".chart svg.timeline")
    assert chart.get_attribute("role") == "img"
    expect(page.get_by_role("img", name="Skin reactions and symptoms")).to_be_visible()
    assert page.locator("svg.timeline path.cell.g3[data-item=erythema]").count() == 1
    assert page.locator("svg.timeline path.cell.g2[data-item=itching]").count() == 1
    visit(page, f"{path}log/?saved={day.isoformat()}", "log-desktop")

    page.click(f"text=Edit the log for {day:%-d %b}")
    page.wait_for_url(f"**/log/{day.isoformat()}/")
    assert page.locator("#id_erythema_3").is_checked()
    visit(page, f"{path}log/{day.isoformat()}/", "log-edit-desktop")

    page.goto(path)
    page.click("text=Report for your clinician")
    page.wait_for_url("**/report/")
    visit(page, f"{path}report/", "report-desktop")
    # A course that runs into the next year gives each date its year.
    spans_years = start.year != (start + dt.timedelta(days=111)).year
    said = day.strftime("%-d %b %Y" if spans_years else "%-d %b")
    assert page.locator("span.severe-days").inner_text() == said
    expect(page.get_by_text("Very red and sore after the second night.")).to_be_visible()

    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        pages, text = pdf_text(page, paper)
        assert 1 <= pages <= 4, (paper, pages)
        assert "not medical advice" in text
        assert "Very red and sore after the second night." in text


def test_a_day_logged_by_mistake_is_deleted_behind_a_second_tap(phone):
    sign_up(phone, "mistaken")
    plan = make_plan(
        get_user_model().objects.get(username="mistaken"), start_date=last_monday(weeks_back=1)
    )
    day = plan.start_date + dt.timedelta(days=1)
    SymptomEntry.objects.create(plan=plan, date=day, erythema=2, note="meant for Wednesday")
    phone.goto(f"/plans/{plan.public_id}/log/{day.isoformat()}/")
    button = phone.get_by_role("button", name=f"Delete the log for {day:%a %-d %b}")
    expect(button).to_be_hidden()  # folded: a stray tap on the page deletes nothing
    phone.get_by_text("Logged the wrong day?").click()
    check_accessibility(phone)
    screenshot(phone, "log-delete-phone")
    button.click()
    phone.get_by_text(f"Deleted your log for {day:%a %-d %b %Y}.").wait_for()
    assert phone.url.endswith(f"/plans/{plan.public_id}/log/#main")
    assert not SymptomEntry.objects.filter(plan=plan).exists()


def test_the_printed_report_of_a_fixed_course_has_a_known_length(page):
    sign_up(page, "reporter")
    plan = make_plan(
        get_user_model().objects.get(username="reporter"), start_date=dt.date(2026, 3, 2)
    )
    note = "Very red after the second night."
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), erythema=3, note=note)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 9), erythema=2, fatigue=1)
    page.goto(f"/plans/{plan.public_id}/report/")
    page.emulate_media(media="print")
    # The plan and the chart each keep together (report.css); on A4 the chart now fits under
    # the adherence table (32 dates long) on the first page, which it left a third empty; on
    # Letter, shorter, it still starts the second.
    for paper, expected in (("A4", 2), ("Letter", 3)):
        reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        last = unicodedata.normalize("NFKC", reader.pages[-1].extract_text())
        assert len(reader.pages) == expected, paper
        assert "Educational aid, not medical advice." in last
        assert note in last


def test_the_log_the_day_form_and_the_report_fit_a_phone(phone):
    sign_up(phone, "phonelog")
    start = last_monday(weeks_back=3)
    path = create_ak_plan(phone, start)
    day = start + dt.timedelta(days=3)
    plan = Plan.objects.get(user__username="phonelog")
    SymptomEntry.objects.create(plan=plan, date=day, erythema=2, erosion=1, note="Sore " * 40)
    for url, name in (
        (f"{path}log/", "log"),
        (f"{path}log/{day.isoformat()}/", "log-edit"),
        (f"{path}report/", "report"),
    ):
        visit(phone, url, f"{name}-phone")
        # The summary's tiles keep each figure whole: "moderate" was broken as "modera / te".
        tiles = {text: lines for text, lines in phone.evaluate(TILE_LINES)}
        assert tiles == ({} if name == "log-edit" else {"1": 1, "moderate": 1, "0": 1}), name


# Each summary tile's figure, and on how many lines it is drawn.
TILE_LINES = """() => [...document.querySelectorAll(".stats strong")].map((el) => {
  const range = document.createRange(); range.selectNodeContents(el);
  return [el.textContent.trim(), range.getClientRects().length];
})"""
