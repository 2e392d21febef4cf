"""Portal links: what lets a vendor's contact, without an account, answer what we asked of the vendor."""

from __future__ import annotations

import datetime as dt

from django.db import models


class PortalLink(models.Model):
    """One expiring, revocable link for one vendor, sent to one e-mail address. Only its token's SHA-256 is stored."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="portal_links")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey("core.Membership", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "vendor", "-created_at"])]

    def __str__(self) -> str:
        return f"Portal link of {self.vendor} for {self.email}"

    def is_active_at(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class PortalComment(models.Model):
    """What the vendor's contact wrote about one document request."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(PortalLink, on_delete=models.CASCADE, related_name="comments")
    request = models.ForeignKey("compliance.DocumentRequest", on_delete=models.CASCADE, related_name="portal_comments")
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Vendor comment on {self.request}"


class PortalSubmission(models.Model):
    """A document the vendor's contact uploaded through a link (the Document itself is compliance's)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(PortalLink, on_delete=models.CASCADE, related_name="submissions")
    document = models.OneToOneField("compliance.Document", on_delete=models.CASCADE, related_name="portal_submission")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Submission of {self.document}"
