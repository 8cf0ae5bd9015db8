"""The app as in production plus three reference pages, for the benchmark only.

They split the cost of a logged-in request into its steps, none of which a page can skip:
`/bench/ok` answers "ok" (no database), `/bench/session` also reads the session (one lookup),
and `/bench/logged-in` needs a login (the session and the user lookups that Django's auth
makes). The last is the floor under every page that needs a login, so the report can show how
much of a page's cost is the login check and how much is the page.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import clear_url_caches, path

from planner.wsgi import application  # noqa: F401 (what gunicorn serves; sets Django up)


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def session(request):
    request.session.get("any")  # loads the session
    return ok(request)


@login_required
def logged_in(request):
    return ok(request)


def add_reference_pages() -> None:
    from planner import urls  # only once Django is set up

    urls.urlpatterns[:0] = [
        path("bench/ok", ok),
        path("bench/session", session),
        path("bench/logged-in", logged_in),
    ]
    clear_url_caches()


add_reference_pages()
