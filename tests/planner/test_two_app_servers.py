"""Two app servers behind one PostgreSQL share logins and data: no state on local disk."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from services import POSTGRES, SERVERS_REDIS_DB, postgres_server, redis_url

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long shared password 42"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A new PostgreSQL database, migrated and loaded, and the production settings both app
    servers share (one SECRET_KEY, as a deployment's servers do); plain HTTP, no proxy."""
    name = f"planner_two_servers_{secrets.token_hex(4)}"
    with postgres_server() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"{POSTGRES}/{name}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }
    if "REDIS_URL" in env:  # CI's Redis leg: the servers share a Redis database of their own,
        # not database 1, which xdist worker gw0's tests empty (FLUSHDB) before each test.
        env["REDIS_URL"] = redis_url(SERVERS_REDIS_DB)
    for command in (
        ["migrate", "-v0"],
        ["loadregimens", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    yield env
    with postgres_server() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def servers(database):
    ports = [free_port(), free_port()]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    procs = [
        subprocess.Popen(
            [str(gunicorn), "--config", "planner/gunicorn_conf.py", "planner.wsgi"],
            cwd=ROOT,
            env={
                **database,
                "BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": "1",
                "GUNICORN_ACCESS_LOG": "/dev/null",
            },
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_until_up(port)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)


class Browser:
    """Just enough of a browser: one cookie jar, CSRF tokens from forms, no redirects. It
    sends the cookies production marks Secure over plain HTTP, as a TLS proxy's would."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(url, data=body)
        req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        req.add_header("Referer", url)
        try:
            response = urllib.request.build_opener(NoRedirect).open(req, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            key, _, rest = header.partition("=")
            self.cookies[key] = rest.split(";")[0]
        return response.status, response.read().decode()

    def post_form(self, url, data):
        _, page = self.request(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(url, {**data, "csrfmiddlewaretoken": token})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_login_and_a_change_on_one_server_are_seen_on_the_other(servers):
    one, two = servers
    browser = Browser()
    status, _ = browser.post_form(
        f"{one}/accounts/signup/",
        {
            "username": "shared",
            "email": "s@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert status == 302
    assert browser.request(f"{two}/plans/")[0] == 200  # the session made on one works on two

    status, _ = browser.post_form(
        f"{two}/plans/new/",
        {
            "regimen": "aldara-ak",
            "start_date": "2026-03-02",
            "weekdays": ["mon", "thu"],
            "application_time": "21:30",
            "timezone": "Europe/London",
            "contact_hours": "8",
            "label": "made on two",
            "create": "1",
        },
    )
    assert status == 302
    status, page = browser.request(f"{one}/plans/")
    assert status == 200
    assert "made on two" in page

    stranger = Browser()
    assert stranger.request(f"{two}/plans/")[0] == 302


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"app server on port {port} did not start")
