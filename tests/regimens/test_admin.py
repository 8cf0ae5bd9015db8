"""The rule admin: list, change form, preview, versioning on save, and the review steps."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from review_roles import make_editor, make_reviewer

from factories import approved_rule, make_plan, make_user
from regimens import versions
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
CHANGELIST = "/admin/regimens/ruleversion/"
EDITABLE = [
    "product", "strength", "indication", "indication_label", "jurisdiction",
    "applications_per_week", "default_weekdays", "min_days_between", "course_days", "cap_days",
    "cycles", "assessment_weeks_off", "repeat_course_weeks",
    "contact_hours_default", "contact_hours_min", "contact_hours_max", "timing_note", "amount",
    "packets_per_application", "box_sizes", "area_note", "age_note", "followup_note",
    "followup_days_after", "done_hours_before", "done_hours_after", "min_hours_between",
    "apply_steps", "what_to_expect", "side_effects", "missed_doses",
    "precautions", "interactions", "how_it_works", "faq",
]  # fmt: skip


@pytest.fixture
def staff(client, db):
    user = make_user("admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def change_url(rule) -> str:
    return f"{CHANGELIST}{rule.pk}/change/"


def form_data(rule, **changes) -> dict:
    """What the change form posts for `rule`, with `changes` typed in."""
    data = {name: str(getattr(rule, name)) for name in EDITABLE}
    data["default_time"] = rule.default_time.strftime("%H:%M")
    data["sources"] = json.dumps(rule.sources)
    data["initial-sources"] = data["sources"]  # a callable default makes the form post this
    if rule.until_cleared:
        data["until_cleared"] = "on"
    data.update(changes)
    return data


def test_the_admin_names_the_site(client, staff):
    body = client.get("/admin/").content.decode()
    assert "<title>Site administration | Imiquimod Planner admin</title>" in body
    assert '<a href="/admin/">Imiquimod Planner administration</a>' in body


def test_the_admin_says_which_zone_its_times_are_in(client, staff):
    """Submitted, approved and logged times are shown in the server's zone, unnamed until now."""
    rule = approved_rule("aldara-ak")
    for path in ("/admin/", change_url(rule)):
        body = " ".join(client.get(path).content.decode().split())
        assert "Welcome, <strong>" in body and "</strong>. Times in UTC." in body


def test_the_changelist_shows_each_version_with_its_plan_count(client, staff, owner):
    make_plan(owner, "aldara-ak")
    make_plan(owner, "aldara-ak", start_date=dt.date(2026, 6, 1))
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    rows = {row.regimen.slug: row for row in response.context["cl"].result_list}
    assert rows["aldara-ak"].plan_count == 2
    assert rows["aldara-sbcc"].plan_count == 0
    body = response.content.decode()
    for header in ("Product and strength", "Indication", "Status", "Version", "Last reviewed"):
        assert header in body
    assert "Aldara (imiquimod) and generics 5%" in body


def test_the_changelist_runs_the_same_queries_however_many_versions(client, staff):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CHANGELIST).status_code == 200
        return len(queries)

    before = count()
    for slug in ("aldara-ak", "aldara-sbcc", "aldara-egw"):
        versions.save_as_new_version(approved_rule(slug))
    assert count() == before


def test_the_changelist_filters_and_searches(client, staff):
    versions.save_as_new_version(approved_rule("aldara-ak"))
    drafts = client.get(CHANGELIST, {"status__exact": "draft"}).context["cl"].result_list
    assert [rule.regimen.slug for rule in drafts] == ["aldara-ak"]
    warts = client.get(CHANGELIST, {"indication__exact": "genital-warts"}).context["cl"]
    warts_slugs = {rule.regimen.slug for rule in warts.result_list}
    assert warts_slugs == {"aldara-egw", "aldara-egw-eu", "zyclara-egw"}
    eu = client.get(CHANGELIST, {"jurisdiction__exact": "eu-uk"}).context["cl"].result_list
    assert {rule.regimen.slug for rule in eu} == {"aldara-ak-eu", "aldara-sbcc-eu", "aldara-egw-eu"}
    zyclara = client.get(CHANGELIST, {"q": "zyclara"}).context["cl"].result_list
    assert len(zyclara) == 3
    body = client.get(CHANGELIST).content.decode()
    assert "By product" in body and "By indication" in body and "By status" in body
    assert "By jurisdiction" in body


