"""Pages of deployer duties: a duty and its record, my duties, the FRIA form and PDFs, AI literacy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.access import Capability, get_scoped_or_404
from core.forms import submit
from core.lists import PAGE_SIZE
from core.web import accepts_uploads, actor_of, member_required, organisation_of
from duties import selectors, services
from duties.forms import (
    FRIA_ELEMENT_BY_FIELD,
    DutyForm,
    EvidenceFileForm,
    FriaNotifyForm,
    FriaSectionForm,
    FriaStartForm,
    FriaSubmitForm,
    OversightForm,
    ReasonForm,
    SystemUserForm,
    TrainingForm,
)
from duties.models import (
    FRIA_ELEMENTS,
    FRIA_FIELDS,
    SETTLED_STATUSES,
    Duty,
    DutyStatus,
    Fria,
    OversightAssignment,
    SystemUser,
    Training,
)
from duties.records import record_form
from vendors.models import AiSystem


def _can_write(request) -> bool:
    return actor_of(request).can(Capability.MANAGE_REGISTRY)


def _duty(request, pk) -> Duty:
    queryset = Duty.objects.select_related("ai_system__vendor", "owner__user", "organisation")
    return get_scoped_or_404(queryset, organisation_of(request), pk=pk)


def _fria(request, pk) -> Fria:
    return get_scoped_or_404(Fria.objects.select_related("ai_system__vendor"), organisation_of(request), pk=pk)


def _system(request, pk) -> AiSystem:
    return get_scoped_or_404(AiSystem.objects.select_related("vendor"), organisation_of(request), pk=pk)


# Duties ----------------------------------------------------------------------------------


@member_required(Capability.READ)
def my_duties(request):
    """The duties I own; `?all=1` every duty of the organisation. Unsettled first, soonest due first."""
    show_all = request.GET.get("all") == "1"
    if show_all:
        duties = Duty.objects.active().filter(organisation=organisation_of(request))
    else:
        duties = selectors.my_duties(request.membership)
    status = request.GET.get("status", "")
    if status in DutyStatus.values:
        duties = duties.filter(status=status)
    settled_last = Case(When(status__in=SETTLED_STATUSES, then=Value(1)), default=Value(0))
    duties = duties.select_related("ai_system", "owner__user").order_by(
        settled_last, F("applies_from").asc(nulls_last=True), "pk"
    )
    page_obj = Paginator(duties, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "show_all": show_all, "status": status, "statuses": DutyStatus.choices}
    return render(request, "duties/my_duties.html", context)


def _duty_context(request, duty: Duty, **forms) -> dict:
    organisation = organisation_of(request)
    initial = {"owner": duty.owner, "status": duty.status, "not_applicable_reason": duty.not_applicable_reason}
    context = {
        "duty": duty,
        "spec": duty.spec,
        "can_write": _can_write(request) and not duty.is_retired,
        "duty_form": DutyForm(initial={**initial, "note": duty.note}, organisation=organisation, auto_id="duty-%s"),
        "record_form": record_form(duty.record_kind, organisation=organisation, initial=duty.record, prefix="record"),
        "file_form": EvidenceFileForm(auto_id="evidence-%s"),
        "missing": services.duty_missing(duty),
        "history": duty.history.select_related("by__user")[:20],
        "record_values": _record_values(duty),
    }
    if duty.record_kind == "oversight":
        context["people"] = duty.oversight_people.select_related("member__user")
        context["oversight_form"] = OversightForm(organisation=organisation, auto_id="oversight-%s")
    if duty.record_kind == "fria":
        context["frias"] = selectors.frias_of(duty.ai_system)
    context.update(forms)
    return context


def _record_values(duty: Duty) -> list[tuple[str, object]]:
    """The stored record as (label, value) for reading."""
    form = record_form(duty.record_kind, organisation=duty.organisation)
    if form is None or not duty.record:
        return []
    values = []
    for name, field in form.fields.items():
        value = duty.record.get(name)
        if name == "reviewer" and value:
            member = field.queryset.filter(pk=value).first()
            value = (member.user.get_full_name() or member.user.get_username()) if member else "—"
        elif isinstance(value, bool):
            value = "Yes" if value else "No"
        values.append((field.label, value if value not in (None, "") else "—"))
    return values


@member_required(Capability.READ)
def duty_detail(request, pk):
    duty = _duty(request, pk)
    return render(request, "duties/duty_detail.html", _duty_context(request, duty))


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def duty_update(request, pk):
    duty = _duty(request, pk)
    form = DutyForm(request.POST, organisation=organisation_of(request), auto_id="duty-%s")

    def write(data):
        return services.duty_update(actor=actor_of(request), duty=duty, data=data)

    if submit(form, write)[0]:
        messages.success(request, "Duty updated.")
        return redirect(duty)
    duty.refresh_from_db()
    return render(request, "duties/duty_detail.html", _duty_context(request, duty, duty_form=form), status=400)


@accepts_uploads
@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def duty_record(request, pk):
    duty = _duty(request, pk)
    form = record_form(duty.record_kind, request.POST, organisation=organisation_of(request), prefix="record")
    file_form = EvidenceFileForm(request.POST, request.FILES, auto_id="evidence-%s")
    if form is None:
        raise Http404("This duty keeps no structured record.")
    try:
        services.duty_record_save(
            actor=actor_of(request), duty=duty, data=_raw_record(form), file=request.FILES.get("file")
        )
    except ValidationError as error:
        form.is_valid()
        for field, errors in error.message_dict.items():
            target = file_form if field == "file" else form
            target.add_error(field if field in target.fields else None, errors)
        duty.refresh_from_db()
        context = _duty_context(request, duty, record_form=form, file_form=file_form)
        return render(request, "duties/duty_detail.html", context, status=400)
    messages.success(request, "Record saved.")
    return redirect(duty)


def _raw_record(form) -> dict:
    """The posted values of the record's fields, unprefixed: the service validates them with the same form."""
    return {name: form.data.get(form.add_prefix(name)) for name in form.fields if form.add_prefix(name) in form.data}


