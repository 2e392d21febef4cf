"""The admin shows evidence but cannot change it; organisations it creates go through the service."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.access import Actor
from core.models import AuditEvent, Membership, Organisation, Role
from core.services import api_token_create


@pytest.fixture
def operator(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.test", "an-operator-passphrase")
    client.force_login(user)
    return client


def test_it_lists_audit_events_read_only(operator, logged):
    [event] = logged(1)
    assert operator.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    detail = operator.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert operator.get(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403
    assert operator.get(reverse("admin:core_auditevent_add")).status_code == 403


def test_it_never_shows_a_token_hash(operator, owner):
    token, _ = api_token_create(actor=Actor.for_member(owner), name="script")
    page = operator.get(reverse("admin:core_apitoken_change", args=[token.pk])).content.decode()
    assert token.token_hash not in page


def test_it_creates_an_organisation_through_the_service(operator):
    response = operator.post(
        reverse("admin:core_organisation_add"),
        {"name": "Delta Buyer", "slug": "delta", "country": "AT", "time_zone": "Europe/Vienna"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="delta")
    assert Membership.objects.get(organisation=organisation).role == Role.OWNER
    assert AuditEvent.objects.filter(organisation=organisation, action="core.organisation.created").exists()
