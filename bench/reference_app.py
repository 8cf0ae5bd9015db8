"""The app as in production plus one reference page, for the benchmark only.

`/bench/logged-in` needs a login and does nothing else: it is the floor under every page that
needs a login (the session and user lookups that Django's auth makes), so the report can show
how much of a page's cost is the login check and how much is the page.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import clear_url_caches, path

from planner.wsgi import application  # noqa: F401 (what gunicorn serves; sets Django up)


@login_required
def logged_in(request):
    return HttpResponse("ok", content_type="text/plain")


def add_reference_page() -> None:
    from planner import urls  # only once Django is set up

    urls.urlpatterns.insert(0, path("bench/logged-in", logged_in))
    clear_url_caches()


add_reference_page()
