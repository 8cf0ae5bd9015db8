"""Shared fixtures: the loaded catalogue and `make_*` factories with plain defaults."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from factories import make_user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests that make users need no such strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Built calendars and calendar grids are cached by content keys; pinned clocks and
    reused primary keys across tests could otherwise meet an earlier test's entry."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(db):
    """The seed catalogue, loaded as `make run` loads it."""
    call_command("loadregimens", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def owner(db):
    return make_user("owner")


@pytest.fixture
def outsider(db):
    return make_user("outsider")
