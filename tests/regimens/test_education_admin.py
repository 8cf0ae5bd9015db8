"""The education admin: an edit to an approved version is saved as a new draft by its
editor, and the review buttons follow the same rules as the catalogue's."""

import pytest
from education_kit import approved, make_draft_question
from review_roles import make_editor, make_reviewer

from regimens.education.models import Entry, EntryVersion

pytestmark = pytest.mark.usefixtures("catalogue")


def change_url(version) -> str:
    return f"/admin/regimens/entryversion/{version.pk}/change/"


def form_data(version, **changes) -> dict:
    data = {
        name: getattr(version, name)
        for name in ("title", "body", "clinician", "symptoms", "indications", "related")
    }
    data["position"] = version.position
    data.update(changes)
    return data


def test_an_edit_to_an_approved_question_becomes_a_draft_by_its_editor(client):
    editor = make_editor()
    client.force_login(editor)
    current = approved(Entry.Kind.QUESTION, "sun")
    response = client.post(change_url(current), form_data(current, title="Can I sunbathe?"))
    assert response.status_code == 302
    draft = EntryVersion.objects.get(entry=current.entry, status="draft")
    assert (draft.version, draft.title, draft.last_edited_by) == (2, "Can I sunbathe?", editor)
    current.refresh_from_db()
    assert current.status == "approved" and current.title == "Can {I|they} go out in the sun?"


def test_saving_unchanged_makes_no_draft(client):
    client.force_login(make_editor())
    current = approved(Entry.Kind.QUESTION, "sun")
    client.post(change_url(current), form_data(current))
    assert not EntryVersion.objects.filter(entry=current.entry, status="draft").exists()


def test_an_edit_citing_an_unknown_source_is_refused_with_the_reason(client):
    client.force_login(make_editor())
    current = approved(Entry.Kind.QUESTION, "sun")
    response = client.post(change_url(current), form_data(current, body="New [@nowhere]."))
    assert response.status_code == 200
    assert "No reference has the key nowhere" in response.content.decode()


def test_the_buttons_submit_then_approve_with_four_eyes(client):
    draft = make_draft_question(last_edited_by=None)
    client.force_login(make_editor())
    client.post(f"/admin/regimens/entryversion/{draft.pk}/workflow/submit/")
    draft.refresh_from_db()
    assert draft.status == "review"
    client.force_login(make_reviewer())
    page = client.get(change_url(draft)).content.decode()
    assert 'value="Approve"' in page and "Preview this version" in page
    client.post(f"/admin/regimens/entryversion/{draft.pk}/workflow/approve/")
    draft.refresh_from_db()
    assert (draft.status, draft.reviewer_role) == ("approved", "Clinical reviewer")


def test_an_editor_cannot_approve(client):
    draft = make_draft_question()
    client.force_login(make_editor())
    client.post(f"/admin/regimens/entryversion/{draft.pk}/workflow/submit/")
    response = client.post(f"/admin/regimens/entryversion/{draft.pk}/workflow/approve/")
    assert response.status_code == 403
