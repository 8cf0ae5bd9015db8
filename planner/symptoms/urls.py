"""The side-effect log of one plan: its page, one day's entry, the CSV and the report."""

import datetime as dt

from django.urls import path, register_converter

from planner.plans.urls import PLAN
from planner.symptoms import views


class LogDateConverter:
    """A YYYY-MM-DD day; an impossible date such as 2026-02-30 is no match (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError means no match

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)


register_converter(LogDateConverter, "logdate")

urlpatterns = [
    path(PLAN + "log/", views.symptom_log, name="symptom-log"),
    path(PLAN + "log/<logdate:day>/", views.symptom_edit, name="symptom-edit"),
    path(PLAN + "log/<logdate:day>/delete/", views.symptom_delete, name="symptom-delete"),
    path(PLAN + "log.csv", views.symptom_csv, name="symptom-csv"),
    path(PLAN + "report/", views.plan_report, name="plan-report"),
]
