"""Where a page shows its messages: a message about one section of the page (tagged with the
section's id, e.g. "feed") is shown in that section, where the redirect scrolled to; the rest at
the top of the page."""

from django import template

register = template.Library()


@register.filter
def for_section(messages, section: str) -> list:
    """The messages tagged for `section`."""
    return [message for message in messages if section in message.extra_tags.split()]


@register.filter
def for_top(messages, sections: str) -> list:
    """The messages tagged for none of `sections` (space-separated ids of sections on the page)."""
    here = set(sections.split())
    return [message for message in messages if not here & set(message.extra_tags.split())]
