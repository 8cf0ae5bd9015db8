"""seeds/education/ round trip: loadeducation reads it (with loadregimens, as `make run` and
`make migrate` do), dumpeducation writes the same files back, and staff edits are kept."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from education_kit import approved
from review_roles import make_reviewer

from regimens.education import review, seeds
from regimens.education.models import Entry, EntryVersion, Reference


def load(*args) -> str:
    out = io.StringIO()
    call_command("loadeducation", *args, stdout=out)
    return out.getvalue()


def files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.usefixtures("catalogue")
def test_loadregimens_loads_the_education_content_too():
    assert Reference.objects.count() == 8
    assert EntryVersion.objects.approved().filter(entry__kind="question").count() >= 10
    assert approved(Entry.Kind.PAGE, "about-imiquimod").origin == "seed"


@pytest.mark.usefixtures("catalogue")
def test_a_dump_of_the_loaded_seeds_is_the_seed_files_byte_for_byte(tmp_path):
    call_command("dumpeducation", "--output", str(tmp_path), stdout=io.StringIO())
    assert files(tmp_path) == files(seeds.SEED_DIR)


@pytest.mark.usefixtures("catalogue")
def test_loading_again_changes_nothing():
    before = list(EntryVersion.objects.values_list("pk", "version", "status", "updated_at"))
    output = load()
    assert output.count(": unchanged") == len(files(seeds.SEED_DIR)) - 1 + 8  # + references
    assert list(EntryVersion.objects.values_list("pk", "version", "status", "updated_at")) == before


@pytest.mark.usefixtures("catalogue")
def test_an_approved_staff_edit_is_kept_unless_forced():
    current = approved(Entry.Kind.QUESTION, "eyes")
    current.title = "Eyes?"
    draft = review.save_as_new_version(current)
    review.submit_for_review(draft)
    review.approve(draft, user=make_reviewer())
    assert "question eyes: kept" in load()
    assert "question eyes: updated" in load("--force")
    assert (
        approved(Entry.Kind.QUESTION, "eyes").title
        == "What if {I get|they get} it in {my|their} eyes?"
    )


@pytest.mark.usefixtures("catalogue")
def test_an_approved_edit_round_trips_through_the_files(tmp_path):
    current = approved(Entry.Kind.QUESTION, "storage")
    current.body = current.body + "\n\nA new paragraph [@label-zyclara]."
    draft = review.save_as_new_version(current)
    review.submit_for_review(draft)
    review.approve(draft, user=make_reviewer())
    call_command("dumpeducation", "--output", str(tmp_path), stdout=io.StringIO())
    text = (tmp_path / "questions" / "storage.md").read_text()
    assert 'approved_by = "Clinical reviewer"' in text
    parsed = seeds.parse(text, kind="question", slug="storage")
    assert parsed.fields["body"].endswith("A new paragraph [@label-zyclara].")


def test_a_file_without_front_matter_is_refused_with_its_name(db, tmp_path):
    for name in ("pages", "regimens", "questions"):
        (tmp_path / name).mkdir()
    (tmp_path / "references.toml").write_text(
        '[[reference]]\nkey = "a"\ntitle = "A"\nsource = "label"\n'
    )
    (tmp_path / "questions" / "broken.md").write_text("no front matter here\n")
    with pytest.raises(CommandError, match="question broken: no front matter"):
        call_command("loadeducation", "--dir", str(tmp_path), stdout=io.StringIO())


def test_content_citing_an_unknown_source_is_refused_naming_the_entry(db, tmp_path):
    for name in ("pages", "regimens", "questions"):
        (tmp_path / name).mkdir()
    (tmp_path / "references.toml").write_text(
        '[[reference]]\nkey = "a"\ntitle = "A"\nsource = "label"\n'
    )
    (tmp_path / "questions" / "q.md").write_text('+++\ntitle = "Q?"\n+++\n\nAn answer [@b].\n')
    with pytest.raises(CommandError, match="question q: No reference has the key b"):
        call_command("loadeducation", "--dir", str(tmp_path), stdout=io.StringIO())


@pytest.mark.usefixtures("catalogue")
def test_a_page_reviewed_again_moves_its_date_and_makes_no_new_version(tmp_path):
    """As the catalogue's seeds do (tests/regimens/test_loadregimens.py)."""
    for name, text in files(seeds.SEED_DIR).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(
            text.replace('last_reviewed = "2026-12-04"', 'last_reviewed = "2026-12-05"')
        )
    before = EntryVersion.objects.count()
    output = load("--dir", str(tmp_path))
    assert "question rest-period: reviewed again" in output
    assert ": updated" not in output
    assert EntryVersion.objects.count() == before
    assert approved(Entry.Kind.QUESTION, "rest-period").last_reviewed.isoformat() == "2026-12-05"
