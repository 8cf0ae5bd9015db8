"""The side-effect log, under /plans/<public_id>/ (see planner/urls/__init__.py)."""

import datetime as dt

from django.urls import path, register_converter

from planner.views import log


class LogDateConverter:
    """A YYYY-MM-DD day; an impossible date such as 2026-02-30 is no match (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError means no match

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)


register_converter(LogDateConverter, "logdate")

urlpatterns = [
    path("log/", log.symptom_log, name="symptom-log"),
    path("log/<logdate:day>/", log.symptom_edit, name="symptom-edit"),
    path("log.csv", log.symptom_csv, name="symptom-csv"),
    path("report/", log.plan_report, name="plan-report"),
]
