"""Incident pages: the register, the report form, the incident with its countdown and timeline,
reports and their PDFs, files; the penalty exposure page and the organisation's penalty settings."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.access import Capability, get_scoped_or_404
from core.lists import Column, list_page
from core.web import accepts_uploads, actor_of, member_required, organisation_of
from incidents import selectors, services
from incidents.exposure import exposures_of
from incidents.filters import IncidentFilter
from incidents.forms import (
    CloseForm,
    EvidenceForm,
    FileForm,
    IncidentReportForm,
    MarkSentForm,
    OrganisationSettingsForm,
    ReassessForm,
    ReportDraftForm,
    ReportEditForm,
    StepForm,
)
from incidents.models import REPORT_SECTIONS, Incident, IncidentFile, IncidentReport, PenaltyFactorEvidence
from incidents.pdf import report_pdf
from incidents.penalties import exposure_summary
from incidents.presentation import ACTION_WORDS, TWO_DAYS, authority_label, countdown, harm_label

INCIDENT_COLUMNS = [
    Column("title", "Incident", "title"),
    Column("system", "AI system", "ai_system__name"),
    Column("vendor", "Vendor", "ai_system__vendor__legal_name"),
    Column("aware", "Became aware", "aware_at"),
    Column("due", "Report", "report_due_at"),
    Column("status", "Status", "status"),
]


def in_organisation_time_zone(view):
    """Times on the page, and times typed into it, are the organisation's wall-clock times."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with timezone.override(organisation_of(request).time_zone):
            return view(request, *args, **kwargs)

    return wrapped


def _incident(request, pk) -> Incident:
    queryset = Incident.objects.select_related("organisation", "ai_system__vendor", "reported_by__user")
    return get_scoped_or_404(queryset, organisation_of(request), pk=pk)


