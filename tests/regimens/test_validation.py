"""RuleVersion.clean(): every rule constraint, each with a message naming its field."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from factories import approved_rule
from planner.plans import forms

pytestmark = pytest.mark.usefixtures("catalogue")


def errors(slug="aldara-ak", **changes) -> dict[str, list[str]]:
    """The validation errors of the seeded rule with `changes` applied."""
    rule = approved_rule(slug)
    for name, value in changes.items():
        setattr(rule, name, value)
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    return caught.value.message_dict


def only(field, slug="aldara-ak", **changes) -> str:
    """The single message for `field`, asserting no other field complains."""
    found = errors(slug, **changes)
    assert list(found) == [field], found
    assert len(found[field]) == 1, found
    return found[field][0]


def test_every_seeded_rule_is_valid(db):
    for slug in ("aldara-ak", "aldara-sbcc", "aldara-egw", "zyclara-ak-3-75", "zyclara-egw"):
        approved_rule(slug).full_clean()


@pytest.mark.parametrize("count", [0, 8])
def test_it_rejects_applications_per_week_outside_1_to_7(count):
    found = errors(applications_per_week=count)
    assert found["applications_per_week"] == [
        "Applications per week must be from 1 to 7 (7 means once a day)."
    ]


def test_it_rejects_default_weekdays_that_do_not_match_the_count():
    message = only("default_weekdays", default_weekdays="mon,wed,fri")
    assert message == "Default weekdays: choose exactly 2 (applications per week); 3 given."


def test_a_daily_rule_needs_all_seven_default_weekdays():
    message = only("default_weekdays", "zyclara-ak-3-75", default_weekdays="mon,tue")
    assert "choose exactly 7" in message


def test_it_rejects_default_weekdays_too_close_together():
    message = only("default_weekdays", default_weekdays="mon,tue")
    assert message == "Default weekdays must be at least 3 days apart, counting round the week."


def test_cleaning_stores_the_default_weekdays_in_one_spelling(db):
    rule = approved_rule()
    rule.default_weekdays = " Thursday , Mon"
    rule.full_clean()
    assert rule.default_weekdays == "mon,thu"


def test_it_rejects_an_unknown_weekday_name():
    message = only("default_weekdays", default_weekdays="mon,funday")
    assert message.startswith("Default weekdays: Unknown weekday 'funday'")


def test_it_rejects_spacing_that_the_count_cannot_meet():
    # 3 a week, 3 days apart, needs 9 days.
    found = errors("aldara-egw", min_days_between=3)
    assert found["min_days_between"] == [
        "Days between applications: 3 applications a week cannot be 3 days apart "
        "(that needs 9 days; a week has 7)."
    ]


def test_it_rejects_zero_days_between_applications():
    message = only("min_days_between", min_days_between=0)
    assert message == "Days between applications must be at least 1."


def test_it_rejects_cycles_it_cannot_read():
    message = only("cycles", "zyclara-ak-3-75", cycles="14 on, two weeks off")
    assert message.startswith("Cycles: Cannot read cycle 'two weeks off'")


def test_it_rejects_cycles_that_do_not_add_up_to_the_course():
    message = only("cycles", "zyclara-ak-3-75", cycles="14 on, 14 off, 7 on")
    assert message == "Cycles add up to 35 days but the course length is 42."


def test_it_rejects_cycles_without_a_treatment_phase():
    message = only("cycles", "zyclara-ak-3-75", cycles="42 off")
    assert message == "Cycles need at least one 'on' phase."


def test_it_rejects_a_cap_shorter_than_the_course():
    message = only("cap_days", cap_days=100)
    assert message == "The cap (100 days) must be at least the course length (112 days)."


def test_it_rejects_a_course_of_no_days():
    found = errors(course_days=0, cap_days=0)
    assert found["course_days"] == ["Course length must be at least 1 day."]


def test_it_rejects_a_default_contact_time_outside_the_range():
    message = only("contact_hours_default", "aldara-egw", contact_hours_default=Decimal("12"))
    assert message == (
        "Default contact time must lie between the shortest (6) and the longest (10) hours."
    )


def test_it_rejects_a_shortest_contact_time_above_the_longest():
    found = errors("aldara-egw", contact_hours_min=Decimal("11"))
    assert found["contact_hours_min"] == ["Shortest contact time must not exceed the longest."]


def test_it_rejects_no_contact_time():
    found = errors(contact_hours_min=Decimal("0"))
    assert found["contact_hours_min"] == ["Shortest contact time must be more than 0 hours."]


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("contact_hours_min", "Shortest"),
        ("contact_hours_default", "Default"),
        ("contact_hours_max", "Longest"),
    ],
)
def test_it_rejects_a_contact_time_above_the_24_hours_a_plan_allows(field, name):
    changes = {"contact_hours_min": Decimal("8"), "contact_hours_max": Decimal("25")}
    changes[field] = Decimal("25")
    if field == "contact_hours_min":
        changes["contact_hours_default"] = Decimal("25")
    found = errors(**changes)
    assert f"{name} contact time must be at most 24 hours, as a plan's is." in found[field]


def test_a_contact_time_of_24_hours_is_the_most_allowed(db):
    """As a plan's; a rule's applications must then be 24 hours apart, which the spacing's
    own bound (22, for nights a day apart across a clock change) does not allow."""
    found = errors("aldara-egw", contact_hours_max=Decimal("24"))
    assert list(found) == ["min_hours_between"]
    assert "longest contact time (24 hours)" in found["min_hours_between"][0]
    assert forms.PlanForm.base_fields["contact_hours"].max_value == Decimal("24")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"course_days": 7000, "cap_days": 7000},
            "course_days",
            "Course length must be at most 364 days (52 weeks); the longest label course is 16 "
            "weeks.",
        ),
        (
            {"cap_days": 30000},
            "cap_days",
            "The cap must be at most 364 days (52 weeks); the longest label course is 16 weeks.",
        ),
        (
            {"followup_days_after": 365},  # 40000: PostgreSQL's smallint range refuses first
            "followup_days_after",
            "The follow-up must be at most 364 days (52 weeks) after the last application.",
        ),
        (
            {"packets_per_application": 30000},
            "packets_per_application",
            "Packets per application must be at most 4.",
        ),
    ],
)
def test_it_rejects_absurd_course_lengths_follow_ups_and_packets(changes, field, message):
    assert errors(**changes)[field] == [message]


def test_a_course_its_cap_and_a_follow_up_of_52_weeks_are_the_most_allowed(db):
    rule = approved_rule("aldara-egw")
    rule.course_days = rule.cap_days = rule.followup_days_after = 364
    rule.packets_per_application = 4
    rule.full_clean()


def test_it_rejects_a_default_time_with_seconds():
    message = only("default_time", default_time=dt.time(22, 0, 30))
    assert message == "Default time must be a plain HH:MM time, e.g. 22:00."


def test_it_rejects_a_default_time_that_is_not_a_time():
    found = errors(default_time="25:00")
    assert list(found) == ["default_time"]


@pytest.mark.parametrize("sources", [[], "label", None])
def test_it_needs_at_least_one_source(sources):
    found = errors(sources=sources)
    assert 'Sources: give at least one, as [{"title": "...", "ref": "..."}].' in found["sources"]


@pytest.mark.parametrize(
    "source", [{"title": "Label"}, {"title": " ", "ref": "label"}, "label", {"title": 1, "ref": 2}]
)
def test_each_source_needs_a_title_and_a_ref(source):
    message = only("sources", sources=[{"title": "Label", "ref": "label"}, source])
    assert message == 'Sources: entry 2 needs a non-empty text "title" and "ref".'


@pytest.mark.parametrize("sizes", ["12,,24", "12,-1", "0", "twelve", "١٢"])
def test_it_rejects_box_sizes_that_are_not_positive_whole_numbers(sizes):
    message = only("box_sizes", box_sizes=sizes)
    assert message == (
        "Box sizes must be whole numbers of packets above 0, separated by commas, e.g. 12,24."
    )


def test_it_rejects_no_packets_per_application():
    message = only("packets_per_application", packets_per_application=0)
    assert message == "Packets per application must be at least 1."


def test_it_reports_every_field_at_fault_at_once():
    found = errors(cap_days=1, box_sizes="x", sources=[])
    assert {"cap_days", "box_sizes", "sources"} <= set(found)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("done_hours_before", 13, "less than or equal to 12"),
        ("done_hours_after", 0, "greater than or equal to 1"),
        ("done_hours_after", 13, "less than or equal to 12"),
        ("min_hours_between", 0, "greater than or equal to 1"),
        ("min_hours_between", 23, "less than or equal to 22"),
    ],
)
def test_it_rejects_a_done_window_or_spacing_out_of_range(field, value, message):
    assert message in only(field, **{field: value})


def test_a_done_window_may_begin_at_the_planned_time(db):
    rule = approved_rule()
    rule.done_hours_before = 0
    rule.full_clean()


def test_the_eu_regimens_are_valid(db):
    for slug in ("aldara-ak-eu", "aldara-sbcc-eu", "aldara-egw-eu"):
        approved_rule(slug).full_clean()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"assessment_weeks_off": 4}, "repeat_course_weeks"),
        ({"repeat_course_weeks": 4}, "assessment_weeks_off"),
    ],
)
def test_an_assessment_needs_both_its_weeks_off_and_its_second_course(changes, field):
    assert only(field, **changes) == (
        "Assessment: give both the weeks off before it and the weeks of the second course, "
        "or neither (0 and 0)."
    )


def test_an_assessment_is_at_most_a_year_off_and_a_year_long():
    found = errors("aldara-ak-eu", assessment_weeks_off=53, repeat_course_weeks=53)
    assert set(found) == {"assessment_weeks_off", "repeat_course_weeks"}


def test_a_jurisdiction_must_be_an_approved_one():
    assert "'mars' is not an approved jurisdiction" in only("jurisdiction", jurisdiction="mars")


@pytest.mark.parametrize(
    "field, text",
    [
        ("apply_steps", "Wash {your hands."),
        ("timing_note", "Before {your|their|its} bedtime."),
        ("amount", "A thin layer on {your|{their}} skin."),
        ("followup_note", "Ask } your clinician."),
    ],
)
def test_it_rejects_braces_that_are_not_a_patient_carer_pair(field, text):
    message = only(field, **{field: text})
    assert message.startswith("Braces are only for {patient words|carer words} pairs")


def test_it_accepts_patient_carer_pairs_in_every_worded_text():
    from regimens.models import WORDED_FIELDS

    rule = approved_rule("aldara-ak")
    for name in WORDED_FIELDS:
        setattr(rule, name, "Wash {your|their} hands.")
    rule.full_clean()


def test_applications_may_not_be_closer_than_the_longest_contact_time():
    """A second application recorded while the first may still be on the skin would double
    the dose: the rule's spacing must be at least its longest contact time."""
    message = only("min_hours_between", min_hours_between=7)  # aldara-ak: up to 8 hours
    assert message == (
        "Hours between applications (7) must be at least the longest contact time (8 hours): "
        "a second application must not go on while the first may still be on the skin."
    )


