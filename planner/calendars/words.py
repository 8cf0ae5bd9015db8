"""What the calendar events say. Discreet plans name neither the drug nor the condition."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.plans.clocks import clocks_move, time_skipped_said
from planner.plans.models import Plan, Session
from regimens.education import wording
from regimens.engine import day_name

DISCLAIMER = (
    "Educational aid, not medical advice. Follow the instructions of the clinician who "
    "prescribed your treatment and the leaflet in the box."
)
# The same neutral steps as the plan page's "Tonight" card.
GENERIC_STEPS = (
    "1. Wash your hands, wash the area with mild soap and water and let it dry for at least "
    "10 minutes.\n"
    "2. Rub a thin layer into the treatment area only; wash your hands.\n"
    "3. Leave it on, uncovered by airtight dressings; no bath, shower or swim meanwhile.\n"
    "4. At the wash-off time: wash it off with mild soap and water, then wash your hands."
)
FOLLOWUP_HINT = (
    "Educational reminder, not an appointment: your clinician decides when you are seen."
)
CITATION = re.compile(r"\s*\[\d+\]")  # the catalogue's [1] source markers mean nothing here
# Control characters and Unicode line breaks other than a newline: calendar readers drop the
# file, cut the line or show a break in a title. Tabs and newlines stay where text may have them.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
NOT_TONIGHT = {
    Session.Status.REST: "Rest: no application tonight.",
    Session.Status.CANCELLED: "Cancelled: the plan has ended.",
}


@dataclass(frozen=True)
class Words:
    calendar: str
    apply: str
    wash_off: str
    followup: str
    steps: str
    followup_note: str


DISCREET = Words(
    calendar="Skin treatment",
    apply="Skin treatment",
    wash_off="Skin treatment: wash off",
    followup="Follow-up check (educational)",
    steps=GENERIC_STEPS,
    followup_note="Ask your clinician how and when the result of the treatment is checked.",
)


def words_for(plan: Plan) -> Words:
    if plan.discreet_titles:
        return DISCREET
    rule = plan.rule
    name = one_line(f"{rule.product.split(' (')[0]} {rule.strength}")
    label = one_line(plan.label)
    area = f" ({label})" if label else ""
    title = one_line(rule.title)
    return Words(
        calendar=f"{title} · {label}" if label else title,
        apply=f"Apply {name}{area}",
        wash_off=f"Wash off {name}{area}",
        followup=f"Follow-up for {name}{area} (educational)",
        steps=_plain(rule.apply_steps) or GENERIC_STEPS,
        followup_note=_plain(rule.followup_note),
    )


def apply_text(plan: Plan, session: Session, words: Words, total: int) -> str:
    zone = session.zone_name  # a night keeps its zone when the plan's changes
    wash = session.wash_off_at.astimezone(session.zone)
    head = (
        f"Application {session.number} of {total}. Wash off at {wash:%H:%M} on "
        f"{day_name(wash)} ({zone}), after {_hours(plan)} hours."
    )
    if move := clocks_move(session):
        head += f" The clocks go {move} during this night."
    if said := time_skipped_said(session, plan.application_time):
        head += f" {said}"
    # A prescribed plan says so; a discreet one names no label rule (they name the condition).
    prescribed = plan.prescribed_text(name_rules=not plan.discreet_titles)
    return _paragraphs(NOT_TONIGHT.get(session.status), head, prescribed, words.steps, DISCLAIMER)


def wash_off_text(plan: Plan, session: Session, words: Words) -> str:
    what = (
        "Wash the area with mild soap and water, then wash your hands: "
        f"{_hours(plan)} hours after application {session.number}."
    )
    return _paragraphs(NOT_TONIGHT.get(session.status), what, DISCLAIMER)


def followup_text(plan: Plan, words: Words) -> str:
    return _paragraphs(words.followup_note, FOLLOWUP_HINT, DISCLAIMER)


def _paragraphs(*parts: str | None) -> str:
    return "\n\n".join(part for part in parts if part)


def _plain(markdown: str) -> str:
    return CONTROL.sub(" ", CITATION.sub("", wording.for_patient(markdown))).strip()


def one_line(text: str) -> str:
    """Text for a title: no control character and no line break of any kind."""
    return " ".join(CONTROL.sub(" ", text).split())


def _hours(plan: Plan) -> str:
    return f"{float(plan.contact_hours):g}"
