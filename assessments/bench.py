"""Benchmark of classification: the engine in process (DESIGN.md: under 5 ms per answer set, the pack
loaded once) and the questionnaire pages a person clicks through, with their query counts."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.urls import reverse

from assessments import engine, selectors, services
from assessments.demo import FINE_TUNED_ON_A_VENDOR_MODEL
from assessments.models import Classification
from assessments.rulepack import DEFAULT_PACK_PATH, default_pack, load_pack, retained_packs
from core.bench import BenchContext, Measurement, measure, register
from vendors.models import AiSystem, Vendor

CLASSIFY_BUDGET_MS = 5.0
# The engine answers in well under a millisecond: one timed run is too short for the clock, so each
# run classifies every answer set, and many runs give a stable median.
ENGINE_RUNS_PER_PAGE_RUN = 40

HR_SCREENING = {
    "system.annex_iii_points": ["4a"],
    "system.profiles_natural_persons": True,
    "org.uses_under_own_authority": True,
    "org.is_employer_using_at_workplace": True,
}
# One answer set per kind of result, so every family of rules fires somewhere.
ANSWER_SETS = {
    "nothing answered (minimal risk)": {},
    "HR screening, deployer (high-risk)": HR_SCREENING,
    "support chatbot (limited risk)": {"system.interacts_with_persons": True, "org.uses_under_own_authority": True},
    "frontier GPAI model (systemic risk)": {
        "model.is_gpai": True,
        "model.training_compute_flop": 3e25,
        "org.uses_under_own_authority": True,
    },
    "fine-tuned GPAI, becomes provider": {
        "model.is_gpai": True,
        "model.training_compute_flop": 6e24,
        "org.modifies_gpai_model": True,
        "org.modification_compute_flop": 3e24,
        "org.develops_or_commissions": True,
        "org.markets_under_own_name": True,
    },
    "Art 6(3) preparatory task (exempt)": {
        "system.annex_iii_points": ["4a"],
        "system.art6_3_conditions": ["preparatory_task"],
        "system.art6_3_no_significant_risk": True,
        "system.profiles_natural_persons": False,
        "org.develops_or_commissions": True,
        "org.markets_under_own_name": True,
    },
    "social scoring (prohibited)": {"system.prohibited_practices": ["5_1_c"], "org.uses_under_own_authority": True},
    "medical device safety component (Annex I)": {
        "system.annex_i_safety_component": True,
        "system.annex_i_third_party_assessment": True,
        "org.uses_under_own_authority": True,
    },
}


def _per_answer_set(name: str, call, context: BenchContext) -> Measurement:
    """Median time of `call(pack, answers, timeline)` for one answer set, averaged over the sets."""
    pack, timeline = default_pack(), services.DEFAULT_TIMELINE
    answer_sets = list(ANSWER_SETS.values())

    def every_set() -> None:
        for answers in answer_sets:
            call(pack, answers, timeline)

    batch = measure(name, every_set, context.runs * ENGINE_RUNS_PER_PAGE_RUN, budget_ms=CLASSIFY_BUDGET_MS)
    per_call_ms = batch.median_ms / len(answer_sets)
    # The report shows tenths of a millisecond; the name carries the microseconds.
    return Measurement(f"{name}: {per_call_ms * 1000:.0f} µs", per_call_ms, batch.queries, batch.budget_ms)


def _check_answer_sets() -> None:
    """Every set must be valid: timing the refusal path instead of a classification would flatter the engine."""
    pack = default_pack()
    for label, answers in ANSWER_SETS.items():
        errors = engine.validate_answers(pack, answers, services.DEFAULT_TIMELINE)
        if errors:
            raise RuntimeError(f"benchmark answer set {label!r} is invalid: {errors}")


def _pack_load(context: BenchContext) -> Measurement:
    """Loading and checking the YAML pack, which default_pack() does once per process."""
    timings = []
    for _ in range(max(1, context.runs // 2)):
        start = time.perf_counter()
        load_pack(DEFAULT_PACK_PATH)
        timings.append((time.perf_counter() - start) * 1000)
    return Measurement("load_pack (once per process, not per request)", statistics.median(timings), 0)


def _seed_system(context: BenchContext) -> tuple[AiSystem, Classification]:
    """A classified system with a draft of a reclassification, as a person finds it when resuming."""
    vendor = Vendor.objects.create(organisation=context.organisation, legal_name="Bench Recruiting AG", country="DE")
    system = AiSystem.objects.create(
        organisation=context.organisation, vendor=vendor, name="Bench CV screener", intended_purpose="Ranks CVs."
    )
    snapshot = services.classification_save(actor=context.actor, ai_system=system, answers=HR_SCREENING)
    services.draft_update(
        actor=context.actor, ai_system=system, answers=HR_SCREENING, timeline=services.DEFAULT_TIMELINE
    )
    return system, snapshot


def _preview(context: BenchContext, system: AiSystem) -> Measurement:
    """The htmx redraw that every click in a section sends."""
    url = reverse("assessments:section_preview", args=[system.pk])
    data = {"section": "use_case", "system__annex_iii_points": ["4a", "4b"], "system__profiles_natural_persons": "yes"}

    def post() -> None:
        response = context.client.post(url, data)
        if response.status_code != 200:
            raise RuntimeError(f"POST {url} answered {response.status_code}, not 200")

    return measure("section preview (htmx POST)", post, context.runs, budget_ms=100.0)


@register("classification")
def classification_section(context: BenchContext) -> list[Measurement]:
    _check_answer_sets()
    count = len(ANSWER_SETS)
    engine_figures = [
        _per_answer_set(f"engine.evaluate, per answer set ({count} sets)", engine.evaluate, context),
        _per_answer_set(f"engine.validate_answers, per answer set ({count} sets)", engine.validate_answers, context),
        _pack_load(context),
    ]
    system, snapshot = _seed_system(context)
    questionnaire = reverse("assessments:questionnaire", args=[system.pk])
    return [
        *engine_figures,
        context.page("questionnaire, first section", questionnaire),
        context.page("questionnaire, use case section", f"{questionnaire}?section=use_case"),
        _preview(context, system),
        context.page("review page", reverse("assessments:review", args=[system.pk])),
        context.page("result page", reverse("assessments:classification_detail", args=[snapshot.pk])),
        context.page("AI system page with classification panel", system.get_absolute_url()),
    ]


RECLASSIFICATION_SYSTEMS = 1_000  # at scale 1: systems classified under the previous pack, half of them changing


@register("reclassification")
def reclassification_section(context: BenchContext) -> list[Measurement]:
    """Re-evaluating every outdated classification with the newest pack, as the list page does."""
    old = retained_packs()[-2]
    vendor = Vendor.objects.create(organisation=context.organisation, legal_name="Bench Models BV", country="NL")
    count = context.count(RECLASSIFICATION_SYSTEMS)
    systems = AiSystem.objects.bulk_create(
        AiSystem(organisation=context.organisation, vendor=vendor, name=f"Bench assistant {i}", intended_purpose="-")
        for i in range(count)
    )
    results = {
        name: engine.evaluate(old, answers, services.DEFAULT_TIMELINE).to_dict()
        for name, answers in (("changes", FINE_TUNED_ON_A_VENDOR_MODEL), ("same", HR_SCREENING))
    }
    Classification.objects.bulk_create(
        Classification(
            organisation=context.organisation,
            ai_system=system,
            answers=FINE_TUNED_ON_A_VENDOR_MODEL if index % 2 else HR_SCREENING,
            timeline=services.DEFAULT_TIMELINE,
            result=results["changes" if index % 2 else "same"],
            risk_tier=results["changes" if index % 2 else "same"]["risk_tier"],
            pack_id=old.id,
            pack_version=old.version,
            pack_sha256=old.sha256,
        )
        for index, system in enumerate(systems)
    )
    if connection.vendor == "postgresql":
        # Fresh rows have no planner statistics yet; autovacuum would gather them on a live database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE assessments_classification; ANALYZE vendors_aisystem")
    return [
        measure(
            f"reclassification_candidates over {count} outdated classifications",
            lambda: selectors.reclassification_candidates(context.organisation),
            context.runs,
        ),
        context.page(f"re-classification page ({count // 2} to confirm)", reverse("assessments:reclassification_list")),
    ]