def test_the_change_form_is_in_fieldsets(client, staff):
    response = client.get(change_url(approved_rule()))
    names = [fieldset.name for fieldset in response.context["adminform"]]
    assert names == [
        "Identity",
        "Schedule",
        "Contact and timing",
        "Recording a night",
        "Amounts and limits",
        "Education content (Markdown)",
        "Sources and review",
    ]


@pytest.mark.parametrize(
    "model",
    ["ruleversion", "productlimits", "jurisdictionversion", "entryversion", "referenceversion"],
)
def test_the_history_link_stays_beside_the_title_above_the_review_box(client, staff, model):
    """Django floats its object tools (History) up beside the page's title: put after the
    review box, the link sat over the last row of "What this version changes"."""
    from django.apps import apps

    version = apps.get_model("regimens", model).objects.order_by("pk").first()
    body = client.get(f"/admin/regimens/{model}/{version.pk}/change/").content.decode()
    assert body.index('class="object-tools"') < body.index('id="review-status"')
    assert body.index('id="review-status"') < body.index("<form", body.index('id="review-status"'))


def test_the_schedule_preview_comes_after_the_change_form(client, staff):
    """Its own GET form could not sit inside the change form (forms do not nest)."""
    body = client.get(change_url(approved_rule("aldara-ak"))).content.decode()
    form_end = body.index("</form>", body.index('id="ruleversion_form"'))
    assert form_end < body.index('id="schedule-preview"')


def test_the_default_time_is_a_wall_clock_time_without_the_servers_clock(client, staff):
    """The admin's time widget offers "Now" and notes how far the editor's clock is from the
    server's: neither means anything for a bedtime that each plan takes in its own zone."""
    body = client.get(change_url(approved_rule("aldara-ak"))).content.decode()
    field = re.search(r'<input[^>]*name="default_time"[^>]*>', body).group()
    assert 'type="time"' in field
    assert 'value="22:00"' in field
    assert "vTimeField" not in field


@time_machine.travel(dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC), tick=False)
def test_the_change_form_previews_the_schedule_from_next_monday(client, staff):
    body = client.get(change_url(approved_rule("aldara-ak"))).content.decode()
    assert "<strong>32 applications</strong>" in body
    assert "from Mon 9 Mar 2026 to Sun 28 Jun 2026" in body
    assert 'name="preview_start" value="2026-03-09"' in body
    assert "<td>Thu 12 Mar 2026</td>" in body


def test_the_preview_start_date_can_be_chosen(client, staff):
    url = change_url(approved_rule("zyclara-ak-3-75"))
    body = client.get(url, {"preview_start": "2026-01-01"}).content.decode()
    assert "<strong>28 applications</strong>" in body
    assert "from Thu 1 Jan 2026 to Wed 11 Feb 2026" in body


def test_a_bad_preview_date_is_explained(client, staff):
    response = client.get(change_url(approved_rule()), {"preview_start": "soon"})
    assert response.status_code == 200
    assert "&#x27;soon&#x27; is not a date: use YYYY-MM-DD." in response.content.decode()
    for far in ("9999-12-31", "0001-01-01"):  # "date value out of range", "Mon 1 Jan 0001"
        response = client.get(change_url(approved_rule()), {"preview_start": far})
        body = response.content.decode()
        assert "Choose a sample first day within 5 years of today." in body
        assert "out of range" not in body and "0001" not in body.split("preview_start")[0]


