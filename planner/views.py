"""The two pages that belong to no feature: the home page and the load balancer's probe."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from planner.plans.forms import approved_rules


def home(request):
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
