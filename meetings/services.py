"""Every change to meetings, agendas, attendance and minutes goes through here.

Each state change checks the allowed transitions and records its history entry; races are
caught with conditional updates and reported, never silently overwritten.
"""

import datetime
from dataclasses import replace

import holidays
import rules
from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from steering.errors import DomainError
from steering.models import NoticeKind, Person
from steering.notices import notify
from workstreams.enums import PARTICIPANT_ROLES, ChairApproves, Role
from workstreams.models import Group, Membership

from . import invitations, memory, record, selectors, translation
from .enums import (
    AGENDA_OPEN_STATUSES,
    EDITABLE_MINUTES_STATUSES,
    MINUTES_OPEN_STATUSES,
    UPCOMING_STATUSES,
    AttendanceStatus,
    ItemKind,
    MeetingStatus,
    MinutesEventKind,
    MinutesStatus,
    PlannedItemStatus,
    ReplyAnswer,
)
from .models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Minutes,
    MinutesEvent,
    Paper,
    PlannedItem,
    Reply,
    ReviewComment,
)
from .papertext import text_of

# The meeting statuses each transition may start from.
MEETING_TRANSITIONS = {
    "issue_agenda": ({MeetingStatus.PLANNED}, MeetingStatus.AGENDA_ISSUED),
    "reopen_agenda": ({MeetingStatus.AGENDA_ISSUED}, MeetingStatus.PLANNED),
    # Before it takes place a meeting may be put off with no date yet, given a date again, or called off.
    "postpone": (UPCOMING_STATUSES, MeetingStatus.POSTPONED),
    "reschedule": ({MeetingStatus.POSTPONED}, MeetingStatus.PLANNED),
    "cancel": (UPCOMING_STATUSES | {MeetingStatus.POSTPONED}, MeetingStatus.CANCELLED),
    "mark_held": ({MeetingStatus.PLANNED, MeetingStatus.AGENDA_ISSUED}, MeetingStatus.HELD),
    # From here on the meeting follows its minutes: each minutes transition moves it too.
    "start_minutes": ({MeetingStatus.HELD}, MeetingStatus.MINUTES_DRAFT),
    "submit_minutes": ({MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT}, MeetingStatus.AWAITING_APPROVAL),
    "return_minutes": ({MeetingStatus.AWAITING_APPROVAL}, MeetingStatus.MINUTES_DRAFT),
    "approve_minutes": ({MeetingStatus.AWAITING_APPROVAL}, MeetingStatus.APPROVED),
    # Minutes approved before the service, imported from their file.
    "import_minutes": ({MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT}, MeetingStatus.APPROVED),
    "correct_minutes": ({MeetingStatus.APPROVED, MeetingStatus.PUBLISHED}, MeetingStatus.MINUTES_DRAFT),
    "publish_minutes": ({MeetingStatus.APPROVED}, MeetingStatus.PUBLISHED),
}
# The minutes statuses each transition may start from, and where it leads.
MINUTES_TRANSITIONS = {
    "submit": (EDITABLE_MINUTES_STATUSES, MinutesStatus.SUBMITTED),
    "return": ({MinutesStatus.SUBMITTED}, MinutesStatus.RETURNED),
    "approve": ({MinutesStatus.SUBMITTED}, MinutesStatus.APPROVED),
    "import": (EDITABLE_MINUTES_STATUSES, MinutesStatus.APPROVED),
    "correct": ({MinutesStatus.APPROVED}, MinutesStatus.SUPERSEDED),
}


class EditConflict(DomainError):
    """Someone else saved the same item since this person loaded it."""

    def __init__(self, message: str, *, item: AgendaItem):
        super().__init__(message)
        self.item = item


def _log(meeting: Meeting, kind: str, by: Person, *, minutes: Minutes | None = None, detail: str = "") -> MinutesEvent:
    return MinutesEvent.objects.create(
        meeting=meeting, minutes_version=minutes.version if minutes else None, kind=kind, actor=by, detail=detail
    )


def _people_in_roles(meeting: Meeting, roles) -> list[Person]:
    return [
        seat.person
        for seat in Membership.objects.current()
        .filter(group_id=meeting.group_id, role__in=roles, person__is_active=True)
        .select_related("person")
    ]


def _hand_over(event: MinutesEvent, people, kind: str, template: str, **context) -> None:
    """Tells each of ``people`` that the minutes have come to them (or back), once per event."""
    meeting = event.meeting
    url = settings.SITE_URL + reverse("meetings:minutes_review", args=[meeting.pk])
    for person in {person.pk: person for person in people}.values():
        notify(
            person,
            kind,
            f"minutes-event:{event.pk}",
            template=template,
            context={"meeting": meeting, "group": meeting.group, "event": event, **context},
            url=url,
        )


def record_publication(meeting: Meeting) -> None:
    """Published minutes: the meeting follows them (circulation publishes)."""
    _move_meeting(meeting, "publish_minutes")


def _move_meeting(meeting: Meeting, transition: str) -> None:
    sources, target = MEETING_TRANSITIONS[transition]
    updated = Meeting.objects.filter(pk=meeting.pk, status__in=sources).update(status=target)
    if not updated:
        meeting.refresh_from_db(fields=["status"])
        raise DomainError(
            _("This cannot be done while the meeting is ‘%(status)s’. Someone may have changed it a moment ago.")
            % {"status": meeting.get_status_display()}
        )
    meeting.status = target


