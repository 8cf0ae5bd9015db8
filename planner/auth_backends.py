"""Django's model backend, taking the user read with the session when there is one
(planner.login_sessions), else fetching it in SQL (planner.lookups)."""

from django.contrib.auth import backends

from planner import lookups
from planner.login_sessions.middleware import user_read_with_session


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user = user_read_with_session(user_id) or lookups.user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