def test_a_spacing_equal_to_the_longest_contact_time_is_allowed(db):
    rule = approved_rule()
    rule.min_hours_between = int(rule.contact_hours_max)
    rule.full_clean()


def test_box_sizes_are_at_most_a_hundred_packets():
    message = only("box_sizes", box_sizes="12,999999999999999999999")
    assert message == "Box sizes must be at most 100 packets each (labels give boxes of 12 to 24)."


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("timing_note", 'Apply at bedtime <script>alert("x")</script>'),
        ("age_note", "Adults <b>only</b>"),
        ("amount", "A thin layer<br>"),
        ("apply_steps", 'Wash. <img src=x onerror="alert(1)">'),
        ("faq", "<iframe src=https://example.org></iframe>"),
    ],
)
def test_html_tags_are_refused_in_every_text(field, text):
    message = only(field, **{field: text})
    assert message.startswith("No HTML here (found “<")
    assert "patients see text as written" in message


def test_a_less_than_sign_that_is_no_tag_is_kept(db):
    rule = approved_rule()
    rule.age_note = "For adults; not studied in children <18 or at <2 years."
    rule.apply_steps = "Keep it on for 6 to 10 hours (< 12)."
    rule.full_clean()


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "vbscript:x"])
def test_a_markdown_link_must_be_to_a_web_page(link):
    message = only("faq", faq=f"See [the leaflet]({link}).")
    assert (
        message
        == "Links must start with https:// or http:// (found “" + link.split(":")[0] + ":”)."
    )


def test_a_source_title_holds_no_html():
    rule = approved_rule()
    sources = [*rule.sources, {"title": "<script>x</script>Evil", "ref": "label"}]
    message = only("sources", sources=sources)
    assert message.startswith("Sources: entry") and "No HTML" in message
