"""Celery entry points of the deadlines app."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from deadlines.reminders import send_reminders as run_reminders


@shared_task(name="deadlines.tasks.send_reminders")
def send_reminders(now: str | None = None) -> str:
    """The daily reminder run (scheduled in settings.CELERY_BEAT_SCHEDULE); safe to run twice."""
    result = run_reminders(now=dt.datetime.fromisoformat(now) if now else None)
    return result.summary()
