import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from steering.settings import env_bool, env_int, env_list

PROJECT = Path(__file__).resolve().parents[2]


def _run(code: str, **env) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "steering.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "governance.example.org",
    "BEHIND_PROXY": "1",
}


def test_settings_check_deploy_with_production_values_is_clean():
    result = _run(
        "import django, sys; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        **PRODUCTION,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_settings_refuse_to_start_without_a_secret_key_in_production():
    result = _run("import django; django.setup()", DEBUG="0")
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_settings_celery_needs_no_server_without_redis_url():
    result = _run(
        "from django.conf import settings as s; print(s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])", DEBUG="1"
    )
    assert result.stdout.split() == ["filesystem://", "django.core.cache.backends.locmem.LocMemCache"]


def test_settings_redis_url_serves_broker_and_cache():
    result = _run(
        "from django.conf import settings as s; print(s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])",
        DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.stdout.split() == ["redis://127.0.0.1:6379/3", "django.core.cache.backends.redis.RedisCache"]


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("", True)])
def test_env_bool_reads_the_usual_spellings(raw, expected, monkeypatch):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", True) is expected


def test_env_helpers_refuse_malformed_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be one of"):
        env_bool("SOME_FLAG", False)
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be a whole number"):
        env_int("SOME_NUMBER", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", "a.example.org, b.example.org,")
    assert env_list("SOME_HOSTS", []) == ["a.example.org", "b.example.org"]


def test_cache_round_trips_on_the_configured_backend():
    """On CI's second run this is Redis; on a fresh machine, memory."""
    from django.core.cache import cache

    cache.set("steering-test-key", "Grŵp Llywio", timeout=5)
    assert cache.get("steering-test-key") == "Grŵp Llywio"
    cache.delete("steering-test-key")


def test_every_page_sends_the_security_headers(client, db):
    response = client.get("/sign-in/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert (response.headers["X-Frame-Options"], response.headers["Referrer-Policy"]) == ("DENY", "same-origin")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_settings_turn_on_https_only_cookies_and_hsts():
    result = _run(
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
        **PRODUCTION,
    )
    assert result.stdout.split() == ["31536000", "True", "True"]
