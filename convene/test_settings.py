"""Test settings: the real settings, with fast hashing, captured email and tasks run at once."""

from convene.settings import *  # noqa: F403 (tests run on the real settings, overriding a few)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
