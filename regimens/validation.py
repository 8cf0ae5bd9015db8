"""Checks on a rule version, run from `RuleVersion.clean()`.

Each check raises ValidationError keyed by the field at fault, with a message that
names it. Schedule facts (weekday names, spacing round the week, cycle phases) come
from the engine, so the admin and the plans agree. A value that is None or of the
wrong type failed its own field validation already and is skipped here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError

from regimens import engine


def validate_rule(rule) -> None:
    """Run every check and raise one ValidationError with all the messages."""
    errors: dict = {}
    for check in CHECKS:
        try:
            check(rule)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _ints(*values) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def _fail(field: str, message: str):
    raise ValidationError({field: message})


def check_applications_per_week(rule) -> None:
    if _ints(rule.applications_per_week) and not 1 <= rule.applications_per_week <= 7:
        _fail(
            "applications_per_week",
            "Applications per week must be from 1 to 7 (7 means once a day).",
        )


def check_spacing(rule) -> None:
    n, gap = rule.applications_per_week, rule.min_days_between
    if not _ints(n, gap):
        return
    if gap < 1:
        _fail("min_days_between", "Days between applications must be at least 1.")
    if 1 <= n <= 7 and n * gap > 7:
        _fail(
            "min_days_between",
            f"Days between applications: {n} applications a week cannot be {gap} days "
            f"apart (that needs {n * gap} days; a week has 7).",
        )


def check_default_weekdays(rule) -> None:
    if not isinstance(rule.default_weekdays, str):
        return
    try:
        days = engine.parse_weekdays(rule.default_weekdays)
    except engine.ScheduleError as exc:
        _fail("default_weekdays", f"Default weekdays: {exc.message}")
    n = rule.applications_per_week
    if _ints(n) and len(days) != n:
        _fail(
            "default_weekdays",
            f"Default weekdays: choose exactly {n} (applications per week); {len(days)} given.",
        )
    gap = rule.min_days_between
    if days and _ints(n, gap) and n * gap <= 7 and min(engine.spacing_gaps(days)) < gap:
        _fail(
            "default_weekdays",
            f"Default weekdays must be at least {gap} days apart, counting round the week.",
        )


def canonical_weekdays(value):
    """'Mon, Thursday' -> 'mon,thu': one spelling per set of days, so that digests and the
    changes a plan is told of see none where there is none. Unreadable values come back
    as typed, for check_default_weekdays to explain."""
    try:
        return ",".join(engine.parse_weekdays(value)) if isinstance(value, str) else value
    except engine.ScheduleError:
        return value


def check_cycles(rule) -> None:
    if not isinstance(rule.cycles, str):
        return
    try:
        phases = engine.parse_cycles(rule.cycles)
    except engine.ScheduleError as exc:
        _fail("cycles", f"Cycles: {exc.message}")
    total = sum(phase.days for phase in phases)
    if phases and _ints(rule.course_days) and total != rule.course_days:
        _fail(
            "cycles",
            f"Cycles add up to {total} days but the course length is {rule.course_days}.",
        )
    if phases and not any(phase.on for phase in phases):
        _fail("cycles", "Cycles need at least one 'on' phase.")


# Generous bounds against typing errors: the longest label course is 16 weeks (the US AK and
# warts labels), an assessment's wait and second course are at most 52 weeks each (models),
# and a label gives one or two packets an application.
LONGEST_LABEL_WEEKS = 16
MAX_COURSE_DAYS = 52 * 7
MAX_FOLLOWUP_DAYS = 52 * 7
MAX_PACKETS = 4
MAX_BOX = 100


def check_course_and_cap(rule) -> None:
    if _ints(rule.course_days) and rule.course_days < 1:
        _fail("course_days", "Course length must be at least 1 day.")
    errors = {
        field: f"{name} must be at most {MAX_COURSE_DAYS} days ({MAX_COURSE_DAYS // 7} weeks); "
        f"the longest label course is {LONGEST_LABEL_WEEKS} weeks."
        for field, name in (("course_days", "Course length"), ("cap_days", "The cap"))
        if _ints(value := getattr(rule, field)) and value > MAX_COURSE_DAYS
    }
    if errors:
        raise ValidationError(errors)
    if _ints(rule.course_days, rule.cap_days) and rule.cap_days < rule.course_days:
        _fail(
            "cap_days",
            f"The cap ({rule.cap_days} days) must be at least the course length "
            f"({rule.course_days} days).",
        )


def check_contact_hours(rule) -> None:
    low, default, high = rule.contact_hours_min, rule.contact_hours_default, rule.contact_hours_max
    if not all(isinstance(v, int | Decimal) for v in (low, default, high)):
        return
    if low <= 0:
        _fail("contact_hours_min", "Shortest contact time must be more than 0 hours.")
    if low > high:
        _fail("contact_hours_min", "Shortest contact time must not exceed the longest.")
    if not low <= default <= high:
        _fail(
            "contact_hours_default",
            f"Default contact time must lie between the shortest ({_hours(low)}) "
            f"and the longest ({_hours(high)}) hours.",
        )


def check_contact_hours_bound(rule) -> None:
    """No more than a plan may have (the plan form's bound)."""
    fields = {
        "contact_hours_min": "Shortest",
        "contact_hours_default": "Default",
        "contact_hours_max": "Longest",
    }
    most = engine.MAX_CONTACT_HOURS
    errors = {
        field: f"{name} contact time must be at most {most} hours, as a plan's is."
        for field, name in fields.items()
        if isinstance(value := getattr(rule, field), int | Decimal) and value > most
    }
    if errors:
        raise ValidationError(errors)


def _hours(value) -> str:
    return f"{Decimal(value).normalize():f}"


def check_default_time(rule) -> None:
    # Seeds and plans work in whole minutes (HH:MM); seconds would not survive a dump.
    at = rule.default_time
    if isinstance(at, dt.time) and (at.second or at.microsecond or at.tzinfo):
        _fail("default_time", "Default time must be a plain HH:MM time, e.g. 22:00.")


def check_sources(rule) -> None:
    sources = rule.sources
    if not isinstance(sources, list) or not sources:
        _fail("sources", 'Sources: give at least one, as [{"title": "...", "ref": "..."}].')
    for number, source in enumerate(sources, start=1):
        if not _is_source(source):
            _fail(
                "sources",
                f'Sources: entry {number} needs a non-empty text "title" and "ref".',
            )


def _is_source(source) -> bool:
    return isinstance(source, dict) and all(
        isinstance(source.get(key), str) and source[key].strip() for key in ("title", "ref")
    )


def check_box_sizes(rule) -> None:
    if not isinstance(rule.box_sizes, str):
        return
    parts = [part.strip() for part in rule.box_sizes.split(",")]
    # isascii: int() would accept other scripts' digits, which the seed file cannot hold.
    if not all(p.isascii() and p.isdigit() and int(p) > 0 for p in parts):
        _fail(
            "box_sizes",
            "Box sizes must be whole numbers of packets above 0, separated by commas, e.g. 12,24.",
        )
    if any(int(p) > MAX_BOX for p in parts):
        _fail(
            "box_sizes",
            f"Box sizes must be at most {MAX_BOX} packets each (labels give boxes of 12 to 24).",
        )


def check_hours_between(rule) -> None:
    """Never a second application while the first may still be on the skin (a doubled
    dose): the spacing is at least the longest contact time."""
    least, longest = rule.min_hours_between, rule.contact_hours_max
    if not (_ints(least) and least >= 1 and isinstance(longest, int | Decimal)):
        return
    if least < longest <= engine.MAX_CONTACT_HOURS:  # above it, its own bound says so
        _fail(
            "min_hours_between",
            f"Hours between applications ({least}) must be at least the longest contact time "
            f"({_hours(longest)} hours): a second application must not go on while the "
            "first may still be on the skin.",
        )


# An HTML tag (not a lone "<" as in "<18"), and a Markdown link's scheme: "[x](javascript:".
TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
LINK_SCHEME = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):")
WEB_SCHEMES = {"http", "https"}


