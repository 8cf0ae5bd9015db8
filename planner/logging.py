"""Log filters. Feed tokens are secrets in URLs: they must never reach a log."""

import logging
import re

FEED_TOKEN = re.compile(r"/feeds/[^/\s\"'?]+")


class HideFeedTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/feeds/" in message:
            record.msg = FEED_TOKEN.sub("/feeds/<hidden>", message)
            record.args = ()
        request = getattr(record, "request", None)
        if "/feeds/" in getattr(request, "path", ""):
            record.request = None  # its repr carries the token too
        return True
