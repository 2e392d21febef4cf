"""Each red flag is raised by its condition and resolved by itself when the condition clears."""

import datetime as dt

import pytest
from freezegun import freeze_time

from compliance import services
from compliance.models import FlagState, RedFlag, Severity
from compliance.red_flags import RULES
from compliance.tasks import reevaluate_red_flags
from core.models import AuditEvent
from tests.compliance.conftest import DECLARATION_FACTS, classify, request_for, upload
from tests.factories import GpaiModelFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


class Desk:
    """The compliance officer's moves on one system, in words the scenarios read."""

    def __init__(self, actor, system):
        self.actor, self.system = actor, system

    def classify(self, **result):
        classify(self.system, **result)
        services.red_flags_reevaluate_system(self.system)

    def request_all(self):
        services.document_requests_create_missing(actor=self.actor, ai_system=self.system)

    def receive(self, code, **facts):
        self.request_all()
        document = upload(self.actor, request_for(self.system, code))
        if facts:
            self.facts(code, **facts)
        return document

    def facts(self, code, **facts):
        document = request_for(self.system, code).documents.get(superseded_by__isnull=True)
        services.document_facts_record(actor=self.actor, document=document, data=facts)

    def declaration(self, **changes):
        self.receive("eu_declaration_of_conformity", **{**DECLARATION_FACTS, **changes})

    def refuse(self, code):
        self.request_all()
        services.document_request_refuse(actor=self.actor, request=request_for(self.system, code), note="No.")

    def nightly_run(self):
        reevaluate_red_flags(self.system.organisation_id)


def certificate(desk, **dates):
    desk.receive("notified_body_certificate", notified_body_number="9901", **dates)


NOTIFIED_BODY_ROUTE = {"conformity_route": "annex_vii_notified_body", "annex_iii_points": ["1a"]}

