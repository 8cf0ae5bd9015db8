"""The guidance rules: pure functions, no database."""

import datetime as dt
from types import SimpleNamespace

import pytest

from planner.symptoms.guidance import advice_for, latest_advice
from planner.symptoms.models import FLU_LIKE, ITEMS, LOCAL_REACTIONS

DAY = dt.date(2026, 3, 5)


def grades(**given):
    return {item: given.get(item, 0) for item in ITEMS}


def entry(day, **given):
    return SimpleNamespace(date=day, grades=lambda: grades(**given))


def test_it_gives_no_advice_for_a_day_without_reactions():
    assert advice_for(DAY, grades()) is None


@pytest.mark.parametrize("item", ["erythema", "edema", "weeping", "flaking", "scabbing", "itching"])
@pytest.mark.parametrize("grade", [1, 2])
def test_it_gives_no_advice_for_a_mild_or_moderate_expected_reaction(item, grade):
    assert advice_for(DAY, grades(**{item: grade})) is None


@pytest.mark.parametrize("item", LOCAL_REACTIONS)
def test_it_advises_a_rest_for_any_severe_local_reaction(item):
    advice = advice_for(DAY, grades(**{item: 3}))
    assert advice.rest_advised
    assert [(f.item, f.grade) for f in advice.local] == [(item, 3)]
    assert advice.date == DAY


@pytest.mark.parametrize("item", ["erosion", "vesicles"])
@pytest.mark.parametrize("grade", [1, 2, 3])
def test_it_advises_a_rest_for_open_sores_or_blisters_at_any_grade(item, grade):
    advice = advice_for(DAY, grades(**{item: grade}))
    assert advice.rest_advised
    assert [f.item for f in advice.local] == [item]


def test_it_names_every_finding_in_plain_words_and_form_order():
    advice = advice_for(DAY, grades(vesicles=1, erythema=3, itching=2, erosion=2))
    assert [str(f) for f in advice.local] == [
        "redness (severe)",
        "open sores (moderate)",
        "blisters (mild)",
    ]


@pytest.mark.parametrize("item", FLU_LIKE)
def test_a_severe_flu_like_symptom_asks_for_a_call_but_not_a_rest(item):
    advice = advice_for(DAY, grades(**{item: 3}))
    assert not advice.rest_advised
    assert [f.item for f in advice.flu_like] == [item]


def test_moderate_flu_like_symptoms_give_no_advice():
    assert advice_for(DAY, grades(**dict.fromkeys(FLU_LIKE, 2))) is None


def test_it_judges_only_the_most_recent_entry():
    older = entry(dt.date(2026, 3, 5), erythema=3)
    newer = entry(dt.date(2026, 3, 6), erythema=1)
    assert latest_advice([newer, older]) is None
    assert latest_advice([older]).date == dt.date(2026, 3, 5)


def test_it_gives_no_advice_without_entries():
    assert latest_advice([]) is None
