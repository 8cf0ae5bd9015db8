"""The project's own middleware: input no page of ours can use, refused at the door with a
400; sessions in use renewed once a day; and a page for a visit to a form's address."""

from django.contrib.auth import SESSION_KEY
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils import timezone


class RejectNulBytes:
    """A NUL byte is never valid in a cookie or a query string here, and PostgreSQL refuses it
    in a query (a 500 deep inside the session store or an admin filter). Forms need no help:
    Django's text fields refuse NUL with a message the person can read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in text for text in inputs(request.COOKIES, request.GET)):
            raise BadRequest("NUL byte in the request.")
        return self.get_response(request)


def inputs(*mappings):
    """Every key and value of cookies and query dicts."""
    for mapping in mappings:
        items = mapping.lists() if hasattr(mapping, "lists") else mapping.items()
        for key, values in items:
            yield key
            yield from values if isinstance(values, list) else [values]


class RenewSessions:
    """A session in use does not run out. Once a day, a logged-in person's session is saved
    again, which gives it and its cookie SESSION_COOKIE_AGE (two weeks) from then: a course
    lasts up to 16 weeks, and a fixed two weeks logged out mid-course someone who opened Today
    every night. Idle that long, it ends as before. One write a day, where Django's
    SESSION_SAVE_EVERY_REQUEST would write on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        # Only where the page read the session anyway (not the app's script or manifest).
        if session.accessed and session.get(SESSION_KEY) and session.get(RENEWED) != today():
            mark_renewed(session)  # SessionMiddleware, outside this one, saves it
        return response


RENEWED = "renewed_on"


def mark_renewed(session) -> None:
    session[RENEWED] = today()


def renewed_at_log_in(sender, request, user, **kwargs) -> None:
    """On user_logged_in (planner/apps.py): a log-in saves the session anyway, so it is that
    day's renewal."""
    mark_renewed(request.session)


def today() -> str:
    return timezone.now().date().isoformat()


class MethodNotAllowedPage:
    """Django's 405 (require_POST and the like) has no body, which a browser shows as a blank
    page: someone who opens a form's address from their history, or presses Enter in the
    address bar after a refused form (whose page has that address), gets a page saying where
    to go instead. The status and its Allow header stay; other methods keep Django's answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or request.method != "GET" or response.content:
            return response
        page = render(request, "405.html", status=405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
