"""Celery entry points of the deadlines app."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from deadlines.clocks import send_clock_reminders as run_clock_reminders
from deadlines.reminders import send_reminders as run_reminders


@shared_task(name="deadlines.tasks.send_reminders")
def send_reminders(now: str | None = None) -> str:
    """The daily reminder run (scheduled in settings.CELERY_BEAT_SCHEDULE); safe to run twice."""
    result = run_reminders(now=dt.datetime.fromisoformat(now) if now else None)
    return result.summary()


@shared_task(name="deadlines.tasks.send_clock_reminders")
def send_clock_reminders(now: str | None = None) -> str:
    """The 15-minute run of hour reminders for clocks (settings.CELERY_BEAT_SCHEDULE); safe to run twice."""
    result = run_clock_reminders(now=dt.datetime.fromisoformat(now) if now else None)
    return result.summary()