def test_editing_an_approved_version_makes_a_new_draft(client, staff, owner):
    plan = make_plan(owner, "aldara-ak")
    rule = approved_rule()
    response = client.post(change_url(rule), form_data(rule, timing_note="Apply at bedtime."))
    draft = RuleVersion.objects.get(regimen__slug="aldara-ak", version=2)
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    assert (draft.status, draft.origin, draft.timing_note) == (
        "draft",
        "admin",
        "Apply at bedtime.",
    )
    assert draft.last_reviewed is None and draft.reviewed_by is None
    unchanged = approved_rule()
    assert unchanged.pk == rule.pk and unchanged.timing_note == rule.timing_note
    assert unchanged.updated_at == rule.updated_at
    plan.refresh_from_db()
    assert plan.rule_id == rule.pk
    message = str(list(response.wsgi_request._messages)[0])
    assert (
        message == "v1 is approved, so it was not changed: your edits are saved as a new draft, v2."
    )


def test_the_new_draft_keeps_untouched_text_exactly(client, staff):
    rule = approved_rule()
    crlf = {name: getattr(rule, name).replace("\n", "\r\n") for name in ("apply_steps", "faq")}
    client.post(change_url(rule), form_data(rule, timing_note="Changed.", **crlf))
    draft = RuleVersion.objects.get(regimen__slug="aldara-ak", version=2)
    assert versions.field_changes(rule, draft) == [("Timing note", rule.timing_note, "Changed.")]
    assert draft.apply_steps == rule.apply_steps


def test_saving_an_approved_version_unchanged_makes_no_draft_and_says_so(client, staff):
    rule = approved_rule()
    response = client.post(change_url(rule), form_data(rule, age_note=rule.age_note + " "))
    assert RuleVersion.objects.filter(regimen__slug="aldara-ak").count() == 1
    assert response.status_code == 302 and response["Location"] == change_url(rule)
    assert messages_of(response) == ["Nothing to save: v1 is as it was (approved)."]


def test_the_same_weekdays_spelt_otherwise_are_no_change(client, staff):
    rule = approved_rule()
    assert rule.default_weekdays == "mon,thu"
    client.post(change_url(rule), form_data(rule, default_weekdays="Mon, Thu"))
    assert RuleVersion.objects.filter(regimen__slug="aldara-ak").count() == 1
    draft = versions.save_as_new_version(approved_rule())
    client.post(change_url(draft), form_data(draft, default_weekdays="Thursday,mon"))
    draft.refresh_from_db()
    assert draft.default_weekdays == "mon,thu"
    assert versions.field_changes(rule, draft) == []


