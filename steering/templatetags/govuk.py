from django import forms, template

register = template.Library()


def _anchor(bound_field) -> str:
    """Where an error summary link should land: the first radio, the day box, or the input."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return f"id_{bound_field.html_name}_1"  # crispy-forms-gds numbers radios from 1
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def error_links(form) -> list[tuple[str, str]]:
    """(anchor, message) for every error of the form, in the order of its fields.

    A hidden field has nowhere to show its error, so it is said at the top, like the form's own.
    """
    visible = form.visible_fields()
    top = [*form.non_field_errors(), *(error for hidden in form.hidden_fields() for error in hidden.errors)]
    links = [(_anchor(visible[0]) if visible else "", error) for error in top]
    for bound_field in visible:
        links.extend((_anchor(bound_field), error) for error in bound_field.errors)
    return links
