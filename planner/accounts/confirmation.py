"""Confirming an email address before reminders go to it: a signed link, sent to the address,
that names the account and the address. Anyone could otherwise type someone else's address
and have this site mail them about a treatment. The token is a secret: planner.logging hides
it."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from planner.accounts.branding import brand_for
from planner.accounts.models import ConfirmedEmail

SALT = "planner.accounts.confirm-email"
MAX_AGE = dt.timedelta(days=3)
RESEND_AFTER = 60  # seconds: a double tap on "Send the link again" sends one
log = logging.getLogger(__name__)


class BadLink(Exception):
    """A link that cannot confirm; `status` is the HTTP status its page gets."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def is_confirmed(user) -> bool:
    """Whether the account's address now is the one its owner confirmed."""
    try:
        confirmed = user.confirmed_email.email
    except ObjectDoesNotExist:
        return False
    return bool(user.email) and confirmed == user.email


def confirm_url(user) -> str:
    token = signing.TimestampSigner(salt=SALT).sign_object({"u": user.pk, "e": user.email})
    path = reverse("email-confirm", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def read(token: str) -> tuple[int, str]:
    """(user id, address) that a link confirms; BadLink otherwise."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        payload = signer.unsign_object(token, max_age=MAX_AGE)
        return int(payload["u"]), str(payload["e"])
    except signing.SignatureExpired:
        raise BadLink("This link has expired: log in and ask for a new one.", 410) from None
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        raise BadLink("This link is not valid: log in and ask for a new one.") from None


def confirm(user, email: str) -> None:
    """Record `email` as confirmed, if it is still the account's address."""
    if email != user.email:
        raise BadLink(f"{email} is no longer this account's address: nothing changed.", 410)
    ConfirmedEmail.objects.update_or_create(
        user=user, defaults={"email": email, "confirmed_at": timezone.now()}
    )


def first_ask(user) -> bool:
    """Whether no link was asked for in the last minute. The throttle's cache is the one all
    processes share, and its add() is atomic: of two taps at once, one wins. The time asked
    is kept too, so that the minute is the app's clock's, whatever the cache's expiry."""
    cache, key, now = caches[settings.RATELIMIT_USE_CACHE], resend_key(user), time.time()
    if cache.add(key, now, RESEND_AFTER):
        return True
    if now - cache.get(key, 0) < RESEND_AFTER:
        return False
    cache.set(key, now, RESEND_AFTER)
    return True


def asked_again_later(user) -> None:
    """A send that failed: the next tap tries again at once."""
    caches[settings.RATELIMIT_USE_CACHE].delete(resend_key(user))


def resend_key(user) -> str:
    return f"confirm-link-asked:{user.pk}"


def send_link(user) -> bool:
    """Mail the link to the account's address; False (and logged) when the mail server
    could not take it, so that the page can say so instead of failing."""
    context = {"user": user, "url": confirm_url(user), "days": MAX_AGE.days}
    subject = "Confirm your email address for {brand}"
    return mailed(user, subject, "registration/email_confirm_email.txt", context, user.email)


def tell_old_address(user, old: str) -> bool:
    """Tell the confirmed address an account has just left that it changed (not to what):
    if the change was not its owner's doing, they hear of it. False when not sent."""
    context = {"user": user, "login_url": settings.SITE_URL.rstrip("/") + reverse("login")}
    subject = "The email address of your {brand} account was changed"
    return mailed(user, subject, "registration/email_changed_notice.txt", context, old)


def tell_password_changed(user) -> bool:
    """Tell the account's address that its password changed: if someone using an open session
    did it, the owner hears of it and can reset the password (the reset link comes to this
    address, and a new password ends every other session). False when not sent."""
    site = settings.SITE_URL.rstrip("/")
    context = {"user": user, "reset_url": site + reverse("password_reset")}
    subject = "The password of your {brand} account was changed"
    return mailed(user, subject, "registration/password_changed_notice.txt", context, user.email)


def mailed(user, subject: str, template: str, context: dict, to: str) -> bool:
    """Send it under the user's brand (planner.accounts.branding); `subject` has {brand}."""
    brand = brand_for(user)
    body = render_to_string(template, {**context, "brand": brand.name})
    try:
        send_mail(subject.format(brand=brand.name), body, brand.from_email, [to])
    except (smtplib.SMTPException, OSError) as error:
        log.warning("Account email not sent (%s): %s", template, type(error).__name__)
        return False
    return True