# Meetings ---------------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(
    group: Group,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    place_en: str = "",
    place_cy: str = "",
    online_link: str = "",
    chair: Person | None = None,
    copy_agenda_from: Meeting | None = None,
) -> Meeting:
    if ends_at and ends_at <= starts_at:
        raise DomainError(_("The meeting must end after it starts"), field="ends_at")
    Group.objects.select_for_update().get(pk=group.pk)  # one number per meeting, even when two are made at once
    number = (group.meetings.aggregate(latest=Max("number"))["latest"] or 0) + 1
    meeting = Meeting.objects.create(
        group=group,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        place_en=place_en,
        place_cy=place_cy,
        online_link=online_link,
        chair=chair,
    )
    if copy_agenda_from is not None:
        _copy_agenda(copy_agenda_from, meeting)
    place_planned_items(meeting)
    if group.invite_when == "scheduled":
        _invite(meeting)
    return meeting


def _invite(meeting: Meeting) -> None:
    """The first invitation, once, to a meeting still to come (a past meeting being recorded is not)."""
    if meeting.invited_at is None and meeting.starts_at > timezone.now():
        invitations.send_invitations(meeting)
        meeting.invited_at = timezone.now()
        meeting.save(update_fields=["invited_at"])


def _copy_agenda(source: Meeting, target: Meeting) -> None:
    fields = ["position", "kind", "title_en", "title_cy", "lead_person_id", "lead_organisation_id"]
    fields += ["lead_text_en", "lead_text_cy", "duration_minutes"]
    copies = {}
    # Top-level items first (NULL parent first on every database), so sub-items find their copy.
    for item in source.items.order_by(F("parent_id").asc(nulls_first=True), "position"):
        copy = AgendaItem(
            meeting=target,
            parent=copies.get(item.parent_id),
            **{name: getattr(item, name) for name in fields},
        )
        copy.save()
        copies[item.pk] = copy


# The forward work programme ---------------------------------------------------------------------


def upcoming_meetings(group: Group) -> list[Meeting]:
    """The group's meetings still to come, soonest first: what planned items are due at."""
    return list(
        group.meetings.filter(status__in=UPCOMING_STATUSES, starts_at__gte=timezone.now()).order_by("starts_at")
    )


def target_of(planned: PlannedItem, upcoming: list[Meeting] | None = None) -> Meeting | None:
    """The meeting a planned item is due at: its own meeting, else the group's first meeting still
    to come on or after its date (or at all); None when that meeting is not scheduled yet.
    ``upcoming`` (``upcoming_meetings``) saves asking for each of many items."""
    if planned.meeting_id:
        return planned.meeting if planned.meeting.status in UPCOMING_STATUSES else None
    upcoming = upcoming_meetings(planned.group) if upcoming is None else upcoming
    after = timezone.now()
    if planned.not_before:
        after = max(after, timezone.make_aware(datetime.datetime.combine(planned.not_before, datetime.time.min)))
    return next((meeting for meeting in upcoming if meeting.starts_at >= after), None)


def plan_item(group: Group, *, by: Person, meeting: Meeting | None = None, **fields) -> PlannedItem:
    """The secretariat plans an item; a member proposes one, until the papers deadline of the
    meeting it is for, and the secretariat accepts or declines it."""
    if meeting is not None and meeting.group_id != group.pk:
        raise DomainError(_("Choose a meeting of this group."), field="meeting")
    manages = rules.has_perm("workstreams.manage_group", by, group)
    if (
        not manages
        and not Membership.objects.current().filter(group=group, person=by, role__in=PARTICIPANT_ROLES).exists()
    ):
        raise DomainError(_("Only the group's members and secretariat can propose items."))
    planned = PlannedItem(group=group, meeting=meeting, proposed_by=by, **fields)
    target = target_of(planned)
    if not manages and target is not None and timezone.localdate() > papers_due(target):
        raise DomainError(
            _(
                "Proposals for the meeting of %(date)s closed with its papers on %(deadline)s. "
                "Propose the item for a later meeting."
            )
            % {
                "date": formats.date_format(timezone.localtime(target.starts_at)),
                "deadline": formats.date_format(papers_due(target)),
            },
            field="meeting",
        )
    if manages:
        planned.status, planned.decided_by, planned.decided_at = PlannedItemStatus.ACCEPTED, by, timezone.now()
    planned.save()
    if manages:
        _place_if_open(planned)
    return planned


@transaction.atomic
def decide_planned_item(planned: PlannedItem, *, accept: bool, by: Person, reason: str = "") -> PlannedItem:
    """The secretariat accepts a proposal (it goes on its meeting's agenda, now if that agenda is
    open) or declines it with a reason; the member who proposed it is told."""
    if not accept and not reason.strip():
        raise DomainError(_("Say why the item is declined."), field="reason")
    updated = PlannedItem.objects.filter(pk=planned.pk, status=PlannedItemStatus.PROPOSED).update(
        status=PlannedItemStatus.ACCEPTED if accept else PlannedItemStatus.DECLINED,
        decided_by=by,
        decided_at=timezone.now(),
        decline_reason="" if accept else reason.strip(),
    )
    if not updated:
        raise DomainError(_("This proposal has been decided already."))
    planned.refresh_from_db()
    if accept:
        _place_if_open(planned)
    notify(
        planned.proposed_by,
        NoticeKind.PROPOSAL_DECIDED,
        f"planned:{planned.pk}:decided",
        template="proposal_decided",
        context={"planned": planned, "group": planned.group},
        url=settings.SITE_URL + reverse("meetings:forward_programme", args=[planned.group.slug]),
    )
    return planned


