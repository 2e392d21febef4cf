"""Template filters shared by every app's pages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core import audit_actions, dates

register = template.Library()


@register.filter
def human_date(value):
    """{{ system.updated_at|human_date }} → "2 Dec 2027 (in 372 days)"."""
    return dates.human_date(value)


@register.filter
def audit_sentence(event) -> str:
    """{{ event|audit_sentence }} → "Verified EU declaration of conformity – HireSift CV Screener"."""
    return audit_actions.sentence_for(event)


@register.filter
def audit_link(event) -> str | None:
    """{{ event|audit_link }} → the page of the event's object, when there is one."""
    return audit_actions.link_for(event)


@register.filter
def break_at_dots(value):
    """A dotted code ("vendors.vendor.updated") that may wrap after its dots, not inside its words."""
    return mark_safe(escape(value).replace(".", ".<wbr>"))  # escaped first: only <wbr> is markup
