"""Procurement requests, their gate acceptances and decisions, and vendors' questionnaire answers.

A request's stage and what blocks it are computed from live data (procurement/gates.py);
only what people decided is stored: the request's facts, risk acceptances, the decision.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class Stage(models.TextChoices):
    INTAKE = "intake", "Intake"
    CLASSIFICATION = "classification", "Classification"
    DOCUMENTS = "documents", "Documents"
    CONTRACT = "contract", "Contract"
    READINESS = "deployment_readiness", "Deployment readiness"
    DECISION = "decision", "Decision"
    DECIDED = "decided", "Decided"


STAGE_ORDER = [stage.value for stage in Stage]


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    REJECTED = "rejected", "Rejected"


class ProcurementRequest(models.Model):
    """Someone wants to buy (or extend the use of) a vendor's AI system."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    ai_system = models.ForeignKey("vendors.AiSystem", on_delete=models.PROTECT, related_name="procurement_requests")
    requested_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="procurement_requests"
    )
    business_need = models.TextField(help_text="What the organisation needs the system for.")
    personal_data = models.BooleanField("Processes personal data", default=False)
    special_categories = models.BooleanField(
        "Special categories of personal data",
        default=False,
        help_text="Health, biometric, ethnic origin, beliefs, trade union membership… (GDPR Art 9).",
    )
    data_description = models.TextField("Data involved", blank=True)
    intended_users = models.TextField(help_text="Who will use the system, and on whom.")
    countries = models.JSONField(default=list, blank=True, help_text="ISO codes of the countries of use.")
    expected_start = models.DateField(null=True, blank=True)
    workplace_use = models.BooleanField("Used at the workplace", default=False)
    public_use = models.BooleanField("Used on the public", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # What the decision rested on, as evaluated at that moment (the live gates move on afterwards).
    decision_basis = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["organisation", "decision", "created_at"])]

    def __str__(self) -> str:
        return f"Procurement of {self.ai_system}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:request_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)


class GateAcceptance(models.Model):
    """Legal or the owner accepts that one open gate item does not block the decision, until a review date.

    A critical item counts only once a second person (owner, approver or legal) confirms it.
    """

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(ProcurementRequest, on_delete=models.CASCADE, related_name="acceptances")
    code = models.CharField(max_length=120)
    message = models.TextField()
    severity = models.CharField(max_length=10)
    justification = models.TextField()
    review_on = models.DateField(help_text="The acceptance lapses on this day unless renewed.")
    accepted_by = models.ForeignKey("core.Membership", null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["accepted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "code"], name="one_acceptance_per_request_item")]

    def __str__(self) -> str:
        return f"Accepted {self.code} on {self.request}"

    @property
    def needs_second_person(self) -> bool:
        return self.severity == "critical" and self.confirmed_at is None


class Condition(models.Model):
    """One condition of an approval: something to do by a date, with an owner (kept as a deadline)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(ProcurementRequest, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField()
    due_date = models.DateField()
    owner = models.ForeignKey("core.Membership", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class VendorAnswers(models.Model):
    """A vendor's answers to the vendor questionnaire (procurement/questionnaire.py), as last submitted."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    vendor = models.OneToOneField("vendors.Vendor", on_delete=models.CASCADE, related_name="questionnaire_answers")
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField()
    updated_via = models.CharField(max_length=20)

    def __str__(self) -> str:
        return f"Questionnaire answers of {self.vendor}"
