"""Fixtures several apps' tests share beyond the root conftest: an SMTP server on loopback, a temp upload folder.

An app's tests/<app>/conftest.py imports the fixtures its tests use, by name.
"""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message


class Inbox(Message):
    """What an aiosmtpd server received, in order."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    """Django's SMTP backend pointed at a free loopback port (nothing listens there until smtp_server)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.fixture
def smtp_server(smtp_settings):
    """A real SMTP server on loopback; its Inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def temp_upload_dir(settings, tmp_path):
    """An empty FILE_UPLOAD_TEMP_DIR, so a test can see whether an upload left a file behind."""
    folder = tmp_path / "uploads-in-progress"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder
