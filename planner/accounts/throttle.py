"""At most a few password-form submissions an hour, per account and per address: a reset
request mails someone, and the change and delete forms check a password. Counted by
django-ratelimit in the "throttle" cache, one count for every process: Redis when REDIS_URL is
set, else a database table; log-ins themselves are django-axes'."""

import functools

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

RATE = "5/h"
USERNAME_LENGTH = AbstractUser._meta.get_field("username").max_length


def client_address(request) -> str:
    """The address django-axes throttles log-ins by (the proxy's header only BEHIND_PROXY);
    the peer's when the proxy sent none."""
    return get_client_ip_address(request) or request.META["REMOTE_ADDR"]


def throttled(*keys: str):
    """Refuse a view's POSTs with a 429 once any key ("ip", "user", "post:email") passes RATE."""

    def decorate(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            over = [
                is_ratelimited(
                    request,
                    group=view.__qualname__,
                    key=key,
                    rate=RATE,
                    method="POST",
                    increment=True,
                )
                for key in keys  # every key counts this attempt, so no early exit
            ]
            if any(over):
                return render(request, "registration/throttled.html", status=429)
            return view(request, *args, **kwargs)

        return checked

    return decorate


def login_username(request, credentials: dict | None) -> str:
    """The username django-axes counts log-in failures under: as typed, but never more than a
    username can be (150 characters, no NUL), so that junk cannot make its record fail to
    save (a 500 on PostgreSQL, which enforces the column's length and refuses NUL)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    typed = credentials.get(field) if credentials else request.POST.get(field)
    return str(typed or "").replace("\x00", "")[:USERNAME_LENGTH]


def create_cache_table(using: str, verbosity: int = 1, **kwargs) -> None:
    """After every migrate (post_migrate, as django.contrib.auth makes its permissions): the
    throttle's table when it is a DatabaseCache, so that no setup needs a step of its own.
    createcachetable leaves an existing table alone (and says so: heard only at -v2)."""
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
