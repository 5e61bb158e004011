"""The minutes editor's page: each item's minute text, its decisions and actions, and one form to
record a decision and one to record an action, which the page opens on the item chosen."""

from . import selectors
from .forms import DecisionForm, ItemMinutesForm


def editor_context(meeting, *, conflict=None, minutes_forms=None) -> dict:
    """What the minutes editor shows; a minute text sent back (refused, or in conflict) is shown as sent."""
    agenda = selectors.numbered_agenda(meeting, with_minutes=True)
    items = selectors.flat_agenda(agenda)
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
    minutes = selectors.current_minutes(meeting)
    return {
        "meeting": meeting,
        "items": items,
        "minutes": minutes,
        "comments": minutes.comments.select_related("author", "item") if minutes else [],
        "decision_form": DecisionForm(prefix="decision"),
    }
