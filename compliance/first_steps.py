"""The dashboard's first steps for a new organisation: what to do first, with links, until it is done."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from assessments.models import Classification
from compliance.models import NotifiedBody
from core.access import Capability
from core.dashboard import register_dashboard_panel
from core.web import actor_of
from vendors.models import AiSystem, Vendor


@dataclass(frozen=True)
class Step:
    title: str
    why: str
    link: str | None  # None: the member's role cannot take this step
    action: str
    done: bool


@register_dashboard_panel("first steps", template="compliance/_dashboard_first_steps.html", order=0)
def first_steps_panel(request, organisation) -> dict | None:
    has_vendor = Vendor.objects.filter(organisation=organisation).exists()
    has_system = AiSystem.objects.filter(organisation=organisation).exists()
    can_register = actor_of(request).can(Capability.CREATE_OWN_REGISTRY)
    steps = [
        Step(
            "Add a vendor",
            "The companies whose AI systems you buy or evaluate.",
            reverse("vendors:vendor_create") if can_register else None,
            "Add your first vendor",
            has_vendor,
        ),
        Step(
            "Register and classify an AI system",
            "The questionnaire gives its risk tier (Art 5, 6, 50) and the documents to collect.",
            reverse("vendors:system_list" if has_system else "vendors:system_create") if can_register else None,
            "Classify a system" if has_system else "Add an AI system",
            Classification.objects.filter(organisation=organisation).exists(),
        ),
        Step(
            "Import the notified bodies",
            "Certificates of high-risk systems are checked against the Commission's NANDO list.",
            reverse("compliance:notified_body_list"),
            "See how to import them",
            NotifiedBody.objects.exists(),
        ),
    ]
    if all(step.done for step in steps):
        return None  # an organisation that is set up sees its figures, not a checklist
    return {"steps": steps}
