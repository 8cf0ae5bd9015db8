"""The list of plans and the plan form (one plan's URLs: planner/urls/plan.py)."""

from django.urls import path

from planner.views import plans

urlpatterns = [
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/new/", plans.plan_add, name="plan-add"),
]
