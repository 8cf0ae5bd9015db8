"""One plan's URLs, /plans/<public_id>/...: its pages, its log and its calendar download, the
most requested first (spliced into the root list: see planner/urls/__init__.py)."""

import datetime as dt

from django.urls import path, register_converter

from planner.views import feeds, log, plans, sessions


class LogDateConverter:
    """A YYYY-MM-DD day; an impossible date such as 2026-02-30 is no match (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError means no match

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)


register_converter(LogDateConverter, "logdate")

PLAN = "plans/<uuid:public_id>/"

urlpatterns = [
    path(PLAN, plans.plan_detail, name="plan-detail"),
    path(PLAN + "calendar/<int:year>-<int:month>/", plans.plan_month, name="plan-month"),
    path(PLAN + "log/", log.symptom_log, name="symptom-log"),
    path(PLAN + "calendar.ics", feeds.plan_ics, name="plan-ics"),
    path(PLAN + "sessions/<int:number>/", sessions.session_update, name="session-update"),
    path(PLAN + "log/<logdate:day>/", log.symptom_edit, name="symptom-edit"),
    path(PLAN + "print/", plans.plan_print, name="plan-print"),
    path(PLAN + "rest/", sessions.rest_add, name="rest-add"),
    path(PLAN + "end/", sessions.plan_end, name="plan-end"),
    path(PLAN + "log.csv", log.symptom_csv, name="symptom-csv"),
    path(PLAN + "report/", log.plan_report, name="plan-report"),
    path(PLAN + "feed/rotate/", feeds.feed_rotate, name="feed-rotate"),
    path(PLAN + "feed/revoke/", feeds.feed_revoke, name="feed-revoke"),
    path(PLAN + "discreet/", feeds.plan_discreet, name="plan-discreet"),
]