def _place_if_open(planned: PlannedItem) -> None:
    target = target_of(planned)
    if target is not None and target.status in AGENDA_OPEN_STATUSES:
        place_planned_items(target)


def place_planned_items(meeting: Meeting) -> list[AgendaItem]:
    """Puts on the agenda (still open) every accepted item of the programme due at this meeting,
    before "Any other business", which stays last."""
    if meeting.status not in AGENDA_OPEN_STATUSES:
        return []
    day = timezone.localtime(meeting.starts_at).date()
    due = PlannedItem.objects.filter(group_id=meeting.group_id, status=PlannedItemStatus.ACCEPTED).filter(
        Q(meeting=meeting) | Q(meeting__isnull=True) & (Q(not_before__isnull=True) | Q(not_before__lte=day))
    )
    upcoming = upcoming_meetings(meeting.group)
    due = [planned for planned in due.order_by("proposed_at", "pk") if target_of(planned, upcoming) == meeting]
    placed = []
    for planned in due:
        item = add_item(
            meeting,
            title_en=planned.title_en,
            title_cy=planned.title_cy,
            lead_person=planned.lead_person,
            lead_organisation=planned.lead_organisation,
        )
        PlannedItem.objects.filter(pk=planned.pk).update(status=PlannedItemStatus.PLACED, placed_item=item)
        placed.append(item)
    last = meeting.items.filter(parent=None, kind=ItemKind.ANY_OTHER_BUSINESS).first()
    if placed and last is not None:
        last.position = (meeting.items.filter(parent=None).aggregate(latest=Max("position"))["latest"] or 0) + 1
        last.save(update_fields=["position"])
    return placed


# What an invitation says: a change to any of these sends members an update.
INVITATION_FIELDS = ("starts_at", "ends_at", "place_en", "place_cy", "online_link")


@transaction.atomic
def update_meeting(meeting: Meeting, **fields) -> Meeting:
    """Changes the meeting's details; members already invited get an update with a higher SEQUENCE.
    A postponed meeting given a new time is planned again."""
    if fields.get("ends_at") and fields["ends_at"] <= fields.get("starts_at", meeting.starts_at):
        raise DomainError(_("The meeting must end after it starts"), field="ends_at")
    changed = [name for name in INVITATION_FIELDS if name in fields and fields[name] != getattr(meeting, name)]
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.status == MeetingStatus.POSTPONED and "starts_at" in changed:
        _move_meeting(meeting, "reschedule")
        meeting.status_reason_en = meeting.status_reason_cy = ""
        fields = {**fields, "status_reason_en": "", "status_reason_cy": ""}
    if changed and meeting.invited_at is not None:
        meeting.sequence += 1
        meeting.save(update_fields=[*fields, "sequence"])
        invitations.send_invitations(meeting, template="invitation_update")
    else:
        meeting.save(update_fields=list(fields))
    return meeting


@transaction.atomic
def postpone_meeting(
    meeting: Meeting,
    *,
    reason_en: str,
    reason_cy: str,
    by: Person,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
) -> Meeting:
    """Puts the meeting off: to a new time (members get the new time), or with no date yet
    (their calendars have it removed until one is set)."""
    if not reason_en.strip() or not reason_cy.strip():
        raise DomainError(_("Give the reason in English and in Welsh."), field="reason_en")
    if starts_at is not None and starts_at <= timezone.now():
        raise DomainError(_("The new time must be in the future."), field="starts_at")
    meeting.status_reason_en, meeting.status_reason_cy = reason_en, reason_cy
    if starts_at is None:
        _move_meeting(meeting, "postpone")
    elif meeting.status not in UPCOMING_STATUSES:
        raise DomainError(
            _("This cannot be done while the meeting is ‘%(status)s’. Someone may have changed it a moment ago.")
            % {"status": meeting.get_status_display()}
        )
    else:
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        if ends_at and ends_at <= starts_at:
            raise DomainError(_("The meeting must end after it starts"), field="ends_at")
    meeting.sequence += 1
    meeting.save(update_fields=["status_reason_en", "status_reason_cy", "starts_at", "ends_at", "sequence"])
    if meeting.invited_at is not None:
        invitations.send_invitations(meeting, template="meeting_postponed")
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, reason_en: str, reason_cy: str, by: Person) -> Meeting:
    """Calls the meeting off; members' calendars have it removed."""
    if not reason_en.strip() or not reason_cy.strip():
        raise DomainError(_("Give the reason in English and in Welsh."), field="reason_en")
    _move_meeting(meeting, "cancel")
    meeting.status_reason_en, meeting.status_reason_cy = reason_en, reason_cy
    meeting.sequence += 1
    meeting.save(update_fields=["status_reason_en", "status_reason_cy", "sequence"])
    if meeting.invited_at is not None:
        invitations.send_invitations(meeting, template="meeting_cancelled")
    return meeting


