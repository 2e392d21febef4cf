"""Contracts with vendors, the status of each AI Act clause in them, and the modification log of bought systems."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse


def signed_file_upload_to(contract: Contract, filename: str) -> str:
    # The service already made `filename` safe (a UUID plus the detected extension).
    return f"contracts/{contract.organisation_id}/{filename}"


class Contract(models.Model):
    """A signed agreement with one vendor, covering one or more of its AI systems."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="contracts")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="contracts")
    systems = models.ManyToManyField("vendors.AiSystem", related_name="contracts", blank=True)
    title = models.CharField(max_length=200)
    reference = models.CharField(max_length=100, blank=True, help_text="The contract number on the signed copy.")
    signed_on = models.DateField(null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="End of the current term; empty for no fixed end.")
    auto_renews = models.BooleanField(
        "Renews automatically", default=False, help_text="The term renews unless notice is given."
    )
    notice_period_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days of notice needed before the end of the term."
    )
    notice_in_business_days = models.BooleanField(
        default=False, help_text="The contract counts the notice period in business days."
    )
    governing_law = models.CharField(max_length=100, blank=True, help_text="For example: German law.")
    signed_file = models.FileField(upload_to=signed_file_upload_to, max_length=300, blank=True)
    signed_file_name = models.CharField(max_length=255, blank=True)
    signed_file_sha256 = models.CharField(max_length=64, blank=True)
    signed_file_size = models.PositiveBigIntegerField(null=True, blank=True)
    signed_file_content_type = models.CharField(max_length=120, blank=True)
    # Clauses still required but neither present nor waived, by worst severity; kept by the services
    # so the list can filter and count without re-reading every classification.
    missing_mandatory = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [
            models.Index(fields=["organisation", "title"]),
            models.Index(fields=["organisation", "ends_on"]),
            models.Index(fields=["organisation", "vendor"]),
            models.Index(fields=["organisation", "missing_mandatory"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contracts:contract_detail", args=[self.pk])

    def is_current_on(self, day: dt.date) -> bool:
        """In force that day: started, and not ended (an automatically renewing term rolls on)."""
        return self.starts_on <= day and (self.ends_on is None or self.auto_renews or day <= self.ends_on)


class ClauseState(models.TextChoices):
    PRESENT = "present", "Present"
    MISSING = "missing", "Missing"
    NEGOTIATING = "negotiating", "Under negotiation"
    WAIVED = "waived", "Waived"


SETTLED_STATES = (ClauseState.PRESENT, ClauseState.WAIVED)


class ClauseStatus(models.Model):
    """Where one clause of the library stands in one contract; `required` follows the covered systems."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="clauses")
    clause_code = models.CharField(max_length=80)
    state = models.CharField(max_length=20, choices=ClauseState.choices, default=ClauseState.MISSING)
    required = models.BooleanField(default=True)
    severity = models.CharField(max_length=10)
    section = models.CharField(max_length=60, blank=True, help_text="Where the clause sits, e.g. 12.3.")
    page = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    justification = models.TextField(blank=True, help_text="Why the clause is waived.")
    updated_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contract", "clause_code"]
        constraints = [models.UniqueConstraint(fields=["contract", "clause_code"], name="one_status_per_clause")]

    def __str__(self) -> str:
        return f"{self.clause_code}: {self.state}"

    @property
    def is_gap(self) -> bool:
        return self.required and self.state not in SETTLED_STATES


class ClauseStatusChange(models.Model):
    """History of a clause's status: every change, who made it and why."""

    clause = models.ForeignKey(ClauseStatus, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, choices=ClauseState.choices)
    section = models.CharField(max_length=60, blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    justification = models.TextField(blank=True)
    by = models.ForeignKey("core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_state or 'new'} → {self.to_state}"


class Modification(models.Model):
    """One change our organisation made to a bought AI system, checked against the Art 25 triggers."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    ai_system = models.ForeignKey("vendors.AiSystem", on_delete=models.PROTECT, related_name="modifications")
    changed_on = models.DateField()
    description = models.TextField(help_text="What changed.")
    reason = models.TextField(help_text="Why.")
    reference = models.CharField(
        max_length=200, blank=True, help_text="The version or configuration reference after the change."
    )
    approved_by = models.CharField(max_length=200, help_text="Who approved the change (name and function).")
    # The change's effect on the classification answers (Art 25(1), Art 3(23)).
    substantial = models.BooleanField(
        "Substantial modification",
        default=False,
        help_text="Not foreseen in the provider's conformity assessment and affects compliance (Art 3(23)).",
    )
    new_annex_iii_points = models.JSONField(
        default=list, blank=True, help_text="Annex III points the changed intended purpose falls under."
    )
    under_our_name = models.BooleanField(
        default=False, help_text="We now put our name or trademark on the system (Art 25(1)(a))."
    )
    compute_flop = models.FloatField(
        null=True, blank=True, help_text="Compute used for this modification of the GPAI model (FLOP)."
    )
    # Compute of every logged modification of the model so far, this one included (the one-third rule is cumulative).
    cumulative_compute_flop = models.FloatField(null=True, blank=True)
    triggers = models.JSONField(default=list, blank=True)
    confirmed = models.BooleanField(default=False)
    classification = models.ForeignKey(
        "assessments.Classification", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]
        indexes = [models.Index(fields=["ai_system", "-changed_on"])]

    def __str__(self) -> str:
        return f"{self.ai_system} changed {self.changed_on:%Y-%m-%d}"
