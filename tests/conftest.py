"""Shared fixtures: the loaded catalogue and `make_*` factories with plain defaults."""

import datetime as dt
import os
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from smtp_sink import smtp  # noqa: F401 (a fixture: the reminder tests' real SMTP server)

from factories import make_user
from regimens.models import Regimen
from services import PROCESSES_REDIS_DB, REDIS_CACHE, SERVERS_REDIS_DB

REDIS_DATABASES = min(SERVERS_REDIS_DB, PROCESSES_REDIS_DB)  # the workers' take those below


@pytest.fixture(scope="session", autouse=True)
def redis_database_per_worker():
    """With REDIS_URL set (CI's second run) the cache is Redis, whose clear() is FLUSHDB: it
    empties the whole database, whatever the KEY_PREFIX. So each xdist worker takes a database
    of its own, REDIS_URL's number plus one plus its index, and its clear() (below and in
    queries.py) can empty only its own cache, never the one another worker's test is using, nor
    REDIS_URL's own database, where the reminder queue (settings.HUEY) keeps its tasks."""
    default = django_settings.CACHES["default"]
    if default["BACKEND"] != REDIS_CACHE:
        yield
        return
    url = urlsplit(default["LOCATION"])
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(url.path.strip("/") or 0) + 1 + int(worker.removeprefix("gw"))
    if number >= REDIS_DATABASES:
        raise pytest.UsageError(
            f"{worker} would need Redis database {number}: use fewer workers (-n) or a lower "
            "database number in REDIS_URL"
        )
    location = url._replace(path=f"/{number}").geturl()
    # Every alias on that Redis (the default and the password forms' throttle) moves with it.
    moved = {
        alias: {**config, "LOCATION": location}
        for alias, config in django_settings.CACHES.items()
        if config["BACKEND"] == REDIS_CACHE
    }
    with override_settings(CACHES={**django_settings.CACHES, **moved}):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests that make users need no such strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mail_server_down(settings):
    """The SMTP backend pointed at a port nothing listens on (9, discard), with a short wait."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: built calendars are cached by content keys, and
    pinned clocks and reused primary keys could otherwise meet an earlier test's entry. (Not
    after the test too: by then it may have pointed the cache at a Redis database that other
    workers use, and clear() there is FLUSHDB.)"""
    cache.clear()


@pytest.fixture
def midday():
    """The clock at 12:00 UTC today, ticking: for tests whose nights are tonight at 21:30 or
    22:00 UTC, which would otherwise find tonight's time passed (or the date turned) when CI
    runs late in the evening. time-machine moves the clock of every thread, races' too."""
    noon = dt.datetime.combine(dt.datetime.now(dt.UTC).date(), dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(noon, tick=True):
        yield noon


@pytest.fixture(scope="session")
def seeded_catalogue(django_db_setup, django_db_blocker, tmp_path_factory):
    """What `loadregimens` (as `make run` runs it) puts in a migrated database, as a fixture
    file: each worker runs the command once, inside a transaction it rolls back, and dumps the
    regimens app. Loading that file costs about an eighth of running the command (0.04 s
    against 0.3 s)."""
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.json"
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loadregimens", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("dumpdata", "regimens", output=str(path), verbosity=0)
        transaction.set_rollback(True)
    return path


@pytest.fixture
def catalogue(db, seeded_catalogue):
    """The seed catalogue, as `make run` loads it (tests/regimens/test_seeded_catalogue.py
    checks that the two are the same). The file's rows keep their primary keys, so a test
    whose other fixtures made rules first gets the command itself, which adds to them."""
    if Regimen.objects.exists():
        call_command("loadregimens", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    else:
        call_command("loaddata", str(seeded_catalogue), verbosity=0)


@pytest.fixture
def owner(db):
    return make_user("owner")


@pytest.fixture
def outsider(db):
    return make_user("outsider")
