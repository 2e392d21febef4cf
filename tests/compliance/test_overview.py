"""The organisation overview on the dashboard: what it counts, in how many queries, and for whom."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance import services
from core.charts import Bar, bar_chart_svg
from core.models import Role
from deadlines.models import Deadline, DeadlineKind
from tests.compliance.conftest import classify
from tests.factories import AiSystemFactory, VendorFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")


def populate(organisation, actor, count: int) -> None:
    """`count` systems: a third high-risk with documents requested, a third minimal risk, a third unclassified."""
    vendor = VendorFactory(organisation=organisation)
    for index in range(count):
        system = AiSystemFactory(vendor=vendor)
        if index % 3 == 0:
            classify(system)
            services.document_requests_create_missing(actor=actor, ai_system=system)
        elif index % 3 == 1:
            classify(system, risk_tier="minimal_risk", documents=[])


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len(queries)


def test_it_counts_tiers_documents_flags_and_unclassified_systems(login, owner, compliance_actor):
    populate(owner.organisation, compliance_actor, 6)
    reclassified = AiSystemFactory(vendor=VendorFactory(organisation=owner.organisation))
    classify(reclassified, risk_tier="high_risk")
    classify(reclassified, risk_tier="limited_risk", documents=[])  # only the newest snapshot counts
    archived = AiSystemFactory(vendor=VendorFactory(organisation=owner.organisation), archived_at=timezone.now())
    classify(archived, risk_tier="prohibited", documents=[])

    response = login(owner).get(DASHBOARD)

    overview = response.context["overview"]
    assert overview.systems == 7
    assert overview.tiers == {"high_risk": 2, "minimal_risk": 2, "limited_risk": 1}
    assert overview.unclassified == 2
    # 2 systems × 6 high-risk documents, plus the vendor's SOC 2 report asked once.
    assert overview.documents == {"requested": 13}
    # Each requested high-risk system: declaration, CE marking and registration missing.
    assert overview.open_flags == {"major": 6}
    page = response.content.decode()
    assert "<svg" in page and "AI systems by risk tier: Prohibited 0, High-risk 2" in page
    assert "2</strong> systems are not yet classified" in page
    assert f"{reverse('compliance:red_flag_list')}?severity=major&amp;state=open" in page
    assert f"{reverse('compliance:document_list')}?status=requested" in page


def test_the_query_count_does_not_grow_with_the_number_of_systems(login, owner, compliance_actor):
    client = login(owner)
    populate(owner.organisation, compliance_actor, 3)
    few = dashboard_queries(client)

    populate(owner.organisation, compliance_actor, 27)

    assert dashboard_queries(client) == few


def test_another_organisations_data_is_never_counted(login, owner, outsider, compliance_actor, other_organisation):
    populate(owner.organisation, compliance_actor, 3)

    response = login(outsider).get(DASHBOARD)

    overview = response.context["overview"]
    assert (overview.systems, overview.tiers, overview.documents, overview.open_flags) == (0, {}, {}, {})
    assert "No AI systems yet" in response.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_every_member_reads_the_overview_without_any_write_control(login, members, compliance_actor, role):
    populate(members[role].organisation, compliance_actor, 3)

    response = login(members[role]).get(DASHBOARD)

    assert response.status_code == 200
    assert response.context["overview"].systems == 3
    panels = "".join(response.context["panels"])
    assert "<form" not in panels  # read-only: counts and links only


def test_my_deadlines_counts_only_my_overdue_and_soon_due_ones(login, members, organisation):
    today = timezone.localdate()
    carol, alice = members[Role.COMPLIANCE], members[Role.OWNER]
    for index, (days, owner) in enumerate([(-3, carol), (5, carol), (29, None), (45, carol), (-1, alice)]):
        Deadline.objects.create(
            organisation=organisation,
            kind=DeadlineKind.DOCUMENT_REQUEST,
            source_type="test.item",
            source_id=str(index),
            title=f"Item {index}",
            due_date=today + dt.timedelta(days=days),
            owner=owner,
        )

    response = login(carol).get(DASHBOARD)

    # Carol's: one overdue, and (with the unowned one a compliance officer answers for) two due within 30 days.
    assert (response.context["overdue"], response.context["due_soon"]) == (1, 2)
    assert f"{reverse('deadlines:deadline_list')}?overdue=true" in response.content.decode()


def test_the_bar_chart_scales_to_the_largest_value_and_escapes_labels():
    svg = bar_chart_svg([Bar("<b>", 4), Bar("half", 2), Bar("none", 0)], title="T")

    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert 'width="202"' in svg and 'width="101"' in svg and 'width="0"' in svg
    assert "<title>T: &lt;b&gt; 4, half 2, none 0</title>" in svg
