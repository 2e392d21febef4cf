"""Deadlines: one row per dated duty, whatever its source; and the reminders sent about them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

DEFAULT_DAYS_BEFORE = (30, 7, 1)
MAX_DAYS_BEFORE = 365


class DeadlineKind(models.TextChoices):
    DOCUMENT_REQUEST = "document_request", "Document due from vendor"
    DOCUMENT_REVIEW = "document_review", "Document re-verification"
    CERTIFICATE_EXPIRY = "certificate_expiry", "Certificate expiry"
    REGULATORY = "regulatory", "Regulatory date"
    CONTRACT_NOTICE = "contract_notice", "Last day to give notice on a contract"
    CONTRACT_RENEWAL = "contract_renewal", "Contract renewal"
    CONTRACT_END = "contract_end", "Contract end"
    INCIDENT_REPORT = "incident_report", "Serious incident report"
    DEPLOYER_DUTY = "deployer_duty", "Deployer duty"
    RISK_ACCEPTANCE_REVIEW = "risk_acceptance_review", "Review of an accepted risk"
    PROCUREMENT_CONDITION = "procurement_condition", "Condition of a procurement approval"
    PORTAL_LINK_EXPIRY = "portal_link_expiry", "Vendor portal link expires"


class Deadline(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=40, choices=DeadlineKind.choices)
    # The source item, as "app_label.model" and its primary key (or another stable key).
    source_type = models.CharField(max_length=100)
    source_id = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    # A clock (e.g. an Art 73 report limit) is due at an instant, not a day: it gets the hour
    # reminders of deadlines/clocks.py; due_date is then that instant's date in the organisation's zone.
    due_at = models.DateTimeField(null=True, blank=True)
    # A milestone is a date to prepare for (an obligation starts to apply), not a duty someone
    # fulfils: once passed it is not overdue, so it gets no overdue reminders or escalation.
    is_milestone = models.BooleanField(default=False)
    ai_system = models.ForeignKey(
        "vendors.AiSystem", null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    owner = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="deadlines"
    )
    # Site-relative path of the page where the duty is fulfilled.
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Changes only when the deadline itself changes (calendar clients read it as LAST-MODIFIED).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "source_type", "source_id"], name="one_deadline_per_source_item"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "due_date"]),
            models.Index(fields=["due_date"]),
            models.Index(fields=["due_at"], condition=models.Q(due_at__isnull=False), name="deadline_clock_due_at"),
        ]

    def __str__(self) -> str:
        return f"{self.title} – due {self.due_date:%Y-%m-%d}"

    def is_overdue_on(self, today: dt.date) -> bool:
        return self.due_date < today and not self.is_milestone


def validate_days_before(value) -> None:
    if not isinstance(value, list) or not all(isinstance(d, int) and 0 < d <= MAX_DAYS_BEFORE for d in value):
        raise ValidationError(f"Give whole numbers of days between 1 and {MAX_DAYS_BEFORE}.")


def default_days_before() -> list[int]:
    return list(DEFAULT_DAYS_BEFORE)


class ReminderPolicy(models.Model):
    """When an organisation's members are reminded of deadlines; organisations without one use the defaults."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE, related_name="reminder_policy")
    days_before = models.JSONField(
        default=default_days_before, validators=[validate_days_before], help_text="Days before the due date."
    )
    on_the_day = models.BooleanField(default=True, help_text="Remind on the due date itself.")
    overdue_every_days = models.PositiveSmallIntegerField(
        default=7, help_text="Remind again every so many days while overdue (0: never)."
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        default=14, help_text="Tell the compliance officers when a deadline is this many days overdue (0: never)."
    )

    class Meta:
        verbose_name_plural = "reminder policies"

    def __str__(self) -> str:
        return f"Reminder policy of {self.organisation}"

    @property
    def thresholds(self) -> list[int]:
        return sorted(set(self.days_before), reverse=True)


class ThresholdKind(models.TextChoices):
    BEFORE = "before", "Due soon"
    DUE = "due", "Due today"
    OVERDUE = "overdue", "Overdue"
    ESCALATION = "escalation", "Escalated"
    # Hour thresholds of clocks (Deadline.due_at): `days` then holds the hours before the limit.
    HOURS_BEFORE = "hours_before", "Due within hours"
    PASSED = "passed", "Limit passed"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "A daily digest when something is due"
    NONE = "none", "No reminder emails"


class ReminderPreference(models.Model):
    """One member's choice among the organisation's reminders."""

    membership = models.OneToOneField("core.Membership", on_delete=models.CASCADE, related_name="reminder_preference")
    digest = models.CharField(max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.DAILY)
    # The organisation's days-before thresholds this member wants; None follows the organisation.
    days_before = models.JSONField(null=True, blank=True, validators=[validate_days_before])

    def __str__(self) -> str:
        return f"Reminder preference of {self.membership}"

    def wants(self, threshold: str, days: int) -> bool:
        if self.digest == DigestFrequency.NONE:
            return False
        return threshold != ThresholdKind.BEFORE or self.days_before is None or days in self.days_before


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "Claimed, being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will be retried"
    ABANDONED = "abandoned", "Failed too often"
    VOID = "void", "No longer due"


class ReminderClaim(models.Model):
    """One reminder (deadline, threshold, recipient) claimed by the run that sends it.

    The unique constraint is what makes a reminder go out once: a run inserts the claim
    before sending, and a run that finds it already there does not send. The due date is
    part of the key so a deadline that moves is reminded of again for its new date.
    """

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminder_claims")
    due_date = models.DateField()
    threshold = models.CharField(max_length=20, choices=ThresholdKind.choices)
    days = models.PositiveSmallIntegerField(help_text="Days before or after the due date (hours for clock thresholds).")
    recipient = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.CASCADE, related_name="reminder_claims"
    )
    # A recipient without an account (a vendor's contact, deadlines.external); then `recipient` is empty.
    recipient_email = models.EmailField(blank=True)
    # The run that holds the claim; a run reads back the rows it inserted or re-claimed by it.
    run_id = models.UUIDField(db_index=True)
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When a pending or failed claim may be taken over by a later run (a crashed run's lease, or the backoff).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "due_date", "threshold", "days", "recipient"], name="one_reminder_per_threshold"
            ),
            models.UniqueConstraint(
                fields=["deadline", "due_date", "threshold", "days", "recipient_email"],
                condition=models.Q(recipient__isnull=True),
                name="one_external_reminder_per_threshold",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        to = self.recipient_id or self.recipient_email
        return f"{self.get_threshold_display()} ({self.days} d) of deadline {self.deadline_id} to {to}"


class CalendarFeed(models.Model):
    """A member's secret calendar subscription URL; only the SHA-256 of its token is stored."""

    membership = models.OneToOneField("core.Membership", on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar feed of {self.membership}"
