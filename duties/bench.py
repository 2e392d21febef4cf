"""Benchmark of the duties pages and the red-flag facts over an organisation with many systems."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from core.bench import BenchContext, Measurement, measure, register
from duties.catalogue import default_catalogue
from duties.models import Duty, DutyStatus, SystemUser, Training
from duties.red_flags import load_duty_facts
from vendors.models import AiSystem, Vendor

STATUSES = tuple(DutyStatus.values)


def seed(context: BenchContext, systems: int) -> list[AiSystem]:
    organisation, owner = context.organisation, context.owner
    vendor = Vendor.objects.create(organisation=organisation, legal_name="Bench vendor", country="DE")
    created = AiSystem.objects.bulk_create(
        AiSystem(organisation=organisation, vendor=vendor, name=f"Bench system {i:05d}", intended_purpose="Bench")
        for i in range(systems)
    )
    specs = list(default_catalogue().duties.values())
    Duty.objects.bulk_create(
        (
            Duty(
                organisation=organisation,
                ai_system=system,
                code=spec.code,
                article=spec.article,
                record_kind=spec.record,
                pre_use=spec.pre_use,
                owner=owner if index % 2 else None,
                status=STATUSES[index % len(STATUSES)],
                applies_from=dt.date(2027, 12, 2),
                catalogue_version="bench",
            )
            for index, system in enumerate(created)
            for spec in specs
        ),
        batch_size=2000,
    )
    SystemUser.objects.bulk_create(SystemUser(organisation=organisation, ai_system=s, member=owner) for s in created)
    Training.objects.create(organisation=organisation, member=owner, title="Bench", taken_on=dt.date(2026, 1, 1))
    return created


@register("duties")
def duties_section(context: BenchContext) -> list[Measurement]:
    count = context.count(2_000)
    systems = seed(context, count)
    duties = Duty.objects.filter(organisation=context.organisation).count()
    first = systems[0]
    return [
        context.page(f"my duties, {duties:,} duties", reverse("duties:my_duties")),
        context.page("system page with its duties", reverse("vendors:system_detail", args=[first.pk])),
        context.page("AI literacy overview", reverse("duties:literacy")),
        measure(
            f"red-flag facts of {count:,} systems",
            lambda: load_duty_facts(context.organisation, systems, []),
            max(1, context.runs // 3),
        ),
    ]
