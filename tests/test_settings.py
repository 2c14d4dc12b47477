"""Settings come from the environment only: each case loads them in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from mentorat.env import envbool, envint, envlist, envsecret

ROOT = Path(__file__).resolve().parents[1]

SHOW = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "db": {k: str(db.get(k)) for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")},
    "cache": s.CACHES["default"]["BACKEND"],
    "broker": s.CELERY_BROKER_URL,
    "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "acks_late": s.CELERY_TASK_ACKS_LATE,
    "email": s.EMAIL_BACKEND,
    "email_path": str(getattr(s, "EMAIL_FILE_PATH", "")),
    "language": s.LANGUAGE_CODE,
    "time_zone": s.TIME_ZONE,
    "ssl_redirect": getattr(s, "SECURE_SSL_REDIRECT", False),
    "static": s.STORAGES["staticfiles"]["BACKEND"],
    "cookies": {
        name: [getattr(s, f"{name}_COOKIE_SECURE"), getattr(s, f"{name}_COOKIE_SAMESITE")]
        for name in ("SESSION", "CSRF", "LANGUAGE")
    },
}))
"""


def _run(code_or_args: str | list[str], **env: str) -> subprocess.CompletedProcess:
    # Only what a fresh shell would have: nothing of the test run's own configuration leaks in.
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "mentorat.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _settings(**env: str) -> dict:
    result = _run(SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_embedded_default_needs_nothing_but_python(tmp_path):
    s = _settings(MENTORAT_VAR_DIR=str(tmp_path))
    # Debug off, so that a visitor sees the French error pages; this machine only.
    assert s["DEBUG"] is False
    assert s["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert s["ssl_redirect"] is False
    assert s["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert s["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["db"]["NAME"] == str(tmp_path / "mentorat.sqlite3")
    assert s["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["broker"] == "" and s["eager"] is True
    assert s["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert s["email_path"] == str(tmp_path / "mail")
    assert (s["language"], s["time_zone"]) == ("fr", "Europe/Paris")


def test_the_var_directory_defaults_to_the_repository():
    s = _settings()
    assert s["db"]["NAME"] == str(ROOT / "var" / "mentorat.sqlite3")


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-production-secret-key-that-is-only-used-in-this-test-0123456789",
    "DJANGO_ALLOWED_HOSTS": "mentorat.example.org, www.mentorat.example.org",
    "DATABASE_URL": "postgres://mentorat:s3cret@db.internal:5433/mentorat_prod",
    "REDIS_URL": "redis://redis.internal:6379/2",
    "EMAIL_HOST": "smtp.example.org",
}


def test_a_production_like_environment_loads():
    s = _settings(**PRODUCTION)
    assert s["DEBUG"] is False
    assert s["SECRET_KEY"] == PRODUCTION["DJANGO_SECRET_KEY"]
    assert s["ALLOWED_HOSTS"] == ["mentorat.example.org", "www.mentorat.example.org"]
    assert s["db"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "mentorat_prod",
        "USER": "mentorat",
        "PASSWORD": "s3cret",
        "HOST": "db.internal",
        "PORT": "5433",
    }
    assert s["cache"] == "mentorat.core.cache.FallbackRedisCache"
    assert s["broker"] == "redis://redis.internal:6379/2"
    assert s["eager"] is False and s["acks_late"] is True
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["ssl_redirect"] is True
    assert s["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_in_production_every_cookie_is_secure_and_same_site_lax():
    # The language cookie too: Django's default sends it over HTTP and with no SameSite.
    assert _settings(**PRODUCTION)["cookies"] == {
        "SESSION": [True, "Lax"],
        "CSRF": [True, "Lax"],
        "LANGUAGE": [True, "Lax"],
    }


def test_on_this_machine_the_cookies_also_work_over_plain_http(tmp_path):
    assert _settings(MENTORAT_VAR_DIR=str(tmp_path))["cookies"] == {
        "SESSION": [False, "Lax"],
        "CSRF": [False, "Lax"],
        "LANGUAGE": [False, "Lax"],
    }


def test_a_production_like_environment_passes_the_deployment_checks():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_secret_can_come_from_a_docker_secret_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-secret-read-from-a-file-0123456789-0123456789\n")
    s = _settings(**{**PRODUCTION, "DJANGO_SECRET_KEY": "", "DJANGO_SECRET_KEY_FILE": str(secret)})
    assert s["SECRET_KEY"] == "a-secret-read-from-a-file-0123456789-0123456789"


def test_production_without_a_secret_refuses_to_start():
    result = _run(SHOW, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is required" in result.stderr


def test_a_typo_in_a_boolean_refuses_to_start():
    result = _run(SHOW, DJANGO_DEBUG="non")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_an_unsupported_database_refuses_to_start():
    result = _run(SHOW, DATABASE_URL="mysql://root@localhost/mentorat")
    assert result.returncode != 0
    assert "DATABASE_URL must start with sqlite:// or postgres://" in result.stderr


def test_envbool_reads_the_usual_spellings_and_refuses_the_others(monkeypatch):
    for value in ["1", "true", "Yes", " on "]:
        monkeypatch.setenv("MENTORAT_TEST_FLAG", value)
        assert envbool("MENTORAT_TEST_FLAG", "0") is True
    for value in ["0", "false", "NO", "off", ""]:
        monkeypatch.setenv("MENTORAT_TEST_FLAG", value)
        assert envbool("MENTORAT_TEST_FLAG", "1") is False
    monkeypatch.setenv("MENTORAT_TEST_FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured):
        envbool("MENTORAT_TEST_FLAG", "0")
    monkeypatch.delenv("MENTORAT_TEST_FLAG")
    assert envbool("MENTORAT_TEST_FLAG", "1") is True


def test_envint_envlist_and_envsecret(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTORAT_TEST_INT", "12")
    assert envint("MENTORAT_TEST_INT", "3") == 12
    monkeypatch.setenv("MENTORAT_TEST_INT", "douze")
    with pytest.raises(ImproperlyConfigured):
        envint("MENTORAT_TEST_INT", "3")
    monkeypatch.setenv("MENTORAT_TEST_LIST", " a.example, ,b.example ")
    assert envlist("MENTORAT_TEST_LIST", "") == ["a.example", "b.example"]
    assert envsecret("MENTORAT_TEST_ABSENT") is None
    (tmp_path / "s").write_text("dans-un-fichier\n")
    monkeypatch.setenv("MENTORAT_TEST_SECRET_FILE", str(tmp_path / "s"))
    assert envsecret("MENTORAT_TEST_SECRET") == "dans-un-fichier"


def test_the_embedded_default_generates_its_secret_once_and_reuses_it(tmp_path):
    first = _settings(MENTORAT_VAR_DIR=str(tmp_path))["SECRET_KEY"]
    secret = tmp_path / "secret_key"
    assert secret.read_text().strip() == first and len(first) >= 50
    assert secret.stat().st_mode & 0o777 == 0o600
    assert _settings(MENTORAT_VAR_DIR=str(tmp_path))["SECRET_KEY"] == first
    assert _settings(MENTORAT_VAR_DIR=str(tmp_path), DJANGO_DEBUG="1")["SECRET_KEY"] == first


def test_debug_is_an_explicit_opt_in():
    assert _settings(DJANGO_DEBUG="1")["DEBUG"] is True
