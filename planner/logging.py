"""Log filters. Feed tokens, reminder-link tokens, email-confirmation tokens and password-reset
tokens are secrets in URLs: they must never reach a log."""

import logging
import re
from urllib.parse import unquote

# Each secret's pattern, and what the log shows instead.
HIDDEN = (
    (re.compile(r"/feeds/[^/\s\"'?]+"), "/feeds/<hidden>"),
    # A reminder's one-tap and unsubscribe links (planner/reminders/urls.py): all after the prefix.
    (re.compile(r"/reminders/(act|unsubscribe|push/act)/[^\s\"'?]+"), r"/reminders/\1/<hidden>"),
    (re.compile(r"/accounts/email/confirm/[^\s\"'?]+"), "/accounts/email/confirm/<hidden>"),
    # Django's reset link (reset/<uidb64>/<token>/): whoever reads it chooses the password.
    (re.compile(r"/accounts/reset/[^\s\"'?]+"), "/accounts/reset/<hidden>"),
)


def hide_tokens(text: str) -> str:
    """The text with every token hidden, also where the path was percent-encoded
    (/%66eeds/..., /feeds%2F...), which the app decodes and serves all the same. What is
    decoded is written escaped: a %0A must not start a forged line of the log."""
    decoded = hidden = unquote(text)
    for pattern, replacement in HIDDEN:
        hidden = pattern.sub(replacement, hidden)
    return escaped(hidden) if hidden != decoded else text


def escaped(text: str) -> str:
    """Control characters and line separators as Python writes them (\\n, \\x00, \\u2028)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


class HideFeedTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if (hidden := hide_tokens(message)) != message:
            record.msg, record.args = hidden, ()
        request = getattr(record, "request", None)
        path = getattr(request, "path", "")  # runserver's records carry a socket instead
        if hide_tokens(path) != path:
            record.request = None  # its repr carries the token too
        return True
