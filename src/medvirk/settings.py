"""Medvirk's one settings module.

Everything an operator may change is read from a ``MEDVIRK_*`` environment
variable through the helpers in :mod:`medvirk.common.env`, which fail loudly
on a value they cannot understand. The README lists every variable.
"""

import sys
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from medvirk.common import env

BASE_DIR = Path(__file__).resolve().parent  # src/medvirk
PROJECT_DIR = BASE_DIR.parent.parent  # the checkout
VAR_DIR = Path(env.get_str("MEDVIRK_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env.get_bool("MEDVIRK_DEBUG", default=False)
SECRET_KEY = env.get_secret_key("MEDVIRK_SECRET_KEY", var_dir=VAR_DIR)
# Field-level encryption of payment details (compensation/crypto.py): newest key first.
# A development key only with DEBUG or under pytest; production must set it.
_UNDER_TESTS = "pytest" in sys.modules
MEDVIRK_FIELD_KEYS = env.get_field_keys("MEDVIRK_FIELD_KEYS", development=DEBUG or _UNDER_TESTS)
ALLOWED_HOSTS = env.get_list("MEDVIRK_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env.get_url("MEDVIRK_SITE_URL", default="http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env.get_list("MEDVIRK_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "medvirk.common",
    "medvirk.accounts",
    "medvirk.notifications",
    "medvirk.feedback",
    "medvirk.directory",
    "medvirk.people",
    "medvirk.arenas",
    "medvirk.appointments",
    "medvirk.meetings",
    "medvirk.followup",
    "medvirk.experiences",
    "medvirk.surveys",
    "medvirk.involvement",
    "medvirk.annual",
    "medvirk.compensation",
    "medvirk.training",
    "medvirk.onboarding",
    "medvirk.network",
    "medvirk.planning",
    "medvirk.api",
    "medvirk.scale",
    "medvirk.start",
    "medvirk.nationallogin",
    "medvirk.ops",  # last of ours: cross-app commands and the periodic runner
    "medvirk.common.admin_apps.MedvirkAdminConfig",  # django.contrib.admin, our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # National login (ID-porten, Ansattporten): idle unless configured (below).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "template_partials",
    "django_htmx",
    "csp",
]

MIDDLEWARE = [
    # First: the request id every log line, task and mail of the request carries.
    "medvirk.common.middleware.RequestIdMiddleware",
    "medvirk.common.middleware.QueryCountMiddleware",
    # The cache registry's version tokens, read once per request (common/cache.py).
    "medvirk.common.middleware.CacheVersionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "medvirk.common.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every response to a logged-in user: Cache-Control private, no-store (unless
    # the view is marked @public_page).
    "medvirk.common.middleware.PrivateCacheMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A GET on a POST-only address: a page explaining it (status 405 kept).
    "medvirk.common.middleware.MethodNotAllowedPageMiddleware",
    # After MessageMiddleware: it leaves a message explaining the redirect.
    "medvirk.accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "medvirk.urls"
WSGI_APPLICATION = "medvirk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "medvirk.common.context_processors.medvirk",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "medvirk.common.templatetags.breadcrumbs",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.get_database(
        "MEDVIRK_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'medvirk.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -------------------------------------------------------
# `make bench` turns this on to read each response's SQL statement count.
MEDVIRK_QUERY_COUNT_HEADER = env.get_bool("MEDVIRK_QUERY_COUNT_HEADER", default=False)

CACHES = {"default": env.get_cache("MEDVIRK_CACHE_URL", default="locmem://")}
# Installations (or benchmark runs) that share one Redis keep apart by a key prefix.
CACHES["default"]["KEY_PREFIX"] = env.get_str("MEDVIRK_CACHE_KEY_PREFIX", "")
# A digest of the code, templates and catalogues, part of every cached fragment's key
# (common/cache.make_key): a new release never reads the previous one's rendered HTML.
# Only the fragments: sessions, rate limits and the registry's version tokens stay shared
# between releases, so a logout or a bump in one process holds in all while two run.
MEDVIRK_CACHE_RELEASE = env.get_cache_version("MEDVIRK_CACHE_RELEASE", source_dir=BASE_DIR)

# Sessions live in the database. With a cache that every process shares (Redis), they are
# read through it as well ("cached_db"), which saves a query on every logged-in request;
# with the per-process locmem default they are not, since a session ended in one process
# (logout) would live on in another's cache.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.db"
    if CACHES["default"]["BACKEND"].endswith("LocMemCache")
    else "django.contrib.sessions.backends.cached_db"
)

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start:page"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# The account adapter with national login's logout (ends the ID-porten session too).
ACCOUNT_ADAPTER = "medvirk.nationallogin.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Medvirk] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# Five failed logins per address (and per IP) in five minutes, then a pause.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.get_str("MEDVIRK_LOGIN_RATE_LIMIT", "5/5m/ip,5/5m/key"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Medvirk"

# --- National login: ID-porten (citizens, representatives), Ansattporten (staff) ---
# OpenID Connect through allauth's provider, with Medvirk's checks on top (PKCE, nonce,
# the ID token's signature, acr; nationallogin/oidc.py). Each is on when its
# MEDVIRK_<NAME>_CLIENT_ID is set; without either nothing changes (README, "National login").
_NATIONAL_APPS = [
    app
    for app in (
        env.get_national_login("MEDVIRK_IDPORTEN", provider_id="idporten", name="ID-porten"),
        env.get_national_login(
            "MEDVIRK_ANSATTPORTEN", provider_id="ansattporten", name="Ansattporten"
        ),
    )
    if app is not None
]
_NATIONAL_ORIGINS = sorted({env.origin(app["settings"]["server_url"]) for app in _NATIONAL_APPS})
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "medvirk.nationallogin.oidc.NationalLoginProvider",
        "APPS": _NATIONAL_APPS,
    }
}
SOCIALACCOUNT_ADAPTER = "medvirk.nationallogin.adapter.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False  # Medvirk calls no API with them
SOCIALACCOUNT_LOGIN_ON_GET = False  # the login buttons POST (no login by a forged link)
SOCIALACCOUNT_AUTO_SIGNUP = True  # asks only for what is missing (an e-mail address)
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # linking by e-mail asks the person first
# HMAC-SHA256 key for the national identity number (pid): only the keyed hash is stored.
MEDVIRK_PID_HMAC_KEY = env.get_pid_hmac_key(
    "MEDVIRK_PID_HMAC_KEY", required=bool(_NATIONAL_APPS), development=DEBUG or _UNDER_TESTS
)

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norsk bokmål")),
    ("nn", _("Norsk nynorsk")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
TIME_ZONE = "Europe/Oslo"
# Date formats per language (medvirk/formats/): "7. desember 2026", "7 December 2026".
FORMAT_MODULE_PATH = ["medvirk.formats"]
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "medvirk_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# --- Static files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Django's, with each file's address kept once worked out (common/static_storage.py).
    "staticfiles": {"BACKEND": "medvirk.common.static_storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Mail -----------------------------------------------------------------
# Every message becomes an outbox row (medvirk.notifications) in the caller's
# transaction; the worker delivers it through MEDVIRK_EMAIL_DELIVERY_BACKEND -- SMTP
# unless told otherwise -- and retries temporary failures.
EMAIL_BACKEND = "medvirk.notifications.domain.outbox.OutboxBackend"
MEDVIRK_EMAIL_DELIVERY_BACKEND = env.get_str(
    "MEDVIRK_EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.get_str("MEDVIRK_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env.get_int("MEDVIRK_EMAIL_PORT", 1025)
EMAIL_HOST_USER = env.get_str("MEDVIRK_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("MEDVIRK_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("MEDVIRK_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.get_bool("MEDVIRK_EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.get_int("MEDVIRK_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env.get_str("MEDVIRK_DEFAULT_FROM_EMAIL", "Medvirk <ikke-svar@medvirk.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise env.ImproperlyConfigured(
        "MEDVIRK_EMAIL_USE_TLS and MEDVIRK_EMAIL_USE_SSL exclude each other."
    )

# --- Background tasks ------------------------------------------------------
TASKS = {"default": env.get_task_backend("MEDVIRK_TASK_BACKEND", default="database")}
REDIS_URL = env.get_str("MEDVIRK_REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {name: {"URL": REDIS_URL} for name in TASKS["default"]["QUEUES"]}
# RQ's own worker can hang on a warm shutdown with redis-py 8 (common/rq_worker.py).
RQ = {"WORKER_CLASS": "medvirk.common.rq_worker.Worker"}
INSTALLED_APPS.append("django_rq")  # the RQ backend's queues; idle unless chosen

# --- Security -------------------------------------------------------------
# Settings that make no sense outside debug stop the process here, naming the variable
# (docs/operations-runtime.md). MEDVIRK_TLS says who makes the connection secure:
# "django" (the default: Django redirects to https and sends HSTS), "proxy" (a reverse
# proxy that terminates TLS does both; needs MEDVIRK_BEHIND_PROXY) or "loopback" (no TLS
# at all, allowed only when every host is a loopback address: the benchmark, the
# scale-out test; under the test runner, whose client is no network, it is the default).
MEDVIRK_BEHIND_PROXY = env.get_bool("MEDVIRK_BEHIND_PROXY", default=False)
MEDVIRK_TLS = env.get_choice(
    "MEDVIRK_TLS",
    ("django", "proxy", "loopback"),
    default="loopback" if DEBUG or _UNDER_TESTS else "django",
)
_DJANGO_TLS = MEDVIRK_TLS == "django"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and env.get_bool("MEDVIRK_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.get_bool("MEDVIRK_SECURE_SSL_REDIRECT", default=_DJANGO_TLS)
# Load balancers probe the app servers directly over http: health and readiness answer
# there instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^helse/"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if MEDVIRK_BEHIND_PROXY else None
# Behind one reverse proxy (nginx), the client's address is the last X-Forwarded-For
# hop; allauth's per-IP login limit must count by it, not by the proxy's address.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if MEDVIRK_BEHIND_PROXY else 0
SECURE_HSTS_SECONDS = env.get_int("MEDVIRK_HSTS_SECONDS", 31536000 if _DJANGO_TLS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# A year or more of HSTS (what `check --deploy` asks for) also allows preloading.
SECURE_HSTS_PRELOAD = env.get_bool("MEDVIRK_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS >= 31536000)
if not DEBUG:
    env.refuse_unsafe_production(
        allowed_hosts=ALLOWED_HOSTS,
        site_url=SITE_URL,
        tls=MEDVIRK_TLS,
        behind_proxy=MEDVIRK_BEHIND_PROXY,
        ssl_redirect=SECURE_SSL_REDIRECT,
        hsts_seconds=SECURE_HSTS_SECONDS,
        secure_cookies=SESSION_COOKIE_SECURE,
    )
# Every response denies the browser features Medvirk never uses
# (common/middleware.PermissionsPolicyMiddleware).
MEDVIRK_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
X_FRAME_OPTIONS = "DENY"
# models.W040: SQLite keeps covering indexes without their INCLUDE columns (PostgreSQL's
# index-only counts of upcoming meetings); nothing is lost on SQLite but the warning.
# (PostgreSQL never raises it.)
SILENCED_SYSTEM_CHECKS = env.get_list("MEDVIRK_SILENCED_SYSTEM_CHECKS", default=["models.W040"])
if MEDVIRK_TLS == "proxy":
    # Declared: the proxy terminating TLS redirects and sends HSTS, so `check --deploy`
    # need not ask Django to (W004: no HSTS, W008: no https redirect).
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008"]

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The login buttons and the logout redirect on to the national login's provider.
        "form-action": [SELF, *_NATIONAL_ORIGINS],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

# --- Logging ----------------------------------------------------------------
# Text (the default) or JSON lines; every line carries the request id that follows a
# request into its tasks and mail (common/logs.py, docs/operations-runtime.md).
from medvirk.common.logs import logging_config  # noqa: E402

MEDVIRK_LOG_FORMAT = env.get_choice("MEDVIRK_LOG_FORMAT", ("text", "json"), default="text")
LOGGING = logging_config(
    format=MEDVIRK_LOG_FORMAT, level=env.get_str("MEDVIRK_LOG_LEVEL", "WARNING")
)

# --- Readiness --------------------------------------------------------------
# /helse/klar/ (ops/readiness.py): 503 when a check fails. Details only with the token
# (Authorization: Bearer ...) or for a platform admin.
MEDVIRK_READINESS_TOKEN = env.get_str("MEDVIRK_READINESS_TOKEN", "")
# A worker heartbeat (recorded by a task that run_periodic enqueues on every queue)
# older than this means the task worker or the periodic runner has stopped.
MEDVIRK_READINESS_HEARTBEAT_MAX_AGE = env.get_int("MEDVIRK_READINESS_HEARTBEAT_MAX_AGE", 1800)
# The mail outbox: due rows waiting, and the age of the oldest one.
MEDVIRK_READINESS_OUTBOX_MAX_WAITING = env.get_int("MEDVIRK_READINESS_OUTBOX_MAX_WAITING", 500)
MEDVIRK_READINESS_OUTBOX_MAX_AGE = env.get_int("MEDVIRK_READINESS_OUTBOX_MAX_AGE", 900)

# --- Medvirk's own ----------------------------------------------------------
MEDVIRK_CAMPAIGN_LINK_DAYS = 30
MEDVIRK_CAMPAIGN_REMINDER_DAYS = 14
MEDVIRK_STALE_AFTER_MONTHS = 13
# An uploaded CSV import file (it may hold contact details) is erased this many days
# after its job finished, if it was not imported before (docs/import-format.md).
MEDVIRK_IMPORT_FILE_RETENTION_DAYS = 7

# The accessibility statement (/tilgjengelighet/): the date of the last accessibility
# test and the address that answers questions about it.
MEDVIRK_ACCESSIBILITY_TESTED_ON = env.get_date("MEDVIRK_ACCESSIBILITY_TESTED_ON", "2026-12-07")
MEDVIRK_ACCESSIBILITY_CONTACT = env.get_str(
    "MEDVIRK_ACCESSIBILITY_CONTACT", "tilgjengelighet@medvirk.no"
)
MEDVIRK_PAGE_SIZE = 20
# PostgreSQL stops a meeting search that runs longer than this (meetings/search_pg.py).
MEDVIRK_SEARCH_TIMEOUT_MS = 1000
FORM_RENDERER = "medvirk.common.forms.FormRenderer"

# --- Backup -----------------------------------------------------------------
# manage.py backup / restore (docs/operations-backup.md). Archives go here by default.
MEDVIRK_BACKUP_DIR = Path(env.get_str("MEDVIRK_BACKUP_DIR", str(VAR_DIR / "backups")))
# Fernet keys, newest first, comma-separated: the first encrypts new backups, every one
# opens old ones. Unset: backups are written unencrypted.
MEDVIRK_BACKUP_KEYS = env.get_field_keys("MEDVIRK_BACKUP_KEY", development=False)

# --- Retention ----------------------------------------------------------------
# How long each kind of personal data is kept, and the periodic job that removes it:
# docs/operations-retention.md (the table, the jobs and the reasons). Whole numbers >= 1.
# Accommodation needs (health data): months after the person's last seat ended, never
# while they hold a current or future seat (job people.erase_accommodation).
MEDVIRK_ACCOMMODATION_RETENTION_MONTHS = env.get_int("MEDVIRK_ACCOMMODATION_RETENTION_MONTHS", 6)
# Receipts and documentation of approved or paid claims: years after the end of the
# financial year (calendar year) the claim was decided or paid in. Bokføringsloven § 13
# keeps primary documentation 5 years; do not set it lower (compensation.erase_receipts).
MEDVIRK_RECEIPT_RETENTION_YEARS = env.get_int("MEDVIRK_RECEIPT_RETENTION_YEARS", 5)
# Activity log entries, in months (common.purge_activity_log).
MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS = env.get_int("MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS", 60)
# Outbox rows sent or failed (addresses and bodies), in days (notifications.purge_outbox).
MEDVIRK_OUTBOX_RETENTION_DAYS = env.get_int("MEDVIRK_OUTBOX_RETENTION_DAYS", 90)
# Rows deleted per transaction by the batched purges (activity log, outbox).
MEDVIRK_RETENTION_BATCH_SIZE = env.get_int("MEDVIRK_RETENTION_BATCH_SIZE", 5000)
for _setting in (
    "MEDVIRK_ACCOMMODATION_RETENTION_MONTHS",
    "MEDVIRK_RECEIPT_RETENTION_YEARS",
    "MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS",
    "MEDVIRK_OUTBOX_RETENTION_DAYS",
    "MEDVIRK_RETENTION_BATCH_SIZE",
):
    if globals()[_setting] < 1:
        raise env.ImproperlyConfigured(f"{_setting} must be at least 1.")
