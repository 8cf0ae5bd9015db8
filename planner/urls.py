"""Root URLs: each feature keeps its own list (planner/<feature>/urls.py)."""

from django.contrib import admin
from django.urls import include, path

from planner import views

# Staff see the site's name, not "Django administration", in the admin's header and titles.
admin.site.site_header = "Imiquimod Planner administration"
admin.site.site_title = "Imiquimod Planner admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web-manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("", include("planner.plans.urls")),
    path("", include("planner.symptoms.urls")),
    path("", include("planner.calendars.urls")),
    path("", include("planner.reminders.urls")),
    path("accounts/", include("planner.accounts.urls")),
    path("", include("regimens.education.urls")),  # before regimens/<slug>/
    path("regimens/", include("regimens.urls")),
    path("admin/", admin.site.urls),
]
