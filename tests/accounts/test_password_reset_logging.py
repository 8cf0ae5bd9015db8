"""A password-reset link is a secret until it is used: whoever reads it can choose the
account's password. Like feed and reminder tokens, it must reach no log: not runserver's or
gunicorn's access log, nor Django's 'Not Found' lines."""

import datetime as dt
import logging
import re
from types import SimpleNamespace

from django.core import mail
from gunicorn.config import Config

from planner.gunicorn_logging import TokenHidingLogger
from planner.logging import hide_tokens


def reset_link(client, owner) -> str:
    client.post("/accounts/password_reset/", {"email": owner.email})
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def test_the_log_lines_hide_the_reset_token(client, owner):
    path = reset_link(client, owner)
    hidden = hide_tokens(f'"GET {path} HTTP/1.1" 302 0')
    assert token_of(path) not in hidden
    assert "/accounts/reset/<hidden>" in hidden


def test_runserver_s_access_log_hides_the_reset_token(client, owner, caplog):
    path = reset_link(client, owner)
    server = logging.getLogger("django.server")
    with caplog.at_level(logging.INFO, logger="django.server"):
        handler = server.handlers[0]
        record = server.makeRecord(
            "django.server", logging.INFO, __file__, 0, '"%s" %s %s', (f"GET {path}", 302, 0), None
        )
        assert handler.filter(record)
    assert token_of(path) not in record.getMessage()


def test_gunicorn_s_access_log_hides_the_reset_token(client, owner):
    path = reset_link(client, owner)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
        "HTTP_REFERER": "",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = TokenHidingLogger(Config()).atoms(response, request, environ, dt.timedelta(0))
    assert token_of(path) not in repr(atoms)


def test_a_wrong_reset_link_leaves_no_token_in_django_s_records(client, owner, caplog):
    path = reset_link(client, owner)
    wrong = f"{path}x/"  # matches no URL: Django logs "Not Found: <path>"
    with caplog.at_level(logging.INFO):
        assert client.get(wrong).status_code == 404
    assert caplog.records
    assert all(token_of(path) not in r.getMessage() for r in caplog.records)
