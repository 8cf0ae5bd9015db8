"""gunicorn's access log, minus feed tokens (they are secrets carried in the URL path)."""

from gunicorn.glogging import Logger

from planner.logging import FEED_TOKEN


class TokenHidingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = FEED_TOKEN.sub("/feeds/<hidden>", atoms[key])
        return atoms
