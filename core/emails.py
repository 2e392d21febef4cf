"""Every outgoing e-mail is built here, from three templates named after it.

`make_message("deadline_digest", to, context)` renders `templates/emails/deadline_digest-subject.txt`
(one line: whitespace, newlines included, is collapsed), `-body.txt` and `-body.html`, so each
mail has a plain-text body and an HTML alternative written side by side. The two text parts
are rendered without HTML escaping; the HTML part is escaped as any page. Absolute links in mails
start with `settings.SITE_URL` (`site_url` in the context; `absolute_url()` builds them).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def absolute_url(path: str) -> str:
    """A link for an e-mail or a calendar: the site's address in front of a path."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _render_plain(template_name: str, context: dict) -> str:
    """Plain text is not HTML: "A & B" stays "A & B" in a subject or text body (the HTML part is escaped)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def make_message(
    name: str, to: list[str], context: dict, *, reply_to: list[str] | None = None, connection=None
) -> EmailMultiAlternatives:
    """The e-mail `name`, rendered for `context`, ready to send (`connection` to reuse one SMTP session)."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(_render_plain(f"emails/{name}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject,
        _render_plain(f"emails/{name}-body.txt", context),
        to=list(to),
        reply_to=reply_to,
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"emails/{name}-body.html", context), "text/html")
    return message
