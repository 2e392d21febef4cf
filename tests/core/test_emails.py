"""make_message: one subject line, a text body and an HTML alternative, from three templates named after the mail."""

from __future__ import annotations

import pytest
from django.template import TemplateDoesNotExist

from core.emails import absolute_url, make_message


@pytest.fixture
def mail_templates(settings, tmp_path):
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "welcome-subject.txt").write_text("Welcome to\n  {{ organisation }}\n")
    (folder / "welcome-body.txt").write_text("Hello {{ name }}, sign in at {{ site_url }}/login/\n")
    (folder / "welcome-body.html").write_text("<p>Hello {{ name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    settings.SITE_URL = "https://tracker.example"


def test_it_renders_the_three_parts(mail_templates):
    message = make_message(
        "welcome",
        ["rita@example.test"],
        {"name": "Rita <R>", "organisation": "Acme & Co"},
        reply_to=["desk@example.test"],
    )
    assert message.subject == "Welcome to Acme & Co"
    assert message.body == "Hello Rita <R>, sign in at https://tracker.example/login/\n"
    assert message.alternatives[0] == ("<p>Hello Rita &lt;R&gt;</p>", "text/html")
    assert (message.to, message.reply_to) == (["rita@example.test"], ["desk@example.test"])


def test_a_mail_without_its_templates_is_an_error_not_a_blank_mail(mail_templates):
    with pytest.raises(TemplateDoesNotExist):
        make_message("farewell", ["rita@example.test"], {})


def test_absolute_links_start_with_the_site_url(settings):
    settings.SITE_URL = "https://tracker.example/"
    assert absolute_url("/deadlines/") == "https://tracker.example/deadlines/"
