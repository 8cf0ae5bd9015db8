"""Who a page is worded for: a signed-in person's profile, or a visitor's signed cookie.

The cookie is signed (a visitor cannot hand-craft another value) and long-lived; it holds
nothing but the choice, so it is not personal data worth more protection than SameSite=Lax.
"""

from __future__ import annotations

from django.conf import settings

from planner.accounts.models import Profile
from regimens.education.forms import ReaderForm
from regimens.education.models import Reader

COOKIE = "reader"
SALT = "regimens.education.reader"
MAX_AGE = 400 * 24 * 60 * 60  # the longest browsers keep a cookie
PATIENT = Reader.PATIENT


def chosen(request) -> str:
    """The reader's choice, or "" when none is made yet; one query at most per request."""
    if not hasattr(request, "_reader"):
        request._reader = _profile_choice(request) or _cookie_choice(request)
    return request._reader


def wording_for(request) -> str:
    """Who to word the page for: the choice, or the person using the cream until one is made."""
    return chosen(request) or PATIENT


def form_context(request) -> dict:
    """What every education page needs for the reader's choice (the bar at its top)."""
    choice = chosen(request)
    form = ReaderForm(initial={"reader": choice, "next": request.get_full_path()})
    return {"reader": choice or PATIENT, "reader_chosen": choice, "reader_form": form}


def _profile_choice(request) -> str:
    if not request.user.is_authenticated:
        return ""
    profiles = Profile.objects.filter(user=request.user)
    return profiles.values_list("reader", flat=True).first() or ""


def _cookie_choice(request) -> str:
    value = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE)
    return value if value in Reader.values else ""


def remember(request, response, reader: str) -> None:
    """Store `reader` in the profile when signed in, else in the cookie."""
    if request.user.is_authenticated:
        Profile.objects.update_or_create(user=request.user, defaults={"reader": reader})
    else:
        response.set_signed_cookie(
            COOKIE,
            reader,
            salt=SALT,
            max_age=MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    request._reader = reader
