"""Our own 0-3 scale in plain words. The labels report none / mild / moderate / severe;
the numbers and these one-line anchors are our design, not a cited clinical scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planner.symptoms.models import FLU_LIKE, ITEMS, LOCAL_REACTIONS, Grade

SEVERE = int(Grade.SEVERE)

SHORT_LABELS = {
    "erythema": "Redness",
    "edema": "Swelling",
    "weeping": "Weeping",
    "flaking": "Flaking",
    "scabbing": "Scabbing",
    "erosion": "Open sores",
    "vesicles": "Blisters",
    "itching": "Itching",
    "burning": "Burning/pain",
    "fever": "Fever",
    "chills": "Chills",
    "fatigue": "Tiredness",
    "headache": "Headache",
    "muscle_aches": "Muscle aches",
    "nausea": "Nausea",
    "swollen_glands": "Swollen glands",
}

NONE_TEXT = "Not at all."

# Mild, moderate, severe for each skin reaction: what a person can see or feel.
SKIN_ANCHORS = {
    "erythema": (
        "Faint pink, only just visible.",
        "Clearly red over the treated area.",
        "Deep or bright red, perhaps spreading past the area.",
    ),
    "edema": (
        "Slightly puffy, only just noticeable.",
        "Clearly swollen or raised.",
        "Very swollen and tight, perhaps beyond the area.",
    ),
    "weeping": (
        "A little moisture now and then.",
        "Clear fluid that dampens a tissue.",
        "Oozing that soaks a dressing or clothes.",
    ),
    "flaking": (
        "A little dryness or a few fine flakes.",
        "Clear scaling or peeling.",
        "Thick scale or peeling over the whole area, or cracks.",
    ),
    "scabbing": (
        "A few small scabs.",
        "Crusts over part of the area.",
        "Thick crusts over most of the area.",
    ),
    "erosion": (
        "One or two tiny raw spots.",
        "Several raw spots, or one larger open sore.",
        "Large or deep open sores.",
    ),
    "vesicles": (
        "One or two tiny blisters.",
        "Several blisters.",
        "Many blisters, or a blistering rash.",
    ),
    "itching": (
        "Now and then, easy to ignore.",
        "Often; you keep wanting to scratch.",
        "Constant; it keeps you awake or stops what you are doing.",
    ),
    "burning": (
        "A slight sting or soreness.",
        "Sore or burning much of the time, but bearable.",
        "Hard to bear; it keeps you awake or stops what you are doing.",
    ),
}

# One set for every flu-like symptom: how much it changes the day.
FLU_ANCHORS = (
    "You notice it, but your day goes on as usual.",
    "You cut down on what you usually do.",
    "It keeps you in bed or away from your usual day.",
)


def anchors(item: str) -> tuple[str, str, str, str]:
    """The one-line description of grades 0, 1, 2 and 3 for one item."""
    return (NONE_TEXT, *SKIN_ANCHORS.get(item, FLU_ANCHORS))


def word(grade: int) -> str:
    """'none', 'mild', 'moderate' or 'severe'."""
    return Grade(grade).label.lower()


def label(item: str) -> str:
    return SHORT_LABELS[item]


@dataclass(frozen=True)
class Graded:
    """One item at one grade, with its words."""

    item: str
    grade: int

    @property
    def label(self) -> str:
        return label(self.item)

    @property
    def word(self) -> str:
        return word(self.grade)

    def __str__(self) -> str:
        return f"{self.label.lower()} ({self.word})"


def reported(grades: Mapping[str, int]) -> list[Graded]:
    """The items above none, in form order."""
    return [Graded(item, grades[item]) for item in ITEMS if grades[item] > 0]


__all__ = [
    "FLU_LIKE",
    "ITEMS",
    "LOCAL_REACTIONS",
    "SEVERE",
    "Graded",
    "anchors",
    "label",
    "reported",
    "word",
]
