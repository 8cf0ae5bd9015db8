"""One .ics response with conditional GET: a 304 costs only the ETag, never the file."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_response(
    request: HttpRequest,
    etag: str,
    build: Callable[[], bytes],
    filename: str | None = None,
) -> HttpResponse:
    """GET and HEAD (the server drops a HEAD body; the headers stay the same as GET's)."""
    etag = quote_etag(etag)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        # Built each time, from each night's events kept in the cache (planner.calendars.ics).
        response = HttpResponse(build(), content_type=CONTENT_TYPE)
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    # Private data behind a secret URL: no shared cache may keep it; clients revalidate.
    patch_cache_control(response, private=True, no_cache=True)
    return response
