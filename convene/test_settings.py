"""Test settings: the real settings, with fast hashing, captured email and tasks run at once."""

import atexit
import shutil
import tempfile
from pathlib import Path

from convene.settings import *  # noqa: F403 (tests run on the real settings, overriding a few)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405 (from settings)
    # A file in WAL mode, as the site runs, not Django's shared in-memory database: there a
    # reader's open transaction locks whole tables against other connections' writes.
    _test_folder = tempfile.mkdtemp(prefix="convene-test-")
    atexit.register(shutil.rmtree, _test_folder, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_test_folder) / "db.sqlite3")}  # noqa: F405
