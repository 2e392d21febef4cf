"""Pages: who may read and write, other organisations 404, bad input shown on the form, htmx sections."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Role
from duties import services
from duties.models import Duty, DutyStatus, Fria, Training
from tests.duties.conftest import CREDIT_SCORING, classify, days_ago, pdf_file

pytestmark = pytest.mark.django_db

WRITERS = [Role.OWNER, Role.COMPLIANCE]
READERS = [Role.LEGAL, Role.REQUESTER, Role.APPROVER, Role.AUDITOR]


@pytest.fixture
def duties(system, owner_actor):
    classify(system, owner_actor, {**CREDIT_SCORING, "org.is_employer_using_at_workplace": True})
    return {duty.code: duty for duty in Duty.objects.filter(ai_system=system)}


@pytest.fixture
def fria(system, duties, owner_actor):
    return services.fria_start(actor=owner_actor, ai_system=system)


def read_urls(system, duties, fria):
    return [
        reverse("duties:my_duties"),
        reverse("duties:duty_detail", args=[duties["human_oversight"].pk]),
        reverse("duties:duty_detail", args=[duties["monitoring_and_logs"].pk]),
        reverse("duties:fria_detail", args=[fria.pk]),
        reverse("duties:fria_pdf", args=[fria.pk]),
        reverse("duties:literacy"),
        reverse("vendors:system_detail", args=[system.pk]),
        reverse("dashboard"),
    ]


@pytest.mark.parametrize("role", WRITERS + READERS)
def test_every_role_reads(role, members, login, system, duties, fria):
    client = login(members[role])
    for url in read_urls(system, duties, fria):
        assert client.get(url).status_code == 200, url


def test_system_page_shows_the_duties_panel_and_pre_use_duties(members, login, system, duties):
    page = login(members[Role.AUDITOR]).get(reverse("vendors:system_detail", args=[system.pk])).content.decode()
    assert 'id="duties"' in page and "Before first use" in page
    assert "Inform workers" in page and "Assess the impact on fundamental rights" in page


def write_requests(system, duties, fria, members):
    oversight, workers = duties["human_oversight"], duties["workers_informed"]
    owner = members[Role.OWNER]
    return [
        (reverse("duties:duty_update", args=[workers.pk]), {"status": "in_progress", "owner": owner.pk}),
        (
            reverse("duties:duty_record", args=[duties["persons_informed"].pk]),
            {"record-notice_text": "We use AI to score.", "record-explanation_channel": "explain@example.test"},
        ),
        (
            reverse("duties:oversight_add", args=[oversight.pk]),
            {"member": owner.pk, "competence": "Credit risk officer", "can_stop": "on"},
        ),
        (reverse("duties:fria_section", args=[fria.pk, "processes"]), {"text": "Loan decisions"}),
        (reverse("duties:training_add"), {"member": owner.pk, "title": "AI Act basics", "taken_on": "2026-03-01"}),
        (reverse("duties:system_user_add", args=[system.pk]), {"member": owner.pk}),
    ]


@pytest.mark.parametrize("role", WRITERS)
def test_owner_and_compliance_write(role, members, login, system, duties, fria):
    client = login(members[role])
    for url, data in write_requests(system, duties, fria, members):
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    assert Training.objects.filter(title="AI Act basics").exists()
    assert Duty.objects.get(pk=duties["persons_informed"].pk).status == DutyStatus.DONE
    assert Duty.objects.get(pk=duties["human_oversight"].pk).status == DutyStatus.DONE


@pytest.mark.parametrize("role", READERS)
def test_read_only_roles_are_refused(role, members, login, system, duties, fria):
    client = login(members[role])
    for url, data in write_requests(system, duties, fria, members):
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("duties:fria_start", args=[system.pk])).status_code == 403
    assert not Training.objects.exists()


def test_other_organisations_get_404(outsider, login, system, duties, fria, members):
    client = login(outsider)
    for url in read_urls(system, duties, fria)[1:5]:
        assert client.get(url).status_code == 404, url
    for url, data in write_requests(system, duties, fria, members):
        if "literacy/trainings" in url:
            continue  # not about an object: the outsider records in their own organisation
        assert client.post(url, data).status_code == 404, url


def test_foreign_member_in_a_form_is_refused(outsider, members, login, duties):
    client = login(members[Role.OWNER])
    response = client.post(
        reverse("duties:oversight_add", args=[duties["human_oversight"].pk]),
        {"member": outsider.pk, "competence": "x", "can_stop": "on"},
    )
    assert response.status_code == 400 and not duties["human_oversight"].oversight_people.exists()


def test_logs_below_six_months_need_the_other_law(members, login, duties):
    client = login(members[Role.COMPLIANCE])
    url = reverse("duties:duty_record", args=[duties["monitoring_and_logs"].pk])
    data = {
        "record-retention_months": "3",
        "record-location": "SIEM",
        "record-reviewer": members[Role.COMPLIANCE].pk,
        "record-review_frequency": "weekly",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "at least six months" in response.content.decode()
    assert 'aria-describedby="id_record-retention_months_error"' in response.content.decode() or "has-error" in (
        response.content.decode()
    )
    assert client.post(url, {**data, "record-other_law": "§ 12 national banking act"}).status_code == 302


def test_workers_notice_needs_its_file_and_a_past_date(members, login, duties, private_storage):
    client = login(members[Role.OWNER])
    url = reverse("duties:duty_record", args=[duties["workers_informed"].pk])
    data = {"record-informed_on": days_ago(2).isoformat(), "record-how": "Works council"}
    assert client.post(url, data).status_code == 400
    future = {**data, "record-informed_on": "2999-01-01", "file": pdf_file()}
    assert client.post(url, future).status_code == 400
    assert not [p for p in private_storage.rglob("*") if p.is_file()]
    renamed_executable = SimpleUploadedFile("notice.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf")
    assert client.post(url, {**data, "file": renamed_executable}).status_code == 400
    assert not [p for p in private_storage.rglob("*") if p.is_file()]
    assert client.post(url, {**data, "file": pdf_file()}).status_code == 302
    duty = Duty.objects.get(pk=duties["workers_informed"].pk)
    assert duty.status == DutyStatus.DONE and duty.evidence_name == "notice.pdf"
    download = client.get(reverse("duties:evidence_download", args=["duty", duty.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_fria_section_with_htmx_returns_the_next_section(members, login, fria):
    client = login(members[Role.OWNER])
    response = client.post(
        reverse("duties:fria_section", args=[fria.pk, "processes"]), {"text": "Loan decisions"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.strip().startswith('<div id="fria-section">')
    assert "(b) Period and frequency of use" in body and 'aria-current="step"' in body
    assert Fria.objects.get(pk=fria.pk).processes == "Loan decisions"


def test_unknown_fria_element_is_404(members, login, fria):
    client = login(members[Role.OWNER])
    assert client.post(reverse("duties:fria_section", args=[fria.pk, "nope"]), {"text": "x"}).status_code == 404


def test_my_duties_lists_what_i_own(members, login, system, duties, owner_actor):
    services.duty_update(actor=owner_actor, duty=duties["dpia"], data={"owner": members[Role.LEGAL]})
    page = login(members[Role.LEGAL]).get(reverse("duties:my_duties")).content.decode()
    assert "Carry out our data protection impact assessment" in page
    assert "Monitor operation" not in page


def test_removing_trainings_users_and_oversight(members, login, outsider, system, duties, owner_actor):
    owner = members[Role.OWNER]
    training = services.training_create(
        actor=owner_actor, data={"member": owner, "title": "AI basics", "taken_on": days_ago(1)}
    )
    user = services.system_user_add(actor=owner_actor, ai_system=system, member=owner)
    assignment = services.oversight_assign(
        actor=owner_actor, duty=duties["human_oversight"], data={"member": owner, "competence": "x", "can_stop": True}
    )
    urls = [
        reverse("duties:training_delete", args=[training.pk]),
        reverse("duties:system_user_remove", args=[user.pk]),
        reverse("duties:oversight_remove", args=[assignment.pk]),
    ]
    for url in urls:
        assert login(members[Role.AUDITOR]).post(url).status_code == 403
        assert login(outsider).post(url).status_code == 404
        assert login(members[Role.COMPLIANCE]).post(url).status_code == 302
    assert not Training.objects.exists() and not system.system_users.exists()
    assert Duty.objects.get(pk=duties["human_oversight"].pk).status == DutyStatus.IN_PROGRESS
