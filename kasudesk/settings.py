"""Django settings, read from KASUDESK_* environment variables.

Every value has a safe default for a single machine (embedded SQLite under
./var, debug off). docs/deployment.md lists the variables for a real
installation; invalid values stop start-up naming the variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from kasudesk.env import (
    ConfigError,
    envbool,
    envint,
    envlist,
    envsecret,
    envstr,
    envtimezone,
)

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(envstr("KASUDESK_VAR_DIR", "var")).resolve()

DEBUG = envbool("KASUDESK_DEBUG", False)
SECRET_KEY = envsecret("KASUDESK_SECRET_KEY", VAR_DIR / "secret_key")
# Keys the audit trail's hash chain; kept apart from SECRET_KEY so rotating
# that key never makes past entries unverifiable. Back it up with the database.
KASUDESK_AUDIT_KEY = envsecret("KASUDESK_AUDIT_KEY", VAR_DIR / "audit_key")
ALLOWED_HOSTS = envlist("KASUDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("KASUDESK_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("KASUDESK_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "kasudesk.web",
    "kasudesk.accounts",
    "kasudesk.audit",
    "kasudesk.cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "kasudesk.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "kasudesk.urls"
WSGI_APPLICATION = "kasudesk.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kasudesk.web.context_processors.navigation",
                "kasudesk.cases.context_processors.cases",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url))
    except (ValueError, KeyError) as exc:
        raise ConfigError("KASUDESK_DATABASE_URL", f"cannot parse {url!r}: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the
        # write lock at BEGIN so two writers queue instead of deadlocking.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
        config["CONN_MAX_AGE"] = 60
    elif engine == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = envint("KASUDESK_DB_CONN_MAX_AGE", 60, minimum=0)
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise ConfigError(
            "KASUDESK_DATABASE_URL",
            f"unsupported database {engine or url!r}; use sqlite:/// or postgres://",
        )
    return config


DATABASES = {
    "default": _database(
        envstr("KASUDESK_DATABASE_URL", f"sqlite:///{VAR_DIR / 'kasudesk.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins per username (and per address) before a temporary lock-out.
KASUDESK_LOGIN_MAX_FAILURES = envint("KASUDESK_LOGIN_MAX_FAILURES", 5, minimum=1)
KASUDESK_LOGIN_LOCKOUT_MINUTES = envint("KASUDESK_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)

SESSION_COOKIE_AGE = envint("KASUDESK_SESSION_MINUTES", 8 * 60, minimum=5) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind a TLS-terminating reverse proxy; see docs/deployment.md.
HTTPS = envbool("KASUDESK_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = envbool("KASUDESK_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("KASUDESK_HSTS_SECONDS", 0, minimum=0)
if envbool("KASUDESK_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = envtimezone("KASUDESK_TIME_ZONE", "Asia/Tokyo")
FORMAT_MODULE_PATH = ["kasudesk.formats"]
LANGUAGE_COOKIE_NAME = "kasudesk_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(envstr("KASUDESK_MEDIA_ROOT", str(VAR_DIR / "media"))).resolve()
_S3_BUCKET = envstr("KASUDESK_S3_BUCKET", "")
if _S3_BUCKET:
    # Any S3-compatible store (AWS, MinIO, Ceph…); needs the [s3] extra.
    _DEFAULT_STORAGE: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": envstr("KASUDESK_S3_ENDPOINT_URL", "") or None,
            "region_name": envstr("KASUDESK_S3_REGION", "") or None,
            "access_key": envstr("KASUDESK_S3_ACCESS_KEY_ID", ""),
            "secret_key": envsecret("KASUDESK_S3_SECRET_ACCESS_KEY", None),
            "location": envstr("KASUDESK_S3_PREFIX", "evidence"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Evidence is never served from MEDIA_URL: no route answers it, and files
# leave only through permission-checked download views.
MEDIA_URL = "/_media_not_served/"
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

_EMAIL_HOST = envstr("KASUDESK_EMAIL_HOST", "")
if _EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL_HOST,
                "port": envint("KASUDESK_EMAIL_PORT", 587, minimum=1),
                "username": envstr("KASUDESK_EMAIL_USER", ""),
                "password": envsecret("KASUDESK_EMAIL_PASSWORD", None),
                "use_tls": envbool("KASUDESK_EMAIL_USE_TLS", True),
            },
        }
    }
else:
    # Without a mail server, e-mails are printed where the server logs go.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = envstr("KASUDESK_EMAIL_FROM", "kasudesk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("KASUDESK_LOG_LEVEL", "INFO")},
}
