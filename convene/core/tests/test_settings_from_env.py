"""Settings come from the environment: run Django in a child process with a chosen env."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60 + "-a-real-looking-production-key",
    "ALLOWED_HOSTS": "convene.example.org",
}

# Settings of the running test session that must not leak into the child process (the browser
# fixture, for one, allows sync database calls inside Playwright's event loop).
ENV_OF_THE_TEST_RUN = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "SITE_NAME",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_convene(
    *args: str, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_OF_THE_TEST_RUN}
    return subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "-m", "convene", *args],
        env={**clean, "DATA_DIR": str(cwd / "data"), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = run_convene(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_convene(
        "check",
        env={"DEBUG": "0", "ALLOWED_HOSTS": "convene.example.org"},
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


def test_a_bad_value_stops_start_up_with_its_name(tmp_path: Path) -> None:
    result = run_convene("check", env={"DEBUG": "maybe"}, cwd=tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_embedded_defaults_keep_everything_in_the_data_directory(
    tmp_path: Path,
) -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " s.CHANNEL_LAYERS['default']['BACKEND'], s.EMAIL_BACKEND, s.DATABASES['default']['NAME'])"
    )
    result = run_convene("shell", "--no-imports", "-c", code, env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "channels.layers.InMemoryChannelLayer",
        "django.core.mail.backends.console.EmailBackend",
        str(tmp_path / "data" / "convene.sqlite3"),
    ]
    assert (tmp_path / "data" / "secret-key").exists()


def test_database_and_redis_urls_switch_to_services(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
        " s.CACHES['default']['BACKEND'], s.CHANNEL_LAYERS['default']['BACKEND'])"
    )
    env = {
        "DATABASE_URL": "postgres://someone@db.internal:5432/convene",
        "REDIS_URL": "redis://cache.internal:6379/1",
    }
    result = run_convene("shell", "--no-imports", "-c", code, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "convene",
        "django.core.cache.backends.redis.RedisCache",
        "channels_redis.pubsub.RedisPubSubChannelLayer",
    ]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("", ("127.0.0.1", 8000)),
        ("9000", ("127.0.0.1", 9000)),
        ("0.0.0.0:8080", ("0.0.0.0", 8080)),  # noqa: S104 (parsed, never bound)
        ("[::1]:8001", ("::1", 8001)),
    ],
)
def test_serve_addresses_are_read_like_runserver(
    address: str, expected: tuple[str, int]
) -> None:
    from convene.core.serving import parse_address

    assert parse_address(address) == expected
