"""The API tokens page: every member creates and revokes their own; owners revoke anyone's."""

import pytest
from django.urls import reverse

from core.access import Actor
from core.models import ApiToken, Role
from core.services import api_token_create
from core.tokens import hash_token


@pytest.fixture
def larrys_token(members):
    token, _ = api_token_create(actor=Actor.for_member(members[Role.LEGAL]), name="contracts sync")
    return token


@pytest.mark.parametrize("role", list(Role))
def test_it_lets_every_member_create_a_token_and_see_it_once(login, members, role):
    client = login(members[role])
    assert client.get(reverse("api_tokens")).status_code == 200
    response = client.post(reverse("api_token_create"), {"name": "laptop"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw_value = response.context["raw_value"]
    assert raw_value in response.content.decode()
    token = ApiToken.objects.get(membership=members[role])
    assert token.token_hash == hash_token(raw_value)
    listing = client.get(reverse("api_tokens")).content.decode()
    assert "laptop" in listing and token.prefix in listing
    assert raw_value not in listing


def test_it_shows_a_missing_name_inline_and_writes_nothing(login, owner):
    response = login(owner).post(reverse("api_token_create"), {"name": ""})
    assert response.status_code == 200
    assert 'id="id_name_error"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_revokes_ones_own_token(login, members, larrys_token):
    response = login(members[Role.LEGAL]).post(reverse("api_token_revoke", args=[larrys_token.pk]), follow=True)
    assert "was revoked" in response.content.decode()
    larrys_token.refresh_from_db()
    assert larrys_token.revoked_at is not None


def test_it_shows_owners_the_other_members_tokens(login, owner, larrys_token):
    page = login(owner).get(reverse("api_tokens")).content.decode()
    assert "Other members&#x27; active tokens" in page or "Other members' active tokens" in page
    assert "contracts sync" in page and "larry" in page


def test_it_lets_an_owner_revoke_anothers_token(login, owner, larrys_token):
    assert login(owner).post(reverse("api_token_revoke", args=[larrys_token.pk])).status_code == 302
    larrys_token.refresh_from_db()
    assert larrys_token.revoked_at is not None


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.COMPLIANCE, Role.REQUESTER])
def test_it_refuses_revoking_someone_elses_token(login, members, larrys_token, role):
    client = login(members[role])
    assert "contracts sync" not in client.get(reverse("api_tokens")).content.decode()
    assert client.post(reverse("api_token_revoke", args=[larrys_token.pk])).status_code == 403
    larrys_token.refresh_from_db()
    assert larrys_token.is_active


def test_it_hides_our_tokens_from_an_outsider(login, outsider, larrys_token):
    client = login(outsider)
    assert "contracts sync" not in client.get(reverse("api_tokens")).content.decode()
    assert client.post(reverse("api_token_revoke", args=[larrys_token.pk])).status_code == 404
    larrys_token.refresh_from_db()
    assert larrys_token.is_active


def test_it_only_revokes_by_post(login, members, larrys_token):
    assert login(members[Role.LEGAL]).get(reverse("api_token_revoke", args=[larrys_token.pk])).status_code == 405
