"""Who may do what on every classification page and endpoint (DESIGN.md, roles and permissions).

Questionnaires are registry work: owner and compliance on any system, a requester on the systems
they created; everyone else in the organisation reads results; another organisation sees nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Classification, ClassificationDraft
from core.models import Role
from tests.assessments.conftest import HR_SCREENING, make_system


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[object, Classification], str]
    data: dict | None = None
    allowed: int = 200
    api: bool = False

    def call(self, client, system, snapshot):
        url = self.url(system, snapshot)
        if self.api:
            return getattr(client, self.method)(url, self.data, format="json")
        return getattr(client, self.method)(url, self.data or {})


def page(name: str) -> Callable:
    return lambda system, snapshot: reverse(f"assessments:{name}", args=[system.pk])


def api_list(system, snapshot) -> str:
    return f"/api/v1/ai-systems/{system.pk}/classifications/"


WRITES = (
    Endpoint("questionnaire", "get", page("questionnaire")),
    Endpoint("questionnaire", "post", page("questionnaire"), {"section": "scope", "next": "1"}, allowed=302),
    Endpoint("section preview", "post", page("section_preview"), {"section": "use_case"}),
    Endpoint("review", "get", page("review")),
    Endpoint("review", "post", page("review"), {"timeline": "omnibus-2026"}, allowed=302),
    Endpoint("discard draft", "post", page("discard_draft"), allowed=302),
    Endpoint("API save", "post", api_list, {"answers": HR_SCREENING}, allowed=201, api=True),
)
READS = (
    Endpoint("history", "get", page("history")),
    Endpoint(
        "compare",
        "get",
        lambda system, snapshot: f"{page('compare')(system, snapshot)}?older={snapshot.pk}&newer={snapshot.pk}",
    ),
    Endpoint("result", "get", lambda system, snapshot: snapshot_url(snapshot)),
    Endpoint("print view", "get", lambda system, snapshot: snapshot_url(snapshot) + "?print=1"),
    Endpoint("API list", "get", api_list, api=True),
)


def snapshot_url(snapshot: Classification) -> str:
    return reverse("assessments:classification_detail", args=[snapshot.pk])


@pytest.fixture
def snapshot(owner_actor, system):
    return services.classification_save(actor=owner_actor, ai_system=system, answers=HR_SCREENING)


@pytest.fixture
def client_as(login, api_client_for):
    """client_as(membership, endpoint) → a signed-in client of the kind the endpoint expects."""
    return lambda membership, endpoint: (api_client_for if endpoint.api else login)(membership)


def with_draft(owner_actor, system) -> None:
    """Every write finds a draft to resume, review, save or discard, whatever the previous one did."""
    services.draft_update(actor=owner_actor, ai_system=system, answers=HR_SCREENING, timeline="omnibus-2026")


@pytest.mark.parametrize("role", [Role.OWNER, Role.COMPLIANCE])
def test_owner_and_compliance_may_use_every_page(client_as, members, owner_actor, system, snapshot, role):
    for endpoint in (*WRITES, *READS):
        with_draft(owner_actor, system)
        response = endpoint.call(client_as(members[role], endpoint), system, snapshot)
        assert response.status_code == endpoint.allowed, f"{endpoint.method} {endpoint.name}"


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.LEGAL, Role.APPROVER])
def test_read_only_roles_read_everything_and_are_refused_every_write(
    client_as, members, owner_actor, system, snapshot, role
):
    with_draft(owner_actor, system)
    draft_before = ClassificationDraft.objects.get(ai_system=system).answers
    for endpoint in READS:
        response = endpoint.call(client_as(members[role], endpoint), system, snapshot)
        assert response.status_code == 200, f"{endpoint.method} {endpoint.name}"
    for endpoint in WRITES:
        response = endpoint.call(client_as(members[role], endpoint), system, snapshot)
        assert response.status_code == 403, f"{endpoint.method} {endpoint.name}"
    assert list(Classification.objects.all()) == [snapshot]
    assert ClassificationDraft.objects.get(ai_system=system).answers == draft_before


def test_a_requester_classifies_the_systems_they_created_and_no_other(client_as, members, owner_actor, snapshot):
    requester = members[Role.REQUESTER]
    theirs = make_system(requester.organisation, name="Requested tool", created_by=requester.user)
    others = snapshot.ai_system
    for endpoint in WRITES:
        with_draft(owner_actor, theirs)
        with_draft(owner_actor, others)
        own = endpoint.call(client_as(requester, endpoint), theirs, snapshot)
        assert own.status_code == endpoint.allowed, f"{endpoint.method} {endpoint.name} on their own system"
        refused = endpoint.call(client_as(requester, endpoint), others, snapshot)
        assert refused.status_code == 403, f"{endpoint.method} {endpoint.name} on another's system"
    assert Classification.objects.filter(ai_system=others).count() == 1


def test_another_organisation_gets_404_everywhere(client_as, outsider, owner_actor, system, snapshot):
    with_draft(owner_actor, system)
    for endpoint in (*WRITES, *READS):
        response = endpoint.call(client_as(outsider, endpoint), system, snapshot)
        assert response.status_code == 404, f"{endpoint.method} {endpoint.name}"
    assert ClassificationDraft.objects.filter(ai_system=system).exists()
    assert list(Classification.objects.all()) == [snapshot]


def test_anonymous_visitors_are_sent_to_sign_in(client, system, snapshot):
    for endpoint in (*WRITES, *READS):
        if endpoint.api:
            continue
        response = endpoint.call(client, system, snapshot)
        assert response.status_code == 302, f"{endpoint.method} {endpoint.name}"
        assert response.url.startswith(reverse("login")), endpoint.name


def test_the_preview_and_discard_accept_only_post(login, owner, system):
    client = login(owner)
    for name in ("section_preview", "discard_draft"):
        assert client.get(reverse(f"assessments:{name}", args=[system.pk])).status_code == 405, name


def test_the_stateless_classify_endpoint_is_open_to_every_member(api_client_for, auditor):
    response = api_client_for(auditor).post("/api/v1/classify/", {"answers": HR_SCREENING}, format="json")
    assert response.status_code == 200
    assert not Classification.objects.exists()
