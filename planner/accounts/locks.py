"""A person's row as a lock. Writes of one person that must see each other's rows take it
first: a double tap sends a form twice, and the second request has to find what the first
saved (a plan, settings, a feed link) rather than make another."""

import functools

from django.contrib.auth import get_user_model
from django.db import transaction


def lock_person(user) -> None:
    """Inside a transaction: wait for the person's row, then hold it until the end."""
    list(get_user_model().objects.filter(pk=user.pk).select_for_update().values_list("pk"))


def one_save_at_a_time(view):
    """A settings view whose POST reads the person's row (or rows) and then saves them: the
    POST runs in a transaction that first locks the person, so that two at once take turns."""

    @functools.wraps(view)
    def locked(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            lock_person(request.user)
            return view(request, *args, **kwargs)

    return locked
