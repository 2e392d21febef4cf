"""The classification questionnaire, its review, results, history and comparisons."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments import engine, presentation, selectors, services
from assessments.forms import SectionForm, field_name
from assessments.models import Classification, ClassificationDraft, RiskTier
from assessments.prefill import Prefill, prefills_for
from assessments.rulepack import default_pack
from core.access import Capability, get_scoped_or_404
from core.lists import PAGE_SIZE
from core.web import actor_of, member_required, organisation_of
from vendors.models import AiSystem
from vendors.services import can_edit


@dataclass
class Questionnaire:
    """Where a person stands in the questionnaire of one system.

    Visibility is worked out once per instance: for other answers, make a new one (dataclasses.replace).
    """

    system: AiSystem
    answers: dict  # the saved answers, plus the register's pre-filled ones for questions not answered yet
    timeline: str
    draft: ClassificationDraft | None
    prefilled: dict[str, Prefill] = field(default_factory=dict)  # answers taken from the register, not yet saved

    @property
    def pack(self):
        return default_pack()

    @cached_property
    def inferred(self) -> dict:
        """What the rules presume for unanswered questions (the person is asked to confirm it)."""
        if engine.validate_answers(self.pack, self.answers, self.timeline):
            return {}
        return engine.evaluate(self.pack, self.answers, self.timeline).inferred

    def unanswered(self) -> list:
        """The questions shown for these answers that were left to their default."""
        return [q for q in engine.visible_questions(self.pack, self.answers, self.timeline) if q.id not in self.answers]

    def visible_count(self) -> int:
        return sum(len(questions) for questions in self._visible_by_section.values())

    @cached_property
    def _visible_by_section(self) -> dict[str, list]:
        grouped: dict[str, list] = {section.id: [] for section in self.pack.sections}
        for question in engine.visible_questions(self.pack, self.answers, self.timeline):
            grouped[question.section].append(question)
        return grouped

    @cached_property
    def _sections(self) -> list:
        return [section for section in self.pack.sections if self._visible_by_section[section.id]]

    def visible_by_section(self) -> dict[str, list]:
        return self._visible_by_section

    def sections(self) -> list:
        """The sections that have at least one question worth asking now."""
        return self._sections

    def section(self, section_id: str | None):
        sections = self.sections()
        return next((s for s in sections if s.id == section_id), sections[0])

    def neighbours(self, section) -> tuple:
        sections = self.sections()
        index = [s.id for s in sections].index(section.id)
        previous = sections[index - 1] if index > 0 else None
        following = sections[index + 1] if index + 1 < len(sections) else None
        return previous, following


def _system_for_classifying(request, pk: int) -> AiSystem:
    system = get_scoped_or_404(AiSystem.objects.select_related("vendor"), organisation_of(request), pk=pk)
    if not can_edit(actor_of(request), system):
        raise PermissionDenied("You may not classify this AI system.")
    return system


def _questionnaire(system: AiSystem) -> Questionnaire:
    """Resume the draft; otherwise start from the current classification's answers.

    Questions still unanswered take what the register knows (vendor's country, GPAI model…), marked
    as pre-filled; the newest pack decides which questions are shown.
    """
    draft = ClassificationDraft.objects.filter(ai_system=system).first()
    current = None if draft else selectors.current_classification(system)
    saved, timeline = {}, services.DEFAULT_TIMELINE
    if draft or current:
        saved, timeline = (draft or current).answers, (draft or current).timeline
    known = {key: prefill for key, prefill in prefills_for(system, default_pack()).items() if key not in saved}
    answers = services.without_hidden_answers({**{k: p.value for k, p in known.items()}, **saved}, timeline)
    prefilled = {key: prefill for key, prefill in known.items() if key in answers}
    return Questionnaire(system, answers, timeline, draft, prefilled)


def _section_form(state: Questionnaire, section) -> SectionForm:
    return SectionForm(
        state.visible_by_section()[section.id], state.answers, prefilled=state.prefilled, presumed=state.inferred
    )


def _section_context(questionnaire: Questionnaire, section, form) -> dict:
    sections = questionnaire.sections()
    previous, following = questionnaire.neighbours(section)
    return {
        "system": questionnaire.system,
        "questionnaire": questionnaire,
        "sections": sections,
        "section": section,
        "position": [s.id for s in sections].index(section.id) + 1,
        "previous": previous,
        "following": following,
        "form": form,
    }


@member_required(Capability.CREATE_OWN_REGISTRY)
def questionnaire(request, pk: int):
    system = _system_for_classifying(request, pk)
    state = _questionnaire(system)
    section = state.section(
        request.GET.get("section") or request.POST.get("section") or (state.draft and state.draft.section)
    )
    if request.method == "POST":
        form = _submitted_section(state, section, request.POST)
        if form.is_valid():
            answered, blank = form.answers()
            try:
                services.draft_update(
                    actor=actor_of(request),
                    ai_system=system,
                    answers=answered,
                    cleared=blank,
                    timeline=state.timeline,
                    section=section.id,
                )
            except ValidationError as error:
                _add_answer_errors(form, error)
            else:
                return _redirect_after_section(request, system, section)
        _show_only_visible(form, state)
    else:
        form = _section_form(state, section)
    return render(request, "assessments/questionnaire.html", _section_context(state, section, form))


def _submitted_section(state: Questionnaire, section, data) -> SectionForm:
    """Parse every question of the section: htmx may have revealed some since the page was drawn."""
    every_question = [q for q in state.pack.questions.values() if q.section == section.id]
    return SectionForm(every_question, state.answers, data=data)


def _show_only_visible(form: SectionForm, state: Questionnaire) -> None:
    """Before re-drawing a refused form, drop the questions that the entered values hide."""
    answered, blank = form.answers() if hasattr(form, "cleaned_data") else ({}, [])
    merged = services.merge_answers(state.answers, answered, blank)
    visible = {q.id for q in engine.visible_questions(state.pack, merged, state.timeline)}
    # A refused value stays on screen with its message even if the question is hidden now.
    visible |= {q.id for q in form.questions if field_name(q.id) in form.errors}
    form.questions = [q for q in form.questions if q.id in visible]
    hidden = [name for name in form.fields if name not in {field_name(q.id) for q in form.questions}]
    for name in hidden:
        del form.fields[name]


def _redirect_after_section(request, system, section):
    state = _questionnaire(system)
    previous, following = state.neighbours(state.section(section.id))
    url = reverse("assessments:questionnaire", args=[system.pk])
    if "back" in request.POST and previous:
        return redirect(f"{url}?section={previous.id}")
    if "save_exit" in request.POST:
        messages.success(request, "Draft saved. You or a colleague can resume it from the system page.")
        return redirect("vendors:system_detail", pk=system.pk)
    if following:
        return redirect(f"{url}?section={following.id}")
    return redirect("assessments:review", pk=system.pk)


def _add_answer_errors(form, error: ValidationError) -> None:
    for key, messages_ in error.message_dict.items():
        name = field_name(key)
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


@member_required(Capability.CREATE_OWN_REGISTRY)
@require_POST
def section_preview(request, pk: int):
    """htmx: re-draw a section's questions for the values being entered, without saving."""
    system = _system_for_classifying(request, pk)
    state = _questionnaire(system)
    section = state.section(request.POST.get("section"))
    parsing = _submitted_section(state, section, request.POST)
    parsing.is_valid()  # partial input is fine here; errors are shown on submit
    answered, blank = parsing.answers()
    state = replace(state, answers=services.merge_answers(state.answers, answered, blank))
    form = _section_form(state, section)
    return render(request, "assessments/_section_questions.html", _section_context(state, section, form))


@member_required(Capability.CREATE_OWN_REGISTRY)
def review(request, pk: int):
    system = _system_for_classifying(request, pk)
    state = _questionnaire(system)
    error = None
    if request.method == "POST":
        timeline = request.POST.get("timeline") or state.timeline
        try:
            snapshot = services.classification_save(
                actor=actor_of(request),
                ai_system=system,
                answers=state.answers,
                timeline=timeline,
                note=request.POST.get("note", "").strip(),
            )
        except ValidationError as exc:
            error = exc
        else:
            messages.success(request, "Classification saved.")
            return redirect("assessments:classification_detail", pk=snapshot.pk)
    return render(
        request,
        "assessments/review.html",
        {
            "system": system,
            "questionnaire": state,
            "answer_sections": _answer_lines_by_section(state),
            **_defaults_context(state),
            **_preview_context(state),
            "error": error,
            "timelines": state.pack.timeline_names,
        },
    )


def _defaults_context(state: Questionnaire) -> dict:
    """How many shown questions were left to their default; most of them left is said loudly."""
    unanswered, shown = state.unanswered(), state.visible_count()
    return {"unanswered": unanswered, "shown_count": shown, "mostly_defaults": len(unanswered) * 2 > shown}


def _preview_context(state: Questionnaire) -> dict:
    """The result the answers would give if saved now, labelled; nothing while they cannot be classified."""
    try:
        preview = services.classify(answers=state.answers, timeline=state.timeline)
    except ValidationError:
        return {"preview": None}
    return {
        "preview": preview,
        "preview_tier_label": RiskTier(preview["risk_tier"]).label,
        "preview_roles": [presentation.label(presentation.ROLE_LABELS, role) for role in preview["roles"]],
    }


def _answer_lines_by_section(state: Questionnaire) -> list[tuple]:
    grouped = state.visible_by_section()
    return [
        (
            section,
            [
                presentation.AnswerLine(
                    q.id,
                    q.text,
                    presentation.format_answer_value(q, state.answers.get(q.id, q.default)),
                    prefilled_from=state.prefilled[q.id].source if q.id in state.prefilled else "",
                    defaulted=q.id not in state.answers,
                )
                for q in grouped[section.id]
            ],
        )
        for section in state.sections()
    ]


@member_required(Capability.CREATE_OWN_REGISTRY)
@require_POST
def discard_draft(request, pk: int):
    system = _system_for_classifying(request, pk)
    services.draft_discard(actor=actor_of(request), ai_system=system)
    messages.success(request, "The draft was discarded.")
    return redirect("vendors:system_detail", pk=system.pk)


@member_required()
def classification_detail(request, pk: int):
    snapshot = get_scoped_or_404(
        Classification.objects.select_related("ai_system__vendor", "organisation", "created_by"),
        organisation_of(request),
        pk=pk,
    )
    template = "assessments/result_print.html" if request.GET.get("print") else "assessments/result.html"
    return render(request, template, {"snapshot": snapshot, **result_context(snapshot)})


def result_context(snapshot: Classification) -> dict:
    """Everything a result page (or PDF) shows, with the labels, explanations and citations of the pack
    the snapshot pinned (not the newest), and our presentation."""
    pack = selectors.pack_of(snapshot)
    result = snapshot.result
    return {
        "result": result,
        "pack": pack,
        "prohibited_notice": presentation.prohibited_notice(pack, result),
        "legacy_notice": presentation.legacy_notice(pack, snapshot.answers, snapshot.timeline, result),
        "tier_label": snapshot.get_risk_tier_display(),
        "annex_points": [pack.option_label("system.annex_iii_points", p) for p in result["annex_iii_points"]],
        "prohibited": [pack.option_label("system.prohibited_practices", p) for p in result["prohibited_practices"]],
        "transparency": [
            presentation.label(presentation.TRANSPARENCY_LABELS, c) for c in result["transparency_obligations"]
        ],
        "roles": [presentation.label(presentation.ROLE_LABELS, r) for r in result["roles"]],
        "grounds": [presentation.label(presentation.GROUND_LABELS, g) for g in result["becomes_provider"]["grounds"]],
        "route_label": presentation.label(presentation.ROUTE_LABELS, result["high_risk_route"]),
        "conformity_label": presentation.label(presentation.CONFORMITY_ROUTE_LABELS, result["conformity_route"]),
        "registration_sections": [
            presentation.label(presentation.REGISTRATION_SECTION_LABELS, s) for s in result["registration"]["sections"]
        ],
        "obligations": [
            {
                **obligation,
                "label": pack.obligation_label(obligation["code"]),
                "holder": presentation.label(presentation.ROLE_LABELS, obligation["holder"]),
            }
            for obligation in result["obligations"]
        ],
        "documents": [(code, pack.document_label(code)) for code in result["required_documents"]],
        **why_context(pack, result["trace"], shown=_shown_keys(pack, snapshot.answers, snapshot.timeline)),
        "answer_lines": [
            presentation.AnswerLine(
                key,
                pack.questions[key].text if key in pack.questions else key,
                presentation.format_answer_value(pack.questions.get(key), value),
            )
            for key, value in snapshot.answers.items()
        ],
    }


DEFAULTS_ENTRY = "defaults"  # the engine's first trace entry: unanswered questions and the defaults used


def why_context(pack, trace: list[dict], shown: set[str] | None = None) -> dict:
    """The rules that fired, each with its plain-language explanation, and the defaults apart.

    Explanations come from the pack in use; a rule that a later pack dropped keeps its id. Only the
    defaults of `shown` questions are listed: a question that was never asked was not "left blank".
    """
    fired = [entry for entry in trace if entry.get("fired")]
    defaults = next((entry["because"] for entry in fired if entry["rule"] == DEFAULTS_ENTRY), [])
    return {
        "fired_rules": _explained(pack, [entry for entry in fired if entry["rule"] != DEFAULTS_ENTRY]),
        "defaults_used": [line for line in defaults if shown is None or line.split(" ", 1)[0] in shown],
    }


def _shown_keys(pack, answers: dict, timeline: str) -> set[str] | None:
    """The questions the questionnaire showed for these answers (None when the pack cannot tell)."""
    if timeline not in pack.timelines:
        return None
    return {question.id for question in engine.visible_questions(pack, answers, timeline)}


def _explained(pack, entries: list[dict]) -> list[dict]:
    """Trace entries with their rule's plain-language explanation ("" for a rule the pack no longer has)."""
    explanations = {rule.id: rule.explanation for rule in pack.rules}
    return [{**entry, "explanation": explanations.get(entry["rule"], "")} for entry in entries]


@member_required()
def history(request, pk: int):
    system = get_scoped_or_404(AiSystem.objects.select_related("vendor"), organisation_of(request), pk=pk)
    snapshots = list(Classification.objects.filter(ai_system=system).select_related("created_by"))
    return render(request, "assessments/history.html", {"system": system, "snapshots": snapshots})


@member_required()
def compare(request, pk: int):
    system = get_scoped_or_404(AiSystem.objects.all(), organisation_of(request), pk=pk)
    snapshots = Classification.objects.filter(ai_system=system)
    try:
        older = snapshots.get(pk=request.GET.get("older"))
        newer = snapshots.get(pk=request.GET.get("newer"))
    except (Classification.DoesNotExist, ValueError):
        raise Http404("Choose two classifications of this system to compare.") from None
    if older.created_at > newer.created_at:
        older, newer = newer, older
    comparison = selectors.compare(older, newer)
    return render(
        request,
        "assessments/compare.html",
        {
            "system": system,
            "comparison": comparison,
            # Each side explained in the words of the pack that produced it.
            "rules_now_firing": _explained(selectors.pack_of(newer), comparison.rules_now_firing),
            "rules_no_longer_firing": _explained(selectors.pack_of(older), comparison.rules_no_longer_firing),
        },
    )


@member_required(Capability.MANAGE_REGISTRY)
def reclassification_list(request):
    """Systems whose current classification came from an older pack and would change under the newest."""
    pack = default_pack()
    snapshot_ids = selectors.snapshot_ids_to_reclassify(organisation_of(request))
    page_obj = Paginator(snapshot_ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (
            candidate,
            [
                presentation.describe_change(change, selectors.pack_of(candidate.current), pack)
                for change in candidate.changes
            ],
        )
        for candidate in selectors.reclassifications_for(list(page_obj))
    ]
    return render(
        request,
        "assessments/reclassification_list.html",
        {"candidates": rows, "page_obj": page_obj, "total": len(snapshot_ids), "pack": pack},
    )


@member_required(Capability.MANAGE_REGISTRY)
@require_POST
def reclassify(request, pk: int):
    """Compliance confirms one re-classification under the newest pack: a new, audited snapshot."""
    snapshot = get_scoped_or_404(Classification.objects.select_related("ai_system"), organisation_of(request), pk=pk)
    try:
        new = services.classification_reclassify(
            actor=actor_of(request),
            classification=snapshot,
            pack_sha256=request.POST.get("pack_sha256", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:reclassification_list")
    messages.success(request, f"{snapshot.ai_system} is now classified under rule pack {new.pack_version}.")
    return redirect("assessments:reclassification_list")
