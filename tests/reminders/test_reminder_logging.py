"""The tokens of a reminder's links are secrets: refused or served, they reach no log line,
Django's nor gunicorn's."""

import datetime as dt
import logging
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from gunicorn.config import Config

from planner.gunicorn_logging import TokenHidingLogger
from reminder_kit import daily_plan, links_in, opt_in, run_at

pytestmark = pytest.mark.usefixtures("catalogue")
TOKEN = "eyJwIjoiYWJjIn0:1vQZ9x:secret-signature-part"


@pytest.fixture
def links(owner):
    plan = daily_plan(owner, dt.date(2026, 4, 6))
    opt_in(owner)
    [message] = run_at(plan.sessions.first().apply_at - dt.timedelta(minutes=15))
    return links_in(message)


def test_refused_links_leave_no_token_in_the_log_records(client, owner, links, caplog):
    plan = owner.plans.get()
    paths = [
        f"/reminders/act/{plan.public_id}/1/{TOKEN}/",
        f"/reminders/unsubscribe/{TOKEN}/",
        f"/reminders/push/act/{plan.public_id}/1/{TOKEN}/",
    ]
    with caplog.at_level(logging.DEBUG):
        for path in paths:
            assert client.post(path).status_code == 400
    records = [r for r in caplog.records if r.name.startswith("django")]
    assert records  # Django logged the 400s
    for record in records:
        assert "secret-signature-part" not in record.getMessage()
        assert "secret-signature-part" not in repr(record.__dict__)


def test_served_links_log_nothing_with_their_token(client, links, caplog):
    with caplog.at_level(logging.DEBUG):
        for path in links.values():
            client.get(path)
    for name in ("done", "snooze", "skip", "unsubscribe"):
        token = links[name].rstrip("/").rsplit("/", 1)[1]
        assert not [r for r in caplog.records if token in r.getMessage()], name


@pytest.mark.parametrize(
    "path",
    [
        "/reminders/act/9b4e/2/{t}/",
        "/reminders/%61ct/9b4e/2/{t}/",
        "/reminders/unsubscribe/{t}/",
        "/reminders%2Funsubscribe/{t}/",
        "/reminders/push/act/9b4e/2/{t}/",
    ],
)
def test_gunicorns_access_log_hides_the_token_however_the_path_is_encoded(path):
    raw = path.format(t=TOKEN)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": raw,
        "PATH_INFO": unquote(raw),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
        "HTTP_REFERER": f"https://example.org{raw}",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = TokenHidingLogger(Config()).atoms(response, request, environ, dt.timedelta(0))
    assert "secret-signature-part" not in repr(atoms)
    assert "<hidden>" in atoms["r"]
