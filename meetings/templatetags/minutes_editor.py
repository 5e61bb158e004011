"""The minutes editor's text boxes, written directly: thirty items' sixty boxes rendered through
Django's widget templates were most of the page's time (issue 16's load benchmark)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def minutes_box(field):
    """The box of one item's minutes in one language, as the form's widget would draw it, with
    the hint and any error messages named for screen readers."""
    attrs = field.field.widget.attrs
    errors = field.errors
    described_by = [f"{field.auto_id}_helptext"] + [f"{field.auto_id}-error-{n}" for n in range(1, len(errors) + 1)]
    return format_html(
        '<textarea name="{}" rows="{}" lang="{}" class="{}{}" aria-describedby="{}"{} id="{}">\n{}</textarea>',
        field.html_name,
        attrs.get("rows", 8),
        attrs.get("lang", ""),
        attrs.get("class", "govuk-textarea"),
        " govuk-textarea--error" if errors else "",
        " ".join(described_by),
        mark_safe(' aria-invalid="true"') if errors else "",  # nosec B308 B703: a constant
        field.auto_id,
        field.value() or "",
    )
