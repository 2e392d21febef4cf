"""Test data of procurement, written straight to the database (the services are tested on their own)."""

from __future__ import annotations

import factory

from procurement.models import ProcurementRequest


class ProcurementRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcurementRequest

    organisation = factory.SelfAttribute("ai_system.organisation")
    business_need = "Screen applications for the sales team."
    intended_users = "Recruiters, on applicants."
    countries = ["DE"]
