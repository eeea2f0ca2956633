"""Settings for the test suite: the product's settings with a fast hasher."""

import os
import tempfile
from pathlib import Path

from kasudesk.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Per process, so that concurrent runs (two developers, or CI on two
# databases) never share a test database. SQLite uses a file, not memory:
# the live server's threads then open their own connections, as a real
# deployment does.
_RUN = os.getpid()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"kasudesk-test-{_RUN}.sqlite3")
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_kasudesk_{_RUN}"}  # noqa: F405

# Uploaded evidence from tests goes to a throwaway folder, never ./var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kasudesk-test-media-"))
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Static files straight from the apps (no collectstatic before tests).
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="kasudesk-test-static-"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
