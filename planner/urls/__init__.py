"""Root URLs. Each feature keeps its own list in a module beside this one."""

from django.contrib import admin
from django.urls import include, path

from planner.urls import feeds, plan, plans
from planner.views import accounts, health, pages

urlpatterns = [
    # The most requested first: load balancers' probes, calendar apps polling feeds, plans.
    # Our own lists are spliced in, not included: a match inside an include costs a second
    # resolver pass (7-11 us of a cached plan page).
    path("healthz", health.healthz, name="healthz"),
    *feeds.urlpatterns,
    *plan.urlpatterns,
    *plans.urlpatterns,
    path("", pages.home, name="home"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/data.json", accounts.data_export, name="data-export"),
    path("accounts/delete/", accounts.account_delete, name="account-delete"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("regimens/", include("regimens.urls")),
    path("admin/", admin.site.urls),
]
