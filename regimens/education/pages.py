"""What an education page shows for one reader: the wording, the numbered references, the
related questions and the editorial standing. Each function costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.safestring import SafeString

from regimens.education import review, wording
from regimens.education.models import EntryVersion, Reader, ReferenceVersion


@dataclass(frozen=True)
class Standing:
    """A page's editorial standing, as readers see it."""

    status: str
    last_reviewed: dt.date | None
    approved_by: str  # a role, never a name


@dataclass(frozen=True)
class Cited:
    number: int
    key: str
    reference: ReferenceVersion | None  # its approved version; None: none approved


@dataclass(frozen=True)
class Presented:
    version: EntryVersion
    title: str
    body: SafeString
    clinician: SafeString | None  # professionals only
    references: list[Cited]
    standing: Standing


def present(
    version: EntryVersion,
    reader: str,
    *,
    with_body: bool = True,
    body_top: int = 3,
    first_number: int = 1,
) -> Presented:
    """`version` worded for `reader`; one query (the references it cites). Without its body
    (a regimen page's professional section), the numbers start with the clinical part. The
    body's headings start at `body_top`: 2 on a page of its own, under its h1. Its references
    are numbered from `first_number`: a regimen page numbers the rule's sources first."""
    numbering = wording.Numbering(first=first_number)
    body = SafeString()
    if with_body:
        body = wording.render(version.body, reader, numbering, top=body_top)
    clinician = None
    if reader == Reader.PROFESSIONAL and version.clinician.strip():
        clinician = wording.render(version.clinician, reader, numbering)
    return Presented(
        version=version,
        title=wording.choose(version.title, reader),
        body=body,
        clinician=clinician,
        references=references(numbering),
        standing=standing_of(version),
    )


def references(numbering: wording.Numbering) -> list[Cited]:
    """The cited keys' approved text, in citation order: a draft or a version in review never
    reaches a page (one query, none when nothing is cited)."""
    found = {}
    if numbering.keys:
        approved = ReferenceVersion.objects.approved().select_related("reference")
        found = {v.key: v for v in approved.filter(reference__key__in=numbering.keys)}
    numbered = enumerate(numbering.keys, start=numbering.first)
    return [Cited(n, key, found.get(key)) for n, key in numbered]


def standing_of(version: EntryVersion) -> Standing:
    return Standing(version.get_status_display(), version.last_reviewed, version.reviewer_role)


def standing_of_rule(rule) -> Standing:
    """A regimen page's standing, from its rule version (one query when a user approved it)."""
    if rule.reviewed_by_id:
        role = review.role_of(rule.reviewed_by)
    else:
        role = review.SEED_ROLE if rule.status in ("approved", "retired") else ""
    return Standing(rule.get_status_display(), rule.last_reviewed, role)


def approved(kind: str, slug: str) -> EntryVersion | None:
    versions = EntryVersion.objects.approved().select_related("entry")
    return versions.filter(entry__kind=kind, entry__slug=slug).first()


def approved_questions():
    return EntryVersion.objects.approved().questions().select_related("entry")


def question_titles():
    """The approved questions, read for a list of links: their answers are left in the table."""
    return approved_questions().only("title", "indications", "symptoms", "entry__slug")


def related_questions(version: EntryVersion, reader: str) -> list[tuple[str, str]]:
    """(slug, title) of the approved related questions, in the order listed; one query."""
    slugs = version.list_of("related")
    if not slugs:
        return []
    found = {q.entry.slug: q for q in question_titles().filter(entry__slug__in=slugs)}
    return [(slug, wording.choose(found[slug].title, reader)) for slug in slugs if slug in found]


def questions_for_indication(indication: str, reader: str) -> list[tuple[str, str]]:
    """The approved questions that fit a regimen's indication (or every one); one query."""
    return [
        (q.entry.slug, wording.choose(q.title, reader))
        for q in question_titles()
        if not q.indications or indication in q.list_of("indications")
    ]


def questions_for_symptoms(items: set[str], reader: str) -> list[tuple[str, str]]:
    """The approved questions about any of the logged `items`; one query, none for none."""
    if not items:
        return []
    return [
        (q.entry.slug, wording.choose(q.title, reader))
        for q in question_titles().exclude(symptoms="")
        if items & set(q.list_of("symptoms"))
    ]


def search(text: str):
    """Approved questions whose title or answer holds `text` (any wording), in list order."""
    return approved_questions().filter(
        Q(title__icontains=text) | Q(body__icontains=text) | Q(search_text__icontains=text)
    )
