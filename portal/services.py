"""Every write of the vendor portal: sending and revoking links, and what the vendor's contact does through one.

The contact acts as `Actor.vendor_contact` (no account): the audit log records it with the
request's IP address. A link reaches only its vendor and that vendor's open document
requests; what the contact uploads lands as received, for compliance to verify.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from compliance.models import Document, DocumentRequest, RequestStatus
from compliance.services import document_upload
from core.access import Actor, Capability
from core.audit import created, record
from core.dates import today_in
from core.emails import absolute_url, make_message
from core.tokens import hash_token
from deadlines.models import DeadlineKind
from deadlines.services import deadline_sync
from portal import audit_actions
from portal.models import PortalComment, PortalLink, PortalSubmission
from procurement.models import VendorAnswers
from procurement.services import vendor_answers_import, vendor_answers_save
from vendors.models import Vendor

DEFAULT_DAYS = 30
MAX_DAYS = 90
MAX_COMMENT = 4000
# Requests the vendor may still answer through its link.
OPEN_STATUSES = (RequestStatus.REQUESTED, RequestStatus.REJECTED)
SHOWN_STATUSES = (*OPEN_STATUSES, RequestStatus.RECEIVED, RequestStatus.VERIFIED)


def portal_url(token: str) -> str:
    return absolute_url(reverse("portal_vendor:home", args=[token]))


def vendor_actor(link: PortalLink) -> Actor:
    return Actor.vendor_contact(link.organisation, link.email)


# Links (members) -----------------------------------------------------------------------


@transaction.atomic
def portal_link_send(*, actor: Actor, vendor: Vendor, email: str, days: int = DEFAULT_DAYS) -> tuple[PortalLink, str]:
    """Create a link for the vendor's contact and e-mail it; returns the link and its token (never stored)."""
    actor.require(Capability.MANAGE_REGISTRY)
    if vendor.organisation_id != actor.organisation.pk:
        raise PermissionDenied("This vendor belongs to another organisation.")
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter the contact's e-mail address."}) from None
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"The link may last from 1 to {MAX_DAYS} days."})
    if vendor.is_archived:
        raise ValidationError({"email": "This vendor is archived: restore it before writing to it."})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = PortalLink.objects.create(
        organisation=vendor.organisation,
        vendor=vendor,
        email=email,
        token_hash=hash_token(token),
        created_by=actor.membership,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    record(
        actor,
        audit_actions.LINK_SENT,
        link,
        changes=created({"vendor": vendor.pk, "email": email, "expires_at": link.expires_at}),
    )
    _sync_expiry_deadline(link)
    context = {
        "vendor": vendor,
        "organisation": vendor.organisation,
        "url": portal_url(token),
        "expires_at": link.expires_at,
        "requests": list(open_requests(link)),
    }
    transaction.on_commit(lambda: make_message("portal-link", [email], context).send())
    return link, token


@transaction.atomic
def portal_link_revoke(*, actor: Actor, link: PortalLink) -> PortalLink:
    actor.require(Capability.MANAGE_REGISTRY)
    if link.organisation_id != actor.organisation.pk:
        raise PermissionDenied("This link belongs to another organisation.")
    link = PortalLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        raise ValidationError({"link": "This link is already revoked."})
    link.revoked_at = timezone.now()
    link.revoked_by = actor.membership
    link.save(update_fields=["revoked_at", "revoked_by"])
    record(actor, audit_actions.LINK_REVOKED, link, changes={"revoked_at": [None, link.revoked_at]})
    _sync_expiry_deadline(link)
    return link


def _sync_expiry_deadline(link: PortalLink) -> None:
    """The sender is reminded (by the daily reminder run) before a working link expires; a revoked one has none."""
    deadline_sync(
        organisation=link.organisation,
        kind=DeadlineKind.PORTAL_LINK_EXPIRY,
        source=link,
        due_date=None if link.revoked_at else today_in(link.organisation.time_zone, link.expires_at),
        title=f"The portal link sent to {link.email} for {link.vendor} expires",
        vendor=link.vendor,
        owner=link.created_by,
        link=reverse("portal:link_list"),
    )


# What a link reaches -------------------------------------------------------------------


def find_link(token: str) -> PortalLink | None:
    return PortalLink.objects.select_related("vendor", "organisation").filter(token_hash=hash_token(token)).first()


def open_requests(link: PortalLink):
    return DocumentRequest.objects.filter(
        organisation=link.organisation, vendor=link.vendor, status__in=OPEN_STATUSES
    ).select_related("ai_system")


def shown_requests(link: PortalLink):
    """The vendor's requests the contact sees: open ones, and those it already answered."""
    return (
        DocumentRequest.objects.filter(organisation=link.organisation, vendor=link.vendor, status__in=SHOWN_STATUSES)
        .select_related("ai_system")
        .order_by("due_date", "pk")
    )


def request_in_scope(link: PortalLink, request_id) -> DocumentRequest:
    """One open request of the link's vendor; any other id (another vendor's, closed, unknown) is a 404."""
    try:
        return open_requests(link).get(pk=int(request_id))
    except (DocumentRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such request for this vendor.") from None


def submissions_of(link: PortalLink):
    """What the vendor already sent through any of its links."""
    return PortalSubmission.objects.filter(organisation=link.organisation, link__vendor=link.vendor).select_related(
        "document__request__ai_system"
    )


def comments_by_request(link: PortalLink, requests) -> dict[int, list[PortalComment]]:
    comments: dict[int, list[PortalComment]] = {}
    for comment in PortalComment.objects.filter(organisation=link.organisation, request__in=[r.pk for r in requests]):
        comments.setdefault(comment.request_id, []).append(comment)
    return comments


# Uses (the vendor's contact) -----------------------------------------------------------


@transaction.atomic
def portal_link_use(*, link: PortalLink, what: str) -> None:
    """Every use of a link is audited, with the vendor contact as actor and the caller's IP address."""
    now = timezone.now()
    actor = vendor_actor(link)
    if not link.is_active_at(now):
        reason = "revoked" if link.revoked_at else "expired"
        record(actor, audit_actions.LINK_REFUSED, link, changes={"what": what, "reason": reason})
        return
    PortalLink.objects.filter(pk=link.pk).update(last_used_at=now)
    record(actor, audit_actions.LINK_USED, link, changes={"what": what})


def _require_active(link: PortalLink) -> PortalLink:
    link = PortalLink.objects.select_for_update().select_related("vendor", "organisation").get(pk=link.pk)
    if not link.is_active_at(timezone.now()):
        raise PermissionDenied("This link has expired or was revoked.")
    return link


def portal_upload(*, link: PortalLink, request_id, file: UploadedFile | None) -> Document:
    """Store the vendor's file for one open request: the same checks as internal uploads; it lands as received."""
    with transaction.atomic():
        link = _require_active(link)
        request = request_in_scope(link, request_id)
        request = DocumentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status not in OPEN_STATUSES:  # a replayed upload after the first one landed
            raise ValidationError({"file": "We already received a file for this request."})
        document = document_upload(actor=vendor_actor(link), request=request, file=file)
        PortalSubmission.objects.create(
            organisation=link.organisation, link=link, document=document, created_at=timezone.now()
        )
        _send_receipt(link, document)
    return document


def _send_receipt(link: PortalLink, document: Document) -> None:
    """The thank-you receipt: what we received, with SHA-256s, so the vendor can check it is what it sent."""
    submissions = list(submissions_of(link))
    record(vendor_actor(link), audit_actions.RECEIPT_SENT, link, changes={"document": document.pk})
    context = {
        "vendor": link.vendor,
        "organisation": link.organisation,
        "latest": document,
        "submissions": submissions,
    }
    transaction.on_commit(lambda: make_message("portal-receipt", [link.email], context).send())


@transaction.atomic
def portal_comment(*, link: PortalLink, request_id, text: str) -> PortalComment:
    link = _require_active(link)
    request = request_in_scope(link, request_id)
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text:
        raise ValidationError({"text": "Write your comment."})
    if len(text) > MAX_COMMENT:
        raise ValidationError({"text": f"At most {MAX_COMMENT} characters."})
    comment = PortalComment.objects.create(
        organisation=link.organisation, link=link, request=request, text=text, created_at=timezone.now()
    )
    record(vendor_actor(link), audit_actions.COMMENT_CREATED, comment, label=str(request), changes={"text": text})
    return comment


@transaction.atomic
def portal_answers_save(*, link: PortalLink, answers: Mapping[str, Any]) -> VendorAnswers:
    link = _require_active(link)
    return vendor_answers_save(actor=vendor_actor(link), vendor=link.vendor, answers=answers, via="portal")


@transaction.atomic
def portal_answers_import(*, link: PortalLink, answers: Mapping[str, Any]) -> VendorAnswers:
    link = _require_active(link)
    return vendor_answers_import(actor=vendor_actor(link), vendor=link.vendor, answers=answers, via="portal xlsx")
