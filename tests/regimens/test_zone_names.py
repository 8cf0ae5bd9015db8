"""Reading the time zone a person typed (regimens.zones): the IANA name they meant, or a
refusal that says what to type."""

import datetime as dt
import importlib.resources
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

from regimens.engine import ScheduleError
from regimens.zones import _CITY_AT, available_zone_names, zone_name


def test_it_and_the_engine_are_pure_python():
    script = "import sys, regimens.engine, regimens.zones; print(sorted(sys.modules))"
    imported = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "regimens.zones" in imported and "django" not in imported


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Europe/London", "Europe/London"),
        ("asia/kolkata", "Asia/Kolkata"),
        (" America/New_York ", "America/New_York"),
        ("london", "Europe/London"),
        ("New York", "America/New_York"),
        ("utc", "UTC"),
        # Old names IANA keeps as links (Chromium reports Asia/Calcutta) give the current one.
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Calcutta", "Asia/Kolkata"),
        ("europe/kiev", "Europe/Kyiv"),
        ("US/Eastern", "America/New_York"),
        # A country's own zone keeps its name where IANA merged it into a neighbour's
        # (Europe/Oslo is a link to Europe/Berlin): nobody in Oslo should read "Berlin".
        ("Europe/Oslo", "Europe/Oslo"),
        ("oslo", "Europe/Oslo"),
        ("Atlantic/Reykjavik", "Atlantic/Reykjavik"),
        ("Europe/Zagreb", "Europe/Zagreb"),
        # Old names that are also a country's: its own zone ('Iceland' is a link to
        # Africa/Abidjan), or the zone named ('Portugal', a country of three).
        ("Iceland", "Atlantic/Reykjavik"),
        ("Portugal", "Europe/Lisbon"),
        ("Panama", "America/Panama"),  # a city before a country
        # One zone under two names is not a choice to make.
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("Indianapolis", "America/Indiana/Indianapolis"),
    ],
)
def test_zone_name_finds_the_iana_name_a_person_meant(typed, meant):
    assert zone_name(typed) == meant


def test_a_current_name_keeps_the_clock_of_the_name_typed():
    """Every zone, typed by its full name, gives a zone with the same offsets, each month
    from 2020 to 2030 (a link is the same zone since 1970)."""
    instants = [
        dt.datetime(year, month, 15, 12, tzinfo=dt.UTC)
        for year in range(2020, 2031)
        for month in range(1, 13)
    ]
    renamed = 0
    for typed in available_zone_names():
        meant = zone_name(typed)
        renamed += meant != typed
        offsets = [
            (t.astimezone(ZoneInfo(typed)).utcoffset(), t.astimezone(ZoneInfo(meant)).utcoffset())
            for t in instants
        ]
        assert all(a == b for a, b in offsets), (typed, meant)
    assert renamed > 100  # the old names (Asia/Calcutta, US/Eastern, ...) were renamed


def test_every_countrys_own_zone_comes_back_by_the_name_typed():
    """The names in tzdata's zone.tab, one or more per country, are the ones browsers report
    and people know; IANA's merges of zones alike since 1970 are not renames."""
    table = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    rows = [line.split("\t") for line in table.splitlines() if not line.startswith("#")]
    assert len(rows) > 400
    assert [row[2] for row in rows if zone_name(row[2]) != row[2]] == []


def test_pickers_offer_only_names_it_takes():
    offered = available_zone_names()
    assert "Europe/Oslo" in offered and "UTC" in offered and "Etc/GMT0" in offered
    assert not {"EST", "GMT", "GMT0", "Greenwich", "Factory", "Etc/GMT+5", "Etc/GMT-9"} & set(
        offered
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Eastern", "'Eastern' could be America/New_York or America/Toronto: choose one."),
        ("Mars/Olympus", "Unknown time zone 'Mars/Olympus'"),
        ("/London", "Unknown time zone"),
        ("", "Unknown time zone"),
        ("../etc/passwd", "Unknown time zone"),
        ("+05:30", "Unknown time zone"),
        ("Factory", "Unknown time zone"),
        # A country alone is not a zone: 'Georgia' may be the US state.
        ("Georgia", "'Georgia' is a country: type its time zone, Asia/Tbilisi, if you mean it."),
        ("norway", "'norway' is a country: type its time zone, Europe/Oslo, if you mean it."),
        ("germany", "'germany' has 2 time zones: type the nearest city, such as Europe/Berlin."),
        ("United States", "has 29 time zones: type the nearest city, such as America/New_York."),
        # Zones named by an abbreviation that never changes its clocks, though most who
        # type one live where clocks do.
        ("EST", "'EST' keeps UTC-05:00 all year: type America/New_York if your clocks change"),
        ("mst", "'mst' keeps UTC-07:00 all year: type America/Denver if your clocks change"),
        # In the UK "GMT" is the winter clock: kept, a course would be an hour off in summer.
        (
            "GMT",
            "'GMT' keeps UTC+00:00 all year: type Europe/London if your clocks change, or a "
            "city such as Atlantic/Reykjavik if they never do.",
        ),
        # Its other spellings read the same way; IANA's technical Etc/GMT0 stays.
        ("GMT0", "'GMT0' keeps UTC+00:00 all year: type Europe/London if your clocks change"),
        ("gmt+0", "'gmt+0' keeps UTC+00:00 all year: type Europe/London if your clocks change"),
        ("Greenwich", "'Greenwich' keeps UTC+00:00 all year: type Europe/London if your"),
        # IANA's fixed offsets reverse the sign: Etc/GMT+5 is five hours behind UTC.
        ("Etc/GMT+5", "'Etc/GMT+5' keeps UTC-05:00 all year (IANA reverses the sign)"),
        ("etc/gmt-14", "'etc/gmt-14' keeps UTC+14:00 all year (IANA reverses the sign)"),
        # With a city on that clock (in winter, where clocks change), not always London's.
        (
            "Etc/GMT-9",
            "UTC+09:00 all year (IANA reverses the sign): type the nearest city's zone "
            "instead, such as Asia/Tokyo.",
        ),
        (
            "Etc/GMT+5",
            "UTC-05:00 all year (IANA reverses the sign): type the nearest city's zone "
            "instead, such as America/New_York.",
        ),
        (
            "Etc/GMT+12",
            "UTC-12:00 all year (IANA reverses the sign): type the nearest city's zone instead.",
        ),  # nobody lives there
        ("Etc/GMT+14", "Unknown time zone"),  # there is none: -14 is the other way round
    ],
)
def test_zone_name_refuses_what_it_cannot_pin_down(typed, message):
    with pytest.raises(ScheduleError) as excinfo:
        zone_name(typed)
    assert excinfo.value.field == "timezone" and message in excinfo.value.message


def test_the_city_offered_for_each_fixed_offset_keeps_that_offset_for_part_of_the_year():
    for hours, city in _CITY_AT.items():
        offsets = {
            dt.datetime(2026, month, 15, 12, tzinfo=ZoneInfo(city)).utcoffset() for month in (1, 7)
        }
        assert dt.timedelta(hours=hours) in offsets, city
