"""The ways a reminder goes out. Each send either returns, or raises Transient (try again
later: the server is down, busy, or said 4xx) or Permanent (this channel cannot deliver it)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from planner.reminders.message import Message


class Transient(Exception):
    """Worth another try later."""


class Permanent(Exception):
    """Will not work however often it is tried."""


def send_email(user, message: Message) -> None:
    if not user.email:
        raise Permanent("no email address")
    context = {"message": message}
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=render_to_string("reminders/email/reminder.txt", context),
        from_email=settings.REMINDERS_FROM_EMAIL,
        to=[user.email],
        headers={
            # RFC 8058: mail clients show an unsubscribe button that POSTs this body to it.
            "List-Unsubscribe": f"<{message.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",  # RFC 3834: no auto-replies, please
        },
    )
    email.attach_alternative(
        render_to_string("reminders/email/reminder.html", context), "text/html"
    )
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as refused:
        codes = [code for code, _ in refused.recipients.values()]
        raise (Transient if all(400 <= c < 500 for c in codes) else Permanent)(
            f"recipient refused ({', '.join(map(str, codes))})"
        ) from None
    except smtplib.SMTPResponseException as error:
        kind = Transient if 400 <= error.smtp_code < 500 else Permanent
        raise kind(f"SMTP {error.smtp_code}") from None
    except (smtplib.SMTPException, OSError) as error:  # connection refused, reset, timed out
        raise Transient(f"{type(error).__name__}") from None
