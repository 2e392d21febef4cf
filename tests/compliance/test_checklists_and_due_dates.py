"""Every document type has a checklist that gates verification; due dates count business days only."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from compliance import catalogue, services
from compliance.models import ChecklistOutcome, RequestStatus
from tests.compliance.conftest import upload

pytestmark = pytest.mark.django_db

DOCUMENT_TYPES = sorted(catalogue.pack().document_types)


def test_the_pack_defines_document_types():
    assert "eu_declaration_of_conformity" in DOCUMENT_TYPES and "soc2_report" in DOCUMENT_TYPES


@pytest.mark.parametrize("code", DOCUMENT_TYPES)
def test_every_document_type_has_checklist_items_and_at_least_one_is_mandatory(code):
    items = catalogue.checklist(code)

    assert items, f"{code} has no checklist"
    assert any(item.mandatory for item in items)
    assert len({item.id for item in items}) == len(items)


@pytest.mark.parametrize("code", DOCUMENT_TYPES)
def test_verification_needs_every_mandatory_item_passed(compliance_actor, system, vendor, code):
    subject = {"vendor": vendor} if catalogue.is_vendor_level(code) else {"ai_system": system}
    request = services.document_request_create(actor=compliance_actor, document_type=code, **subject)
    document = upload(compliance_actor, request)
    services.document_facts_record(actor=compliance_actor, document=document, data={"issuer": "Vendor"})
    items = catalogue.checklist(code)
    mandatory = [item for item in items if item.mandatory]

    def mark(item, outcome):
        note = "Missing." if outcome == ChecklistOutcome.FAIL else ""
        services.checklist_mark(
            actor=compliance_actor, document=document, results=[{"item_id": item.id, "outcome": outcome, "note": note}]
        )

    for item in items:
        mark(item, ChecklistOutcome.PASS)
    mark(mandatory[0], ChecklistOutcome.FAIL)
    with pytest.raises(ValidationError) as error:
        services.document_verify(actor=compliance_actor, document=document)
    assert mandatory[0].text in " ".join(error.value.message_dict["checklist"])

    mark(mandatory[0], ChecklistOutcome.PASS)
    for item in items:
        if not item.mandatory:
            mark(item, ChecklistOutcome.FAIL)  # an optional item's failure does not block
    services.document_verify(actor=compliance_actor, document=document)
    request.refresh_from_db()
    assert request.status == RequestStatus.VERIFIED
    optional = [item for item in items if not item.mandatory]
    assert services.checklist_reservations(document) == [(item, "Missing.") for item in optional]


def test_an_optional_check_fails_only_with_a_note(compliance_actor, system):
    code = "eu_declaration_of_conformity"
    request = services.document_request_create(actor=compliance_actor, document_type=code, ai_system=system)
    document = upload(compliance_actor, request)
    optional = next(item for item in catalogue.checklist(code) if not item.mandatory)

    with pytest.raises(ValidationError) as error:
        services.checklist_mark(
            actor=compliance_actor,
            document=document,
            results=[{"item_id": optional.id, "outcome": "fail", "note": " "}],
        )

    assert error.value.message_dict == {optional.id: ["Say what is wrong."]}
    assert services.checklist_reservations(document) == []


@pytest.mark.parametrize(
    ("now", "due"),
    [
        ("2026-11-20 09:00", dt.date(2026, 12, 4)),  # a Friday: two weekends skipped
        ("2026-11-21 09:00", dt.date(2026, 12, 4)),  # a Saturday: the same, counting starts on Monday
        ("2026-11-22 22:30", dt.date(2026, 12, 4)),  # Sunday 23:30 in Berlin: still the weekend there
        ("2026-11-22 23:30", dt.date(2026, 12, 7)),  # already Monday 00:30 in Berlin
        ("2027-03-22 09:00", dt.date(2027, 4, 7)),  # Good Friday 26 Mar and Easter Monday 29 Mar skipped
        ("2026-04-29 09:00", dt.date(2026, 5, 15)),  # 1 May (Labour Day) and 14 May (Ascension) skipped
    ],
)
def test_requests_are_due_ten_business_days_later_skipping_weekends_and_holidays(organisation, now, due):
    with freeze_time(now):
        assert services.request_due_date(organisation) == due
