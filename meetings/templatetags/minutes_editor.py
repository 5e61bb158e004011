"""The minutes editor's text boxes, written directly: thirty items' sixty boxes rendered through
Django's widget templates were most of the page's time (issue 16's load benchmark)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def minutes_box(field, label):
    """One item's minutes in one language as the form's widget would draw them, with their label,
    hint and any error messages, the box naming the hint and the messages for screen readers."""
    attrs = field.field.widget.attrs
    errors = field.errors
    auto_id = field.auto_id
    described_by = [f"{auto_id}_helptext"] + [f"{auto_id}-error-{n}" for n in range(1, len(errors) + 1)]
    messages = format_html_join(
        "",
        '<p class="govuk-error-message" id="{}-error-{}"><span class="govuk-visually-hidden">{}</span> {}</p>',
        ((auto_id, n, _("Error:"), error) for n, error in enumerate(errors, start=1)),
    )
    return format_html(
        '<label class="govuk-label govuk-label--s" for="{}">{}</label>\n'
        '<div class="govuk-hint" id="{}_helptext">{}</div>\n{}'
        '<textarea name="{}" rows="{}" lang="{}" class="{}{}" aria-describedby="{}"{} id="{}">\n{}</textarea>',
        auto_id,
        label,
        auto_id,
        field.help_text,
        messages,
        field.html_name,
        attrs.get("rows", 8),
        attrs.get("lang", ""),
        attrs.get("class", "govuk-textarea"),
        " govuk-textarea--error" if errors else "",
        " ".join(described_by),
        mark_safe(' aria-invalid="true"') if errors else "",  # nosec B308 B703: a constant
        auto_id,
        field.value() or "",
    )
