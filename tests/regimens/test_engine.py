"""Example-based tests of the scheduling engine (pure Python, no Django), on the regimens
of seeds/regimens.toml."""

import datetime as dt
import math

import pytest
from test_seed_rules import SEED_RULES

from regimens.engine import (
    WEEKDAYS,
    Phase,
    PlanInputs,
    RuleSpec,
    Schedule,
    ScheduleError,
    breaks,
    build_schedule,
    course_end,
    format_cycles,
    get_zone,
    parse_cycles,
    parse_weekdays,
    sessions_between,
    validate_weekdays,
)

# The label regimens as seeds/regimens.toml gives them to the app.
ALDARA_AK = SEED_RULES["aldara-ak"]
ALDARA_SBCC = SEED_RULES["aldara-sbcc"]
ALDARA_WARTS = SEED_RULES["aldara-egw"]
ZYCLARA_AK = SEED_RULES["zyclara-ak-3-75"]
ZYCLARA_AK_2_5 = SEED_RULES["zyclara-ak-2-5"]
ZYCLARA_WARTS = SEED_RULES["zyclara-egw"]
ALL_RULES = tuple(SEED_RULES.values())
TWO_WEEK_CYCLES = (Phase(on=True, days=14), Phase(on=False, days=14), Phase(on=True, days=14))

MONDAY = dt.date(2026, 1, 5)


def plan(
    rule: RuleSpec,
    start: dt.date = MONDAY,
    weekdays: tuple[str, ...] | None = None,
    time: dt.time = dt.time(22, 0),
    zone: str = "Europe/London",
    hours: float | None = None,
) -> Schedule:
    return build_schedule(
        rule,
        PlanInputs(
            start=start,
            weekdays=rule.default_weekdays if weekdays is None else weekdays,
            time=time,
            zone=zone,
            contact_hours=rule.contact_hours_default if hours is None else hours,
        ),
    )


def utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def field_of(excinfo: pytest.ExceptionInfo[ScheduleError]) -> str:
    return excinfo.value.field


# --- counts and windows -------------------------------------------------------------


@pytest.mark.parametrize("start_offset", range(7), ids=lambda n: WEEKDAYS[n])
def test_it_gives_32_sessions_for_ak_on_mon_and_thu_from_any_start_weekday(start_offset):
    start = MONDAY + dt.timedelta(days=start_offset)

    schedule = plan(ALDARA_AK, start=start, weekdays=("mon", "thu"))

    assert len(schedule.sessions) == 32
    assert {s.date.weekday() for s in schedule.sessions} == {0, 3}
    assert schedule.sessions[0].date >= start
    assert schedule.sessions[-1].date <= schedule.end


def test_it_gives_30_sessions_for_sbcc_on_monday_to_friday():
    schedule = plan(ALDARA_SBCC, weekdays=("mon", "tue", "wed", "thu", "fri"))

    assert len(schedule.sessions) == 30
    assert all(s.date.weekday() < 5 for s in schedule.sessions)


def test_it_gives_48_sessions_for_aldara_warts_on_mon_wed_fri():
    schedule = plan(ALDARA_WARTS, weekdays=("mon", "wed", "fri"))

    assert len(schedule.sessions) == 48
    assert {s.date.weekday() for s in schedule.sessions} == {0, 2, 4}


def test_it_gives_28_sessions_for_zyclara_ak_and_none_in_the_off_fortnight():
    start = dt.date(2026, 2, 11)

    schedule = plan(ZYCLARA_AK, start=start, weekdays=())

    assert len(schedule.sessions) == 28
    off_fortnight = (start + dt.timedelta(days=14), start + dt.timedelta(days=27))
    assert sessions_between(schedule, *off_fortnight) == ()
    first_cycle = sessions_between(schedule, start, start + dt.timedelta(days=13))
    second_cycle = sessions_between(schedule, start + dt.timedelta(days=28), schedule.end)
    assert len(first_cycle) == len(second_cycle) == 14


def test_the_lower_strength_zyclara_ak_uses_the_same_two_week_cycles():
    assert len(plan(ZYCLARA_AK_2_5, weekdays=WEEKDAYS).sessions) == 28


def test_it_gives_56_daily_sessions_for_zyclara_warts():
    schedule = plan(ZYCLARA_WARTS, start=dt.date(2026, 6, 17), weekdays=())

    assert len(schedule.sessions) == 56
    dates = [s.date for s in schedule.sessions]
    assert dates == [dt.date(2026, 6, 17) + dt.timedelta(days=n) for n in range(56)]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.slug)
