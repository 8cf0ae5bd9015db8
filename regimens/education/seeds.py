"""`seeds/education/`: the education content as files, read into versions and written back.

- `references.toml`: one `[[reference]]` table per source (key, title, source, url, note,
  and once reviewed in the admin its last_reviewed and approved_by): its approved version;
- `pages/`, `regimens/` and `questions/`: one Markdown file per entry, named by its slug:
  TOML front matter between `+++` lines, the body, then (if any) the professionals' part
  after a `<!-- for healthcare professionals -->` line.

Loading is idempotent and, like the rules' (regimens/catalogue.py), keeps staff edits unless
forced: an entry or reference whose latest version was edited in the admin is reported, not
overwritten. What is loaded is approved (by the editorial team, unless the file names a role).
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from regimens.education import review
from regimens.education.models import Entry, EntryVersion, Reference, ReferenceVersion
from regimens.reviewed import reviewed_again

SEED_DIR = Path(settings.BASE_DIR) / "seeds" / "education"
FOLDERS = {
    "pages": Entry.Kind.PAGE,
    "regimens": Entry.Kind.REGIMEN,
    "questions": Entry.Kind.QUESTION,
}
FENCE = "+++"
CLINICIAN_MARK = "<!-- for healthcare professionals -->"
LISTS = ("symptoms", "indications", "related")
REFERENCE_FIELDS = ("key", *review.REFERENCE_FIELDS)
REFERENCE_KIND = "reference"  # a SeedEntry's kind for a reference (slug: its key)
REFERENCES_HEADER = """\
# Imiquimod Planner: the sources education content cites as [@key]; each page numbers the
# ones it cites. Written by `manage.py dumpeducation`; loaded by `manage.py loadeducation`.
"""


@dataclass(frozen=True)
class SeedEntry:
    kind: str  # an Entry.Kind, or REFERENCE_KIND
    slug: str  # or a reference's key
    fields: dict  # the version's content fields
    last_reviewed: dt.date | None
    approved_by: str


# Reading ------------------------------------------------------------------------------------


def read_references(folder: Path = SEED_DIR) -> list[dict]:
    with open(folder / "references.toml", "rb") as handle:
        return tomllib.load(handle)["reference"]


def read_entries(folder: Path = SEED_DIR) -> list[SeedEntry]:
    return [
        parse(path.read_text(encoding="utf-8"), kind=kind, slug=path.stem)
        for name, kind in FOLDERS.items()
        for path in sorted((folder / name).glob("*.md"))
    ]


def parse(text: str, *, kind: str, slug: str) -> SeedEntry:
    """One entry file -> its fields; ValueError when it is not in the format."""
    opening, sep, rest = text.partition(f"\n{FENCE}\n")
    if not opening.startswith(FENCE) or not sep:
        raise ValueError(f"{kind} {slug}: no front matter between {FENCE} lines")
    meta = tomllib.loads(opening.removeprefix(FENCE))
    body, _, clinician = rest.partition(CLINICIAN_MARK)
    fields = {
        "title": meta["title"],
        "body": body.strip(),
        "clinician": clinician.strip(),
        "position": int(meta.get("position", 100)),
        **{name: ",".join(meta.get(name, [])) for name in LISTS},
    }
    reviewed = _date(meta.get("last_reviewed"))
    return SeedEntry(kind, slug, fields, reviewed, meta.get("approved_by", review.SEED_ROLE))


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


# Loading ------------------------------------------------------------------------------------


def reference_seed(table: dict) -> SeedEntry:
    """A `[[reference]]` table as a seed, loaded as entries are (load_entry)."""
    fields = {name: table.get(name, "") for name in review.REFERENCE_FIELDS}
    return SeedEntry(
        REFERENCE_KIND,
        table["key"],
        fields,
        _date(table.get("last_reviewed")),
        table.get("approved_by", review.SEED_ROLE),
    )


@transaction.atomic
def load_references(tables: list[dict], *, force: bool = False) -> dict[str, str]:
    """key -> 'added', 'unchanged', 'updated', 'reviewed again' (its date alone moved) or 'kept'
    (edited in the admin; not forced)."""
    outcomes = {}
    for seed in map(reference_seed, tables):
        reference, _ = Reference.objects.get_or_create(key=seed.slug)
        outcomes[seed.slug] = load_entry(reference, seed, force=force)
    return outcomes


@transaction.atomic
def load_entries(seeds: list[SeedEntry], *, force: bool = False) -> list[tuple[SeedEntry, str]]:
    """Every identity first (related questions may come later in the list), then versions."""
    identities = {
        (seed.kind, seed.slug): Entry.objects.get_or_create(kind=seed.kind, slug=seed.slug)[0]
        for seed in seeds
    }
    return [
        (seed, load_entry(identities[seed.kind, seed.slug], seed, force=force)) for seed in seeds
    ]


def load_entry(entry: Entry | Reference, seed: SeedEntry, *, force: bool = False) -> str:
    if seed.kind == Entry.Kind.REGIMEN and not _regimen_exists(seed.slug):
        return "skipped (no such regimen)"  # a smaller catalogue, as some tests load
    latest = entry.versions.order_by("-version").first()
    if latest is None:
        _approved_version(entry, seed, number=1)
        return "added"
    current = entry.versions.approved().first() or latest
    changed = differences(current, seed)
    if not changed:
        return "unchanged"
    if latest.origin == EntryVersion.Origin.ADMIN and not force:
        return "kept"
    if reviewed_again(current, changed, seed.last_reviewed):
        return "reviewed again"
    entry.versions.approved().update(status=EntryVersion.Status.RETIRED)
    _approved_version(entry, seed, number=latest.version + 1)
    return "updated"


def _regimen_exists(slug: str) -> bool:
    from regimens.models import Regimen  # regimens.models imports this package's models

    return Regimen.objects.filter(slug=slug).exists()


def differences(version: EntryVersion | ReferenceVersion, seed: SeedEntry) -> list[str]:
    changed = [name for name, value in seed.fields.items() if getattr(version, name) != value]
    if version.last_reviewed != seed.last_reviewed:
        changed.append("last_reviewed")
    return changed


def _approved_version(entry: Entry | Reference, seed: SeedEntry, *, number: int):
    model = entry.versions.model
    version = model(
        **{review.VERSIONED[model][0]: entry},
        version=number,
        status=EntryVersion.Status.APPROVED,
        origin=EntryVersion.Origin.SEED,
        last_reviewed=seed.last_reviewed,
        reviewer_role=seed.approved_by,
        **seed.fields,
    )
    try:
        version.full_clean()
    except ValidationError as exc:
        raise ValidationError(f"{seed.kind} {seed.slug}: {'; '.join(exc.messages)}") from exc
    version.save()
    version.approved_digest = review.content_digest(version)
    version.save(update_fields=["approved_digest"])
    return version


# Writing ------------------------------------------------------------------------------------


def toml_value(item) -> str:
    """The few TOML values the files use; a JSON string is a TOML basic string."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, list):
        return "[" + ", ".join(toml_value(part) for part in item) + "]"
    return json.dumps(str(item), ensure_ascii=False)


