"""The audit actions of deadlines and reminders (see core.audit_actions)."""

from __future__ import annotations

from core.audit_actions import page, register_action

PREFERENCES_PAGE = page("deadlines:preferences")

REMINDER_POLICY_UPDATED = register_action(
    "deadlines.reminder_policy.updated", "Changed the organisation's reminder days", link=PREFERENCES_PAGE
)
REMINDER_PREFERENCE_UPDATED = register_action(
    "deadlines.reminder_preference.updated", "Changed the reminder preferences of {object}", link=PREFERENCES_PAGE
)
CALENDAR_FEED_CREATED = register_action(
    "deadlines.calendar_feed.created", "Created a calendar feed for {object}", link=page("deadlines:calendar_feed")
)
CALENDAR_FEED_ROTATED = register_action(
    "deadlines.calendar_feed.rotated",
    "Replaced the calendar feed address of {object}",
    link=page("deadlines:calendar_feed"),
)
