"""GET/POST /plans/<id>/log/<YYYY-MM-DD>/: create or edit one day's entry."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from factories import make_plan, make_user
from planner.symptoms.models import ITEMS, SymptomEntry

pytestmark = pytest.mark.usefixtures("catalogue")
FRIDAY = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)  # the plan runs 2 Mar to 21 Jun 2026
pinned = time_machine.travel(FRIDAY, tick=False)


def url(plan, day="2026-03-05"):
    return f"/plans/{plan.public_id}/log/{day}/"


def form_data(**given):
    data = {item: "0" for item in ITEMS}
    data.update({key: str(value) for key, value in given.items()})
    return data


@pinned
def test_it_shows_an_empty_form_for_a_day_without_an_entry(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.get(url(plan))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Log for Thursday 5 March 2026" in body
    assert 'name="erythema" value="0" id="id_erythema_0" required checked' in body
    assert f'action="{url(plan)}"' in body


@pinned
def test_it_groups_the_items_in_fieldsets_with_legends_and_plain_grade_words(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert body.count("<fieldset") == len(ITEMS)
    assert body.count("<legend>") == len(ITEMS)
    assert "Skin reactions at the treated area" in body and "Flu-like symptoms" in body
    assert "<legend>Blisters (vesicles)</legend>" in body
    assert "Faint pink, only just visible." in body  # a one-line description of mild redness
    assert "our own 0 to 3 scale" in body
    assert "<script" not in body.split("<main")[1]


@pinned
def test_it_names_the_signs_of_a_severe_allergic_reaction_and_why_reactions_happen(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "Seek urgent care" in body
    assert "trouble breathing" in body and "swelling of the face, lips or" in body
    assert "TLR7" in body and "cytokines" in body
    assert "a mild one is not a reason to stop" in body
    assert "a clinical summary of how imiquimod works" in body and "a patient page" in body


@pinned
def test_it_saves_a_new_entry_and_goes_back_to_the_log(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(url(plan), form_data(erythema=2, itching=1, note="warm"))
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.public_id}/log/?saved=2026-03-05#advice"
    entry = SymptomEntry.objects.get(plan=plan)
    assert entry.date == dt.date(2026, 3, 5)
    assert (entry.erythema, entry.itching, entry.fever, entry.note) == (2, 1, 0, "warm")


@pinned
def test_a_second_entry_for_the_same_day_edits_the_first(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    client.post(url(plan), form_data(erythema=1, note="first"))
    client.post(url(plan), form_data(erythema=3, note="second"))
    entry = SymptomEntry.objects.get(plan=plan)
    assert (entry.erythema, entry.note) == (3, "second")


@pinned
def test_it_prefills_the_form_with_the_days_entry_and_shows_its_advice(client, owner):
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), vesicles=2, note="blisters")
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert 'name="vesicles" value="2" id="id_vesicles_2" required checked' in body
    assert "blisters</textarea>" in body
    assert "shows blisters (moderate)" in body
    assert f"/plans/{plan.public_id}/#rest-heading" in body


@pinned
@pytest.mark.parametrize("bad", ["4", "-1", "x", ""])
def test_a_grade_outside_0_to_3_is_a_form_error_and_saves_nothing(client, owner, bad):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(url(plan), form_data(erythema=2, fever=bad, note="kept?"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert ("Choose none, mild, moderate or severe (0 to 3)." in body) or (
        "Choose a grade: none, mild, moderate or severe." in body
    )
    assert not SymptomEntry.objects.exists()


@pinned
def test_a_bad_grade_leaves_an_existing_entry_untouched(client, owner):
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), erythema=1, note="before")
    client.force_login(owner)
    response = client.post(url(plan), form_data(erythema=3, burning=9, note="after"))
    assert response.status_code == 400
    entry = SymptomEntry.objects.get(plan=plan)
    assert (entry.erythema, entry.burning, entry.note) == (1, 0, "before")


@pinned
def test_a_missing_item_is_a_form_error(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    data = form_data()
    del data["nausea"]
    assert client.post(url(plan), data).status_code == 400
    assert not SymptomEntry.objects.exists()


def headings(body):
    """What each group's heading in the form says after its title."""
    form = body.split('class="log-form"')[1].split("</form>")[0]
    return [part.split("</summary>")[0].strip() for part in form.split("</h3>")[1:]]


