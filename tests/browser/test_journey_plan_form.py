"""The plan form, on a phone and a desktop: picking a regimen ticks its usual days and shows
its contact hours, so the first preview of any regimen works."""

import datetime as dt

import pytest
from conftest import check_accessibility, check_no_horizontal_scroll, screenshot
from journeys import sign_up
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


@pytest.mark.parametrize("size", ["phone", "page"])
def test_each_regimen_s_days_and_hours_follow_the_choice(request, size):
    phone = request.getfixturevalue(size)  # the name the steps below were written with
    sign_up(phone, "formdefaults")
    phone.goto("/plans/new/")
    phone.select_option("#id_regimen", "aldara-sbcc")
    ticked = phone.locator("input[name=weekdays]:checked")
    assert [box.get_attribute("value") for box in ticked.all()] == [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
    ]
    phone.select_option("#id_regimen", "aldara-egw")
    expect(phone.get_by_text("This regimen: 6 to 10 hours (8 if unsure).")).to_be_visible()
    phone.select_option("#id_regimen", "aldara-sbcc")
    phone.fill("#id_start_date", dt.date(2026, 3, 2).isoformat())
    phone.fill("#id_timezone", "Europe/London")
    phone.click("button:has-text('Preview')")
    phone.get_by_text("30 applications", exact=True).wait_for()
    expect(phone.locator("#preview-heading")).to_be_in_viewport()  # not below the form, unseen
    check_accessibility(phone)
    check_no_horizontal_scroll(phone)
    screenshot(phone, f"plan-form-sbcc-preview-{size}")
    preview = phone.locator("#preview-heading").locator("xpath=..")
    preview.get_by_role("button", name="Create plan").click()  # no scrolling back up to the form
    phone.wait_for_url("**/plans/*-*/")  # the preview's "#preview-heading" not carried over
    phone.get_by_text("Your plan is ready").wait_for()


FITS = """select => {
  const style = getComputedStyle(select);
  const pen = document.createElement("canvas").getContext("2d");
  pen.font = style.font;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const room = select.clientWidth - padding - 24;  // 24: the arrow
  return [...select.options].map(option => {
    const label = option.text.slice(0, option.text.indexOf("label") + "label".length);
    return [option.text, pen.measureText(label).width <= room];
  });
}"""


@pytest.mark.parametrize("form", ["/plans/new/", "/plans/new/prescribed/"])
def test_on_a_phone_the_chosen_regimen_shows_its_label_before_the_select_cuts_it(phone, form):
    """A closed select shows one line and cuts what does not fit: the label (US or EU/UK),
    the one thing two otherwise alike regimens differ by, comes first, where it is seen."""
    sign_up(phone, "narrowselect")
    phone.goto(form)
    seen = phone.locator("#id_regimen").evaluate(FITS)
    assert len(seen) == 9
    assert all(" label · " in text for text, _ in seen)  # else the measure below is of nothing
    assert [text for text, fits in seen if not fits] == []
    screenshot(phone, "plan-form-regimen-select-phone")
