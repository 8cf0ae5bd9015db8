"""Log-in for the buttons: a POST from a page whose session has ended (a phone's Today left
open past the session's two weeks, say)."""

import functools
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def button_login_required(view):
    """Django's login_required for a view that answers only POST: after the log-in, back to
    the page the button was on (its Referer, when on this site; else Today). login_required
    would lead back to the action's own URL, where the browser's GET gets a blank 405. The
    action is not done: the person sees the page again and taps once more."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return redirect_to_login(referring_page(request) or reverse("today"))

    return checked


def referring_page(request) -> str:
    """The path (and query) of the Referer when it is a page of this site, else ''."""
    referer = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return ""
    page = urlsplit(referer)
    return f"{page.path}?{page.query}" if page.query else page.path