def _form_error(form, error: ValidationError) -> None:
    """Put a service's field errors on the form's fields where it has them."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@member_required(Capability.READ)
@in_organisation_time_zone
def incident_list(request):
    context = list_page(
        request,
        selectors.incidents_of(organisation_of(request)),
        filterset_class=IncidentFilter,
        search_fields=("title", "ai_system__name", "ai_system__vendor__legal_name"),
        columns=INCIDENT_COLUMNS,
        default_sort="-aware",
    )
    now = timezone.now()
    context.update(
        rows=[
            (incident, countdown(incident.report_due_at, now) if incident.is_open else "")
            for incident in context["page_obj"]
        ],
        now=now,
        can_report=actor_of(request).can(Capability.REPORT_INCIDENT),
    )
    return render(request, "incidents/incident_list.html", context)


@member_required(Capability.REPORT_INCIDENT)
@in_organisation_time_zone
def incident_create(request):
    organisation = organisation_of(request)
    initial = {"aware_time_zone": organisation.time_zone, "provider_reachable": True}
    if request.GET.get("ai_system"):
        initial["ai_system"] = request.GET["ai_system"]
    form = IncidentReportForm(request.POST or None, initial=initial, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_report(
                actor=actor_of(request),
                ai_system=form.cleaned_data["ai_system"],
                data=form.incident_data(),
                answers=form.answers(),
                aware_at=form.cleaned_data["aware_at"],
                aware_time_zone=form.cleaned_data["aware_time_zone"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Incident reported. Compliance and legal have been e-mailed.")
            return redirect("incidents:incident_detail", pk=incident.pk)
    return render(request, "incidents/incident_form.html", {"form": form})


def _detail_context(request, incident: Incident) -> dict:
    actor = actor_of(request)
    now = timezone.now()
    assessment = selectors.current_assessment(incident)
    result = assessment.result if assessment else {}
    answers = assessment.answers if assessment else {}
    duties_from = selectors.high_risk_duties_date(incident.ai_system)
    return {
        "incident": incident,
        "assessment": assessment,
        "result": result,
        "harms": [harm_label(code) for code in answers.get("incident.harms", [])],
        "authorities": [authority_label(a) for a in result.get("authorities", [])],
        "actions": [(ACTION_WORDS.get(a["code"], a["code"]), a) for a in result.get("our_actions", [])],
        "legal_deadlines": selectors.legal_deadlines(incident, result),
        "countdown": countdown(incident.report_due_at, now),
        "overdue": incident.is_overdue_at(now),
        "under_two_days": bool(incident.report_due_at and incident.report_due_at - now < TWO_DAYS),
        "predates_duties": duties_from is not None and incident.aware_at.date() < duties_from,
        "duties_from": duties_from,
        "history": incident.assessments.select_related("created_by"),
        "steps": incident.steps.select_related("created_by"),
        "reports": incident.reports.all(),
        "files": incident.files.all(),
        "can_manage": actor.can(Capability.MANAGE_INCIDENTS) and incident.is_open,
        "can_manage_any": actor.can(Capability.MANAGE_INCIDENTS),
        "step_form": StepForm(initial={"happened_at": now.astimezone(timezone.get_current_timezone())}),
        "draft_form": ReportDraftForm(),
        "close_form": CloseForm(),
        "file_form": FileForm(),
    }


@member_required(Capability.READ)
@in_organisation_time_zone
def incident_detail(request, pk):
    incident = _incident(request, pk)
    return render(request, "incidents/incident_detail.html", _detail_context(request, incident))


def _post_form(request, incident, form, call, success: str):
    """Validate a form posted from the incident page, run the service, and return to the page."""
    if form.is_valid():
        try:
            call(form)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, success)
            return redirect("incidents:incident_detail", pk=incident.pk)
    context = _detail_context(request, incident)
    context[form.context_name] = form
    return render(request, "incidents/incident_detail.html", context, status=400)


@require_POST
@member_required(Capability.MANAGE_INCIDENTS)
@in_organisation_time_zone
def step_create(request, pk):
    incident = _incident(request, pk)
    form = StepForm(request.POST)
    form.context_name = "step_form"

    def call(form):
        services.incident_step_record(actor=actor_of(request), incident=incident, **form.cleaned_data)

    return _post_form(request, incident, form, call, "Step recorded.")


@require_POST
@member_required(Capability.MANAGE_INCIDENTS)
@in_organisation_time_zone
def incident_close(request, pk):
    incident = _incident(request, pk)
    form = CloseForm(request.POST)
    form.context_name = "close_form"

    def call(form):
        services.incident_close(actor=actor_of(request), incident=incident, note=form.cleaned_data["note"])

    return _post_form(request, incident, form, call, "Incident closed.")


@accepts_uploads
@require_POST
@member_required(Capability.MANAGE_INCIDENTS)
@in_organisation_time_zone
def file_upload(request, pk):
    incident = _incident(request, pk)
    form = FileForm(request.POST, request.FILES)
    form.context_name = "file_form"

    def call(form):
        services.incident_file_add(actor=actor_of(request), incident=incident, upload=form.cleaned_data["file"])

    return _post_form(request, incident, form, call, "File added.")


@member_required(Capability.READ)
@in_organisation_time_zone
def file_download(request, pk, file_pk):
    incident = _incident(request, pk)
    kept = get_scoped_or_404(IncidentFile.objects.filter(incident=incident), organisation_of(request), pk=file_pk)
    return FileResponse(kept.file.open("rb"), as_attachment=True, filename=kept.original_name)


@member_required(Capability.MANAGE_INCIDENTS)
@in_organisation_time_zone
def incident_reassess(request, pk):
    incident = _incident(request, pk)
    assessment = selectors.current_assessment(incident)
    answers = assessment.answers if assessment else {}
    initial = {
        "harms": answers.get("incident.harms", []),
        "member_states": answers.get("incident.member_states", []),
        "widespread": answers.get("incident.widespread_infringement", False),
        "provider_reachable": answers.get("org.provider_reachable", True),
        "medical_device": answers.get("system.medical_device", False),
        "equivalent_sectoral_reporting": answers.get("provider.equivalent_sectoral_reporting", False),
        "ai_office_competence": answers.get("system.ai_office_competence", False),
        "facts_aware_at": timezone.now().astimezone(timezone.get_current_timezone()),
    }
    form = ReassessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_reassess(
                actor=actor_of(request),
                incident=incident,
                answers=form.answers(),
                facts_aware_at=form.cleaned_data["facts_aware_at"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Reassessed. The earlier assessment is kept in the history.")
            return redirect("incidents:incident_detail", pk=incident.pk)
    return render(request, "incidents/incident_reassess.html", {"incident": incident, "form": form})


# Reports ---------------------------------------------------------------------------------


def _report(request, pk, report_pk) -> IncidentReport:
    incident = _incident(request, pk)
    report = get_scoped_or_404(IncidentReport.objects.filter(incident=incident), organisation_of(request), pk=report_pk)
    report.incident = incident
    return report


@require_POST
@member_required(Capability.MANAGE_INCIDENTS)
@in_organisation_time_zone
def report_create(request, pk):
    incident = _incident(request, pk)
    form = ReportDraftForm(request.POST)
    form.context_name = "draft_form"
    created = {}

    def call(form):
        created["report"] = services.incident_report_draft(
            actor=actor_of(request), incident=incident, **form.cleaned_data
        )

    response = _post_form(request, incident, form, call, "Report drafted from the incident record: complete it.")
    if "report" in created:
        return redirect("incidents:report_edit", pk=incident.pk, report_pk=created["report"].pk)
    return response


@member_required(Capability.READ)
@in_organisation_time_zone
def report_edit(request, pk, report_pk):
    report = _report(request, pk, report_pk)
    actor = actor_of(request)
    editable = actor.can(Capability.MANAGE_INCIDENTS) and not report.is_sent
    if request.method == "POST" and not editable:
        actor.require(Capability.MANAGE_INCIDENTS)
        raise Http404("A sent report cannot change.")
    initial = {"recipient": report.recipient, **report.sections}
    form = ReportEditForm(request.POST or None, initial=initial)
    sent_form = MarkSentForm(initial={"sent_at": timezone.now().astimezone(timezone.get_current_timezone())})
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_report_update(
                actor=actor, report=report, sections=form.sections(), recipient=form.cleaned_data["recipient"]
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Report saved.")
            return redirect("incidents:report_edit", pk=pk, report_pk=report.pk)
    return render(
        request,
        "incidents/report_edit.html",
        {
            "report": report,
            "incident": report.incident,
            "form": form,
            "sent_form": sent_form,
            "editable": editable,
            "sections": [(title, report.sections.get(key, "")) for key, title in REPORT_SECTIONS],
        },
    )


@require_POST
@member_required(Capability.MANAGE_INCIDENTS)
@in_organisation_time_zone
def report_mark_sent(request, pk, report_pk):
    report = _report(request, pk, report_pk)
    form = MarkSentForm(request.POST)
    if form.is_valid():
        try:
            services.incident_report_mark_sent(actor=actor_of(request), report=report, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Report marked sent; its PDF is kept with its SHA-256.")
            return redirect("incidents:incident_detail", pk=pk)
    for errors in form.errors.values():
        messages.error(request, "; ".join(errors))
    return redirect("incidents:report_edit", pk=pk, report_pk=report.pk)


@member_required(Capability.READ)
@in_organisation_time_zone
def report_download(request, pk, report_pk):
    """A sent report's stored PDF; a draft is generated as a preview."""
    report = _report(request, pk, report_pk)
    filename = f"incident-{report.incident_id}-{report.report_type}-report-{report.pk}.pdf"
    if report.is_sent and report.pdf:
        return FileResponse(
            report.pdf.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
        )
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="draft-{filename}"'
    return response


