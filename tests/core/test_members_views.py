"""The members page: owners list, add, re-role and remove members; everyone else is refused."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.models import AuditEvent, Invitation, Membership, Role
from tests.conftest import PASSWORD, make_user


def login_as(client, user):
    client.force_login(user)
    return client


User = get_user_model()
NOT_OWNERS = [Role.COMPLIANCE, Role.LEGAL, Role.REQUESTER, Role.APPROVER, Role.AUDITOR]


def invite_data(**overrides):
    return {
        "username": "nina",
        "email": "nina@example.test",
        "first_name": "Nina",
        "last_name": "New",
        "role": Role.LEGAL,
        "password": "a-long-and-unusual-passphrase",
    } | overrides


def test_it_lists_members_with_their_roles(login, owner, members):
    response = login(owner).get(reverse("members"))
    assert response.status_code == 200
    page = response.content.decode()
    for username in ("alice", "carol", "larry", "rita", "aaron", "audrey"):
        assert username in page
    assert '<option value="auditor" selected>' in page
    assert "6 members of Acme Buyer GmbH" in page


def test_it_keeps_the_query_count_flat(login, owner, organisation, django_assert_max_num_queries):
    client = login(owner)
    client.get(reverse("members"))
    for index in range(20):
        Membership.objects.create(user=make_user(f"extra{index}"), organisation=organisation, role=Role.REQUESTER)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("members")).status_code == 200


def test_it_invites_a_new_member(login, owner, organisation):
    response = login(owner).post(reverse("member_invite"), invite_data(), follow=True)
    assert response.redirect_chain == [(reverse("members"), 302)]
    page = response.content.decode()
    assert "Invitation for nina (Legal) recorded." in page
    assert "Open invitations" in page and "nina@example.test" in page
    assert not Membership.objects.filter(organisation=organisation, user__username="nina").exists()


def test_it_answers_alike_for_an_existing_account_and_an_unknown_one(login, owner, outsider):
    client = login(owner)
    existing = client.post(reverse("member_invite"), invite_data(username="oscar", email="", password=""), follow=True)
    unknown = client.post(reverse("member_invite"), invite_data(username="nobody", email="", password=""), follow=True)
    assert "Invitation for oscar (Legal) recorded." in existing.content.decode()
    assert "Invitation for nobody (Legal) recorded." in unknown.content.decode()
    assert existing.status_code == unknown.status_code == 200


def test_it_shows_a_duplicate_member_inline_and_writes_nothing(login, owner, organisation, members):
    response = login(owner).post(reverse("member_invite"), invite_data(username="carol", email="", password=""))
    assert response.status_code == 200
    assert "“carol” is already a member or invited." in response.content.decode()
    assert 'id="id_username_error"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_owner_withdraws_an_invitation(login, owner, organisation):
    client = login(owner)
    client.post(reverse("member_invite"), invite_data())
    invitation = Invitation.objects.get()
    response = client.post(reverse("invitation_withdraw", args=[invitation.pk]), follow=True)
    assert "The invitation for nina was withdrawn." in response.content.decode()
    assert not Invitation.objects.open().exists()


def test_an_outsider_cannot_withdraw_our_invitation(login, owner, outsider):
    login(owner).post(reverse("member_invite"), invite_data())
    invitation = Invitation.objects.get()
    assert login(outsider).post(reverse("invitation_withdraw", args=[invitation.pk])).status_code == 404
    assert Invitation.objects.open().exists()


def test_the_invited_account_sees_the_invitation_at_login_and_joins_on_accepting(client, owner, outsider):
    login_as(client, owner.user).post(reverse("member_invite"), invite_data(username="oscar", email="", password=""))
    client.logout()
    response = client.post(reverse("login"), {"username": "oscar", "password": PASSWORD})
    assert response["Location"] == reverse("invitations")
    page = client.get(reverse("invitations")).content.decode()
    assert "Accept and join Acme Buyer GmbH" in page
    invitation = Invitation.objects.get()
    response = client.post(reverse("invitation_answer", args=[invitation.pk]), {"answer": "accept"}, follow=True)
    assert "You joined Acme Buyer GmbH as legal." in response.content.decode()
    assert Membership.objects.get(user=outsider.user, organisation=owner.organisation).role == Role.LEGAL


def test_someone_else_cannot_accept_the_invitation(login, owner, members, outsider):
    login(owner).post(reverse("member_invite"), invite_data(username="oscar", email="", password=""))
    invitation = Invitation.objects.get()
    response = login(members[Role.AUDITOR]).post(
        reverse("invitation_answer", args=[invitation.pk]), {"answer": "accept"}, follow=True
    )
    assert "no longer open" in response.content.decode()
    assert Invitation.objects.open().exists()


def test_a_member_leaves_the_organisation(login, members):
    rita = members[Role.REQUESTER]
    client = login(rita)
    assert "Leave Acme Buyer GmbH?" in client.get(reverse("member_leave")).content.decode()
    response = client.post(reverse("member_leave"), follow=True)
    assert "You left Acme Buyer GmbH." in response.content.decode()
    assert not Membership.objects.filter(pk=rita.pk).exists()


def test_the_last_owner_is_told_why_they_cannot_leave(login, owner):
    response = login(owner).post(reverse("member_leave"), follow=True)
    assert "is the last owner" in response.content.decode()
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_it_shows_a_malformed_email_inline(login, owner):
    response = login(owner).post(reverse("member_invite"), invite_data(email="nope"))
    assert "Enter a valid email address." in response.content.decode()
    assert not User.objects.filter(username="nina").exists()


def test_it_changes_a_role(login, owner, members):
    carol = members[Role.COMPLIANCE]
    response = login(owner).post(reverse("member_change_role", args=[carol.pk]), {"role": Role.AUDITOR})
    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.role == Role.AUDITOR


def test_it_explains_why_the_last_owner_keeps_the_role(login, owner):
    response = login(owner).post(reverse("member_change_role", args=[owner.pk]), {"role": Role.LEGAL}, follow=True)
    assert "is the last owner of this organisation" in response.content.decode()
    owner.refresh_from_db()
    assert owner.role == Role.OWNER


def test_it_refuses_an_unknown_role(login, owner, members):
    response = login(owner).post(
        reverse("member_change_role", args=[members[Role.LEGAL].pk]), {"role": "boss"}, follow=True
    )
    assert "Choose one of the roles." in response.content.decode()
    assert not AuditEvent.objects.filter(action="core.membership.role_changed").exists()


def test_it_asks_before_removing_a_member(login, owner, members):
    rita = members[Role.REQUESTER]
    response = login(owner).get(reverse("member_remove", args=[rita.pk]))
    assert response.status_code == 200
    assert "Remove rita" in response.content.decode()
    assert Membership.objects.filter(pk=rita.pk).exists()


def test_it_removes_a_member(login, owner, members):
    rita = members[Role.REQUESTER]
    response = login(owner).post(reverse("member_remove", args=[rita.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=rita.pk).exists()
    assert AuditEvent.objects.filter(action="core.membership.removed", object_id=str(rita.pk)).exists()


def test_it_keeps_the_last_owner(login, owner):
    response = login(owner).post(reverse("member_remove", args=[owner.pk]), follow=True)
    assert "is the last owner" in response.content.decode()
    assert Membership.objects.filter(pk=owner.pk).exists()


@pytest.mark.parametrize("role", NOT_OWNERS)
def test_it_refuses_every_other_role(login, members, role):
    client = login(members[role])
    target = members[Role.AUDITOR].pk
    assert client.get(reverse("members")).status_code == 403
    assert client.post(reverse("member_invite"), invite_data()).status_code == 403
    assert client.post(reverse("member_change_role", args=[target]), {"role": Role.OWNER}).status_code == 403
    assert client.get(reverse("member_remove", args=[target])).status_code == 403
    assert client.post(reverse("member_remove", args=[target])).status_code == 403
    assert not User.objects.filter(username="nina").exists()
    assert Membership.objects.get(pk=target).role == Role.AUDITOR


def test_it_hides_our_members_from_an_outsider(login, outsider, members):
    client = login(outsider)
    target = members[Role.AUDITOR].pk
    assert "audrey" not in client.get(reverse("members")).content.decode()
    assert client.post(reverse("member_change_role", args=[target]), {"role": Role.OWNER}).status_code == 404
    assert client.get(reverse("member_remove", args=[target])).status_code == 404
    assert client.post(reverse("member_remove", args=[target])).status_code == 404
    assert Membership.objects.get(pk=target).role == Role.AUDITOR


def test_it_sends_anonymous_visitors_to_log_in(client, organisation):
    response = client.get(reverse("members"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
