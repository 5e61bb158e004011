"""The minutes as a record: everything they show, read once from the meeting and then fixed.

``build(minutes)`` reads a meeting's live rows into a ``Record``; approval stores that record with
the version (``Minutes.snapshot``, ``Record.as_dict``) and its SHA-256 (``content_hash``), and
every reader of an approved version (its page, the public page, the PDF, the email, the check for
missing Welsh) loads it back with ``Record.from_dict`` and reads nothing live. The live draft goes
through the same ``build`` and the same renderer (``meetings/document.py``), so a draft and its
approved version read alike.

The record is plain data: texts in both languages, people and organisations named as they were,
dates as dates. Its ``SCHEMA`` is stored with it; a version approved before the record had a
schema (a looser snapshot) is read by ``_from_first_snapshot``.
"""

import datetime
import hashlib
import json
import types
import typing
from dataclasses import asdict, dataclass, fields, is_dataclass, replace

from django.utils import translation

from workstreams.enums import Role

from . import selectors
from .enums import AttendanceStatus, ItemKind

SCHEMA = 2


@dataclass(frozen=True)
class Words:
    """A text a person wrote, in English and in Welsh (either may be empty)."""

    en: str = ""
    cy: str = ""

    def __bool__(self) -> bool:
        return bool(self.en.strip() or self.cy.strip())

    def get(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class Attendee:
    name: str
    status: str  # AttendanceStatus
    organisation: Words = Words()
    role: str = ""  # the membership's role; empty for someone in attendance who is not a member
    deputising_for: str = ""

    @property
    def member(self) -> bool:
        return bool(self.role)


@dataclass(frozen=True)
class Action:
    text: Words
    owner_person: str = ""
    owner_organisation: Words = Words()
    due_date: datetime.date | None = None
    action_id: int | None = None  # the action log's entry it was agreed as, which may change later


@dataclass(frozen=True)
class Report:
    """A group's highlight report to the meeting, as the minutes record it."""

    group: Words
    no_change: bool = False
    progress: Words = Words()
    risks: Words = Words()
    asks: Words = Words()


@dataclass(frozen=True)
class Item:
    number: str
    level: int  # 1 for an item, 2 for a sub-item
    reserved: bool  # a sub-item of a reserved item is reserved too
    title: Words
    minutes: Words = Words()
    papers: tuple[Words, ...] = ()  # the titles of the papers that are not confidential
    decisions: tuple[Words, ...] = ()
    actions: tuple[Action, ...] = ()
    item_id: int | None = None
    # The item for the reports of the groups under this one lists them (an addition to schema 2:
    # a version approved before it reads as having none).
    reports: tuple[Report, ...] = ()


@dataclass(frozen=True)
class Facts:
    """When and where a meeting is, and who chairs it."""

    number: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = None
    place: Words = Words()
    chair: str = ""


@dataclass(frozen=True)
class Acronym:
    acronym: Words
    expansion: Words


@dataclass(frozen=True)
class Approval:
    by: str
    at: datetime.datetime


@dataclass(frozen=True)
class Record:
    group: Words
    meeting: Facts
    version: int
    attendance: tuple[Attendee, ...] = ()
    attendance_recorded: bool = False
    items: tuple[Item, ...] = ()
    glossary: tuple[Acronym, ...] = ()
    next_meeting: Facts | None = None
    correction_reason: Words = Words()
    approval: Approval | None = None
    schema: int = SCHEMA
    # Who completed the Welsh of a version the chair approved in English, and when (an addition
    # to schema 2: absent from a version approved in both languages).
    welsh_completed: Approval | None = None
    # The file of minutes approved before the service that this version was imported from.
    imported_from: str = ""

    @property
    def approved(self) -> bool:
        return self.approval is not None

    def as_dict(self) -> dict:
        return _plain(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "Record":
        if data.get("schema") != SCHEMA:
            return _from_first_snapshot(data)
        return _typed(cls, data)


def content_hash(snapshot: dict) -> str:
    """The SHA-256 of a stored snapshot, over its canonical JSON: the same text, the same hash."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# Reading the meeting --------------------------------------------------------------------------


def of(minutes) -> Record:
    """What a version of the minutes says: an approved one's frozen record (with its Welsh, once
    completed after an approval in English), or the draft's as it stands."""
    if not minutes.snapshot:
        return build(minutes)
    frozen = Record.from_dict(minutes.welsh_snapshot or minutes.snapshot)
    if frozen.approval is None and minutes.approved_at:
        # A version approved before the record had a schema kept its approval on the row only.
        frozen = replace(
            frozen, version=minutes.version, approval=Approval(minutes.approved_by.full_name, minutes.approved_at)
        )
    return frozen


class EnglishChanged(ValueError):
    """The English of the working rows is no longer the approved English, at ``where``."""

    def __init__(self, where: list[str]):
        super().__init__(", ".join(where))
        self.where = where


def with_welsh(approved: Record, live: Record, completed: Approval) -> Record:
    """The approved record with the Welsh of its texts taken from ``live`` (the working rows as
    they stand): titles, minute texts, decisions, actions and reports; nothing else of it changes.

    Raises ``EnglishChanged`` naming the items (by number) where a text's English is not the
    approved English (an action reworded in the log since, say): its Welsh would translate
    something the chair did not approve.
    """
    if [item.item_id for item in approved.items] != [item.item_id for item in live.items]:
        raise EnglishChanged([item.number for item in approved.items])
    changed: list[str] = []

    def welsh(where: str, frozen: Words, now: Words) -> Words:
        if " ".join(frozen.en.split()) != " ".join(now.en.split()):
            changed.append(where)
            return frozen
        return Words(frozen.en, now.cy)

    def each(where: str, frozen: tuple, now: tuple, take) -> tuple:
        if len(frozen) != len(now):
            changed.append(where)
            return frozen
        return tuple(take(where, old, new) for old, new in zip(frozen, now, strict=True))

    def action(at: str, old: Action, new: Action) -> Action:
        return replace(old, text=welsh(at, old.text, new.text))

    def report(at: str, old: Report, new: Report) -> Report:
        progress, risks = welsh(at, old.progress, new.progress), welsh(at, old.risks, new.risks)
        return replace(old, progress=progress, risks=risks, asks=welsh(at, old.asks, new.asks))

    items = []
    for old, new in zip(approved.items, live.items, strict=True):
        at = old.number
        items.append(
            replace(
                old,
                title=welsh(at, old.title, new.title),
                minutes=welsh(at, old.minutes, new.minutes),
                decisions=each(at, old.decisions, new.decisions, welsh),
                actions=each(at, old.actions, new.actions, action),
                reports=each(at, old.reports, new.reports, report),
            )
        )
    if changed:
        raise EnglishChanged(list(dict.fromkeys(changed)))
    return replace(approved, items=tuple(items), welsh_completed=completed)


def changed_since_minutes(action):
    """The newest approved minutes that record ``action`` (an entry of the action log) and the
    action as they record it, when its wording, owner or due date has changed since; else None."""
    if not action.item_id:
        return None
    now = action_of(action)
    for minutes in selectors.approved_versions(action.item.meeting).order_by("-version"):
        for item in of(minutes).items:
            for agreed in item.actions:
                if agreed.action_id == action.pk:
                    return (minutes, agreed) if agreed != now else None
    return None


def build(minutes, *, approval: Approval | None = None) -> Record:
    """The record of ``minutes`` (a ``Minutes`` version) as the meeting's rows stand now."""
    meeting = minutes.meeting
    group = meeting.group
    with translation.override("en"):
        agenda = selectors.flat_agenda(selectors.numbered_agenda(meeting, with_minutes=True))
    rows = meeting.attendance.select_related(
        "membership__person", "membership__organisation", "organisation", "deputising_for__person"
    )
    _previous, following = selectors.neighbours(meeting)
    return Record(
        group=Words(group.name_en, group.name_cy),
        meeting=_facts(meeting),
        version=minutes.version,
        attendance=tuple(_attendee(row) for row in rows),
        attendance_recorded=bool(rows),
        items=tuple(_item(item) for item in agenda),
        glossary=tuple(
            Acronym(Words(entry.acronym_en, entry.acronym_cy), Words(entry.expansion_en, entry.expansion_cy))
            for entry in group.glossary.all()
        ),
        next_meeting=_facts(following) if following is not None else None,
        correction_reason=Words(minutes.correction_reason_en, minutes.correction_reason_cy),
        approval=approval,
    )


def _facts(meeting) -> Facts:
    return Facts(
        number=meeting.number,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=Words(meeting.place_en, meeting.place_cy),
        chair=meeting.chair.full_name if meeting.chair_id else "",
    )


def _attendee(row) -> Attendee:
    organisation = row.membership.organisation if row.membership_id else row.organisation
    return Attendee(
        name=row.display_name,
        status=row.status,
        organisation=Words(organisation.name_en, organisation.name_cy) if organisation else Words(),
        role=row.membership.role if row.membership_id else "",
        deputising_for=row.deputising_for.person.full_name if row.deputising_for_id else "",
    )


def _item(item) -> Item:
    return Item(
        number=item.number,
        level=2 if item.parent_id else 1,
        reserved=item.is_reserved,
        title=Words(item.title_en, item.title_cy),
        minutes=Words(item.minutes_en, item.minutes_cy),
        papers=tuple(Words(p.title_en, p.title_cy) for p in item.papers.all() if not p.confidential),
        decisions=tuple(Words(d.text_en, d.text_cy) for d in item.decisions.all()),
        actions=tuple(action_of(a) for a in item.actions.all()),
        item_id=item.pk,
        reports=tuple(_report(report) for report in selectors.reports_to(item.meeting))
        if item.kind == ItemKind.GROUP_REPORTS
        else (),
    )


def _report(report) -> Report:
    return Report(
        group=Words(report.group.name_en, report.group.name_cy),
        no_change=report.no_change,
        progress=Words(report.progress_en, report.progress_cy),
        risks=Words(report.risks_en, report.risks_cy),
        asks=Words(report.asks_en, report.asks_cy),
    )


def action_of(action) -> Action:
    """An action of the log as the minutes record it."""
    return Action(
        text=Words(action.text_en, action.text_cy),
        owner_person=action.owner_person.full_name if action.owner_person_id else "",
        owner_organisation=(
            Words(action.owner_organisation.name_en, action.owner_organisation.name_cy)
            if action.owner_organisation_id
            else Words()
        ),
        due_date=action.due_date,
        action_id=action.pk,
    )


# To and from JSON ------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _typed(cls, data):
    """A dataclass back from its plain form, each field by its declared type."""
    values = {}
    for spec in fields(cls):
        if spec.name in data:
            values[spec.name] = _value(spec.type, data[spec.name])
    return cls(**values)


def _value(kind, value):
    if value is None:
        return None
    if typing.get_origin(kind) in (types.UnionType, typing.Union):
        kind = next(option for option in typing.get_args(kind) if option is not type(None))
    if typing.get_origin(kind) is tuple:
        inner = typing.get_args(kind)[0]
        return tuple(_value(inner, item) for item in value)
    if is_dataclass(kind):
        return _typed(kind, value)
    if kind is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    if kind is datetime.date:
        return datetime.date.fromisoformat(value)
    return value


def _from_first_snapshot(data: dict) -> Record:
    """A version approved before the record had a schema: its snapshot, read as well as it can be.

    That snapshot named people and organisations in English only and did not say which items were
    sub-items; a sub-item is known by its number ("2 a)") and takes its item's reserved flag.
    """
    meeting = data.get("meeting", {})
    items, parent_reserved = [], False
    for entry in data.get("items", []):
        sub_item = " " in entry.get("number", "")
        reserved = entry.get("kind") == ItemKind.RESERVED or (sub_item and parent_reserved)
        if not sub_item:
            parent_reserved = reserved
        items.append(
            Item(
                number=entry.get("number", ""),
                level=2 if sub_item else 1,
                reserved=reserved,
                title=Words(entry.get("title_en", ""), entry.get("title_cy", "")),
                minutes=Words(entry.get("minutes_en", ""), entry.get("minutes_cy", "")),
                decisions=tuple(Words(d.get("text_en", ""), d.get("text_cy", "")) for d in entry.get("decisions", [])),
                actions=tuple(_first_action(a) for a in entry.get("actions", [])),
            )
        )
    attendance = []
    for entry in data.get("attendance", []):
        organisation = Words(entry.get("organisation_en", ""), entry.get("organisation_cy", ""))
        for status in (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES):
            attendance += [
                Attendee(
                    name=row.get("name", ""),
                    status=status,
                    organisation=organisation,
                    role=Role.MEMBER,
                    deputising_for=row.get("deputising_for", ""),
                )
                for row in entry.get(status, [])
            ]
    starts = meeting.get("starts_at")
    return Record(
        group=Words(meeting.get("group_en", ""), meeting.get("group_cy", "")),
        meeting=Facts(
            number=meeting.get("number", 0),
            starts_at=datetime.datetime.fromisoformat(starts) if starts else datetime.datetime.min,
            place=Words(meeting.get("place_en", ""), meeting.get("place_cy", "")),
        ),
        version=data.get("version", 1),
        attendance=tuple(attendance),
        attendance_recorded=bool(attendance),
        items=tuple(items),
        schema=1,
    )


def _first_action(entry: dict) -> Action:
    """The first snapshot kept the owner as shown ("Name (Organisation)"), and the organisation apart."""
    shown, organisation = entry.get("owner", ""), entry.get("owner_organisation", "")
    person = "" if shown == organisation else shown.removesuffix(f" ({organisation})") if organisation else shown
    return Action(
        text=Words(entry.get("text_en", ""), entry.get("text_cy", "")),
        owner_person=person,
        owner_organisation=Words(organisation, entry.get("owner_organisation_cy", "")),
        due_date=datetime.date.fromisoformat(entry["due_date"]) if entry.get("due_date") else None,
    )
