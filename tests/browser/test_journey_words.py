"""On a phone no word breaks inside itself ("Misse/d", "Packe/ts"): every one-word heading,
status and count on the plan page sits on one line."""

import datetime as dt

import pytest
from conftest import PHONE, check_no_horizontal_scroll, screenshot
from journeys import log_in

from factories import PASSWORD, make_plan, make_user
from planner.plans import services

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
SPLIT_WORDS = """() => {
  const lines = node => {  // how many lines a text node's letters fall on
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
  };
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  const split = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const word = node.textContent.trim();
    let shown = true;  // not inside a box hidden for screen readers only (1 px wide)
    for (let e = node.parentElement; e && e.tagName !== "MAIN"; e = e.parentElement) {
      shown = shown && e.getBoundingClientRect().width > 2;
    }
    if (shown && word.length > 1 && !/[\\s–-]/.test(word) && lines(node) > 1) split.push(word);
  }
  return split;
}"""


def test_no_word_breaks_inside_itself_on_a_phone(browser, live_server):
    user = make_user("words")
    plan = make_plan(user, start_date=dt.date.today() - dt.timedelta(days=21))
    services.session_mark(session=plan.sessions.get(number=1), status="missed")
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    log_in(page, "words", PASSWORD)
    page.goto(f"/plans/{plan.public_id}/")
    split = page.evaluate(SPLIT_WORDS)
    assert split == []
    check_no_horizontal_scroll(page)
    screenshot(page, "plan-words-phone")
    context.close()
