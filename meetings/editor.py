"""The minutes editor's page: each item's minute text, its decisions and actions, and the links that
open the one form to record a decision and the one to record an action on the item chosen (the page
fetches each form from the item's own page the first time it is opened)."""

from functools import cache

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from steering.addresses import addresses

from . import selectors
from .forms import ItemMinutesForm


def editor_context(meeting, *, minutes=None, conflict=None, minutes_forms=None) -> dict:
    """What the minutes editor shows; a minute text sent back (refused, or in conflict) is shown as
    sent. ``minutes``: the version being written, when the caller has read it already."""
    agenda = selectors.numbered_agenda(meeting, with_minutes=True, with_papers=False)
    items = selectors.flat_agenda(agenda)
    minutes_forms = minutes_forms or {}
    # Each item's and each row's addresses, each view reversed once for the page.
    save = addresses("meetings:item_minutes_save", meeting.pk)
    welsh = addresses("meetings:welsh_item", meeting.pk)
    add_decision = addresses("meetings:decision_add", meeting.pk)
    add_action = addresses("actions:action_add", meeting.pk)
    remove_decision = addresses("meetings:decision_remove", meeting.pk)
    remove_action = addresses("actions:action_remove", meeting.pk)

    @cache
    def by_date(day):
        return _("by %(date)s") % {"date": date_format(day, "j F Y")}

    for item in items:
        # Set on every item: a missing attribute costs the template a dir() of the item to find out.
        item.conflict = conflict if conflict is not None and conflict.item.pk == item.pk else None
        if item.pk in minutes_forms:
            item.minutes_form = minutes_forms[item.pk]
        else:
            item.minutes_form = ItemMinutesForm(
                initial={
                    "minutes_en": item.minutes_en,
                    "minutes_cy": item.minutes_cy,
                    "revision": item.minutes_revision,
                },
                prefix=f"item-{item.pk}",
            )
        item.save_url, item.welsh_url = save(item.pk), welsh(item.pk)
        item.add_decision_url, item.add_action_url = add_decision(item.pk), add_action(item.pk)
        # The words of each item's buttons and links, translated here: in the template's loop they
        # were a third of the page's time.
        number = {"number": item.number}
        item.save_label = _("Save item %(number)s") % number
        item.add_decision_label = _("Record a decision on item %(number)s") % number
        item.add_action_label = _("Record an action on item %(number)s") % number
        # Read from the prefetched rows once: each .all() is a new queryset.
        item.decision_list, item.action_list = list(item.decisions.all()), list(item.actions.all())
        for decision in item.decision_list:
            decision.remove_url = remove_decision(decision.pk)
        for action in item.action_list:
            action.remove_url = remove_action(action.pk)
            action.due_label = by_date(action.due_date) if action.due_date else ""
    minutes = minutes or selectors.current_minutes(meeting)
    return {
        "meeting": meeting,
        "items": items,
        "minutes": minutes,
        "comments": minutes.comments.select_related("author", "item") if minutes else [],
    }
