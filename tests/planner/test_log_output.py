"""What the configured handlers really print, not what a capturing handler sees: a refused
form (CSRF) on a secret link printed its token in full, once through Django's own console
handler (DEBUG) before the filtered one printed it hidden."""

import io
import logging

import pytest
from django.test import Client

SECRET = "SECRETTOKEN123-do-not-print"


@pytest.fixture
def printed(settings):
    """Everything the configured stream handlers print, with DEBUG on (development)."""
    settings.DEBUG = True
    out = io.StringIO()
    loggers = [logging.getLogger(), *map(logging.getLogger, logging.root.manager.loggerDict)]
    handlers = {h for logger in loggers for h in getattr(logger, "handlers", [])}
    streams = [h for h in handlers if type(h) is logging.StreamHandler]
    assert streams  # the console handler(s) of planner/settings.py LOGGING
    saved = [h.setStream(out) for h in streams]
    yield out
    for handler, stream in zip(streams, saved, strict=True):
        handler.setStream(stream)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/accounts/email/confirm/{SECRET}/",
        f"/reminders/act/9b4e/2/{SECRET}/",
        f"/feeds/{SECRET}.ics",
    ],
)
def test_a_refused_form_on_a_secret_link_prints_no_token(printed, path):
    Client(enforce_csrf_checks=True).post(path)
    assert "Forbidden" in printed.getvalue() or "Not Found" in printed.getvalue()
    assert SECRET not in printed.getvalue()
