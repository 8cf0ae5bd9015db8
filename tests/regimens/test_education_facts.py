"""Each regimen page and question says what its own sources say: no sentence copied from
another regimen's page that does not fit this one (cycles, limits), no advice the sources do
not give, and every fact cited to the document it was read in (../shared/regimens.md)."""

import datetime as dt
import re

import pytest
import time_machine
from education_kit import as_reader, page

from factories import REGIMEN_SLUGS, make_plan
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
READERS = ("patient", "carer", "professional")
SLUGS = REGIMEN_SLUGS


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def read_as(client, reader: str, url: str) -> str:
    as_reader(client, reader)
    return text_of(page(client, url))


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_a_regimen_without_cycles_mentions_none_for_any_reader(client, slug, reader):
    rule = RuleVersion.objects.approved().get(regimen__slug=slug)
    body = read_as(client, reader, f"/regimens/{slug}/")
    if rule.cycles:
        assert "cycle" in body.lower()
    else:
        assert "cycle" not in body.lower()


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("slug", [slug for slug in SLUGS if slug.startswith("zyclara")])
def test_a_zyclara_page_cites_no_aldara_label(client, slug, reader):
    """The Zyclara regimens' precautions come from the Zyclara label (fact sheet section 2:
    'label' is the product's own), as their main text already cites it."""
    body = read_as(client, reader, f"/regimens/{slug}/")
    assert "Aldara (imiquimod) cream 5%: US prescribing information" not in body


def test_the_zyclara_warts_clinical_box_keeps_its_own_8_week_limit(client):
    body = read_as(client, "professional", "/regimens/zyclara-egw/")
    assert "A rest of several days is allowed for intense reactions" in body
    assert re.search(r"does not extend the 8-week limit \[\d+\]", body)
    assert "neither two-week cycle" not in body.lower()


LEAFLET = "Aldara 5% cream: EU package leaflet (Annex III of the EMA product information)"


def numbered(body: str, title: str) -> list[str]:
    """The numbers that the page's lists give `title` (one per list it is in)."""
    items = re.findall(r'<li id="(?:ref|source)-(\d+)">(.*?)</li>', body, re.S)
    return [n for n, text in items if title in text_of(text)]


@pytest.mark.parametrize("reader", READERS)
def test_the_eu_ak_schedule_is_cited_to_the_leaflet_it_was_read_in(client, reader):
    """seeds/README.md: the SmPC's own AK paragraph was never read; the schedule comes from
    the package leaflet (Annex III)."""
    as_reader(client, reader)
    html = page(client, "/regimens/aldara-ak-eu/")
    body = text_of(html)
    assert "normal sleeping hours and leave it on for about 8 hours (EU package leaflet)" in body
    assert "(EU SmPC)" not in body.split("Time of day")[1].split("Amount")[0]
    assert LEAFLET in body
    assert "The EU course comes in steps [7]" in body
    assert "The EU SmPC uses three times a week" not in body
    if reader == "professional":
        assert "three applications a week for 4 weeks, about 8 hours each, then 4 weeks off" in body
        assert re.search(r"one further 4-week course if lesions remain \[(\d)\]", body)
        number = re.search(r"one further 4-week course if lesions remain \[(\d)\]", body)[1]
        assert number in numbered(html, "EU package leaflet")


def test_the_us_ak_page_cites_the_leaflet_for_the_eu_schedule(client):
    body = read_as(client, "professional", "/regimens/aldara-ak/")
    assert LEAFLET in body


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)  # in its course
def test_the_side_effect_log_cites_the_seeds_not_the_label_for_the_mechanism(client, owner):
    plan = make_plan(owner, slug="aldara-ak-eu")
    client.force_login(owner)
    body = text_of(page(client, f"/plans/{plan.public_id}/log/"))
    assert "[1] your cream's product label, the EU/UK summary of product characteristics" in body
    assert "which bring inflammation to the treated skin [2][4]" in body
    assert "treated skin [1][2][4]" not in body


