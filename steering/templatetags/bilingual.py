from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from steering.bilingual import localised as _localised
from steering.markup import to_html

register = template.Library()


@register.simple_tag
def localised(obj, field: str, language: str = ""):
    """The field in the active language, marked with its ``lang`` and, if it stands in, flagged."""
    value = _localised(obj, field, language or None)
    if not value.text:
        return ""
    if value.fallback:
        return format_html(
            '<span lang="{}">{}</span> <strong class="govuk-tag govuk-tag--yellow app-missing-tag">{}</strong>',
            value.lang,
            value.text,
            value.marker,
        )
    return format_html('<span lang="{}">{}</span>', value.lang, value.text)


@register.simple_tag
def localised_paragraphs(obj, field: str):
    """Plain text written by a person, as paragraphs, in a block carrying its language."""
    value = _localised(obj, field)
    if not value.text:
        return ""
    marker = (
        format_html('<p class="govuk-body"><strong class="govuk-tag govuk-tag--yellow">{}</strong></p>', value.marker)
        if value.fallback
        else ""
    )
    return format_html(
        '{}<div lang="{}" class="app-prose">{}</div>',
        marker,
        value.lang,
        mark_safe(linebreaks(value.text, autoescape=True)),  # noqa: S308 - escaped by linebreaks  # nosec B308 B703
    )


@register.filter
def markup(text: str):
    """Minute text (limited Markdown) as clean HTML."""
    return to_html(text)
