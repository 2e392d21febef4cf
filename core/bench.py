"""Benchmark sections: a registry that each app fills from its own `<app>/bench.py`.

A section is a function `section(context) -> list[Measurement]` registered with
`@register("name")`. `manage.py bench` discovers the apps' modules, builds one throwaway
organisation with an owner and a signed-in client, runs every section inside one
transaction and rolls it back, so nothing it creates outlives the run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.access import Actor
from core.audit import GENESIS_HASH, compute_hash, forget_locked_heads, verify_chain
from core.models import ActorType, AuditChainHead, AuditEvent, Membership, Organisation, Role

# DESIGN.md: a list or detail page answers in under 100 ms of server time.
PAGE_BUDGET_MS = 100.0


@dataclass(frozen=True)
class Measurement:
    name: str
    median_ms: float
    queries: int
    budget_ms: float | None = None

    @property
    def verdict(self) -> str:
        if self.budget_ms is None:
            return ""
        return "ok" if self.median_ms <= self.budget_ms else "OVER"


@dataclass
class BenchContext:
    organisation: Organisation
    owner: Membership
    client: Client
    runs: int
    scale: float

    def count(self, full_size: int) -> int:
        """A row count scaled down for quick runs (never below one)."""
        return max(1, round(full_size * self.scale))

    @property
    def actor(self) -> Actor:
        return Actor.for_member(self.owner)

    def page(self, name: str, url: str) -> Measurement:
        """Median server time of GET url over the runs, and the queries of one more run."""
        return measure(name, lambda: self._get_ok(url), self.runs, budget_ms=PAGE_BUDGET_MS)

    def _get_ok(self, url: str) -> None:
        response = self.client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}, not 200")


Section = Callable[[BenchContext], list[Measurement]]
SECTIONS: dict[str, Section] = {}


def register(name: str) -> Callable[[Section], Section]:
    def decorator(section: Section) -> Section:
        if name in SECTIONS:
            raise ValueError(f"Benchmark section {name!r} is registered twice")
        SECTIONS[name] = section
        return section

    return decorator


def discover() -> dict[str, Section]:
    """Import every installed app's `bench` module, in INSTALLED_APPS order, so its sections register."""
    for app_config in apps.get_app_configs():
        module = f"{app_config.name}.bench"
        if find_spec(module) is not None:
            import_module(module)
    return SECTIONS


def measure(name: str, action: Callable[[], object], runs: int, budget_ms: float | None = None) -> Measurement:
    action()  # warm caches and lazy imports; the first request of a process is not representative
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        action()
    return Measurement(name, statistics.median(timings), len(queries), budget_ms)


def bench_context(*, runs: int, scale: float) -> BenchContext:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    organisation = Organisation.objects.create(name=f"Benchmark {stamp}", slug=f"bench-{stamp}")
    user = get_user_model().objects.create_user(username=f"bench-{stamp}", first_name="Bench")
    owner = Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)
    client = Client()
    client.force_login(user)
    session = client.session
    session["organisation_id"] = organisation.pk
    session.save()
    return BenchContext(organisation=organisation, owner=owner, client=client, runs=runs, scale=scale)


def seed_audit_chain(organisation: Organisation, count: int, batch_size: int = 2000) -> None:
    """A valid hash chain of `count` events, written in bulk (appending one by one would take minutes)."""
    head, _ = AuditChainHead.objects.get_or_create(organisation=organisation)
    prev_hash, sequence = head.last_hash or GENESIS_HASH, head.last_sequence
    batch: list[AuditEvent] = []
    for _ in range(count):
        sequence += 1
        event = AuditEvent(
            organisation=organisation,
            sequence=sequence,
            created_at=timezone.now(),
            actor_type=ActorType.SYSTEM,
            actor_label="system:bench",
            action="bench.thing.updated",
            changes={"status": ["before", "after"]},
            prev_hash=prev_hash,
        )
        event.hash = prev_hash = compute_hash(event)
        batch.append(event)
        if len(batch) == batch_size:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    head.last_sequence, head.last_hash = sequence, prev_hash
    head.save(update_fields=["last_sequence", "last_hash"])
    forget_locked_heads()  # a head kept by record() in this transaction is out of date now


@register("audit log")
def audit_log_section(context: BenchContext) -> list[Measurement]:
    count = context.count(10_000)
    seed_audit_chain(context.organisation, count)

    def verify() -> None:
        if verify_chain(context.organisation) is not None:
            raise RuntimeError("the benchmark's own audit chain does not verify")

    return [measure(f"verify_audit_log, {count:,} events", verify, max(1, context.runs // 3))]