def test_the_end_date_is_start_plus_course_days_minus_one(rule):
    start = dt.date(2026, 12, 30)

    schedule = plan(rule, start=start)

    assert schedule.end == start + dt.timedelta(days=rule.course_days - 1)
    assert course_end(rule, start) == schedule.end
    assert schedule.start == start


def test_the_end_date_does_not_move_to_the_last_session():
    # A Wednesday start ends 111 days later on a Tuesday, which holds no Mon+Thu session.
    start = dt.date(2026, 1, 7)

    schedule = plan(ALDARA_AK, start=start)

    assert schedule.end == dt.date(2026, 4, 28)
    assert schedule.sessions[-1].date == dt.date(2026, 4, 27)


def test_it_numbers_sessions_from_one_in_date_order():
    schedule = plan(ALDARA_WARTS)

    assert [s.number for s in schedule.sessions] == list(range(1, 49))
    dates = [s.date for s in schedule.sessions]
    assert dates == sorted(set(dates))


def test_it_keeps_the_plan_zone_on_every_instant():
    schedule = plan(ALDARA_AK, zone="Pacific/Auckland")

    assert schedule.zone == "Pacific/Auckland"
    for session in schedule.sessions:
        assert session.apply_at.tzinfo.key == "Pacific/Auckland"
        assert session.wash_off_at.tzinfo.key == "Pacific/Auckland"


# --- weekday choices ----------------------------------------------------------------


def test_it_rejects_mon_wed_for_ak():
    with pytest.raises(ScheduleError) as excinfo:
        plan(ALDARA_AK, weekdays=("mon", "wed"))

    assert field_of(excinfo) == "weekdays"
    assert excinfo.value.message == (
        "Leave at least 3 days between applications (counting round the week): "
        "for example Monday and Thursday."
    )
    assert str(excinfo.value) == excinfo.value.message


def test_the_example_of_three_days_reads_as_a_list():
    with pytest.raises(ScheduleError) as excinfo:
        plan(ALDARA_WARTS, weekdays=("mon", "tue", "fri"))
    assert excinfo.value.message.endswith("for example Monday, Wednesday and Friday.")


def test_it_rejects_sun_mon_for_ak_counting_round_the_week():
    with pytest.raises(ScheduleError) as excinfo:
        plan(ALDARA_AK, weekdays=("sun", "mon"))

    assert field_of(excinfo) == "weekdays"


def test_it_accepts_sun_wed_for_ak_because_the_gaps_are_three_and_four_days():
    schedule = plan(ALDARA_AK, weekdays=("sun", "wed"))

    assert len(schedule.sessions) == 32


@pytest.mark.parametrize(
    ("rule", "weekdays"),
    [
        (ALDARA_AK, ("mon",)),
        (ALDARA_AK, ("mon", "thu", "sun")),
        (ALDARA_AK, ()),
        (ALDARA_SBCC, ("mon", "tue", "wed", "thu")),
        (ALDARA_WARTS, ("mon", "wed")),
        (ALDARA_WARTS, ("mon", "tue", "thu")),
    ],
)
def test_it_rejects_the_wrong_number_or_spacing_of_weekdays(rule, weekdays):
    with pytest.raises(ScheduleError) as excinfo:
        plan(rule, weekdays=weekdays)

    assert field_of(excinfo) == "weekdays"


def test_it_says_how_many_days_were_chosen():
    with pytest.raises(ScheduleError) as excinfo:
        validate_weekdays(ALDARA_WARTS, ("mon", "wed"))

    assert excinfo.value.message == "Choose exactly 3 days a week for this treatment (you chose 2)."


def test_it_requires_all_seven_days_for_daily_rules():
    with pytest.raises(ScheduleError) as excinfo:
        plan(ZYCLARA_WARTS, weekdays=("mon", "tue", "wed", "thu", "fri", "sat"))

    assert field_of(excinfo) == "weekdays"
    assert "every day" in excinfo.value.message


def test_it_treats_no_weekday_choice_as_every_day_for_daily_rules():
    assert validate_weekdays(ZYCLARA_WARTS, ()) == WEEKDAYS


def test_it_reads_weekday_names_in_any_case_order_and_length():
    assert parse_weekdays("Thursday, mon") == ("mon", "thu")
    assert parse_weekdays(["FRI", " wed ", "Mon", "mon"]) == ("mon", "wed", "fri")
    assert parse_weekdays("tues, thurs, saturday") == ("tue", "thu", "sat")
    assert parse_weekdays("") == ()