@pytest.mark.parametrize("reader", READERS)
def test_when_results_says_which_label_each_timing_belongs_to(client, reader):
    body = read_as(client, reader, "/questions/when-results/")
    assert "about 8 weeks after the last application for actinic keratosis" in body
    assert "trials behind the US Aldara label" in body
    assert "EU/UK regimen for actinic keratosis" in body
    assert "after 4 weeks without cream" in body
    assert "EU package leaflet (Annex III" in body


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)
def test_the_eu_ak_plan_pages_question_on_results_gives_the_eu_assessment_timing(client, owner):
    plan = make_plan(owner, slug="aldara-ak-eu")
    client.force_login(owner)
    html = page(client, f"/plans/{plan.public_id}/")
    assert '<a href="/questions/when-results/">When will I see results?</a>' in html
    answer = text_of(page(client, "/questions/when-results/"))
    assert (
        "EU/UK regimen for actinic keratosis, the skin is checked after 4 weeks without" in answer
    )


@pytest.mark.parametrize("reader", READERS)
def test_the_eyes_answer_adds_no_advice_the_sources_do_not_give(client, reader):
    body = read_as(client, reader, "/questions/eyes/")
    assert "urgent care" not in body and "sight changes" not in body
    assert "medical helpline" not in body
    assert "Our sources do not say what to do if some gets into an eye." in body
    assert "severe or unusual symptoms" in body
    assert "unusual or severe side effect [2]" in body


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_the_interactions_end_on_what_the_source_says(client, slug, reader):
    body = read_as(client, reader, f"/regimens/{slug}/")
    assert "still check before combining" not in body
    assert "Only a small amount of the cream reaches the rest of the body [5]." in body


@pytest.mark.parametrize("reader", READERS)
def test_the_eu_ak_page_does_not_explain_its_weeks_off_with_a_seed_that_never_mentions_them(
    client, reader
):
    body = read_as(client, reader, "/regimens/aldara-ak-eu/")
    assert "also why the EU course has weeks off" not in body
    assert "the inflammation is the immune response itself" in body


def test_the_editorial_policy_cites_the_four_source_pages_it_names(client):
    html = page(client, "/editorial-policy/")
    body = text_of(html)
    four = re.search(
        r"four source pages about imiquimod kept with the project ((?:\[\d\] ?)+)", body
    )
    numbers = re.findall(r"\d", four[1])
    items = dict(re.findall(r'<li id="ref-(\d+)">(.*?)</li>', html, re.S))
    titles = [text_of(items[n]) for n in numbers]
    assert len(titles) == 4
    assert all("label" not in title and "SmPC" not in title for title in titles), titles
    labels = re.search(r"labels\) of Aldara and Zyclara ((?:\[\d\] ?)+)", body)
    assert len(re.findall(r"\d", labels[1])) == 2


SCHEDULE_SOURCE = {
    "aldara-ak-eu": "EU package leaflet",
    "aldara-sbcc-eu": "EU SmPC",
    "aldara-egw-eu": "EU SmPC",
}


def schedule_rows(html: str) -> dict[str, str]:
    words = html[html.index('<dl class="schedule-words">') :]
    words = words[: words.index("</dl>")]
    return {k: text_of(v) for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", words, re.S)}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_rule_row_of_the_schedule_names_its_source(client, slug):
    """The fact sheet asks for the source beside each rule, as Amount's '(label)' does."""
    rows = schedule_rows(page(client, f"/regimens/{slug}/"))
    source = f"({SCHEDULE_SOURCE.get(slug, 'label')})"
    named = ["How often", "How long", "Contact time", "Treatment cycles", "Assessment"]
    for label in [label for label in named if label in rows]:
        first = rows[label].split(". ")[0]
        assert first.endswith(source) or first.endswith(f"{source}."), (label, rows[label])
    if "not added on" in rows["How long"]:
        fixed = "missed or rest days are not added on"
        rule = "label" if slug not in SCHEDULE_SOURCE else "US label"
        assert f"{fixed} ({rule})." in rows["How long"]
