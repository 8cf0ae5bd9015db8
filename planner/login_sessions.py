"""Django's database session store, reading the session on each request in SQL (lookups)."""

from django.contrib.sessions.backends import db

from planner import lookups


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        session = lookups.login_session(self.session_key)
        if session is None:
            self._session_key = None  # as Django's: an unknown key is not kept
        return session
