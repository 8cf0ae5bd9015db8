"""What some tests need from the machine (Chromium, node, Redis, PostgreSQL): without it they
skip, saying how to get it; with CI=true they fail instead, so that CI never passes by
skipping them."""

import os
import socket

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
# Redis databases for the tests' own processes (two app servers; `manage.py shell`s). The xdist
# workers' caches take databases below both (tests/conftest.py).
SERVERS_REDIS_DB, PROCESSES_REDIS_DB = 14, 15
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def missing(message: str):
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_redis() -> None:
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1).close()
    except OSError:
        missing(f"needs Redis on {REDIS_HOST}:{REDIS_PORT} (sudo apt-get install redis-server)")


def redis_url(database: int) -> str:
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{database}"


def postgres_server():
    """An autocommit connection to the PostgreSQL server's own database, for a test that makes
    (and drops) a database of its own."""
    import psycopg

    try:
        return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        missing("needs PostgreSQL on 127.0.0.1:5432, user postgres, trust auth")
