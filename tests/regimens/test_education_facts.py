"""Each regimen page and question says what its own sources say: no sentence copied from
another regimen's page that does not fit this one (cycles, limits), no advice the sources do
not give, and every fact cited to the document it was read in (../shared/regimens.md)."""

import re

import pytest
from education_kit import as_reader, page

from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
READERS = ("patient", "carer", "professional")
SLUGS = (
    "aldara-ak",
    "aldara-sbcc",
    "aldara-egw",
    "zyclara-ak-3-75",
    "zyclara-ak-2-5",
    "zyclara-egw",
    "aldara-ak-eu",
    "aldara-sbcc-eu",
    "aldara-egw-eu",
)


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
    assert "does not extend the 8-week limit [1]" in body
    assert "neither two-week cycle" not in body.lower()