@pytest.mark.parametrize("names", ["funday", "mo", "mon, xyz", "monkey", "thunder", "1", "lundi"])
def test_it_rejects_unknown_weekday_names(names):
    with pytest.raises(ScheduleError) as excinfo:
        parse_weekdays(names)

    assert field_of(excinfo) == "weekdays"
    assert "Unknown weekday" in excinfo.value.message


def test_it_rejects_unknown_weekday_names_when_building_a_schedule():
    with pytest.raises(ScheduleError) as excinfo:
        plan(ALDARA_AK, weekdays=("mon", "someday"))

    assert field_of(excinfo) == "weekdays"


# --- clock changes --------------------------------------------------------------------


def test_it_moves_a_time_skipped_by_spring_forward_to_after_the_gap():
    schedule = plan(
        ZYCLARA_WARTS, start=dt.date(2026, 3, 8), time=dt.time(2, 30), zone="America/New_York"
    )

    first = schedule.sessions[0]
    assert first.date == dt.date(2026, 3, 8)
    assert first.apply_at.replace(tzinfo=None) == dt.datetime(2026, 3, 8, 3, 30)
    assert first.apply_at.utcoffset() == dt.timedelta(hours=-4)
    assert first.apply_at.tzname() == "EDT"
    assert utc(first.apply_at) == dt.datetime(2026, 3, 8, 7, 30, tzinfo=dt.UTC)
    # The next day 02:30 exists again.
    assert schedule.sessions[1].apply_at.time() == dt.time(2, 30)


def test_it_takes_the_first_occurrence_of_an_ambiguous_fall_back_time():
    schedule = plan(
        ZYCLARA_WARTS, start=dt.date(2026, 11, 1), time=dt.time(1, 30), zone="America/New_York"
    )

    first = schedule.sessions[0].apply_at
    assert first.replace(tzinfo=None) == dt.datetime(2026, 11, 1, 1, 30)
    assert first.utcoffset() == dt.timedelta(hours=-4)
    assert first.fold == 0
    assert utc(first) == dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)


def test_contact_time_is_elapsed_time_across_a_clock_change():
    schedule = plan(
        ZYCLARA_WARTS, start=dt.date(2026, 3, 28), time=dt.time(22, 0), zone="Europe/London"
    )

    first = schedule.sessions[0]
    assert first.apply_at.replace(tzinfo=None) == dt.datetime(2026, 3, 28, 22, 0)
    assert first.apply_at.tzname() == "GMT"
    assert first.wash_off_at.replace(tzinfo=None) == dt.datetime(2026, 3, 29, 7, 0)
    assert first.wash_off_at.tzname() == "BST"
    assert utc(first.wash_off_at) - utc(first.apply_at) == dt.timedelta(hours=8)


def test_contact_time_is_elapsed_time_when_the_clocks_go_back():
    schedule = plan(
        ZYCLARA_WARTS, start=dt.date(2026, 10, 24), time=dt.time(22, 0), zone="Europe/London"
    )

    first = schedule.sessions[0]
    assert first.wash_off_at.replace(tzinfo=None) == dt.datetime(2026, 10, 25, 5, 0)
    assert utc(first.wash_off_at) - utc(first.apply_at) == dt.timedelta(hours=8)


def test_lord_howe_half_hour_spring_forward_moves_a_skipped_time_by_thirty_minutes():
    # Lord Howe Island goes from +10:30 to +11:00 at 02:00 on the first Sunday of October.
    schedule = plan(
        ZYCLARA_WARTS, start=dt.date(2026, 10, 4), time=dt.time(2, 15), zone="Australia/Lord_Howe"
    )

    first = schedule.sessions[0].apply_at
    assert first.replace(tzinfo=None) == dt.datetime(2026, 10, 4, 2, 45)
    assert first.utcoffset() == dt.timedelta(hours=11)


def test_lord_howe_half_hour_fall_back_takes_the_first_occurrence():
    # ... and back from +11:00 to +10:30 at 02:00 on the first Sunday of April.
    schedule = plan(
        ZYCLARA_WARTS, start=dt.date(2026, 4, 5), time=dt.time(1, 45), zone="Australia/Lord_Howe"
    )

    first = schedule.sessions[0].apply_at
    assert first.replace(tzinfo=None) == dt.datetime(2026, 4, 5, 1, 45)
    assert first.utcoffset() == dt.timedelta(hours=11)


