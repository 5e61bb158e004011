"""The minutes editor's page, which the actions app also renders when an action's form is sent back."""

from . import selectors
from .forms import DecisionForm, ItemMinutesForm


def editor_context(meeting, *, conflict=None, minutes_forms=None, decision_forms=None, action_forms=None) -> dict:
    """What the minutes editor shows; a form sent back (refused, or in conflict) is shown as sent,
    and the actions app passes its own forms back in ``action_forms``."""
    agenda = selectors.numbered_agenda(meeting, with_minutes=True)
    items = selectors.flat_agenda(agenda)
    decision_forms = decision_forms or {}
    minutes_forms = minutes_forms or {}
    for item in items:
        if item.pk in minutes_forms:
            item.minutes_form = minutes_forms[item.pk]
            item.conflict = conflict if conflict is not None and conflict.item.pk == item.pk else None
        else:
            item.minutes_form = ItemMinutesForm(
                initial={
                    "minutes_en": item.minutes_en,
                    "minutes_cy": item.minutes_cy,
                    "revision": item.minutes_revision,
                },
                prefix=f"item-{item.pk}",
            )
        item.decision_form = decision_forms.get(item.pk) or DecisionForm(prefix=f"decision-{item.pk}")
    minutes = selectors.current_minutes(meeting)
    return {
        "meeting": meeting,
        "items": items,
        "minutes": minutes,
        "comments": minutes.comments.select_related("author", "item") if minutes else [],
        "attendance": selectors.attendance_summary(meeting),
        "action_forms": action_forms or {},
    }
