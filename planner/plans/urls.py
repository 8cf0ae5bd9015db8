"""Plans: Today, the list, the form, one plan's pages and the changes to its nights."""

from django.urls import path

from planner.plans import actions, assessment, editing, prescribed, views

PLAN = "plans/<uuid:public_id>/"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_add, name="plan-add"),
    path("plans/new/prescribed/", prescribed.plan_add_prescribed, name="plan-add-prescribed"),
    path(PLAN, views.plan_detail, name="plan-detail"),
    path(PLAN + "calendar/<int:year>-<int:month>/", views.plan_month, name="plan-month"),
    path(PLAN + "print/", views.plan_print, name="plan-print"),
    path(PLAN + "history/", views.plan_history, name="plan-history"),
    path(PLAN + "sessions/<int:number>/", actions.session_update, name="session-update"),
    path(PLAN + "rest/", actions.rest_add, name="rest-add"),
    path(PLAN + "rest/<int:rest_id>/remove/", actions.rest_remove, name="rest-remove"),
    path(PLAN + "end/", actions.plan_end, name="plan-end"),
    path(PLAN + "assessment/", assessment.assessment_view, name="plan-assessment"),
    path(PLAN + "change/", editing.plan_update, name="plan-update"),
    path(PLAN + "delete/", editing.plan_delete, name="plan-delete"),
]
