"""gunicorn's access log, minus feed and reminder-link tokens (secrets carried in the URL path)."""

from urllib.parse import unquote

from gunicorn.glogging import Logger

from planner.logging import hide_tokens


class TokenHidingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = hide_feed_tokens(value)
        return atoms


def hide_feed_tokens(text: str) -> str:
    """The text with feed and reminder-link tokens hidden, also when the path was
    percent-encoded (/%66eeds/..., /feeds%2F...), which the app decodes and serves."""
    decoded = unquote(text)
    hidden = hide_tokens(decoded)
    return hidden if hidden != decoded else text
