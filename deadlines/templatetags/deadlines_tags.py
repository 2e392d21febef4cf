from django import template

from core.dates import human_date

register = template.Library()


@register.filter
def due_on(day, today):
    """{{ deadline.due_date|due_on:today }} → "2 Dec 2027 (in 372 days)"; `today` is the organisation's."""
    return human_date(day, today) if day else ""
