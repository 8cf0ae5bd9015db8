"""Nothing is served stale: a write by any path, a changed template or a new release shows on the
next request. Pages render on every request; the one server-side cache, the built .ics, is keyed
by an ETag made of the rows themselves and the release.

Each test loads its pages once first, so a cache keyed by anything but the data (the URL, the
plan's id, an updated_at that update() leaves alone and that a pinned clock keeps unchanged
through save()) would answer the second request with the first answer, and the test would fail.
"""

import datetime as dt
import shutil
import uuid
from pathlib import Path

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.template import engines

from factories import make_plan
from planner.calendars import feeds, ics, words
from planner.calendars.models import FeedToken
from planner.plans.models import Plan, RestPeriod, Session
from planner.symptoms.models import SymptomEntry
from regimens.models import Regimen, RuleVersion
from services import REDIS_CACHE, REDIS_HOST, REDIS_PORT, require_redis

pytestmark = pytest.mark.usefixtures("catalogue")
TODAY = dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)  # Thursday; the plan starts Monday 2 March
TEMPLATES = Path(__file__).resolve().parents[2] / "planner" / "templates"
PAGES = {
    "plan": "/plans/{plan}/",
    "month": "/plans/{plan}/calendar/2026-03/",
    "print": "/plans/{plan}/print/",
    "log": "/plans/{plan}/log/",
    "report": "/plans/{plan}/report/",
    "download": "/plans/{plan}/calendar.ics",
    "feed": "/feeds/{token}.ics",
}
HTML_PAGES = ["plan", "month", "print", "log", "report"]


class Gone(str):
    """Text that the write takes off the page."""


def update_and_save(name: str, rows, expected: dict, **fields) -> list:
    """One change written as from a shell, by QuerySet.update() and by Model.save()."""

    def save(plan):
        row = rows(plan).get()
        for field, value in fields.items():
            setattr(row, field, value)
        row.save()

    return [
        pytest.param(lambda plan: rows(plan).update(**fields), expected, id=f"{name}-update"),
        pytest.param(save, expected, id=f"{name}-save"),
    ]


LABEL = dict.fromkeys(PAGES, "right shin")
PRODUCT = dict.fromkeys(PAGES, "Freshcream 5%")
REST_NIGHT = {
    "plan": "status-rest",
    "month": "application 1, Rest",
    "print": '<li class="rest">',
    "log": 'class="rest-days">2 Mar',
    "report": 'class="rest-days">2 Mar',
    "download": Gone("-1-apply@"),  # the download leaves rest nights out
    "feed": "STATUS:CANCELLED",
}
SEVERE_ENTRY = {
    "plan": "Your log for Mon 2 Mar shows",
    "log": "itchy at night",
    "report": "itchy at night",
}
LONGER_REST = {
    "plan": "2 Mar to 4 Mar 2026",
    "log": "2 Mar to 4 Mar",
    "report": "2 Mar to 4 Mar",
}
REVOKED = {"plan": "No feed link yet.", "feed": "HTTP 404"}
SLUG = {"plan": "/regimens/fresh-slug/", "download": 'filename="fresh-slug-2026-03-02.ics"'}
WRITES = [
    *update_and_save(
        "plan", lambda plan: Plan.objects.filter(pk=plan.pk), LABEL, label="right shin"
    ),
    *update_and_save(
        "session",
        lambda plan: Session.objects.filter(plan=plan, number=1),
        REST_NIGHT,
        status=Session.Status.REST,
    ),
    *update_and_save(
        "symptom-entry",
        lambda plan: SymptomEntry.objects.filter(plan=plan),
        SEVERE_ENTRY,
        erythema=3,
        note="itchy at night",
    ),
    *update_and_save(
        "rest-period",
        lambda plan: RestPeriod.objects.filter(plan=plan),
        LONGER_REST,
        first_day=dt.date(2026, 3, 2),
    ),
    *update_and_save(
        "feed-token", lambda plan: FeedToken.objects.filter(plan=plan), REVOKED, revoked_at=TODAY
    ),
    *update_and_save(
        "rule-version",
        lambda plan: RuleVersion.objects.filter(pk=plan.rule_id),
        PRODUCT,
        product="Freshcream (imiquimod)",
    ),
    *update_and_save(
        "regimen",
        lambda plan: Regimen.objects.filter(pk=plan.rule.regimen_id),
        SLUG,
        slug="fresh-slug",
    ),
]


