"""Reading the time zone a person typed: an IANA name in any case, a city alone, an old
name by its current one; and refusing, with what to type, a name that would put the
reminders at the wrong hour. Pure Python, no Django, like the engine."""

from __future__ import annotations

import functools
import importlib.resources
import re

from regimens.engine import ScheduleError, zone_names


def zone_name(text: str) -> str:
    """The IANA name a person meant: typed in any case, or a city alone when one zone has it
    ('new york' -> 'America/New_York'), and by its current name ('Asia/Calcutta', which
    browsers still report, -> 'Asia/Kolkata'); anything else raises, saying what to type
    where it can."""
    wanted = "_".join(text.split()).casefold()
    _refuse_fixed_clock(text, wanted)
    names = available_zone_names()
    exact = [name for name in names if name.casefold() == wanted]
    cities = [name for name in names if "/" in name and name.casefold().endswith(f"/{wanted}")]
    country = [zone for zone, name in _country_zones().items() if name == wanted]
    if exact and len(country) == 1:  # 'Iceland', an old name now linked to Africa/Abidjan
        exact = country
    if country and not (exact or cities):
        raise ScheduleError("timezone", _country_hint(text, country))
    found = sorted({_current_name(name) for name in exact or cities})
    if len(found) > 1:
        raise ScheduleError("timezone", f"{text!r} could be {' or '.join(found[:4])}: choose one.")
    if not found:
        raise ScheduleError(
            "timezone", f"Unknown time zone {text!r}: use an IANA name like Europe/London."
        )
    return found[0]


def _country_hint(text: str, zones: list[str]) -> str:
    """A country's name is not taken as its zone: 'Georgia' may mean the US state."""
    if len(zones) == 1:
        return f"{text!r} is a country: type its time zone, {zones[0]}, if you mean it."
    return f"{text!r} has {len(zones)} time zones: type the nearest city, such as {zones[0]}."


def _refuse_fixed_clock(text: str, wanted: str) -> None:
    """Zones whose clocks never change, where most who type one live where they do ('EST' is
    Panama's clock), or where the name reads the wrong way ('Etc/GMT+5' is UTC-05:00)."""
    if wanted in _STANDARD_ONLY:
        offset, changing, fixed = _STANDARD_ONLY[wanted]
        raise ScheduleError(
            "timezone",
            f"{text!r} keeps {offset} all year: type {changing} if your clocks change, "
            f"or a city such as {fixed} if they never do.",
        )
    named = [name for name in zone_names() if name.casefold() == wanted]
    if named and (hours := _etc_offset(named[0])):
        city = f", such as {_CITY_AT[hours]}" if hours in _CITY_AT else ""
        raise ScheduleError(
            "timezone",
            f"{text!r} keeps UTC{hours:+03d}:00 all year (IANA reverses the sign): type the "
            f"nearest city's zone instead{city}.",
        )


_STANDARD_ONLY = {
    "est": ("UTC-05:00", "America/New_York", "America/Panama"),
    "mst": ("UTC-07:00", "America/Denver", "America/Phoenix"),
}
# In the UK "GMT" names the winter clock; a course kept on it would be an hour off all summer.
_STANDARD_ONLY |= dict.fromkeys(
    ("gmt", "gmt0", "gmt+0", "gmt-0", "greenwich"),
    ("UTC+00:00", "Europe/London", "Atlantic/Reykjavik"),
)


# A well-known city on each whole-hour clock (on its standard time, where clocks change), to
# show with the Etc/GMT zone of that offset; nobody lives on UTC-12:00.
_CITY_AT = {
    -11: "Pacific/Pago_Pago", -10: "Pacific/Honolulu", -9: "America/Anchorage",
    -8: "America/Los_Angeles", -7: "America/Denver", -6: "America/Chicago",
    -5: "America/New_York", -4: "America/Halifax", -3: "America/Sao_Paulo",
    -2: "America/Noronha", -1: "Atlantic/Azores", 1: "Europe/Paris", 2: "Africa/Cairo",
    3: "Europe/Moscow", 4: "Asia/Dubai", 5: "Asia/Karachi", 6: "Asia/Dhaka", 7: "Asia/Bangkok",
    8: "Asia/Singapore", 9: "Asia/Tokyo", 10: "Australia/Sydney", 11: "Pacific/Noumea",
    12: "Pacific/Auckland", 13: "Pacific/Tongatapu", 14: "Pacific/Kiritimati",
}  # fmt: skip


def _etc_offset(zone: str) -> int:
    """The hours east of UTC that Etc/GMT+5 (-5) or Etc/GMT-9 (9) keeps; 0 for other zones."""
    found = re.fullmatch(r"Etc/GMT([+-]\d+)", zone)
    return -int(found[1]) if found else 0


def _current_name(name: str) -> str:
    """A country's own zone keeps its name even where IANA made it a link to a neighbour's
    with the same clocks since 1970 (Europe/Oslo -> Europe/Berlin): that merge is not a
    rename, and nobody in Oslo should read "Berlin"."""
    if name in _country_zones():
        return name
    current = _renamed().get(name, name)
    return current if current in zone_names() else name


@functools.cache
def _country_zones() -> dict[str, str]:
    """Zone -> its country's name, as zone_name() reads a typed one ('britain_(uk)'), from
    tzdata's zone.tab: the names people and browsers use, one or more per country, the
    country's main one first."""
    tables = importlib.resources.files("tzdata").joinpath("zoneinfo")
    countries = dict(_rows(tables.joinpath("iso3166.tab").read_text()))
    return {
        zone: "_".join(countries[code].split()).casefold()
        for code, _, zone, *_ in _rows(tables.joinpath("zone.tab").read_text())
    }


def _rows(table: str) -> list[list[str]]:
    return [line.split("\t") for line in table.splitlines() if not line.startswith("#")]


@functools.cache
def _renamed() -> dict[str, str]:
    """Old names IANA keeps as links to a zone's current one, from the tzdata package's
    compact source ('L Asia/Kolkata Asia/Calcutta'). Links into Etc/ are left out: 'UTC' is
    the name people know (and 'GMT' is refused, _STANDARD_ONLY)."""
    source = importlib.resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi")
    links = (line.split() for line in source.read_text().splitlines() if line.startswith("L "))
    return {old: current for _, current, old in links if not current.startswith("Etc/")}


@functools.cache
def available_zone_names() -> tuple[str, ...]:
    """IANA zone names for pickers, sorted: those zone_name() takes as typed. Not 'Factory',
    IANA's placeholder for a machine whose zone is unset, nor those it refuses (EST, MST,
    Etc/GMT+5), though get_zone() still loads each of them for a plan saved before."""
    unmeant = {"factory", *_STANDARD_ONLY}
    return tuple(
        sorted(
            name
            for name in zone_names()
            if name.casefold() not in unmeant and not _etc_offset(name)
        )
    )
