"""`{% load education %}`: the education parts other pages include: a regimen page's reader
bar, standing and reader-worded section; the questions a plan's regimen raises; the questions
about what a side-effect log entry just recorded."""

from __future__ import annotations

from django import template

from regimens.education import pages, reader
from regimens.education.models import Entry, Reader

register = template.Library()


@register.inclusion_tag("education/_regimen_education.html", takes_context=True)
def regimen_education(context, rule):
    """No query for a patient's view; a carer's or professional's adds their section."""
    request = context["request"]
    extra = reader.form_context(request)
    extra["standing"] = pages.standing_of_rule(rule)
    extra["page"] = None
    if extra["reader"] != reader.PATIENT:
        version = pages.approved(Entry.Kind.REGIMEN, rule.regimen.slug)
        with_body = extra["reader"] == Reader.CARER  # professionals: the clinical part only
        # One page, one meaning per number: these go on from the rule's sources.
        first = len(rule.sources) + 1
        extra["page"] = (
            pages.present(version, extra["reader"], with_body=with_body, first_number=first)
            if version
            else None
        )
    return extra


@register.inclusion_tag("education/_plan_questions.html")
def questions_for_plan(rule):
    """One query. The plan page speaks to the person using the cream: patient wording."""
    return {"questions": pages.questions_for_indication(rule.indication, reader.PATIENT)}


@register.inclusion_tag("education/_log_questions.html", takes_context=True)
def questions_for_logged_day(context, entries):
    """After a day is saved (?saved=<date>), the questions about what it recorded: no query
    unless that day recorded something."""
    saved = context["request"].GET.get("saved", "")
    items = {
        graded.item
        for day, reported in entries
        if day.date.isoformat() == saved
        for graded in reported
    }
    return {"questions": pages.questions_for_symptoms(items, reader.PATIENT)}