def test_lord_howe_contact_time_is_elapsed_across_the_half_hour_change():
    schedule = plan(
        ZYCLARA_WARTS, start=dt.date(2026, 10, 3), time=dt.time(22, 0), zone="Australia/Lord_Howe"
    )

    first = schedule.sessions[0]
    assert first.wash_off_at.replace(tzinfo=None) == dt.datetime(2026, 10, 4, 6, 30)
    assert utc(first.wash_off_at) - utc(first.apply_at) == dt.timedelta(hours=8)


def test_a_skipped_time_just_before_midnight_stays_on_its_session_day():
    schedule = plan(
        ZYCLARA_WARTS, start=dt.date(2026, 3, 28), time=dt.time(23, 30), zone="America/Nuuk"
    )

    local_days = [s.apply_at.date() for s in schedule.sessions]
    assert local_days == [s.date for s in schedule.sessions]
    # The gap is 23:00-24:00 on Saturday: moving forward would land on Sunday, so 23:30
    # moves back by the gap to 22:30 instead.
    assert schedule.sessions[0].apply_at.strftime("%Y-%m-%d %H:%M") == "2026-03-28 22:30"


# --- time zones ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "zone",
    [
        "Mars/Olympus_Mons",
        "../etc/passwd",
        "/etc/localtime",
        "/usr/share/zoneinfo/Europe/London",
        "Europe/../Europe/London",
        "Europe/London/",
        " Europe/London",
        "europe/london",
        "",
        "localtime",
        "posixrules",
        "right/UTC",
        "posix/Europe/London",
        "zone.tab",
        "BST",
        "GMT+1",
        "Europe/London\x00",
    ],
)
def test_it_rejects_unknown_and_junk_zone_names(zone):
    with pytest.raises(ScheduleError) as excinfo:
        plan(ALDARA_AK, zone=zone)

    assert field_of(excinfo) == "timezone"
    assert "Unknown time zone" in excinfo.value.message


def test_get_zone_rejects_junk_on_its_own():
    with pytest.raises(ScheduleError) as excinfo:
        get_zone("../etc/passwd")

    assert field_of(excinfo) == "timezone"


def test_it_accepts_est5edt_because_iana_keeps_it_as_a_new_york_link():
    # EST5EDT is in available_timezones() (tzdata 'backward' file; since 2024b a link to
    # America/New_York, before that the same US rules for these years), so it is a real
    # IANA name and the engine accepts it. It must then behave like New York.
    est5edt = plan(ZYCLARA_WARTS, start=dt.date(2026, 3, 1), time=dt.time(2, 30), zone="EST5EDT")
    new_york = plan(
        ZYCLARA_WARTS, start=dt.date(2026, 3, 1), time=dt.time(2, 30), zone="America/New_York"
    )

    assert [utc(s.apply_at) for s in est5edt.sessions] == [
        utc(s.apply_at) for s in new_york.sessions
    ]


@pytest.mark.parametrize("zone", ["UTC", "Etc/UTC", "Asia/Kolkata", "Asia/Tehran"])
def test_it_accepts_zones_without_clock_changes(zone):
    schedule = plan(ALDARA_AK, zone=zone)

    assert {s.apply_at.time() for s in schedule.sessions} == {dt.time(22, 0)}


# --- contact hours ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "hours"),
    [
        (ALDARA_AK, 7),
        (ALDARA_AK, 9),
        (ALDARA_AK, 0),
        (ALDARA_WARTS, 5.9),
        (ALDARA_WARTS, 10.5),
        (ALDARA_WARTS, -8),
        (ALDARA_WARTS, math.nan),
        (ALDARA_WARTS, math.inf),
    ],
)
def test_it_rejects_contact_hours_outside_the_rules_range(rule, hours):
    with pytest.raises(ScheduleError) as excinfo:
        plan(rule, hours=hours)

    assert field_of(excinfo) == "contact_hours"


def test_it_says_the_allowed_contact_hours():
    with pytest.raises(ScheduleError) as fixed:
        plan(ALDARA_AK, hours=6)
    with pytest.raises(ScheduleError) as ranged:
        plan(ALDARA_WARTS, hours=12)

    assert fixed.value.message == "For this treatment the cream stays on 8 hours."
    assert ranged.value.message == "For this treatment the cream stays on between 6 and 10 hours."


