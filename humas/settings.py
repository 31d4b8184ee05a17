"""Humas settings: everything that differs between machines comes from the environment (12-factor).

Without DATABASE_URL / REDIS_URL the launcher (`python3 dev.py ...`, see humas/devenv.py) starts
embedded servers and sets these variables before Django starts, so this module never guesses.
"""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.translation import gettext_lazy as _
from django_guid.integrations import CeleryIntegration

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HUMAS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Keys that are public (the development key below, the placeholder in deploy/humas.env.example)
# or short enough to guess would sign every session, link and CSRF token: production refuses them,
# so a copied example file never goes live with a known key.
DEV_SECRET_KEY = "dev-only-insecure-humas-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
KNOWN_SECRET_KEYS = {DEV_SECRET_KEY, "change-me-to-50-random-characters"}
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Developer commands that never sign, serve or send anything may run without a key (so a
    # fresh clone can run `manage.py makemigrations --check`); servers, workers and every other
    # command refuse.
    _keyless_command = len(sys.argv) > 1 and sys.argv[1] in {
        "makemigrations",
        "makemessages",
        "compilemessages",
    }
    if not DEBUG and not env_bool("HUMAS_ALLOW_DEV_SECRET") and not _keyless_command:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    # Development only: the launcher sets DEBUG=1; production must set SECRET_KEY.
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG:
    if SECRET_KEY.strip() in KNOWN_SECRET_KEYS:
        raise RuntimeError("SECRET_KEY is the public example or development key; set a random one.")
    if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
        raise RuntimeError(
            f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters when DEBUG is off."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "django_guid",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "django_ckeditor_5",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "phonenumber_field",
    "kernel",
    "humas",
    "releases",
    "contacts",
    "distribution",
    "conferences",
    "crises",
    "publicinfo",
    # The public site: pages across the feature apps (it imports them; none imports it).
    "portal",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    # Before anything reads the request: NUL/control characters and overlong queries get a 400.
    "kernel.hostile.HostileInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kernel.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Outside CSRF, auth and two-factor, so their refusals and redirects are no-store too.
    "kernel.middleware.StaffNoStoreMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kernel.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "humas.urls"
WSGI_APPLICATION = "humas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kernel.context_processors.humas",
            ],
        },
    },
]

# --- Services -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/humas")
# Tests run Celery workers in threads; persistent connections there would block dropping the test DB.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=0 if env_bool("HUMAS_TESTING") else 60, conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "") if env_bool("HUMAS_TESTING") else ""
if _XDIST_WORKER.startswith("gw"):
    # The test suite runs in parallel processes (pytest-xdist): each gets a Redis database of its
    # own (the Celery broker's queues and the cache), next to the one REDIS_URL names, so one
    # process's worker never takes another's tasks. (Each also gets its own test database.)
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)
    _base = int(_parts.path.strip("/") or 0)
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{(_base + 1 + int(_XDIST_WORKER[2:])) % 16}"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get(
            "HUMAS_CACHE_PREFIX", f"humas-test{_XDIST_WORKER}" if env_bool("HUMAS_TESTING") else "humas"
        ),
        "TIMEOUT": 300,
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Mail: EMAIL_URL (smtp://user:pass@host:port, submission+tls://...). Without it, development mail
# goes over real SMTP to the local sink (`manage.py mailsink`) that writes var/mail/*.eml.
MAILSINK_PORT = int(os.environ.get("MAILSINK_PORT", "1025"))
EMAIL_URL = os.environ.get("EMAIL_URL", f"smtp://127.0.0.1:{MAILSINK_PORT}")
vars().update(dj_email_url.parse(EMAIL_URL))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))


def _fallback_mail_domain():
    """The domain of the fallback sender (used only while the organisation profile has no e-mail):
    the DKIM domain, else the public site's host name, never "localhost" (receivers treat mail from
    humas@localhost as junk); "humas.invalid" on a development machine with no such name."""
    from urllib.parse import urlparse

    dkim = os.environ.get("HUMAS_DKIM_DOMAIN", "").strip()
    if dkim:
        return dkim
    host = urlparse(os.environ.get("HUMAS_SITE_URL", "")).hostname or ""
    if "." in host and not host.replace(".", "").isdigit():
        return host
    return "humas.invalid"


DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"Humas <humas@{_fallback_mail_domain()}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# DKIM (kernel.dkim): every outgoing mail is signed when all three are set. The key file is the
# PEM private key (openssl genrsa 2048); `manage.py dkim_record` prints the TXT record to publish.
HUMAS_DKIM_DOMAIN = os.environ.get("HUMAS_DKIM_DOMAIN", "")
HUMAS_DKIM_SELECTOR = os.environ.get("HUMAS_DKIM_SELECTOR", "")
HUMAS_DKIM_KEY_FILE = os.environ.get("HUMAS_DKIM_KEY_FILE", "")
MAIL_DIR = VAR_DIR / "mail"
HUMAS_BACKUP_DIR = Path(os.environ.get("HUMAS_BACKUP_DIR", VAR_DIR / "backups"))

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Jakarta"
# Delivery guarantees (DESIGN.md): a task is acknowledged only after it ran, and a task whose
# worker died is handed back, so no batch is lost; prefetch 1 keeps one worker from hoarding.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 900
CELERY_TASK_SOFT_TIME_LIMIT = 840
# The visibility timeout must exceed the longest task, or Redis re-delivers a running task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "distribution.tasks.*": {"queue": "mail"},
    "kernel.tasks.notification_*": {"queue": "mail"},
    "releases.tasks.presskit_*": {"queue": "pdf"},
}
# Every periodic task, in this one place. The sweeps claim their rows (a conditional UPDATE or
# select_for_update skip locked), so a second beat does no harm and a run missed while beat was
# down is made up by the next one: an interval is how late a due thing may be handled.
_DISTRIBUTION_SWEEP = float(os.environ.get("HUMAS_DISTRIBUTION_SWEEP_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = {
    # The status page shows when beat last ran; a minute is fine enough to see that it stopped.
    "beat-heartbeat": {"task": "kernel.tasks.beat_heartbeat", "schedule": 60.0},
    # Staff notifications whose task was lost are retried once they are 10 minutes stale; checking
    # every 5 minutes keeps a lost notification under a quarter of an hour late.
    "notification-requeue": {"task": "kernel.tasks.notification_requeue", "schedule": 300.0},
    # A release scheduled for 09:00 goes out within the minute (not with a long ETA task, which
    # Redis would re-deliver after its visibility timeout).
    "releases-publish-due": {"task": "releases.tasks.release_publish_due_task", "schedule": 60.0},
    # A kit made during an embargo carries the watermark; within two minutes of the embargo's end
    # it is rendered anew without the watermark.
    "presskit-embargo-lifted": {"task": "releases.tasks.presskit_sweep_embargo_lifted", "schedule": 120.0},
    # Uploaded contact files hold personal data; they are kept for days, so an hour of slack
    # in deleting them is nothing.
    "contacts-import-files-purge": {
        "task": "contacts.tasks.contact_import_files_purge_task",
        "schedule": 3600.0,
    },
    # Background export files hold personal data: deleted a day after they were made.
    "kernel-export-jobs-expire": {"task": "kernel.tasks.export_jobs_expire_task", "schedule": 3600.0},
    # An import whose worker died is marked failed (retryable) once it has not moved for
    # HUMAS_IMPORT_STALE_SECONDS; checked every five minutes.
    "contacts-import-sweep-stale": {
        "task": "contacts.tasks.contact_import_sweep_stale_task",
        "schedule": 300.0,
    },
    # Files chosen before a failed save are kept a day (kernel.uploads); hourly is tidy enough.
    "pending-uploads-purge": {"task": "kernel.tasks.pending_uploads_purge_task", "schedule": 3600.0},
    # Scheduled sends start within a sweep (60 s; the reliability test shortens it through the
    # environment); rows stuck in `sending` (a worker killed mid-send) or queued rows whose task
    # was lost are handed back; sending distributions with nothing left are completed.
    "distribution-start-due": {
        "task": "distribution.tasks.start_due_distributions",
        "schedule": _DISTRIBUTION_SWEEP,
    },
    "distribution-requeue-stuck": {
        "task": "distribution.tasks.requeue_stuck_deliveries",
        "schedule": _DISTRIBUTION_SWEEP,
    },
    "distribution-finalize": {
        "task": "distribution.tasks.finalize_distributions",
        "schedule": _DISTRIBUTION_SWEEP,
    },
    # Click and page-open counts wait in Redis (a public GET writes no row) until folded in.
    "distribution-engagement-flush": {
        "task": "distribution.tasks.flush_engagement",
        "schedule": _DISTRIBUTION_SWEEP,
    },
    # Reminders go out hours before a conference: five minutes late is still on time.
    "conferences-send-due-reminders": {"task": "conferences.tasks.send_due_reminders", "schedule": 300.0},
    # A conference that ended becomes "held" (and joins the KIP list) within a quarter of an hour.
    "conferences-mark-past-held": {"task": "conferences.tasks.mark_past_held", "schedule": 900.0},
    # An overdue public update during a crisis is reminded within the minute (once per overdue
    # period; see crises.services.incident_overdue_reminders_send).
    "crises-overdue-update-reminders": {
        "task": "crises.tasks.incident_overdue_reminders_sweep",
        "schedule": 60.0,
    },
    # The public search's "did you mean" word list: a word published within the hour only lacks
    # a suggestion for a misspelling of it meanwhile (its item is found at once).
    "portal-search-words-rebuild": {"task": "portal.tasks.search_words_rebuild_task", "schedule": 3600.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Celery's Django fixup closes every database connection before and after every task unless this
# is set; humas/celery.py applies CONN_MAX_AGE and the health checks around each task instead.
CELERY_DB_REUSE_MAX = 10**9

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["kernel.auth_backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
# Login throttling (django-axes): 5 failures lock that username *from that address* for 15 minutes.
# Locking by the pair means an attacker elsewhere can not lock the head of the office out, and the
# cool-off means no lock is forever.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The lockout keys on the client's real address: X-Forwarded-For is believed only from these
# proxies (nginx on the same host by default; add the load balancer's address or network).
HUMAS_TRUSTED_PROXIES = env_list("HUMAS_TRUSTED_PROXIES", "127.0.0.1,::1")
AXES_CLIENT_IP_CALLABLE = "kernel.clientip.client_ip"
AXES_USERNAME_CALLABLE = "kernel.clientip.axes_username"
# Roles that must sign in with a second factor (TOTP).
HUMAS_2FA_ROLES = env_list("HUMAS_2FA_ROLES", "Kepala Humas,Sekretaris Pers")
OTP_TOTP_ISSUER = "Humas"
if env_bool("HUMAS_TESTING"):
    # Tests create many users; a deliberately slow hash would only slow them down.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "public:home"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# --- I18N / time ----------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static / media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Random names with the extension of the detected type (kernel.media).
    "default": {"BACKEND": "kernel.media.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not env_bool("HUMAS_TESTING")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or env_bool("HUMAS_TESTING")
if WHITENOISE_USE_FINDERS:
    # Served from the app folders; the empty root only keeps WhiteNoise from warning.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded files are handed out only by kernel.views_media (access checked on every request).
# In production nginx sends the bytes: the view answers with X-Accel-Redirect to nginx's
# `internal` /protected/ location (deploy/nginx/humas.conf). Off: Django sends them itself.
HUMAS_MEDIA_ACCEL = env_bool("HUMAS_MEDIA_ACCEL")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security (issue 10): `manage.py check --deploy --fail-level WARNING` passes with
# DEBUG=0 HUMAS_HTTPS=1 (tests/security/test_deploy_check.py) --------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if env_bool("HUMAS_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp): no inline script or style without the per-request nonce
# ({{ request.csp_nonce }}); no eval, no plugins, no framing, forms post only here. CKEditor 5's
# bundle injects its <style> elements with the nonce (window.__webpack_nonce__, see
# templates/humas/ckeditor_nonce.html). `data:` images: CKEditor's UI icons and QR codes.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Logs: JSON lines in production (LOG_FORMAT=json, the default without DEBUG), each with the
# request id (X-Request-ID, django-guid; passed on into Celery tasks) and the Celery task id/name.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG or env_bool("HUMAS_TESTING") else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
        "task": {"()": "humas.logging.TaskContextFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s %(task_name)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "task"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_guid": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": True,
    "VALIDATE_GUID": True,
    # Passes the request id on to the Celery tasks a request queues; Celery logs through LOGGING.
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True)],
}

# --- Rich text: CKEditor 5 (django-ckeditor-5); every save is cleaned by kernel.sanitize -------
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "id",
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "underline",
            "strikethrough",
            "link",
            "|",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "insertTable",
            "imageUpload",
            "|",
            "undo",
            "redo",
        ],
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraf", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Judul 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Judul 3", "class": "ck-heading_heading3"},
            ]
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "image": {"toolbar": ["imageTextAlternative", "toggleImageCaption"]},
    }
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Humas API",
    "DESCRIPTION": "Siaran pers yang sudah terbit (read-only).",
    "VERSION": "1.0.0",
    # The schema documents the releases API, not its own URL.
    "SERVE_INCLUDE_SCHEMA": False,
}
PHONENUMBER_DEFAULT_REGION = "ID"

