"""Write the approved catalogue in the `seeds/regimens.toml` format.

Python's standard library reads TOML but cannot write it; the format needed here
(strings, numbers, booleans, arrays, inline tables and one sub-table) is small, so
it is written by hand rather than adding a dependency.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand

from regimens import catalogue
from regimens.jurisdictions import JurisdictionVersion
from regimens.models import ProductLimits, RuleVersion

HEADER = """\
# Imiquimod Planner: regimen catalogue, written by `manage.py dumpregimens` from the approved
# versions in the database. Load it with `manage.py loadregimens --file FILE`.
# Educational aid only, not medical advice.

schema_version = 1
"""
LINE = 100
# The seed file's key order, so a dump of an unchanged catalogue diffs cleanly against it.
KEY_ORDER = [
    *("slug", "product", "strength", "indication", "indication_label", "jurisdiction"),
    *("applications_per_week", "default_weekdays", "min_days_between", "course_days"),
    *("cap_days", "until_cleared", "cycles", "assessment_weeks_off", "repeat_course_weeks"),
    *("contact_hours_default", "contact_hours_min", "contact_hours_max", "default_time"),
    *("done_hours_before", "done_hours_after", "min_hours_between"),
    *("timing_note", "amount", "packets_per_application", "box_sizes", "area_note", "age_note"),
    *("followup_note", "followup_days_after", "sources", "last_reviewed", "review_status"),
]
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


class Command(BaseCommand):
    help = "Write the approved regimen catalogue in the seeds/regimens.toml format."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="File to write (default: stdout).")

    def handle(self, *args, output: Path | None, **options):
        rules = RuleVersion.objects.approved().select_related("regimen").order_by("regimen_id")
        limits = ProductLimits.objects.approved().select_related("product").order_by("product_id")
        places = JurisdictionVersion.objects.approved().select_related("jurisdiction")
        text = dump(
            [catalogue.version_to_seed(rule) for rule in rules],
            [catalogue.limits_to_seed(row) for row in limits],
            [catalogue.jurisdiction_to_seed(row) for row in places.order_by("jurisdiction_id")],
        )
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {len(rules)} regimens to {output}.")


def dump(entries: list[dict], limits: list[dict] = (), places: list[dict] = ()) -> str:
    """Jurisdictions first (loading a regimen needs its jurisdiction), then the rest."""
    tables = [flat_table("jurisdiction", entry) for entry in places]
    tables += [entry_table(entry) for entry in entries]
    tables += [flat_table("limits", entry) for entry in limits]
    return HEADER + "".join(tables)


def flat_table(name: str, entry: dict) -> str:
    """One `[[limits]]` or `[[jurisdiction]]` table, keys in the seed file's order."""
    lines = ["", f"[[{name}]]", *(f"{key(k)} = {value(v)}" for k, v in entry.items())]
    return "\n".join(lines) + "\n"


def entry_table(entry: dict) -> str:
    """One `[[regimen]]` table; its `education` dict becomes `[regimen.education]`."""
    fields = {name: entry[name] for name in _ordered(entry) if name != "education"}
    lines = ["", "[[regimen]]", *(f"{key(k)} = {value(v)}" for k, v in fields.items())]
    lines += ["", "[regimen.education]"]
    lines += [f"{key(k)} = {multiline(v)}" for k, v in entry.get("education", {}).items()]
    return "\n".join(lines) + "\n"


def _ordered(entry: dict) -> list[str]:
    known = [name for name in KEY_ORDER if name in entry]
    return known + [name for name in entry if name not in KEY_ORDER]


def key(name: str) -> str:
    return name if BARE_KEY.fullmatch(name) else string(name)


def value(item) -> str:
    if isinstance(item, bool):  # before int: bool is an int
        return "true" if item else "false"
    if isinstance(item, int | float):
        return repr(item)
    if isinstance(item, str):
        return string(item)
    if isinstance(item, list):
        return array(item)
    if isinstance(item, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items()) + " }"
    raise TypeError(f"Cannot write {type(item).__name__} as TOML.")


def array(items: list) -> str:
    """Inline when it fits on a line, else one item per line (as the seed file's sources)."""
    inline = "[" + ", ".join(value(item) for item in items) + "]"
    if len(inline) <= LINE:
        return inline
    return "[\n" + "".join(f"  {value(item)},\n" for item in items) + "]"


def _escape(char: str) -> str:
    if char in ESCAPES:
        return ESCAPES[char]
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"\\u{ord(char):04X}"
    return char


def string(text: str) -> str:
    """A one-line basic string."""
    return '"' + "".join(_escape(char) for char in text) + '"'


def multiline(text: str) -> str:
    """A multi-line basic string, readable in a diff: newlines and tabs stay as they are.

    A quote is escaped only where it could end the string: next to another quote,
    or last.
    """
    body = [_escape_in_multiline(text, index) for index in range(len(text))]
    return '"""\n' + "".join(body) + '"""'


def _escape_in_multiline(text: str, index: int) -> str:
    char = text[index]
    if char in "\n\t":
        return char
    if char == '"':
        near = text[index - 1 : index] == '"' or text[index + 1 : index + 2] in ('"', "")
        return '\\"' if near else '"'
    return _escape(char)
