"""Celery entry points of the core app."""

from __future__ import annotations

from celery import shared_task

from core import services


@shared_task(name="core.tasks.send_password_reset")
def send_password_reset(email: str) -> int:
    return services.password_reset_send(email=email)
