"""The audit action registry: every action the audit log can hold, with a sentence for people.

Each app declares its actions once, as constants, in `<app>/audit_actions.py`:

    CONTRACT_CREATED = register_action(
        "contracts.contract.created", "Recorded the contract {object}",
        link=lambda event: reverse("contracts:contract-detail", args=[event.object_id]),
    )

and its services pass the constant to `core.audit.record()`, which refuses a code that was
never registered (a typo would otherwise write a permanent, unfilterable event). Codes read
`app.object_type.past_tense` in snake case. The sentence may name the event's object with
`{object}` (its label as recorded); `link(event)` gives the object's page, or None.
`core.apps` imports every app's `audit_actions` module at start-up, so the audit log can
word events of apps whose services have not run yet. Events recorded under a code that is no
longer registered still show, under their code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from core.models import AuditEvent

CODE_FORM = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
UNNAMED_OBJECT = "(no object)"

Link = Callable[["AuditEvent"], "str | None"]


@dataclass(frozen=True)
class AuditAction:
    code: str  # "app.object_type.past_tense", e.g. "compliance.document_request.verified"
    sentence: str  # for people; may use {object}, e.g. "Verified {object}"
    link: Link | None = None  # URL of the event's object, or None

    @property
    def app_label(self) -> str:
        return self.code.split(".", 1)[0]


_ACTIONS: dict[str, AuditAction] = {}


def register_action(code: str, sentence: str, *, link: Link | None = None) -> str:
    """Declare an action; returns its code, for a module constant. Duplicate or ill-formed → ImproperlyConfigured."""
    if not CODE_FORM.fullmatch(code):
        raise ImproperlyConfigured(f"Audit action {code!r} does not read app.object_type.past_tense (snake case).")
    if code in _ACTIONS:
        raise ImproperlyConfigured(f"Audit action {code!r} is registered twice.")
    try:
        sentence.format(object="x")
    except (KeyError, IndexError, ValueError) as error:
        raise ImproperlyConfigured(f"The sentence of {code!r} may only use {{object}}: {error}") from error
    if not sentence.strip():
        raise ImproperlyConfigured(f"Audit action {code!r} needs a sentence.")
    _ACTIONS[code] = AuditAction(code=code, sentence=sentence, link=link)
    return code


def action_for(code: str) -> AuditAction | None:
    return _ACTIONS.get(code)


def is_registered(code: str) -> bool:
    return code in _ACTIONS


def registered_actions() -> list[AuditAction]:
    """Every registered action, ordered by code (for filters and tests)."""
    return [_ACTIONS[code] for code in sorted(_ACTIONS)]


def sentence_of(code: str) -> str:
    """The action's sentence with a generic object, for a filter's choice list ("Verified …")."""
    action = _ACTIONS.get(code)
    return action.sentence.format(object="…") if action else code


def sentence_for(event: AuditEvent) -> str:
    """What happened, in words: the registered sentence with the event's object filled in (else the code)."""
    action = _ACTIONS.get(event.action)
    if action is None:
        return event.action
    return action.sentence.format(object=event.object_label or UNNAMED_OBJECT)


def object_page(url_name: str) -> Link:
    """A `link` to the page of the event's object: `url_name` takes the object's id."""
    return lambda event: reverse(url_name, args=[event.object_id])


def page(url_name: str) -> Link:
    """A `link` to a page without arguments (a list the object appears on)."""
    return lambda event: reverse(url_name)


def filter_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for an action filter: each app, each object type and each action, in words.

    Values are code prefixes ("vendors.", "vendors.vendor.") or whole codes, as the filter matches prefixes.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for action in registered_actions():
        app_label, object_type, _ = action.code.split(".")
        config = apps.app_configs.get(app_label)
        app_name = config.verbose_name if config else app_label.title()
        choices = groups.setdefault(app_name, [(f"{app_label}.", f"Anything in {app_name}")])
        prefix = f"{app_label}.{object_type}."
        if all(value != prefix for value, _ in choices):
            choices.append((prefix, f"Anything about {object_type.replace('_', ' ')}s"))
        choices.append((action.code, sentence_of(action.code)))
    return list(groups.items())


def link_for(event: AuditEvent) -> str | None:
    """The page of the event's object, when its action knows one and the object still has an id."""
    action = _ACTIONS.get(event.action)
    if action is None or action.link is None or not event.object_id:
        return None
    try:
        return action.link(event)
    except NoReverseMatch:
        return None


# Core's own actions ---------------------------------------------------------------------


ORGANISATION_CREATED = register_action("core.organisation.created", "Set up the organisation {object}")
MEMBERSHIP_CREATED = register_action("core.membership.created", "Added {object} as a member", link=page("members"))
MEMBERSHIP_ROLE_CHANGED = register_action(
    "core.membership.role_changed", "Changed the role of {object}", link=page("members")
)
MEMBERSHIP_REMOVED = register_action("core.membership.removed", "Removed {object} from the organisation")
MEMBERSHIP_LEFT = register_action("core.membership.left", "Left the organisation: {object}")
INVITATION_CREATED = register_action("core.invitation.created", "Invited {object}", link=page("members"))
INVITATION_DECLINED = register_action("core.invitation.declined", "Declined the invitation of {object}")
INVITATION_WITHDRAWN = register_action("core.invitation.withdrawn", "Withdrew the invitation of {object}")
API_TOKEN_CREATED = register_action("core.api_token.created", "Created the API token {object}", link=page("api_tokens"))
API_TOKEN_REVOKED = register_action("core.api_token.revoked", "Revoked the API token {object}", link=page("api_tokens"))
USER_PASSWORD_CHANGED = register_action("core.user.password_changed", "Changed the password of {object}")
USER_PASSWORD_RESET = register_action("core.user.password_reset", "Set a new password through a reset link: {object}")