# code: (arrange the condition, clear it). The system is classified high-risk (Annex III 4a) first.
SCENARIOS = {
    "declaration_refused": (
        lambda d: d.refuse("eu_declaration_of_conformity"),
        lambda d: d.receive("eu_declaration_of_conformity"),
    ),
    "declaration_missing": (lambda d: None, lambda d: d.receive("eu_declaration_of_conformity")),
    "declaration_unsigned": (
        lambda d: d.declaration(signatory_name=""),
        lambda d: d.facts("eu_declaration_of_conformity", signatory_name="Dr. Eva Klein"),
    ),
    "declaration_without_gdpr_statement": (
        lambda d: (
            setattr(d.system, "processes_personal_data", True),
            d.system.save(),
            d.declaration(gdpr_statement=None),
        ),
        lambda d: d.facts("eu_declaration_of_conformity", gdpr_statement=True),
    ),
    "ce_marking_missing": (
        lambda d: d.receive("ce_marking_evidence", ce_marking="none"),
        lambda d: d.facts("ce_marking_evidence", ce_marking="digital"),
    ),
    "ce_without_declaration": (
        lambda d: d.receive("ce_marking_evidence", ce_marking="physical"),
        lambda d: d.receive("eu_declaration_of_conformity"),
    ),
    "compliance_in_progress_without_date": (
        lambda d: d.declaration(compliance_claim="Conformity assessment in progress."),
        lambda d: d.facts("eu_declaration_of_conformity", compliance_claim="In progress, completed by 30 June 2027."),
    ),
    "self_assessment_where_notified_body_required": (
        lambda d: (d.classify(**NOTIFIED_BODY_ROUTE), d.declaration(notified_body_number="9901")),
        lambda d: d.facts("eu_declaration_of_conformity", assessment_procedure="annex_vii"),
    ),
    "notified_body_number_missing": (
        lambda d: (d.classify(**NOTIFIED_BODY_ROUTE), d.declaration(assessment_procedure="annex_vii")),
        lambda d: d.facts("eu_declaration_of_conformity", notified_body_number="NB 9901"),
    ),
    "notified_body_number_malformed": (
        lambda d: d.declaration(notified_body_number="12AB"),
        lambda d: d.facts("eu_declaration_of_conformity", notified_body_number="9901"),
    ),
    "notified_body_not_in_registry": (
        lambda d: d.declaration(notified_body_number="9999"),
        lambda d: (
            services.notified_bodies_upsert(
                [{"number": "9999", "name": "New body", "country": "DE", "ai_act": True, "status": "active"}]
            ),
            d.nightly_run(),
        ),
    ),
    "notified_body_not_ai_act": (
        lambda d: d.declaration(notified_body_number="9903"),
        lambda d: (
            services.notified_bodies_upsert(
                [{"number": "9903", "name": "Demo BV", "country": "NL", "ai_act": True, "status": "active"}]
            ),
            d.nightly_run(),
        ),
    ),
    "partial_standards_without_notified_body": (
        lambda d: (
            d.classify(annex_iii_points=["1a"], conformity_route="annex_vii_notified_body"),
            d.declaration(standards_coverage="partial", assessment_procedure="annex_vii", notified_body_number=""),
        ),
        lambda d: d.facts("eu_declaration_of_conformity", notified_body_number="9901"),
    ),
    "certificate_expired": (
        lambda d: certificate(d, valid_from=dt.date(2023, 1, 1), valid_until=TODAY - dt.timedelta(days=1)),
        lambda d: d.receive("notified_body_certificate", valid_from=TODAY, valid_until=dt.date(2029, 1, 1)),
    ),
    "certificate_expiring": (
        lambda d: certificate(d, valid_from=dt.date(2023, 1, 1), valid_until=TODAY + dt.timedelta(days=90)),
        lambda d: d.facts("notified_body_certificate", valid_until=TODAY + dt.timedelta(days=91)),
    ),
    "certificate_term_too_long": (
        lambda d: certificate(d, valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2030, 1, 2)),
        lambda d: d.facts("notified_body_certificate", valid_until=dt.date(2030, 1, 1)),
    ),
    "non_eu_vendor_without_representative": (
        lambda d: (_set(d.system.vendor, country="US"), d.nightly_run()),
        lambda d: (_set(d.system.vendor, eu_rep_name="EU Rep BV"), d.nightly_run()),
    ),
    "gpai_not_code_of_practice_signatory": (
        lambda d: (
            _set(d.system, gpai_model=GpaiModelFactory(vendor=d.system.vendor, code_of_practice_signatory="no")),
            d.nightly_run(),
        ),
        lambda d: (_set(d.system.gpai_model, code_of_practice_signatory="yes"), d.nightly_run()),
    ),
    "registration_missing": (
        lambda d: d.receive("eu_database_registration", registration_id=""),
        lambda d: d.facts("eu_database_registration", registration_id="EU-AI-000123"),
    ),
    "document_overdue": (
        lambda d: (d.request_all(), _later(d, days=30)),
        lambda d: (_set(d.system, processes_personal_data=False), _receive_everything(d)),
    ),
}


