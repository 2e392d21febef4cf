import pytest

from compliance.models import RequestStatus
from core.access import Actor
from core.models import Role
from portal import services
from tests.factories import AiSystemFactory, VendorFactory
from tests.procurement.conftest import set_document


@pytest.fixture(autouse=True)
def generous_rate_limit(settings):
    """Tests share one address (and, with REDIS_URL, one cache across workers): only the rate-limit test limits."""
    settings.PORTAL_RATE_LIMIT = 10_000


@pytest.fixture
def actor_of(members):
    return lambda role: Actor.for_member(members[role])


@pytest.fixture
def compliance_actor(members):
    return Actor.for_member(members[Role.COMPLIANCE])


@pytest.fixture
def vendor(organisation):
    return VendorFactory(organisation=organisation, legal_name="TalentLens GmbH")


@pytest.fixture
def system(vendor):
    return AiSystemFactory(vendor=vendor, name="TalentLens Screen")


@pytest.fixture
def declaration_request(system):
    request = set_document(system, "eu_declaration_of_conformity", RequestStatus.REQUESTED)
    request.due_date = "2030-01-10"
    request.save()
    return request


@pytest.fixture
def other_vendor_request(organisation):
    other = AiSystemFactory(vendor=VendorFactory(organisation=organisation, legal_name="Other AI BV"))
    return set_document(other, "eu_declaration_of_conformity", RequestStatus.REQUESTED)


@pytest.fixture
def sent(django_capture_on_commit_callbacks, compliance_actor, vendor, declaration_request):
    """(link, token) of a link sent to the vendor's contact (mail to the test outbox)."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.portal_link_send(actor=compliance_actor, vendor=vendor, email="dpo@talentlens.example")


@pytest.fixture
def token(sent):
    return sent[1]


@pytest.fixture
def link(sent):
    return sent[0]


@pytest.fixture
def proc_request(system, members):
    from tests.procurement.factories import ProcurementRequestFactory

    return ProcurementRequestFactory(ai_system=system, requested_by=members[Role.REQUESTER])
