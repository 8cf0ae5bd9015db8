"""The education pages: /regimens/, /regimens/<slug>/ and /regimens/<slug>/v<n>/."""

import re

import pytest
from review_roles import make_reviewer

from factories import approved_rule
from regimens import versions
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
SECTIONS = [
    "The schedule in plain words",
    "How to apply",
    "What to expect and when",
    "Side effects and when to call a clinician",
    "Missed doses",
    "Precautions",
    "Interactions",
    "How it works",
    "Frequently asked questions",
    "Sources and review",
]


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_groups_approved_regimens_by_indication(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # the approved versions with their regimens
        body = page(client, "/regimens/")
    headings = re.findall(r"<h2 id=\"indication-\d\">(.*?)</h2>", body)
    assert headings == [
        "Actinic keratosis",
        "Superficial basal cell carcinoma",
        "External genital and perianal warts",
    ]
    assert len(re.findall(r'href="/regimens/[a-z0-9-]+/"', body)) == 9
    assert 'href="/regimens/zyclara-ak-2-5/"' in body


def test_the_list_leaves_out_a_retired_regimen(client):
    versions.retire(approved_rule("aldara-sbcc"), user=make_reviewer("retirer"))
    body = page(client, "/regimens/")
    assert "/regimens/aldara-sbcc/" not in body


def test_a_regimen_page_has_every_section_in_order(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # the approved version with its regimen
        body = page(client, "/regimens/aldara-ak/")
    headings = re.findall(r"<h2 id=\"[a-z-]+\">(.*?)</h2>", body)
    assert headings == SECTIONS
    assert "<h1>Aldara 5%: Actinic keratosis</h1>" in body
    assert body.index("<h1>") < body.index("<h2")


def test_a_regimen_page_gives_the_schedule_in_plain_words(client):
    body = page(client, "/regimens/aldara-ak/")
    assert "Twice a week, at least 3 days apart, for example Monday and Thursday (label)." in body
    assert "16 weeks (112 days): 32 applications if none are missed (label)." in body
    assert "Leave the cream on for about 8 hours, then wash it off (label)." in body
    assert "The planner suggests 22:00" in body
    assert "1 packet per application; boxes of 12 or 24." in body
    assert "25 cm²" in body and "For adults (label)." in body


def test_cycles_contact_ranges_and_until_cleared_are_worded(client):
    zyclara = page(client, "/regimens/zyclara-ak-3-75/")
    assert "Once a day, every day (label)." in zyclara
    sbcc = page(client, "/regimens/aldara-sbcc/")
    assert "Five times a week, never twice on one day, for example Monday, Tuesday," in sbcc
    assert (
        "2 weeks (14 days) of treatment, then 2 weeks (14 days) without cream, "
        "then 2 weeks (14 days) of treatment (label)." in zyclara
    )
    warts = page(client, "/regimens/aldara-egw/")
    assert "at least 2 days apart, for example Monday, Wednesday and Friday (label)." in warts
    assert "Until the treated area has cleared, for at most 16 weeks (112 days)" in warts
    assert "Leave the cream on for 6 to 10 hours (usually 8)" in warts


def test_a_regimen_page_says_when_to_get_emergency_help(client):
    body = page(client, "/regimens/aldara-ak/")
    assert "<strong>Get emergency help</strong> if breathing becomes difficult" in body


def test_sources_are_numbered_with_the_review_date_and_status(client):
    body = page(client, "/regimens/aldara-ak/")
    assert '<ol class="sources">' in body
    assert len(re.findall(r'<li id="source-\d+">', body)) == 7
    assert '<li id="source-1">Aldara (imiquimod) cream 5% US prescribing information' in body
    assert 'Last reviewed: <time datetime="2026-12-07">7 December 2026</time>.' in body
    assert "Review status: Approved (version 1)." in body


def test_education_markdown_is_rendered(client):
    body = page(client, "/regimens/aldara-ak/")
    assert "<ol>\n<li>Shortly before your normal sleeping hours" in body
    assert "<strong>Why only twice a week?</strong>" in body


def test_script_in_a_rule_does_not_reach_the_page(client):
    rule = approved_rule("aldara-ak")
    rule.side_effects = (
        "Itching.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[more](javascript:alert(3))"
    )
    rule.save()
    body = page(client, "/regimens/aldara-ak/")
    assert "alert(" not in body
    assert "<script" not in body and "onerror" not in body and "javascript:" not in body
    assert "Itching." in body


def test_an_unknown_regimen_is_404(client):
    assert client.get("/regimens/no-such-cream/").status_code == 404


def test_a_regimen_without_an_approved_version_is_404(client):
    versions.retire(approved_rule("aldara-ak"), user=make_reviewer("retirer"))
    assert client.get("/regimens/aldara-ak/").status_code == 404


def test_an_older_version_stays_readable_and_points_to_the_current_one(client):
    edited = approved_rule()
    edited.timing_note = "Changed."
    draft = versions.submit_for_review(versions.save_as_new_version(edited))
    versions.approve(draft, user=make_reviewer())
    body = page(client, "/regimens/aldara-ak/v1/")
    assert "This is version 1 of this regimen (retired)" in body
    assert 'The current version is <a href="/regimens/aldara-ak/">version 2</a>.' in body
    assert "Changed." in page(client, "/regimens/aldara-ak/v2/")


def test_a_draft_version_is_not_public(client):
    draft = versions.save_as_new_version(approved_rule())
    assert client.get(f"/regimens/aldara-ak/v{draft.version}/").status_code == 404
    assert client.get("/regimens/aldara-ak/v99/").status_code == 404


def test_a_draft_retired_without_approval_is_not_public_either(client):
    """Retired, but never reviewed: its text is no approved version's."""
    draft = versions.save_as_new_version(approved_rule())
    versions.retire(draft)
    assert client.get(f"/regimens/aldara-ak/v{draft.version}/").status_code == 404
    versions.retire(approved_rule("aldara-ak"), user=make_reviewer("retirer"))
    assert client.get("/regimens/aldara-ak/v1/").status_code == 200  # once approved: kept


def test_a_version_with_plans_stays_readable_without_an_approval_record(client, owner):
    """Approved before approved_digest was kept (an older database): its plans link here."""
    from factories import make_plan

    rule = approved_rule()
    make_plan(owner)
    make_plan(owner)  # two plans: still one page
    RuleVersion.objects.filter(pk=rule.pk).update(approved_digest="", status="retired")
    assert client.get("/regimens/aldara-ak/v1/").status_code == 200


def test_the_pages_use_no_javascript(client):
    for url in ("/regimens/", "/regimens/aldara-ak/"):
        assert "<script" not in page(client, url)


def test_sources_show_by_their_titles_not_their_file_names(client):
    body = page(client, "/regimens/aldara-ak/")
    sources = body[
        body.index('<ol class="sources">') : body.index("</ol>", body.index('<ol class="sources">'))
    ]
    assert "Imiquimod overview: mechanism, use, side effects and interactions" in sources
    assert "seed:" not in sources and ".txt" not in sources


def test_every_regimen_says_whose_label_it_follows(client):
    body = page(client, "/regimens/")
    assert body.count("Label: US: FDA prescribing information.") == 6
    assert body.count("Label: EU/UK: summary of product characteristics (SmPC).") == 3
    for slug in ("aldara-ak", "aldara-ak-eu"):
        assert "<dt>Label</dt>" in page(client, f"/regimens/{slug}/")
    eu = page(client, "/regimens/aldara-ak-eu/")
    assert "<h1>Aldara 5%: Actinic keratosis (EU/UK)</h1>" in eu
    assert "Label: <strong>EU/UK: summary of product characteristics (SmPC)</strong>." in eu


def test_within_an_indication_the_us_label_comes_first_unless_the_profile_says_otherwise(
    client, owner
):
    from planner.accounts.models import Profile

    def ak_order() -> list[str]:
        body = page(client, "/regimens/")
        return re.findall(r'href="/regimens/(aldara-ak[a-z-]*)/"', body)

    assert ak_order() == ["aldara-ak", "aldara-ak-eu"]
    client.force_login(owner)
    Profile.objects.create(user=owner, region="eu-uk")
    assert ak_order() == ["aldara-ak-eu", "aldara-ak"]


def test_the_eu_ak_page_words_its_assessment_and_second_course(client):
    body = page(client, "/regimens/aldara-ak-eu/")
    assert "Three times a week, at least 2 days apart, for example Monday, Wednesday" in body
    assert "4 weeks (28 days): 12 applications if none are missed (EU package leaflet)." in body
    assert (
        "After the course, 4 weeks without treatment, then an assessment (EU package leaflet). "
        "Cleared: the "
        "treatment is over. Not cleared: one more course of 4 weeks, on the same days, "
        "from the day the result is recorded; its end is fixed then." in body
    )
    assert "<dt>Assessment</dt>" not in page(client, "/regimens/aldara-ak/")
    assert "For adults only: the EU SmPC" in page(client, "/regimens/aldara-egw-eu/")