def _set(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()


def _later(desk, days):
    desk.clock.tick(dt.timedelta(days=days))
    desk.nightly_run()


def _receive_everything(desk):
    from compliance.models import DocumentRequest, RequestStatus

    for request in DocumentRequest.objects.filter(status=RequestStatus.REQUESTED):
        upload(desk.actor, request)


def live_codes(system) -> set[str]:
    return set(
        RedFlag.objects.filter(ai_system=system).exclude(state=FlagState.RESOLVED).values_list("code", flat=True)
    )


@pytest.fixture
def desk(compliance_actor, system):
    services.notified_bodies_upsert(
        [
            {"number": "9901", "name": "Example GmbH", "country": "DE", "ai_act": True, "status": "active"},
            {"number": "9903", "name": "Demo BV", "country": "NL", "ai_act": False, "status": "active"},
        ]
    )
    with freeze_time(TODAY.isoformat() + " 09:00") as clock:
        desk = Desk(compliance_actor, system)
        desk.clock = clock
        desk.classify()
        yield desk


def test_every_rule_has_a_scenario():
    assert set(SCENARIOS) == {rule.code for rule in RULES}


@pytest.mark.parametrize("code", SCENARIOS)
def test_the_flag_is_raised_by_its_condition(desk, code):
    arrange, _ = SCENARIOS[code]
    arrange(desk)

    assert code in live_codes(desk.system)


@pytest.mark.parametrize("code", SCENARIOS)
def test_the_flag_resolves_by_itself_when_the_condition_clears(desk, code):
    arrange, clear = SCENARIOS[code]
    arrange(desk)
    clear(desk)

    assert code not in live_codes(desk.system)
    flags = RedFlag.objects.filter(ai_system=desk.system, code=code)
    assert flags.exists()
    assert all(flag.state == FlagState.RESOLVED and flag.resolved_at is not None for flag in flags)


def test_a_vendor_level_document_overdue_flags_the_vendor(desk):
    desk.request_all()
    _later(desk, days=30)

    flag = RedFlag.objects.get(ai_system=None, vendor=desk.system.vendor, code="document_overdue")
    assert flag.state == FlagState.OPEN


def test_flag_changes_are_audited_under_the_system_actor(desk):
    SCENARIOS["declaration_refused"][0](desk)

    event = AuditEvent.objects.filter(action="compliance.red_flag.opened").latest("sequence")
    assert event.actor_label == "system:red_flags"


def test_re_evaluation_opens_no_duplicate(desk):
    desk.nightly_run()
    desk.nightly_run()

    assert RedFlag.objects.filter(ai_system=desk.system, code="declaration_missing").count() == 1


def test_an_accepted_critical_flag_stays_accepted_until_its_cause_clears(desk, members):
    from core.access import Actor
    from core.models import Role

    desk.refuse("eu_declaration_of_conformity")
    flag = RedFlag.objects.get(ai_system=desk.system, code="declaration_refused")
    assert flag.severity == Severity.CRITICAL

    services.risk_accept(actor=Actor.for_member(members[Role.LEGAL]), flag=flag, justification="Pilot only, 3 months.")
    desk.nightly_run()
    flag.refresh_from_db()
    assert flag.state == FlagState.ACCEPTED
    assert RedFlag.objects.filter(ai_system=desk.system, code="declaration_refused").count() == 1

    desk.receive("eu_declaration_of_conformity")
    flag.refresh_from_db()
    assert flag.state == FlagState.RESOLVED


def test_registry_edits_through_the_services_update_flags_at_once(desk):
    """No nightly run: the vendor and model services announce the change and compliance follows it."""
    from vendors.services import ai_system_update, gpai_model_create, gpai_model_update, vendor_update

    vendor = desk.system.vendor
    vendor_update(actor=desk.actor, vendor=vendor, data={"country": "US", "eu_rep_name": ""})
    assert "non_eu_vendor_without_representative" in live_codes(desk.system)
    vendor_update(actor=desk.actor, vendor=vendor, data={"eu_rep_name": "EU Rep BV", "eu_rep_address": "Amsterdam"})
    assert "non_eu_vendor_without_representative" not in live_codes(desk.system)

    model_data = {"vendor": vendor, "name": "Base-1", "version": "1", "code_of_practice_signatory": "no"}
    model = gpai_model_create(actor=desk.actor, data=model_data)
    ai_system_update(actor=desk.actor, system=desk.system, data={"gpai_model": model})
    assert "gpai_not_code_of_practice_signatory" in live_codes(desk.system)
    gpai_model_update(actor=desk.actor, model=model, data={"code_of_practice_signatory": "yes"})
    assert "gpai_not_code_of_practice_signatory" not in live_codes(desk.system)
