"""No seed claims a review that has not happened yet: the regimen pages and the education
pages show each version's "Last reviewed" date to readers (a date is typed into seeds/ by
hand; the admin sets it only on approval, to that day)."""

import datetime as dt
import re
from pathlib import Path

SEEDS = Path(__file__).parents[2] / "seeds"
REVIEWED = re.compile(r'^last_reviewed = "(\d{4}-\d{2}-\d{2})"', re.MULTILINE)


def review_dates() -> dict[str, list[dt.date]]:
    files = [*SEEDS.glob("*.toml"), *SEEDS.glob("education/**/*.md")]
    found = {str(f.relative_to(SEEDS)): REVIEWED.findall(f.read_text()) for f in files}
    return {name: [dt.date.fromisoformat(day) for day in days] for name, days in found.items()}


def test_no_seed_was_reviewed_after_today():
    # Anywhere on Earth: a reviewer's today may be a day ahead of this machine's.
    latest = dt.date.today() + dt.timedelta(days=1)
    dates = review_dates()
    assert sum(map(len, dates.values())) > 20  # the catalogue's and the education pages'
    future = {name: [d for d in days if d > latest] for name, days in dates.items()}
    assert {name: days for name, days in future.items() if days} == {}
