"""Real-browser fixtures: Debian's chromium driven by Playwright against a live server.

Without /usr/bin/chromium the browser tests skip with a message saying how to get it;
CI=true turns that skip into a failure. Playwright never downloads a browser here.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps

from services import missing

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}  # the sizes issue #21 tried the app at
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def server_at_midday(midday):
    """Journeys take today's date from the server's clock, set to 12:00 UTC today and ticking:
    every zone they use, Los Angeles to Tokyo, is then on the server's date, and tonight's
    application is still to come, whatever the hour CI runs at. (Runs at 04:50, 18:40, 23:10
    and 23:50 UTC all passed without it; this makes the hour not matter.) Tests that need
    another instant travel there themselves."""


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing("Browser tests need Debian's chromium: sudo apt-get install chromium")
    if not AXE.exists():
        missing("Browser tests need axe-core: make js (runs npm ci --prefix tests/js)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # tests themselves are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    args = FLAGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def new_page(browser, live_server, viewport, timezone_id=None, **options):
    """A page in a new context; timezone_id sets the browser's own clock zone (None: the
    machine's), options go to the context (color_scheme="dark"). bypass_csp lets the test
    inject axe-core; the app's pages still send their CSP."""
    context = browser.new_context(
        viewport=viewport,
        base_url=live_server.url,
        bypass_csp=True,
        timezone_id=timezone_id,
        **options,
    )
    context.set_default_timeout(10_000)
    watch(context)
    return context, context.new_page()


WATCHED = []  # the contexts of the running test: see pages_went_right


def watch(context) -> None:
    """Collect what goes wrong unseen: a script's uncaught error or logged error, and a file a
    page asked for that failed (an icon, a style sheet). A page's own error status (a 404 the
    test asked for, a form's 400) is the test's to check, not a problem."""
    problems = context.problems = []
    WATCHED.append(context)
    context.on("weberror", lambda error: problems.append(f"uncaught: {error.error}"))
    context.on("console", lambda message: _console(message, problems))
    context.on("response", lambda response: _failed_file(response, problems))


def _console(message, problems: list) -> None:
    """Chromium logs every failed load; the browser's own (the favicon) only here."""
    if message.type != "error":
        return
    failed = message.location.get("url", "").split("#")[0]
    document = message.page.url.split("#")[0] if message.page else ""
    if not message.text.startswith("Failed to load resource") or failed != document:
        problems.append(f"console: {message.text} {failed}")


def _failed_file(response, problems: list) -> None:
    request = response.request
    # The service worker fetches each page for the page (sw.js): that fetch is the document's.
    if (
        response.status >= 400
        and request.resource_type != "document"
        and not request.service_worker
    ):
        problems.append(f"{response.status} {request.resource_type} {response.url}")


@pytest.fixture(autouse=True)
def pages_went_right():
    """After each browser test, in every context it opened: nothing went wrong unseen."""
    yield
    problems = [problem for context in WATCHED for problem in context.problems]
    WATCHED.clear()
    assert problems == [], "the pages went wrong unseen"


@pytest.fixture
def page(browser, live_server, transactional_db):
    context, page = new_page(browser, live_server, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server, transactional_db):
    context, page = new_page(browser, live_server, PHONE)
    yield page
    context.close()


@pytest.fixture
def site(transactional_db, catalogue):
    """What a fresh install has: the catalogue and the editors group."""
    migration = importlib.import_module("regimens.migrations.0003_regimen_editors_group")
    migration.create_group(apps, None)


def check_accessibility(page) -> None:
    """axe-core on the current page: no violation of impact serious or critical."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert not bad, f"{page.url}: {summary}"


def check_no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width}px"


# Words drawn across two lines, cut where no break is allowed ("Not recorde / d"): each run
# of text between break points (spaces, soft hyphens, dashes, slashes, "][" between citations)
# whose range has more than one box. Text hidden from sight, or set to break anywhere (feed
# links), is left out.
BROKEN_WORDS = """() => {
  const found = [];
  const pieces = /[^\\s\u00ad\u2013\\/-]+?(?=\\]\\[|[\\s\u00ad\u2013\\/-]|$)\\]?/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el.checkVisibility() || el.closest(".sr-only, thead")) continue;
    if (getComputedStyle(el).wordBreak === "break-all") continue;
    for (const m of node.textContent.matchAll(pieces)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
      // The hyphen drawn at a soft hyphen's break counts as a box of the piece after it.
      if (node.textContent[m.index - 1] === "\u00ad") boxes.shift();
      if (boxes.length > 1) found.push(m[0]);
    }
  }
  return found;
}"""


def check_words_whole(page) -> None:
    broken = page.evaluate(BROKEN_WORDS)
    assert not broken, f"{page.url} cuts words across lines: {broken[:10]}"


def check_full_size(button) -> None:
    """A page's main action is drawn in the body's type size, not the night list's compact
    buttons' (smaller on a phone than every other button on the site)."""
    size = button.evaluate("b => getComputedStyle(b).fontSize")
    body = button.evaluate("b => getComputedStyle(b.ownerDocument.body).fontSize")
    assert size == body, f"{button}: {size} against the body's {body}"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def visit(page, path: str, name: str) -> None:
    """Open a page, check it, and keep a screenshot for a failing run."""
    page.goto(path)
    check_accessibility(page)
    if page.viewport_size["width"] < 500:
        check_no_horizontal_scroll(page)
        check_words_whole(page)
    screenshot(page, name)
