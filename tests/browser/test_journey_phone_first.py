"""Journey (issue #21, "Phone first"), measured at 390x844 and 1280x800: the plan page opens on
tonight's card and its buttons with the months and the list folded; the side-effect form fits in
about two screens; the chart fits the phone's width with every day in view and readable text."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from conftest import ARTIFACTS, DESKTOP, PHONE, check_accessibility, new_page, screenshot
from journeys import log_in
from playwright.sync_api import expect

from factories import PASSWORD, make_plan, make_user
from planner.symptoms.models import SymptomEntry

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
LONDON = ZoneInfo("Europe/London")
SIZES = {"phone": PHONE, "desktop": DESKTOP}
FORM_MAX = 1800  # about two phone screens of 844 px
# The rendered font size of every element of the chart that holds text of its own: an SVG
# text's size is multiplied by the SVG's scale on the screen.
CHART_TEXT_SIZES = """(root) => [...root.querySelectorAll("*")]
  .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim()))
  .filter((el) => !el.closest("title, desc, .sr-only"))
  .map((el) => {
    const size = parseFloat(getComputedStyle(el).fontSize);
    const scale = el instanceof SVGElement ? el.ownerSVGElement.getScreenCTM().a : 1;
    return [el.textContent.trim(), size * scale];
  })"""
SCROLL_WIDTH = "document.scrollingElement.scrollWidth"


def plan_with_a_night_today(user):
    """A 16-week AK plan in London, three weeks in, one of whose nights is today, planned for
    this minute: "Done now" is offered only inside the night's window (planner.plans.progress)."""
    now = dt.datetime.now(LONDON)
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    weekdays = (days[now.weekday()], days[(now.weekday() + 3) % 7])
    return make_plan(
        user,
        start_date=now.date() - dt.timedelta(days=21),
        weekdays=weekdays,
        application_time=now.time().replace(second=0, microsecond=0),
    )


def bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize("size", SIZES)
def test_the_plan_page_opens_on_tonight_with_the_months_and_the_list_folded(
    browser, live_server, size
):
    plan = plan_with_a_night_today(make_user(f"first-{size}"))
    night = plan.sessions.get(date=dt.datetime.now(LONDON).date())
    context, page = new_page(browser, live_server, SIZES[size], timezone_id="UTC")
    log_in(page, f"first-{size}", PASSWORD)
    page.goto(f"/plans/{plan.public_id}/")

    card = page.locator("#tonight")
    assert "Tonight" in card.locator("h2").inner_text()
    done = card.get_by_role("button", name="Done now")
    assert bottom(done) <= SIZES[size]["height"], "Done is on the first screen"
    for fold in ("#calendar", "#applications"):
        assert page.locator(fold).get_attribute("open") is None, f"{fold} starts folded"
    assert re.fullmatch(r"Calendar: \d months", page.locator("#calendar summary").inner_text())
    expect(page.get_by_text(f"All {plan.sessions.count()} applications")).to_be_visible()
    assert page.evaluate(SCROLL_WIDTH) <= SIZES[size]["width"]
    check_accessibility(page)
    screenshot(page, f"phone-first-plan-{size}")
    page.screenshot(path=str(ARTIFACTS / f"phone-first-plan-{size}-first-screen.png"))

    card.get_by_role("button", name="Rest tonight").click()
    page.get_by_text(f"(application {night.number}): a rest night.").wait_for()
    assert page.url.endswith("#tonight")
    page.locator("#tonight").get_by_role("button", name="Undo").click()
    page.get_by_text(f"(application {night.number}): undone.").wait_for()

    page.locator("#calendar summary").click()
    # This month's grid, and a link to each month of the course.
    months = page.locator("#calendar nav").get_by_role("link")
    assert months.count() == len({(s.date.year, s.date.month) for s in plan.sessions.all()})
    today = dt.datetime.now(LONDON).date()
    assert page.locator("#calendar table.month caption").inner_text() == f"{today:%B %Y}"
    assert page.evaluate(SCROLL_WIDTH) <= SIZES[size]["width"]
    page.locator("#calendar").screenshot(path=str(ARTIFACTS / f"phone-first-calendar-{size}.png"))
    month = page.locator("#calendar table.month caption a").first
    month.click()
    page.wait_for_url("**/calendar/**")
    expect(page.locator("table.month td.apply").first).to_be_visible()
    page.goto(f"/plans/{plan.public_id}/#session-{night.number}")
    assert page.locator("#applications").get_attribute("open") is not None, "a link opens it"
    context.close()


