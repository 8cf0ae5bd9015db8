"""Django's cached_db session engine (a shared cache in front of the database), on
LoginSession."""

from django.contrib.sessions.backends import cached_db

from planner.login_sessions import UserColumn


class SessionStore(UserColumn, cached_db.SessionStore):
    pass
