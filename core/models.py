"""Organisations, memberships with roles, personal API tokens and the audit log."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.countries import COUNTRY_CHOICES


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    COMPLIANCE = "compliance", "Compliance officer"
    LEGAL = "legal", "Legal"
    REQUESTER = "requester", "Requester"
    APPROVER = "approver", "Approver"
    AUDITOR = "auditor", "Auditor"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f'"{value}" is not a known time zone (for example Europe/Berlin).')


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    # Public holidays of this country make the business-day calendar for due dates.
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    time_zone = models.CharField(max_length=64, default="Europe/Brussels", validators=[validate_time_zone])
    # What sets the ceiling of a fine (Art 99-100) and pre-fills the classifier's org.is_sme; owners edit them.
    worldwide_turnover_eur = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Total worldwide annual turnover of the preceding financial year, in euros."
    )
    is_sme = models.BooleanField(default=False, help_text="An SME, including a start-up (Art 99(6)).")
    is_small_mid_cap = models.BooleanField(default=False, help_text="A small mid-cap enterprise (Art 99(6a)).")
    is_public_authority = models.BooleanField(
        default=False, help_text="A national public authority or body (Art 99(8))."
    )
    is_union_institution = models.BooleanField(
        default=False, help_text="A Union institution, body, office or agency (Art 100)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the member last chose to work in this organisation: a new session starts there.
    last_chosen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither answered nor withdrawn, and not expired."""
        return self.filter(
            accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An owner's offer of a role, which the person accepts after signing in (or lets expire).

    It names a username and/or an email address; the account holding them sees it. Nobody
    becomes a member of an organisation without accepting, so an owner cannot pull another
    organisation's account into theirs.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    username = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation of {self.username or self.email} to {self.organisation_id}"

    @property
    def addressee(self) -> str:
        return self.username or self.email


class ApiToken(models.Model):
    """A personal API token of one member in one organisation. Only its SHA-256 is stored."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ActorType(models.TextChoices):
    USER = "user", "User"
    TOKEN = "token", "API token"
    SYSTEM = "system", "System task"
    VENDOR = "vendor", "Vendor contact"


class AuditChainHead(models.Model):
    """The last link of an organisation's audit chain; locking this row serialises appends."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, primary_key=True)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"audit chain head of organisation {self.organisation_id} at #{self.last_sequence}"


class AuditEvent(models.Model):
    """One append-only, hash-chained entry of an organisation's audit log."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="audit_events")
    sequence = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()
    actor_type = models.CharField(max_length=10, choices=ActorType.choices)
    # No database constraint: an event outlives the account that caused it.
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-sequence"]
        constraints = [models.UniqueConstraint(fields=["organisation", "sequence"], name="one_event_per_link")]
        indexes = [
            models.Index(fields=["organisation", "created_at"]),
            models.Index(fields=["organisation", "object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_label}"

    def delete(self, *args, **kwargs):
        raise ValidationError("Audit events are evidence and cannot be deleted.")
