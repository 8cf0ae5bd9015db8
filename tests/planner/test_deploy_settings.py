"""Production settings: `check --deploy` is clean, and junk in the environment is refused."""

import contextlib
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from services import PROCESSES_REDIS_DB, REDIS_CACHE, redis_url, require_redis

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "planner.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://planner.example.org",
    "DATABASE_URL": "sqlite:////tmp/planner-deploy-check.sqlite3",
    "BEHIND_PROXY": "1",
}


def manage(*args, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in this process; a deployment
    # never has it, and check --deploy rightly warns about it.
    drop = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_prints_no_warnings_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "perhaps"), ("CONN_MAX_AGE", "ten")])
def test_junk_settings_stop_start_up_with_a_clear_message(name, value):
    result = manage("check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_with_redis_url_sessions_and_cache_use_redis():
    """Several app servers can share sessions and cached calendars through Redis."""
    require_redis()
    script = (
        "from django.conf import settings; from django.core.cache import caches;"
        "cache = caches['default']; cache.set('probe', 'shared', 5);"
        "print(settings.SESSION_ENGINE, type(cache).__name__, cache.get('probe'))"
    )
    result = manage("shell", "-c", script, **PRODUCTION, REDIS_URL=redis_url(PROCESSES_REDIS_DB))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.contrib.sessions.backends.cached_db",
        "RedisCache",
        "shared",
    ]


@pytest.mark.skipif("REDIS_URL" not in os.environ, reason="REDIS_URL is not set")
def test_with_redis_url_the_suite_itself_runs_on_redis(client, owner):
    """CI's second run: the settings pytest-django uses took REDIS_URL, so the suite's logins and
    calendars went through Redis, as they do on several app servers."""
    assert settings.CACHES["default"]["BACKEND"] == REDIS_CACHE
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    client.force_login(owner)
    assert cache.get(client.session.cache_key) is not None


def test_postgresql_uses_no_prepared_statements():
    """Plain client-side binding: nothing to restart after a migrate, and PgBouncer works."""
    env = {**PRODUCTION, "DATABASE_URL": "postgres://planner@127.0.0.1:5432/planner"}
    script = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = manage("shell", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "{}"


def test_the_reminder_worker_s_postgresql_commits_do_not_wait_for_the_disk():
    """`make worker` sets ASYNC_COMMIT (planner/reminders/sending.py says why); the app
    server's commits still wait, and SQLite ignores it."""
    env = {**PRODUCTION, "DATABASE_URL": "postgres://planner@127.0.0.1:5432/planner"}
    script = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = manage("shell", "-c", script, **env, ASYNC_COMMIT="1")
    assert result.returncode == 0, result.stderr
    expected = "{'options': '-c synchronous_commit=off'}"
    assert result.stdout.strip().splitlines()[-1] == expected
    sqlite = manage("shell", "-c", script, **PRODUCTION, ASYNC_COMMIT="1")
    assert "synchronous_commit" not in sqlite.stdout
    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    assert "ASYNC_COMMIT=1 $(BIN)/python manage.py reminders\n" in makefile


def test_production_keeps_database_connections_and_checks_them():
    script = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = manage("shell", "-c", script, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "60 True"
    result = manage("shell", "-c", script, **PRODUCTION, CONN_MAX_AGE="0")
    assert result.stdout.strip().splitlines()[-1] == "0 True"


def test_sqlite_files_use_write_ahead_logging_and_take_the_write_lock_at_begin(tmp_path):
    """Several workers on one SQLite file: reads take no locks and never wait for a writer,
    and two writers queue at BEGIN instead of one failing with 'database is locked'."""
    script = (
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0], connection.transaction_mode)"
    )
    result = manage("shell", "-c", script, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal IMMEDIATE"
    # Kept in the file: a connection without the setting (say, a backup tool's) sees it too.
    with contextlib.closing(sqlite3.connect(tmp_path / "db.sqlite3")) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_readmes_sqlite_backup_copies_writes_still_in_the_write_ahead_log(tmp_path):
    """The README's backup line, run while the app holds the database open."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    [line] = [ln for ln in readme.splitlines() if ".backup(sqlite3.connect(" in ln]
    code = line.split('python -c "', 1)[1].rsplit('"', 1)[0]
    with contextlib.closing(sqlite3.connect(tmp_path / "db.sqlite3")) as app:
        app.execute("PRAGMA journal_mode=WAL")
        app.execute("CREATE TABLE entry (day TEXT)")
        app.execute("INSERT INTO entry VALUES ('2026-03-02')")
        app.commit()  # in db.sqlite3-wal: no checkpoint while the app is connected
        assert (tmp_path / "db.sqlite3-wal").stat().st_size > 0
        subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, timeout=60)
    with contextlib.closing(sqlite3.connect(tmp_path / "copy.sqlite3")) as copy:
        assert copy.execute("SELECT day FROM entry").fetchall() == [("2026-03-02",)]


@pytest.mark.parametrize(
    ("proxy", "order"), [("1", "['HTTP_X_FORWARDED_FOR']"), ("0", "['REMOTE_ADDR']")]
)
def test_the_client_address_comes_from_the_proxy_s_header_only_behind_a_proxy(proxy, order):
    script = "from django.conf import settings; print(settings.AXES_IPWARE_META_PRECEDENCE_ORDER)"
    result = manage("shell", "-c", script, **{**PRODUCTION, "BEHIND_PROXY": proxy})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == order


def test_make_run_points_reminder_links_at_the_port_it_serves_and_can_push(tmp_path):
    """`make run PORT=...` runs every command (demo, worker, server) with SITE_URL on that port,
    so the links in the reminders it prints lead to it; the worker and the server get a VAPID
    key pair made once for the checkout, so notifications work in the demo too. A stand-in
    python records each call with the two variables."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    calls = tmp_path / "calls"
    python.write_text(
        "#!/bin/sh\n"
        f'echo "$2 $SITE_URL ${{VAPID_PUBLIC_KEY:--}}" >> {calls}\n'
        '[ "$2" = vapidkeys ] && printf "VAPID_PUBLIC_KEY=made\\nVAPID_PRIVATE_KEY=secret\\n"\n'
        # The worker starts in the background: "runserver" waits (up to 5 s) for its call.
        f'[ "$2" = runserver ] && for i in $(seq 50); do grep -q "^reminders " {calls} && exit 0;'
        " sleep 0.1; done\nexit 0\n"
    )
    python.chmod(0o755)
    for done in (".installed", ".installed-test"):
        (venv / done).touch()  # newer than pyproject.toml: nothing to install
    root = Path(__file__).parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITE_URL", "VAPID_"))}
    run = ["make", "-s", "-C", str(root), "run", f"VENV={venv}", "PORT=8123"]

    def make_run(**extra) -> dict[str, list[str]]:
        calls.write_text("")
        subprocess.run(run, env={**env, **extra}, check=True, capture_output=True, timeout=60)
        return {line.split()[0]: line.split()[1:] for line in calls.read_text().splitlines()}

    first = make_run()
    assert set(first) == {"migrate", "loadregimens", "vapidkeys", "demo", "reminders", "runserver"}
    assert {site for site, _ in first.values()} == {"http://127.0.0.1:8123"}
    assert first["reminders"][1] == first["runserver"][1] == "made"
    again = make_run(SITE_URL="https://example.org", VAPID_PUBLIC_KEY="own")
    assert "vapidkeys" not in again  # made once, kept in the virtualenv
    assert again["runserver"] == ["https://example.org", "own"]
