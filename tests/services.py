"""What some tests need from the machine (Chromium, node, Redis): without it they skip, saying
how to get it; with CI=true they fail instead, so that CI never passes by skipping them."""

import os
import socket

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def missing(message: str):
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_redis() -> None:
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1).close()
    except OSError:
        missing(f"needs Redis on {REDIS_HOST}:{REDIS_PORT} (sudo apt-get install redis-server)")
