import re

import pytest
from django.urls import reverse

from core.models import AuditEvent, Role
from tests.factories import AiSystemFactory, ContactFactory, VendorFactory
from vendors.models import Contact, Vendor, VendorStatus

pytestmark = pytest.mark.django_db

LIST_URL = reverse("vendors:vendor_list")


def names(response) -> list[str]:
    return [vendor.legal_name for vendor in response.context["page_obj"]]


@pytest.fixture
def catalogue(organisation):
    """A small, varied vendor list."""
    return {
        "talentlens": VendorFactory(
            organisation=organisation, legal_name="TalentLens GmbH", trade_name="Lens", vat_number="DE318746251"
        ),
        "helix": VendorFactory(
            organisation=organisation, legal_name="Helix Frontier AI, Inc.", country="US", lei="5493001KJTIIGC8Y1R12"
        ),
        "lumen": VendorFactory(organisation=organisation, legal_name="Lumen Retail Co.", country="CN"),
        "norse": VendorFactory(organisation=organisation, legal_name="Norse Analytics AS", country="NO"),
        "argus": VendorFactory(
            organisation=organisation, legal_name="Argus Vision Ltd", country="GB", status=VendorStatus.ONBOARDING
        ),
        "old": VendorFactory(organisation=organisation, legal_name="Old Vendor SA", status=VendorStatus.ARCHIVED),
    }


def test_it_lists_vendors_by_name_without_archived_ones(login, owner, catalogue):
    response = login(owner).get(LIST_URL)

    assert names(response) == [
        "Argus Vision Ltd",
        "Helix Frontier AI, Inc.",
        "Lumen Retail Co.",
        "Norse Analytics AS",
        "TalentLens GmbH",
    ]
    assert "Showing 1–5 of 5 vendors" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=helix", ["Helix Frontier AI, Inc."]),
        ("q=LENS", ["TalentLens GmbH"]),  # trade name, any case
        ("q=DE3187", ["TalentLens GmbH"]),  # VAT number
        ("q=5493001KJT", ["Helix Frontier AI, Inc."]),  # LEI
        ("country=CN", ["Lumen Retail Co."]),
        ("eu_established=true", ["Norse Analytics AS", "TalentLens GmbH"]),  # Norway is in the EEA
        ("eu_established=false", ["Argus Vision Ltd", "Helix Frontier AI, Inc.", "Lumen Retail Co."]),
        ("status=onboarding", ["Argus Vision Ltd"]),
        ("status=archived", ["Old Vendor SA"]),
        ("q=zzz", []),
    ],
)
def test_it_filters_and_searches(login, owner, catalogue, query, expected):
    assert names(login(owner).get(f"{LIST_URL}?{query}")) == expected


def test_it_sorts_by_number_of_systems_ignoring_archived_systems(login, owner, catalogue):
    AiSystemFactory.create_batch(3, vendor=catalogue["lumen"])
    AiSystemFactory(vendor=catalogue["helix"])
    AiSystemFactory.create_batch(5, vendor=catalogue["argus"], archived_at="2026-01-01T00:00Z")

    response = login(owner).get(f"{LIST_URL}?sort=-systems")

    assert names(response)[:2] == ["Lumen Retail Co.", "Helix Frontier AI, Inc."]
    assert [v.system_count for v in response.context["page_obj"]][:3] == [3, 1, 0]


@pytest.mark.parametrize(
    ("sort", "first"),
    [("-name", "TalentLens GmbH"), ("country", "Lumen Retail Co."), ("-country", "Helix Frontier AI, Inc.")],
)
def test_it_sorts_by_whitelisted_columns(login, owner, catalogue, sort, first):
    assert names(login(owner).get(f"{LIST_URL}?sort={sort}"))[0] == first


def test_an_unknown_sort_key_falls_back_to_the_name(login, owner, catalogue):
    response = login(owner).get(f"{LIST_URL}?sort=notes")

    assert names(response)[0] == "Argus Vision Ltd"
    assert response.context["sort"] == "name"