def seen(response) -> str:
    """What a reader gets: the status, the file name and the body, with .ics lines unfolded and
    runs of white space made one space."""
    body = response.content.decode().replace("\r\n ", "")
    disposition = response.get("Content-Disposition", "")
    return " ".join([f"HTTP {response.status_code}", disposition, *body.split()])


def shows(response, text: str) -> bool:
    return (text in seen(response)) != isinstance(text, Gone)


def a_plan_with_everything(owner) -> tuple[Plan, FeedToken]:
    """Mon+Thu nights from Mon 2 March, a feed, a log entry of 2 March with nothing to report
    and a rest period of 3 and 4 March (the log counts rest days up to today)."""
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 2))
    RestPeriod.objects.create(
        plan=plan, first_day=dt.date(2026, 3, 3), last_day=dt.date(2026, 3, 4)
    )
    return plan, feeds.feed_rotate(user=owner, plan=plan)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("write", "expected"), WRITES)
def test_a_direct_write_shows_at_once_on_every_page_that_shows_it(client, owner, write, expected):
    plan, token = a_plan_with_everything(owner)
    client.force_login(owner)
    paths = {page: PAGES[page].format(plan=plan.public_id, token=token.token) for page in expected}
    before = {page: client.get(path) for page, path in paths.items()}
    assert [page for page, response in before.items() if response.status_code != 200] == []
    assert [page for page, response in before.items() if shows(response, expected[page])] == []

    write(Plan.objects.get(pk=plan.pk))

    # The .ics revalidate with the ETag they had: the answer is 200 and the new file, not 304.
    after = {
        page: client.get(path, headers={"if-none-match": before[page].get("ETag", "")})
        for page, path in paths.items()
    }
    assert [page for page, response in after.items() if not shows(response, expected[page])] == []


@pytest.fixture
def shared_cache(settings):
    """Django's RedisCache, as REDIS_URL sets it, under a key prefix of this test's own: no other
    test reads it or flushes it, and it is deleted afterwards."""
    require_redis()
    default = settings.CACHES["default"]
    if default["BACKEND"] == REDIS_CACHE:  # this worker's own database (tests/conftest.py)
        location = default["LOCATION"]
    else:
        location = f"redis://{REDIS_HOST}:{REDIS_PORT}/0"
    prefix = f"test-freshness-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {"BACKEND": REDIS_CACHE, "LOCATION": location, "KEY_PREFIX": prefix}
    }
    yield caches["default"]
    server = redis.Redis.from_url(location)
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


@pytest.mark.parametrize("page", HTML_PAGES)
def test_a_changed_template_shows_on_the_next_request(
    client, owner, shared_cache, settings, tmp_path, page
):
    """As after a deploy: the pages come from the new templates, not from the shared cache."""
    shutil.copy(TEMPLATES / "disclaimer.html", tmp_path)
    config = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**config, "DIRS": [tmp_path, *config["DIRS"]]}]
    plan = make_plan(owner)
    client.force_login(owner)
    path = PAGES[page].format(plan=plan.public_id)
    assert "Educational aid, not medical advice." in client.get(path).content.decode()

    edited = (tmp_path / "disclaimer.html").read_text().replace("not medical", "never medical")
    (tmp_path / "disclaimer.html").write_text(edited)
    # A new process has no compiled templates: empty the cached loader, as the autoreloader does.
    for loader in engines["django"].engine.template_loaders:
        loader.reset()

    assert "Educational aid, never medical advice." in client.get(path).content.decode()


def test_a_new_release_changes_the_feed_etag_and_the_nights_in_the_shared_cache(
    client, owner, shared_cache, monkeypatch
):
    """A deploy: the ETag and each night's key in the shared cache name the release, so a
    calendar app gets the new code's file though the old code's nights are still kept."""
    token = feeds.feed_rotate(user=owner, plan=make_plan(owner))
    first = client.get(f"/feeds/{token.token}.ics")
    assert b"not medical advice" in first.content.replace(b"\r\n ", b"")

    # The new code writes other words, and its release() says so.
    monkeypatch.setattr(ics, "PRODID", "-//Treatment Planner//Calendar export 2//EN")
    monkeypatch.setattr(words, "DISCLAIMER", "The next release's words.")
    monkeypatch.setattr(feeds, "release", lambda: "the next release")
    again = client.get(f"/feeds/{token.token}.ics", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    unfolded = again.content.replace(b"\r\n ", b"")
    assert b"PRODID:-//Treatment Planner//Calendar export 2//EN" in unfolded
    assert b"not medical advice" not in unfolded
    assert unfolded.count(b"The next release's words.") >= 2 * 32  # every night's two events
