"""Members' pages of the vendor portal: the links sent, sending one, revoking one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.access import Capability, get_scoped_or_404
from core.forms import submit
from core.web import actor_of, member_required, organisation_of
from portal import services
from portal.forms import SendLinkForm
from portal.models import PortalLink
from vendors.models import Contact

PAGE_SIZE = 50


@member_required(Capability.MANAGE_REGISTRY)
def link_list(request):
    organisation = organisation_of(request)
    links = PortalLink.objects.filter(organisation=organisation).select_related("vendor", "created_by__user")
    page_obj = Paginator(links, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/link_list.html", {"page_obj": page_obj, "now": timezone.now()})


@require_http_methods(["GET", "POST"])
@member_required(Capability.MANAGE_REGISTRY)
def link_send(request):
    organisation = organisation_of(request)
    initial = {"days": services.DEFAULT_DAYS}
    vendor_id = request.GET.get("vendor", "")
    if vendor_id.isdigit():
        initial["vendor"] = vendor_id
        contact = Contact.objects.filter(organisation=organisation, vendor_id=vendor_id).exclude(email="")
        primary = contact.order_by("-is_primary", "pk").first()
        if primary:
            initial["email"] = primary.email
    form = SendLinkForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST":
        done, result = submit(
            form,
            lambda data: services.portal_link_send(
                actor=actor_of(request), vendor=data["vendor"], email=data["email"], days=data["days"]
            ),
        )
        if done:
            link, _ = result
            messages.success(request, f"Sent the portal link to {link.email}, valid until {link.expires_at:%-d %b %Y}.")
            return redirect("portal:link_list")
    return render(request, "portal/link_send.html", {"form": form})


@require_POST
@member_required(Capability.MANAGE_REGISTRY)
def link_revoke(request, pk):
    link = get_scoped_or_404(PortalLink.objects.all(), organisation_of(request), pk=pk)
    try:
        services.portal_link_revoke(actor=actor_of(request), link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The link no longer works.")
    return redirect("portal:link_list")
