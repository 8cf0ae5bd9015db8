"""Login sessions: Django's database session, plus the logged-in user as a column.

The column lets the login check read a session and its user in one statement
(planner.login_sessions), and deleting a person deletes their sessions with them.
"""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class LoginSession(AbstractBaseSession):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="login_sessions",
        help_text="Who logged in with this session; empty before a login.",
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "planner_loginsession"
        verbose_name = "login session"

    @classmethod
    def get_session_store_class(cls):
        from planner.login_sessions.db import SessionStore

        return SessionStore
