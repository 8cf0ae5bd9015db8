"""gunicorn's access log, minus feed and reminder-link tokens (secrets carried in the URL path)."""

from gunicorn.glogging import Logger

from planner.logging import hide_tokens


class TokenHidingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = hide_tokens(value)
        return atoms
