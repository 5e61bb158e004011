"""Emails in both languages: the reader's language first, the other after it.

The Welsh Language Standards treat Welsh no less favourably than English, so a message carries
both; the person's preference only sets the order.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .bilingual import other_language

SEPARATOR = "\n\n" + "-" * 60 + "\n\n"


def render_in_both_languages(template_name: str, context: dict, *, first: str) -> list[str]:
    rendered = []
    for language in (first, other_language(first)):
        with translation.override(language):
            rendered.append(render_to_string(template_name, {**context, "language": language}).strip())
    return rendered


def send_bilingual_email(*, to: str, subject_template: str, body_template: str, context: dict, first: str) -> None:
    subject = " / ".join(" ".join(s.split()) for s in render_in_both_languages(subject_template, context, first=first))
    body = SEPARATOR.join(render_in_both_languages(body_template, context, first=first))
    EmailMessage(subject=subject, body=body, to=[to]).send()
