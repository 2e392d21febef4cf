"""The "your evidence pack is ready" mail to whoever asked for it."""

from __future__ import annotations

from django.urls import reverse

from core.emails import absolute_url, make_message


def send_ready_mail(pack) -> None:
    user = pack.requested_by.user if pack.requested_by else None
    if user is None or not user.email:
        return
    context = {"pack": pack, "user": user, "url": absolute_url(reverse("evidence:pack_detail", args=[pack.pk]))}
    make_message("evidence_pack_ready", [user.email], context).send()
