"""Deployer duties as owned, dated, evidenced work; fundamental rights impact assessments; AI literacy."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import models
from django.urls import reverse


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def evidence_upload_to(instance, filename: str) -> str:
    # The service already made `filename` safe (a UUID plus the detected extension).
    return f"duties/{instance.organisation_id}/{filename}"


class DutyStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


SETTLED_STATUSES = (DutyStatus.DONE, DutyStatus.NOT_APPLICABLE)
# The existing badge colours (static/css/app.css) for each status.
BADGES = {
    "open": "pending",
    "in_progress": "under_review",
    "done": "done",
    "not_applicable": "archived",
    "draft": "pending",
    "in_review": "under_review",
    "approved": "approved",
    "superseded": "superseded",
}


class DutyQuerySet(models.QuerySet):
    def active(self):
        """Duties the current classification gives us (retired ones stay for the history)."""
        return self.filter(retired_at__isnull=True)

    def unsettled(self):
        return self.active().exclude(status__in=SETTLED_STATUSES)


class Duty(models.Model):
    """One duty of ours about one AI system, from the duties catalogue (duties/catalogue/)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    ai_system = models.ForeignKey("vendors.AiSystem", on_delete=models.CASCADE, related_name="duties")
    code = models.CharField(max_length=60)
    article = models.CharField(max_length=100)
    record_kind = models.CharField(max_length=30)
    pre_use = models.BooleanField("Before first use", default=False)
    cadence_months = models.PositiveSmallIntegerField(null=True, blank=True)
    owner = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_duties"
    )
    status = models.CharField(max_length=20, choices=DutyStatus.choices, default=DutyStatus.OPEN)
    not_applicable_reason = models.TextField(blank=True)
    note = models.TextField(blank=True)
    applies_from = models.DateField(null=True, blank=True, help_text="The date the obligation applies from.")
    done_on = models.DateField(null=True, blank=True)
    # The structured record of its kind (duties/records.py), and its file where it has one.
    record = models.JSONField(default=dict, blank=True)
    evidence = models.FileField(upload_to=evidence_upload_to, max_length=300, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=120, blank=True)
    classification = models.ForeignKey(
        "assessments.Classification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    catalogue_version = models.CharField(max_length=40)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DutyQuerySet.as_manager()

    class Meta:
        ordering = ["ai_system_id", "-pre_use", "pk"]
        verbose_name_plural = "duties"
        constraints = [models.UniqueConstraint(fields=["ai_system", "code"], name="one_duty_per_system_and_code")]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "owner", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.label} – {self.ai_system}"

    def get_absolute_url(self) -> str:
        return reverse("duties:duty_detail", args=[self.pk])

    @property
    def label(self) -> str:
        from duties.catalogue import default_catalogue

        return default_catalogue().label(self.code)

    @property
    def spec(self):
        from duties.catalogue import default_catalogue

        return default_catalogue().spec(self.code)

    @property
    def badge(self) -> str:
        return BADGES[self.status]

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_STATUSES

    @property
    def due_date(self) -> dt.date | None:
        """Open: the obligation's date of application; done with a cadence: the next round; else none."""
        if self.is_retired or self.status == DutyStatus.NOT_APPLICABLE:
            return None
        if self.status == DutyStatus.DONE:
            if self.cadence_months and self.done_on:
                return add_months(self.done_on, self.cadence_months)
            return None
        return self.applies_from


