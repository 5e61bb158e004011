"""Every change to actions goes through here."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from meetings import services as meeting_services
from meetings.models import AgendaItem
from steering.errors import DomainError
from steering.models import Person

from .models import Action


@transaction.atomic
def record_action(
    item: AgendaItem,
    *,
    text_en: str,
    text_cy: str,
    owner_person: Person | None,
    owner_organisation,
    due_date: datetime.date | None,
    by: Person,
) -> Action:
    """An action arising from an item of the minutes: it is in the group's action log at once."""
    if owner_person is None and owner_organisation is None:
        raise DomainError(_("Choose who owns the action: a person, an organisation or both"), field="owner_person")
    meeting_services.log_action_change(item, added=True, by=by)
    return Action.objects.create(
        group_id=item.meeting.group_id,
        item=item,
        text_en=text_en,
        text_cy=text_cy,
        owner_person=owner_person,
        owner_organisation=owner_organisation,
        due_date=due_date,
        created_by=by,
    )


@transaction.atomic
def remove_action(action: Action, *, by: Person) -> None:
    """Only while the minutes it arose in are still being written."""
    if action.item is None:
        raise DomainError(_("Only actions recorded in minutes being written can be removed."))
    meeting_services.log_action_change(action.item, added=False, by=by)
    action.delete()
