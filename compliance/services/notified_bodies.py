"""The notified body registry: public reference data, upserted by number."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from compliance.models import (
    NotifiedBody,
)

NOTIFIED_BODY_FIELDS = ("name", "country", "ai_act", "status")


@transaction.atomic
def notified_bodies_upsert(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Insert or update notified bodies by number; returns how many were added, updated and unchanged.

    The registry is public reference data shared by every organisation, maintained by the
    operator (import command, admin), so it has no organisation's audit chain to go in.
    """
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    existing = {body.number: body for body in NotifiedBody.objects.select_for_update()}
    for row in rows:
        body = existing.get(row["number"])
        if body is None:
            existing[row["number"]] = NotifiedBody.objects.create(
                number=row["number"], **{name: row[name] for name in NOTIFIED_BODY_FIELDS}
            )
            counts["added"] += 1
            continue
        changed = [name for name in NOTIFIED_BODY_FIELDS if getattr(body, name) != row[name]]
        if not changed:
            counts["unchanged"] += 1
            continue
        for name in changed:
            setattr(body, name, row[name])
        body.save(update_fields=[*changed, "updated_at"])
        counts["updated"] += 1
    return counts