@transaction.atomic
def issue_agenda(meeting: Meeting) -> None:
    """Fixes the agenda; members are invited now if the group invites on issue, and the agenda
    pack is built and its link sent to them by the worker. Every text of the agenda goes out in
    Welsh too; a paper's file may still go in English only (the secretariat is warned first)."""
    if not meeting.items.exists():
        raise DomainError(_("Add at least one item before issuing the agenda."))
    missing = selectors.agenda_missing_welsh(meeting)
    if missing:
        raise DomainError(
            _("The agenda cannot be issued while Welsh is missing, at: %(where)s.") % {"where": ", ".join(missing)}
        )
    _move_meeting(meeting, "issue_agenda")
    meeting.agenda_issued_at = timezone.now()
    meeting.save(update_fields=["agenda_issued_at"])
    _invite(meeting)
    from .tasks import issue_pack

    issue_pack.delay_on_commit(meeting_id=meeting.pk)


def reopen_agenda(meeting: Meeting) -> None:
    _move_meeting(meeting, "reopen_agenda")


@transaction.atomic
def mark_held(meeting: Meeting, *, by: Person) -> Minutes:
    """The meeting took place: the minutes' first version is opened for writing."""
    _move_meeting(meeting, "mark_held")
    minutes = Minutes.objects.create(meeting=meeting, version=1)
    _log(meeting, MinutesEventKind.STARTED, by, minutes=minutes)
    return minutes


# Agenda -----------------------------------------------------------------------------------------


def _check_agenda_open(meeting: Meeting) -> None:
    if meeting.status not in AGENDA_OPEN_STATUSES:
        raise DomainError(_("The agenda has been issued, so its items cannot change. Reopen the agenda first."))


@transaction.atomic
def add_item(meeting: Meeting, *, parent: AgendaItem | None = None, **fields) -> AgendaItem:
    _check_agenda_open(meeting)
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise DomainError(_("A sub-item belongs under an item of the same meeting, one level deep."))
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    siblings = meeting.items.filter(parent=parent)
    position = (siblings.aggregate(latest=Max("position"))["latest"] or 0) + 1
    return AgendaItem.objects.create(meeting=meeting, parent=parent, position=position, **fields)


def update_item(item: AgendaItem, **fields) -> AgendaItem:
    _check_agenda_open(item.meeting)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=list(fields))
    return item


@transaction.atomic
def move_item(item: AgendaItem, *, up: bool) -> None:
    """Swaps the item with its neighbour among its siblings; the numbers follow the new order."""
    _check_agenda_open(item.meeting)
    siblings = AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id, parent_id=item.parent_id)
    neighbour = (
        siblings.filter(position__lt=item.position).order_by("-position")
        if up
        else siblings.filter(position__gt=item.position).order_by("position")
    ).first()
    if neighbour is None:
        return
    item.position, neighbour.position = neighbour.position, item.position
    item.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])


@transaction.atomic
def remove_item(item: AgendaItem) -> None:
    _check_agenda_open(item.meeting)
    if item.minutes_en or item.minutes_cy or item.decisions.exists() or item.actions.exists():
        raise DomainError(_("This item has minutes, decisions or actions, so it cannot be removed."))
    item.delete()


def papers_due(meeting: Meeting) -> datetime.date:
    """The day the meeting's papers are due: the group's number of working days before it,
    weekends and Welsh bank holidays not counted."""
    day = timezone.localtime(meeting.starts_at).date()
    wales = holidays.country_holidays("GB", subdiv="WLS", years=range(day.year - 1, day.year + 1))
    left = meeting.group.papers_deadline_days
    while left:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in wales:
            left -= 1
    return day


def add_paper(item: AgendaItem, *, by: Person, **fields) -> Paper:
    """A paper after its deadline is marked late; one added to an issued agenda updates the pack."""
    meeting = item.meeting
    late = timezone.localdate() > papers_due(meeting)
    paper = Paper.objects.create(item=item, uploaded_by=by, late=late, **fields)
    extract_paper_text(paper)
    _pack_changed(meeting)
    return paper


@transaction.atomic
def add_paper_welsh(paper: Paper, *, title_cy: str, file_cy=None) -> Paper:
    """The Welsh of a paper that came in English first: its title, and its Welsh version when it
    arrives (a new file replaces the one before). On an issued agenda the pack is built again."""
    stored = Paper.objects.select_for_update().get(pk=paper.pk)
    replaced = stored.file_cy if file_cy and stored.file_cy else None
    changed = ["title_cy"] if title_cy != stored.title_cy else []
    paper.title_cy = title_cy
    if file_cy:
        paper.file_cy, paper.filename_cy = file_cy, file_cy.name
        changed += ["file_cy", "filename_cy"]
    if not changed:
        return paper
    paper.save(update_fields=changed)
    if replaced:
        transaction.on_commit(lambda: replaced.storage.delete(replaced.name))
    if file_cy:
        extract_paper_text(paper)
    _pack_changed(paper.item.meeting)
    return paper


