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
        "p", "ul", "ol", "li", "strong", "em", "a", "h2", "h3", "h4", "code", "blockquote", "br",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTENSIONS = ("tables", "sane_lists", "toc")


def render(text: str, top: int = 3) -> SafeString:
    """Markdown -> HTML that is safe to put on a patient's page. Its headings start at level
    `top` ("# x" -> <h3>): most text sits in a section under an h2 of the page's."""
    configs = {"toc": {"baselevel": top}}
    html = markdown.markdown(text or "", extensions=EXTENSIONS, extension_configs=configs)
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
