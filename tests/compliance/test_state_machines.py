"""Document requests and documents move only as their state machines allow; anything else is refused, unchanged."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from compliance import catalogue, services
from compliance.models import DocumentRequest, RequestStatus, RequestTransition
from compliance.states import DOCUMENT_MACHINE, NEW, REQUEST_MACHINE, REQUEST_MOVE_ACTIONS, SUPERSEDED
from core.audit_actions import action_for
from core.models import AuditEvent
from core.states import IllegalTransition, Move, StateMachine
from tests.compliance.conftest import DECLARATION_FACTS, request_for, upload

pytestmark = pytest.mark.django_db

API = "/api/v1"
DECLARATION = "eu_declaration_of_conformity"


@pytest.fixture
def requested(compliance_actor, system, high_risk):
    services.document_requests_create_missing(actor=compliance_actor, ai_system=system)
    return request_for(system, DECLARATION)


@pytest.fixture
def received(compliance_actor, requested):
    return upload(compliance_actor, requested)


def unchanged(request: DocumentRequest, status: str, events: int) -> bool:
    request.refresh_from_db()
    return request.status == status and AuditEvent.objects.count() == events


# The machines themselves ---------------------------------------------------------------------


def test_every_request_move_records_a_registered_action_and_every_status_is_reachable():
    assert set(REQUEST_MOVE_ACTIONS) == set(REQUEST_MACHINE.moves)
    assert all(action_for(code) for code in REQUEST_MOVE_ACTIONS.values())
    reachable = {move.target for move in REQUEST_MACHINE.moves.values()}
    assert reachable == set(RequestStatus.values)


@pytest.mark.parametrize(
    ("state", "move"),
    [
        (state, name)
        for state, name in itertools.product([NEW, *RequestStatus.values], REQUEST_MACHINE.moves)
        if state not in REQUEST_MACHINE.moves[name].sources
    ],
)
def test_every_illegal_request_move_is_refused_with_a_field_error(state, move):
    with pytest.raises(IllegalTransition) as refused:
        REQUEST_MACHINE.check(state, move)
    field = REQUEST_MACHINE.moves[move].field
    assert list(refused.value.message_dict) == [field] and refused.value.message_dict[field][0]


def test_a_superseded_document_is_worked_on_no_more():
    for move in DOCUMENT_MACHINE.moves:
        with pytest.raises(IllegalTransition, match="superseded"):
            DOCUMENT_MACHINE.check(SUPERSEDED, move)


def test_a_move_declared_twice_is_an_error():
    move = Move("close", sources={"open"}, target="closed", field="state", refusal="Already {state}.")
    with pytest.raises(Exception, match="declared twice"):
        StateMachine("ticket", [move, move])


# Services refuse illegal moves and change nothing ------------------------------------------


def test_refusing_a_received_document_is_refused_and_changes_nothing(compliance_actor, received):
    request = received.request
    events, history = AuditEvent.objects.count(), RequestTransition.objects.count()

    with pytest.raises(IllegalTransition) as refused:
        services.document_request_refuse(actor=compliance_actor, request=request, note="They said no.")

    assert refused.value.message_dict == {
        "note": ["Only a document we asked for and have not received can be refused."]
    }
    assert unchanged(request, RequestStatus.RECEIVED, events)
    assert RequestTransition.objects.count() == history
    assert request.refusal_note == ""


def test_verifying_twice_is_refused(compliance_actor, received):
    services.document_facts_record(actor=compliance_actor, document=received, data=DECLARATION_FACTS)
    results = [{"item_id": item.id, "outcome": "pass"} for item in catalogue.checklist(DECLARATION)]
    services.checklist_mark(actor=compliance_actor, document=received, results=results)
    services.document_verify(actor=compliance_actor, document=received)
    events = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition, match="Only a received document awaiting verification"):
        services.document_verify(actor=compliance_actor, document=received)

    assert unchanged(received.request, RequestStatus.VERIFIED, events)


def test_facts_of_a_superseded_version_are_refused(compliance_actor, received):
    upload(compliance_actor, received.request, name="v2.pdf")
    received.refresh_from_db()

    with pytest.raises(IllegalTransition) as refused:
        services.document_facts_record(actor=compliance_actor, document=received, data=DECLARATION_FACTS)

    assert "superseded" in refused.value.message_dict["document"][0]


# Pages and API ---------------------------------------------------------------------------


def test_the_api_answers_409_to_a_move_the_state_does_not_allow(api_client_for, owner, compliance_actor, requested):
    document = upload(compliance_actor, requested)
    services.document_request_waive(actor=compliance_actor, request=requested, reason="Covered by the contract.")
    events = AuditEvent.objects.count()

    response = api_client_for(owner).post(f"{API}/documents/{document.pk}/verify/")

    assert response.status_code == 409
    assert response.json()["errors"] == {
        "document": ["Only a received document awaiting verification can be verified."]
    }
    assert unchanged(requested, RequestStatus.WAIVED, events)


def test_the_page_shows_the_refusal_beside_its_field(login, owner, received):
    request = received.request
    events = AuditEvent.objects.count()

    response = login(owner).post(reverse("compliance:request_refuse", args=[request.pk]), {"note": "No."})

    assert response.status_code == 200
    errors = response.context["refuse_form"].errors["note"]
    assert errors == ["Only a document we asked for and have not received can be refused."]
    assert unchanged(request, RequestStatus.RECEIVED, events)
