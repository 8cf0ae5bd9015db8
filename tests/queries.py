"""Counting the queries of a page."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def rendered_queries(client, path: str) -> int:
    """Queries for `path`; the cache is emptied first (the content-type cache stays)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def session_queries() -> int:
    """What reading the session costs the database: one query with Django's db engine, none
    with cached_db (REDIS_URL) once the session sits in the cache."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
