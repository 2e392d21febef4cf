"""Test data of the duties app, written straight to the database (the services are tested in tests/duties)."""

from __future__ import annotations

import datetime as dt

import factory

from duties.models import Duty
from tests.factories import AiSystemFactory


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    ai_system = factory.SubFactory(AiSystemFactory)
    organisation = factory.SelfAttribute("ai_system.organisation")
    code = "fria"
    article = "Art 27"
    record_kind = "fria"
    pre_use = True
    applies_from = dt.date(2027, 12, 2)
    catalogue_version = "test"
