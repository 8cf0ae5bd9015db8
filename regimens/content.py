"""Education text: staff write Markdown, patients get sanitised HTML.

Markdown passes raw HTML through, so its output is never trusted: nh3 keeps only
the small set of tags below and drops scripts, event handlers and unsafe URLs.
"""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "code", "blockquote", "br",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTENSIONS = ("tables", "sane_lists", "toc")
# The page gives each section an h2, so content headings start at h3 ("# x" -> <h3>).
EXTENSION_CONFIGS = {"toc": {"baselevel": 3}}


def render(text: str) -> SafeString:
    """Markdown -> HTML that is safe to put on a patient's page."""
    html = markdown.markdown(text or "", extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    return mark_safe(sanitise(html))  # noqa: S308 (nh3 has just cleaned it)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
