"""Accounts: sign-up, settings, the data export and deletion; Django's own log-in, log-out and
password views."""

from django.urls import include, path

from planner.accounts import views
from planner.accounts.throttle import throttled

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("email/", throttled("user", "ip")(views.email_change), name="email-change"),
    path("email/link/", throttled("user")(views.email_confirm_send), name="email-confirm-send"),
    # The token is a secret: planner.logging hides everything after /accounts/email/confirm/.
    path("email/confirm/<str:token>/", views.email_confirm, name="email-confirm"),
    path("data.json", views.data_export, name="data-export"),
    path("delete/", throttled("user", "ip")(views.account_delete), name="account-delete"),
    path(
        "password_reset/",
        throttled("ip", "post:email")(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password_change/",
        throttled("user", "ip")(views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # Before Django's, which they extend:
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("", include("django.contrib.auth.urls")),
]
