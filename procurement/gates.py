"""What blocks a procurement request, read from live data every time (never a stored copy).

A request moves through intake → classification → documents → contract → deployment
readiness → decision; its stage is the first one with an item still blocking. Items:

- classification: the system must be classified; a prohibited practice (Art 5) blocks
  for good, no acceptance can cover it;
- documents (high-risk only): the EU declaration of conformity (Art 47) and CE marking
  evidence (Art 48) verified, and the notified-body certificate (Art 44) and EU database
  registration evidence (Art 49, 71) where the classification requires them; no open
  critical red flag on the system or its vendor;
- contract (high-risk only): the contract gaps the contracts app reports (Art 25(4), 26);
- deployment readiness (high-risk only): the deployer's pre-use duties still open (Art 26, 27).

A risk acceptance (GateAcceptance) covers an item until its review date; a critical one only
once a second person confirmed it. Everything is loaded in bulk for a list of requests, so a
page of the board costs the same few queries whatever its length.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from assessments.models import Classification, RiskTier
from compliance import catalogue
from compliance.models import DocumentRequest, FlagState, RedFlag, RequestStatus, Severity
from contracts.selectors import contract_gaps
from core.dates import today_in
from core.gaps import Gap
from duties.selectors import open_pre_use_duties
from procurement.models import STAGE_ORDER, GateAcceptance, ProcurementRequest, Stage

DECLARATION = "eu_declaration_of_conformity"
CE_MARKING = "ce_marking_evidence"
# Documents a high-risk system cannot be approved without: always, or when its classification requires them.
ALWAYS_FOR_HIGH_RISK = (DECLARATION, CE_MARKING)
WHEN_REQUIRED = ("notified_body_certificate", "eu_database_registration")
PROHIBITED = "prohibited"
# Requests the vendor has answered, one way or another (for "Vendor answered 3 of 5").
ANSWERED_STATUSES = (RequestStatus.RECEIVED, RequestStatus.VERIFIED, RequestStatus.REJECTED, RequestStatus.REFUSED)
NOT_ASKED_STATUSES = (RequestStatus.WAIVED, RequestStatus.WITHDRAWN)

# Gaps the contracts and duties apps report about a high-risk system, and the stage each belongs to.
GapProvider = Callable[..., list[Gap]]
GAP_PROVIDERS: tuple[tuple[str, GapProvider], ...] = (
    (Stage.CONTRACT, contract_gaps),
    (Stage.READINESS, open_pre_use_duties),
)


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str
    stage: str
    severity: str = Severity.MAJOR
    acceptable: bool = True
    acceptance: GateAcceptance | None = None

    def covered_on(self, today: dt.date) -> bool:
        a = self.acceptance
        return a is not None and self.acceptable and not a.needs_second_person and a.review_on >= today

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "stage": self.stage}


@dataclass
class GateResult:
    request: ProcurementRequest
    today: dt.date
    items: list[Blocker] = field(default_factory=list)
    answered: int = 0
    asked: int = 0
    risk_tier: str | None = None

    @property
    def blocking(self) -> list[Blocker]:
        return [item for item in self.items if not item.covered_on(self.today)]

    @property
    def covered(self) -> list[Blocker]:
        return [item for item in self.items if item.covered_on(self.today)]

    @property
    def stage(self) -> str:
        if self.request.is_decided:
            return Stage.DECIDED
        stages = [item.stage for item in self.blocking]
        return min(stages, key=STAGE_ORDER.index) if stages else Stage.DECISION

    @property
    def approvable(self) -> bool:
        return not self.blocking

    def basis(self) -> dict:
        """What a decision rests on, for the audit log and the request's record."""
        return {
            "risk_tier": self.risk_tier,
            "evaluated_on": self.today.isoformat(),
            "blocking": [item.as_dict() for item in self.blocking],
            "accepted": [
                {
                    **item.as_dict(),
                    "acceptance": item.acceptance.pk,
                    "justification": item.acceptance.justification,
                    "review_on": item.acceptance.review_on.isoformat(),
                }
                for item in self.covered
            ],
        }


def evaluate(request: ProcurementRequest) -> GateResult:
    return evaluate_many([request])[request.pk]


def evaluate_many(requests: Iterable[ProcurementRequest]) -> dict[int, GateResult]:
    """Gate results by request id; requests need `ai_system__vendor` and `organisation` selected."""
    requests = list(requests)
    if not requests:
        return {}
    systems = {r.ai_system_id: r.ai_system for r in requests}
    loaded = _Loaded.load(requests, systems)
    return {r.pk: _evaluate_one(r, loaded) for r in requests}


