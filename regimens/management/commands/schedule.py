"""Print a schedule from the catalogue without saving anything."""

import csv
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from regimens import engine
from regimens.models import RuleVersion

FORMATS = ("text", "json", "csv")


def usage_error(message: str) -> CommandError:
    """Bad input: Django prints one line on stderr and exits with status 2."""
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Print the application schedule a regimen gives, without saving anything."

    def add_arguments(self, parser):
        parser.add_argument("--regimen", required=True, help="Regimen slug, e.g. aldara-ak.")
        parser.add_argument("--start", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--weekdays", help="e.g. mon,thu (default: the rule's).")
        parser.add_argument("--time", help="Local application time HH:MM (default: the rule's).")
        parser.add_argument("--tz", default="UTC", help="IANA time zone, e.g. Europe/London.")
        parser.add_argument("--contact-hours", help="Hours before washing off (rule's range).")
        parser.add_argument("--format", default="text", help="text, json or csv.")

    def handle(self, *args, **options):
        try:
            version, schedule = self.build(options)
        except engine.ScheduleError as exc:
            raise usage_error(exc.message) from None
        render = {"text": render_text, "json": render_json, "csv": render_csv}[options["format"]]
        render(self.stdout, version, schedule)

    def build(self, options):
        if options["format"] not in FORMATS:
            raise usage_error(f"Unknown format {options['format']!r}: use text, json or csv.")
        version = find_version(options["regimen"])
        rule = version.spec()
        inputs = engine.PlanInputs(
            start=parse(dt.date.fromisoformat, options["start"], "--start", "YYYY-MM-DD"),
            weekdays=engine.parse_weekdays(options["weekdays"] or rule.default_weekdays),
            time=parse(dt.time.fromisoformat, options["time"], "--time", "HH:MM")
            if options["time"]
            else rule.default_time,
            zone=options["tz"],
            contact_hours=parse(float, options["contact_hours"], "--contact-hours", "a number")
            if options["contact_hours"]
            else rule.contact_hours_default,
        )
        return version, engine.build_schedule(rule, inputs)


def find_version(slug: str) -> RuleVersion:
    version = RuleVersion.objects.approved().select_related("regimen").filter(regimen__slug=slug)
    if not version:
        valid = ", ".join(
            RuleVersion.objects.approved()
            .values_list("regimen__slug", flat=True)
            .order_by("regimen__slug")
        )
        raise usage_error(f"Unknown regimen {slug!r}: choose one of {valid or '(none loaded)'}.")
    return version[0]


def parse(convert, value: str, option: str, expected: str):
    try:
        return convert(value)
    except ValueError:
        raise usage_error(f"{option} {value!r} is not valid: expected {expected}.") from None


def schedule_dict(version: RuleVersion, schedule: engine.Schedule) -> dict:
    return {
        "regimen": version.regimen.slug,
        "rule_version": version.version,
        "start_date": schedule.start.isoformat(),
        "end_date": schedule.end.isoformat(),
        "timezone": schedule.zone,
        "contact_hours": schedule.contact_hours,
        "sessions": [
            {
                "number": s.number,
                "date": s.date.isoformat(),
                "apply_at": s.apply_at.isoformat(),
                "wash_off_at": s.wash_off_at.isoformat(),
            }
            for s in schedule.sessions
        ],
    }


def render_json(out, version, schedule):
    out.write(json.dumps(schedule_dict(version, schedule), indent=2))


def render_csv(out, version, schedule):
    rows = schedule_dict(version, schedule)["sessions"]
    writer = csv.DictWriter(out, fieldnames=["number", "date", "apply_at", "wash_off_at"])
    writer.writeheader()
    writer.writerows(rows)


def render_text(out, version, schedule):
    out.write(
        f"{version.title} (rule v{version.version}), {schedule.zone}\n"
        f"{engine.day_name(schedule.start, year=True)} to "
        f"{engine.day_name(schedule.end, year=True)}: "
        f"{len(schedule.sessions)} applications, washed off after {schedule.contact_hours:g} h\n"
    )
    for s in schedule.sessions:
        day = engine.day_name(s.apply_at, year=True)  # padded to keep the times in a column
        out.write(
            f"{s.number:>3}  {day:<15}  {s.apply_at:%H:%M}  wash off {s.wash_off_at:%a %H:%M}\n"
        )
    out.write("Educational aid, not medical advice: follow your prescriber's instructions.\n")