def extract_paper_text(paper: Paper) -> None:
    """The words of each of the paper's files, kept for search; a file that cannot be read gives none."""
    paper.text_en = text_of(paper.file_en, paper.filename_en) if paper.file_en else ""
    paper.text_cy = text_of(paper.file_cy, paper.filename_cy) if paper.file_cy else ""
    paper.save(update_fields=["text_en", "text_cy"])


def remove_paper(paper: Paper) -> None:
    meeting = paper.item.meeting
    for field in (paper.file_en, paper.file_cy):
        if field:
            transaction.on_commit(lambda field=field: field.storage.delete(field.name))
    paper.delete()
    _pack_changed(meeting)


def _pack_changed(meeting: Meeting) -> None:
    if meeting.agenda_issued_at is not None and meeting.status == MeetingStatus.AGENDA_ISSUED:
        meeting.pack_changed_at = timezone.now()
        meeting.save(update_fields=["pack_changed_at"])
        from .tasks import issue_pack

        issue_pack.delay_on_commit(meeting_id=meeting.pk)


# Replies to the invitation ----------------------------------------------------------------------


def check_replies_open(meeting: Meeting) -> None:
    """Members reply until the meeting takes place (or is called off)."""
    if meeting.status not in UPCOMING_STATUSES or meeting.date_passed_unrecorded:
        raise DomainError(
            _("Replies are closed: the meeting is ‘%(status)s’.") % {"status": meeting.get_status_display()}
        )


def reply(
    meeting: Meeting,
    membership: Membership,
    *,
    answer: str,
    by: Person,
    deputy_name: str = "",
    deputy_email: str = "",
    note: str = "",
) -> Reply:
    """A member's answer, until the meeting takes place; a second answer replaces the first."""
    check_replies_open(meeting)
    if membership.group_id != meeting.group_id:
        raise DomainError(_("Only members of the group reply to its meetings."))
    if answer == ReplyAnswer.DEPUTY and not deputy_name.strip():
        raise DomainError(_("Enter the name of the person coming in your place"), field="deputy_name")
    if answer != ReplyAnswer.DEPUTY:
        deputy_name = deputy_email = ""
    answered, _created = Reply.objects.update_or_create(
        meeting=meeting,
        membership=membership,
        defaults={
            "answer": answer,
            "deputy_name": deputy_name.strip(),
            "deputy_email": deputy_email.strip(),
            "note": note.strip(),
            "answered_by": by,
        },
    )
    return answered


def chase_replies(meeting: Meeting, *, by: Person) -> int:
    """Reminds each invited member who has not replied; once a day at most. Returns how many."""
    if meeting.status not in UPCOMING_STATUSES or meeting.invited_at is None:
        raise DomainError(_("Only members invited to a meeting still to come can be reminded to reply."))
    replied = set(meeting.replies.values_list("membership_id", flat=True))
    day = timezone.localdate().isoformat()
    chased = 0
    for membership in invitations.invited(meeting):
        if membership.pk in replied:
            continue
        notice = notify(
            membership.person,
            NoticeKind.REPLY_CHASE,
            f"meeting:{meeting.pk}:chase:{day}",
            template="reply_chase",
            context={
                "meeting": meeting,
                "group": meeting.group,
                "reply_url": invitations.reply_url(meeting, membership.person),
            },
            url=invitations.reply_url(meeting, membership.person),
        )
        chased += notice is not None
    return chased


# Attendance -------------------------------------------------------------------------------------


NOT_READ = object()  # attendance_open's minutes, when the caller has not read them


def attendance_open(meeting: Meeting, minutes: Minutes | object | None = NOT_READ) -> bool:
    """Attendance feeds the minutes: it changes before they are written and while a version is
    being written (a correction included), never under minutes with the chair or approved.
    ``minutes``: the newest version (``selectors.current_minutes``, None if there is none), when
    the caller has read it already."""
    if minutes is NOT_READ:
        minutes = selectors.current_minutes(meeting)
    return minutes is None or minutes.status in EDITABLE_MINUTES_STATUSES


def check_attendance_open(meeting: Meeting) -> None:
    if not attendance_open(meeting):
        raise DomainError(
            _(
                "The attendance is part of minutes that are with the chair or approved, so it cannot change now. "
                "To correct approved minutes, open a correction."
            )
        )


@transaction.atomic
def record_attendance(meeting: Meeting, rows: list[dict], *, by: Person) -> None:
    """Sets each member's attendance; ``rows`` hold membership, status and deputising_for."""
    check_attendance_open(meeting)
    deputies = {answer.membership_id: answer for answer in meeting.replies.filter(answer=ReplyAnswer.DEPUTY)}
    for row in rows:
        named = deputies.get(row["membership"].pk)
        if named and row["status"] == AttendanceStatus.APOLOGIES:
            # The deputy the member named in their reply joins the register, once.
            Attendance.objects.get_or_create(
                meeting=meeting,
                membership=None,
                deputising_for=row["membership"],
                defaults={
                    "name": named.deputy_name,
                    "organisation": row["membership"].organisation,
                    "status": AttendanceStatus.PRESENT,
                },
            )
        Attendance.objects.update_or_create(
            meeting=meeting,
            membership=row["membership"],
            defaults={
                "status": row["status"],
                "deputising_for": row.get("deputising_for"),
                "organisation": row["membership"].organisation,
            },
        )
    minutes = selectors.current_minutes(meeting)
    if minutes:
        _log(meeting, MinutesEventKind.ATTENDANCE, by, minutes=minutes)


