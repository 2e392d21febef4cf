"""Production security settings, read from a fresh load of config/settings.py under a given environment."""

import runpy
from pathlib import Path

import pytest

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"
PRODUCTION = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "tracker.example"}


def load_settings(monkeypatch, **env) -> dict:
    for name in ("DJANGO_SECURE_PROXY_SSL_HEADER", "DJANGO_DEBUG", "DJANGO_SECURE_SSL_REDIRECT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_production_turns_on_hsts_secure_cookies_and_no_framing(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION)

    assert settings["DEBUG"] is False
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["X_FRAME_OPTIONS"] == "DENY"
    assert settings["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_x_forwarded_proto_is_not_trusted_unless_configured(monkeypatch):
    """A client could otherwise send "X-Forwarded-Proto: https" itself and pass for a secure request."""
    assert "SECURE_PROXY_SSL_HEADER" not in load_settings(monkeypatch, **PRODUCTION)


@pytest.mark.parametrize("env", [PRODUCTION, {}])
def test_x_forwarded_proto_is_trusted_when_a_proxy_is_declared(monkeypatch, env):
    settings = load_settings(monkeypatch, **env, DJANGO_SECURE_PROXY_SSL_HEADER="true")

    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_uploads_are_never_under_a_public_url(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION)

    default = settings["STORAGES"]["default"]
    assert default["OPTIONS"].get("base_url") is None
    assert settings.get("MEDIA_URL", "") in ("", None)
