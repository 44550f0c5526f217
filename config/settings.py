from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url

from config.env import env_bool, env_cache, env_int, env_list, env_str, source_digest

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NSATU_VAR_DIR", str(BASE_DIR / "var")))
DATA_DIR = Path(env_str("NSATU_DATA_DIR", str(BASE_DIR / "data")))

NSATU_ENV = env_str("NSATU_ENV", "development")
if NSATU_ENV not in {"development", "production", "test"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"NSATU_ENV={NSATU_ENV!r}: use development, production or test")
PRODUCTION = NSATU_ENV == "production"

DEBUG = env_bool("NSATU_DEBUG", not PRODUCTION)
# A development key is only acceptable off production; production must set its own.
SECRET_KEY = env_str("NSATU_SECRET_KEY", None if PRODUCTION else "dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = env_list(
    "NSATU_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "django_tasks_db",  # the database queue of Django's tasks framework (plan runs)
    "ninja",  # serves /api/docs from its bundled Swagger files instead of a CDN (deployments are air-gapped)
    "nsatu.core",
    "nsatu.accounts",
    "nsatu.audit",
    "nsatu.sources",
    "nsatu.parties",
    "nsatu.catalogue",
    "nsatu.needs",
    "nsatu.pledges",
    "nsatu.flows",
    "nsatu.aid",
    "nsatu.coverage",
    "nsatu.agreements",
    "nsatu.production",
    "nsatu.logistics",
    "nsatu.notifications",
    "nsatu.planning",
    "nsatu.training",
    "nsatu.resilience",
    "nsatu.coalitions",
    "nsatu.roadmap",
    "nsatu.council",
    "nsatu.dashboards",
    "nsatu.exchange",
    "nsatu.intake",
    "nsatu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # before anything reads the request (the session cookie included): values no database or figure can hold
    "nsatu.core.inputs.InputGuardMiddleware",
    # an API read repeated while the database is unchanged, answered before the session, the token lookup and
    # the page are read (keyed by the caller's token: no reader gets another's answer)
    "nsatu.core.api_common.ApiReadCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "nsatu.accounts.otp.CoordinatorOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # the ETag an API list computed (core.api_common.Pagination) onto its response
    "nsatu.core.api_common.ListETagMiddleware",
    # last, as django-axes requires: it turns a locked-out login into its lockout response
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "nsatu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "nsatu.notifications.context_processors.unread_notifications",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'nsatu.sqlite3'}"),
        conn_max_age=env_int("NSATU_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env_bool("NSATU_PG_JIT", False):
    # JIT pays for long analytic scans; here it compiled the bounded status counts of every pledge list view
    # (100-150 ms of JIT for a 60 ms query at 1 M lines, docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default must work on a fresh clone: its folder is created on first use.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the dev server read while an import writes; a busy timeout avoids spurious locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:overview"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if NSATU_ENV == "test":
    # Argon2 is deliberately slow; tests create many users and do not test hashing strength.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Login throttling (django-axes): failures are counted per username and address together, so an attacker
# guessing one colleague's password cannot lock that colleague out from another machine.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# TOTP for coordinators (django-otp): required by default in production; the demo and tests leave it off so
# that the demo users can log in without an authenticator app (tests switch it on to check it).
NSATU_REQUIRE_OTP = env_bool("NSATU_REQUIRE_OTP", NSATU_ENV == "production")
OTP_TOTP_ISSUER = "nsatu"
AXES_FAILURE_LIMIT = env_int("NSATU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("NSATU_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nsatu.accounts.views.locked_out"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "nsatu" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
# ISO dates in English, Ukrainian dates and figures in Ukrainian (nsatu/core/formats).
FORMAT_MODULE_PATH = ["nsatu.core.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end libraries come from npm (package-lock.json); only their built files are exposed.
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/topojson", BASE_DIR / "node_modules" / "topojson-client" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
    # Natural Earth country borders (public domain) so the hub map needs no tile server offline.
    ("vendor/world-atlas", BASE_DIR / "node_modules" / "world-atlas"),
    BASE_DIR / "nsatu" / "static",
]
# Development and tests serve static files straight from the finders; production serves the collected,
# compressed files with hashed names (far-future cache headers), which `nsatu serve` collects before it starts.
WHITENOISE_USE_FINDERS = not PRODUCTION
if PRODUCTION:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# `nsatu serve`: the production server (gunicorn). 0 workers means 2 × cores + 1, at most 9.
NSATU_BIND = env_str("NSATU_BIND", "127.0.0.1:8000")
NSATU_WEB_WORKERS = env_int("NSATU_WEB_WORKERS", 0)
NSATU_WEB_TIMEOUT = env_int("NSATU_WEB_TIMEOUT", 120)
# Threads per worker (gthread; 1 gives gunicorn's sync workers) and seconds an idle keep-alive connection stays open.
NSATU_WEB_THREADS = env_int("NSATU_WEB_THREADS", 4)
NSATU_WEB_KEEPALIVE = env_int("NSATU_WEB_KEEPALIVE", 5)
# Seconds an API read answered from the response cache (core.api_common.ApiReadCacheMiddleware) may be reused
# while the database has not changed; 0 turns the cache off. Only what is computed from the clock can lag by this.
NSATU_WEB_API_CACHE_SECONDS = env_int("NSATU_WEB_API_CACHE_SECONDS", 60)

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("NSATU_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("NSATU_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("NSATU_HSTS_PRELOAD", True)
    if env_bool("NSATU_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if SECRET_KEY.startswith("dev-only-") or len(SECRET_KEY) < 50:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "NSATU_SECRET_KEY must be a random string of at least 50 characters in production"
        )
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
# Django's own CSP (since 6.0; django-csp is not needed): scripts only from our own static files, never inline,
# so an injected <script> or onclick= does not run. Inline styles stay allowed: Chart.js and Leaflet set them.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
X_FRAME_OPTIONS = "DENY"

_DEFAULT_MAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {"default": {"BACKEND": env_str("NSATU_EMAIL_BACKEND", _DEFAULT_MAIL_BACKEND)}}
DEFAULT_FROM_EMAIL = env_str("NSATU_EMAIL_FROM", "nsatu@localhost")
# Links in e-mailed notices (late shipments) point here; pages use relative links.
NSATU_BASE_URL = env_str("NSATU_BASE_URL", "http://localhost:8000")

# Background work (plan runs) goes through Django's tasks framework. django-tasks-db keeps the queue in the database,
# so any number of `nsatu worker` processes sharing DATABASE_URL take work from it; set
# django.tasks.backends.immediate.ImmediateBackend to run tasks inside the request instead.
TASKS = {"default": {"BACKEND": env_str("NSATU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Derived results keyed by what they were computed from (so never stale, only cold): each process's memory by
# default; several application servers share one with file://, db:// or redis:// (docs/performance.md).
CACHES = {"default": env_cache("NSATU_CACHE_URL", "locmem://nsatu")}
# Entries of another release of the code (a tightened visibility rule, a changed model) are never read: the keys
# carry NSATU_RELEASE, by default a digest of the application's source.
CACHES["default"]["KEY_PREFIX"] = env_str("NSATU_RELEASE", "") or source_digest(BASE_DIR / "nsatu")

NSATU_PAGE_SIZE = env_int("NSATU_PAGE_SIZE", 50)
# An allocation run's worker holds a lease it renews every heartbeat; a run whose lease lapses is failed.
NSATU_RUN_LEASE_SECONDS = env_int("NSATU_RUN_LEASE_SECONDS", 60)
NSATU_RUN_HEARTBEAT_SECONDS = env_int("NSATU_RUN_HEARTBEAT_SECONDS", 10)
# Parts a run's instance may be split into (those no row of the model links), each a task on the queue that any
# worker may take (docs/deployment.md); 1: the run's own worker solves it whole.
NSATU_RUN_PARTS = env_int("NSATU_RUN_PARTS", 1)
NSATU_MAX_UPLOAD_BYTES = env_int("NSATU_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# An uploaded workbook's bytes are kept this long (to write exactly the file that was checked), then purged by
# `nsatu purge_uploads`; the upload's record (who, when, its hash, what it wrote) stays.
NSATU_UPLOAD_KEEP_DAYS = env_int("NSATU_UPLOAD_KEEP_DAYS", 30)
# What an imported .xlsx (a zip) may unpack to; the real NATO workbook unpacks to under 1 MB.
NSATU_MAX_XLSX_UNPACKED_BYTES = env_int("NSATU_MAX_XLSX_UNPACKED_BYTES", 200 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("NSATU_LOG_LEVEL", "WARNING")},
}
