"""Django's {# #} comment ends at the line's end: one spread over two lines is not a comment,
and the page shows it to the person (it happened to the feed section once)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path
    for folder in ("planner", "regimens")
    for path in (ROOT / folder).rglob("templates/**/*")
    if path.is_file()
)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_short_comment_closes_on_its_own_line(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.count("{#") == line.count("#}"), f"{path.name}:{number}: {line.strip()}"
