"""`manage.py dumpregimens` writes the approved catalogue back in the seed file's format."""

import io
import tomllib

from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from review_roles import make_reviewer

from factories import approved_rule
from regimens import versions
from regimens.catalogue import CONTENT_FIELDS, SEED_FILE
from regimens.management.commands.dumpregimens import multiline, string
from regimens.models import Regimen, RuleVersion

TRICKY = 'Say "hi".\n\tTab, back\\slash, """triple""", \\u0041, CR\r\nend "'


def approved_catalogue() -> dict[str, dict]:
    rules = RuleVersion.objects.approved().select_related("regimen")
    return {rule.regimen.slug: {n: getattr(rule, n) for n in CONTENT_FIELDS} for rule in rules}


def approve_edit(slug, **changes):
    rule = approved_rule(slug)
    for name, value in changes.items():
        setattr(rule, name, value)
    draft = versions.submit_for_review(versions.save_as_new_version(rule))
    versions.approve(draft, user=make_reviewer(f"reviewer-{slug}"))


def empty_the_catalogue():
    RuleVersion.objects.all().delete()
    Regimen.objects.all().delete()


def test_loading_a_dump_into_an_empty_database_gives_the_same_rules(catalogue, tmp_path):
    approve_edit(
        "aldara-ak",
        faq=TRICKY,
        timing_note=TRICKY,
        sources=[{"title": 'The "label" \\ ünïcode ²', "ref": "label"}],
    )
    approve_edit("aldara-egw", contact_hours_default="7.5", contact_hours_min="6.25")
    before = approved_catalogue()
    dump = tmp_path / "regimens.toml"
    call_command("dumpregimens", "--output", str(dump), stdout=io.StringIO())
    empty_the_catalogue()
    call_command("loadregimens", "--file", str(dump), stdout=io.StringIO())
    assert approved_catalogue() == before
    assert approved_rule("aldara-ak").faq == TRICKY


def test_a_dump_of_the_seeded_catalogue_has_the_seed_files_data(catalogue, tmp_path):
    out = io.StringIO()
    call_command("dumpregimens", stdout=out)
    dumped = tomllib.loads(out.getvalue())
    assert dumped == tomllib.loads(SEED_FILE.read_text())


def test_only_approved_versions_are_dumped(catalogue):
    versions.retire(approved_rule("aldara-sbcc"), user=make_reviewer("retirer"))
    rule = approved_rule("aldara-ak")
    rule.timing_note = "Unreviewed."
    versions.save_as_new_version(rule)
    out = io.StringIO()
    call_command("dumpregimens", stdout=out)
    entries = tomllib.loads(out.getvalue())["regimen"]
    assert "aldara-sbcc" not in {entry["slug"] for entry in entries}
    assert "Unreviewed." not in out.getvalue()


def test_education_text_is_written_as_readable_multi_line_strings(catalogue):
    out = io.StringIO()
    call_command("dumpregimens", stdout=out)
    assert 'apply_steps = """\n{|Whoever puts the cream on' in out.getvalue()
    assert "\n}1. Shortly before {your|their} normal sleeping hours" in out.getvalue()


@given(st.text())
def test_any_text_survives_a_one_line_string(text):
    assert tomllib.loads(f"x = {string(text)}")["x"] == text


@given(st.text(alphabet=st.sampled_from('ab"\\\n\r\t\x00\x7f\u2028é')) | st.text())
def test_any_text_survives_a_multi_line_string(text):
    assert tomllib.loads(f"x = {multiline(text)}")["x"] == text
