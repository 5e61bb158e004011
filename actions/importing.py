"""Minutes written elsewhere become a meeting of the service: read and proposed
(``meetings/importing``), reviewed by the secretariat, then saved as a held meeting with its
items, minute texts, decisions and actions, its minutes approved and marked imported, and the
original file kept as a paper. In the top layer because it records actions.
"""

import datetime
import re

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import selectors as meeting_selectors
from meetings import services as meeting_services
from meetings.importing.parsing import parse
from meetings.importing.reading import read
from meetings.models import MinutesImport
from steering.errors import DomainError
from steering.models import Person
from steering.text import ACTION_MAX, DECISION_MAX, MINUTES_MAX
from workstreams.models import Group, Organisation

from . import services

TITLE_MAX = 300


def propose(group: Group, upload, *, by: Person) -> MinutesImport:
    """Reads the file and keeps what it found for review; refuses a file it cannot read."""
    if upload.size > settings.PAPER_MAX_BYTES:
        raise DomainError(
            _("The file must be smaller than %(size)s") % {"size": filesizeformat(settings.PAPER_MAX_BYTES)},
            field="file",
        )
    data = upload.read()
    document = read(data, upload.name)
    proposal = parse(document, parties=meeting_selectors.parties_of(group))
    upload.seek(0)
    return MinutesImport.objects.create(
        group=group,
        file=upload,
        filename=upload.name[:255],
        proposal={**proposal.for_review(), "text": [block.text for block in document.blocks]},
        created_by=by,
    )


def match_owner(text: str | None, people, organisations) -> tuple[Person | None, Organisation | None, str]:
    """The group's person or organisation that the owner as written names, and how it matched
    ("acronym", "name", "first name", "surname"), for the review page to show."""
    if not text:
        return None, None, ""
    bare = re.sub(r"^(?:the|all)\s+", "", text.strip(), flags=re.I)
    for organisation in organisations:
        if bare in {organisation.acronym_en, organisation.acronym_cy} - {""}:
            return None, organisation, "acronym"
        if bare.lower() in {organisation.name_en.lower(), organisation.name_cy.lower()} - {""}:
            return None, organisation, "name"
    for person in people:
        if bare.lower() == person.full_name.lower():
            return person, None, "name"
    for how, part in (("first name", 0), ("surname", -1)):
        named = [person for person in people if person.full_name.split() and person.full_name.split()[part] == bare]
        if len(named) == 1:
            return named[0], None, how
    return None, None, ""


@transaction.atomic
def accept(draft: MinutesImport, *, starts_at: datetime.datetime, decisions: dict, actions: dict, by: Person):
    """Saves the reviewed minutes as a held meeting whose minutes are approved and marked imported.

    ``decisions``: {(item index, n): text} kept; ``actions``: {(item index, n): (text, person,
    organisation, due)} kept, each with an owner. Texts are checked against the limits of the
    pages where they are typed; the original file becomes a paper of the first item.
    """
    if draft.meeting_id:
        raise DomainError(_("These minutes have been imported already."))
    if timezone.localdate(starts_at) >= timezone.localdate():
        raise DomainError(_("Imported minutes are of a meeting that has taken place: enter a date in the past."))
    too_long = [text[:60] for text in decisions.values() if len(text) > DECISION_MAX]
    too_long += [action[0][:60] for action in actions.values() if len(action[0]) > ACTION_MAX]
    if too_long:
        raise DomainError(
            _("Shorten these texts, which are longer than the minutes allow: %(texts)s")
            % {"texts": "; ".join(too_long)}
        )
    if any(person is None and organisation is None for _text, person, organisation, _due in actions.values()):
        raise DomainError(_("Choose who owns each action you keep, or untick it."))
    meeting = meeting_services.create_meeting(draft.group, starts_at=starts_at)
    items, parent = [], None
    for entry in draft.proposal["items"]:
        title = (entry["title"] or _("Untitled item"))[:TITLE_MAX]
        sub_item = entry.get("level", 1) == 2 and parent is not None
        item = meeting_services.add_item(meeting, parent=parent if sub_item else None, title_en=title)
        parent = parent if sub_item else item
        items.append(item)
    if items:
        original = meeting_services.add_paper(
            items[0],
            by=by,
            title_en=_("The minutes as imported: %(name)s") % {"name": draft.filename},
            file_en=draft.file.name,
            filename_en=draft.filename,
        )
        original.late = False  # kept as it was, not sent late
        original.save(update_fields=["late"])
    minutes = meeting_services.mark_held(meeting, by=by)
    for item, entry in zip(items, draft.proposal["items"], strict=True):
        if entry["minutes"].strip():
            meeting_services.save_item_minutes(
                item, minutes_en=entry["minutes"][:MINUTES_MAX], minutes_cy="", revision=0, by=by
            )
    for (index, _n), text in sorted(decisions.items()):
        meeting_services.add_decision(items[index], text_en=text, text_cy="", by=by)
    for (index, _n), (text, person, organisation, due) in sorted(actions.items(), key=lambda pair: pair[0]):
        services.record_action(
            items[index],
            text_en=text,
            text_cy="",
            owner_person=person,
            owner_organisation=organisation,
            due_date=due,
            by=by,
            tell=False,
        )
    meeting_services.record_imported_minutes(minutes, filename=draft.filename, by=by)
    draft.meeting = meeting
    draft.save(update_fields=["meeting"])
    return meeting
