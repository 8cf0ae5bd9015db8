"""Shared by the education tests: reading pages as a reader, and a draft of a question."""

import re

from regimens.education.models import Entry, EntryVersion

REF_LINK = re.compile(r'href="#ref-(\d+)"')
REF_ITEM = re.compile(r'<li id="ref-(\d+)">(.*?)</li>', re.S)
SOURCE_ITEM = re.compile(r'<li id="source-(\d+)">')


def as_reader(client, reader: str) -> None:
    """Choose as the reader form does (a visitor's cookie, or a signed-in person's profile)."""
    response = client.post("/reader/", {"reader": reader, "next": "/questions/"})
    assert response.status_code == 302


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_references_resolve(body: str) -> None:
    """Every [n] links to an item n of the list, which names a source; numbers run on with no
    gap (from 1, or on a regimen page from after the rule's own sources)."""
    cited = {int(n) for n in REF_LINK.findall(body)}
    items = {int(n): text for n, text in REF_ITEM.findall(body)}
    assert cited <= set(items), cited - set(items)
    first = 1 + len(SOURCE_ITEM.findall(body))
    assert sorted(items) == list(range(first, first + len(items)))
    assert all(text.strip() and "Missing reference" not in text for text in items.values())


def approved(kind: str, slug: str) -> EntryVersion:
    return EntryVersion.objects.approved().get(entry__kind=kind, entry__slug=slug)


def make_draft_question(slug="new-question", **fields) -> EntryVersion:
    entry = Entry.objects.create(kind=Entry.Kind.QUESTION, slug=slug)
    values = {"title": "Is this a draft question?", "body": "A draft answer [@seed-002]."}
    values.update(fields)
    version = EntryVersion(entry=entry, version=1, **values)
    version.full_clean()
    version.save()
    return version
