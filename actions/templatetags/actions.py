from django import template

from actions.forms import ActionForm

register = template.Library()


@register.simple_tag
def action_form(meeting):
    """The minutes editor's one form to record an action, which the page opens on the item chosen."""
    return ActionForm(group=meeting.group, prefix="action")
