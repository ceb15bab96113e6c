"""Convene's settings, all read from the environment (see docs/settings.md).

With nothing set, everything is embedded: SQLite in a data directory, a local-memory cache,
an in-memory channel layer, the database task queue and console email. DATABASE_URL and
REDIS_URL switch to PostgreSQL and Redis; nothing else in the code changes.
"""

import secrets
from pathlib import Path

import dj_database_url

from convene.core.csp import checked_origins
from convene.core.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DATA_DIR", str(Path.cwd() / "data"))).resolve()

DEBUG = env_bool("DEBUG", True)
SITE_NAME = env_str("SITE_NAME", "Convene")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def _secret_key() -> str:
    key = env_secret("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off."
        )
    # Development and the demo: one random key kept in the data directory, so sessions and
    # emailed links survive a restart without anyone choosing a key.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    # Before django_tasks_db, so `convene db_worker` is core's (which takes back the tasks of
    # workers that died) rather than the one it extends.
    "convene.core",
    "django_tasks",
    "django_tasks_db",
    "convene.themes",
    "convene.members",
    "convene.events",
    "convene.blog",
    "convene.conversations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policy too (an SVG opened on its own is
    # a page that could run script).
    "convene.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go compressed to slow phones (a big conversation's results: 296 KB, 39 KB
    # gzipped). Django pads each compressed page with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "convene.urls"
ASGI_APPLICATION = "convene.asgi.application"
WSGI_APPLICATION = "convene.wsgi.application"

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
                "convene.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in the data directory unless DATABASE_URL names another.
DATABASE_URL = env_secret("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
        )
    }
    # The ASGI handler runs each request in a thread of its own, so without a pool every
    # request connects to PostgreSQL and hangs up again. Each process keeps a pool instead,
    # starting at one connection; a request takes one for its length and hands it back.
    _pool_max = env_int("DATABASE_POOL_MAX", 4)
    if (
        DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        and _pool_max > 0
    ):
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django insists
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": _pool_max,
        }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "convene.sqlite3"),
            # WAL lets readers carry on while one writer writes. Each request runs in its own
            # thread and connection, so in a busy room writers queue for the one write lock:
            # they wait up to 20 s rather than lose someone's vote to "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and live updates: local memory and in-process unless REDIS_URL is set, in which case
# every ASGI worker shares one cache and one channel layer.
REDIS_URL = env_secret("REDIS_URL")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    # Rate limits count in the cache: a room of phones needs several thousand counters, and
    # local memory's default of 300 would forget counts (loosening the limits) as it culls.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background work goes through the database queue; `convene serve` and `convene demo` start a
# worker beside the web server, and at scale `convene db_worker` runs on its own.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task still marked running whose worker has given no sign of life for this many seconds
# lost its worker midway, and is taken back (see convene/core/task_worker.py).
TASK_WORKER_TIMEOUT = env_int("TASK_WORKER_TIMEOUT", 30)
if TASK_WORKER_TIMEOUT < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"TASK_WORKER_TIMEOUT must be at least 1 (seconds); got {TASK_WORKER_TIMEOUT}."
    )

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "members:account"
LOGOUT_REDIRECT_URL = "core:home"
# Email verification links stay valid this long.
VERIFY_EMAIL_MAX_AGE = env_int("VERIFY_EMAIL_MAX_AGE", 3 * 24 * 3600)
# A role given to someone without an account: the invitation's link stays valid this long.
ROLE_INVITATION_MAX_AGE = env_int("ROLE_INVITATION_MAX_AGE", 14 * 24 * 3600)
# Moderators are emailed when statements wait this many seconds, or this many wait at once,
# and at most once per interval each (seconds). 0 turns that trigger off.
MODERATION_ALERT_AFTER = env_int("MODERATION_ALERT_AFTER", 15 * 60)
MODERATION_ALERT_COUNT = env_int("MODERATION_ALERT_COUNT", 10)
MODERATION_ALERT_INTERVAL = env_int("MODERATION_ALERT_INTERVAL", 60 * 60)
# The join, resend-verification and password-reset forms send email to whatever address is
# typed in, so each address, and each client, may ask for only so many an hour.
EMAILS_PER_ADDRESS_PER_HOUR = env_int("EMAILS_PER_ADDRESS_PER_HOUR", 3)
EMAILS_PER_IP_PER_HOUR = env_int("EMAILS_PER_IP_PER_HOUR", 30)
# Password guessing: past so many failed log-ins in a quarter of an hour for one address,
# or from one client, the log-in form refuses every attempt for them (checking no password)
# until the quarter ends. Log-ins that succeed don't count.
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 10)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 50)
# Membership: annual memberships end with the membership year, which starts on the first
# day of this month (1 is January). Renewal reminders go this many days before a
# membership ends, and the renew link in them works for this many seconds.
MEMBERSHIP_YEAR_STARTS_MONTH = env_int("MEMBERSHIP_YEAR_STARTS_MONTH", 1)
if not 1 <= MEMBERSHIP_YEAR_STARTS_MONTH <= 12:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "MEMBERSHIP_YEAR_STARTS_MONTH must be a month from 1 (January) to 12; "
        f"got {MEMBERSHIP_YEAR_STARTS_MONTH}."
    )
