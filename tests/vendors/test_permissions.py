"""Who may open which page and call which endpoint: owners may, read-only roles get 403 on writes,
requesters only change what they registered, and another organisation's objects are a 404."""

import pytest
from django.urls import reverse

from core.models import Role

pytestmark = pytest.mark.django_db

LIST_PAGES = ["vendors:vendor_list", "vendors:system_list", "vendors:gpai_model_list"]
DETAIL_PAGES = [
    ("vendors:vendor_detail", "vendor"),
    ("vendors:system_detail", "system"),
    ("vendors:gpai_model_detail", "gpai_model"),
]
REGISTRY_CREATORS = {Role.OWNER, Role.COMPLIANCE, Role.REQUESTER}
REGISTRY_MANAGERS = {Role.OWNER, Role.COMPLIANCE}
CREATE_PAGES = [
    ("vendors:vendor_create", REGISTRY_CREATORS),
    ("vendors:system_create", REGISTRY_CREATORS),
    ("vendors:gpai_model_create", REGISTRY_MANAGERS),
]
# Pages that change one object: (url name, fixture, url kwarg).
EDIT_PAGES = [
    ("vendors:vendor_edit", "vendor", "pk"),
    ("vendors:vendor_archive", "vendor", "pk"),
    ("vendors:system_edit", "system", "pk"),
    ("vendors:system_archive", "system", "pk"),
    ("vendors:gpai_model_edit", "gpai_model", "pk"),
]
POST_ACTIONS = [
    ("vendors:vendor_archive", "vendor", "pk", {}),
    ("vendors:system_archive", "system", "pk", {}),
    ("vendors:contact_create", "vendor", "vendor_pk", {"new-contact-name": "Jo"}),
    ("vendors:contact_delete", "contact", "pk", {}),
]


def url_for(request, name, fixture=None, kwarg="pk"):
    if fixture is None:
        return reverse(name)
    return reverse(name, kwargs={kwarg: request.getfixturevalue(fixture).pk})


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_every_member_sees_the_lists(login, members, role, name, system, gpai_model):
    response = login(members[role]).get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("name", LIST_PAGES)
def test_an_outsider_does_not_see_our_objects_in_lists(login, outsider, name, system, gpai_model):
    response = login(outsider).get(reverse(name))

    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []


@pytest.mark.parametrize(("name", "fixture"), DETAIL_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_every_member_opens_detail_pages(request, login, members, role, name, fixture):
    assert login(members[role]).get(url_for(request, name, fixture)).status_code == 200


@pytest.mark.parametrize(("name", "fixture"), DETAIL_PAGES)
def test_an_outsider_gets_404_on_our_detail_pages(request, login, outsider, name, fixture):
    assert login(outsider).get(url_for(request, name, fixture)).status_code == 404


@pytest.mark.parametrize(("name", "allowed"), CREATE_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_create_pages_are_for_those_who_may_create(login, members, role, name, allowed):
    response = login(members[role]).get(reverse(name))

    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize(("name", "fixture", "kwarg"), EDIT_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OWNER, 200),
        (Role.COMPLIANCE, 200),
        (Role.REQUESTER, 403),  # not theirs
        (Role.LEGAL, 403),
        (Role.APPROVER, 403),
        (Role.AUDITOR, 403),
    ],
)
def test_edit_pages_follow_the_roles(request, login, members, role, status, name, fixture, kwarg):
    assert login(members[role]).get(url_for(request, name, fixture, kwarg)).status_code == status


@pytest.mark.parametrize(("name", "fixture", "kwarg"), EDIT_PAGES)
def test_an_outsider_gets_404_on_our_edit_pages(request, login, outsider, name, fixture, kwarg):
    assert login(outsider).get(url_for(request, name, fixture, kwarg)).status_code == 404


@pytest.mark.parametrize(
    ("name", "fixture"),
    [
        ("vendors:vendor_edit", "requester_vendor"),
        ("vendors:vendor_archive", "requester_vendor"),
        ("vendors:system_edit", "requester_system"),
        ("vendors:system_archive", "requester_system"),
    ],
)
def test_a_requester_opens_the_edit_pages_of_what_they_registered(request, login, rita, name, fixture):
    assert login(rita).get(url_for(request, name, fixture)).status_code == 200


@pytest.mark.parametrize(("name", "fixture", "kwarg", "data"), POST_ACTIONS)
@pytest.mark.parametrize(("role", "status"), [(Role.OWNER, 302), (Role.REQUESTER, 403), (Role.AUDITOR, 403)])
def test_posted_actions_follow_the_roles(request, login, members, role, status, name, fixture, kwarg, data):
    response = login(members[role]).post(url_for(request, name, fixture, kwarg), data)

    assert response.status_code == status


@pytest.mark.parametrize(("name", "fixture", "kwarg", "data"), POST_ACTIONS)
def test_an_outsider_gets_404_on_our_posted_actions(request, login, outsider, name, fixture, kwarg, data):
    assert login(outsider).post(url_for(request, name, fixture, kwarg), data).status_code == 404