def log_days(plan, count: int) -> None:
    """An entry for each of the first days, grades rising and falling as a reaction does."""
    for n in range(count):
        SymptomEntry.objects.create(
            plan=plan,
            date=plan.start_date + dt.timedelta(days=n),
            erythema=min(3, n // 4),
            flaking=(n // 3) % 4,
            itching=n % 3,
            fatigue=1 if n % 7 == 0 else 0,
        )


@pytest.mark.parametrize("size", SIZES)
def test_the_side_effect_form_fits_in_two_screens_and_asks_only_what_changed(
    browser, live_server, size
):
    plan = plan_with_a_night_today(make_user(f"form-{size}"))
    today = dt.datetime.now(LONDON).date()
    context, page = new_page(browser, live_server, SIZES[size], timezone_id="UTC")
    log_in(page, f"form-{size}", PASSWORD)
    page.goto(f"/plans/{plan.public_id}/log/{today.isoformat()}/")

    form = page.locator("form.log-form")
    assert form.bounding_box()["height"] <= FORM_MAX
    assert page.locator("#group-flu").get_attribute("open") is None, "flu-like: all none, folded"
    assert page.locator("input[type=radio]:checked").count() == 16, "each starts at none"
    check_accessibility(page)
    screenshot(page, f"phone-first-log-edit-{size}")

    redness = page.get_by_role("group", name="Redness (erythema)")
    redness.get_by_role("radio", name="Moderate").click()
    expect(redness.get_by_text("Moderate: Clearly red over the treated area.")).to_be_visible()
    page.locator("#group-flu summary").click()
    page.get_by_role("group", name="Tiredness").get_by_role("radio", name="Mild").click()
    page.get_by_role("button", name=f"Save the log for {today:%a %-d %b}").click()
    page.get_by_text(f"Saved your log for {today:%a %-d %b %Y}.").wait_for()
    entry = SymptomEntry.objects.get(plan=plan, date=today)
    saved = {item: grade for item, grade in entry.grades().items() if grade}
    assert saved == {"erythema": 2, "fatigue": 1}

    page.goto(f"/plans/{plan.public_id}/log/{today.isoformat()}/")
    assert page.locator("#group-flu").get_attribute("open") is not None, "a grade shows its group"
    assert "tiredness mild" in page.locator("#group-flu summary").inner_text()
    assert page.locator("form.log-form").bounding_box()["height"] <= FORM_MAX
    form_png = ARTIFACTS / f"phone-first-log-form-open-{size}.png"
    page.locator("form.log-form").screenshot(path=str(form_png))
    page.goto(f"/plans/{plan.public_id}/log/")
    assert page.locator("form.log-form").bounding_box()["height"] <= FORM_MAX
    context.close()


def check_chart(page, size: str, days: int) -> None:
    width = SIZES[size]["width"]
    chart = page.locator("figure.chart")
    svg = chart.locator("svg.timeline")
    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the whole chart is in view"
    assert svg.get_attribute("viewBox").startswith(f"0 0 {days} "), "one unit a day, every day"
    assert box["width"] / days >= 2, "each day at least 2 px wide"
    assert page.evaluate(SCROLL_WIDTH) <= width, "no sideways scroll"
    sizes = chart.evaluate(CHART_TEXT_SIZES)
    assert sizes and all(px >= 12 for _, px in sizes), [s for s in sizes if s[1] < 12]
    check_axis(chart, box, days)


def check_axis(chart, box: dict, days: int) -> None:
    """Each date under the chart on one line, and under its day: the first starts at the
    first day, the last ends at the last, the middle one is centred on day days // 2 (within
    a day). On a phone the middle date sat two days left of its day."""
    labels = chart.locator(".timeline-axis span")
    spans = [labels.nth(i).bounding_box() for i in range(labels.count())]
    one_line = labels.first.evaluate("(el) => parseFloat(getComputedStyle(el).lineHeight)")
    assert all(span["height"] <= one_line * 1.2 for span in spans), "a date wrapped"
    day = box["width"] / days
    assert abs(spans[0]["x"] - box["x"]) <= 1
    assert abs(spans[-1]["x"] + spans[-1]["width"] - (box["x"] + box["width"])) <= 1
    if len(spans) == 3:
        middle = box["x"] + (days // 2 + 0.5) * day
        centre = spans[1]["x"] + spans[1]["width"] / 2
        assert abs(centre - middle) <= day, (centre, middle, day)


@pytest.mark.parametrize("size", SIZES)
def test_the_chart_fits_the_width_with_every_day_in_view_and_readable_text(
    browser, live_server, size
):
    plan = plan_with_a_night_today(make_user(f"chart-{size}"))
    log_days(plan, 21)
    days = (plan.end_date - plan.start_date).days + 1
    context, page = new_page(browser, live_server, SIZES[size], timezone_id="UTC")
    log_in(page, f"chart-{size}", PASSWORD)
    for path, name in (("log/", "log"), ("report/", "report")):
        page.goto(f"/plans/{plan.public_id}/{path}")
        check_chart(page, size, days)
        axis = page.locator(".timeline-axis").inner_text().split("\n")
        first, last = plan.start_date, plan.end_date
        year = " %Y" if first.year != last.year else ""  # then each date says its year
        assert axis[0] == f"{first.day} {first:%b{year}}"
        assert axis[-1] == f"{last.day} {last:%b{year}}"
        check_accessibility(page)
        screenshot(page, f"phone-first-{name}-{size}")
        chart_png = ARTIFACTS / f"phone-first-{name}-chart-{size}.png"
        page.locator("figure.chart").screenshot(path=str(chart_png))
    context.close()
