"""The ways a reminder goes out. Each send either returns, or raises Transient (try again
later: the server is down, busy, or said 4xx) or Permanent (this channel cannot deliver it)."""

from __future__ import annotations

import contextlib
import secrets
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from planner.accounts import confirmation
from planner.reminders.message import Message


class Transient(Exception):
    """Worth another try later."""


class Permanent(Exception):
    """Will not work however often it is tried."""


@contextlib.contextmanager
def email_connection():
    """One connection to the mail server for a batch of reminders: a new SMTP connection
    (connect, EHLO, QUIT) for each message costs more than sending it. The first send opens
    it; a send that fails drops it, so the next one opens a fresh one."""
    connection = get_connection()
    try:
        yield connection
    finally:
        _close(connection)


def send_email(user, message: Message, connection=None) -> None:
    if not user.email:
        raise Permanent("no email address")
    if not confirmation.is_confirmed(user):
        raise Permanent("email address not confirmed")
    email = build_email(user, message, connection)
    try:
        if connection is not None:
            connection.open()  # does nothing when it is open already
        email.send()
    except (smtplib.SMTPException, OSError) as error:
        if connection is not None:
            _close(connection)  # not reused after an error: its state is unknown
        raise failure(error) from None


class ReminderEmail(EmailMultiAlternatives):
    """Django's email with its MIME boundary chosen here: left to the email package, each
    message's random boundary is searched for in the text with a regular expression compiled
    for it alone, a fifth of the time it takes to turn the message into bytes. 96 random bits
    cannot turn up in a reminder's text by chance, and nobody knows them in advance."""

    def message(self):
        mime = super().message()
        if mime.is_multipart():  # text and HTML
            mime.set_boundary(f"=_reminder_{secrets.token_hex(12)}")
        return mime


def build_email(user, message: Message, connection=None) -> EmailMultiAlternatives:
    context = {"message": message}
    email = ReminderEmail(
        subject=message.subject,
        body=render_to_string(f"reminders/email/{message.template}.txt", context),
        from_email=settings.REMINDERS_FROM_EMAIL,
        to=[user.email],
        connection=connection,
        headers={
            # RFC 8058: mail clients show an unsubscribe button that POSTs this body to it.
            "List-Unsubscribe": f"<{message.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",  # RFC 3834: no auto-replies, please
            **({"Message-ID": message.message_id} if message.message_id else {}),
        },
    )
    email.attach_alternative(
        render_to_string(f"reminders/email/{message.template}.html", context), "text/html"
    )
    return email


def failure(error: Exception) -> Transient | Permanent:
    """A 4xx reply or a lost connection is worth another try; a 5xx is not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        kind = Transient if all(400 <= c < 500 for c in codes) else Permanent
        return kind(f"recipient refused ({', '.join(map(str, codes))})")
    if isinstance(error, smtplib.SMTPResponseException):
        kind = Transient if 400 <= error.smtp_code < 500 else Permanent
        return kind(f"SMTP {error.smtp_code}")
    return Transient(type(error).__name__)  # connection refused, reset, timed out


def _close(connection) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()
