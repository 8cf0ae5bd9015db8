"""Django's model backend, fetching the logged-in user on each request in SQL (lookups)."""

from django.contrib.auth import backends

from planner import lookups


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user = lookups.user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
