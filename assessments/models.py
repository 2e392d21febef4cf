"""Classification snapshots and half-answered questionnaires."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class RiskTier(models.TextChoices):
    PROHIBITED = "prohibited", "Prohibited"
    HIGH_RISK = "high_risk", "High-risk"
    LIMITED_RISK = "limited_risk", "Limited risk (transparency)"
    MINIMAL_RISK = "minimal_risk", "Minimal risk"
    OUT_OF_SCOPE = "out_of_scope", "Out of scope"


class ClassificationQuerySet(models.QuerySet):
    def current_for_systems(self):
        """The newest snapshot of each system (the one in force)."""
        newer = Classification.objects.filter(ai_system=models.OuterRef("ai_system"), pk__gt=models.OuterRef("pk"))
        return self.exclude(models.Exists(newer))


class Classification(models.Model):
    """An immutable snapshot: the answers, the result and the exact rule pack that produced it.

    Pinning the pack id, version and SHA-256 lets anyone reproduce and explain the
    result years later. A reclassification adds a snapshot; none is ever changed.
    """

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="classifications")
    ai_system = models.ForeignKey("vendors.AiSystem", on_delete=models.PROTECT, related_name="classifications")
    answers = models.JSONField()
    timeline = models.CharField(max_length=40)
    result = models.JSONField()
    risk_tier = models.CharField(max_length=20, choices=RiskTier.choices)
    pack_id = models.CharField(max_length=60)
    pack_version = models.CharField(max_length=40)
    pack_sha256 = models.CharField(max_length=64)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClassificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["ai_system", "-created_at"]),
            # Covers the per-organisation tier counts and tier lookups (dashboard overview, duties): a count reads
            # only this index, never the rows whose large answers/result JSON pushes risk_tier far away.
            models.Index(fields=["organisation", "risk_tier", "ai_system"], name="classification_org_tier_idx"),
        ]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ai_system} – {self.get_risk_tier_display()} ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A classification snapshot cannot be changed; save a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A classification snapshot cannot be deleted.")

    @property
    def required_documents(self) -> list[str]:
        return list(self.result.get("required_documents", []))


class ClassificationDraft(models.Model):
    """A questionnaire saved half-way; any member who may classify the system can resume it."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    ai_system = models.OneToOneField("vendors.AiSystem", on_delete=models.CASCADE, related_name="classification_draft")
    answers = models.JSONField(default=dict)
    timeline = models.CharField(max_length=40)
    section = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Draft classification of {self.ai_system}"
