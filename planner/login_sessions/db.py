"""Django's database session engine, reading a session with its user in one statement.

A page that shows one plan can ask, before the session loads, for the plan's stamp to be
read in the same statement (planner.views.access.plan_login_required): a cached plan page
then costs one query.
"""

from django.contrib.sessions.backends import db

from planner import lookups
from planner.login_sessions import UserColumn


class SessionStore(UserColumn, db.SessionStore):
    plan_asked = None
    login: lookups.Login | None = None  # what the statement read, for the login check

    def read_plan_too(self, public_id) -> None:
        """Read the stamp of this plan with the session (if it has not loaded yet)."""
        self.plan_asked = public_id

    def _get_session_from_db(self):
        self.login = lookups.login(self.session_key, self.plan_asked)
        if self.login is None:
            self._session_key = None  # as Django's: an unknown key is not kept
            return None
        return self.login  # Django's load() decodes its session_data
