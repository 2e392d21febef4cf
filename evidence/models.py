"""Evidence packs: one row per build, kept after its file expires (its digest stays the proof)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

# Art 18(1) and 26(6) AI Act ask providers to keep documentation for ten years and deployers
# to keep logs at least six months; a pack is our proof of diligence, so the default is long.
DEFAULT_RETENTION_DAYS = 3650
MAX_RETENTION_DAYS = 36500


class PackState(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    GATHERING = "gathering", "Gathering the records"
    RENDERING_PDF = "rendering_pdf", "Rendering the PDF report"
    WORKBOOK = "workbook", "Writing the workbook"
    ARCHIVING = "archiving", "Archiving the files"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


# States in which a worker holds the build, in the order the builder goes through them.
BUILD_STEPS = (PackState.GATHERING, PackState.WORKBOOK, PackState.ARCHIVING, PackState.RENDERING_PDF)
BUILDING_STATES = BUILD_STEPS
PROGRESS = {
    PackState.QUEUED: 0,
    PackState.GATHERING: 10,
    PackState.WORKBOOK: 30,
    PackState.ARCHIVING: 50,
    PackState.RENDERING_PDF: 75,
    PackState.READY: 100,
    PackState.EXPIRED: 100,
    PackState.FAILED: 100,
}


class ScopeKind(models.TextChoices):
    ORGANISATION = "organisation", "Whole organisation"
    SYSTEM = "system", "One AI system"
    VENDOR = "vendor", "One vendor"


class EvidencePack(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="evidence_packs")
    scope_kind = models.CharField(max_length=20, choices=ScopeKind.choices)
    ai_system = models.ForeignKey(
        "vendors.AiSystem", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_packs"
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_packs"
    )
    scope_label = models.CharField(max_length=300)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=PackState.choices, default=PackState.QUEUED)
    requested_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_label = models.CharField(max_length=150)
    requested_at = models.DateTimeField()
    # The claim: set by one conditional update, so a second worker or a retry never builds at once.
    claim_token = models.CharField(max_length=36, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField("SHA-256 of the ZIP", max_length=64, blank=True)
    manifest_sha256 = models.CharField("SHA-256 of manifest.json", max_length=64, blank=True)
    evidence_digest = models.CharField(max_length=64, blank=True)
    audit_head_event_id = models.BigIntegerField(null=True, blank=True)
    audit_head_hash = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-requested_at"]),
            models.Index(fields=["state", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"evidence pack #{self.pk} ({self.scope_label})"

    @property
    def progress(self) -> int:
        return PROGRESS.get(self.state, 0)

    @property
    def steps(self) -> list[tuple[str, str]]:
        """(label, "done" | "current" | "") of each build step, for the progress list."""
        if self.state in (PackState.READY, PackState.EXPIRED):
            return [(PackState(step).label, "done") for step in BUILD_STEPS]
        reached = BUILD_STEPS.index(self.state) if self.state in BUILD_STEPS else -1
        return [
            (PackState(step).label, "done" if index < reached else "current" if index == reached else "")
            for index, step in enumerate(BUILD_STEPS)
        ]

    @property
    def is_building(self) -> bool:
        return self.state in (PackState.QUEUED, *BUILDING_STATES)

    @property
    def is_downloadable(self) -> bool:
        return self.state == PackState.READY and bool(self.file)

    @property
    def download_name(self) -> str:
        return f"evidence-pack-{self.organisation.slug}-{self.pk}.zip"


class EvidencePolicy(models.Model):
    """How long an organisation keeps pack files; the records and digests are kept for good."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE, related_name="evidence_policy")
    retention_days = models.PositiveIntegerField(
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text="Days a pack's file is kept after it was built; its record and digest stay.",
    )

    def __str__(self) -> str:
        return f"Evidence retention of {self.organisation}: {self.retention_days} days"
