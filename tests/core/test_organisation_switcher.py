"""Members of several organisations switch between them, and then see only the chosen one's data."""

import pytest
from django.urls import reverse

from core.access import Actor
from core.audit import record
from core.models import Membership, Role
from core.tenancy import SESSION_KEY


@pytest.fixture
def alice_in_both(owner, outsider, other_organisation):
    """alice owns acme and audits other; each organisation has one event of its own."""
    theirs = Membership.objects.create(user=owner.user, organisation=other_organisation, role=Role.AUDITOR)
    record(Actor.for_member(owner), "tests.acme.event", label="Acme only")
    record(Actor.for_member(outsider), "tests.other.event", label="Other only")
    return theirs


def labels_in_audit_log(client) -> list[str]:
    return [event.object_label for event in client.get(reverse("audit_log")).context["page"].events]


def test_it_switches_organisation_by_post(login, owner, alice_in_both, other_organisation):
    client = login(owner)
    assert labels_in_audit_log(client) == ["Acme only"]
    response = client.post(reverse("switch_organisation"), {"organisation": "other"}, follow=True)
    assert response.redirect_chain == [(reverse("dashboard"), 302)]
    assert "You are now working in Other Org SA." in response.content.decode()
    assert client.session[SESSION_KEY] == other_organisation.pk
    assert labels_in_audit_log(client) == ["Other only"]
    # Acme's owner is only an auditor here.
    assert client.get(reverse("members")).status_code == 403


def test_it_switches_through_the_org_parameter(login, owner, alice_in_both, other_organisation):
    client = login(owner)
    response = client.get(reverse("audit_log"), {"org": "other"})
    assert [event.object_label for event in response.context["page"].events] == ["Other only"]
    assert client.session[SESSION_KEY] == other_organisation.pk
    assert labels_in_audit_log(client) == ["Other only"]  # and it sticks


def test_it_ignores_an_organisation_the_user_does_not_belong_to(login, members, outsider, organisation):
    client = login(members[Role.AUDITOR])
    record(Actor.for_member(outsider), "tests.other.event", label="Other only")
    response = client.get(reverse("audit_log"), {"org": "other"})
    assert response.status_code == 200
    assert "Other only" not in response.content.decode()
    assert client.session[SESSION_KEY] == organisation.pk
    response = client.post(reverse("switch_organisation"), {"organisation": "other"}, follow=True)
    assert "You are not a member of that organisation." in response.content.decode()
    assert client.session[SESSION_KEY] == organisation.pk


def test_it_only_switches_by_post(login, owner):
    assert login(owner).get(reverse("switch_organisation")).status_code == 405


def signed_in_afresh(client, user):
    """A new session, as after logging in again: no organisation chosen in it yet."""
    client.logout()
    client.force_login(user)
    return client


def current_organisation(client):
    return client.get(reverse("dashboard")).context["current_organisation"]


def test_a_new_session_starts_where_the_user_last_chose_not_alphabetically(
    client, outsider, organisation, other_organisation
):
    """The finding: joining "Acme" (first by name) moved oscar's next login, and his work, there."""
    oscar = outsider.user
    client.force_login(oscar)
    assert current_organisation(client) == other_organisation
    Membership.objects.create(user=oscar, organisation=organisation, role=Role.AUDITOR)
    assert current_organisation(signed_in_afresh(client, oscar)) == other_organisation

    client.post(reverse("switch_organisation"), {"organisation": "acme"})
    assert current_organisation(signed_in_afresh(client, oscar)) == organisation
    client.get(reverse("dashboard"), {"org": "other"})
    assert current_organisation(signed_in_afresh(client, oscar)) == other_organisation
