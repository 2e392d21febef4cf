"""Re-classification after a pack upgrade: listed with the difference, confirmed by compliance, never silent."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments import selectors, services
from assessments.demo import FINE_TUNED_ON_A_VENDOR_MODEL
from assessments.models import Classification
from assessments.rulepack import default_pack
from core.access import Actor
from core.models import AuditEvent, Membership, Organisation, Role
from tests.assessments.conftest import HR_SCREENING, make_system
from vendors.models import AiSystem

LIST_URL = reverse("assessments:reclassification_list")


def confirm_url(snapshot) -> str:
    return reverse("assessments:reclassify", args=[snapshot.pk])


@pytest.fixture
def outdated(owner_actor, system):
    """A system classified under 2026.2 whose result changes under 2026.3."""
    return services.classification_save(
        actor=owner_actor, ai_system=system, answers=FINE_TUNED_ON_A_VENDOR_MODEL, pack_version="2026.2"
    )


@pytest.fixture
def unchanged(owner_actor, organisation):
    """Classified under 2026.2 too, but 2026.3 says the same: not listed."""
    system = make_system(organisation, name="Same either way")
    return services.classification_save(
        actor=owner_actor, ai_system=system, answers=HR_SCREENING, pack_version="2026.2"
    )


def test_the_list_holds_only_systems_whose_result_would_change(outdated, unchanged, organisation):
    candidates = selectors.reclassification_candidates(organisation)
    assert [candidate.current for candidate in candidates] == [outdated]
    obligations = next(change for change in candidates[0].changes if change.key == "obligations")
    assert {"Art 53", "Art 55"} <= {o["article"] for o in obligations.before}
    assert not {"Art 53", "Art 55"} & {o["article"] for o in obligations.after}


def test_a_system_classified_with_the_newest_pack_is_not_listed(owner_actor, system, organisation):
    services.classification_save(actor=owner_actor, ai_system=system, answers=FINE_TUNED_ON_A_VENDOR_MODEL)
    assert selectors.reclassification_candidates(organisation) == []


def test_the_page_shows_the_difference_in_words(login, members, outdated):
    page = login(members[Role.COMPLIANCE]).get(LIST_URL).content.decode()
    assert str(outdated.ai_system) in page
    assert "Obligations and their dates" in page
    assert "<del>Art 53:" in page and "<del>Art 55:" in page
    assert default_pack().sha256 in page


def test_compliance_confirms_a_reclassification_as_a_new_audited_snapshot(login, members, outdated):
    client = login(members[Role.COMPLIANCE])
    response = client.post(confirm_url(outdated), {"pack_sha256": default_pack().sha256, "note": "Pack 2026.3"})
    assert response.status_code == 302
    new = selectors.current_classification(outdated.ai_system)
    stored = Classification.objects.get(pk=outdated.pk)  # as the database returns it (jsonb numbers on PostgreSQL)
    assert new.pk != outdated.pk and new.pack_version == "2026.3" and new.answers == stored.answers
    assert not {"Art 53", "Art 55"} & {o["article"] for o in new.result["obligations"]}
    event = AuditEvent.objects.filter(action="assessments.classification.reclassified").get()
    assert str(event.object_id) == str(new.pk)
    assert event.changes["pack"] == ["eu-ai-act 2026.2", "eu-ai-act 2026.3"]
    assert Classification.objects.get(pk=outdated.pk).result == outdated.result  # the old snapshot is untouched
    assert client.get(LIST_URL).context["candidates"] == []


def test_a_stale_pack_or_a_newer_snapshot_is_refused_and_nothing_is_saved(login, members, owner_actor, outdated):
    client = login(members[Role.COMPLIANCE])
    client.post(confirm_url(outdated), {"pack_sha256": "0" * 64})
    assert Classification.objects.filter(ai_system=outdated.ai_system).count() == 1
    services.classification_save(actor=owner_actor, ai_system=outdated.ai_system, answers=HR_SCREENING)
    client.post(confirm_url(outdated), {"pack_sha256": default_pack().sha256})
    assert Classification.objects.filter(ai_system=outdated.ai_system).count() == 2
    assert not AuditEvent.objects.filter(action="assessments.classification.reclassified").exists()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.LEGAL, Role.APPROVER, Role.REQUESTER])
def test_other_roles_are_refused_the_page_and_the_confirmation(login, members, outdated, role):
    client = login(members[role])
    assert client.get(LIST_URL).status_code == 403
    assert client.post(confirm_url(outdated), {"pack_sha256": default_pack().sha256}).status_code == 403
    assert Classification.objects.count() == 1


def test_another_organisation_cannot_confirm_ours(login, outsider, outdated):
    response = login(outsider).post(confirm_url(outdated), {"pack_sha256": default_pack().sha256})
    assert response.status_code == 404
    assert login(outsider).get(LIST_URL).context["candidates"] == []
    assert Classification.objects.count() == 1


def test_the_api_lists_and_confirms_for_compliance_only(api_client_for, members, outsider, outdated):
    compliance = api_client_for(members[Role.COMPLIANCE])
    listed = compliance.get("/api/v1/reclassifications/").json()
    assert [item["classification"] for item in listed] == [outdated.pk]
    assert listed[0]["new_pack_version"] == "2026.3" and listed[0]["pack_version"] == "2026.2"
    url = f"/api/v1/classifications/{outdated.pk}/reclassify/"
    body = {"pack_sha256": listed[0]["new_pack_sha256"]}
    assert api_client_for(members[Role.AUDITOR]).get("/api/v1/reclassifications/").status_code == 403
    assert api_client_for(members[Role.AUDITOR]).post(url, body, format="json").status_code == 403
    assert api_client_for(outsider).post(url, body, format="json").status_code == 404
    stale = compliance.post(url, {"pack_sha256": "x"}, format="json")
    assert stale.status_code == 400 and list(stale.json()["errors"]) == ["pack_sha256"]
    created = compliance.post(url, body, format="json")
    assert created.status_code == 201 and created.json()["pack_version"] == "2026.3"


def confirm_with_command(organisation, snapshot, username: str) -> None:
    call_command(
        "reclassifications",
        *("--organisation", organisation.slug, "--confirm", str(snapshot.pk), "--as", username),
        stdout=io.StringIO(),
    )


def test_the_command_lists_and_confirms_as_a_member_with_their_permissions(members, organisation, outdated):
    stdout = io.StringIO()
    call_command("reclassifications", "--organisation", organisation.slug, stdout=stdout)
    assert f"#{outdated.pk} {outdated.ai_system} (rule pack 2026.2" in stdout.getvalue()
    assert "- Art 53:" in stdout.getvalue()
    with pytest.raises(CommandError):
        confirm_with_command(organisation, outdated, members[Role.AUDITOR].user.username)
    assert Classification.objects.count() == 1
    confirm_with_command(organisation, outdated, members[Role.COMPLIANCE].user.username)
    assert selectors.current_classification(outdated.ai_system).pack_version == "2026.3"


@pytest.mark.django_db
def test_the_demo_data_shows_a_system_waiting_for_reclassification():
    call_command("seed_demo", stdout=io.StringIO())
    contoso = Organisation.objects.get(slug="contoso")
    candidates = selectors.reclassification_candidates(contoso)
    assert [candidate.current.ai_system.name for candidate in candidates] == ["Démarches Assistant"]
    obligations = next(change for change in candidates[0].changes if change.key == "obligations")
    assert {"Art 53", "Art 55"} <= {o["article"] for o in obligations.before}
    officer = Membership.objects.filter(organisation=contoso, role__in=[Role.COMPLIANCE, Role.OWNER]).first()
    services.classification_reclassify(
        actor=Actor.for_member(officer), classification=candidates[0].current, pack_sha256=default_pack().sha256
    )
    assert selectors.reclassification_candidates(contoso) == []
    assert AiSystem.objects.get(name="Démarches Assistant").classifications.count() == 2


def test_the_system_page_says_when_the_classification_used_an_older_pack(login, members, outdated):
    page = login(members[Role.COMPLIANCE]).get(outdated.ai_system.get_absolute_url()).content.decode()
    assert "Classified with rule pack 2026.2; the newest is 2026.3." in page
    assert LIST_URL in page
    auditor_page = login(members[Role.AUDITOR]).get(outdated.ai_system.get_absolute_url()).content.decode()
    assert "the newest is 2026.3" in auditor_page and LIST_URL not in auditor_page
