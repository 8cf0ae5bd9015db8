"""One .ics response with conditional GET: a 304 costs only the freshness check."""

from collections.abc import Callable

import icalendar
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from planner.feeds import Freshness
from planner.ical.calendar import to_ics

CONTENT_TYPE = "text/calendar; charset=utf-8"
CACHE_SECONDS = 24 * 3600
CACHE_CONTROL = "private, no-cache"
PRECONDITIONS = {"HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE"}


def calendar_response(
    request: HttpRequest,
    fresh: Freshness,
    build: Callable[[], icalendar.Calendar],
    filename: str | None = None,
) -> HttpResponse:
    """GET and HEAD (the server drops a HEAD body; the headers stay the same as GET's)."""
    etag = quote_etag(fresh.etag)
    modified = int(fresh.last_modified.timestamp()) if fresh.last_modified else None
    response = not_modified(request, etag, modified)
    if response is None:
        # The ETag names the file's content, so a built file can be reused until it changes.
        key = f"ics:{'download' if filename else 'feed'}:{fresh.etag}"
        body = cache.get_or_set(key, lambda: to_ics(build()), timeout=CACHE_SECONDS)
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        if modified is not None:
            # Only here: a 304 repeats just the fields that guide caches (RFC 9110, 15.4.5).
            response["Last-Modified"] = http_date(modified)
    response["ETag"] = etag
    # Private data behind a secret URL: no shared cache may keep it; clients revalidate.
    response["Cache-Control"] = CACHE_CONTROL
    return response


def not_modified(request: HttpRequest, etag: str, modified: int | None) -> HttpResponse | None:
    """The 304 (or a 412) when the client's copy is current, else None. What calendar apps
    repeat all day, the one ETag they were given and no other condition, is answered without
    parsing; anything else gets Django's full evaluation (RFC 9110, 13.2.2)."""
    meta = request.META
    if meta.get("HTTP_IF_NONE_MATCH") == etag and not PRECONDITIONS & meta.keys():
        return HttpResponseNotModified()
    return get_conditional_response(request, etag=etag, last_modified=modified)
