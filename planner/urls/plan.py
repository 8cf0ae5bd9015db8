"""One plan's URLs, under /plans/<public_id>/ (see planner/urls/__init__.py): its pages, its
log and its calendar download, the most requested first."""

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

urlpatterns = [
    path("", plans.plan_detail, name="plan-detail"),
    path("calendar/<int:year>-<int:month>/", plans.plan_month, name="plan-month"),
    path("log/", log.symptom_log, name="symptom-log"),
    path("calendar.ics", feeds.plan_ics, name="plan-ics"),
    path("sessions/<int:number>/", sessions.session_update, name="session-update"),
    path("log/<logdate:day>/", log.symptom_edit, name="symptom-edit"),
    path("print/", plans.plan_print, name="plan-print"),
    path("rest/", sessions.rest_add, name="rest-add"),
    path("end/", sessions.plan_end, name="plan-end"),
    path("log.csv", log.symptom_csv, name="symptom-csv"),
    path("report/", log.plan_report, name="plan-report"),
    path("feed/rotate/", feeds.feed_rotate, name="feed-rotate"),
    path("feed/revoke/", feeds.feed_revoke, name="feed-revoke"),
    path("discreet/", feeds.plan_discreet, name="plan-discreet"),
]
