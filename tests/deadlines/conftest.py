"""Deadlines to remind of: acme (Europe/Berlin) with a member of every role; carol is the compliance officer."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from core.models import Role
from deadlines.models import Deadline, DeadlineKind
from tests.factories import AiSystemFactory, VendorFactory
from tests.helpers import smtp_server, smtp_settings  # noqa: F401 (fixtures for this app's tests)

# 07:00 UTC is 08:00 in Berlin on this day: "today" for acme is 2 Nov 2027.
NOW = dt.datetime(2027, 11, 2, 7, 0, tzinfo=dt.UTC)
TODAY = dt.date(2027, 11, 2)

_source_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://tracker.example"


@pytest.fixture
def carol(members):
    return members[Role.COMPLIANCE]


@pytest.fixture
def vendor(organisation):
    return VendorFactory(organisation=organisation, legal_name="TalentLens GmbH")


@pytest.fixture
def system(vendor, owner):
    return AiSystemFactory(vendor=vendor, name="TalentLens Screen", business_owner=owner)


def make_deadline(
    organisation, due_date: dt.date, *, owner=None, title="Security whitepaper due", **fields
) -> Deadline:
    return Deadline.objects.create(
        organisation=organisation,
        kind=fields.pop("kind", DeadlineKind.DOCUMENT_REQUEST),
        source_type="tests.source",
        source_id=str(next(_source_ids)),
        title=title,
        due_date=due_date,
        owner=owner,
        link=fields.pop("link", "/vendors/"),
        **fields,
    )


@pytest.fixture
def deadline_due(organisation, owner):
    """deadline_due(days from TODAY, owner=alice by default) → a deadline."""

    def make(days: int, **fields) -> Deadline:
        fields.setdefault("owner", owner)
        return make_deadline(organisation, TODAY + dt.timedelta(days=days), **fields)

    return make
