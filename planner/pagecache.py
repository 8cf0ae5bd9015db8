"""Whole pages kept in the cache, for the pages people open most.

A page is stored under a key naming everything it shows (an owned plan's stamp: see
planner.lookups), so a write makes a new key instead of needing an invalidation, and only
until the time it would read differently on its own (say, when a wash-off time passes).
Two things differ per request and go in after the cache: the CSRF token and the one-time
messages. The stored copy holds a stand-in for each, derived from SECRET_KEY so that no
content on the page can forge one.

A shared cache (Redis) outlives a deploy, so keys also name the release: a digest of the code,
templates and static files that make the pages. A new release, or a new SECRET_KEY, never
serves pages the previous one stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache as memoize
from pathlib import Path

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

import planner
import regimens

LONGEST = 24 * 3600  # seconds; keys name the day anyway
APPS = [Path(module.__file__).parent for module in (planner, regimens)]


@dataclass
class Page:
    """What a view would pass to render(), and when the page goes stale without a write."""

    template: str
    context: dict = field(default_factory=dict)
    stale_at: dt.datetime | None = None


def cached_page(request: HttpRequest, parts: tuple, build: Callable[[], Page]) -> HttpResponse:
    """The page named by `parts` (and the release, secret and host), built on a miss."""
    named = repr((release(), stand_in("csrf"), request.build_absolute_uri("/"), *parts))
    key = "page:" + hashlib.sha256(named.encode()).hexdigest()
    pieces = cache.get(key)
    if pieces is None:
        page = build()
        html = render_to_string(
            page.template,
            {**page.context, "csrf_token": stand_in("csrf"), "messages_slot": stand_in("messages")},
            request,
        )
        pieces = split(html)
        seconds = LONGEST
        if page.stale_at is not None:
            seconds = min(seconds, int((page.stale_at - timezone.now()).total_seconds()))
        if seconds > 0:
            cache.set(key, pieces, seconds)
    return HttpResponse(fill(request, pieces))


def split(html: str) -> list[bytes]:
    """The page as UTF-8 bytes cut at the stand-ins, which stay in as their own pieces: a
    hit then joins bytes instead of searching and encoding the whole page."""
    slots = "|".join(re.escape(stand_in(name)) for name in ("csrf", "messages"))
    return [piece.encode() for piece in re.split(f"({slots})", html)]


def fill(request: HttpRequest, pieces: list[bytes]) -> bytes:
    """Put this request's CSRF token and messages into a stored page."""
    fills = {}
    if stand_in("csrf").encode() in pieces:
        fills[stand_in("csrf").encode()] = get_token(request).encode()
    messages = get_messages(request)
    shown = render_to_string("messages.html", {"messages": messages}) if messages else ""
    fills[stand_in("messages").encode()] = shown.encode()
    return b"".join(fills.get(piece, piece) for piece in pieces)


@memoize
def stand_in(name: str) -> str:
    return "slot-" + salted_hmac("planner.pagecache", name).hexdigest()


@memoize
def release() -> str:
    """A digest of every file of the two apps (once per process, a few milliseconds)."""
    digest = hashlib.sha256()
    for app in APPS:
        for path in sorted(app.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(app.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
