"""Which reminders a deadline is owed on a given day: pure date arithmetic over a reminder policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deadlines.models import ReminderPolicy, ThresholdKind


@dataclass(frozen=True)
class Threshold:
    kind: str  # a ThresholdKind
    days: int  # days before (BEFORE) or after (OVERDUE, ESCALATION) the due date; 0 on the day


def thresholds_on(policy: ReminderPolicy, due_date: dt.date, today: dt.date, *, is_milestone: bool) -> list[Threshold]:
    """The reminders a deadline due on `due_date` is owed `today` (usually none, at most two)."""
    days_left = (due_date - today).days
    if days_left > 0:
        return [Threshold(ThresholdKind.BEFORE, days_left)] if days_left in policy.days_before else []
    if days_left == 0:
        return [Threshold(ThresholdKind.DUE, 0)] if policy.on_the_day else []
    if is_milestone:
        return []
    overdue = -days_left
    hits = []
    if policy.overdue_every_days and overdue % policy.overdue_every_days == 0:
        hits.append(Threshold(ThresholdKind.OVERDUE, overdue))
    if policy.escalate_after_days and overdue == policy.escalate_after_days:
        hits.append(Threshold(ThresholdKind.ESCALATION, overdue))
    return hits


def due_dates_hit(policy: ReminderPolicy, today: dt.date, oldest_overdue: dt.date | None) -> list[dt.date]:
    """Every due date that owes a reminder today, so the run only reads those deadlines.

    Overdue repeats reach back to the oldest overdue deadline; `thresholds_on` decides
    for each deadline read (milestones are read but owe nothing once past).
    """
    dates = {today + dt.timedelta(days=days) for days in policy.days_before}
    if policy.on_the_day:
        dates.add(today)
    if policy.escalate_after_days:
        dates.add(today - dt.timedelta(days=policy.escalate_after_days))
    if policy.overdue_every_days and oldest_overdue is not None:
        step = dt.timedelta(days=policy.overdue_every_days)
        day = today - step
        while day >= oldest_overdue:
            dates.add(day)
            day -= step
    return sorted(dates)
