import datetime as dt
import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

EXPECTED_COUNTS = {
    "aldara-ak": 32,
    "aldara-sbcc": 30,
    "aldara-egw": 48,
    "zyclara-ak-3-75": 28,
    "zyclara-ak-2-5": 28,
    "zyclara-egw": 56,
}


def schedule(*args) -> str:
    out = io.StringIO()
    call_command("schedule", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("slug", "count"), EXPECTED_COUNTS.items())
def test_each_seed_rule_gives_the_label_count(catalogue, slug, count):
    data = json.loads(schedule("--regimen", slug, "--start", "2026-03-04", "--format", "json"))
    assert len(data["sessions"]) == count


def test_json_has_the_documented_shape(catalogue):
    data = json.loads(
        schedule(
            "--regimen",
            "aldara-ak",
            "--start",
            "2026-03-02",
            "--weekdays",
            "mon,thu",
            "--time",
            "21:30",
            "--tz",
            "Europe/London",
            "--format",
            "json",
        )
    )
    assert data["regimen"] == "aldara-ak"
    assert data["rule_version"] == 1
    assert data["start_date"] == "2026-03-02"
    assert data["end_date"] == "2026-06-21"
    assert data["timezone"] == "Europe/London"
    assert data["contact_hours"] == 8
    first = data["sessions"][0]
    assert first == {
        "number": 1,
        "date": "2026-03-02",
        "apply_at": "2026-03-02T21:30:00+00:00",
        "wash_off_at": "2026-03-03T05:30:00+00:00",
    }
    # 26 March is the Thursday before the clocks go forward: 8 elapsed hours end at 06:30 BST.
    clocks = next(s for s in data["sessions"] if s["date"] == "2026-03-26")
    assert clocks["wash_off_at"] == "2026-03-27T05:30:00+00:00"
    last = dt.date.fromisoformat(data["sessions"][-1]["date"])
    assert last <= dt.date(2026, 6, 21)


def test_wash_off_is_eight_elapsed_hours_across_spring_forward(catalogue):
    data = json.loads(
        schedule(
            "--regimen",
            "zyclara-egw",
            "--start",
            "2026-03-28",
            "--tz",
            "Europe/London",
            "--format",
            "json",
        )
    )
    night = next(s for s in data["sessions"] if s["date"] == "2026-03-28")
    assert night["apply_at"] == "2026-03-28T22:00:00+00:00"
    assert night["wash_off_at"] == "2026-03-29T07:00:00+01:00"


def test_text_and_csv_formats(catalogue):
    text = schedule("--regimen", "aldara-sbcc", "--start", "2026-03-02")
    assert "30 applications" in text
    assert "not medical advice" in text
    # Days are named as the pages name them ("Mon 2 Mar 2026", not "Mon 02 Mar 2026").
    assert "Mon 2 Mar 2026 to " in text
    assert "  1  Mon 2 Mar 2026   22:00  wash off Tue 06:00" in text
    csv_out = schedule("--regimen", "aldara-sbcc", "--start", "2026-03-02", "--format", "csv")
    assert csv_out.splitlines()[0] == "number,date,apply_at,wash_off_at"
    assert len(csv_out.splitlines()) == 31


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regimen", "nope", "--start", "2026-03-02"], "choose one of aldara-ak"),
        (["--regimen", "aldara-ak", "--start", "2026-13-02"], "--start '2026-13-02' is not valid"),
        (["--regimen", "aldara-ak", "--start", "2026-03-02", "--tz", "Mars/Base"], "time zone"),
        (
            ["--regimen", "aldara-ak", "--start", "2026-03-02", "--weekdays", "mon,wed"],
            "at least 3",
        ),
        (["--regimen", "aldara-ak", "--start", "2026-03-02", "--weekdays", "mon,xyz"], "weekday"),
        (["--regimen", "aldara-egw", "--start", "2026-03-02", "--contact-hours", "12"], "6 and 10"),
        (["--regimen", "aldara-ak", "--start", "2026-03-02", "--time", "25:00"], "--time"),
        (["--regimen", "aldara-ak", "--start", "2026-03-02", "--format", "xml"], "format"),
    ],
)
def test_bad_input_is_one_clear_error_with_status_2(catalogue, args, message):
    with pytest.raises(CommandError, match=message) as info:
        schedule(*args)
    assert info.value.returncode == 2


def test_the_real_command_line_prints_one_line_and_exits_2(tmp_path):
    """Through manage.py, as a person runs it: no traceback, one line on stderr."""
    env_db = tmp_path / "db.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{env_db}", "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True, capture_output=True
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "schedule", "--regimen", "nope", "--start", "2026-03-02"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
