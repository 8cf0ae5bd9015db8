"""Log-in for a POST from a page whose session has ended (a phone's Today left open past the
session's two weeks, say): a button leads back to its page; a form worth keeping comes back
filled in."""

import functools
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
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


def path_on_this_site(request, wanted: str) -> str:
    """`wanted` (a form's "next") when it is a path on this site, else ''. Only a path: given
    anything else, redirect() reads "0" or "today" as the name of a view."""
    if not wanted.startswith("/"):
        return ""
    if not url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return ""  # "//elsewhere.example/"
    return wanted


def referring_page(request) -> str:
    """The path (and query) of the Referer when it is a page of this site, else ''. Browsers
    send an absolute Referer; a relative one ("0") would lead to a page that does not exist."""
    referer = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return ""
    page = urlsplit(referer)
    return path_on_this_site(request, f"{page.path}?{page.query}" if page.query else page.path)


KEPT_FORM = "form_kept_through_log_in"
KEPT_NOTICE = "Not saved yet: here is what you typed before logging in. Check it, then save."
MOST_KEPT = 10_000  # characters: a side-effect note holds 2,000; anything larger is not ours


def form_login_required(view=None, *, shown_on=None):
    """Django's login_required for a page whose form took typing (a side-effect entry, a plan
    change): a form sent after the session ended is kept in the new session, and the page
    shows it again, filled in and not saved, once its owner has logged in (kept_form).
    `shown_on(**url_kwargs)`: the page the form is on, when it posts to another URL."""
    if view is None:
        return functools.partial(form_login_required, shown_on=shown_on)

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        page = shown_on(**kwargs) if shown_on else request.get_full_path()
        if request.method == "POST":
            keep_form(request, urlsplit(page).path)
        return redirect_to_login(page)

    return checked


def keep_form(request, path: str) -> None:
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    if sum(len(name) + len(value) for name, value in fields) > MOST_KEPT:
        return
    request.session[KEPT_FORM] = {"path": path, "fields": fields}
    messages.info(
        request,
        "Your session had ended, so nothing was saved. Log in again: what you typed will be "
        "back on the page, for you to check and save.",
    )


def kept_form(request) -> QueryDict | None:
    """What was typed into this page's form before the log-in, once; else None. Call it after
    checking that the page is the person's own: the session may have changed hands since."""
    kept = request.session.get(KEPT_FORM)
    if not kept or kept["path"] != request.path:
        return None
    del request.session[KEPT_FORM]
    data = QueryDict(mutable=True)
    for name, value in kept["fields"]:
        data.appendlist(name, value)
    messages.warning(request, KEPT_NOTICE)
    return data