def markup_problem(text) -> str | None:
    """Why a text may not go on a patient's page as written, or None. Markdown renders
    through a sanitiser (regimens.content) that drops tags and unsafe links, so an editor who
    wrote one would not see it; in plain texts a tag would show as typed."""
    if not isinstance(text, str):
        return None
    if tag := TAG.search(text):
        return (
            f"No HTML here (found “{tag.group(0)[:30]}”): patients see text as written, so a "
            "tag would show or be dropped."
        )
    for scheme in LINK_SCHEME.findall(text):
        if scheme.lower() not in WEB_SCHEMES:
            return f"Links must start with https:// or http:// (found “{scheme}:”)."
    return None


def check_markup(rule) -> None:
    from regimens.models import WORDED_FIELDS  # here: the models import this module

    fields = (*WORDED_FIELDS, "product", "indication_label")
    errors = {name: found for name in fields if (found := markup_problem(getattr(rule, name)))}
    for number, source in enumerate(rule.sources if isinstance(rule.sources, list) else [], 1):
        if _is_source(source) and (found := markup_problem(source["title"])):
            errors.setdefault("sources", f"Sources: entry {number}: {found}")
    if errors:
        raise ValidationError(errors)


def check_packets(rule) -> None:
    if _ints(rule.packets_per_application) and rule.packets_per_application < 1:
        _fail("packets_per_application", "Packets per application must be at least 1.")
    if _ints(rule.packets_per_application) and rule.packets_per_application > MAX_PACKETS:
        _fail("packets_per_application", f"Packets per application must be at most {MAX_PACKETS}.")


def check_followup(rule) -> None:
    if _ints(rule.followup_days_after) and rule.followup_days_after > MAX_FOLLOWUP_DAYS:
        _fail(
            "followup_days_after",
            f"The follow-up must be at most {MAX_FOLLOWUP_DAYS} days "
            f"({MAX_FOLLOWUP_DAYS // 7} weeks) after the last application.",
        )


def check_assessment(rule) -> None:
    """Both or neither: weeks off before an assessment only mean something with a second
    course to give when it finds the condition not cleared, and the reverse."""
    off, again = rule.assessment_weeks_off, rule.repeat_course_weeks
    if _ints(off, again) and (off > 0) != (again > 0):
        _fail(
            "repeat_course_weeks" if off else "assessment_weeks_off",
            "Assessment: give both the weeks off before it and the weeks of the second course, "
            "or neither (0 and 0).",
        )


def check_reader_pairs(rule) -> None:
    """The texts worded for patients and carers hold only well-formed {patient|carer} pairs:
    a stray brace would show on the page."""
    from regimens.education.wording import problems
    from regimens.models import WORDED_FIELDS  # here: the models import this module

    errors = {name: found for name in WORDED_FIELDS if (found := problems(getattr(rule, name)))}
    if errors:
        raise ValidationError(errors)


CHECKS = (
    check_applications_per_week,
    check_spacing,
    check_default_weekdays,
    check_cycles,
    check_course_and_cap,
    check_contact_hours,
    check_contact_hours_bound,
    check_default_time,
    check_sources,
    check_box_sizes,
    check_hours_between,
    check_markup,
    check_packets,
    check_followup,
    check_assessment,
    check_reader_pairs,
)
