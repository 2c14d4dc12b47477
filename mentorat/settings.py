"""Settings of Mentorat, read from the environment only.

With no variable set, the platform runs on the embedded default: debug off, this machine only
(localhost), a secret generated once into var/secret_key, a SQLite file under var/, Celery tasks
run inline, e-mails written to var/mail/, French UI. Debug is an explicit opt-in
(DJANGO_DEBUG=1, ``make dev``). Production says DJANGO_DEBUG=0 and must then give its own secret
and host names; see README.md for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mentorat.env import envbool, envint, envlist, envsecret, local_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.getenv("MENTORAT_VAR_DIR", BASE_DIR / "var"))

# Three ways to run. DJANGO_DEBUG unset: the embedded default of `make run`, debug off, serving
# this machine only. DJANGO_DEBUG=1: the same with Django's debug pages (`make dev`).
# DJANGO_DEBUG=0, as the Dockerfile and docker-compose say: production, which must bring its own
# secret and host names and gets the HTTPS settings. Saying 0 is what makes it production, so
# that a deployment that forgets its secret refuses to start instead of inventing one.
DEBUG = envbool("DJANGO_DEBUG", "0")
PRODUCTION = "DJANGO_DEBUG" in os.environ and not DEBUG

SECRET_KEY = envsecret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG=0.")
    # Generated on the first start, kept out of git with the rest of var/.
    SECRET_KEY = local_secret(VAR_DIR / "secret_key")

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The stack of apps (docs/DESIGN.md): each imports only those above it in this list.
    "mentorat.core",
    "mentorat.accounts",
    "programmes",
    "matching",
    "followup",
    "evaluation",
    "rights",
    "mentorat.front",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "csp",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "mentorat.core.middleware.PermissionsPolicyMiddleware",
    "mentorat.core.middleware.PrivatePagesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "mentorat.urls"
WSGI_APPLICATION = "mentorat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "mentorat.front.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASE_URL = os.getenv("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'mentorat.sqlite3'}"
if not DATABASE_URL.startswith(("sqlite:", "postgres:", "postgresql:")):
    raise ImproperlyConfigured("DATABASE_URL must start with sqlite:// or postgres://.")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", "60"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery -----------------------------------------------------------
REDIS_URL = os.getenv("REDIS_URL", "")
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", REDIS_URL)
# Redis going away must never fail a request: the cache falls back to local memory per process
# (allauth's rate limits keep counting) and every connection gives up after about a second.
REDIS_TIMEOUT = 1  # seconds, to connect and to answer
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "mentorat.core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.getenv("CACHE_KEY_PREFIX", "mentorat"),
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# With no broker the tasks run inline, so that the embedded default needs nothing but Python.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# No result backend by default: progress and outcomes live on the database rows (SentEmail,
# MatchingRun), and a backend would be one more Redis connection for a request to wait on.
CELERY_RESULT_BACKEND = os.getenv("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = not CELERY_RESULT_BACKEND
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# A worker killed mid-task gets its task redelivered, not silently acknowledged.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No countdown/ETA may exceed this, otherwise Redis redelivers the task while it still waits.
CELERY_VISIBILITY_TIMEOUT = envint("CELERY_VISIBILITY_TIMEOUT", "3600")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": 2 * REDIS_TIMEOUT,
    # A request publishing to a broker that is down tries once, never a reconnection loop.
    "max_retries": 0,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Celery's default is 20 reconnections a second apart: 20 s of a request waiting.
    "retry_policy": {"max_retries": 0},
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = 2 * REDIS_TIMEOUT
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
# The worker keeps reconnecting (it has nothing else to do); the web never waits for it.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Paris"

# --- Accounts (django-allauth) -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mentorat] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_ADAPTER = "mentorat.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "mentorat.accounts.forms.SignupForm"
# allauth's defaults made explicit: they are part of our security promise.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,10/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    "change_password": "5/m/user",
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- E-mail ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Mentorat <mentorat@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
else:
    EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Whitenoise serves the static files in every mode: from the apps' folders with DEBUG on, from
# STATIC_ROOT otherwise (`make run` and the Dockerfile run collectstatic first). Only production
# takes the hashed, compressed names, whose manifest the tests and a fresh clone do not have.
# Generated files (reports, personal-data downloads) go through Django's storage API: a local
# folder by default (a volume shared by web and worker in docker-compose.yml), or object storage
# in a cluster (e.g. FILE_STORAGE_BACKEND=storages.backends.s3.S3Storage with django-storages
# installed and configured by its own AWS_* variables).
STORAGES = {
    "default": {
        "BACKEND": os.getenv("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Files a browser asks for at the root of the site (/favicon.ico), served by whitenoise too.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Uploads (imports, programme templates) larger than this are refused with a French message.
MAX_UPLOAD_SIZE = envint("MAX_UPLOAD_SIZE", str(5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# The language cookie as the session's: sent on links from other sites, never on their posts
# (Django sets no SameSite on it by default); Secure in production, below.
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "mentorat.front.views.csrf_failure"
# Content-Security-Policy (django-csp 4): the platform's own files only, no inline script or
# style (templates hold none: tests/test_templates.py), never framed, forms posted to itself.
# data: images are Bootstrap's icons (the menu button, a select's arrow, a checkbox's tick),
# written as data: URLs in its stylesheet. The admin needs no exception (its scripts are files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Features no page uses, refused to any script (mentorat.core.middleware). Only features
# Chromium knows: an unknown one is an error in the browser's console (tests/browser check).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", "0")
    # /healthz is probed over plain HTTP by the load balancer and docker-compose.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if SECURE_HSTS_PRELOAD is False:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Each record printed once, by the root's handler: Django's own "django" handlers (a console one
# with DEBUG on, which doubled every line) are replaced by propagation. A 4xx answer is not an
# error of the platform: django.request's record of it (with the traceback of the
# PermissionDenied or Http404) is dropped, and the server's access line (runserver, gunicorn
# --access-logfile) is its only trace. A 500 keeps its traceback, once.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_errors": {"()": "mentorat.logs.SkipClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.getenv("LOG_LEVEL", "INFO" if not DEBUG else "WARNING"),
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["no_client_errors"]},
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # Inline tasks still build a (never used) broker connection, which warns about its host.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}
    # Each inline task would print "Task … succeeded" in the console of `make run` (the demo sends
    # hundreds of e-mails): only its failures are worth a line there.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}

# Programme-wide rules of the privacy model (DESIGN.md).
MENTORAT_MIN_GROUP_SIZE = 5
MENTORAT_MIN_GROUP_SIZE_FLOOR = 3

# Publishing to a broker that is down fails at once: the row (SentEmail, MatchingRun) stays
# pending and the beat tasks below publish it again once the broker is back, so the web never
# blocks nor loses it.
CELERY_TASK_PUBLISH_RETRY = False
# A matching run's worker writes a heartbeat this often; a running run whose heartbeat is older
# than MATCHING_RUN_LOST_AFTER has lost its worker (killed): the beat marks it failed.
MATCHING_HEARTBEAT_SECONDS = envint("MATCHING_HEARTBEAT_SECONDS", "10")
MATCHING_RUN_LOST_AFTER = envint("MATCHING_RUN_LOST_AFTER", "180")
# The hour of the morning (Europe/Paris) at which the beat sends the day's reminders.
REMINDERS_HOUR = envint("REMINDERS_HOUR", "8")
# Beat publishes again, every EMAIL_SWEEP_SECONDS, the e-mails still pending EMAIL_RESEND_AFTER
# seconds after they were recorded (younger ones are still being published after their commit).
EMAIL_SWEEP_SECONDS = envint("EMAIL_SWEEP_SECONDS", "300")
EMAIL_RESEND_AFTER = envint("EMAIL_RESEND_AFTER", "120")
# A message to a segment is sent by a worker in batches of MESSAGE_BATCH_SIZE recipients; a
# message whose worker went through no batch for MESSAGE_LOST_AFTER seconds (killed) is handed
# over again by the beat, and goes on where it stopped.
MESSAGE_BATCH_SIZE = envint("MESSAGE_BATCH_SIZE", "200")
MESSAGE_LOST_AFTER = envint("MESSAGE_LOST_AFTER", "120")
# The signed link of an invitation to answer (evaluation.tokens) serves for this many days, and
# never after its wave closes.
EVALUATION_LINK_MAX_AGE_DAYS = envint("EVALUATION_LINK_MAX_AGE_DAYS", "45")
CELERY_BEAT_SCHEDULE = {
    "send-pending-emails": {
        "task": "mentorat.core.tasks.send_pending_emails",
        "schedule": float(EMAIL_SWEEP_SECONDS),
    },
    "sweep-matching-runs": {"task": "matching.tasks.sweep_runs", "schedule": 60.0},
    # Every morning (CELERY_TIMEZONE, Europe/Paris): the reminders due today, each sent once.
    "send-reminders": {
        "task": "followup.tasks.send_reminders",
        "schedule": crontab(hour=REMINDERS_HOUR, minute=0),
    },
    "sweep-messages": {"task": "followup.tasks.sweep_messages", "schedule": 60.0},
    # Every morning, before the reminders: the waves due today open (their invitations exist
    # when the reminders go), those past their date close, the next pulse check-ins open.
    "evaluation-waves": {
        "task": "evaluation.tasks.sweep_waves",
        "schedule": crontab(hour=max(REMINDERS_HOUR - 1, 0), minute=30),
    },
}
# Evaluation, the steering committee's reports: the pending reports handed over again every
# minute (the broker was down), and the digest of the key figures to each programme's pilots on
# the 1st of the month (each sent once per programme and month). WeasyPrint logs every page
# it lays out: only its warnings are worth a line.
CELERY_BEAT_SCHEDULE["evaluation-sweep-reports"] = {
    "task": "evaluation.tasks.sweep_reports",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["evaluation-digest"] = {
    "task": "evaluation.tasks.send_report_digest",
    "schedule": crontab(day_of_month=1, hour=REMINDERS_HOUR, minute=30),
}
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}