def add_guest(meeting: Meeting, *, name: str, organisation, deputising_for: Membership | None = None) -> Attendance:
    check_attendance_open(meeting)
    return Attendance.objects.create(
        meeting=meeting,
        name=name,
        organisation=organisation,
        status=AttendanceStatus.PRESENT,
        deputising_for=deputising_for,
    )


@transaction.atomic
def record_imported_attendance(meeting: Meeting, rows, *, by: Person) -> None:
    """The attendance that imported minutes record (``actions.importing.Attending``): members
    by their seat, and others by their name as written, each with a status."""
    check_attendance_open(meeting)
    for row in rows:
        if row.membership is not None:
            Attendance.objects.update_or_create(
                meeting=meeting,
                membership=row.membership,
                defaults={"status": row.status, "organisation": row.membership.organisation},
            )
        else:
            Attendance.objects.create(
                meeting=meeting, name=row.name[:200], organisation=row.organisation, status=row.status
            )
    minutes = selectors.current_minutes(meeting)
    if rows and minutes:
        _log(meeting, MinutesEventKind.ATTENDANCE, by, minutes=minutes)


def remove_guest(attendance: Attendance) -> None:
    check_attendance_open(attendance.meeting)
    if attendance.membership_id:
        raise DomainError(_("Members stay on the attendance list; mark them absent instead."))
    attendance.delete()


# Writing the minutes ----------------------------------------------------------------------------


def editable_minutes(meeting: Meeting, minutes: Minutes | None = None) -> Minutes:
    """The version being written, or a message that says why none can be written now.
    ``minutes``: the newest version, when the caller has read it already."""
    minutes = minutes or selectors.current_minutes(meeting)
    if minutes is None or meeting.status not in MINUTES_OPEN_STATUSES:
        raise DomainError(
            _("The minutes cannot be changed now: the meeting is ‘%(status)s’.")
            % {"status": meeting.get_status_display()}
        )
    if minutes.status not in EDITABLE_MINUTES_STATUSES:
        raise DomainError(
            _("The minutes cannot be changed now: they are ‘%(status)s’.") % {"status": minutes.get_status_display()}
        )
    return minutes


@transaction.atomic
def save_item_minutes(item: AgendaItem, *, minutes_en: str, minutes_cy: str, revision: int, by: Person) -> AgendaItem:
    """Saves one item's minute text, unless someone saved a newer text since ``revision``."""
    meeting = item.meeting
    minutes = editable_minutes(meeting)
    updated = AgendaItem.objects.filter(pk=item.pk, minutes_revision=revision).update(
        minutes_en=minutes_en,
        minutes_cy=minutes_cy,
        minutes_revision=F("minutes_revision") + 1,
        minutes_updated_by=by,
        minutes_updated_at=timezone.now(),
    )
    item.refresh_from_db()
    if not updated:
        raise EditConflict(
            _(
                "%(person)s saved this item while you were editing it. Their text is shown beside yours: "
                "copy what you need into the boxes and save again."
            )
            % {"person": item.minutes_updated_by or _("Someone")},
            item=item,
        )
    if meeting.status == MeetingStatus.HELD:
        _move_meeting(meeting, "start_minutes")
    _log(meeting, MinutesEventKind.ITEM_EDITED, by, minutes=minutes, detail=selectors.item_number(item))
    return item


def add_decision(item: AgendaItem, *, text_en: str, text_cy: str, by: Person) -> Decision:
    minutes = editable_minutes(item.meeting)
    decision = Decision.objects.create(item=item, text_en=text_en, text_cy=text_cy, created_by=by)
    _log(item.meeting, MinutesEventKind.DECISION_ADDED, by, minutes=minutes, detail=selectors.item_number(item))
    return decision


def remove_decision(decision: Decision, *, by: Person) -> None:
    minutes = editable_minutes(decision.item.meeting)
    decision.delete()
    _log(
        decision.item.meeting,
        MinutesEventKind.DECISION_REMOVED,
        by,
        minutes=minutes,
        detail=selectors.item_number(decision.item),
    )


def awaiting_welsh(minutes: Minutes) -> bool:
    """Approved in English (``Group.chair_approves``), its Welsh still to be completed."""
    return (
        minutes.status == MinutesStatus.APPROVED
        and minutes.approved_languages == "en"
        and minutes.welsh_completed_at is None
    )


def welsh_open_minutes(meeting: Meeting, minutes: Minutes | None = None) -> Minutes:
    """The version whose Welsh may be written now: the one being written, or one the chair
    approved in English whose Welsh is still to come. Nothing else of an approved version opens.
    ``minutes``: the newest version, when the caller has read it already."""
    minutes = minutes or selectors.current_minutes(meeting)
    if minutes is not None and awaiting_welsh(minutes):
        return minutes
    return editable_minutes(meeting, minutes)


@transaction.atomic
def import_translation(meeting: Meeting, upload, *, by: Person) -> list:
    """Fills the Welsh from a translator's file (XLSX or XLIFF): into the version being written,
    or into one approved in English, whose Welsh is then completed when the file leaves none missing."""
    minutes = welsh_open_minutes(meeting)
    changes = translation.import_file(meeting, upload)
    if changes:
        _log(meeting, MinutesEventKind.TRANSLATION_IMPORTED, by, minutes=minutes, detail=str(len(changes)))
    if awaiting_welsh(minutes) and not translation.missing_welsh(record.build(minutes)):
        complete_welsh(minutes, by=by)
    return changes


