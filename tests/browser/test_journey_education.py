"""The education pages in a real Chromium, at phone and desktop size: a visitor says they are
a healthcare professional and sees the clinician section with its numbered references, then
changes to a carer and reads the regimen worded for the person they care for; then searches
the questions, opens one, and follows a related question. axe-core on each page."""

import re

import pytest
from conftest import ARTIFACTS, visit
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def in_view(page, name: str) -> None:
    """What the reader sees on one screen (visit keeps the whole page)."""
    page.screenshot(path=str(ARTIFACTS / f"{name}-screen.png"))


def choose(page, label: str) -> None:
    page.get_by_label(label).check()
    page.get_by_role("button", name="Show").click()


def journey(page, size: str) -> None:
    visit(page, "/regimens/aldara-ak/", f"education-{size}-1-first-visit")
    expect(page.get_by_role("group", name="Which describes you?")).to_be_visible()
    in_view(page, f"education-{size}-1-first-visit")
    choose(page, "I'm a healthcare professional")
    page.wait_for_url("**/regimens/aldara-ak/")
    visit(page, "/regimens/aldara-ak/", f"education-{size}-2-professional")
    section = page.locator("#for-professionals")
    expect(section.get_by_role("heading", name="For healthcare professionals")).to_be_visible()
    assert "toll-like receptor 7" in section.inner_text()
    first = section.get_by_role("link", name=re.compile(r"^\[\d+\]$")).first
    target = first.get_attribute("href")  # after the rule's sources: #ref-5, not #ref-1
    assert target != "#ref-1"
    first.click()  # the number leads to its reference
    expect(page.locator(target)).to_be_visible()
    assert "label" in page.locator(target).inner_text().lower()
    section.scroll_into_view_if_needed()
    in_view(page, f"education-{size}-2-professional")

    visit(page, "/questions/", f"education-{size}-3-questions")
    page.get_by_label("Search the questions").fill("dose")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/questions/?q=dose")
    visit(page, "/questions/?q=dose", f"education-{size}-4-search")
    in_view(page, f"education-{size}-4-search")
    page.get_by_role("link", name="What if I miss a dose?").click()
    page.wait_for_url("**/questions/missed-dose/")
    visit(page, "/questions/missed-dose/", f"education-{size}-5-question")
    expect(page.get_by_text("Approved by: Editorial team")).to_be_visible()
    expect(page.get_by_role("heading", name="For healthcare professionals")).to_be_visible()
    in_view(page, f"education-{size}-5-question")
    related = page.locator("section", has=page.get_by_role("heading", name="Related questions"))
    related.get_by_role("link").first.click()
    page.wait_for_url("**/questions/rest-period/")
    visit(page, "/questions/rest-period/", f"education-{size}-6-related")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Can I take a break")

    # The choice is shown on the page and can be changed there: a carer's wording.
    page.goto("/regimens/aldara-ak/")
    page.locator("#reader summary").click()
    choose(page, "I care for someone who does")
    page.wait_for_url("**/regimens/aldara-ak/")
    visit(page, "/regimens/aldara-ak/", f"education-{size}-7-carer")
    body = page.locator("main").inner_text()
    assert "Contact their clinician" in body and "Whoever puts the cream on" in body
    assert "Contact your clinician" not in body
    assert page.locator("#for-professionals").count() == 0
    page.get_by_text("Whoever puts the cream on").scroll_into_view_if_needed()
    in_view(page, f"education-{size}-7-carer")


def test_education_journey_on_a_phone(phone):
    journey(phone, "phone")


def test_education_journey_on_a_desktop(page):
    journey(page, "desktop")
