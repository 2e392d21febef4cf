"""Conformity documents: what we asked vendors for, what they sent, how we checked it; red flags; notified bodies."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse

from compliance import catalogue
from core.countries import COUNTRY_CHOICES


def subject_key_of(*, ai_system=None, vendor=None) -> str:
    """One string naming what a request or flag is about, so one unique constraint covers both kinds of subject."""
    return f"system:{ai_system.pk}" if ai_system is not None else f"vendor:{vendor.pk}"


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    RECEIVED = "received", "Received"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"
    REFUSED = "refused", "Refused by the vendor"
    WAIVED = "waived", "Waived"
    WITHDRAWN = "withdrawn", "No longer required"


# "Not requested" is the absence of a request; the panel shows it with this code.
NOT_REQUESTED = "not_requested"
# Statuses in which the document is in our hands.
HELD_STATUSES = (RequestStatus.RECEIVED, RequestStatus.VERIFIED)
# Statuses from which "request missing documents" asks (again).
REQUESTABLE_STATUSES = (RequestStatus.REJECTED, RequestStatus.WITHDRAWN)


class DocumentRequest(models.Model):
    """One document type owed about one subject (an AI system, or a vendor for vendor-level documents).

    The row is the slot for that document: it moves through the statuses and every move
    is kept as a RequestTransition (and in the audit log).
    """

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="document_requests")
    document_type = models.CharField(max_length=60)
    ai_system = models.ForeignKey(
        "vendors.AiSystem", null=True, blank=True, on_delete=models.CASCADE, related_name="document_requests"
    )
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="document_requests")
    subject_key = models.CharField(max_length=40, editable=False)
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    requested_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    waived_reason = models.TextField(blank=True)
    waived_by = models.ForeignKey("core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    refusal_note = models.TextField(blank=True)
    rejection_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document_type", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "subject_key", "document_type"], name="one_request_per_subject_and_type"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "due_date"]),
            models.Index(fields=["ai_system", "document_type"]),
        ]

    def __str__(self) -> str:
        return f"{self.document_label} for {self.ai_system or self.vendor}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:request_detail", args=[self.pk])

    @property
    def document_label(self) -> str:
        return catalogue.label(self.document_type)

    @property
    def subject(self):
        return self.ai_system or self.vendor

    def is_overdue_on(self, today: dt.date) -> bool:
        return self.status == RequestStatus.REQUESTED and self.due_date is not None and self.due_date < today


class RequestTransition(models.Model):
    """One status change of a request, shown as its history."""

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    by = models.ForeignKey("core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"

    @property
    def to_status_display(self) -> str:
        return RequestStatus(self.to_status).label


class StandardsCoverage(models.TextChoices):
    FULL = "full", "Full"
    PARTIAL = "partial", "Partial"
    NONE = "none", "None"


class CeMarking(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    DIGITAL = "digital", "Digital"
    NONE = "none", "None"


class AssessmentProcedure(models.TextChoices):
    """The conformity assessment procedure a declaration or certificate states (Art 43)."""

    INTERNAL_CONTROL = "annex_vi", "Internal control (Annex VI)"
    NOTIFIED_BODY = "annex_vii", "Notified body (Annex VII)"
    SECTORAL = "sectoral", "Sectoral procedure (Annex I)"


def document_upload_to(document: Document, filename: str) -> str:
    # The service already made `filename` safe (a UUID plus the detected extension).
    return f"documents/{document.organisation_id}/{filename}"


class Document(models.Model):
    """One received file for a request, with the facts read from it. A new upload supersedes, never replaces."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="documents")
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to=document_upload_to, max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField()
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )

    # Facts read from the document (Annex V for declarations, Art 44 for certificates).
    issuer = models.CharField(max_length=200, blank=True)
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_function = models.CharField(max_length=200, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    place_of_issue = models.CharField(max_length=200, blank=True)
    reference_numbers = models.CharField(max_length=300, blank=True)
    notified_body_number = models.CharField(
        max_length=20,
        blank=True,
        help_text="The notified body's 4-digit identification number (Art 48(4), Annex V pt 7).",
    )
    assessment_procedure = models.CharField(
        max_length=20, choices=AssessmentProcedure.choices, blank=True, help_text="The procedure the document states."
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    standards_applied = models.TextField(blank=True)
    standards_coverage = models.CharField(max_length=10, choices=StandardsCoverage.choices, blank=True)
    compliance_claim = models.TextField(blank=True, help_text="What the document claims, in its own words.")
    gdpr_statement = models.BooleanField(
        "States GDPR compliance",
        null=True,
        blank=True,
        help_text="The declaration states compliance with the GDPR, EUDPR or LED (Annex V pt 5).",
    )
    ce_marking = models.CharField("CE marking", max_length=10, choices=CeMarking.choices, blank=True)
    registration_id = models.CharField("EU database registration id", max_length=100, blank=True)
    facts_recorded_at = models.DateTimeField(null=True, blank=True)
    facts_recorded_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Verification.
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["request", "-version"]
        constraints = [models.UniqueConstraint(fields=["request", "version"], name="one_document_version_per_request")]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"

    def get_download_url(self) -> str:
        return reverse("compliance:document_download", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def has_facts(self) -> bool:
        return self.facts_recorded_at is not None


class ChecklistOutcome(models.TextChoices):
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"
    NOT_APPLICABLE = "na", "Not applicable"


class ChecklistResult(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="checklist_results")
    item_id = models.CharField(max_length=80)
    outcome = models.CharField(max_length=10, choices=ChecklistOutcome.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey("core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["document", "item_id"]
        constraints = [models.UniqueConstraint(fields=["document", "item_id"], name="one_result_per_checklist_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.outcome}"


class NotifiedBodyStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    WITHDRAWN = "withdrawn", "Withdrawn"


class NotifiedBody(models.Model):
    """Reference data shared by every organisation: the public list of notified bodies (NANDO, Art 35)."""

    number = models.CharField(max_length=4, unique=True, help_text="The 4-digit identification number.")
    name = models.CharField(max_length=300)
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    ai_act = models.BooleanField("Notified under the AI Act", default=False)
    status = models.CharField(max_length=10, choices=NotifiedBodyStatus.choices, default=NotifiedBodyStatus.ACTIVE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "notified body"
        verbose_name_plural = "notified bodies"

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    MAJOR = "major", "Major"
    WARNING = "warning", "Warning"


class FlagState(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    ACCEPTED = "accepted", "Risk accepted"


class RedFlag(models.Model):
    """A problem found by a red-flag rule (compliance/red_flags.py); opened and resolved by re-evaluation."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="red_flags")
    ai_system = models.ForeignKey(
        "vendors.AiSystem", null=True, blank=True, on_delete=models.CASCADE, related_name="red_flags"
    )
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="red_flags")
    subject_key = models.CharField(max_length=40, editable=False)
    code = models.CharField(max_length=60)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    state = models.CharField(max_length=10, choices=FlagState.choices, default=FlagState.OPEN)
    citation = models.CharField(max_length=200)
    message = models.TextField()
    action = models.TextField()
    opened_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["state", "severity", "-opened_at", "pk"]
        constraints = [
            # Open and accepted flags are live; once resolved, the same problem may be raised again.
            models.UniqueConstraint(
                fields=["organisation", "subject_key", "code"],
                condition=~models.Q(state="resolved"),
                name="one_live_flag_per_subject_and_code",
            )
        ]
        indexes = [models.Index(fields=["organisation", "state", "severity"])]

    def __str__(self) -> str:
        # The stable code in words ("Certificate expiring"); the full message is on the flag's page.
        return f"{self.code.replace('_', ' ').capitalize()} – {self.ai_system or self.vendor}"

    @property
    def subject(self):
        return self.ai_system or self.vendor


class RiskAcceptance(models.Model):
    flag = models.ForeignKey(RedFlag, on_delete=models.CASCADE, related_name="acceptances")
    accepted_by = models.ForeignKey("core.Membership", null=True, on_delete=models.SET_NULL, related_name="+")
    justification = models.TextField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Risk accepted on {self.flag}"


class ReverificationReason(models.TextChoices):
    MAJOR_UPDATE = "major_update", "Major update of the system"
    MARKET_SURVEILLANCE_ACTION = "market_surveillance_action", "Market surveillance action"
    OWNERSHIP_CHANGE = "ownership_change", "Change of ownership of the vendor"
    CLASSIFICATION_CLAIM_CHANGE = "classification_claim_change", "Vendor changed its classification claim"


class ReverificationEvent(models.Model):
    """Something that makes verified documents doubtful again; it reopens their verification."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    ai_system = models.ForeignKey(
        "vendors.AiSystem", null=True, blank=True, on_delete=models.CASCADE, related_name="reverification_events"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="reverification_events"
    )
    reason = models.CharField(max_length=40, choices=ReverificationReason.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey("core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.at:%Y-%m-%d})"
