"""Minutes written elsewhere become minutes of the service: read and proposed
(``meetings/importing``), reviewed by the secretariat, then saved, in one of two ways:

- ``accept``: minutes of a past meeting become a held meeting with its items, minute texts,
  decisions, actions and attendance, its minutes approved and marked imported, and the original
  file(s) kept as a paper;
- ``accept_into``: a draft typed elsewhere (during the meeting, in Word) lands in the minutes being
  written of a meeting of the service, each section in the agenda item the review chose.

In the top layer because it records actions.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import selectors as meeting_selectors
from meetings import services as meeting_services
from meetings.importing.bilingual import combine
from meetings.importing.reading import read
from meetings.models import AgendaItem, Meeting, MinutesImport
from steering.errors import DomainError
from steering.models import Person
from steering.text import ACTION_MAX, DECISION_MAX, MINUTES_MAX
from workstreams.models import Group, Membership, Organisation

from . import services

TITLE_MAX = 300


def propose(group: Group, upload, *, welsh=None, into: Meeting | None = None, by: Person) -> MinutesImport:
    """Reads the file (and the Welsh version, when the minutes came as two files) and keeps what
    it found for review; refuses a file it cannot read, saying which."""
    documents = []
    for field, file in (("file", upload), ("file_cy", welsh)):
        if file is None:
            continue
        if file.size > settings.PAPER_MAX_BYTES:
            raise DomainError(
                _("The file must be smaller than %(size)s") % {"size": filesizeformat(settings.PAPER_MAX_BYTES)},
                field=field,
            )
        try:
            documents.append(read(file.read(), file.name))
        except DomainError as error:
            raise DomainError(error.message, field=field) from None
        file.seek(0)
    proposal = combine(
        documents[0],
        documents[1] if welsh else None,
        meeting_selectors.parties_of(group),
        meeting_selectors.bodies_of(group),
    )
    return MinutesImport.objects.create(
        group=group,
        into=into,
        file=upload,
        filename=upload.name[:255],
        file_cy=welsh or "",
        filename_cy=welsh.name[:255] if welsh else "",
        proposal=proposal,
        created_by=by,
    )


# Who the minutes name ---------------------------------------------------------------------------

HONORIFICS = re.compile(
    r"^(?:(?:dr|mr|mrs|ms|miss|mx|prof|professor|cllr|councillor|cynghorydd|y cynghorydd|sir|dame|rev|"
    r"revd|parch|yr athro|athro|the rt hon|rt hon)\.?\s+)+",
    re.I,
)


def _bare(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)", "", name)  # "(Chair)"
    name = HONORIFICS.sub("", re.sub(r"\s+", " ", name).strip())
    return name.strip(" .,;:").lower()


def match_person(text: str, people) -> tuple[Person | None, str]:
    """The one person of ``people`` the text names, and how ("name", "first name", "surname",
    "initials"); (None, "") when no one, or more than one, matches."""
    bare = _bare(text)
    if not bare:
        return None, ""
    named = {person: _bare(person.full_name).split() for person in people}
    for how, found in (
        ("name", lambda words: " ".join(words) == bare),
        ("first name", lambda words: words[:1] == [bare]),
        ("surname", lambda words: words[-1:] == [bare]),
        # "Jane Smith" for "J Smith" / "J. Smith"
        ("name", lambda words: len(words) > 1 and re.fullmatch(rf"{words[0][0]}\.? ?{re.escape(words[-1])}", bare)),
        (
            "initials",
            lambda words: (
                len(words) > 1
                and re.fullmatch(r"[A-Z]{2,3}", text.strip())
                and "".join(word[0] for word in words) == bare
            ),
        ),
    ):
        matches = [person for person, words in named.items() if words and found(words)]
        if len(matches) == 1:
            return matches[0], how
    return None, ""


def match_organisation(text: str | None, organisations) -> tuple[Organisation | None, str]:
    bare = re.sub(r"^(?:the|all|y|yr)\s+", "", (text or "").strip(), flags=re.I)
    for organisation in organisations:
        if bare in {organisation.acronym_en, organisation.acronym_cy} - {""}:
            return organisation, "acronym"
        if bare.lower() in {organisation.name_en.lower(), organisation.name_cy.lower()} - {""}:
            return organisation, "name"
    return None, ""


def match_owner(text: str | None, people, organisations) -> tuple[Person | None, Organisation | None, str]:
    """The group's person or organisation that the owner as written names, and how it matched
    ("acronym", "name", "first name", "surname", "initials"), for the review page to show."""
    if not text:
        return None, None, ""
    organisation, how = match_organisation(text, organisations)
    if organisation:
        return None, organisation, how
    person, how = match_person(re.sub(r"^(?:the|all)\s+", "", text.strip(), flags=re.I), people)
    return person, None, how


def members_of(group: Group) -> dict[int, Membership]:
    """Each person who has had a seat on the group, by their person id, with their latest seat:
    minutes of the past name people whose seats the service recorded only later."""
    seats = {}
    for seat in Membership.objects.filter(group=group).select_related("person", "organisation").order_by("start_date"):
        seats[seat.person_id] = seat
    return seats


# Saving -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attending:
    """A person the review records on the attendance: a member's seat, or a name as written."""

    status: str
    membership: Membership | None = None
    name: str = ""
    organisation: Organisation | None = None


