from django import template

from actions.forms import ActionForm

register = template.Library()


@register.simple_tag
def action_form_for(item, meeting, submitted_forms):
    """The form to record an action on the item: the one just submitted with its errors, or a new one."""
    return submitted_forms.get(item.pk) or ActionForm(group=meeting.group, prefix=f"action-{item.pk}")
