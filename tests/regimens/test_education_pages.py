"""The education pages: /regimens/about-imiquimod/, /editorial-policy/, /questions/ (one
search box), /questions/<slug>/, the staff preview, and the reader's choice on each."""

import re

import pytest
from django.contrib.auth.models import Permission
from education_kit import (
    REF_ITEM,
    SOURCE_ITEM,
    approved,
    as_reader,
    assert_references_resolve,
    make_draft_question,
    page,
)

from factories import make_user
from planner.accounts.models import Profile
from regimens.education import reader, review
from regimens.education.models import Entry, EntryVersion

pytestmark = pytest.mark.usefixtures("catalogue")
READERS = ("patient", "carer", "professional")


def public_urls() -> list[str]:
    questions = EntryVersion.objects.approved().filter(entry__kind=Entry.Kind.QUESTION)
    slugs = sorted(questions.values_list("entry__slug", flat=True))
    regimens = Entry.objects.filter(kind=Entry.Kind.REGIMEN).values_list("slug", flat=True)
    return [
        "/regimens/about-imiquimod/",
        "/editorial-policy/",
        *(f"/questions/{slug}/" for slug in slugs),
        *(f"/regimens/{slug}/" for slug in sorted(regimens)),
    ]


def test_the_general_page_asks_who_is_reading_on_a_first_visit(client):
    body = page(client, "/regimens/about-imiquimod/")
    assert "<h1>About imiquimod</h1>" in body
    assert "Which describes you?" in body
    for label in ("I use the cream", "I care for someone who does", "healthcare professional"):
        assert label in body
    assert "For healthcare professionals" not in body  # patients' wording until chosen


def test_each_page_shows_its_editorial_standing_by_role_with_the_policy(client):
    body = page(client, "/regimens/about-imiquimod/")
    assert "Review status: <strong>Approved</strong>" in body
    assert '<time datetime="2026-12-04">4 December 2026</time>' in body
    assert "Approved by: Editorial team" in body
    assert 'href="/editorial-policy/"' in body


def test_the_editorial_policy_says_how_content_is_written_sourced_and_reviewed(client):
    body = page(client, "/editorial-policy/")
    for heading in ("Where the facts come from", "How we write", "How we review"):
        assert heading in body
    assert "clinical reviewer" in body