@transaction.atomic
def save_welsh(item: AgendaItem, welsh_by_key: dict[str, str], *, revision: int, by: Person) -> list:
    """The Welsh of one item's texts from the Welsh page, unless its minutes were saved since
    ``revision``; completing the Welsh of an approved version stays a step of its own there."""
    meeting = item.meeting
    minutes = welsh_open_minutes(meeting)
    if AgendaItem.objects.filter(pk=item.pk).values_list("minutes_revision", flat=True).first() != revision:
        raise DomainError(
            _("Someone saved this item's minutes while you were translating them. Reload the page and check them.")
        )
    changes = translation.fill_welsh(meeting, welsh_by_key)
    if changes:
        _log(meeting, MinutesEventKind.ITEM_EDITED, by, minutes=minutes, detail=selectors.item_number(item))
    return changes


@transaction.atomic
def complete_welsh(minutes: Minutes, *, by: Person) -> None:
    """Freezes the Welsh of a version approved in English: the approved record with the Welsh of
    its texts, who, when and its SHA-256. The approval, its snapshot and its hash stay as they were."""
    if not rules.has_perm("meetings.manage_meeting", by, minutes.meeting):
        raise DomainError(_("Only the group's secretariat can complete the Welsh of approved minutes."))
    if not awaiting_welsh(minutes):
        raise DomainError(_("Only minutes approved in English wait for their Welsh to be completed."))
    completed_at = timezone.now()
    try:
        completed = record.with_welsh(
            record.of(minutes), record.build(minutes), record.Approval(by.full_name, completed_at)
        )
    except record.EnglishChanged as error:
        raise DomainError(
            _(
                "The English at item %(where)s is no longer the English the chair approved (an action reworded in "
                "the action log, perhaps). Put it back, or correct the minutes."
            )
            % {"where": ", ".join(error.where)}
        ) from None
    missing = translation.missing_welsh(completed)
    if missing:
        raise DomainError(
            _("The Welsh cannot be completed while it is missing, at: %(where)s.") % {"where": ", ".join(missing)}
        )
    snapshot = completed.as_dict()
    fields = {
        "welsh_completed_by": by,
        "welsh_completed_at": completed_at,
        "welsh_snapshot": snapshot,
        "welsh_hash": record.content_hash(snapshot),
    }
    if not Minutes.objects.filter(pk=minutes.pk, status=MinutesStatus.APPROVED, welsh_completed_at=None).update(
        **fields
    ):
        raise DomainError(_("Someone completed the Welsh of these minutes a moment ago. Look again before going on."))
    for name, value in fields.items():
        setattr(minutes, name, value)
    _log(minutes.meeting, MinutesEventKind.WELSH_COMPLETED, by, minutes=minutes, detail=minutes.welsh_hash[:12])
    memory.learn(minutes)


def log_action_change(item: AgendaItem, *, added: bool, by: Person) -> None:
    """For the actions app: an action recorded on, or removed from, an item's minutes."""
    minutes = editable_minutes(item.meeting)
    kind = MinutesEventKind.ACTION_ADDED if added else MinutesEventKind.ACTION_REMOVED
    _log(item.meeting, kind, by, minutes=minutes, detail=selectors.item_number(item))


# Approval ---------------------------------------------------------------------------------------


def _move_minutes(minutes: Minutes, transition: str, **fields) -> None:
    sources, target = MINUTES_TRANSITIONS[transition]
    updated = Minutes.objects.filter(pk=minutes.pk, status__in=sources).update(status=target, **fields)
    if not updated:
        minutes.refresh_from_db()
        raise DomainError(
            _("The minutes are now ‘%(status)s’: someone changed them a moment ago. Look again before going on.")
            % {"status": minutes.get_status_display()}
        )
    minutes.status = target
    for name, value in fields.items():
        setattr(minutes, name, value)


@transaction.atomic
def submit_minutes(minutes: Minutes, *, by: Person) -> None:
    meeting = minutes.meeting
    editable_minutes(meeting)
    if not any(item.minutes_en.strip() for item in meeting.items.all()):
        raise DomainError(_("Write the minutes of at least one item before submitting them."))
    _move_minutes(minutes, "submit", submitted_at=timezone.now())
    _move_meeting(meeting, "submit_minutes")
    event = _log(meeting, MinutesEventKind.SUBMITTED, by, minutes=minutes)
    approvers = [
        person
        for person in [*_people_in_roles(meeting, (Role.CHAIR, Role.VICE_CHAIR)), meeting.chair]
        if person is not None and rules.has_perm("meetings.approve_minutes", person, meeting)
    ]
    _hand_over(event, approvers, NoticeKind.MINUTES_SUBMITTED, "minutes_submitted", minutes=minutes)


