"""The "your evidence pack is ready" mail to whoever asked for it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def ready_message(pack) -> EmailMultiAlternatives | None:
    user = pack.requested_by.user if pack.requested_by else None
    if user is None or not user.email:
        return None
    context = {"pack": pack, "url": settings.SITE_URL + reverse("evidence:pack_detail", args=[pack.pk]), "user": user}
    subject = " ".join(render_to_string("emails/evidence_pack_ready-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string("emails/evidence_pack_ready-body.txt", context), to=[user.email]
    )
    message.attach_alternative(render_to_string("emails/evidence_pack_ready-body.html", context), "text/html")
    return message


def send_ready_mail(pack) -> None:
    message = ready_message(pack)
    if message is not None:
        message.send()
