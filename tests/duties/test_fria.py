"""The FRIA: six elements, review and approval, reuse with a difference check, re-open, PDFs read back."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import Role
from duties import services
from duties.models import FRIA_FIELDS, Duty, DutyStatus, Fria, FriaStatus
from tests.duties.conftest import CREDIT_SCORING, PUBLIC_AUTHORITY, classify
from tests.factories import AiSystemFactory
from vendors.services import ai_system_update

pytestmark = pytest.mark.django_db

TEXTS = {field: f"Our {field.replace('_', ' ')} for consumer credit." for field in FRIA_FIELDS}


def approved_fria(system, actor, reviewer, texts=TEXTS):
    fria = services.fria_start(actor=actor, ai_system=system)
    services.fria_update(actor=actor, fria=fria, data=texts)
    services.fria_submit(actor=actor, fria=fria, reviewers=[reviewer])
    return services.fria_approve(actor=actor, fria=fria)


def fria_duty(system) -> Duty:
    return Duty.objects.get(ai_system=system, code="fria")


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_a_complete_approved_fria_completes_the_duty(system, owner_actor, members):
    classify(system, owner_actor, CREDIT_SCORING)
    assert fria_duty(system).status == DutyStatus.OPEN
    fria = services.fria_start(actor=owner_actor, ai_system=system)
    assert fria_duty(system).status == DutyStatus.IN_PROGRESS
    services.fria_update(actor=owner_actor, fria=fria, data={"processes": "Consumer loan decisions."})
    with pytest.raises(ValidationError) as refused:
        services.fria_submit(actor=owner_actor, fria=fria, reviewers=[members[Role.LEGAL]])
    assert set(refused.value.message_dict) == set(FRIA_FIELDS) - {"processes"}
    approved_fria_rest = {**TEXTS, "processes": "Consumer loan decisions."}
    services.fria_update(actor=owner_actor, fria=fria, data=approved_fria_rest)
    services.fria_submit(actor=owner_actor, fria=fria, reviewers=[members[Role.LEGAL]])
    with pytest.raises(ValidationError):
        services.fria_update(actor=owner_actor, fria=fria, data={"processes": "changed in review"})
    services.fria_approve(actor=owner_actor, fria=fria)
    assert fria_duty(system).status == DutyStatus.DONE


def test_reuse_needs_an_explicit_check_of_every_element(system, owner_actor, members, vendor, owner):
    classify(system, owner_actor, CREDIT_SCORING)
    source = approved_fria(system, owner_actor, members[Role.LEGAL])
    other = AiSystemFactory(vendor=vendor, name="KW Score SME", created_by=owner.user)
    classify(other, owner_actor, CREDIT_SCORING)
    reused = services.fria_start(actor=owner_actor, ai_system=other, reuse=source)
    assert reused.reused_from == source and reused.processes == source.processes
    assert reused.unchecked_differences() == list(FRIA_FIELDS)
    with pytest.raises(ValidationError) as refused:
        services.fria_submit(actor=owner_actor, fria=reused, reviewers=[members[Role.LEGAL]])
    assert "reuse_checks" in refused.value.message_dict
    checks = dict.fromkeys(FRIA_FIELDS, "same") | {"affected_persons": "changed"}
    services.fria_update(
        actor=owner_actor,
        fria=reused,
        data={"affected_persons": "Small businesses applying for credit."},
        reuse_checks=checks,
    )
    services.fria_submit(actor=owner_actor, fria=reused, reviewers=[members[Role.LEGAL]])
    assert Fria.objects.get(pk=reused.pk).status == FriaStatus.IN_REVIEW


def test_reuse_of_another_organisations_fria_is_refused(system, owner_actor, outsider):
    classify(system, owner_actor, CREDIT_SCORING)
    foreign_system = AiSystemFactory(organisation=outsider.organisation, vendor__organisation=outsider.organisation)
    foreign = Fria.objects.create(
        organisation=outsider.organisation, ai_system=foreign_system, version=1, status="approved"
    )
    with pytest.raises(ValidationError) as refused:
        services.fria_start(actor=owner_actor, ai_system=system, reuse=foreign)
    assert "reuse" in refused.value.message_dict


def test_a_new_classification_reopens_the_approved_fria(system, owner_actor, members):
    classify(system, owner_actor, CREDIT_SCORING)
    first = approved_fria(system, owner_actor, members[Role.LEGAL])
    classify(system, owner_actor, {**CREDIT_SCORING, "org.is_employer_using_at_workplace": True})
    latest = Fria.objects.filter(ai_system=system).order_by("-version").first()
    assert latest.version == 2 and latest.status == FriaStatus.DRAFT
    assert latest.reopen_reason and latest.processes == first.processes
    assert fria_duty(system).status == DutyStatus.IN_PROGRESS


def test_the_same_classification_again_does_not_reopen(system, owner_actor, members):
    classify(system, owner_actor, CREDIT_SCORING)
    approved_fria(system, owner_actor, members[Role.LEGAL])
    classify(system, owner_actor, CREDIT_SCORING)
    assert Fria.objects.filter(ai_system=system).count() == 1


def test_reopen_after_a_modification_or_incident(system, owner_actor, members):
    classify(system, owner_actor, PUBLIC_AUTHORITY)
    approved_fria(system, owner_actor, members[Role.LEGAL])
    with pytest.raises(ValidationError):
        services.fria_reopen(actor=owner_actor, ai_system=system, reason=" ")
    reopened = services.fria_reopen(actor=owner_actor, ai_system=system, reason="Serious incident on 3 March")
    assert reopened.version == 2 and reopened.reopen_reason == "Serious incident on 3 March"
    with pytest.raises(ValidationError):
        services.fria_reopen(actor=owner_actor, ai_system=system, reason="again")


def test_notification_date_is_checked(system, owner_actor, members):
    classify(system, owner_actor, CREDIT_SCORING)
    fria = approved_fria(system, owner_actor, members[Role.LEGAL])
    for bad in (dt.date.today() + dt.timedelta(days=3), dt.date(1999, 1, 1), None):
        with pytest.raises(ValidationError):
            services.fria_notify(actor=owner_actor, fria=fria, authority="BNetzA", sent_on=bad)
    services.fria_notify(actor=owner_actor, fria=fria, authority="Bundesnetzagentur", sent_on=dt.date.today())
    fria.refresh_from_db()
    assert fria.notified_on == dt.date.today()


def test_fria_and_notification_pdfs_read_back(system, owner_actor, members, login):
    classify(system, owner_actor, CREDIT_SCORING)
    fria = approved_fria(system, owner_actor, members[Role.LEGAL])
    today = dt.date.today()
    services.fria_notify(actor=owner_actor, fria=fria, authority="Bundesnetzagentur", sent_on=today)
    client = login(members[Role.AUDITOR])
    text = pdf_text(client.get(reverse("duties:fria_pdf", args=[fria.pk])))
    assert "Fundamental rights impact assessment" in text and "KW Score Consumer" in text
    for field in FRIA_FIELDS:
        assert TEXTS[field] in text
    notification = pdf_text(client.get(reverse("duties:fria_notification_pdf", args=[fria.pk])))
    assert (
        "Art 27(3)" in notification
        and "Bundesnetzagentur" in notification
        and f"{today.day} {today:%B %Y}" in notification
    )


def test_a_modification_of_purpose_or_context_reopens_but_other_edits_do_not(system, owner_actor, members):
    classify(system, owner_actor, CREDIT_SCORING)
    approved_fria(system, owner_actor, members[Role.LEGAL])
    ai_system_update(actor=owner_actor, system=system, data={"version": "2.1", "processes_personal_data": True})
    assert Fria.objects.filter(ai_system=system).count() == 1
    ai_system_update(actor=owner_actor, system=system, data={"deployment_context": "Now also for SME loans."})
    latest = Fria.objects.filter(ai_system=system).order_by("-version").first()
    assert latest.version == 2 and latest.status == FriaStatus.DRAFT
    assert "deployment context changed" in latest.reopen_reason


def _latest(system) -> Fria:
    return Fria.objects.filter(ai_system=system).order_by("-version").first()


def _report_incident(system, actor, harms):
    from incidents import services as incident_services

    return incident_services.incident_report(
        actor=actor,
        ai_system=system,
        data={"title": "Applicants refused credit without a reason", "description": "Found in a complaint"},
        answers={"incident.harms": harms, "system.high_risk": True},
        aware_at=timezone.now() - dt.timedelta(hours=1),
    )


def test_a_serious_incident_reopens_the_approved_fria(system, owner_actor, members):
    classify(system, owner_actor, CREDIT_SCORING)
    approved_fria(system, owner_actor, members[Role.LEGAL])
    _report_incident(system, owner_actor, ["fundamental_rights_infringement"])
    latest = _latest(system)
    assert latest.version == 2 and latest.status == FriaStatus.DRAFT
    assert "serious incident" in latest.reopen_reason


def test_an_incident_that_is_not_serious_leaves_the_fria_approved(system, owner_actor, members):
    classify(system, owner_actor, CREDIT_SCORING)
    approved_fria(system, owner_actor, members[Role.LEGAL])
    incident = _report_incident(system, owner_actor, [])
    assert not incident.serious
    assert _latest(system).status == FriaStatus.APPROVED


def test_a_logged_modification_reopens_the_approved_fria(system, owner_actor, members):
    from contracts import services as contract_services

    classify(system, owner_actor, CREDIT_SCORING)
    approved_fria(system, owner_actor, members[Role.LEGAL])
    contract_services.modification_record(
        actor=owner_actor,
        ai_system=system,
        data={
            "changed_on": dt.date(2026, 6, 1),
            "description": "New score thresholds",
            "reason": "Lower default rate",
            "approved_by": "Head of credit",
        },
    )
    latest = _latest(system)
    assert latest.version == 2 and "modification of 01 Jun 2026" in latest.reopen_reason
