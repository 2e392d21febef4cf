"""Benchmarks of the incidents app: the register over 10,000 incidents (constant queries), and the 15-minute
clock run over 100,000 deadlines of which 500 are incident clocks owed a reminder (under 5 s, bounded queries)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from core.bench import BenchContext, Measurement, register
from core.models import Membership, Role
from deadlines.bench import seed_deadlines, timed_run
from deadlines.clocks import send_clock_reminders
from deadlines.models import Deadline, DeadlineKind
from incidents.assessment import assess_incident
from incidents.models import Incident, IncidentAssessment
from vendors.models import AiSystem, Vendor

BATCH_SIZE = 2000
CLOCK_RUN_BUDGET_MS = 5_000.0
CLOCK_RUN = (send_clock_reminders, CLOCK_RUN_BUDGET_MS)
SYSTEMS = 20


def seed_incidents(context: BenchContext, count: int) -> None:
    organisation = context.organisation
    vendor = Vendor.objects.create(organisation=organisation, legal_name="Bench incidents vendor", country="DE")
    systems = AiSystem.objects.bulk_create(
        AiSystem(organisation=organisation, vendor=vendor, name=f"Bench system {n}", intended_purpose="Bench")
        for n in range(SYSTEMS)
    )
    now = timezone.now()
    answers = {
        "incident.harms": ["fundamental_rights_infringement"],
        "incident.member_states": ["DE"],
        "incident.aware_at": now.isoformat(),
        "system.high_risk": True,
    }
    result = assess_incident(answers)
    incidents = Incident.objects.bulk_create(
        (
            Incident(
                organisation=organisation,
                ai_system=systems[i % SYSTEMS],
                title=f"Bench incident {i:05d}",
                description="Bench",
                aware_at=now - dt.timedelta(hours=i),
                aware_time_zone="Europe/Berlin",
                serious=True,
                art73_applies=True,
                reporter="provider",
                deadline_paragraph="73(2)",
                deadline_days=15,
                clock_aware_at=now - dt.timedelta(hours=i),
                report_due_at=now - dt.timedelta(hours=i) + dt.timedelta(days=15),
                status="open" if i % 4 else "closed",
            )
            for i in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    IncidentAssessment.objects.bulk_create(
        (
            IncidentAssessment(
                organisation=organisation,
                incident=incident,
                answers=answers,
                result=result,
                regulation_version="bench",
                regulation_sha256="0" * 64,
                facts_aware_at=incident.aware_at,
            )
            for incident in incidents
        ),
        batch_size=BATCH_SIZE,
    )
    _analyse(Incident, IncidentAssessment)


def _analyse(*models) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {model._meta.db_table}")


@register("incidents")
def incident_register(context: BenchContext) -> list[Measurement]:
    count = context.count(10_000)
    seed_incidents(context, count)
    first = Incident.objects.filter(organisation=context.organisation).order_by("pk").first()
    return [
        context.page(f"incident register, {count:,} incidents", "/incidents/"),
        context.page("incident register, overdue filter", "/incidents/?overdue=true&status=open"),
        context.page(f"incident API list, {count:,} incidents", "/api/v1/incidents/"),
        context.page("incident detail", f"/incidents/{first.pk}/"),
        context.page("penalty exposure page", "/incidents/penalty-exposure/"),
    ]


def seed_clocks(context: BenchContext, count: int, now: dt.datetime) -> None:
    """`count` incident clocks due within the next day (and a legal member: compliance and legal are told)."""
    officer = get_user_model().objects.create_user(
        username=f"{context.owner.user.username}-legal", email=f"{context.owner.user.username}-legal@bench.invalid"
    )
    Membership.objects.create(user=officer, organisation=context.organisation, role=Role.LEGAL)
    Deadline.objects.bulk_create(
        (
            Deadline(
                organisation=context.organisation,
                kind=DeadlineKind.INCIDENT_REPORT,
                source_type="bench.clock",
                source_id=str(i),
                title=f"Bench clock {i:04d}",
                due_at=now + dt.timedelta(minutes=(i * 7) % (24 * 60)),
                due_date=(now + dt.timedelta(minutes=(i * 7) % (24 * 60))).date(),
                link="/incidents/",
            )
            for i in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    _analyse(Deadline)


@register("incident_clocks")
def clock_run(context: BenchContext) -> list[Measurement]:
    count = context.count(100_000)
    clocks = context.count(500)
    seed_deadlines(context, count, source_type="bench.incident_clocks.item")
    now = timezone.now()
    seed_clocks(context, clocks, now)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        first, first_summary = timed_run(
            f"15-minute clock run, {count:,} deadlines, {clocks} clocks due", now, *CLOCK_RUN
        )
        second, second_summary = timed_run("same run again (must send nothing)", now, *CLOCK_RUN)
        mail.outbox = []
    if not second_summary.startswith("reminders: sent=0 "):
        raise RuntimeError(f"the second clock run sent reminders again: {second_summary}")
    return [
        Measurement(f"{first.name} ({first_summary})", first.median_ms, first.queries, first.budget_ms),
        Measurement(f"{second.name} ({second_summary})", second.median_ms, second.queries, second.budget_ms),
    ]
