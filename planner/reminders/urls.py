"""Reminders: the settings pages, the one-tap links in each reminder and the unsubscribe."""

from django.urls import path

from planner.reminders import views

urlpatterns = [
    path("reminders/", views.reminder_settings, name="reminder-settings"),
    path("reminders/plans/<uuid:public_id>/", views.plan_reminders, name="plan-reminders"),
    path(
        "reminders/plans/<uuid:public_id>/rule-alerts/",
        views.plan_rule_alerts,
        name="plan-rule-alerts",
    ),
    # The token is a secret: planner.logging hides everything after /reminders/act/.
    path(
        "reminders/act/<uuid:public_id>/<int:number>/<str:token>/",
        views.reminder_action,
        name="reminder-action",
    ),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="reminder-unsubscribe"),
    path(
        "reminders/push/act/<uuid:public_id>/<int:number>/<str:token>/",
        views.push_action,
        name="reminder-push-action",
    ),
    path("reminders/push/subscribe/", views.push_subscribe, name="push-subscribe"),
    path("reminders/push/unsubscribe/", views.push_unsubscribe, name="push-unsubscribe"),
]