HUMAS_SITE_URL = os.environ.get("HUMAS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# /healthz answers only the host and the load balancer (addresses or CIDRs; others get 404), and
# its DB/Redis/Celery ping result is kept this many seconds: a flood of probes costs one ping.
HUMAS_HEALTHZ_ALLOWED = env_list("HUMAS_HEALTHZ_ALLOWED", "127.0.0.1/32,::1/128")
HUMAS_HEALTHZ_CACHE_SECONDS = float(os.environ.get("HUMAS_HEALTHZ_CACHE_SECONDS", "5"))

# === releases ===
# CKEditor 5 uploads go to releases' own view: staff with releases.change_release only, images
# judged and re-encoded by Pillow (django-ckeditor-5's default view only checks "authenticated").
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "staff_releases:image_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "webp", "gif"]
# === end releases ===

# === distribution ===
# Send-rate limits shared by all workers (through Redis), retry policy and the stuck-row sweep.
HUMAS_MAIL_RATE_PER_SECOND = int(os.environ.get("HUMAS_MAIL_RATE_PER_SECOND", "50"))
HUMAS_MAIL_PER_DOMAIN_PER_MINUTE = int(os.environ.get("HUMAS_MAIL_PER_DOMAIN_PER_MINUTE", "600"))
HUMAS_MAIL_MAX_ATTEMPTS = int(os.environ.get("HUMAS_MAIL_MAX_ATTEMPTS", "8"))
HUMAS_MAIL_RETRY_BASE_SECONDS = float(os.environ.get("HUMAS_MAIL_RETRY_BASE_SECONDS", "60"))
# A 60,000-row import checks in ~10 s and commits in ~15 s, reporting progress every 1,000 rows:
# fifteen minutes without a sign of life means its worker is gone.
# PostgreSQL's pg_trgm (contrib) serves "did you mean" and the trigram indexes. The embedded
# development server has no contrib extensions: there the migrations skip them and the search
# compares words in Python (dev.py sets HUMAS_PG_TRGM=0 when it starts that server).
HUMAS_PG_TRGM = env_bool("HUMAS_PG_TRGM", default=True)
HUMAS_IMPORT_STALE_SECONDS = int(os.environ.get("HUMAS_IMPORT_STALE_SECONDS", "900"))
HUMAS_MAIL_STUCK_AFTER_SECONDS = int(os.environ.get("HUMAS_MAIL_STUCK_AFTER_SECONDS", "600"))
