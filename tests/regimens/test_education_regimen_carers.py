"""A regimen page's own sections (how to apply, side effects, missed doses...) worded for the
reader: seeds/regimens.toml holds {patient words|carer words} pairs, a carer reads theirs, the
person using the cream and a professional read the patient's, and everything else that shows
those sections (calendars, "what changed" notes) keeps the patient's wording."""

import datetime as dt
import io
import re
import tomllib
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from education_kit import as_reader, page

from factories import make_plan, make_user
from planner.accounts.models import Profile
from planner.calendars.words import words_for
from regimens import views
from regimens.education import wording
from regimens.models import EDUCATION_FIELDS, Regimen, RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
SEED_FILE = Path(settings.BASE_DIR) / "seeds" / "regimens.toml"
# Wording that speaks to the person using the cream; a carer's page must hold none of it.
PATIENT_ADDRESSED = re.compile(
    r"\byour (skin|face|clinician|own clinician|pharmacist|normal sleeping|end date|course)\b"
    r"|\byou (develop|get open|use:|keep missing|were given|are seen)\b|\bbefore you start\b"
    r"|\b(I|my)\b|Your (end date|clinician)",
    re.IGNORECASE,
)
CARER_ONLY = ("Whoever puts the cream on", "If you help them,")


def slugs() -> list[str]:
    return [entry["slug"] for entry in tomllib.loads(SEED_FILE.read_text())["regimen"]]


def sections(body: str) -> str:
    """The page's own sections, from the schedule to the sources (reader bar and extras left
    out)."""
    start = body.index('<h2 id="schedule">')
    return body[start : body.index('<h2 id="sources">')]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("slug", slugs())
def test_a_carer_reads_each_regimen_page_worded_for_them(client, slug):
    patient = sections(page(client, f"/regimens/{slug}/"))
    as_reader(client, "carer")
    carer = sections(page(client, f"/regimens/{slug}/"))
    assert carer != patient
    assert PATIENT_ADDRESSED.findall(text_of(carer)) == []
    assert "their clinician" in carer
    assert all(words in carer for words in CARER_ONLY)
    assert "{" not in carer and "|" not in text_of(carer)


@pytest.mark.parametrize("slug", slugs())
def test_the_person_using_the_cream_reads_the_patient_wording(client, slug):
    body = sections(page(client, f"/regimens/{slug}/"))
    assert "your clinician" in body.lower()
    assert not any(words in body for words in CARER_ONLY)
    assert "their clinician" not in body and "{" not in body


@pytest.mark.parametrize("slug", slugs())
def test_a_professional_gets_the_clinician_view_and_the_patient_wording(client, slug):
    patient = sections(page(client, f"/regimens/{slug}/"))
    as_reader(client, "professional")
    body = page(client, f"/regimens/{slug}/")
    assert 'id="for-professionals"' in body
    assert "For healthcare professionals" in body
    assert sections(body) == patient


def test_the_patient_wording_is_the_sections_text_with_the_pairs_resolved(client):
    rule = RuleVersion.objects.approved().get(regimen__slug="aldara-ak")
    body = page(client, "/regimens/aldara-ak/")
    steps = wording.choose(rule.apply_steps, "patient")
    assert steps.startswith("1. Shortly before your normal sleeping hours, wash your hands")
    assert "Shortly before your normal sleeping hours, wash your hands" in body


def test_a_signed_in_carer_chooses_in_settings_and_the_emergency_advice_speaks_of_them(
    client,
):
    user = make_user("carer")
    Profile.objects.update_or_create(user=user, defaults={"reader": "carer"})
    client.force_login(user)
    body = page(client, "/regimens/zyclara-egw/")
    assert "breathing becomes difficult or their face, lips or tongue swell" in body
    assert "If you help them," in body
    client.logout()
    body = page(client, "/regimens/zyclara-egw/")
    assert "breathing becomes difficult or your face, lips or tongue swell" in body


def test_every_seeded_section_has_well_formed_pairs():
    for entry in tomllib.loads(SEED_FILE.read_text())["regimen"]:
        for name, text in entry["education"].items():
            assert wording.problems(text) == [], (entry["slug"], name)
            assert name in EDUCATION_FIELDS
    assert {field for _, _, field in views.SECTIONS} <= set(EDUCATION_FIELDS)


def test_calendar_steps_keep_the_patient_wording(owner):
    plan = make_plan(owner, slug="aldara-ak")
    steps = words_for(plan).steps
    assert "{" not in steps and "Whoever puts the cream on" not in steps
    assert steps.startswith("1. Shortly before your normal sleeping hours, wash your hands")


def test_a_change_to_the_carer_wording_only_is_no_change_for_the_patient():
    changes = [
        ("How to apply", "Wash {your|their} hands.", "Wash {your|the} hands."),
        ("Missed doses", "{Your|Their} end date.", "The end date."),
    ]
    assert wording.patient_changes(changes) == [("Missed doses", "Your end date.", "The end date.")]


def test_the_pairs_survive_a_dump_and_a_load(client, tmp_path):
    as_reader(client, "carer")
    before = page(client, "/regimens/aldara-egw-eu/")
    dump = tmp_path / "regimens.toml"
    call_command("dumpregimens", "--output", str(dump), stdout=io.StringIO())
    RuleVersion.objects.all().delete()
    Regimen.objects.all().delete()
    call_command("loadregimens", "--file", str(dump), stdout=io.StringIO())
    assert sections(page(client, "/regimens/aldara-egw-eu/")) == sections(before)
    assert "{your|their}" in dump.read_text()


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)  # its course runs
def test_the_plan_page_gives_the_amount_in_the_patients_wording(client, owner, outsider):
    plan = make_plan(owner, slug="aldara-sbcc-eu")  # from Mon 2 March 2026, 6 weeks
    client.force_login(owner)
    body = page(client, f"/plans/{plan.public_id}/")
    assert "Ask your clinician how much to use." in body and "{" not in text_of(body)
    client.force_login(outsider)
    assert client.get(f"/plans/{plan.public_id}/").status_code == 404
    client.logout()
    assert client.get(f"/plans/{plan.public_id}/").status_code == 302  # to the login


def test_no_seeded_text_a_reader_sees_names_a_source_file_by_its_number():
    """Readers cannot know what "seed 000" is: a text names its source in words."""
    from regimens.models import WORDED_FIELDS

    for entry in tomllib.loads(SEED_FILE.read_text())["regimen"]:
        texts = {**{name: entry.get(name, "") for name in WORDED_FIELDS}, **entry["education"]}
        for name, text in texts.items():
            assert not re.search(r"\bseed \d", text), (entry["slug"], name)


@pytest.mark.parametrize("reader", ["patient", "carer", "professional"])
@pytest.mark.parametrize("slug", slugs())
def test_each_regimen_page_says_once_when_to_get_emergency_help(client, slug, reader):
    """The rule's own text says it, with its source; the page added an urgent-care box saying
    the same again just below it (on every regimen), which is gone."""
    as_reader(client, reader)
    body = page(client, f"/regimens/{slug}/")
    start = body.index('<h2 id="side-effects">')
    side_effects = text_of(body[start : body.index("</section>", start)])
    allergy = re.findall(r"allergic reaction|emergency", side_effects, re.IGNORECASE)
    assert allergy == ["emergency", "allergic reaction"], side_effects
