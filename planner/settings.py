"""Settings for Imiquimod Planner, read from the environment (see .env.example).

Development needs nothing set: SQLite and DEBUG on. Production sets DEBUG=0,
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; `manage.py check --deploy` is clean then.
"""

import zoneinfo
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from planner.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Time zones come from the pinned tzdata package, not the host's /usr/share/zoneinfo:
# every machine then computes (and writes into calendars) the same offsets.
zoneinfo.reset_tzpath(to=[])

DEBUG = env_bool("DEBUG", True)
_DEV_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_KEY if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "planner.views.csrf_failure"  # the site's own page, with a way back
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# One Django app, "planner", with a package per feature; regimens is the catalogue.
FEATURES = ["plans", "calendars", "symptoms", "accounts", "reminders"]
INSTALLED_APPS = [
    # Our apps first: their templates (e.g. registration/*) win over the admin's.
    "planner",
    "regimens",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The two that add headers come before the NUL check, so that its 400 page has them too;
    # the check comes before the session, whose store a NUL breaks on PostgreSQL.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "planner.middleware.RejectNulBytes",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "planner.middleware.RenewSessions",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "planner.middleware.MethodNotAllowedPage",  # inside CSP's, so that its page gets the header
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling first
    "django.contrib.auth.backends.ModelBackend",
]
# Lock an account+address pair out after repeated failures; a success resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address, through django-ipware: REMOTE_ADDR unless BEHIND_PROXY says one trusted
# proxy in front appends it to X-Forwarded-For; then the right-most entry, the one that proxy
# wrote (what a client put before it is never believed). Without this, every client shares the
# proxy's address and anyone's wrong passwords lock the owner out.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"] if BEHIND_PROXY else ["REMOTE_ADDR"]
AXES_IPWARE_PROXY_ORDER = "right-most"
RATELIMIT_IP_META_KEY = "planner.accounts.throttle.client_address"  # the password forms' too
AXES_USERNAME_CALLABLE = "planner.accounts.throttle.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# No inline script anywhere: scripts and styles come from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "planner.urls"
WSGI_APPLICATION = "planner.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Each feature keeps its templates beside its code; the site's own (base.html and the
        # error pages) are in planner/templates, found as the planner app's.
        "DIRS": [BASE_DIR / "planner" / feature / "templates" for feature in FEATURES],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Django's form templates, but a tick box before its words (planner/templates/forms/field.html).
FORM_RENDERER = "planner.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Production keeps each worker's connection for a minute, checking it before reuse;
        # development opens one per request, as Django does.
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=not DEBUG,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: readers and a writer no longer block each other across workers.
    # Transactions that will write take the write lock at BEGIN, so two workers' writes wait
    # in turn instead of failing with "database is locked" (Django's SQLite notes).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL", transaction_mode="IMMEDIATE"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "ASYNC_COMMIT", False
):
    # The reminder worker's (make worker): PostgreSQL confirms a commit before flushing it to
    # disk. A killed worker loses nothing (the server has the commit); a crash of the database
    # server may lose its last fraction of a second of marks, and those messages go again,
    # each with its first Message-ID. It halves the worker's cost of a message, whose mark is
    # committed on its own (planner/reminders/sending.py).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", "") or BASE_DIR / "staticfiles")  # collectstatic's
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: the console in development, SMTP from the environment in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Imiquimod Planner <noreply@localhost>")

# Production hardening: on whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD or DEBUG else ["security.W021"]

# Sessions live in the database (or a shared cache), never on local disk,
# so several app servers can sit behind one load balancer.
_CACHE_URL = env_str("REDIS_URL", env_str("CACHE_URL", ""))
if _CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    # Each process's own memory. Its main use is each calendar night's two events (about
    # 2 KB, planner/calendars/ics.py): Django's default of 300 entries holds fewer than ten
    # plans, and a culled night is written again on every download.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 10_000)},
        }
    }
# The password forms' throttle (planner/accounts/throttle.py) must count one number for every
# process: Redis when set, else a table in the database (made by migrate, see the throttle).
# Each process's memory would let each gunicorn worker count on its own.
CACHES["throttle"] = (
    {**CACHES["default"], "KEY_PREFIX": "throttle"}
    if _CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "planner_throttle_cache",
        # Rows expire within the hour; past this many, a third would go (counts forgotten).
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
)
RATELIMIT_USE_CACHE = "throttle"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"hide_feed_tokens": {"()": "planner.logging.HideFeedTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["hide_feed_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own handlers (a console in DEBUG, mail_admins) would print a record, such as a
    # refused form's "Forbidden (CSRF …): /accounts/email/confirm/<token>", before it reaches
    # the filtered console: they are dropped, and every record goes through that one.
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["console"], "propagate": False},
    },
}

# Reminders (planner/reminders). The sender's name is neutral: a discreet plan's reminders name
# no drug, and the site's own name does. The worker (`manage.py reminders`) runs Huey: a queue
# in an SQLite file beside the code with no server (`make run`), or Redis when REDIS_URL is set.
REMINDERS_FROM_EMAIL = env_str(
    "REMINDERS_FROM_EMAIL", f"Planner <{parseaddr(DEFAULT_FROM_EMAIL)[1] or 'noreply@localhost'}>"
)
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY", "")  # `manage.py vapidkeys` makes a pair
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", f"mailto:{parseaddr(DEFAULT_FROM_EMAIL)[1]}")
# The push services browsers subscribe with (Chrome, Firefox, Safari, Edge): the server POSTs
# to a subscription's endpoint, so it accepts none elsewhere.
PUSH_SERVICE_HOSTS = env_list(
    "PUSH_SERVICE_HOSTS",
    "fcm.googleapis.com,push.services.mozilla.com,push.apple.com,notify.windows.com",
)
_HUEY_REDIS = env_str("REDIS_URL", "")
HUEY = {
    "name": "planner-reminders",
    "immediate": False,
    "huey_class": "huey.RedisHuey" if _HUEY_REDIS else "huey.SqliteHuey",
    "connection": {"url": _HUEY_REDIS}
    if _HUEY_REDIS
    else {"filename": str(BASE_DIR / "huey.sqlite3")},
    "consumer": {"workers": env_int("REMINDER_WORKERS", 2, minimum=1), "worker_type": "thread"},
}
