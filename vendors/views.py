"""HTML pages for vendors, their contacts, GPAI models and AI systems."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Model
from django.forms import ModelForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.access import Capability, get_scoped_or_404
from core.forms import submit
from core.list_exports import render_or_export
from core.lists import Column, list_page
from core.selectors import recent_activity
from core.web import actor_of, member_required, organisation_of
from vendors import selectors, services
from vendors.filters import AiSystemFilter, GpaiModelFilter, VendorFilter
from vendors.forms import AiSystemForm, ContactForm, GpaiModelForm, VendorForm
from vendors.list_extras import AI_SYSTEMS, VENDORS, decorate_with_extras, filterset_with_extras, list_extras
from vendors.models import AiSystem, Contact, GpaiModel, Vendor
from vendors.panels import render_system_panels, render_vendor_panels

VENDOR_COLUMNS = [
    Column("name", "Legal name", "legal_name"),
    Column("country", "Country", "country"),
    Column("status", "Status", "status"),
    Column("systems", "AI systems", "system_count", selectors.ACTIVE_SYSTEM_COUNT),
    Column("updated", "Updated", "updated_at"),
]
SYSTEM_COLUMNS = [
    Column("name", "Name", "name"),
    Column("vendor", "Vendor", "vendor__legal_name"),
    Column("lifecycle", "Lifecycle", "lifecycle"),
    Column("updated", "Updated", "updated_at"),
]
GPAI_MODEL_COLUMNS = [
    Column("name", "Name", "name"),
    Column("vendor", "Vendor", "vendor__legal_name"),
    Column("compute", "Training compute", "training_compute_flop"),
    Column("systems", "AI systems", "system_count", selectors.ACTIVE_SYSTEM_COUNT),
]
VENDOR_SYSTEMS_SHOWN = 25


def _form_page(request, form: ModelForm, write: Callable[[dict], Model], *, message: str, template: str, **context):
    """A create or edit page: on a valid POST the service writes, `message` confirms, and we go to the object."""
    if request.method == "POST":
        done, obj = submit(form, write)
        if done:
            messages.success(request, message.format(obj))
            return redirect(obj)
    return render(request, template, {"form": form, **context})


def _editable(request, obj: Vendor | AiSystem) -> Vendor | AiSystem:
    services.require_can_edit(actor_of(request), obj)
    return obj


# Vendors -------------------------------------------------------------------------------


@member_required(Capability.READ)
def vendor_list(request):
    organisation = organisation_of(request)
    context = list_page(
        request,
        selectors.vendors_for_list(organisation),
        filterset_class=filterset_with_extras(VENDORS, VendorFilter),
        search_fields=selectors.VENDOR_SEARCH_FIELDS,
        columns=VENDOR_COLUMNS,
        default_sort="name",
        decorate=lambda vendors: decorate_with_extras(VENDORS, selectors.attach_system_counts(vendors, via="vendor")),
    )
    context["extras"] = list_extras(VENDORS)
    context["can_create"] = services.can_create(actor_of(request))
    return render_or_export(
        request, "vendors/vendor_list.html", context, export="vendors", rows=context["page_obj"].paginator.object_list
    )


def _vendor_page_context(request, vendor: Vendor) -> dict:
    actor = actor_of(request)
    can_edit = services.can_edit(actor, vendor)
    contacts = list(vendor.contacts.all())
    systems = vendor.ai_systems.select_related("gpai_model", "business_owner__user").order_by("archived_at", "name")
    return {
        "vendor": vendor,
        "can_edit": can_edit,
        "can_create_system": services.can_create(actor),
        "can_manage_models": actor.can(Capability.MANAGE_REGISTRY),
        "contacts": [(c, ContactForm(instance=c, prefix=f"contact-{c.pk}") if can_edit else None) for c in contacts],
        "contact_form": ContactForm(prefix="new-contact") if can_edit else None,
        "systems": list(systems[:VENDOR_SYSTEMS_SHOWN]),
        "gpai_models": list(vendor.gpai_models.all()),
        "subsidiaries": list(vendor.subsidiaries.all()),
        "activity": recent_activity(vendor),
        "panels": render_vendor_panels(request, vendor),
    }


def _vendor_with_counts(request, pk: int) -> Vendor:
    organisation = organisation_of(request)
    return get_scoped_or_404(selectors.vendors_for_page(organisation), organisation, pk=pk)


@member_required(Capability.READ)
def vendor_detail(request, pk: int):
    vendor = _vendor_with_counts(request, pk)
    return render(request, "vendors/vendor_detail.html", _vendor_page_context(request, vendor))


@member_required(Capability.CREATE_OWN_REGISTRY)
def vendor_create(request):
    form = VendorForm(request.POST or None, organisation=organisation_of(request))
    return _form_page(
        request,
        form,
        lambda data: services.vendor_create(actor=actor_of(request), data=data),
        message="Vendor “{}” registered.",
        template="vendors/vendor_form.html",
    )


@member_required(Capability.CREATE_OWN_REGISTRY)
def vendor_edit(request, pk: int):
    vendor = _editable(request, get_scoped_or_404(Vendor.objects.all(), organisation_of(request), pk=pk))
    form = VendorForm(request.POST or None, instance=vendor, organisation=organisation_of(request))
    return _form_page(
        request,
        form,
        lambda data: services.vendor_update(actor=actor_of(request), vendor=vendor, data=data),
        message="Vendor “{}” saved.",
        template="vendors/vendor_form.html",
        vendor=vendor,
    )


@member_required(Capability.CREATE_OWN_REGISTRY)
def vendor_archive(request, pk: int):
    vendor = _editable(request, get_scoped_or_404(Vendor.objects.all(), organisation_of(request), pk=pk))
    if request.method == "POST":
        services.vendor_archive(actor=actor_of(request), vendor=vendor)
        messages.success(request, f"Vendor “{vendor}” archived. It no longer appears in the default vendor list.")
        return redirect("vendors:vendor_detail", pk=vendor.pk)
    return render(request, "vendors/vendor_archive.html", {"vendor": vendor})


# Contacts ------------------------------------------------------------------------------


def _contact_of(request, pk: int) -> Contact:
    return get_scoped_or_404(Contact.objects.select_related("vendor"), organisation_of(request), pk=pk)


def _vendor_page_with_contact_errors(request, vendor: Vendor, form: ContactForm, contact: Contact | None):
    """The vendor page again, with the submitted contact form and its errors in place."""
    context = _vendor_page_context(request, _vendor_with_counts(request, vendor.pk))
    if contact is None:
        context["contact_form"] = form
    else:
        context["contacts"] = [(c, form if c.pk == contact.pk else f) for c, f in context["contacts"]]
        context["open_contact"] = contact.pk
    return render(request, "vendors/vendor_detail.html", context)


@member_required(Capability.CREATE_OWN_REGISTRY)
@require_POST
def contact_create(request, vendor_pk: int):
    vendor = _editable(request, get_scoped_or_404(Vendor.objects.all(), organisation_of(request), pk=vendor_pk))
    form = ContactForm(request.POST, prefix="new-contact")
    actor = actor_of(request)
    done, contact = submit(form, lambda data: services.contact_create(actor=actor, vendor=vendor, data=data))
    if not done:
        return _vendor_page_with_contact_errors(request, vendor, form, None)
    messages.success(request, f"Contact {contact.name} added.")
    return redirect(f"{vendor.get_absolute_url()}#contacts")


@member_required(Capability.CREATE_OWN_REGISTRY)
@require_POST
def contact_edit(request, pk: int):
    contact = _contact_of(request, pk)
    _editable(request, contact.vendor)
    form = ContactForm(request.POST, instance=contact, prefix=f"contact-{contact.pk}")
    actor = actor_of(request)
    done, saved = submit(form, lambda data: services.contact_update(actor=actor, contact=contact, data=data))
    if not done:
        return _vendor_page_with_contact_errors(request, contact.vendor, form, contact)
    messages.success(request, f"Contact {saved.name} saved.")
    return redirect(f"{contact.vendor.get_absolute_url()}#contacts")


@member_required(Capability.CREATE_OWN_REGISTRY)
@require_POST
def contact_delete(request, pk: int):
    contact = _contact_of(request, pk)
    vendor = contact.vendor
    services.contact_delete(actor=actor_of(request), contact=contact)
    messages.success(request, f"Contact {contact.name} deleted.")
    return redirect(f"{vendor.get_absolute_url()}#contacts")


# AI systems ----------------------------------------------------------------------------


@member_required(Capability.READ)
def system_list(request):
    organisation = organisation_of(request)
    context = list_page(
        request,
        selectors.ai_systems_for_list(organisation),
        filterset_class=filterset_with_extras(AI_SYSTEMS, AiSystemFilter),
        search_fields=selectors.AI_SYSTEM_SEARCH_FIELDS,
        columns=SYSTEM_COLUMNS,
        default_sort="name",
        decorate=lambda systems: decorate_with_extras(AI_SYSTEMS, systems),
    )
    context["extras"] = list_extras(AI_SYSTEMS)
    context["can_create"] = services.can_create(actor_of(request))
    return render_or_export(
        request,
        "vendors/system_list.html",
        context,
        export="ai_systems",
        rows=context["page_obj"].paginator.object_list,
    )


@member_required(Capability.READ)
def system_detail(request, pk: int):
    systems = AiSystem.objects.select_related("vendor", "gpai_model__vendor", "business_owner__user", "created_by")
    system = get_scoped_or_404(systems, organisation_of(request), pk=pk)
    context = {
        "system": system,
        "can_edit": services.can_edit(actor_of(request), system),
        "activity": recent_activity(system),
        "panels": render_system_panels(request, system),
    }
    return render(request, "vendors/system_detail.html", context)


def _preselected_vendor(request) -> Vendor | None:
    """The vendor whose page the user came from (?vendor=<id>), when it is one of ours."""
    vendor_id = request.GET.get("vendor", "")
    if not vendor_id.isdigit():
        return None
    return Vendor.objects.filter(organisation=organisation_of(request), pk=vendor_id).first()


@member_required(Capability.CREATE_OWN_REGISTRY)
def system_create(request):
    initial = {"vendor": _preselected_vendor(request)} if request.method == "GET" else None
    form = AiSystemForm(request.POST or None, initial=initial, organisation=organisation_of(request))
    return _form_page(
        request,
        form,
        lambda data: services.ai_system_create(actor=actor_of(request), data=data),
        message="AI system “{}” registered.",
        template="vendors/system_form.html",
    )


@member_required(Capability.CREATE_OWN_REGISTRY)
def system_edit(request, pk: int):
    system = _editable(request, get_scoped_or_404(AiSystem.objects.all(), organisation_of(request), pk=pk))
    form = AiSystemForm(request.POST or None, instance=system, organisation=organisation_of(request))
    return _form_page(
        request,
        form,
        lambda data: services.ai_system_update(actor=actor_of(request), system=system, data=data),
        message="AI system “{}” saved.",
        template="vendors/system_form.html",
        system=system,
    )


@member_required(Capability.CREATE_OWN_REGISTRY)
def system_archive(request, pk: int):
    systems = AiSystem.objects.select_related("vendor")
    system = _editable(request, get_scoped_or_404(systems, organisation_of(request), pk=pk))
    if request.method == "POST":
        services.ai_system_archive(actor=actor_of(request), system=system)
        messages.success(request, f"AI system “{system}” archived.")
        return redirect("vendors:system_detail", pk=system.pk)
    return render(request, "vendors/system_archive.html", {"system": system})


# GPAI models ---------------------------------------------------------------------------


@member_required(Capability.READ)
def gpai_model_list(request):
    organisation = organisation_of(request)
    context = list_page(
        request,
        selectors.gpai_models_for_list(organisation),
        filterset_class=GpaiModelFilter,
        search_fields=selectors.GPAI_MODEL_SEARCH_FIELDS,
        columns=GPAI_MODEL_COLUMNS,
        default_sort="name",
        decorate=lambda models: selectors.attach_system_counts(models, via="gpai_model"),
    )
    context["can_create"] = actor_of(request).can(Capability.MANAGE_REGISTRY)
    return render(request, "vendors/gpai_model_list.html", context)


@member_required(Capability.READ)
def gpai_model_detail(request, pk: int):
    model = get_scoped_or_404(GpaiModel.objects.select_related("vendor"), organisation_of(request), pk=pk)
    systems = model.ai_systems.filter(archived_at__isnull=True).select_related("vendor", "business_owner__user")
    context = {
        "model": model,
        "systems": list(systems),
        "can_edit": actor_of(request).can(Capability.MANAGE_REGISTRY),
        "activity": recent_activity(model),
    }
    return render(request, "vendors/gpai_model_detail.html", context)


@member_required(Capability.MANAGE_REGISTRY)
def gpai_model_create(request):
    initial = {"vendor": _preselected_vendor(request)} if request.method == "GET" else None
    form = GpaiModelForm(request.POST or None, initial=initial, organisation=organisation_of(request))
    return _form_page(
        request,
        form,
        lambda data: services.gpai_model_create(actor=actor_of(request), data=data),
        message="GPAI model “{}” registered.",
        template="vendors/gpai_model_form.html",
    )


@member_required(Capability.MANAGE_REGISTRY)
def gpai_model_edit(request, pk: int):
    model = get_scoped_or_404(GpaiModel.objects.all(), organisation_of(request), pk=pk)
    form = GpaiModelForm(request.POST or None, instance=model, organisation=organisation_of(request))
    return _form_page(
        request,
        form,
        lambda data: services.gpai_model_update(actor=actor_of(request), model=model, data=data),
        message="GPAI model “{}” saved.",
        template="vendors/gpai_model_form.html",
        model=model,
    )
