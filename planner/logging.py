"""Log filters. Feed tokens, reminder-link tokens, email-confirmation tokens and password-reset
tokens are secrets in URLs: they must never reach a log."""

import logging
import re

FEED_TOKEN = re.compile(r"/feeds/[^/\s\"'?]+")
# A reminder's one-tap and unsubscribe links (planner/reminders/urls.py): all after the prefix.
REMINDER_TOKEN = re.compile(r"/reminders/(act|unsubscribe|push/act)/[^\s\"'?]+")
CONFIRM_TOKEN = re.compile(r"/accounts/email/confirm/[^\s\"'?]+")  # planner/accounts/urls.py
# Django's reset link (reset/<uidb64>/<token>/): whoever reads it chooses the password.
RESET_TOKEN = re.compile(r"/accounts/reset/[^\s\"'?]+")
SECRET_PATHS = (
    "/feeds/",
    "/reminders/act/",
    "/reminders/unsubscribe/",
    "/reminders/push/act/",
    "/accounts/email/confirm/",
    "/accounts/reset/",
)


def hide_tokens(text: str) -> str:
    text = FEED_TOKEN.sub("/feeds/<hidden>", text)
    text = CONFIRM_TOKEN.sub("/accounts/email/confirm/<hidden>", text)
    text = RESET_TOKEN.sub("/accounts/reset/<hidden>", text)
    return REMINDER_TOKEN.sub(r"/reminders/\1/<hidden>", text)


class HideFeedTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(path in message for path in SECRET_PATHS):
            record.msg = hide_tokens(message)
            record.args = ()
        request = getattr(record, "request", None)
        if any(path in getattr(request, "path", "") for path in SECRET_PATHS):
            record.request = None  # its repr carries the token too
        return True