def test_it_paginates_by_25_and_says_which_rows_are_shown(login, owner, organisation):
    VendorFactory.create_batch(60, organisation=organisation)

    response = login(owner).get(f"{LIST_URL}?page=2")

    assert len(response.context["page_obj"]) == 25
    assert "Showing 26–50 of 60 vendors" in response.content.decode()
    assert "Page 2 of 3" in response.content.decode()


def test_the_empty_list_says_what_to_do_next(login, owner):
    content = login(owner).get(LIST_URL).content.decode()

    assert "No vendors yet" in content
    assert reverse("vendors:vendor_create") in content


def test_an_empty_search_offers_to_clear_the_filters(login, owner, catalogue):
    assert "No vendors match these filters" in login(owner).get(f"{LIST_URL}?q=nothing").content.decode()


def test_read_only_members_see_no_add_button(login, auditor):
    assert reverse("vendors:vendor_create") not in login(auditor).get(LIST_URL).content.decode()


# Create and edit -------------------------------------------------------------------------


def test_it_registers_a_vendor(login, owner, organisation):
    response = login(owner).post(
        reverse("vendors:vendor_create"),
        {"legal_name": "Brightdesk B.V.", "country": "NL", "status": "onboarding", "website": "brightdesk.example"},
    )

    vendor = Vendor.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response.url == reverse("vendors:vendor_detail", kwargs={"pk": vendor.pk})
    assert vendor.website == "https://brightdesk.example"
    assert AuditEvent.objects.filter(action="vendors.vendor.created", object_id=str(vendor.pk)).exists()


