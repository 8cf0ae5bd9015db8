"""One .ics response with conditional GET: a 304 costs only the ETag, never the file."""

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

CONTENT_TYPE = "text/calendar; charset=utf-8"
CACHE_SECONDS = 24 * 3600


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
        # The ETag names every row the file is made of, so a file built once is reused until
        # any of them changes: the key cannot outlive its content.
        key = f"ics:{'download' if filename else 'feed'}:{etag}"
        body = cache.get_or_set(key, build, timeout=CACHE_SECONDS)
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    # Private data behind a secret URL: no shared cache may keep it; clients revalidate.
    patch_cache_control(response, private=True, no_cache=True)
    return response
