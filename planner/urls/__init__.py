"""Root URLs. Each feature keeps its own list in a module beside this one."""

from django.contrib import admin
from django.urls import include, path

from planner.views import accounts, health, pages

urlpatterns = [
    # The most requested first: load balancers' probes, calendar apps polling feeds, plans.
    path("healthz", health.healthz, name="healthz"),
    path("feeds/", include("planner.urls.feeds")),
    path("plans/<uuid:public_id>/", include("planner.urls.plan")),
    path("plans/", include("planner.urls.plans")),
    path("", pages.home, name="home"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/data.json", accounts.data_export, name="data-export"),
    path("accounts/delete/", accounts.account_delete, name="account-delete"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("regimens/", include("regimens.urls")),
    path("admin/", admin.site.urls),
]