def test_it_shows_service_errors_inline_and_saves_nothing(login, owner, vendor):
    response = login(owner).post(
        reverse("vendors:vendor_create"),
        {"legal_name": "talentlens gmbh", "country": "DE", "status": "active", "lei": "5493001KJTIIGC8Y1R13"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["legal_name"] == ["A vendor with this legal name already exists in your organisation."]
    assert "check digits" in form.errors["lei"][0]
    assert 'id="id_legal_name_error"' in response.content.decode()
    assert Vendor.objects.count() == 1


def test_the_form_offers_only_our_vendors_as_parent(login, owner, vendor, outsider):
    theirs = VendorFactory(organisation=outsider.organisation)

    response = login(owner).get(reverse("vendors:vendor_edit", kwargs={"pk": vendor.pk}))

    parents = list(response.context["form"].fields["parent"].queryset)
    assert vendor not in parents  # not itself
    assert theirs not in parents


def test_it_edits_a_vendor(login, owner, vendor):
    url = reverse("vendors:vendor_edit", kwargs={"pk": vendor.pk})
    response = login(owner).post(url, {"legal_name": vendor.legal_name, "country": "AT", "status": "suspended"})

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert (vendor.country, vendor.status) == ("AT", "suspended")
    assert AuditEvent.objects.get(action="vendors.vendor.updated").changes == {
        "country": ["DE", "AT"],
        "status": ["active", "suspended"],
    }


def test_archiving_asks_for_confirmation_then_archives(login, owner, vendor):
    url = reverse("vendors:vendor_archive", kwargs={"pk": vendor.pk})
    client = login(owner)

    assert "Archive vendor" in client.get(url).content.decode()
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.ACTIVE

    assert client.post(url).status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.ARCHIVED


# Detail ----------------------------------------------------------------------------------


def test_the_detail_page_warns_about_a_missing_eu_representative(login, owner, organisation):
    lumen = VendorFactory(organisation=organisation, legal_name="Lumen Retail Co.", country="CN")
    with_rep = VendorFactory(organisation=organisation, country="US", eu_rep_name="Helix Ireland Ltd")
    client = login(owner)

    assert "no EU authorised representative" in client.get(lumen.get_absolute_url()).content.decode()
    assert "no EU authorised representative" not in client.get(with_rep.get_absolute_url()).content.decode()


def test_the_detail_page_shows_contacts_systems_models_and_recent_activity(
    login, owner, owner_actor, vendor, contact, system, gpai_model
):
    from vendors import services

    for number in range(12):
        services.vendor_update(actor=owner_actor, vendor=vendor, data={"notes": f"note {number}"})

    response = login(owner).get(vendor.get_absolute_url())

    content = response.content.decode()
    assert "Miriam Vogt" in content
    assert "TalentLens Screen" in content
    assert "Helix-4" in content
    assert len(response.context["activity"]) == 10
    assert response.context["activity"][0].changes == {"notes": ["note 10", "note 11"]}
    assert 'title="vendors.vendor.updated">Edited the vendor TalentLens GmbH</strong>' in content


def test_it_adds_a_contact_from_the_vendor_page(login, owner, vendor):
    url = reverse("vendors:contact_create", kwargs={"vendor_pk": vendor.pk})
    response = login(owner).post(url, {"new-contact-name": "Jonas Keller", "new-contact-role": "DPO"})

    assert response.status_code == 302
    assert vendor.contacts.get().role == "DPO"


def test_an_invalid_contact_is_shown_again_on_the_vendor_page(login, owner, vendor):
    url = reverse("vendors:contact_create", kwargs={"vendor_pk": vendor.pk})
    response = login(owner).post(url, {"new-contact-name": "Jonas", "new-contact-email": "jonas@"})

    assert response.status_code == 200
    assert "email" in response.context["contact_form"].errors
    assert not Contact.objects.exists()


def test_it_edits_a_contact_inline(login, owner, contact):
    url = reverse("vendors:contact_edit", kwargs={"pk": contact.pk})
    response = login(owner).post(
        url, {f"contact-{contact.pk}-name": "Miriam Vogt", f"contact-{contact.pk}-role": "CSM"}
    )

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.role == "CSM"


def test_an_invalid_contact_edit_reopens_that_contact(login, owner, contact):
    url = reverse("vendors:contact_edit", kwargs={"pk": contact.pk})
    response = login(owner).post(url, {f"contact-{contact.pk}-name": ""})

    assert response.context["open_contact"] == contact.pk
    assert dict(response.context["contacts"])[contact].errors["name"]
    contact.refresh_from_db()
    assert contact.name == "Miriam Vogt"


def test_it_deletes_a_contact(login, owner, contact):
    response = login(owner).post(reverse("vendors:contact_delete", kwargs={"pk": contact.pk}))

    assert response.status_code == 302
    assert not Contact.objects.exists()


def test_a_requester_sees_edit_buttons_only_on_what_they_registered(login, rita, vendor, requester_vendor):
    client = login(rita)

    assert (
        reverse("vendors:vendor_edit", kwargs={"pk": vendor.pk})
        not in client.get(vendor.get_absolute_url()).content.decode()
    )
    own = client.get(requester_vendor.get_absolute_url()).content.decode()
    assert reverse("vendors:vendor_edit", kwargs={"pk": requester_vendor.pk}) in own


def test_contacts_of_a_vendor_are_listed_primary_first(login, members, vendor):
    ContactFactory(vendor=vendor, name="Aaron")
    ContactFactory(vendor=vendor, name="Zoe", is_primary=True)

    response = login(members[Role.AUDITOR]).get(vendor.get_absolute_url())

    assert [c.name for c, _form in response.context["contacts"]] == ["Zoe", "Aaron"]
    assert response.context["contact_form"] is None  # read-only: no forms


def test_a_field_error_is_announced_with_its_field(login, owner):
    """Screen readers read a field's message with the field: aria-describedby points at one element."""
    page = login(owner).post(reverse("vendors:vendor_create"), {"legal_name": "", "country": "XX"}).content.decode()
    for field in ("legal_name", "country"):
        control = re.search(rf'<(input|select)[^>]*name="{field}"[^>]*>', page).group(0)
        assert f"id_{field}_error" in re.search(r'aria-describedby="([^"]*)"', control).group(1)
        assert 'aria-invalid="true"' in control
        assert page.count(f'id="id_{field}_error"') == 1