def test_a_draft_is_edited_in_place(client, staff):
    draft = versions.save_as_new_version(approved_rule())
    response = client.post(change_url(draft), form_data(draft, timing_note="Fixed a typo."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.version, draft.timing_note) == (2, "Fixed a typo.")
    assert RuleVersion.objects.filter(regimen__slug="aldara-ak").count() == 2


def test_an_invalid_edit_shows_the_message_by_its_field(client, staff):
    rule = approved_rule()
    response = client.post(change_url(rule), form_data(rule, cap_days="100"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["cap_days"] == [
        "The cap (100 days) must be at least the course length (112 days)."
    ]
    assert RuleVersion.objects.filter(regimen__slug="aldara-ak").count() == 1


def test_the_admin_refuses_hours_and_lengths_no_plan_should_have_by_their_fields(client, staff):
    rule = approved_rule()
    data = form_data(
        rule,
        contact_hours_max="30",
        course_days="7000",
        cap_days="30000",
        packets_per_application="30000",
    )
    response = client.post(change_url(rule), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {
        "contact_hours_max",
        "course_days",
        "cap_days",
        "packets_per_application",
    }
    assert errors["contact_hours_max"] == [
        "Longest contact time must be at most 24 hours, as a plan's is."
    ]
    assert RuleVersion.objects.filter(regimen__slug="aldara-ak").count() == 1


def test_adding_a_version_numbers_it_after_the_latest(client, staff):
    rule = approved_rule()
    data = form_data(rule, regimen=str(rule.regimen_id), timing_note="From scratch.")
    response = client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 302
    added = RuleVersion.objects.get(regimen__slug="aldara-ak", version=2)
    assert (added.status, added.origin) == ("draft", "admin")


def test_review_steps_submit_then_approve_with_reviewer_and_date(client, staff, owner):
    plan = make_plan(owner, "aldara-ak")
    old = approved_rule()
    draft = versions.save_as_new_version(approved_rule())
    body = client.get(change_url(draft)).content.decode()
    assert 'value="Submit for review"' in body and 'value="Approve"' not in body
    client.post(f"{CHANGELIST}{draft.pk}/workflow/submit/")
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        response = client.post(f"{CHANGELIST}{draft.pk}/workflow/approve/")
    assert response["Location"] == change_url(draft)
    draft.refresh_from_db()
    assert (draft.status, draft.reviewed_by, draft.last_reviewed) == (
        "approved",
        staff,
        dt.date(2026, 12, 1),
    )
    old.refresh_from_db()
    assert old.status == "retired"
    plan.refresh_from_db()
    assert plan.rule_id == old.pk


def test_review_steps_are_recorded_in_the_admin_history(client, staff):
    old = approved_rule()
    draft = versions.save_as_new_version(approved_rule())
    client.post(f"{CHANGELIST}{draft.pk}/workflow/submit/")
    client.post(f"{CHANGELIST}{draft.pk}/workflow/approve/")
    messages = LogEntry.objects.filter(user=staff).values_list("object_id", "change_message")
    assert (str(draft.pk), "Submit for review: now in review.") in messages
    assert (str(draft.pk), "Approve: now approved.") in messages
    assert (str(old.pk), "Retired: replaced by v2.") in messages


def test_a_step_the_status_does_not_allow_is_refused_with_a_message(client, staff):
    draft = versions.save_as_new_version(approved_rule())
    response = client.post(f"{CHANGELIST}{draft.pk}/workflow/approve/", follow=True)
    assert (
        "Version 2 of aldara-ak cannot be approved: it is draft, not in review."
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_review_steps_need_post(client, staff):
    rule = approved_rule()
    assert client.get(f"{CHANGELIST}{rule.pk}/workflow/retire/").status_code == 405
    assert client.post(f"{CHANGELIST}{rule.pk}/workflow/delete/").status_code == 403
    assert approved_rule().pk == rule.pk


def test_the_changelist_actions_run_the_same_steps(client, staff):
    draft = versions.save_as_new_version(approved_rule("aldara-ak"))
    for action in ("submit_selected", "approve_selected"):
        client.post(CHANGELIST, {"action": action, "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "approved"
    sbcc = approved_rule("aldara-sbcc")
    client.post(
        CHANGELIST, {"action": "retire_selected", "_selected_action": [sbcc.pk], "post": "yes"}
    )
    sbcc.refresh_from_db()
    assert sbcc.status == "retired"


def test_versions_that_may_back_plans_cannot_be_deleted(client, staff):
    rule = approved_rule()
    assert client.get(f"{CHANGELIST}{rule.pk}/delete/").status_code == 403
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "delete_selected" not in dict(actions)


def test_an_invalid_draft_cannot_go_to_review(client, staff):
    rule = approved_rule()
    rule.cap_days = 1
    draft = versions.save_as_new_version(rule)  # saved without the form, so unchecked
    response = client.post(f"{CHANGELIST}{draft.pk}/workflow/submit/", follow=True)
    body = response.content.decode()
    assert "Version 2 of aldara-ak is not valid yet: The cap (1 days) must be at least" in body
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_regimen_slug_is_fixed_once_made(client, staff):
    regimen = approved_rule().regimen
    response = client.get(f"/admin/regimens/regimen/{regimen.pk}/change/")
    assert 'name="slug"' not in response.content.decode()


# The review step is a control -----------------------------------------------------------


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def test_every_save_through_the_admin_records_its_editor(client):
    editor = make_editor()
    client.force_login(editor)
    rule = approved_rule()
    client.post(change_url(rule), form_data(rule, timing_note="Edited."))
    draft = RuleVersion.objects.get(regimen__slug="aldara-ak", version=2)
    assert draft.last_edited_by == editor
    other = make_editor("other")
    client.force_login(other)
    client.post(change_url(draft), form_data(draft, timing_note="Edited again."))
    draft.refresh_from_db()
    assert (draft.last_edited_by, draft.timing_note) == (other, "Edited again.")
    client.post(f"{CHANGELIST}add/", form_data(rule, regimen=str(rule.regimen_id)))
    added = RuleVersion.objects.get(regimen__slug="aldara-ak", version=3)
    assert added.last_edited_by == other
    assert approved_rule().last_edited_by is None  # the approved version was not touched


def test_a_version_in_review_is_never_changed_in_place(client):
    draft = versions.save_as_new_version(approved_rule(), user=make_editor("author"))
    versions.submit_for_review(draft)
    draft.refresh_from_db()
    editor = make_editor()
    client.force_login(editor)
    data = form_data(
        draft,
        contact_hours_default="16",
        contact_hours_max="16",
        apply_steps="Leave it on all day.",
    )
    response = client.post(change_url(draft), data)
    in_review = RuleVersion.objects.get(pk=draft.pk)
    assert (in_review.status, in_review.contact_hours_default, in_review.apply_steps) == (
        "review",
        draft.contact_hours_default,
        draft.apply_steps,
    )
    assert (in_review.last_edited_by.username, in_review.updated_at) == ("author", draft.updated_at)
    assert in_review.submitted_digest == versions.content_digest(in_review)
    new = RuleVersion.objects.get(regimen__slug="aldara-ak", version=3)
    assert (new.status, new.contact_hours_default, new.apply_steps) == (
        "draft",
        Decimal("16"),
        "Leave it on all day.",
    )
    assert (new.last_edited_by, new.submitted_digest) == (editor, "")
    assert response["Location"] == change_url(new)
    assert messages_of(response) == [
        "v2 is in review, so it was not changed: your edits are saved as a new draft, v3."
    ]


def test_the_page_of_a_version_in_review_says_edits_make_a_new_draft(client, staff):
    draft = versions.submit_for_review(versions.save_as_new_version(approved_rule()))
    body = client.get(change_url(draft)).content.decode()
    assert "its reviewer approves exactly the content that was submitted" in body
    assert "Saving your edits creates a new draft version instead." in body


def test_a_reviewer_approves_in_the_admin_and_the_approval_is_recorded(client):
    draft = versions.save_as_new_version(approved_rule(), user=make_editor())
    versions.submit_for_review(draft)
    reviewer = make_reviewer()
    client.force_login(reviewer)
    assert 'value="Approve"' in client.get(change_url(draft)).content.decode()
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        client.post(f"{CHANGELIST}{draft.pk}/workflow/approve/")
    draft.refresh_from_db()
    assert (draft.status, draft.reviewed_by, draft.last_reviewed) == (
        "approved",
        reviewer,
        dt.date(2026, 12, 1),
    )
    assert draft.approved_digest == draft.submitted_digest == versions.content_digest(draft)
    assert LogEntry.objects.filter(
        user=reviewer, object_id=str(draft.pk), change_message="Approve: now approved."
    ).exists()


def test_an_editor_cannot_approve_in_the_admin(client):
    draft = versions.save_as_new_version(approved_rule(), user=make_editor("author"))
    versions.submit_for_review(draft)
    client.force_login(make_editor())
    assert 'value="Approve"' not in client.get(change_url(draft)).content.decode()
    assert client.post(f"{CHANGELIST}{draft.pk}/workflow/approve/").status_code == 403
    actions = dict(client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "approve_selected" not in actions
    client.post(CHANGELIST, {"action": "approve_selected", "_selected_action": [draft.pk]})
    assert RuleVersion.objects.get(pk=draft.pk).status == "review"


def test_a_superuser_cannot_approve_their_own_edit_in_the_admin(client, staff):
    rule = approved_rule()
    client.post(change_url(rule), form_data(rule, timing_note="My own edit."))
    draft = RuleVersion.objects.get(regimen__slug="aldara-ak", version=2)
    client.post(f"{CHANGELIST}{draft.pk}/workflow/submit/")
    body = client.get(change_url(draft)).content.decode()
    assert 'value="Approve"' not in body
    assert "You made this version's last edit, so another reviewer must approve it." in body
    for response in (
        client.post(f"{CHANGELIST}{draft.pk}/workflow/approve/"),
        client.post(CHANGELIST, {"action": "approve_selected", "_selected_action": [draft.pk]}),
    ):
        assert messages_of(response)[-1] == (
            "Version 2 of aldara-ak cannot be approved by you: you made its last edit, so "
            "another reviewer must approve it."
        )
    draft.refresh_from_db()
    assert (draft.status, draft.reviewed_by) == ("review", None)
    assert approved_rule().pk == rule.pk


def test_the_review_screen_shows_what_changes_from_the_approved_version(client):
    rule = approved_rule()
    rule.contact_hours_default = rule.contact_hours_min = Decimal("7.5")
    rule.timing_note = "An hour before bed."
    draft = versions.submit_for_review(versions.save_as_new_version(rule, user=make_editor()))
    client.force_login(make_reviewer())
    response = client.get(change_url(draft))
    assert response.context["review"]["changes"] == [
        ("Timing note", approved_rule().timing_note, "An hour before bed."),
        ("Default contact hours", "8", "7.5"),
        ("Shortest contact hours", "8", "7.5"),
    ]
    body = response.content.decode()
    assert "What this version changes from the approved version 1" in body
    assert '<th scope="row">Default contact hours</th><td>8</td><td>7.5</td>' in body
    assert "An hour before bed." in body


def test_the_review_screen_lists_texts_that_still_state_a_number_it_changes(client):
    """A numbers-only edit (16 weeks to 14) left the FAQ saying "for 16 weeks" and "32
    applications" beside a course of 98 days: the page contradicted itself. The editor and
    the reviewer are told which texts still say the old number."""
    rule = approved_rule()
    assert "16 weeks" in rule.faq and "32 applications" in rule.faq
    rule.course_days = rule.cap_days = 98
    draft = versions.save_as_new_version(rule, user=make_editor())
    client.force_login(make_reviewer())
    response = client.get(change_url(draft))
    stale = response.context["review"]["stale"]
    assert ("FAQ", "16 weeks") in stale and ("FAQ", "32 applications") in stale
    assert all(phrase in {"112 days", "16 weeks", "32 applications"} for _, phrase in stale)
    body = " ".join(response.content.decode().split())
    assert "These texts still state a number this version changes" in body
    assert "<li>FAQ: “16 weeks”</li>" in body


def test_an_edit_of_words_only_lists_no_stale_numbers(client):
    rule = approved_rule()
    rule.timing_note = "An hour before bed."
    draft = versions.save_as_new_version(rule, user=make_editor())
    client.force_login(make_reviewer())
    response = client.get(change_url(draft))
    assert response.context["review"]["stale"] == []
    assert "still state a number" not in response.content.decode()


def test_the_review_screen_says_when_nothing_changes_or_there_is_nothing_to_replace(client):
    draft = versions.submit_for_review(versions.save_as_new_version(approved_rule()))
    client.force_login(make_reviewer())
    body = client.get(change_url(draft)).content.decode()
    assert "Nothing: its content is the same as the approved version's." in body
    versions.retire(approved_rule(), user=make_reviewer("retirer"))
    body = client.get(change_url(draft)).content.decode()
    assert "This regimen has no approved version: approving this one makes it the first." in body
    body = client.get(change_url(RuleVersion.objects.get(version=1, regimen=draft.regimen)))
    assert 'id="review-changes"' not in body.content.decode()  # retired: nothing to review


@time_machine.travel(dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC), tick=False)
def test_the_preview_gives_the_assessment_date_of_a_rule_with_one(client, staff):
    body = client.get(change_url(approved_rule("aldara-ak-eu"))).content.decode()
    assert "<strong>12 applications</strong>" in body
    assert "from Mon 9 Mar 2026 to Sun 5 Apr 2026" in body
    assert "<strong>assessment on Mon 4 May 2026</strong>" in body
    assert "one more course of\n      4 weeks" in body
    assert "assessment on" not in client.get(change_url(approved_rule())).content.decode()


def test_an_editor_changes_a_jurisdiction_and_an_assessment_through_review(client):
    """Editors manage both as rule fields: an edit makes a draft, a second person approves it,
    and the approved digest covers them."""
    editor = make_editor()
    client.force_login(editor)
    rule = approved_rule("aldara-sbcc")
    edits = {"jurisdiction": "eu-uk", "assessment_weeks_off": "12", "repeat_course_weeks": "6"}
    assert client.post(change_url(rule), form_data(rule, **edits)).status_code == 302
    draft = RuleVersion.objects.get(regimen__slug="aldara-sbcc", version=2)
    assert (draft.status, draft.jurisdiction, draft.last_edited_by) == ("draft", "eu-uk", editor)
    assert approved_rule("aldara-sbcc").jurisdiction == "us"  # the approved one is untouched
    versions.submit_for_review(draft)
    client.force_login(make_reviewer())
    response = client.get(change_url(draft))
    assert ("Jurisdiction", "US", "EU/UK") in response.context["review"]["changes"]
    assert ("Second course (weeks)", "0", "6") in response.context["review"]["changes"]
    client.post(f"{CHANGELIST}{draft.pk}/workflow/approve/")
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_digest == versions.content_digest(draft)


def test_half_an_assessment_is_refused_by_its_field(client, staff):
    rule = approved_rule()
    response = client.post(change_url(rule), form_data(rule, assessment_weeks_off="4"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "give both the weeks off" in errors["repeat_course_weeks"][0]
    assert RuleVersion.objects.filter(regimen__slug="aldara-ak").count() == 1


def test_a_product_is_viewed_not_edited_once_added(client, staff):
    """Its three fields are its identity (seeds name its slug; its rule versions find it by
    product and strength): its page has nothing to save, and a post changes nothing."""
    from regimens.models import Product

    product = Product.objects.get(slug="aldara-5")
    url = f"/admin/regimens/product/{product.pk}/change/"
    body = client.get(url).content.decode()
    assert "View product" in body
    assert 'name="_save"' not in body and 'name="_continue"' not in body
    assert client.post(url, {"product": "Renamed", "strength": "9%"}).status_code == 403
    product.refresh_from_db()
    assert (product.product.startswith("Aldara"), product.strength) == (True, "5%")
    assert 'name="_save"' in client.get("/admin/regimens/product/add/").content.decode()


def test_retiring_asks_first_and_says_what_it_does(client, staff):
    """Retiring the approved version withdraws the regimen from new plans: one click on the
    change page, or the action, first shows what it will do and asks; the answer retires."""
    rule = approved_rule()
    make_plan(make_user("patient"))  # on this version
    step = f"{CHANGELIST}{rule.pk}/workflow/retire/"
    asked = client.post(step)
    assert asked.status_code == 200
    page = " ".join(asked.content.decode().split())
    assert "Retire version 1 of aldara-ak?" in page
    assert "new plans can no longer choose it until another version is approved" in page
    assert "The 1 plan made with it keeps it." in page
    assert 'name="post" value="yes"' in page and "No, take me back" in page
    assert approved_rule().pk == rule.pk  # nothing retired yet
    client.post(step, {"post": "yes"})
    rule.refresh_from_db()
    assert rule.status == "retired"


def test_retiring_a_version_no_plan_uses_says_so(client, staff):
    rule = approved_rule()
    asked = client.post(f"{CHANGELIST}{rule.pk}/workflow/retire/")
    page = " ".join(asked.content.decode().split())
    assert "No plan was made with it." in page and "The 0 plans" not in page


def test_the_retire_action_asks_first_too(client, staff):
    sbcc = approved_rule("aldara-sbcc")
    draft = versions.save_as_new_version(approved_rule("aldara-ak"))
    chosen = {"action": "retire_selected", "_selected_action": [sbcc.pk, draft.pk]}
    asked = client.post(CHANGELIST, chosen)
    page = " ".join(asked.content.decode().split())
    assert asked.status_code == 200 and "Retire 2 versions?" in page
    assert "Version 1 of aldara-sbcc" in page and "Version 2 of aldara-ak" in page
    assert "It is a draft: it can no longer be submitted or approved." in page
    sbcc.refresh_from_db()
    assert sbcc.status == "approved"
    client.post(CHANGELIST, {**chosen, "post": "yes"})
    assert set(
        RuleVersion.objects.filter(pk__in=[sbcc.pk, draft.pk]).values_list("status", flat=True)
    ) == {"retired"}
