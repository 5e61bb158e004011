from django import template

from actions.forms import ActionForm, owner_choices

register = template.Library()


@register.simple_tag(takes_context=True)
def action_form_for(context, item, meeting, submitted_forms):
    """The form to record an action on the item: the one just submitted with its errors, or a new one.

    The owners to choose from are read once per page and shared by every item's form.
    """
    if item.pk in submitted_forms:
        return submitted_forms[item.pk]
    if "_action_owner_choices" not in context.render_context:
        context.render_context["_action_owner_choices"] = owner_choices(meeting.group)
    choices = context.render_context["_action_owner_choices"]
    return ActionForm(group=meeting.group, choices=choices, prefix=f"action-{item.pk}")
