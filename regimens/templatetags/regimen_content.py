"""`{% load regimen_content %}`: education Markdown as sanitised HTML."""

from django import template

from regimens import content

register = template.Library()


@register.filter
def markdown(text: str):
    """`{{ rule.apply_steps|markdown }}`: Markdown rendered and sanitised by nh3."""
    return content.render(text)
