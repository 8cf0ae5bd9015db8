"""Feed tokens are secrets carried in the URL: a feed request must leave none in the logs."""

import datetime as dt
import io
import logging
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from gunicorn.config import Config

from factories import make_plan
from planner.calendars import feeds
from planner.calendars.models import new_token
from planner.gunicorn_logging import TokenHidingLogger
from planner.logging import HideFeedTokens

pytestmark = pytest.mark.usefixtures("catalogue")


def test_a_404_feed_request_leaves_no_token_in_the_log_records(client, caplog):
    token = new_token()
    with caplog.at_level(logging.INFO):
        assert client.get(f"/feeds/{token}.ics").status_code == 404
    records = [r for r in caplog.records if r.name in ("django.request", "django.server")]
    assert records  # Django logged the 404
    for record in records:
        assert token not in record.getMessage()
        assert token not in repr(record.args) and token not in repr(record.__dict__)


def output_of(*loggers: logging.Logger, action) -> str:
    """What the stream handlers of `loggers` (the root's console, runserver's) really write."""
    handlers = {h for lg in loggers for h in lg.handlers if type(h) is logging.StreamHandler}
    stream = io.StringIO()
    old = [h.setStream(stream) for h in handlers]
    try:
        action()
    finally:
        for handler, previous in zip(handlers, old, strict=True):
            handler.setStream(previous)
    return stream.getvalue()


def test_the_console_log_shows_the_path_without_the_token(client):
    token = new_token()
    root = logging.getLogger()
    assert any(isinstance(f, HideFeedTokens) for h in root.handlers for f in h.filters)
    written = output_of(root, action=lambda: client.get(f"/feeds/{token}.ics"))
    assert "/feeds/<hidden>" in written
    assert token not in written


ENCODINGS = ["/feeds/{t}.ics", "/feeds%2F{t}.ics", "/%66eeds/{t}.ics"]  # each served alike


@pytest.mark.parametrize("path", ENCODINGS)
def test_the_runserver_access_log_hides_the_token(path):
    token = new_token()
    server = logging.getLogger("django.server")
    line = f"GET {path.format(t=token)} HTTP/1.1"
    written = output_of(server, action=lambda: server.info('"%s" %s %s', line, "404", "179"))
    assert written and token not in written


def test_with_debug_on_the_404_line_hides_the_token_too(client, settings):
    settings.DEBUG = True
    token = new_token()
    loggers = [logging.getLogger(name) for name in ("", "django", "django.request")]
    written = output_of(*loggers, action=lambda: client.get(f"/feeds/{token}.ics"))
    assert "Not Found" in written and token not in written


def test_a_served_feed_logs_nothing_with_its_token(client, owner, caplog):
    token = feeds.feed_rotate(user=owner, plan=make_plan(owner)).token
    with caplog.at_level(logging.DEBUG, logger="django"):
        assert client.get(f"/feeds/{token}.ics").status_code == 200
    assert not [r for r in caplog.records if token in r.getMessage()]


@pytest.mark.parametrize("path", ENCODINGS)
def test_gunicorn_s_access_log_hides_the_token_however_the_path_is_encoded(path):
    token = new_token()
    raw = path.format(t=token)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw,
        "PATH_INFO": unquote(raw),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
        "HTTP_REFERER": f"https://example.org{raw}",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = TokenHidingLogger(Config()).atoms(response, request, environ, dt.timedelta(0))
    assert token not in repr(atoms)
    assert "/feeds/<hidden>" in atoms["r"]


FORGED = '/healthz?a=/feeds/x%0A"POST /accounts/login/ HTTP/1.1" 302 0%0D%0AAXES: ok%00%E2%80%A8'


def test_a_decoded_path_cannot_write_a_line_of_its_own():
    """Hiding a token decodes the path (above); its %0A, %0D, %00 then wrote a forged line
    into the log (a fake successful log-in, by anyone, logged in or not)."""
    server = logging.getLogger("django.server")
    line = f"GET {FORGED} HTTP/1.1"
    written = output_of(server, action=lambda: server.info('"%s" %s %s', line, "200", "2"))
    assert written.strip().count("\n") == 0, written
    assert "\x00" not in written and "\u2028" not in written and "\r" not in written
    assert "\\n" in written and "/feeds/<hidden>" in written  # said, not done


def test_gunicorn_s_access_log_writes_no_control_character_of_a_decoded_path():
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": FORGED,
        "PATH_INFO": "/healthz",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": FORGED.split("?", 1)[1],
    }
    response = SimpleNamespace(status="200 OK", sent=2, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = TokenHidingLogger(Config()).atoms(response, request, environ, dt.timedelta(0))
    for value in atoms.values():
        assert not isinstance(value, str) or value.isprintable(), value
