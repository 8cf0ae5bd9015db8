from django.urls import path

from planner.views import plans, sessions

urlpatterns = [
    path("", plans.plan_list, name="plan-list"),
    path("new/", plans.plan_add, name="plan-add"),
    path("<uuid:public_id>/", plans.plan_detail, name="plan-detail"),
    path("<uuid:public_id>/print/", plans.plan_print, name="plan-print"),
    path("<uuid:public_id>/calendar/<int:year>-<int:month>/", plans.plan_month, name="plan-month"),
    path("<uuid:public_id>/end/", sessions.plan_end, name="plan-end"),
    path("<uuid:public_id>/rest/", sessions.rest_add, name="rest-add"),
    path("<uuid:public_id>/sessions/<int:number>/", sessions.session_update, name="session-update"),
]
