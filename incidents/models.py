"""Serious incidents: the record, its assessments (pinned snapshots), steps, reports and files; penalty evidence."""

from __future__ import annotations

import datetime as dt

from django.db import models

from core.countries import EEA_COUNTRIES, country_name
from incidents.regulation import regulation


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Incident(models.Model):
    """What happened to an AI system, when we became aware, and where its Art 73 clock stands.

    The assessment fields here mirror the current assessment (its full answers and result
    stay in IncidentAssessment); `report_due_at` is the binding clock over every
    assessment, which only moves as the rules say (incidents.assessment.effective_clock).
    """

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="incidents")
    ai_system = models.ForeignKey("vendors.AiSystem", on_delete=models.PROTECT, related_name="incidents")
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="What happened.")
    occurred_at = models.DateTimeField(null=True, blank=True)
    aware_at = models.DateTimeField(help_text="When we became aware: the clock starts here.")
    # The zone the awareness time was given in: the legal deadline counts days in it.
    aware_time_zone = models.CharField(max_length=64)
    affected_persons = models.TextField(blank=True, help_text="Who was affected.")
    affected_count = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    reported_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The current assessment, for lists and filters.
    serious = models.BooleanField(default=False)
    art73_applies = models.BooleanField(default=False)
    reporter = models.CharField(max_length=10, blank=True)
    deadline_paragraph = models.CharField(max_length=10, blank=True)
    deadline_days = models.PositiveSmallIntegerField(null=True, blank=True)
    clock_aware_at = models.DateTimeField(
        null=True, blank=True, help_text="The awareness the binding clock counts from."
    )
    report_due_at = models.DateTimeField(null=True, blank=True)
    # The first report sent (an initial report is enough for the limit, Art 73(5)).
    first_report_sent_at = models.DateTimeField(null=True, blank=True)
    report_late = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aware_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "report_due_at"]),
            models.Index(fields=["organisation", "-aware_at"]),
            # and on PostgreSQL the register's own order, see migration 0002
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == IncidentStatus.OPEN

    def is_overdue_at(self, now: dt.datetime) -> bool:
        """The limit passed with no report sent (a report sent late is `report_late` instead)."""
        return bool(self.report_due_at and not self.first_report_sent_at and self.report_due_at < now)


class IncidentAssessment(models.Model):
    """One assessment of an incident with the answers and result it was made with, pinned like a classification."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="assessments")
    answers = models.JSONField()
    result = models.JSONField()
    regulation_version = models.CharField(max_length=20)
    regulation_sha256 = models.CharField(max_length=64)
    # When the facts this assessment rests on became known (the first assessment: the awareness).
    facts_aware_at = models.DateTimeField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Assessment of {self.incident} at {self.created_at:%Y-%m-%d %H:%M}"


class StepKind(models.TextChoices):
    PROVIDER_INFORMED = "provider_informed", "Provider informed"
    IMPORTER_INFORMED = "importer_informed", "Importer or distributor informed"
    AUTHORITY_INFORMED = "authority_informed", "Authority informed"
    INITIAL_REPORT = "initial_report", "Initial report sent"
    COMPLETE_REPORT = "complete_report", "Complete report sent"
    CORRECTIVE_ACTION = "corrective_action", "Corrective action"
    INVESTIGATION_NOTE = "investigation_note", "Investigation note"
    REASSESSED = "reassessed", "Reassessed"
    CLOSED = "closed", "Closed"


STEP_CITATIONS = {
    StepKind.PROVIDER_INFORMED: "Art 26(5)",
    StepKind.IMPORTER_INFORMED: "Art 26(5)",
    StepKind.AUTHORITY_INFORMED: "Art 26(5), Art 73(1)",
    StepKind.INITIAL_REPORT: "Art 73(5)",
    StepKind.COMPLETE_REPORT: "Art 73(5)",
    StepKind.CORRECTIVE_ACTION: "Art 20",
    StepKind.INVESTIGATION_NOTE: "Art 73(6)",
}
# Steps a person records by hand; the others follow from reports, reassessments and closing.
MANUAL_STEPS = (
    StepKind.PROVIDER_INFORMED,
    StepKind.IMPORTER_INFORMED,
    StepKind.AUTHORITY_INFORMED,
    StepKind.CORRECTIVE_ACTION,
    StepKind.INVESTIGATION_NOTE,
)


class IncidentStep(models.Model):
    """One entry of the incident's timeline."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=30, choices=StepKind.choices)
    happened_at = models.DateTimeField()
    method = models.CharField(max_length=200, blank=True, help_text="How: e-mail, portal, phone…")
    reference = models.CharField(max_length=200, blank=True, help_text="Ticket or case number, message id…")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.incident}"

    @property
    def citation(self) -> str:
        return STEP_CITATIONS.get(self.kind, "")


class ReportType(models.TextChoices):
    INITIAL = "initial", "Initial report"
    FOLLOW_UP = "follow_up", "Follow-up report"
    FINAL = "final", "Final (complete) report"


# The sections of a report, in the order authorities read them (Art 73 and the Commission's template).
REPORT_SECTIONS = (
    ("reporting_party", "Reporting party"),
    ("system_identification", "AI system identification"),
    ("incident_details", "Incident details"),
    ("affected_persons", "Affected persons"),
    ("causal_analysis", "Causal analysis"),
    ("immediate_actions", "Immediate actions taken"),
    ("corrective_measures", "Planned corrective measures"),
    ("contact", "Contact"),
)


class IncidentReport(models.Model):
    """A report to an authority (or the provider): drafted, generated as a PDF, frozen with its SHA-256 once sent."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reports")
    report_type = models.CharField(max_length=10, choices=ReportType.choices)
    sections = models.JSONField(default=dict, help_text="Section key → text, see REPORT_SECTIONS.")
    recipient = models.CharField(max_length=200, blank=True, help_text="The authority or provider it went to.")
    sent_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False)
    pdf = models.FileField(upload_to="incident-reports/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_report_type_display()} – {self.incident}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


class IncidentFile(models.Model):
    """A file kept with the incident (screenshots, logs, correspondence)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="incident-files/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PenaltyFactorEvidence(models.Model):
    """Our evidence on one factor that decides where below the ceiling a fine falls (Art 99(7), 100(1), 101(1))."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    article = models.CharField(max_length=20)
    point = models.CharField(max_length=40)
    evidence = models.TextField(blank=True)
    in_place = models.BooleanField(default=False, help_text="We have evidence for this factor.")
    updated_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article", "point"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "article", "point"], name="one_evidence_per_factor")
        ]

    def __str__(self) -> str:
        return f"{self.article}({self.point})"

    @property
    def wording(self) -> str:
        return regulation().factors.get(self.article, {}).get(self.point, "")


MEMBER_STATE_CHOICES = sorted(((code, country_name(code)) for code in EEA_COUNTRIES), key=lambda pair: pair[1])
