"""Requesting, receiving, checking and verifying documents through the services."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from freezegun import freeze_time

from compliance import services
from compliance.models import (
    ChecklistOutcome,
    Document,
    DocumentRequest,
    RedFlag,
    RequestStatus,
    ReverificationReason,
)
from compliance.red_flags import add_years
from core.models import AuditEvent, Role
from deadlines.models import Deadline, DeadlineKind
from tests.compliance.conftest import DECLARATION_FACTS, HIGH_RISK_DOCUMENTS, request_for, upload

pytestmark = pytest.mark.django_db


def mark_all(actor, document, outcome=ChecklistOutcome.PASS):
    from compliance import catalogue

    items = catalogue.checklist(document.request.document_type)
    services.checklist_mark(
        actor=actor, document=document, results=[{"item_id": i.id, "outcome": outcome, "note": "seen"} for i in items]
    )


@freeze_time("2026-12-21 10:00")  # a Monday before Christmas
def test_it_requests_every_missing_document_due_in_ten_business_days_skipping_holidays(
    compliance_actor, system, high_risk
):
    asked = services.document_requests_create_missing(actor=compliance_actor, ai_system=system)

    # 25 and 26 Dec and 1 Jan are German public holidays: ten business days end on 6 Jan 2027, not 4 Jan.
    assert {r.due_date for r in asked} == {dt.date(2027, 1, 6)}
    assert {r.document_type for r in asked} == {*HIGH_RISK_DOCUMENTS, "soc2_report"}
    soc2 = next(r for r in asked if r.document_type == "soc2_report")
    assert soc2.ai_system is None and soc2.vendor == system.vendor  # owed by the vendor, once
    deadline = Deadline.objects.get(kind=DeadlineKind.DOCUMENT_REQUEST, source_id=str(asked[0].pk))
    assert deadline.due_date == dt.date(2027, 1, 6)
    assert AuditEvent.objects.filter(action="compliance.document_request.requested").count() == len(asked)


@freeze_time("2026-11-25 10:00")  # a Wednesday
def test_a_request_sent_by_email_weeks_ago_is_due_ten_business_days_after_it_and_overdue_now(
    compliance_actor, system, high_risk
):
    asked = services.document_requests_create_missing(
        actor=compliance_actor, ai_system=system, requested_on=dt.date(2026, 10, 21)
    )

    request = asked[0]
    assert {r.due_date for r in asked} == {dt.date(2026, 11, 4)}
    assert timezone.localtime(request.requested_at, ZoneInfo("Europe/Berlin")).date() == dt.date(2026, 10, 21)
    assert "2026-10-21" in request.transitions.get().note
    event = AuditEvent.objects.filter(action="compliance.document_request.requested", object_id=str(request.pk)).get()
    assert event.changes["requested_on"] == "2026-10-21"
    deadline = Deadline.objects.get(kind=DeadlineKind.DOCUMENT_REQUEST, source_id=str(request.pk))
    assert deadline.due_date == dt.date(2026, 11, 4)
    assert RedFlag.objects.filter(ai_system=system, code="document_overdue", state="open").exists()


@freeze_time("2026-11-25 10:00")
def test_one_document_asked_for_earlier_is_due_ten_business_days_after_that_day(compliance_actor, system, high_risk):
    request = services.document_request_create(
        actor=compliance_actor,
        ai_system=system,
        document_type="instructions_for_use",
        requested_on=dt.date(2026, 11, 18),
    )

    assert request.due_date == dt.date(2026, 12, 2)
    assert not RedFlag.objects.filter(ai_system=system, code="document_overdue").exists()


@freeze_time("2026-11-25 10:00")
def test_asking_today_keeps_the_moment_and_needs_no_note(compliance_actor, system, high_risk):
    request = services.document_request_create(
        actor=compliance_actor,
        ai_system=system,
        document_type="instructions_for_use",
        requested_on=dt.date(2026, 11, 25),
    )

    assert request.requested_at == timezone.now()
    assert request.due_date == dt.date(2026, 12, 9)
    assert request.transitions.get().note == ""


@freeze_time("2026-11-25 23:30")  # 00:30 on 26 November in Berlin
def test_a_request_cannot_be_dated_after_the_organisations_today(compliance_actor, system, high_risk):
    events = AuditEvent.objects.count()

    for write in (
        lambda: services.document_requests_create_missing(
            actor=compliance_actor, ai_system=system, requested_on=dt.date(2026, 11, 27)
        ),
        lambda: services.document_request_create(
            actor=compliance_actor,
            ai_system=system,
            document_type="instructions_for_use",
            requested_on=dt.date(2026, 11, 27),
        ),
    ):
        with pytest.raises(ValidationError) as error:
            write()
        assert "requested_on" in error.value.message_dict

    assert not DocumentRequest.objects.exists()
    assert AuditEvent.objects.count() == events
    asked = services.document_requests_create_missing(
        actor=compliance_actor, ai_system=system, requested_on=dt.date(2026, 11, 26)
    )
    assert asked


def test_asking_again_requests_nothing_new(compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)

    assert services.document_requests_create_missing(actor=compliance_actor, ai_system=system) == []


def test_a_system_processing_personal_data_also_needs_a_data_processing_agreement(compliance_actor, system, high_risk):
    system.processes_personal_data = True
    system.save()

    asked = services.document_requests_create_missing(actor=compliance_actor, ai_system=system)

    assert "data_processing_agreement" in {r.document_type for r in asked}


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.LEGAL, Role.REQUESTER, Role.APPROVER])
def test_only_registry_managers_request_documents(actor_of, role, system, high_risk):
    with pytest.raises(PermissionDenied):
        services.document_requests_create_missing(actor=actor_of(role), ai_system=system)
    assert not DocumentRequest.objects.exists()


def test_a_refusal_needs_the_vendors_answer(compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    request = request_for(system, "eu_declaration_of_conformity")

    with pytest.raises(ValidationError) as error:
        services.document_request_refuse(actor=compliance_actor, request=request, note="  ")
    assert "note" in error.value.message_dict

    services.document_request_refuse(actor=compliance_actor, request=request, note="Vendor says it is not high-risk.")
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert not Deadline.objects.filter(kind=DeadlineKind.DOCUMENT_REQUEST, source_id=str(request.pk)).exists()
    assert [t.to_status for t in request.transitions.all()] == ["requested", "refused"]


def test_waiving_needs_a_reason_and_records_who(compliance_actor, members, system, high_risk):
    with pytest.raises(ValidationError) as error:
        services.document_request_waive(
            actor=compliance_actor, ai_system=system, document_type="instructions_for_use", reason=""
        )
    assert "reason" in error.value.message_dict
    assert not DocumentRequest.objects.exists()

    request = services.document_request_waive(
        actor=compliance_actor,
        ai_system=system,
        document_type="instructions_for_use",
        reason="Bundled in the contract.",
    )

    assert request.status == RequestStatus.WAIVED
    assert request.waived_by == members[Role.COMPLIANCE]
    assert request.waived_reason == "Bundled in the contract."


def test_an_upload_is_received_and_a_new_one_supersedes_but_keeps_the_old(compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    request = request_for(system, "eu_declaration_of_conformity")

    first = upload(compliance_actor, request, "v1.pdf")
    second = upload(compliance_actor, request, "v2.pdf", b"%PDF-1.7\n% second version\n%%EOF\n")

    first.refresh_from_db()
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED
    assert first.superseded_by == second and second.is_current
    assert (first.version, second.version) == (1, 2)
    assert first.file.read().startswith(b"%PDF-1.4")  # the old file is still there
    assert not Deadline.objects.filter(kind=DeadlineKind.DOCUMENT_REQUEST, source_id=str(request.pk)).exists()


def test_facts_validate_the_validity_period(compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    document = upload(compliance_actor, request_for(system, "notified_body_certificate"))

    with pytest.raises(ValidationError) as error:
        services.document_facts_record(
            actor=compliance_actor,
            document=document,
            data={"valid_from": dt.date(2026, 1, 1), "valid_until": dt.date(2025, 1, 1)},
        )

    assert "valid_until" in error.value.message_dict
    assert Document.objects.get(pk=document.pk).valid_until is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("valid_until", dt.date(9999, 12, 31)), ("issued_on", dt.date(1, 1, 1)), ("valid_from", dt.date(1969, 12, 31))],
)
def test_facts_refuse_implausible_dates(compliance_actor, system, high_risk, field, value):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    document = upload(compliance_actor, request_for(system, "notified_body_certificate"))
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as error:
        services.document_facts_record(actor=compliance_actor, document=document, data={field: value})

    assert field in error.value.message_dict
    assert getattr(Document.objects.get(pk=document.pk), field) is None
    assert AuditEvent.objects.count() == events
    assert not Deadline.objects.filter(kind=DeadlineKind.CERTIFICATE_EXPIRY).exists()


def test_no_documents_are_requested_or_waived_for_an_archived_system(compliance_actor, system, high_risk):
    from vendors.services import ai_system_archive

    ai_system_archive(actor=compliance_actor, system=system)
    events = AuditEvent.objects.count()

    for write in (
        lambda: services.document_requests_create_missing(actor=compliance_actor, ai_system=system),
        lambda: services.document_request_create(
            actor=compliance_actor, ai_system=system, document_type="instructions_for_use"
        ),
        lambda: services.document_request_waive(
            actor=compliance_actor, ai_system=system, document_type="instructions_for_use", reason="retired"
        ),
    ):
        with pytest.raises(ValidationError) as error:
            write()
        assert "ai_system" in error.value.message_dict

    assert not DocumentRequest.objects.filter(ai_system=system).exists()
    assert AuditEvent.objects.count() == events


def test_a_certificate_validity_becomes_an_expiry_deadline(compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    document = upload(compliance_actor, request_for(system, "notified_body_certificate"))

    services.document_facts_record(
        actor=compliance_actor,
        document=document,
        data={"valid_from": dt.date(2026, 1, 1), "valid_until": dt.date(2029, 1, 1), "notified_body_number": "9901"},
    )

    deadline = Deadline.objects.get(kind=DeadlineKind.CERTIFICATE_EXPIRY, source_id=str(document.pk))
    assert deadline.due_date == dt.date(2029, 1, 1)


class TestVerification:
    @pytest.fixture
    def declaration(self, compliance_actor, system, high_risk):
        services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
        document = upload(compliance_actor, request_for(system, "eu_declaration_of_conformity"))
        services.document_facts_record(actor=compliance_actor, document=document, data=DECLARATION_FACTS)
        return document

    def test_it_cannot_verify_with_mandatory_items_unmarked(self, compliance_actor, declaration):
        with pytest.raises(ValidationError) as error:
            services.document_verify(actor=compliance_actor, document=declaration)

        assert "checklist" in error.value.message_dict
        assert declaration.request.status == RequestStatus.RECEIVED

    def test_a_failed_mandatory_item_blocks_verification(self, compliance_actor, declaration):
        mark_all(compliance_actor, declaration)
        services.checklist_mark(
            actor=compliance_actor,
            document=declaration,
            results=[{"item_id": "place_date_signature", "outcome": "fail", "note": "No signature."}],
        )

        with pytest.raises(ValidationError) as error:
            services.document_verify(actor=compliance_actor, document=declaration)
        assert any("failed" in message for message in error.value.message_dict["checklist"])

    def test_a_failure_needs_a_note_and_unknown_items_are_refused(self, compliance_actor, declaration):
        with pytest.raises(ValidationError) as error:
            services.checklist_mark(
                actor=compliance_actor,
                document=declaration,
                results=[
                    {"item_id": "place_date_signature", "outcome": "fail", "note": ""},
                    {"item_id": "no_such_item", "outcome": "pass"},
                ],
            )
        assert set(error.value.message_dict) == {"place_date_signature", "no_such_item"}
        assert not declaration.checklist_results.exists()

    @freeze_time("2026-05-04 09:00")
    def test_verified_with_pass_or_na_and_reviewed_again_in_twelve_months(self, compliance_actor, declaration):
        mark_all(compliance_actor, declaration)
        services.checklist_mark(
            actor=compliance_actor, document=declaration, results=[{"item_id": "sole_responsibility", "outcome": "na"}]
        )

        services.document_verify(actor=compliance_actor, document=declaration)

        declaration.refresh_from_db()
        assert declaration.request.status == RequestStatus.VERIFIED
        assert declaration.next_review_on == dt.date(2027, 5, 4)
        review = Deadline.objects.get(kind=DeadlineKind.DOCUMENT_REVIEW, source_id=str(declaration.pk))
        assert review.due_date == dt.date(2027, 5, 4)

    def test_a_reverification_event_reopens_verification(self, compliance_actor, system, declaration):
        mark_all(compliance_actor, declaration)
        services.document_verify(actor=compliance_actor, document=declaration)

        event = services.reverification_open(
            actor=compliance_actor, ai_system=system, reason=ReverificationReason.MAJOR_UPDATE, note="v5 released"
        )

        declaration.refresh_from_db()
        assert declaration.request.status == RequestStatus.RECEIVED
        assert declaration.next_review_on is None
        assert not Deadline.objects.filter(kind=DeadlineKind.DOCUMENT_REVIEW).exists()
        assert event.reason == ReverificationReason.MAJOR_UPDATE
        assert declaration.request.transitions.last().note == "Major update of the system"

    def test_rejecting_needs_a_reason(self, compliance_actor, declaration):
        with pytest.raises(ValidationError):
            services.document_reject(actor=compliance_actor, document=declaration, note="")

        services.document_reject(actor=compliance_actor, document=declaration, note="Wrong system named.")

        declaration.request.refresh_from_db()
        assert declaration.request.status == RequestStatus.REJECTED

    def test_a_rejected_document_is_requested_again_with_the_missing_ones(self, compliance_actor, system, declaration):
        services.document_reject(actor=compliance_actor, document=declaration, note="Wrong system named.")

        asked = services.document_requests_create_missing(actor=compliance_actor, ai_system=system)

        assert [r.document_type for r in asked] == ["eu_declaration_of_conformity"]


def test_add_years_handles_29_february():
    assert add_years(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
