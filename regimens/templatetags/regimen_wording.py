"""`{% load regimen_wording %}`: a rule's schedule in plain words, the newer-version notice,
and a rule's education sections worded for the page's reader ({patient|carer} pairs)."""

from __future__ import annotations

from django import template

from regimens import engine, versions
from regimens.education import reader, wording

register = template.Library()

HOW_OFTEN = {
    1: "Once a week",
    2: "Twice a week",
    3: "Three times a week",
    4: "Four times a week",
    5: "Five times a week",
    6: "Six times a week",
    7: "Once a day, every day",
}


@register.inclusion_tag("regimens/_schedule_words.html")
def schedule_in_words(rule, who: str = reader.PATIENT):
    """The rows worded for `who`: the rule's notes may hold {patient|carer} pairs."""
    return {"rows": [(label, wording.choose(text, who)) for label, text in schedule_rows(rule)]}


@register.inclusion_tag("regimens/_newer_version_notice.html")
def newer_version_notice(rule):
    """One query: the newer approved version, if any, and what changed for the person using
    the cream (plan pages speak to them)."""
    context = versions.newer_version_context(rule)
    context["changes"] = wording.patient_changes(context["changes"])
    return context


@register.simple_tag(takes_context=True)
def page_reader(context) -> str:
    """`{% page_reader as reader %}`: who the page is worded for (no query beyond the one the
    reader bar makes: the choice is kept on the request)."""
    return reader.wording_for(context["request"])


@register.filter
def for_reader(text: str, who: str) -> str:
    """`{{ text|for_reader:reader|markdown }}`: each {patient|carer} pair resolved."""
    return wording.choose(text, who)


# Where a rule's schedule was read, by jurisdiction code: the first of these documents that the
# rule's `sources` cite (seeds/README.md: the EU AK schedule was read in the package leaflet,
# the other EU ones in the SmPC). Rules that apply to every plan (a fixed end date) are the US
# label's (../shared/regimens.md, section 2).
SCHEDULE_DOCUMENTS = {"us": ("label",), "eu-uk": ("eu-leaflet", "eu-smpc")}
DOCUMENT_NAMES = {"label": "label", "eu-leaflet": "EU package leaflet", "eu-smpc": "EU SmPC"}


def schedule_source(rule) -> str:
    """'label', 'EU SmPC' or 'EU package leaflet': where this rule's schedule was read."""
    cited = {source.get("ref") for source in rule.sources}
    for ref in SCHEDULE_DOCUMENTS.get(rule.jurisdiction, ()):
        if ref in cited:
            return DOCUMENT_NAMES[ref]
    return rule.jurisdiction_authority or "label"


def fixed_end_source(rule) -> str:
    return "label" if schedule_source(rule) == "label" else "US label"


def schedule_rows(rule) -> list[tuple[str, str]]:
    rows = [("Label", rule.jurisdiction_text)]
    rows += [("How often", how_often(rule)), ("How long", how_long(rule))]
    if rule.cycles:
        rows.append(("Treatment cycles", cycles(rule)))
    if rule.assessment_weeks_off and rule.repeat_course_weeks:
        rows.append(("Assessment", assessment(rule)))
    rows.append(("Contact time", contact_time(rule)))
    rows.append(("Time of day", time_of_day(rule)))
    rows.append(("Amount", amount(rule)))
    notes = (("Treated area", rule.area_note), ("Age", rule.age_note))
    rows += [(label, text) for label, text in notes if text]
    if rule.followup_note:
        rows.append(("Follow-up", rule.followup_note))
    return rows


def how_often(rule) -> str:
    words = HOW_OFTEN.get(rule.applications_per_week, f"{rule.applications_per_week} a week")
    if rule.applications_per_week == 7:
        return f"{words} ({schedule_source(rule)})."
    days = engine.weekday_names(rule.spec().default_weekdays)
    gap = spacing(rule.min_days_between)
    return f"{words}, {gap}, for example {days} ({schedule_source(rule)})."


def spacing(gap: int) -> str:
    """The least gap between two nights, in words (a gap of 1 only rules out a double dose)."""
    return f"at least {gap} days apart" if gap > 1 else "never twice on one day"


def duration(days: int) -> str:
    return f"{days // 7} weeks ({days} days)" if days % 7 == 0 else f"{days} days"


def how_long(rule) -> str:
    count, source = len(rule.sample_schedule().sessions), schedule_source(rule)
    if rule.until_cleared:
        text = f"Until the treated area has cleared, for at most {duration(rule.cap_days)}"
        return f"{text}: no more than {count} applications ({source})."
    text = f"{duration(rule.course_days)}: {count} applications if none are missed ({source})."
    text += " The end date is fixed when you start; missed or rest days are not added on"
    text += f" ({fixed_end_source(rule)})."
    if rule.cap_days > rule.course_days:
        text += f" Never longer than {duration(rule.cap_days)} ({source})."
    return text


def assessment(rule) -> str:
    off, again = rule.assessment_weeks_off, rule.repeat_course_weeks
    return (
        f"After the course, {weeks(off)} without treatment, then an assessment "
        f"({schedule_source(rule)}). Cleared: the "
        f"treatment is over. Not cleared: one more course of {weeks(again)}, on the same days, "
        "from the day the result is recorded; its end is fixed then."
    )


def weeks(n: int) -> str:
    return f"{n} week{'s' if n != 1 else ''}"


def cycles(rule) -> str:
    parts = [
        f"{duration(phase.days)} {'of treatment' if phase.on else 'without cream'}"
        for phase in engine.parse_cycles(rule.cycles)
    ]
    return ", then ".join(parts) + f" ({schedule_source(rule)})."


def _hours(value) -> str:
    return versions.display_number(value)


def contact_time(rule) -> str:
    low, usual, high = (
        _hours(rule.contact_hours_min),
        _hours(rule.contact_hours_default),
        _hours(rule.contact_hours_max),
    )
    source = schedule_source(rule)
    if low == high:
        return f"Leave the cream on for about {usual} hours, then wash it off ({source})."
    return (
        f"Leave the cream on for {low} to {high} hours (usually {usual}), then wash it off "
        f"({source})."
    )


def time_of_day(rule) -> str:
    text = f"The planner suggests {rule.default_time:%H:%M}; you can choose your own time."
    return f"{rule.timing_note} {text}" if rule.timing_note else text


def amount(rule) -> str:
    packets = rule.packets_per_application
    boxes = " or ".join(str(n) for n in rule.box_size_list())
    text = f"{packets} packet{'s' if packets != 1 else ''} per application; boxes of {boxes}."
    return f"{rule.amount} {text}" if rule.amount else text
