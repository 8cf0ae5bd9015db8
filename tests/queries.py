"""Counting the queries of a full page render (the cached path is counted separately)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def rendered_queries(client, path: str) -> int:
    """Queries for `path` rendered from scratch: the page cache is emptied first."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)
