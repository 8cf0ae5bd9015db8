"""Education Markdown is rendered, then sanitised: a rule edit cannot put script on a page."""

import pytest

from regimens.content import render

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="https://example.org" onclick="alert(1)">click</a>',
    "<iframe src=https://example.org></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<svg onload=alert(1)>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_it_removes_script_handlers_and_unsafe_links(attack):
    html = render(f"Before.\n\n{attack}\n\nAfter.").lower()
    for bad in ("<script", "alert(1)", "onerror", "onclick", "onload", "javascript:", "<img"):
        assert bad not in html
    assert "<iframe" not in html and "style=" not in html and "<svg" not in html
    assert "before." in html and "after." in html


def test_it_keeps_the_formatting_education_text_uses():
    html = render(
        "1. Wash\n2. **Dry**\n\n- *one*\n\n> quoted\n\n`code`\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[Label](https://example.org/label)"
    )
    for tag in ("<ol>", "<li>", "<strong>", "<ul>", "<em>", "<blockquote>", "<code>", "<table>"):
        assert tag in html
    assert '<a href="https://example.org/label" rel="noopener noreferrer nofollow">' in html


def test_content_headings_start_below_the_page_sections():
    html = render("# Top\n\n## Next\n\n### Deeper")
    assert "<h3>Top</h3>" in html and "<h4>Next</h4>" in html
    assert "<h1" not in html and "<h2" not in html and "<h5" not in html


def test_source_markers_stay_as_text():
    assert render("Use it twice a week [1][2].") == "<p>Use it twice a week [1][2].</p>"


def test_empty_text_renders_nothing():
    assert render("") == ""