def test_a_visitor_who_chooses_professional_gets_a_signed_lax_long_lived_cookie(client):
    response = client.post(
        "/reader/", {"reader": "professional", "next": "/regimens/about-imiquimod/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/regimens/about-imiquimod/"
    cookie = response.cookies[reader.COOKIE]
    assert cookie.value.startswith("professional:")  # signed: value, timestamp, signature
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
    assert cookie["max-age"] >= 365 * 24 * 3600


def test_the_professional_view_adds_the_clinician_content_with_references(client):
    as_reader(client, "professional")
    body = page(client, "/regimens/about-imiquimod/")
    assert "For healthcare professionals" in body
    for term in ("TLR7", "interferon-alpha", "TNF-alpha", "IL-12", "Pharmacokinetics"):
        assert term in body
    assert "Contraindications and interactions" in body
    assert "IL-6 and other individual interleukins are not named in our sources" in body
    assert_references_resolve(body)
    assert "Worded for: <strong>I&#x27;m a healthcare professional</strong>" in body


def test_a_carer_reads_about_the_person_they_care_for(client):
    patient = page(client, "/questions/missed-dose/")
    as_reader(client, "carer")
    carer = page(client, "/questions/missed-dose/")
    assert "<h1>What if I miss a dose?</h1>" in patient
    assert "<h1>What if the person I care for misses a dose?</h1>" in carer
    assert "{" not in re.sub(r"<script.*?</script>", "", carer)  # no markup left over


def test_a_forged_cookie_is_ignored(client):
    client.cookies[reader.COOKIE] = "professional"  # not signed
    body = page(client, "/regimens/about-imiquimod/")
    assert "For healthcare professionals" not in body
    assert "Which describes you?" in body


def test_a_signed_in_readers_choice_goes_to_their_profile(client, owner):
    client.force_login(owner)
    response = client.post("/reader/", {"reader": "carer", "next": "/questions/"})
    assert response.status_code == 302
    assert reader.COOKIE not in response.cookies
    assert Profile.objects.get(user=owner).reader == "carer"
    assert "Worded for: <strong>I care for someone who does</strong>" in page(client, "/questions/")


def test_a_choice_that_is_not_one_of_the_three_is_refused_with_a_message(client):
    response = client.post("/reader/", {"reader": "surgeon", "next": "/questions/"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = client.post("/reader/", {"next": "/questions/"})
    assert "Choose one of the three, then Show." in response.content.decode()


def test_the_choice_never_sends_the_reader_to_another_site(client):
    response = client.post("/reader/", {"reader": "carer", "next": "https://evil.example/"})
    assert response["Location"] == "/regimens/"


def test_choosing_is_a_post(client):
    assert client.get("/reader/").status_code == 405


def test_there_are_at_least_ten_questions_each_with_its_page(client):
    body = page(client, "/questions/")
    links = re.findall(r'href="(/questions/[a-z0-9-]+/)"', body)
    assert len(links) >= 10
    for title in ("What if I miss a dose?", "Can I shower or bathe with the cream on?",
                  "Why is my skin so red?", "Can I use it on another spot?",
                  "Can I put a plaster or bandage over it?", "What if I get flu-like symptoms?",
                  "Can I use it during pregnancy or while breastfeeding?",
                  "What if I get it in my eyes?", "Can I have sex with the cream on?",
                  "When will I see results?"):  # fmt: skip
        assert title in body, title


def test_the_search_box_finds_questions_by_title_or_answer(client):
    body = page(client, "/questions/?q=miss a dose")
    assert 'href="/questions/missed-dose/"' in body
    assert "1 question mentions" in body
    body = page(client, "/questions/?q=condoms")  # only in an answer
    assert 'href="/questions/sex/"' in body
    body = page(client, "/questions/?q=SUNSCREEN")
    assert 'href="/questions/sun/"' in body


def test_a_search_that_finds_nothing_says_so_clearly(client):
    body = page(client, "/questions/?q=zebra")
    assert "No question mentions “zebra”" in body
    assert not re.search(r'href="/questions/[a-z0-9-]+/"', body)  # no question listed


def test_a_search_too_long_is_refused_with_a_message(client):
    response = client.get("/questions/", {"q": "x" * 101})
    assert response.status_code == 400
    assert "Use at most 100 characters." in response.content.decode()


def test_every_page_for_every_reader_has_resolving_numbered_references(client):
    for who in READERS:
        client.cookies.clear()
        as_reader(client, who)
        for url in public_urls():
            body = page(client, url)
            if who != "patient" or "/questions/" in url or "about" in url:
                assert REF_ANY.search(body), (who, url)
            assert_references_resolve(body)


REF_ANY = re.compile(r'href="#ref-1"|id="source-1"')


def test_a_regimen_page_gives_each_bracket_number_one_source(client):
    """A regimen page has two lists: the carer's or professional's references and the rule's
    sources. [1] in one section meant the leaflet and in the next the label: the references
    now go on from the sources' last number, and the list says which number it starts at."""
    regimens = Entry.objects.filter(kind=Entry.Kind.REGIMEN).values_list("slug", flat=True)
    for who in ("carer", "professional"):
        client.cookies.clear()
        as_reader(client, who)
        for slug in regimens:
            body = page(client, f"/regimens/{slug}/")
            sources = [int(n) for n in SOURCE_ITEM.findall(body)]
            references = [int(n) for n, _ in REF_ITEM.findall(body)]
            assert sources and references, (who, slug)
            assert sorted(sources + references) == list(range(1, len(sources + references) + 1))
            assert f'<ol class="sources" start="{references[0]}">' in body, (who, slug)
            assert f"such as [{references[0]}]" in body, (who, slug)


def test_every_page_for_every_reader_goes_down_its_headings_one_level_at_a_time(client):
    """A screen reader lists a page by its headings: a page's own sections come under its h1
    as h2 (the general page's "How it works" was an h3), and the professionals' part under
    its h2 as h3."""
    for who in READERS:
        client.cookies.clear()
        as_reader(client, who)
        for url in public_urls():
            main = page(client, url).split("<main", 1)[1]
            levels = [int(level) for level in HEADING.findall(main)]
            assert levels[0] == 1, (who, url)
            steps = zip(levels, levels[1:], strict=False)
            assert all(after <= before + 1 for before, after in steps), (who, url, levels)


HEADING = re.compile(r"<h([1-6])\b")


def test_related_questions_link_to_approved_question_pages(client):
    body = page(client, "/questions/why-red/")
    related = body.split("Related questions")[1]
    links = re.findall(r'href="(/questions/[a-z0-9-]+/)"', related)
    assert "/questions/rest-period/" in links
    for link in links:
        page(client, link)


def test_a_question_never_approved_is_not_public(client, owner):
    make_draft_question()
    assert client.get("/questions/new-question/").status_code == 404
    client.force_login(owner)
    assert client.get("/questions/new-question/").status_code == 404
    assert "Is this a draft question?" not in page(client, "/questions/")


def test_an_edit_to_an_approved_question_stays_private_until_approved(client):
    current = approved(Entry.Kind.QUESTION, "shower")
    current.title = "A new title in draft"
    review.save_as_new_version(current)
    body = page(client, "/questions/shower/")
    assert "Can I shower or bathe with the cream on?" in body
    assert "A new title in draft" not in body


def staff(username: str, *, perms=("view_entryversion",)):
    user = make_user(username, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=perms))
    return user


def test_staff_preview_a_draft_as_readers_would_see_it(client):
    draft = make_draft_question()
    client.force_login(staff("editor"))
    body = page(client, f"/education/preview/{draft.pk}/")
    assert "<strong>Preview</strong> of version 1 (draft)" in body
    assert "Readers do not see it until it is approved." in body
    assert "Review status: <strong>Draft</strong>" in body


def test_the_preview_is_404_to_others_and_sends_visitors_to_log_in(client, owner):
    draft = make_draft_question()
    url = f"/education/preview/{draft.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(owner)
    assert client.get(url).status_code == 404
    client.force_login(make_user("staff-without-rights", is_staff=True))
    assert client.get(url).status_code == 404
    assert client.get("/education/preview/999999/").status_code == 404


def test_a_preview_is_never_cached(client):
    draft = make_draft_question()
    client.force_login(staff("editor"))
    response = client.get(f"/education/preview/{draft.pk}/")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_public_pages_vary_with_the_cookie_that_words_them(client):
    response = client.get("/questions/missed-dose/")
    assert "Cookie" in response["Vary"]
