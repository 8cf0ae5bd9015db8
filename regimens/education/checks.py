"""What an education version must satisfy before it is saved, submitted or approved.

The vocabularies it checks against live elsewhere (symptom items in planner/symptoms, the
indications and regimens in regimens.models), so they are read here, at call time.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from regimens.education import wording
from regimens.education.models import PAGE_URLS, Entry, EntryVersion, Reference

TEXT_FIELDS = ("title", "body", "clinician")


def validate_version(version: EntryVersion) -> None:
    errors: dict[str, list[str]] = {}
    for name in TEXT_FIELDS:
        if found := wording.problems(getattr(version, name)) + _unknown_keys(version, name):
            errors[name] = found
    for name, check in (("symptoms", _symptoms), ("indications", _indications)):
        if found := check(version.list_of(name)):
            errors[name] = [found]
    if found := _related(version):
        errors["related"] = [found]
    if found := _uncited(version):
        errors.setdefault("body", []).append(found)
    if found := _regimen(version):
        errors["entry"] = [found]
    if errors:
        raise ValidationError(errors)


def _unknown_keys(version: EntryVersion, name: str) -> list[str]:
    keys = wording.cited_keys(getattr(version, name))
    known = set(Reference.objects.filter(key__in=keys).values_list("key", flat=True))
    missing = [key for key in keys if key not in known]
    return [f"No reference has the key {', '.join(missing)}: add it first."] if missing else []


def _symptoms(items: list[str]) -> str:
    from planner.symptoms.models import ITEMS

    unknown = [item for item in items if item not in ITEMS]
    if not unknown:
        return ""
    return f"Not a side-effect log item: {', '.join(unknown)}. Use: {', '.join(ITEMS)}."


def _indications(items: list[str]) -> str:
    from regimens.models import RuleVersion

    values = RuleVersion.Indication.values
    unknown = [item for item in items if item not in values]
    if not unknown:
        return ""
    return f"Not an indication: {', '.join(unknown)}. Use: {', '.join(values)}."


def _related(version: EntryVersion) -> str:
    slugs = version.list_of("related")
    if version.entry_id and version.entry.slug in slugs:
        return "A page is not related to itself."
    questions = Entry.objects.filter(kind=Entry.Kind.QUESTION, slug__in=slugs)
    known = set(questions.values_list("slug", flat=True))
    missing = [slug for slug in slugs if slug not in known]
    return f"No question has the slug {', '.join(missing)}." if missing else ""


def _uncited(version: EntryVersion) -> str:
    """A question's answer stands on at least one source."""
    is_question = version.entry_id and version.entry.kind == Entry.Kind.QUESTION
    if is_question and not wording.cited_keys(version.body):
        return "An answer cites at least one reference, as [@key]."
    return ""


def _regimen(version: EntryVersion) -> str:
    """A regimen section belongs to a regimen; a page needs an address of its own."""
    from regimens.models import Regimen

    if not version.entry_id:
        return ""
    if version.entry.kind == Entry.Kind.PAGE and version.entry.slug not in PAGE_URLS:
        return f"A page is one of {', '.join(PAGE_URLS)}: another needs its own URL first."
    if version.entry.kind != Entry.Kind.REGIMEN:
        return ""
    exists = Regimen.objects.filter(slug=version.entry.slug).exists()
    return "" if exists else f"No regimen has the slug {version.entry.slug}."