def _check(decisions: dict, actions: dict) -> None:
    too_long = [text[:60] for pair in decisions.values() for text in pair if len(text) > DECISION_MAX]
    too_long += [text[:60] for action in actions.values() for text in action[:2] if len(text) > ACTION_MAX]
    if too_long:
        raise DomainError(
            _("Shorten these texts, which are longer than the minutes allow: %(texts)s")
            % {"texts": "; ".join(too_long)}
        )
    if any(action[2] is None and action[3] is None for action in actions.values()):
        raise DomainError(_("Choose who owns each action you keep, or untick it."))


def _record(items: dict, decisions: dict, actions: dict, *, by: Person, tell: bool) -> None:
    """The decisions {(index, n): (en, cy)} and actions {(index, n): (en, cy, person,
    organisation, due)} kept by the review, each on the item ``items[index]``."""
    for (index, _n), (text_en, text_cy) in sorted(decisions.items()):
        if index in items:
            meeting_services.add_decision(items[index], text_en=text_en, text_cy=text_cy, by=by)
    for (index, _n), (text_en, text_cy, person, organisation, due) in sorted(actions.items(), key=lambda p: p[0]):
        if index in items:
            services.record_action(
                items[index],
                text_en=text_en,
                text_cy=text_cy,
                owner_person=person,
                owner_organisation=organisation,
                due_date=due,
                by=by,
                tell=tell,
            )


