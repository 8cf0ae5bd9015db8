"""The two additions education Markdown has over plain Markdown, in one place:

- `{patient words|carer words}`: the same sentence for someone who uses the cream ("you")
  and for a carer ("the person you care for"); professionals read the patient wording. The
  regimen pages' own sections (a rule version's apply_steps, side_effects, ...) use it too;
- `[@key]`: a citation of a Reference, numbered per page in order of first citation and
  linked to that page's references list (`#ref-<n>`).

Pure text functions; `render` hands the result to regimens.content for Markdown and nh3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from regimens import content

VARIANT = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")
CITATION = re.compile(r"\[@([a-z0-9_-]+)\]")
CARER = "carer"


def choose(text: str, reader: str) -> str:
    """`text` with each {patient|carer} pair resolved for `reader`."""
    side = 2 if reader == CARER else 1
    return VARIANT.sub(lambda match: match.group(side), text or "")


def for_patient(text: str) -> str:
    """The wording of the person using the cream: what calendars, emails and the "what
    changed" notes give, as they speak to that person."""
    return choose(text, "patient")


def patient_changes(changes: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """regimens.versions.field_changes() rows in the patient's wording; a change to the
    carer's wording only is no change for them."""
    worded = [(label, for_patient(old), for_patient(new)) for label, old, new in changes]
    return [(label, old, new) for label, old, new in worded if old != new]


def cited_keys(text: str) -> list[str]:
    """The reference keys `text` cites, first citation first, each once."""
    return list(dict.fromkeys(CITATION.findall(text or "")))


def uncited(text: str) -> str:
    return CITATION.sub("", text or "")


def search_text(title: str, body: str) -> str:
    """Title and body in the patient's and the carer's wording, citations left out."""
    parts = [choose(part, reader) for reader in ("patient", CARER) for part in (title, body)]
    return uncited("\n".join(parts))


def problems(text: str) -> list[str]:
    """What makes `text` unusable: braces that are not a {patient|carer} pair."""
    rest = VARIANT.sub("", text or "")
    if "{" in rest or "}" in rest:
        return [
            "Braces are only for {patient words|carer words} pairs: one '|' in each, no nesting."
        ]
    return []


@dataclass
class Numbering:
    """One page's citation numbers: a key's number is its place in order of first citation,
    counted from `first` (after the rule's own sources on a regimen page)."""

    first: int = 1
    keys: list[str] = field(default_factory=list)

    def number(self, key: str) -> int:
        if key not in self.keys:
            self.keys.append(key)
        return self.first + self.keys.index(key)


def render(text: str, reader: str, numbering: Numbering, top: int = 3) -> SafeString:
    """Markdown for `reader`, each [@key] as a link [n] to the page's references list; its
    headings start at level `top`."""

    def link(match: re.Match) -> str:
        number = numbering.number(match.group(1))
        return f"[[{number}]](#ref-{number})"

    return content.render(CITATION.sub(link, choose(text, reader)), top)
