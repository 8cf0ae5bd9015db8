"""Counting the queries of a page."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def rendered_queries(client, path: str) -> int:
    """Queries for `path`; the cache is emptied first (the content-type cache stays)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)
