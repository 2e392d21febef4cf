"""The audit actions of the vendor portal (a vendor contact's uses are recorded with its IP address)."""

from __future__ import annotations

from core.audit_actions import page, register_action

LINKS_PAGE = page("portal:link_list")

LINK_SENT = register_action("portal.portal_link.sent", "Sent the vendor portal link {object}", link=LINKS_PAGE)
LINK_REVOKED = register_action("portal.portal_link.revoked", "Revoked the vendor portal link {object}", link=LINKS_PAGE)
LINK_USED = register_action("portal.portal_link.used", "The vendor contact used {object}", link=LINKS_PAGE)
LINK_REFUSED = register_action(
    "portal.portal_link.refused", "Refused a use of {object} (expired or revoked)", link=LINKS_PAGE
)
COMMENT_CREATED = register_action("portal.portal_comment.created", "The vendor contact commented on {object}")
RECEIPT_SENT = register_action("portal.portal_link.receipt_sent", "Sent the vendor a receipt through {object}")
