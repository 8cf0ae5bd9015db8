import pytest
from django.core.exceptions import ImproperlyConfigured

from planner.env import env_bool, env_int, env_list, env_str


def test_it_reads_booleans(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_it_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", True) is True
    assert env_int("NUMBER", 7) == 7


def test_it_rejects_a_junk_boolean(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        env_bool("FLAG", False)


def test_it_rejects_a_junk_integer(monkeypatch):
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("NUMBER", 1)


def test_it_rejects_an_integer_below_the_minimum(monkeypatch):
    monkeypatch.setenv("NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("NUMBER", 1)


def test_it_requires_a_value_without_default(monkeypatch):
    monkeypatch.delenv("SECRET_THING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="Set the environment variable SECRET_THING"):
        env_str("SECRET_THING")


def test_it_splits_lists_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert env_list("HOSTS") == ["a.example", "b.example"]
