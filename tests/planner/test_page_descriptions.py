"""What a search result or a shared link shows under a public page's title: its meta
description (Lighthouse's SEO audit found none on any page)."""

import re

import pytest

pytestmark = pytest.mark.usefixtures("catalogue")


def description(client, path: str) -> str:
    body = client.get(path).content.decode()
    found = re.findall(r'<meta name="description" content="([^"]*)">', body)
    assert len(found) == 1, path
    return found[0]


def test_the_public_pages_describe_themselves_and_say_they_are_not_advice(client):
    pages = ["/", "/regimens/", "/regimens/aldara-ak/", "/regimens/aldara-ak-eu/"]
    texts = {path: description(client, path) for path in pages}
    assert len(set(texts.values())) == len(pages)  # each its own
    assert all(text.endswith("An educational aid, not medical advice.") for text in texts.values())
    assert texts["/regimens/aldara-ak/"].startswith(
        "Aldara 5%: Actinic keratosis: how often and for how long to apply it by the US label,"
    )
    assert texts["/regimens/aldara-ak-eu/"].startswith(
        "Aldara 5%: Actinic keratosis (EU/UK): how often and for how long to apply it by the "
        "EU/UK label,"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/questions/why-red/",
        "/questions/allergic-reaction/",
        "/regimens/about-imiquimod/",
        "/editorial-policy/",
    ],
)
def test_each_education_page_is_described_by_its_own_title(client, path):
    title = re.search(r"<h1>([^<]*)</h1>", client.get(path).content.decode())[1]
    text = description(client, path)
    assert text.startswith(title) and text.endswith("An educational aid, not medical advice.")
