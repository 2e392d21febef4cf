"""Template filters shared by every app's pages."""

from django import template

from core import dates

register = template.Library()


@register.filter
def human_date(value):
    """{{ system.updated_at|human_date }} → "2 Dec 2027 (in 372 days)"."""
    return dates.human_date(value)
