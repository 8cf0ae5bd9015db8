"""Login sessions, stored in planner.models.LoginSession: Django's session table plus the
logged-in user as a column.

`db` (the default engine) reads a session, its user and, for a cached plan page, the plan's
stamp in one statement; `middleware` hands that user to Django's login check. `cached_db`
(used when a shared cache is set) is Django's cached_db engine on the same table.
"""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError


class UserColumn:
    """For Django's database-backed session stores: LoginSession, with its user column filled
    in whenever a session is saved."""

    @classmethod
    def get_model_class(cls):
        from planner.models import LoginSession  # lazily, as Django's own store does

        return LoginSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = logged_in_user_id(data)
        return session


def logged_in_user_id(data: dict):
    """The primary key of who is logged in, as django.contrib.auth keeps it in the session."""
    try:
        return get_user_model()._meta.pk.to_python(data.get(SESSION_KEY))
    except ValidationError:
        return None