@pinned
def test_the_group_headings_say_what_is_saved_never_the_choices_on_screen(client, owner):
    """A heading is written once by the server: "(all none)" on a new day stayed while the
    person chose "Severe" in that group. It says only what is saved, and that it is."""
    plan = make_plan(owner)
    client.force_login(owner)
    assert headings(client.get(url(plan)).content.decode()) == ["", ""]  # nothing saved yet
    log = client.get(f"/plans/{plan.public_id}/log/?day=2026-03-05").content.decode()
    assert headings(log) == ["", ""]
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), fatigue=1)
    saved = [
        '<span class="recorded">(saved: all none)</span>',
        '<span class="recorded">(saved: tiredness mild)</span>',
    ]
    assert headings(client.get(url(plan)).content.decode()) == saved
    log = client.get(f"/plans/{plan.public_id}/log/?day=2026-03-05").content.decode()
    assert headings(log) == saved
    # Sent with an error, the heading still says what is saved, not what was sent.
    refused = client.post(url(plan), form_data(erythema=3, fatigue=2, note="x" * 2001))
    assert refused.status_code == 400
    assert headings(refused.content.decode()) == saved


@pinned
def test_a_too_long_note_is_a_form_error(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.post(url(plan), form_data(note="x" * 2001)).status_code == 400
    assert not SymptomEntry.objects.exists()


@pinned
@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_note_the_browser_allows_is_kept_whatever_its_line_breaks(client, owner, newline):
    """The textarea's maxlength (2000) counts a line break as one character, but browsers
    send CRLF: 2,000 characters over 118 lines were refused "(it has 2117)". Saved with LF."""
    plan = make_plan(owner)
    client.force_login(owner)
    lines = ["y" * 15] * 117 + ["z" * 128]  # 1,883 characters and 117 line breaks: 2,000
    assert len("\n".join(lines)) == 2000
    response = client.post(url(plan), form_data(note=newline.join(lines)))
    assert response.status_code == 302
    assert SymptomEntry.objects.get().note == "\n".join(lines)


@pinned
def test_a_note_over_the_limit_with_line_breaks_is_still_refused(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(url(plan), form_data(note="\r\n".join(["y" * 15] * 126)))
    assert response.status_code == 400  # 1,890 characters and 125 line breaks: 2,015
    assert "at most 2000 characters (it has 2015)" in response.content.decode()


@pinned
@pytest.mark.parametrize("day", ["2026-03-01", "2026-06-22", "2025-03-05"])
def test_a_day_outside_the_course_is_not_found(client, owner, day):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan, day)).status_code == 404
    assert client.post(url(plan, day), form_data()).status_code == 404
    assert not SymptomEntry.objects.exists()


@pinned
def test_a_day_that_has_not_come_yet_is_not_found(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan, "2026-03-20")).status_code == 200
    assert client.post(url(plan, "2026-03-21"), form_data()).status_code == 404


@pinned
@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "5-3-2026", "today"])
def test_a_malformed_or_impossible_date_is_not_found(client, owner, day):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan, day)).status_code == 404


@time_machine.travel(dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC), tick=False)
def test_today_is_the_day_in_the_plans_time_zone(client, owner):
    # Noon UTC on 5 March is already 6 March in Auckland.
    plan = make_plan(owner, timezone="Pacific/Auckland")
    client.force_login(owner)
    assert client.post(url(plan, "2026-03-06"), form_data()).status_code == 302
    assert client.post(url(plan, "2026-03-07"), form_data()).status_code == 404


@pinned
def test_it_checks_the_csrf_token(owner):
    plan = make_plan(owner)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert browser.post(url(plan), form_data()).status_code == 403
    assert not SymptomEntry.objects.exists()
    browser.get(url(plan))
    token = browser.cookies["csrftoken"].value
    response = browser.post(url(plan), {**form_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert SymptomEntry.objects.filter(plan=plan).count() == 1


@pinned
def test_another_user_gets_404_and_saves_nothing(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404
    assert client.post(url(plan), form_data(erythema=3)).status_code == 404
    assert not SymptomEntry.objects.exists()


@pinned
def test_anonymous_users_are_sent_to_log_in(client, owner):
    plan = make_plan(owner)
    for response in (client.get(url(plan)), client.post(url(plan), form_data())):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    assert not SymptomEntry.objects.exists()


@pinned
def test_other_methods_are_not_allowed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.delete(url(plan)).status_code == 405


@pinned
def test_entries_of_two_plans_on_the_same_day_stay_apart(client, owner):
    first, second = make_plan(owner), make_plan(owner, label="right hand")
    client.force_login(owner)
    client.post(url(first), form_data(erythema=1))
    client.post(url(second), form_data(erythema=3))
    assert first.symptom_entries.get().erythema == 1
    assert second.symptom_entries.get().erythema == 3
    other = make_user("carol")
    assert not SymptomEntry.objects.filter(plan__user=other).exists()
