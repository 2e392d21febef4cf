"""Reads: whose deadlines are whose, the lists and calendars, settings with their defaults."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from core.access import Capability, role_can
from core.models import Membership, Organisation, Role
from core.tokens import hash_token
from deadlines.models import CalendarFeed, Deadline, ReminderPolicy, ReminderPreference


def policy_of(organisation: Organisation) -> ReminderPolicy:
    """The organisation's reminder policy, or the default one (unsaved) when it never changed it."""
    try:
        return organisation.reminder_policy
    except ObjectDoesNotExist:
        return ReminderPolicy(organisation=organisation)


def preference_of(membership: Membership) -> ReminderPreference:
    try:
        return membership.reminder_preference
    except ObjectDoesNotExist:
        return ReminderPreference(membership=membership)


def sees_all_deadlines(membership: Membership) -> bool:
    """Compliance officers and owners oversee every deadline; everyone has "My deadlines"."""
    return membership.role == Role.COMPLIANCE or role_can(membership.role, Capability.MANAGE_MEMBERS)


def deadlines_of_organisation(organisation: Organisation) -> QuerySet[Deadline]:
    return Deadline.objects.filter(organisation=organisation).select_related("ai_system", "vendor", "owner__user")


def deadlines_of_member(membership: Membership) -> QuerySet[Deadline]:
    """The deadlines a member is reminded of: those they own, and for compliance officers the unowned ones."""
    mine = Q(owner=membership)
    if membership.role == Role.COMPLIANCE:
        mine |= Q(owner__isnull=True)
    return deadlines_of_organisation(membership.organisation).filter(mine)


def overdue_first(deadlines: QuerySet[Deadline], today: dt.date) -> QuerySet[Deadline]:
    """Overdue deadlines first (oldest first), then the rest by due date."""
    overdue = Case(When(overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField())
    return deadlines.annotate(overdue_rank=overdue).order_by("overdue_rank", "due_date", "pk")


def overdue_q(today: dt.date) -> Q:
    return Q(due_date__lt=today, is_milestone=False)


def calendar_feed_find(token: str) -> CalendarFeed | None:
    """The feed of this token; a deactivated account's feed stops working, as its API tokens do."""
    return (
        CalendarFeed.objects.select_related("membership__organisation", "membership__user")
        .filter(token_hash=hash_token(token), membership__user__is_active=True)
        .first()
    )
