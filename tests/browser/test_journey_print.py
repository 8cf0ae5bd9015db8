"""Journey 5: the tick-sheet printed to PDF, on A4 and on Letter."""

import io
import unicodedata

import pytest
from journeys import log_in
from playwright.sync_api import expect
from pypdf import PdfReader

from factories import PASSWORD, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def pdf_text(page, paper: str) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    text = " ".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), unicodedata.normalize("NFKC", text)  # undo ligatures (ﬀ)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("slug", ["aldara-ak", "zyclara-egw"])
def test_the_tick_sheet_is_one_page_with_the_disclaimer(page, paper, slug):
    make_plan(make_user("printer"), slug)
    log_in(page, "printer", PASSWORD)
    page.goto("/plans/")
    page.locator("table a").first.click()
    page.click("text=Print tick-sheet")
    expect(page.get_by_role("link", name="Back to the plan")).to_be_visible()  # on screen only
    page.emulate_media(media="print")
    pages, text = pdf_text(page, paper)
    assert pages == 1
    assert "not medical advice" in text
    assert "Mon 2 Mar, 22:00" in text  # the first night ...
    assert "off Tue 06:00" in text  # ... with its wash-off time
    assert "Back to the plan" not in text
