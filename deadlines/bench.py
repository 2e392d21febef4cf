"""Benchmark of the daily reminder run over 100,000 deadlines (DESIGN.md: under 10 s, bounded queries,
no duplicate mail when run twice)."""

from __future__ import annotations

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from core.bench import BenchContext, Measurement, register
from core.dates import today_in
from core.models import Membership, Role
from deadlines.models import Deadline, DeadlineKind
from deadlines.reminders import send_reminders

RUN_BUDGET_MS = 10_000.0
BATCH_SIZE = 2000
KINDS = tuple(DeadlineKind.values)
# Due dates spread over a year either side of today, as a tracker in use for years would have them.
SPREAD_DAYS = 365


def seed_deadlines(context: BenchContext, count: int, source_type: str = "bench.item") -> None:
    """`count` deadlines spread over two years, a third of them for the compliance officer (created once)."""
    organisation = context.organisation
    owner = context.owner
    owner.user.email = f"{owner.user.username}@bench.invalid"
    owner.user.save(update_fields=["email"])
    officer_user, _ = get_user_model().objects.get_or_create(
        username=f"{owner.user.username}-compliance",
        defaults={"email": f"{owner.user.username}-compliance@bench.invalid"},
    )
    Membership.objects.get_or_create(user=officer_user, organisation=organisation, defaults={"role": Role.COMPLIANCE})
    today = today_in(organisation.time_zone)
    Deadline.objects.bulk_create(
        (
            Deadline(
                organisation=organisation,
                kind=KINDS[i % len(KINDS)],
                source_type=source_type,
                source_id=str(i),
                title=f"Benchmark deadline {i:06d}",
                due_date=today + dt.timedelta(days=i % (2 * SPREAD_DAYS + 1) - SPREAD_DAYS),
                owner=None if i % 3 == 0 else owner,  # a third unowned: they go to the compliance officer
                link="/deadlines/",
            )
            for i in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Deadline._meta.db_table}")


def timed_run(name: str, now: dt.datetime, run=send_reminders, budget_ms=RUN_BUDGET_MS) -> tuple[Measurement, str]:
    """One reminder run (the daily one unless `run` says otherwise), timed, with its queries counted."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = run(now=now)
        elapsed = (time.perf_counter() - start) * 1000
    return Measurement(name, elapsed, len(queries), budget_ms), result.summary()


@register("reminders")
def reminder_run(context: BenchContext) -> list[Measurement]:
    count = context.count(100_000)
    seed_deadlines(context, count)
    now = timezone.now()
    # A run is not repeatable on the same data (that is the point): one timed run, then the rerun.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        first, first_summary = timed_run(f"reminder run, {count:,} deadlines", now)
        second, second_summary = timed_run("same run again (must send nothing)", now)
        mail.outbox = []
    if not second_summary.startswith("reminders: sent=0 "):
        raise RuntimeError(f"the second run sent reminders again: {second_summary}")
    return [
        Measurement(f"{first.name} ({first_summary})", first.median_ms, first.queries, first.budget_ms),
        Measurement(f"{second.name} ({second_summary})", second.median_ms, second.queries, second.budget_ms),
    ]