@pytest.mark.parametrize("hours", [6, 7.5, 10])
def test_it_accepts_contact_hours_at_and_inside_the_range(hours):
    schedule = plan(ALDARA_WARTS, hours=hours)

    first = schedule.sessions[0]
    assert schedule.contact_hours == hours
    assert utc(first.wash_off_at) - utc(first.apply_at) == dt.timedelta(hours=hours)


# --- cycles ---------------------------------------------------------------------------


def test_parse_cycles_reads_on_and_off_phases():
    assert parse_cycles("14 on, 14 off, 14 on") == TWO_WEEK_CYCLES


@pytest.mark.parametrize("text", ["14 on, 14 off, 14 on", "7 on", "1 off, 2 on", ""])
def test_format_cycles_and_parse_cycles_round_trip(text):
    assert format_cycles(parse_cycles(text)) == text


def test_parse_cycles_ignores_extra_spaces_and_empty_parts():
    assert parse_cycles(" 14 on ,, 14 off , ") == TWO_WEEK_CYCLES[:2]


def test_empty_cycle_text_means_no_cycles_and_every_day_is_on():
    rule = RuleSpec("x", 7, WEEKDAYS, 1, 28, 28, cycles=parse_cycles(""))

    assert rule.cycles == ()
    assert all(rule.is_on_day(n) for n in range(28))


@pytest.mark.parametrize(
    "text",
    [
        "14",
        "on",
        "14 maybe",
        "on 14",
        "14on",
        "0 on",
        "-3 on",
        "1.5 on",
        "fourteen on",
        "14 on, 14",
        "14 ON",
        "² on",
    ],
)
def test_parse_cycles_rejects_text_it_cannot_read(text):
    with pytest.raises(ScheduleError) as excinfo:
        parse_cycles(text)

    assert field_of(excinfo) == "cycles"
    assert "14 on, 14 off" in excinfo.value.message


def test_days_after_the_last_cycle_are_off():
    rule = RuleSpec("x", 7, WEEKDAYS, 1, 10, 10, cycles=(Phase(on=True, days=3),))

    assert len(plan(rule).sessions) == 3


# --- rest periods -------------------------------------------------------------------


def test_sessions_between_includes_both_ends():
    schedule = plan(ALDARA_AK, start=MONDAY)  # sessions on Mondays and Thursdays

    covered = sessions_between(schedule, dt.date(2026, 1, 8), dt.date(2026, 1, 12))

    assert [s.date for s in covered] == [dt.date(2026, 1, 8), dt.date(2026, 1, 12)]
    assert [s.number for s in covered] == [2, 3]


def test_sessions_between_is_empty_outside_the_course_or_for_a_backwards_range():
    schedule = plan(ALDARA_AK)

    assert sessions_between(schedule, dt.date(2025, 1, 1), dt.date(2026, 1, 4)) == ()
    assert (
        sessions_between(schedule, schedule.end + dt.timedelta(days=1), dt.date(2030, 1, 1)) == ()
    )
    assert sessions_between(schedule, dt.date(2026, 1, 12), dt.date(2026, 1, 5)) == ()


def test_sessions_between_over_the_whole_window_is_every_session():
    schedule = plan(ALDARA_WARTS)

    assert sessions_between(schedule, schedule.start, schedule.end) == schedule.sessions


def test_a_rest_period_does_not_change_the_schedule():
    schedule = plan(ALDARA_AK)
    before = (len(schedule.sessions), schedule.end)

    sessions_between(schedule, dt.date(2026, 2, 1), dt.date(2026, 2, 28))

    assert (len(schedule.sessions), schedule.end) == before
    assert plan(ALDARA_AK) == schedule


def test_the_breaks_of_a_cycled_course_are_its_off_days():
    """Zyclara AK: 2 weeks on, 2 off, 2 on from Sun 21 Mar 2027: no cream 4 to 17 April."""
    start = dt.date(2027, 3, 21)
    assert breaks(ZYCLARA_AK, start) == [(dt.date(2027, 4, 4), dt.date(2027, 4, 17))]
    assert breaks(ALDARA_AK, start) == []
    first, last = breaks(ZYCLARA_AK, start)[0]
    offsets = range((first - start).days, (last - start).days + 1)
    assert not any(ZYCLARA_AK.is_on_day(offset) for offset in offsets)
    assert ZYCLARA_AK.is_on_day((first - start).days - 1)
    assert ZYCLARA_AK.is_on_day((last - start).days + 1)
