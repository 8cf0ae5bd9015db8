"""The `catalogue` fixture loads a dump of what `loadregimens` made once per worker: it must
be the same catalogue, down to the approved digests, as the command loads."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from regimens import versions
from regimens.models import Regimen

REGIMENS = apps.get_app_config("regimens")


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in REGIMENS.get_models()}


def test_loadregimens_finds_nothing_to_change_in_the_fixtures_catalogue(catalogue):
    before = counts()
    out = io.StringIO()
    call_command("loadregimens", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 15 and all(line.endswith(" unchanged") for line in lines), lines
    assert counts() == before


def test_the_fixtures_catalogue_has_every_table_the_command_fills(catalogue):
    assert all(counts().values()), counts()
    for model in versions.VERSIONED:
        approved = model.objects.approved()
        assert approved.exists()
        assert not approved.filter(approved_digest="").exists()
        for version in approved:
            assert version.approved_digest == versions.content_digest(version)


@pytest.fixture
def made_first(db, seeded_catalogue):
    """A regimen holding a primary key that one of the file's regimens has."""
    rows = json.loads(seeded_catalogue.read_text())
    taken = next(row["pk"] for row in rows if row["model"] == "regimens.regimen")
    return Regimen.objects.create(pk=taken, slug="made-first")


def test_catalogue_rows_made_before_the_fixture_are_kept(made_first, catalogue):
    assert Regimen.objects.filter(slug="made-first").exists()
    assert Regimen.objects.count() == 10
