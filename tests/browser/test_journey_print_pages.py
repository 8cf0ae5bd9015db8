"""Journey 5b: a sheet or report of more than one printed page says on every page what it is
and that it is not medical advice, with its page number; the running lines cover nothing."""

import datetime as dt
import io
import re
import unicodedata

import pytest
import time_machine
from conftest import screenshot
from journeys import log_in
from prescribed_plans import make_prescribed
from pypdf import PdfReader

from factories import PASSWORD, make_plan, make_user
from planner.symptoms.models import SymptomEntry

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
# The day these pages were laid out: a report's length grows with every night that passes
# (its missed and unrecorded lists), so that on a later day the chart no longer fit on the
# first Letter page; and the sheet's plan starts on 8 Dec 2026.
WRITTEN = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def on_the_day_written(server_at_midday):
    with time_machine.travel(WRITTEN, tick=True):
        yield


# The page area, paper less the 10 mm margins, in CSS pixels (96 a inch).
PAGE_AREA = {"A4": (190, 277), "Letter": (195.9, 259.4)}


def pdf_pages(page, paper: str) -> list[str]:
    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in reader.pages]


def long_sheet(user):
    """Every night for 16 weeks at 00:30: 112 nights, more than a page holds."""
    return make_prescribed(
        user, per_week=7, weeks=16, time=dt.time(0, 30), start=dt.date(2026, 12, 8), label=""
    )


def long_report(user):
    plan = make_plan(user, start_date=dt.date(2026, 11, 2))
    for day in range(12):
        SymptomEntry.objects.create(
            plan=plan, date=plan.start_date + dt.timedelta(day), erythema=2, note="itches " * 40
        )
    return plan


def check_every_page(page, paper: str, says: str) -> list[str]:
    pages = pdf_pages(page, paper)
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        where = f"{paper} page {number}: {text[:200]}"
        assert "Educational aid, not medical advice" in text, where
        assert says in text, where
        assert f"Page {number} of {len(pages)}" in text, where
    return pages


def check_nothing_covered(page, paper: str) -> None:
    """In print, at the page area's width: the running header and footer fit in the space
    kept for them at the top and bottom of every page."""
    width, height = (round(mm * 96 / 25.4) for mm in PAGE_AREA[paper])
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(media="print")
    room = page.evaluate(
        """() => {
          const kept = getComputedStyle(document.querySelector('main'));
          const head = document.querySelector('.running-head');
          const foot = document.querySelector('.running-foot');
          return {
            clone: kept.boxDecorationBreak,
            head: [getComputedStyle(head).position, head.getBoundingClientRect().height,
                   parseFloat(kept.paddingTop)],
            foot: [getComputedStyle(foot).position, foot.getBoundingClientRect().height,
                   parseFloat(kept.paddingBottom)],
          };
        }"""
    )
    assert room["clone"] == "clone", room  # the padding is kept on every page
    for position, tall, kept in (room["head"], room["foot"]):
        assert position == "fixed" and 0 < tall <= kept, (paper, room)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_page_of_a_long_tick_sheet_names_the_plan_and_the_disclaimer(page, paper):
    plan = long_sheet(make_user("printer"))
    log_in(page, "printer", PASSWORD)
    page.goto(f"/plans/{plan.public_id}/print/")
    page.emulate_media(media="print")
    check_every_page(page, paper, "Tick-sheet: Aldara 5%: Actinic keratosis")
    check_nothing_covered(page, paper)
    # 100 to 112 were drawn as "10" over "0".
    wrapped = page.evaluate(
        """() => [...document.querySelectorAll('.ticks .n')].filter((n) => {
          const range = document.createRange(); range.selectNodeContents(n);
          return range.getClientRects().length > 1;
        }).map((n) => n.textContent)"""
    )
    assert wrapped == [], paper
    screenshot(page, f"print-long-sheet-{paper}")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_page_of_a_long_report_names_the_plan_and_the_disclaimer(page, paper):
    plan = long_report(make_user("printer"))
    log_in(page, "printer", PASSWORD)
    page.goto(f"/plans/{plan.public_id}/report/")
    page.emulate_media(media="print")
    pages = check_every_page(page, paper, "Report for the clinician: Aldara 5%: Actinic keratosis")
    # The chart, down to its last row, is on the first page under the adherence table: it
    # left a third of that page empty to start the second.
    assert "Timeline" in pages[0] and "Swollen glands" in pages[0], pages[0]
    assert re.search(r"Mon 2 Nov 2026 to Sun 21 Feb 2027", pages[1])  # the running line
    check_nothing_covered(page, paper)
    screenshot(page, f"print-long-report-{paper}")