@dataclass
class _Loaded:
    classifications: dict[int, Classification]
    document_status: dict[tuple[int, str], str]
    progress: dict[int, tuple[int, int]]
    flags: dict[int, list[RedFlag]]
    acceptances: dict[int, dict[str, GateAcceptance]]
    external: dict[int, list[tuple[str, Gap]]]

    @classmethod
    def load(cls, requests, systems) -> _Loaded:
        classifications = {
            c.ai_system_id: c
            for c in Classification.objects.filter(ai_system_id__in=systems)
            .current_for_systems()
            .only("ai_system_id", "risk_tier", "result")
        }
        vendor_ids = {s.vendor_id for s in systems.values()}
        document_status, counts = {}, defaultdict(lambda: [0, 0])
        rows = DocumentRequest.objects.filter(Q(ai_system_id__in=systems) | Q(vendor_id__in=vendor_ids, ai_system=None))
        by_vendor = defaultdict(list)
        for system_id, vendor_id, code, status in rows.values_list(
            "ai_system_id", "vendor_id", "document_type", "status"
        ):
            if system_id is not None:
                document_status[(system_id, code)] = status
                _count(counts[system_id], status)
            else:
                by_vendor[vendor_id].append(status)
        for system_id, system in systems.items():
            for status in by_vendor[system.vendor_id]:
                _count(counts[system_id], status)
        flags = defaultdict(list)
        critical = RedFlag.objects.filter(state=FlagState.OPEN, severity=Severity.CRITICAL).filter(
            Q(ai_system_id__in=systems) | Q(vendor_id__in=vendor_ids, ai_system=None)
        )
        for flag in critical.only("ai_system_id", "vendor_id", "code", "message"):
            targets = (
                [flag.ai_system_id]
                if flag.ai_system_id
                else [s for s in systems if systems[s].vendor_id == flag.vendor_id]
            )
            for system_id in targets:
                flags[system_id].append(flag)
        acceptances = defaultdict(dict)
        for acceptance in GateAcceptance.objects.filter(request__in=[r.pk for r in requests]):
            acceptances[acceptance.request_id][acceptance.code] = acceptance
        external = defaultdict(list)
        for system_id, system in systems.items():
            classification = classifications.get(system_id)
            if classification is not None and classification.risk_tier == RiskTier.HIGH_RISK:
                for stage, provider in GAP_PROVIDERS:
                    external[system_id] += [(stage, gap) for gap in provider(system)]
        return cls(
            classifications=classifications,
            document_status=document_status,
            progress={k: (v[0], v[1]) for k, v in counts.items()},
            flags=flags,
            acceptances=acceptances,
            external=external,
        )


def _count(counter: list[int], status: str) -> None:
    if status in NOT_ASKED_STATUSES:
        return
    counter[1] += 1
    counter[0] += status in ANSWERED_STATUSES


def _evaluate_one(request: ProcurementRequest, loaded: _Loaded) -> GateResult:
    system = request.ai_system
    classification = loaded.classifications.get(system.pk)
    result = GateResult(request=request, today=today_in(request.organisation.time_zone))
    result.answered, result.asked = loaded.progress.get(system.pk, (0, 0))
    result.risk_tier = classification.risk_tier if classification else None
    items = _classification_items(classification)
    if classification is not None and classification.risk_tier == RiskTier.HIGH_RISK:
        items += _document_items(system, classification, loaded)
        items += [Blocker(gap.code, gap.message, stage, gap.severity) for stage, gap in loaded.external[system.pk]]
    items += [
        Blocker(f"red_flag:{flag.code}", flag.message, Stage.DOCUMENTS, Severity.CRITICAL)
        for flag in loaded.flags[system.pk]
    ]
    accepted = loaded.acceptances[request.pk]
    result.items = [_with_acceptance(item, accepted.get(item.code)) for item in items]
    return result


def _with_acceptance(item: Blocker, acceptance: GateAcceptance | None) -> Blocker:
    if acceptance is None or not item.acceptable:
        return item
    return Blocker(item.code, item.message, item.stage, item.severity, item.acceptable, acceptance)


def _classification_items(classification: Classification | None) -> list[Blocker]:
    if classification is None:
        return [Blocker("classification_missing", "The AI system has not been classified yet.", Stage.CLASSIFICATION)]
    if classification.risk_tier == RiskTier.PROHIBITED:
        message = "Classified as a prohibited AI practice (Art 5): it cannot be approved."
        return [Blocker(PROHIBITED, message, Stage.CLASSIFICATION, Severity.CRITICAL, acceptable=False)]
    return []


def _document_items(system, classification: Classification, loaded: _Loaded) -> list[Blocker]:
    required = set(classification.required_documents)
    codes = [*ALWAYS_FOR_HIGH_RISK, *(code for code in WHEN_REQUIRED if code in required)]
    items = []
    for code in codes:
        status = loaded.document_status.get((system.pk, code))
        if status != RequestStatus.VERIFIED:
            state = RequestStatus(status).label.lower() if status else "not requested"
            message = f"{catalogue.label(code)} not verified ({state})."
            items.append(Blocker(f"document_unverified:{code}", message, Stage.DOCUMENTS))
    return items