@transaction.atomic
def accept(
    draft: MinutesImport,
    *,
    starts_at: datetime.datetime,
    decisions: dict,
    actions: dict,
    attendance: list[Attending] = (),
    by: Person,
) -> Meeting:
    """Saves the reviewed minutes of a past meeting as a held meeting whose minutes are approved
    and marked imported. ``decisions``: {(item index, n): (en, cy)} kept; ``actions``: {(item
    index, n): (en, cy, person, organisation, due)}, each with an owner. Texts are checked against
    the limits of the pages where they are typed; the original file(s) become a paper of the first item."""
    if draft.meeting_id:
        raise DomainError(_("These minutes have been imported already."))
    if timezone.localdate(starts_at) >= timezone.localdate():
        raise DomainError(_("Imported minutes are of a meeting that has taken place: enter a date in the past."))
    _check(decisions, actions)
    meeting = meeting_services.create_meeting(draft.group, starts_at=starts_at)
    items, parent = {}, None
    for index, entry in enumerate(draft.proposal["items"]):
        title_cy = entry.get("title_cy", "")[:TITLE_MAX]
        title = (entry["title"] or ("" if title_cy else _("Untitled item")))[:TITLE_MAX]
        sub_item = entry.get("level", 1) == 2 and parent is not None
        item = meeting_services.add_item(
            meeting, parent=parent if sub_item else None, title_en=title, title_cy=title_cy
        )
        parent = parent if sub_item else item
        items[index] = item
    if items:
        original = meeting_services.add_paper(
            items[0],
            by=by,
            title_en=_("The minutes as imported: %(name)s") % {"name": draft.filename},
            title_cy=draft.filename_cy,
            file_en=draft.file.name,
            filename_en=draft.filename,
            file_cy=draft.file_cy.name if draft.file_cy else "",
            filename_cy=draft.filename_cy,
        )
        original.late = False  # kept as it was, not sent late
        original.save(update_fields=["late"])
    minutes = meeting_services.mark_held(meeting, by=by)
    for index, entry in enumerate(draft.proposal["items"]):
        minutes_en, minutes_cy = entry["minutes"].strip(), entry.get("minutes_cy", "").strip()
        if minutes_en or minutes_cy:
            meeting_services.save_item_minutes(
                items[index],
                minutes_en=minutes_en[:MINUTES_MAX],
                minutes_cy=minutes_cy[:MINUTES_MAX],
                revision=0,
                by=by,
            )
    _record(items, decisions, actions, by=by, tell=False)
    meeting_services.record_imported_attendance(meeting, attendance, by=by)
    meeting_services.record_imported_minutes(minutes, filename=draft.filename, by=by)
    draft.meeting = meeting
    draft.save(update_fields=["meeting"])
    return meeting


@transaction.atomic
def accept_into(
    draft: MinutesImport,
    *,
    placements: dict[int, AgendaItem],
    decisions: dict,
    actions: dict,
    attendance: list[Attending] = (),
    by: Person,
) -> Meeting:
    """Places a draft typed elsewhere in the minutes being written of ``draft.into``: each
    section's text is added to the item the review chose (``placements``: {section index: item};
    a section not placed is left out, with its decisions and actions), after any text the item
    already has, so nothing saved is lost. Decisions and actions are recorded as the editor
    records them (owners are told); attendance is recorded as on the attendance page."""
    meeting = draft.into
    if draft.meeting_id:
        raise DomainError(_("These minutes have been imported already."))
    meeting_services.editable_minutes(meeting)
    _check(decisions, actions)
    if any(item.meeting_id != meeting.pk for item in placements.values()):
        raise DomainError(_("Choose items of this meeting."))
    texts: dict[int, list[tuple[str, str]]] = {}
    for index, item in placements.items():
        entry = draft.proposal["items"][index]
        texts.setdefault(item.pk, []).append((entry["minutes"].strip(), entry.get("minutes_cy", "").strip()))
    for item in AgendaItem.objects.select_for_update().filter(pk__in=texts):
        added_en = [en for en, _cy in texts[item.pk] if en]
        added_cy = [cy for _en, cy in texts[item.pk] if cy]
        if not added_en and not added_cy:
            continue
        minutes_en = "\n\n".join(filter(None, [item.minutes_en.strip(), *added_en]))
        minutes_cy = "\n\n".join(filter(None, [item.minutes_cy.strip(), *added_cy]))
        if len(minutes_en) > MINUTES_MAX or len(minutes_cy) > MINUTES_MAX:
            raise DomainError(
                _("The text for item %(number)s would be longer than the minutes allow: place less of it there.")
                % {"number": meeting_selectors.item_number(item)}
            )
        meeting_services.save_item_minutes(
            item, minutes_en=minutes_en, minutes_cy=minutes_cy, revision=item.minutes_revision, by=by
        )
    _record(placements, decisions, actions, by=by, tell=True)
    if attendance:
        meeting_services.record_imported_attendance(meeting, attendance, by=by)
    draft.meeting = meeting
    draft.save(update_fields=["meeting"])
    return meeting