MEMBERSHIP_REMINDER_DAYS = env_int("MEMBERSHIP_REMINDER_DAYS", 30)
RENEW_LINK_MAX_AGE = env_int("RENEW_LINK_MAX_AGE", 60 * 24 * 3600)
# Personal data kept only as long as it is needed (days); `convene erase-expired` erases
# what is past its time. 0 keeps it until the person leaves.
RETENTION_UNCONFIRMED_ACCOUNT_DAYS = env_int("RETENTION_UNCONFIRMED_ACCOUNT_DAYS", 30)
RETENTION_ATTENDEE_NEEDS_DAYS = env_int("RETENTION_ATTENDEE_NEEDS_DAYS", 30)
RETENTION_ANONYMOUS_PARTICIPANT_DAYS = env_int(
    "RETENTION_ANONYMOUS_PARTICIPANT_DAYS", 365
)

# Taking part in a conversation (docs/settings.md says how to size each for a room). Counts
# are per conversation. A venue's Wi-Fi puts a whole room behind one address, so phones that
# arrive through the conversation's QR code (its room link) count against the ROOM_ ceilings;
# anyone else against the lower ones, which hold back a script minting fresh cookies.
PARTICIPANTS_PER_ADDRESS_PER_HOUR = env_int("PARTICIPANTS_PER_ADDRESS_PER_HOUR", 50)
ROOM_PARTICIPANTS_PER_ADDRESS_PER_HOUR = env_int(
    "ROOM_PARTICIPANTS_PER_ADDRESS_PER_HOUR", 1000
)
STATEMENTS_PER_ADDRESS_PER_HOUR = env_int("STATEMENTS_PER_ADDRESS_PER_HOUR", 20)
ROOM_STATEMENTS_PER_ADDRESS_PER_HOUR = env_int(
    "ROOM_STATEMENTS_PER_ADDRESS_PER_HOUR", 1000
)
# Each participant: enough for a keen person, too few for a script.
STATEMENTS_PER_PARTICIPANT_PER_MINUTE = env_int(
    "STATEMENTS_PER_PARTICIPANT_PER_MINUTE", 5
)
STATEMENTS_PER_PARTICIPANT_PER_HOUR = env_int("STATEMENTS_PER_PARTICIPANT_PER_HOUR", 20)
VOTES_PER_PARTICIPANT_PER_MINUTE = env_int("VOTES_PER_PARTICIPANT_PER_MINUTE", 30)
# In post-moderation, how many people besides its author are offered a new statement to
# vote on before a moderator has accepted it.
UNMODERATED_STATEMENT_AUDIENCE = env_int("UNMODERATED_STATEMENT_AUDIENCE", 5)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"

# Email: printed to the console unless EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Convene <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security: strict by default once DEBUG is off, so `convene check --deploy` is clean with
# only SECRET_KEY and ALLOWED_HOSTS set. Behind a TLS-terminating proxy, set
# SECURE_PROXY_SSL_HEADER=1 so Django trusts its X-Forwarded-Proto header: nothing else does
# (`convene serve` keeps uvicorn from reading it).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the site append the client's address to
# X-Forwarded-For. 0 (the default) trusts only REMOTE_ADDR: without a proxy, anyone could
# write the header and dodge per-client limits.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_REFERRER_POLICY = "same-origin"
# No page may be framed (convene/core/csp.py says why), except the live wall by these
# origins: a read-only page an organisation may show inside its own site.
X_FRAME_OPTIONS = "DENY"
WALL_FRAME_ANCESTORS = checked_origins(
    "WALL_FRAME_ANCESTORS", env_list("WALL_FRAME_ANCESTORS", [])
)
# Images in posts and descriptions load from the site itself, or from these origins: every
# other host would learn who reads the page.
CSP_IMAGE_ORIGINS = checked_origins(
    "CSP_IMAGE_ORIGINS", env_list("CSP_IMAGE_ORIGINS", [])
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
