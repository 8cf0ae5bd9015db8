"""Django's AuthenticationMiddleware, letting the login check take the user that the session
store read with the session (planner.login_sessions.db) instead of querying again.

django.contrib.auth.get_user() loads the session, then asks the backend for the user by the id
the session holds; the backend cannot see the request, so the session being checked is lent
to it for exactly that call. Every check Django makes (password changes, inactive users,
the backend named in the session) stays Django's.
"""

from contextvars import ContextVar

from django.contrib import auth
from django.contrib.auth import middleware
from django.utils.functional import SimpleLazyObject

_checking = ContextVar("the session auth.get_user() is checking", default=None)


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))


def get_user(request):
    if not hasattr(request, "_cached_user"):
        lent = _checking.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _checking.reset(lent)
    return request._cached_user


def user_read_with_session(user_id):
    """The user read with the session being checked, if it is `user_id`; else None."""
    login = getattr(_checking.get(), "login", None)
    return login.user_for(user_id) if login is not None else None