# Penalty exposure and settings -----------------------------------------------------------


@member_required(Capability.READ)
@in_organisation_time_zone
def penalty_exposure(request):
    organisation = organisation_of(request)
    summary = exposure_summary(organisation, exposures_of(organisation))
    evidence = {
        (item.article, item.point): item
        for item in PenaltyFactorEvidence.objects.filter(organisation=organisation, article=summary.factors_article)
    }
    factors = [
        (point, wording, evidence.get((summary.factors_article, point)))
        for point, wording in summary.factor_wording.items()
    ]
    return render(
        request,
        "incidents/penalty_exposure.html",
        {
            "summary": summary,
            "organisation": organisation,
            "factors": factors,
            "can_record_evidence": actor_of(request).can(Capability.MANAGE_INCIDENTS),
            "can_edit_settings": actor_of(request).can(Capability.MANAGE_MEMBERS),
        },
    )


@require_POST
@member_required(Capability.MANAGE_INCIDENTS)
@in_organisation_time_zone
def penalty_evidence(request):
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            services.penalty_evidence_update(actor=actor_of(request), **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Evidence saved.")
    else:
        messages.error(
            request, "The evidence could not be saved: " + " ".join(e for es in form.errors.values() for e in es)
        )
    return redirect("incidents:penalty_exposure")


@member_required(Capability.MANAGE_MEMBERS)
@in_organisation_time_zone
def organisation_settings(request):
    organisation = organisation_of(request)
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.organisation_settings_update(actor=actor_of(request), data=data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Organisation settings saved.")
            return redirect("incidents:penalty_exposure")
    return render(request, "incidents/organisation_settings.html", {"form": form})