@accepts_uploads
@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def oversight_add(request, pk):
    duty = _duty(request, pk)
    form = OversightForm(request.POST, request.FILES, organisation=organisation_of(request), auto_id="oversight-%s")

    def write(data):
        certificate = data.pop("certificate", None)
        return services.oversight_assign(actor=actor_of(request), duty=duty, data=data, certificate=certificate)

    if submit(form, write)[0]:
        messages.success(request, "Person assigned to oversee the system.")
        return redirect(duty)
    duty.refresh_from_db()
    return render(request, "duties/duty_detail.html", _duty_context(request, duty, oversight_form=form), status=400)


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def oversight_remove(request, pk):
    assignment = get_scoped_or_404(OversightAssignment.objects.select_related("duty"), organisation_of(request), pk=pk)
    services.oversight_remove(actor=actor_of(request), assignment=assignment)
    messages.success(request, "Assignment removed.")
    return redirect(assignment.duty)


EVIDENCE = {
    "duty": (Duty, "evidence"),
    "oversight": (OversightAssignment, "certificate"),
    "training": (Training, "evidence"),
}


@member_required(Capability.READ)
def evidence_download(request, kind, pk):
    if kind not in EVIDENCE:
        raise Http404("No such evidence.")
    model, field = EVIDENCE[kind]
    obj = get_scoped_or_404(model.objects.all(), organisation_of(request), pk=pk)
    stored = getattr(obj, field)
    if not stored:
        raise Http404("No file was attached.")
    file = stored.open("rb")
    services.evidence_download_record(actor=actor_of(request), obj=obj)
    response = FileResponse(
        file,
        as_attachment=True,
        filename=getattr(obj, f"{field}_name") or "evidence",
        content_type=getattr(obj, f"{field}_content_type") or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# FRIA ------------------------------------------------------------------------------------


@member_required(Capability.MANAGE_REGISTRY)
def fria_start(request, system_pk):
    system = _system(request, system_pk)
    reusable = selectors.reusable_frias(organisation_of(request), exclude_system=system)
    form = FriaStartForm(request.POST or None, organisation=organisation_of(request), reusable=reusable)

    def write(data):
        return services.fria_start(actor=actor_of(request), ai_system=system, reuse=data.get("reuse"))

    if request.method == "POST":
        done, fria = submit(form, write)
        if done:
            return redirect(fria)
    return render(request, "duties/fria_start.html", {"system": system, "form": form})


def _element(field: str | None):
    return FRIA_ELEMENT_BY_FIELD.get(field or "", FRIA_ELEMENTS[0])


def _section_context(request, fria: Fria, element, form=None) -> dict:
    index = FRIA_FIELDS.index(element[0])
    return {
        "fria": fria,
        "element": element,
        "elements": FRIA_ELEMENTS,
        "position": index + 1,
        "previous": FRIA_ELEMENTS[index - 1] if index > 0 else None,
        "following": FRIA_ELEMENTS[index + 1] if index + 1 < len(FRIA_ELEMENTS) else None,
        "source_text": getattr(fria.reused_from, element[0], "") if fria.reused_from_id else "",
        "can_edit": _can_write(request) and fria.is_editable,
        "form": form
        or FriaSectionForm(
            initial={"text": getattr(fria, element[0]), "reuse_check": fria.reuse_checks.get(element[0], "")},
            element=element,
            auto_id="fria-%s",
        ),
    }


@member_required(Capability.READ)
def fria_detail(request, pk):
    fria = _fria(request, pk)
    element = _element(request.GET.get("section"))
    organisation = organisation_of(request)
    context = _section_context(request, fria, element)
    context.update(
        can_write=_can_write(request),
        submit_form=FriaSubmitForm(organisation=organisation, auto_id="submit-%s"),
        notify_form=FriaNotifyForm(auto_id="notify-%s"),
        reopen_form=ReasonForm(auto_id="reopen-%s"),
        versions=selectors.frias_of(fria.ai_system),
        missing=fria.missing_elements(),
        unchecked=fria.unchecked_differences(),
    )
    return render(request, "duties/fria_detail.html", context)


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def fria_section(request, pk, field):
    """Save one element; htmx gets the next section's form, a plain post is redirected to it."""
    fria = _fria(request, pk)
    if field not in FRIA_FIELDS:
        raise Http404("No such element.")
    element = FRIA_ELEMENT_BY_FIELD[field]
    form = FriaSectionForm(request.POST, element=element, auto_id="fria-%s")
    saved = False
    if form.is_valid():
        checks = {field: form.cleaned_data["reuse_check"]} if form.cleaned_data["reuse_check"] else None
        try:
            fria = services.fria_update(
                actor=actor_of(request), fria=fria, data={field: form.cleaned_data["text"]}, reuse_checks=checks
            )
            saved = True
        except ValidationError as error:
            _field_errors_to_text(form, error)
    index = FRIA_FIELDS.index(field)
    go_back = "back" in request.POST
    if saved:
        step = -1 if go_back else 1
        next_index = min(max(index + step, 0), len(FRIA_FIELDS) - 1)
        element = FRIA_ELEMENTS[next_index]
        form = None
    if request.headers.get("HX-Request"):
        context = _section_context(request, fria, element, form)
        return render(request, "duties/_fria_section.html", context, status=200 if saved else 400)
    if saved:
        return redirect(f"{reverse('duties:fria_detail', args=[fria.pk])}?section={element[0]}")
    context = _section_context(request, fria, element, form)
    return render(request, "duties/fria_detail.html", context, status=400)


def _field_errors_to_text(form, error: ValidationError) -> None:
    """Errors about the element or its status belong to the element's text box; reuse ones to the check."""
    for name, errors in error.message_dict.items():
        form.add_error("reuse_check" if name == "reuse_checks" else "text", errors)


def _fria_action(request, fria: Fria, form, write, done: str):
    if submit(form, write)[0]:
        messages.success(request, done)
    else:
        for name, errors in form.errors.items():
            for message in errors:
                messages.error(request, message if name == "__all__" else f"{_error_label(name)}: {message}")
    return redirect(fria)


def _error_label(name: str) -> str:
    element = FRIA_ELEMENT_BY_FIELD.get(name)
    return f"({element[1]}) {element[2]}" if element else name.replace("_", " ").capitalize()


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def fria_submit(request, pk):
    fria = _fria(request, pk)
    form = FriaSubmitForm(request.POST, organisation=organisation_of(request))

    def write(data):
        return services.fria_submit(actor=actor_of(request), fria=fria, reviewers=data["reviewers"])

    return _fria_action(request, fria, form, write, "Sent for review.")


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def fria_approve(request, pk):
    fria = _fria(request, pk)
    try:
        services.fria_approve(actor=actor_of(request), fria=fria)
        messages.success(request, "FRIA approved.")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(fria)


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def fria_notify(request, pk):
    fria = _fria(request, pk)
    form = FriaNotifyForm(request.POST)

    def write(data):
        return services.fria_notify(
            actor=actor_of(request), fria=fria, authority=data["authority"], sent_on=data["sent_on"]
        )

    return _fria_action(request, fria, form, write, "Notification recorded.")


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def fria_reopen(request, pk):
    fria = _fria(request, pk)
    form = ReasonForm(request.POST)
    outcome = {}

    def write(data):
        outcome["fria"] = services.fria_reopen(actor=actor_of(request), ai_system=fria.ai_system, reason=data["reason"])
        return outcome["fria"]

    response = _fria_action(request, fria, form, write, "FRIA re-opened as a new version.")
    return redirect(outcome["fria"]) if "fria" in outcome else response


def _pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML  # imported on use: it loads native libraries

    html = render_to_string(template, context)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf_context(fria: Fria) -> dict:
    return {
        "fria": fria,
        "elements": [(element, getattr(fria, element[0])) for element in FRIA_ELEMENTS],
        "organisation": fria.organisation,
        "reviewers": fria.reviewers.select_related("user"),
    }


@member_required(Capability.READ)
def fria_pdf(request, pk):
    fria = _fria(request, pk)
    return _pdf_response("duties/fria_pdf.html", _pdf_context(fria), f"fria-{fria.ai_system_id}-v{fria.version}.pdf")


@member_required(Capability.READ)
def fria_notification_pdf(request, pk):
    fria = _fria(request, pk)
    if fria.status not in ("approved", "superseded"):
        raise Http404("Only an approved FRIA is notified.")
    return _pdf_response(
        "duties/fria_notification_pdf.html",
        _pdf_context(fria),
        f"fria-notification-{fria.ai_system_id}-v{fria.version}.pdf",
    )


# AI literacy -----------------------------------------------------------------------------


@member_required(Capability.READ)
def literacy(request, training_form=None, user_form=None, status=200):
    organisation = organisation_of(request)
    trainings = Training.objects.filter(organisation=organisation).select_related("member__user")
    by_member: dict[int, list] = {}
    for training in trainings:
        by_member.setdefault(training.member_id, []).append(training)
    members = organisation.memberships.select_related("user").order_by("user__username")
    systems = AiSystem.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("name", "pk")
    page_obj = Paginator(systems, PAGE_SIZE).get_page(request.GET.get("page"))
    users_by_system: dict[int, list] = {}
    on_page = SystemUser.objects.filter(ai_system__in=list(page_obj.object_list)).select_related("member__user")
    for user in on_page:
        users_by_system.setdefault(user.ai_system_id, []).append(user)
    high_risk = selectors.high_risk_system_ids(organisation)
    context = {
        "coverage": selectors.literacy_coverage(organisation),
        "rows": [(member, by_member.get(member.pk, [])) for member in members],
        "system_rows": [(system, users_by_system.get(system.pk, []), system.pk in high_risk) for system in systems],
        "trained_ids": set(by_member),
        "can_write": _can_write(request),
        "training_form": training_form or TrainingForm(organisation=organisation, auto_id="training-%s"),
        "user_form": user_form or SystemUserForm(organisation=organisation, auto_id="user-%s"),
    }
    return render(request, "duties/literacy.html", context, status=status)


@accepts_uploads
@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def training_add(request):
    form = TrainingForm(request.POST, request.FILES, organisation=organisation_of(request), auto_id="training-%s")

    def write(data):
        evidence = data.pop("evidence", None)
        return services.training_create(actor=actor_of(request), data=data, evidence=evidence)

    if submit(form, write)[0]:
        messages.success(request, "Training recorded.")
        return redirect("duties:literacy")
    return literacy(request, training_form=form, status=400)


def _remove_from_literacy(request, queryset, pk, remove, done: str):
    remove(get_scoped_or_404(queryset, organisation_of(request), pk=pk))
    messages.success(request, done)
    return redirect("duties:literacy")


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def training_delete(request, pk):
    def remove(training):
        services.training_delete(actor=actor_of(request), training=training)

    return _remove_from_literacy(request, Training.objects.all(), pk, remove, "Training removed.")


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def system_user_add(request, system_pk):
    system = _system(request, system_pk)
    form = SystemUserForm(request.POST, organisation=organisation_of(request), auto_id="user-%s")

    def write(data):
        return services.system_user_add(actor=actor_of(request), ai_system=system, member=data["member"])

    if submit(form, write)[0]:
        messages.success(request, "User recorded.")
        # Added from the system page's Duties panel: back there; else the literacy overview.
        return redirect(system if request.POST.get("back_to") == "system" else "duties:literacy")
    return literacy(request, user_form=form, status=400)


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def system_user_remove(request, pk):
    def remove(user):
        services.system_user_remove(actor=actor_of(request), user=user)

    return _remove_from_literacy(request, SystemUser.objects.all(), pk, remove, "User removed.")
