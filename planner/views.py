"""The pages that belong to no feature: the home page, the load balancer's probe, the favicon,
and the web app manifest and service worker that make the site installable."""

import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from planner.accounts.access import referring_page
from planner.plans.forms import approved_rules


@require_safe
def home(request):
    """The introduction; a logged-in person goes where a log-in lands, tonight's actions."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "home.html", {"rules": approved_rules()})


@never_cache
@require_safe
def healthz(request):
    """200 'ok' after a trivial query; 503 when the database cannot answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form whose token no longer holds, most often a page left open
    while the person logged in or out elsewhere. The site's own page (Django's says only
    "CSRF verification failed"), with the way back to the page it came from."""
    return render(request, "403_csrf.html", {"back": referring_page(request)}, status=403)


def _static_text(name: str) -> str:
    with open(finders.find(name), encoding="utf-8") as source:
        return source.read()


@cache_control(max_age=86400)
@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (the admin, the print sheet):
    the site's icon, through static() for its hashed name in production."""
    return redirect(static("planner/icons/icon-192.png"))


@cache_control(max_age=600)
@require_safe
def web_manifest(request):
    """The manifest at the root, its icons through static() so that they get hashed names
    (and long caching) in production."""
    manifest = json.loads(_static_text("planner/manifest.webmanifest"))
    for icon in manifest["icons"]:
        icon["src"] = static(f"planner/{icon['src']}")
    return HttpResponse(json.dumps(manifest), content_type="application/manifest+json")


@cache_control(no_cache=True)
@require_safe
def service_worker(request):
    """The worker from the site's root, not /static/: a worker controls only pages under the
    folder it is served from, and Today and the plan pages are not under /static/."""
    return HttpResponse(
        _static_text("planner/sw.js"), content_type="text/javascript; charset=utf-8"
    )