def add_review_comment(minutes: Minutes, *, item: AgendaItem | None, text: str, by: Person) -> ReviewComment:
    if minutes.status != MinutesStatus.SUBMITTED:
        raise DomainError(_("Comments can be added while the minutes wait for approval."))
    comment = ReviewComment.objects.create(minutes=minutes, item=item, author=by, text=text)
    _log(
        minutes.meeting,
        MinutesEventKind.COMMENTED,
        by,
        minutes=minutes,
        detail=selectors.item_number(item) if item else "",
    )
    return comment


@transaction.atomic
def return_minutes(minutes: Minutes, *, by: Person) -> None:
    if not minutes.comments.exists():
        raise DomainError(_("Add a comment saying what to change before returning the minutes."))
    _move_minutes(minutes, "return")
    _move_meeting(minutes.meeting, "return_minutes")
    event = _log(minutes.meeting, MinutesEventKind.RETURNED, by, minutes=minutes)
    comments = list(minutes.comments.select_related("author", "item").order_by("created_at"))
    secretariat = _people_in_roles(minutes.meeting, (Role.SECRETARIAT,))
    _hand_over(event, secretariat, NoticeKind.MINUTES_RETURNED, "minutes_returned", minutes=minutes, comments=comments)


@transaction.atomic
def approve_minutes(minutes: Minutes, *, by: Person) -> None:
    """Freezes the exact text that was approved, with who, when and its SHA-256."""
    if not rules.has_perm("meetings.approve_minutes", by, minutes.meeting):
        raise DomainError(
            _("Only the group's chair, or its vice-chair when chairing the meeting, can approve minutes.")
        )
    approved_at = timezone.now()
    approved = record.build(minutes, approval=record.Approval(by.full_name, approved_at))
    missing = translation.missing_welsh(approved)
    if missing and minutes.meeting.group.chair_approves == ChairApproves.BOTH:
        raise DomainError(
            _(
                "In this group the chair approves the English and the Welsh together, and the Welsh is missing at: "
                "%(where)s."
            )
            % {"where": ", ".join(missing)}
        )
    snapshot = approved.as_dict()
    _move_minutes(
        minutes,
        "approve",
        approved_by=by,
        approved_at=approved_at,
        snapshot=snapshot,
        content_hash=record.content_hash(snapshot),
        approved_languages="en" if missing else "both",
    )
    _move_meeting(minutes.meeting, "approve_minutes")
    event = _log(minutes.meeting, MinutesEventKind.APPROVED, by, minutes=minutes, detail=minutes.content_hash[:12])
    if not missing:
        memory.learn(minutes)
    # What is left before publication: the Welsh still missing, then publishing.
    secretariat = _people_in_roles(minutes.meeting, (Role.SECRETARIAT,))
    _hand_over(
        event, secretariat, NoticeKind.MINUTES_APPROVED, "minutes_approved", minutes=minutes, missing=len(missing)
    )


@transaction.atomic
def record_imported_minutes(minutes: Minutes, *, filename: str, by: Person) -> None:
    """Minutes approved before the service, as their file records them: frozen as approved at
    once, marked as imported from ``filename`` (the page and the PDF say so), with no chair's
    approval asked or told. Their Welsh may be completed afterwards, as after an approval in English."""
    approved_at = timezone.now()
    approved = replace(
        record.build(minutes, approval=record.Approval(by.full_name, approved_at)), imported_from=filename
    )
    missing = translation.missing_welsh(approved)
    snapshot = approved.as_dict()
    _move_minutes(
        minutes,
        "import",
        approved_by=by,
        approved_at=approved_at,
        snapshot=snapshot,
        content_hash=record.content_hash(snapshot),
        approved_languages="en" if missing else "both",
        imported_from=filename,
    )
    _move_meeting(minutes.meeting, "import_minutes")
    _log(minutes.meeting, MinutesEventKind.IMPORTED, by, minutes=minutes, detail=filename[:200])
    if not missing:
        memory.learn(minutes)


@transaction.atomic
def start_correction(minutes: Minutes, *, reason_en: str, reason_cy: str, by: Person) -> Minutes:
    """Approved minutes are never changed: a correction opens a new version to approve again."""
    meeting = minutes.meeting
    _move_minutes(minutes, "correct")
    correction = Minutes.objects.create(
        meeting=meeting, version=minutes.version + 1, correction_reason_en=reason_en, correction_reason_cy=reason_cy
    )
    _move_meeting(meeting, "correct_minutes")
    _log(meeting, MinutesEventKind.CORRECTION, by, minutes=correction)
    return correction


def record_agreement(minutes: Minutes, *, at_meeting: Meeting, by: Person) -> None:
    """The group agreed these minutes at a later meeting ("the minutes were agreed")."""
    if minutes.status != MinutesStatus.APPROVED:
        raise DomainError(_("Only approved minutes can be recorded as agreed."))
    if at_meeting.group_id != minutes.meeting.group_id or at_meeting.starts_at <= minutes.meeting.starts_at:
        raise DomainError(_("Minutes are agreed at a later meeting of the same group."))
    updated = Minutes.objects.filter(pk=minutes.pk, agreed_at_meeting__isnull=True).update(agreed_at_meeting=at_meeting)
    if not updated:
        raise DomainError(_("These minutes are already recorded as agreed."))
    minutes.agreed_at_meeting = at_meeting
    _log(minutes.meeting, MinutesEventKind.AGREED, by, minutes=minutes, detail=str(at_meeting.number))