class DutyHistory(models.Model):
    """What happened to a duty: created, retired or reinstated by a classification, status changes."""

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    event = models.CharField(max_length=30)
    detail = models.CharField(max_length=300, blank=True)
    classification = models.ForeignKey(
        "assessments.Classification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey("core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "duty history"

    def __str__(self) -> str:
        return f"{self.event} {self.duty}"


class OversightAssignment(models.Model):
    """A person assigned to oversee a high-risk system (Art 26(2), Art 14)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="oversight_people")
    member = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="oversight_assignments")
    competence = models.TextField(help_text="Why this person is competent to oversee the system.")
    training_course = models.CharField(max_length=200, blank=True)
    trained_on = models.DateField(null=True, blank=True)
    certificate = models.FileField(upload_to=evidence_upload_to, max_length=300, blank=True)
    certificate_name = models.CharField(max_length=255, blank=True)
    certificate_content_type = models.CharField(max_length=120, blank=True)
    can_stop = models.BooleanField("Authority to stop the system", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["duty", "member"], name="one_assignment_per_duty_and_member")]

    def __str__(self) -> str:
        return f"{self.member.user.get_full_name() or self.member.user.get_username()} oversees {self.duty.ai_system}"


class FriaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


# The six elements of Art 27(1), in order: (field, letter, title, what to write).
FRIA_ELEMENTS = (
    (
        "processes",
        "a",
        "Our processes",
        "The processes in which we will use the system, in line with its intended purpose.",
    ),
    ("period_and_frequency", "b", "Period and frequency of use", "For how long and how often we intend to use it."),
    (
        "affected_persons",
        "c",
        "Affected persons and groups",
        "The categories of people and groups likely to be affected.",
    ),
    (
        "risks_of_harm",
        "d",
        "Specific risks of harm",
        "The specific risks of harm to those people and groups, drawing on the provider's Art 13 information.",
    ),
    ("human_oversight", "e", "Human oversight", "How human oversight is carried out, per the instructions for use."),
    (
        "mitigation",
        "f",
        "If risks materialise",
        "What we do if the risks materialise, including internal governance and complaint mechanisms.",
    ),
)
FRIA_FIELDS = tuple(element[0] for element in FRIA_ELEMENTS)


class Fria(models.Model):
    """One version of a system's fundamental rights impact assessment (Art 27)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    ai_system = models.ForeignKey("vendors.AiSystem", on_delete=models.CASCADE, related_name="frias")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=FriaStatus.choices, default=FriaStatus.DRAFT)
    classification = models.ForeignKey(
        "assessments.Classification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    processes = models.TextField(blank=True)
    period_and_frequency = models.TextField(blank=True)
    affected_persons = models.TextField(blank=True)
    risks_of_harm = models.TextField(blank=True)
    human_oversight = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    # Art 27(2): an earlier FRIA reused for a similar case, and per element whether it differs here.
    reused_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reuses")
    reuse_checks = models.JSONField(default=dict, blank=True)
    reopen_reason = models.CharField(max_length=300, blank=True)
    reviewers = models.ManyToManyField("core.Membership", blank=True, related_name="fria_reviews")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # What the approval assessed of the system itself: a later change of either re-opens the FRIA (Art 27(2)).
    assessed_purpose = models.TextField(blank=True)
    assessed_context = models.TextField(blank=True)
    # Art 27(3): the results notified to the market surveillance authority.
    authority = models.CharField("Market surveillance authority", max_length=200, blank=True)
    notified_on = models.DateField("Notification sent on", null=True, blank=True)
    created_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ai_system_id", "-version"]
        verbose_name = "FRIA"
        constraints = [models.UniqueConstraint(fields=["ai_system", "version"], name="one_fria_version_per_system")]

    def __str__(self) -> str:
        return f"FRIA v{self.version} of {self.ai_system}"

    def get_absolute_url(self) -> str:
        return reverse("duties:fria_detail", args=[self.pk])

    @property
    def badge(self) -> str:
        return BADGES[self.status]

    @property
    def is_editable(self) -> bool:
        return self.status == FriaStatus.DRAFT

    def missing_elements(self) -> list[str]:
        return [field for field in FRIA_FIELDS if not getattr(self, field).strip()]

    def unchecked_differences(self) -> list[str]:
        """Reused: the elements not yet checked against the FRIA it came from."""
        if self.reused_from_id is None:
            return []
        return [field for field in FRIA_FIELDS if self.reuse_checks.get(field) not in ("same", "changed")]


class Training(models.Model):
    """An AI literacy training a member took (Art 4)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(max_length=200)
    taken_on = models.DateField()
    evidence = models.FileField(upload_to=evidence_upload_to, max_length=300, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "member"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.taken_on:%Y-%m-%d})"


class SystemUser(models.Model):
    """A member who uses an AI system, so needs AI literacy for it (Art 4)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    ai_system = models.ForeignKey("vendors.AiSystem", on_delete=models.CASCADE, related_name="system_users")
    member = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="used_systems")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["ai_system", "member"], name="one_user_row_per_system")]

    def __str__(self) -> str:
        return f"{self.member} uses {self.ai_system}"