def entry_text(version: EntryVersion) -> str:
    meta = {
        "title": version.title,
        **{name: version.list_of(name) for name in LISTS},
        "position": version.position,
        "last_reviewed": version.last_reviewed.isoformat() if version.last_reviewed else "",
        "review_status": version.status,
        "approved_by": version.reviewer_role,
    }
    front = "".join(f"{name} = {toml_value(value)}\n" for name, value in meta.items())
    text = f"{FENCE}\n{front}{FENCE}\n\n{version.body}\n"
    if version.clinician:
        text += f"\n{CLINICIAN_MARK}\n\n{version.clinician}\n"
    return text


def references_text(versions) -> str:
    """The approved reference versions as `[[reference]]` tables; the review date and role
    only when a review in the admin set them (the seeds' own are the editorial team's)."""
    tables = []
    for version in versions:
        values = {name: getattr(version, name) for name in REFERENCE_FIELDS}
        if version.last_reviewed:
            values["last_reviewed"] = version.last_reviewed.isoformat()
        if version.reviewer_role != review.SEED_ROLE:
            values["approved_by"] = version.reviewer_role
        lines = "".join(f"{name} = {toml_value(value)}\n" for name, value in values.items())
        tables.append(f"\n[[reference]]\n{lines}")
    return REFERENCES_HEADER + "".join(tables)


def dump(folder: Path) -> int:
    """Write the references and every approved entry under `folder`; returns the entries."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "references.toml").write_text(
        references_text(
            ReferenceVersion.objects.approved()
            .select_related("reference")
            .order_by("reference__key")
        ),
        encoding="utf-8",
    )
    versions = EntryVersion.objects.approved().select_related("entry")
    names = {kind: name for name, kind in FOLDERS.items()}
    for version in versions:
        path = folder / names[version.entry.kind] / f"{version.entry.slug}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(entry_text(version), encoding="utf-8")
    return len(versions)
