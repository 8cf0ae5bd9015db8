"""Texts that still state a number a new version changes. Shortening a course from 16 weeks
to 14 leaves the FAQ saying "for 16 weeks" unless someone rewrites it, and the regimen page
then gives patients two course lengths. The review page lists each such text, so that the
editor and the reviewer see it before patients do. A warning, not a refusal: a text may
name the old number on purpose (another label's course, say)."""

from __future__ import annotations

import re

from regimens import engine
from regimens.models import WORDED_FIELDS
from regimens.review_steps import display_number


def stale_mentions(old, new) -> list[tuple[str, str]]:
    """(text's name, phrase) for each of `new`'s texts that states one of `old`'s numbers
    that `new` changes: its course length or cap (days, weeks), its number of applications
    and its usual hours on the skin."""
    phrases = old_phrases(old, new)
    found = []
    for name in WORDED_FIELDS:
        text = getattr(new, name) or ""
        label = new._meta.get_field(name).verbose_name
        label = label[:1].upper() + label[1:]
        found += [(label, phrase) for phrase in phrases if _states(text, phrase)]
    return found


def old_phrases(old, new) -> list[str]:
    phrases = []
    for days in sorted({old.course_days, old.cap_days} - {new.course_days, new.cap_days}):
        phrases.append(f"{days} days")
        if days % 7 == 0:
            phrases.append(f"{days // 7} weeks")
    if (count := applications(old)) and count != applications(new):
        phrases.append(f"{count} applications")
    if old.contact_hours_default != new.contact_hours_default:
        phrases.append(f"{display_number(old.contact_hours_default)} hours")
    return phrases


def applications(rule) -> int | None:
    """How many applications the rule's course has, if none is missed."""
    try:
        return len(rule.sample_schedule().sessions)
    except (engine.ScheduleError, ValueError, TypeError):
        return None  # an invalid draft: its own checks say why


def _states(text: str, phrase: str) -> bool:
    """'16 weeks' or '16-week' as words: not '116 weeks' or '1.16 weeks'."""
    number, unit = phrase.split(" ", 1)
    pattern = rf"(?<![\d.,]){re.escape(number)}[\s\u00a0-]+{re.escape(unit.rstrip('s'))}s?\b"
    return re.search(pattern, text, re.IGNORECASE) is not None
