"""References go through the education review (issue 24, point 4): an edit in the admin is a
new draft, approved by someone other than its last editor; pages list the approved text only;
the approved versions round-trip through seeds/education/references.toml."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from education_kit import page
from review_roles import make_editor, make_reviewer

from regimens.education import review, seeds
from regimens.education.models import Reference, ReferenceVersion

pytestmark = pytest.mark.usefixtures("catalogue")
QUESTION = "/questions/sun/"  # cites seed-002 and label-aldara
OLD_TITLE = "Imiquimod: uses, side effects and FAQs"  # part of seed-002's approved title
NEW_TITLE = "A retitled patient page on imiquimod"


def approved_of(key: str) -> ReferenceVersion:
    return ReferenceVersion.objects.approved().get(reference__key=key)


def change_url(version) -> str:
    return f"/admin/regimens/referenceversion/{version.pk}/change/"


def form_data(version, **changes) -> dict:
    data = {name: getattr(version, name) for name in ("title", "source", "url", "note")}
    return {**data, **changes}


def step(client, version, name: str):
    return client.post(f"/admin/regimens/referenceversion/{version.pk}/workflow/{name}/")


def edit_as(client, editor, key="seed-002", **changes) -> ReferenceVersion:
    client.force_login(editor)
    current = approved_of(key)
    response = client.post(change_url(current), form_data(current, **changes))
    assert response.status_code == 302
    return ReferenceVersion.objects.get(reference=current.reference, status="draft")


def test_every_seeded_reference_is_approved_by_the_editorial_team():
    versions = ReferenceVersion.objects.select_related("reference")
    assert {v.key for v in versions} == set(Reference.objects.values_list("key", flat=True))
    assert {(v.status, v.version, v.reviewer_role) for v in versions} == {
        ("approved", 1, review.SEED_ROLE)
    }
    assert all(v.approved_digest == review.content_digest(v) for v in versions)


def test_an_edit_to_an_approved_reference_is_a_draft_the_page_does_not_show(client):
    assert OLD_TITLE in page(client, QUESTION)
    editor = make_editor()
    draft = edit_as(client, editor, title=NEW_TITLE)
    assert (draft.version, draft.last_edited_by, draft.origin) == (2, editor, "admin")
    assert approved_of("seed-002").version == 1
    client.logout()
    body = page(client, QUESTION)
    assert OLD_TITLE in body and NEW_TITLE not in body


def test_a_reference_in_review_is_not_shown_either(client):
    draft = edit_as(client, make_editor(), title=NEW_TITLE)
    step(client, draft, "submit")
    draft.refresh_from_db()
    assert draft.status == "review"
    client.logout()
    assert NEW_TITLE not in page(client, QUESTION)


def test_its_editor_may_not_approve_it_another_reviewer_may(client):
    editor = make_editor("editor", is_superuser=True)  # even a superuser: four eyes
    draft = edit_as(client, editor, title=NEW_TITLE)
    step(client, draft, "submit")
    step(client, draft, "approve")
    draft.refresh_from_db()
    assert draft.status == "review"
    assert 'value="Approve"' not in client.get(change_url(draft)).content.decode()

    client.force_login(make_reviewer())
    assert 'value="Approve"' in client.get(change_url(draft)).content.decode()
    assert step(client, draft, "approve").status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.reviewer_role) == ("approved", review.CLINICAL_REVIEWER)
    assert ReferenceVersion.objects.get(reference=draft.reference, version=1).status == "retired"
    client.logout()
    body = page(client, QUESTION)
    assert NEW_TITLE in body and OLD_TITLE not in body


def test_a_reviewer_cannot_edit_or_add_a_reference_version(client):
    client.force_login(make_reviewer())
    current = approved_of("seed-002")
    response = client.post(change_url(current), form_data(current, title=NEW_TITLE))
    assert response.status_code == 403
    assert client.get("/admin/regimens/referenceversion/add/").status_code == 403
    assert not ReferenceVersion.objects.filter(status="draft").exists()


def test_an_approved_version_cannot_be_deleted(client):
    client.force_login(make_editor("editor", is_superuser=True))
    current = approved_of("seed-002")
    response = client.post(
        f"/admin/regimens/referenceversion/{current.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert approved_of("seed-002") == current


def test_people_who_are_not_staff_never_reach_the_reference_admin(client, owner):
    current = approved_of("seed-002")
    for user in (None, owner):
        if user:
            client.force_login(user)
        response = step(client, current, "retire")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        response = client.get(change_url(current))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert approved_of("seed-002") == current


def test_a_cited_key_without_an_approved_text_is_listed_as_missing(client):
    current = approved_of("seed-002")
    review.retire(current, user=make_reviewer("retirer"))
    body = page(client, QUESTION)
    assert "Missing reference: seed-002" in body
    assert OLD_TITLE not in body


def test_the_approved_text_round_trips_through_the_seed_file(client, tmp_path):
    draft = edit_as(client, make_editor(), title=NEW_TITLE, url="https://example.org/page")
    review.submit_for_review(draft)
    review.approve(draft, user=make_reviewer(), today=dt.date(2026, 12, 5))
    seeds.dump(tmp_path)
    text = (tmp_path / "references.toml").read_text()
    assert f'title = "{NEW_TITLE}"' in text
    assert 'last_reviewed = "2026-12-05"' in text and 'approved_by = "Clinical reviewer"' in text

    ReferenceVersion.objects.all().delete()
    outcomes = seeds.load_references(seeds.read_references(tmp_path))
    assert set(outcomes.values()) == {"added"}
    loaded = approved_of("seed-002")
    assert (loaded.title, loaded.url, loaded.last_reviewed, loaded.reviewer_role) == (
        NEW_TITLE,
        "https://example.org/page",
        dt.date(2026, 12, 5),
        "Clinical reviewer",
    )
    assert (
        seeds.references_text(
            ReferenceVersion.objects.approved()
            .select_related("reference")
            .order_by("reference__key")
        )
        == text
    )


def test_the_seed_file_is_what_a_dump_of_the_loaded_seeds_writes(tmp_path):
    seeds.dump(tmp_path)
    assert (tmp_path / "references.toml").read_text() == (
        seeds.SEED_DIR / "references.toml"
    ).read_text()


def test_loading_keeps_a_reference_edited_in_the_admin_unless_forced(client):
    draft = edit_as(client, make_editor(), title=NEW_TITLE)
    review.submit_for_review(draft)
    review.approve(draft, user=make_reviewer())
    out = io.StringIO()
    call_command("loadeducation", stdout=out)
    assert "reference seed-002: kept" in out.getvalue()
    assert approved_of("seed-002").title == NEW_TITLE
    call_command("loadeducation", "--force", stdout=io.StringIO())
    assert approved_of("seed-002").version == 3 and OLD_TITLE in approved_of("seed-002").title


def test_a_draft_alone_does_not_stop_the_seed_loading(client):
    draft = edit_as(client, make_editor(), title=NEW_TITLE)
    out = io.StringIO()
    call_command("loadeducation", stdout=out)
    assert "reference seed-002: unchanged" in out.getvalue()
    assert ReferenceVersion.objects.get(pk=draft.pk).status == "draft"
