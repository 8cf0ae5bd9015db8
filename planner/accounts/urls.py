"""Accounts: sign-up, settings, the data export and deletion; Django's own log-in, log-out and
password views."""

from django.urls import include, path

from planner.accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("data.json", views.data_export, name="data-export"),
    path("delete/", views.account_delete, name="account-delete"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("", include("django.contrib.auth.urls")),
]