@pytest.mark.parametrize(("role", "status"), [(Role.OWNER, 302), (Role.AUDITOR, 403)])
def test_contact_edit_follows_the_roles(login, members, contact, role, status):
    url = reverse("vendors:contact_edit", kwargs={"pk": contact.pk})
    response = login(members[role]).post(url, {f"contact-{contact.pk}-name": "Renamed"})

    assert response.status_code == status


def test_an_outsider_gets_404_on_contact_edit(login, outsider, contact):
    url = reverse("vendors:contact_edit", kwargs={"pk": contact.pk})

    assert login(outsider).post(url, {f"contact-{contact.pk}-name": "Renamed"}).status_code == 404
    contact.refresh_from_db()
    assert contact.name == "Miriam Vogt"


def test_anonymous_visitors_are_sent_to_the_login_page(client, vendor):
    response = client.get(reverse("vendors:vendor_detail", kwargs={"pk": vendor.pk}))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# API -----------------------------------------------------------------------------------

ENDPOINTS = [
    ("/api/v1/vendors/", "vendor", {"legal_name": "New Vendor SA", "country": "FR"}),
    ("/api/v1/contacts/", "contact", {"name": "Jo", "vendor": "<vendor>"}),
    ("/api/v1/ai-systems/", "system", {"name": "Bot", "intended_purpose": "Chats", "vendor": "<vendor>"}),
    ("/api/v1/gpai-models/", "gpai_model", {"name": "Model X", "vendor": "<vendor>"}),
]
DELETABLE = [(url, fixture) for url, fixture, _ in ENDPOINTS if fixture != "gpai_model"]


def payload(request, data):
    vendor = request.getfixturevalue("vendor")
    return {key: vendor.pk if value == "<vendor>" else value for key, value in data.items()}


@pytest.mark.parametrize(("url", "fixture", "data"), ENDPOINTS)
@pytest.mark.parametrize("role", list(Role))
def test_every_member_reads_the_api(request, api_client_for, members, role, url, fixture, data):
    obj = request.getfixturevalue(fixture)
    client = api_client_for(members[role])

    assert [row["id"] for row in client.get(url).json()["results"]] == [obj.pk]
    assert client.get(f"{url}{obj.pk}/").status_code == 200


@pytest.mark.parametrize(("url", "fixture", "data"), ENDPOINTS)
def test_an_outsider_neither_lists_nor_retrieves_our_objects(request, api_client_for, outsider, url, fixture, data):
    obj = request.getfixturevalue(fixture)
    client = api_client_for(outsider)

    assert client.get(url).json()["results"] == []
    assert client.get(f"{url}{obj.pk}/").status_code == 404
    assert client.patch(f"{url}{obj.pk}/", {"name": "x"}, format="json").status_code == 404


@pytest.mark.parametrize(("url", "fixture", "data"), ENDPOINTS)
@pytest.mark.parametrize(("role", "status"), [(Role.OWNER, 201), (Role.AUDITOR, 403), (Role.LEGAL, 403)])
def test_api_creates_follow_the_roles(request, api_client_for, members, role, status, url, fixture, data):
    response = api_client_for(members[role]).post(url, payload(request, data), format="json")

    assert response.status_code == status


@pytest.mark.parametrize(("url", "fixture", "data"), ENDPOINTS)
@pytest.mark.parametrize(("role", "status"), [(Role.OWNER, 200), (Role.REQUESTER, 403), (Role.AUDITOR, 403)])
def test_api_updates_follow_the_roles(request, api_client_for, members, role, status, url, fixture, data):
    obj = request.getfixturevalue(fixture)
    field = "legal_name" if fixture == "vendor" else "name"
    response = api_client_for(members[role]).patch(f"{url}{obj.pk}/", {field: "Renamed"}, format="json")

    assert response.status_code == status


@pytest.mark.parametrize(("url", "fixture"), DELETABLE)
@pytest.mark.parametrize(("role", "status"), [(Role.OWNER, 204), (Role.REQUESTER, 403), (Role.AUDITOR, 403)])
def test_api_deletes_follow_the_roles(request, api_client_for, members, role, status, url, fixture):
    obj = request.getfixturevalue(fixture)

    assert api_client_for(members[role]).delete(f"{url}{obj.pk}/").status_code == status


@pytest.mark.parametrize(("url", "fixture"), DELETABLE)
def test_an_outsider_gets_404_on_api_deletes(request, api_client_for, outsider, url, fixture):
    obj = request.getfixturevalue(fixture)

    assert api_client_for(outsider).delete(f"{url}{obj.pk}/").status_code == 404


def test_gpai_models_cannot_be_deleted(api_client_for, owner, gpai_model):
    assert api_client_for(owner).delete(f"/api/v1/gpai-models/{gpai_model.pk}/").status_code == 405


def test_a_requester_changes_their_own_objects_through_the_api(api_client_for, rita, requester_system):
    client = api_client_for(rita)

    assert (
        client.patch(f"/api/v1/ai-systems/{requester_system.pk}/", {"version": "2"}, format="json").status_code == 200
    )
    assert client.delete(f"/api/v1/ai-systems/{requester_system.pk}/").status_code == 204
