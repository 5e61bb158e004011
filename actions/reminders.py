"""The daily reminders: one digest a day per person, never the same reminder twice.

The sweep reads what is due in batches (its query count grows with batches, not with actions or
people) and hands each person's list to ``send_digest``, which runs as its own Celery task. That
task records the reminders and sends the email in one transaction: the unique constraints on
``ReminderSent`` let only one of two racing workers record them, and a send that fails rolls the
record back so a retry sends it. What is left is the instant between the mail server taking the
message and the commit; the Message-ID is the same for the same person and day, so a repeat in
that instant is recognisable.

Meetings add three kinds: papers due for items a person leads, invitations not yet replied to, and
minutes waiting for the person's approval. The sweep reads them for every meeting at once; each is
asked again through the meetings' own rules (``trusted_groups``, ``invited``, the approval
permission) when the email is made, as actions are through the visibility rule.
"""

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

import rules
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from meetings import invitations
from meetings import selectors as meeting_selectors
from meetings.enums import UPCOMING_STATUSES, ItemKind, MinutesStatus
from meetings.models import AgendaItem, Meeting, Minutes, Paper, Reply
from meetings.services import papers_due
from meetings.visibility import trusted_groups, visible_to
from steering.mail import render_in_both_languages, send_bilingual_email
from steering.models import Notice, NoticeStatus, NoticeTiming, Person
from steering.notices import waiting_for_digest
from workstreams.enums import PARTICIPANT_ROLES, Role
from workstreams.models import Membership

from . import selectors
from .enums import OPEN_STATUSES, ReminderKind, ReminderStatus
from .models import Action, FeedbackRequest, FeedbackResponse, QueuedDigest, ReminderSent, ReminderSweep

logger = logging.getLogger(__name__)

ACTION_HORIZON_DAYS = 7
FEEDBACK_HORIZON_DAYS = 5
# Item leads are reminded from 3 days before the papers deadline until the day itself.
PAPERS_HORIZON_DAYS = 3
# Invited members who have not replied are reminded for the last 14 days before the meeting.
REPLY_HORIZON_DAYS = 14
BATCH_SIZE = 500

# Items that take no paper of their own: nobody is reminded to write one.
PAPERLESS_ITEM_KINDS = frozenset({ItemKind.WELCOME, ItemKind.PREVIOUS_MINUTES, ItemKind.ANY_OTHER_BUSINESS})

# The order in which a digest lists its sections: what waits on the person for a meeting first.
SECTION_ORDER = [
    ReminderKind.MINUTES_TO_REVIEW,
    ReminderKind.REPLY_AWAITED,
    ReminderKind.ACTION_OVERDUE,
    ReminderKind.ACTION_DUE_TOMORROW,
    ReminderKind.ACTION_DUE_SOON,
    ReminderKind.FEEDBACK_TOMORROW,
    ReminderKind.FEEDBACK_SOON,
    ReminderKind.PAPERS_DUE,
]
MEETING_KINDS = frozenset({ReminderKind.PAPERS_DUE, ReminderKind.REPLY_AWAITED, ReminderKind.MINUTES_TO_REVIEW})


@dataclass(frozen=True)
class Reminder:
    kind: str
    action_id: int | None = None
    request_id: int | None = None
    meeting_id: int | None = None

    def as_list(self) -> list:
        """The Celery payload: plain values, in this order (a list of three, from before meetings, still reads)."""
        return [self.kind, self.action_id, self.request_id, self.meeting_id]


@dataclass
class SweepResult:
    emails: int = 0
    people: set = field(default_factory=set)
    lines: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"sent {self.emails} emails to {len(self.people)} people"


def action_kind(due: datetime.date, today: datetime.date) -> str:
    if due < today:
        return ReminderKind.ACTION_OVERDUE
    if due == today + datetime.timedelta(days=1):
        return ReminderKind.ACTION_DUE_TOMORROW
    return ReminderKind.ACTION_DUE_SOON


def collect(today: datetime.date) -> dict[int, list[Reminder]]:
    """Everyone's reminders for the day, read in a fixed number of queries and batches."""
    reminders: dict[int, set[Reminder]] = defaultdict(set)
    owners = selectors.owners_by_seat(today)
    actions = (
        Action.objects.filter(
            status__in=OPEN_STATUSES,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=ACTION_HORIZON_DAYS),
        )
        .values_list("pk", "group_id", "owner_person_id", "owner_organisation_id", "due_date")
        .order_by("pk")
    )
    for pk, group_id, person_id, organisation_id, due in actions.iterator(chunk_size=5000):
        people = set(owners.get((group_id, organisation_id), ())) if organisation_id else set()
        if person_id:
            people.add(person_id)
        kind = action_kind(due, today)
        for person in people:
            reminders[person].add(Reminder(kind, action_id=pk))

    feedback_requests = list(
        FeedbackRequest.objects.filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=FEEDBACK_HORIZON_DAYS)
        ).prefetch_related("organisations")
    )
    if feedback_requests:
        answered = set(
            FeedbackResponse.objects.filter(request__in=feedback_requests).values_list("request_id", "respondent")
        )
        seats = defaultdict(list)
        for group_id, person_id, organisation_id in (
            Membership.objects.current(today)
            .filter(group_id__in={r.group_id for r in feedback_requests}, role__in=PARTICIPANT_ROLES)
            .values_list("group_id", "person_id", "organisation_id")
        ):
            seats[group_id].append((person_id, organisation_id))
        for request in feedback_requests:
            wanted = {o.pk for o in request.organisations.all()}
            kind = (
                ReminderKind.FEEDBACK_TOMORROW
                if request.deadline == today + datetime.timedelta(days=1)
                else ReminderKind.FEEDBACK_SOON
            )
            for person_id, organisation_id in seats[request.group_id]:
                if wanted and organisation_id not in wanted:
                    continue
                key = (
                    f"organisation:{organisation_id}"
                    if request.answer_per == "organisation" and organisation_id
                    else f"person:{person_id}"
                )
                if (request.pk, key) not in answered:
                    reminders[person_id].add(Reminder(kind, request_id=request.pk))
    _collect_meetings(today, reminders, owners)
    return {
        person: sorted(
            items,
            key=lambda r: (SECTION_ORDER.index(r.kind), r.action_id or 0, r.request_id or 0, r.meeting_id or 0),
        )
        for person, items in reminders.items()
    }


def _current(start: datetime.date | None, end: datetime.date | None, on: datetime.date) -> bool:
    """``Membership.objects.current(on)``, asked of one row already read."""
    return (start is None or start <= on) and (end is None or end >= on)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _collect_meetings(
    today: datetime.date, reminders: dict[int, set[Reminder]], owners: dict[tuple[int, int], list[int]]
) -> None:
    """Papers due, replies awaited and minutes to review, for every meeting at once: one query for
    the meetings and, when there are any, one each for their items, memberships, replies and the
    administrators among item leads, however many meetings there are."""
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    meetings = list(
        Meeting.objects.annotate(
            minutes_submitted=Exists(Minutes.objects.filter(meeting=OuterRef("pk"), status=MinutesStatus.SUBMITTED))
        )
        .filter(Q(status__in=UPCOMING_STATUSES, starts_at__gte=start_of_today) | Q(minutes_submitted=True))
        .select_related("group")
        .order_by("pk")
    )
    if not meetings:
        return
    upcoming = [meeting for meeting in meetings if meeting.status in UPCOMING_STATUSES]
    papers_meetings = {
        meeting.pk: meeting
        for meeting in upcoming
        if today <= papers_due(meeting) <= today + datetime.timedelta(days=PAPERS_HORIZON_DAYS)
    }
    reply_meetings = [
        meeting
        for meeting in upcoming
        if meeting.invited_at is not None
        and _local_date(meeting.starts_at) <= today + datetime.timedelta(days=REPLY_HORIZON_DAYS)
    ]
    minutes_meetings = [meeting for meeting in meetings if meeting.minutes_submitted]

    # Every seat in the groups concerned that is current on any day asked about below.
    seats = defaultdict(list)
    groups = {m.group_id for m in [*papers_meetings.values(), *reply_meetings, *minutes_meetings]}
    if groups:
        for row in (
            Membership.objects.filter(group_id__in=groups)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today - datetime.timedelta(days=1)))
            .values_list("pk", "group_id", "person_id", "role", "start_date", "end_date", "person__is_active")
        ):
            seats[row[1]].append(row)

    if papers_meetings:
        items = (
            AgendaItem.objects.filter(meeting_id__in=papers_meetings)
            .exclude(kind__in=PAPERLESS_ITEM_KINDS)
            .filter(Q(lead_person__isnull=False) | Q(lead_organisation__isnull=False))
            .filter(~Exists(Paper.objects.filter(item=OuterRef("pk"))))
            .values_list("meeting_id", "kind", "parent__kind", "lead_person_id", "lead_organisation_id")
        )
        reserved_leads = []
        for meeting_id, kind, parent_kind, person_id, organisation_id in items:
            meeting = papers_meetings[meeting_id]
            reminder = Reminder(ReminderKind.PAPERS_DUE, meeting_id=meeting_id)
            # The organisation's people who take part in the group: trusted with its reserved business.
            for lead in owners.get((meeting.group_id, organisation_id), ()) if organisation_id else ():
                reminders[lead].add(reminder)
            if person_id is None:
                continue
            if ItemKind.RESERVED in (kind, parent_kind):
                reserved_leads.append((person_id, meeting, reminder))
            else:
                reminders[person_id].add(reminder)
        # A reserved item goes only to those who may see the group's confidential business (the
        # rule of ``meetings.visibility.trusted_groups``): its participants, and administrators.
        untrusted = []
        for person_id, meeting, reminder in reserved_leads:
            if any(
                seat_person == person_id and role in PARTICIPANT_ROLES and _current(start, end, today)
                for _pk, _group, seat_person, role, start, end, _active in seats[meeting.group_id]
            ):
                reminders[person_id].add(reminder)
            else:
                untrusted.append((person_id, reminder))
        if untrusted:
            administrators = set(
                Person.objects.filter(pk__in={person_id for person_id, _r in untrusted}, is_superuser=True).values_list(
                    "pk", flat=True
                )
            )
            for person_id, reminder in untrusted:
                if person_id in administrators:
                    reminders[person_id].add(reminder)

    if reply_meetings:
        replied = set(Reply.objects.filter(meeting__in=reply_meetings).values_list("meeting_id", "membership_id"))
        for meeting in reply_meetings:
            # Those ``meetings.invitations.invited`` names: the members on the day, who can sign in.
            on = meeting.starts_at.date()
            for pk, _group, person_id, _role, start, end, active in seats[meeting.group_id]:
                if active and _current(start, end, on) and (meeting.pk, pk) not in replied:
                    reminders[person_id].add(Reminder(ReminderKind.REPLY_AWAITED, meeting_id=meeting.pk))

    for meeting in minutes_meetings:
        # The rule of "meetings.approve_minutes": the chair, or a vice-chair chairing the meeting.
        for _pk, _group, person_id, role, start, end, _active in seats[meeting.group_id]:
            if _current(start, end, today) and (
                role == Role.CHAIR or (role == Role.VICE_CHAIR and meeting.chair_id == person_id)
            ):
                reminders[person_id].add(Reminder(ReminderKind.MINUTES_TO_REVIEW, meeting_id=meeting.pk))


def _key(reminder: Reminder) -> tuple:
    return (reminder.kind, reminder.action_id, reminder.request_id, reminder.meeting_id)


def sweep(today: datetime.date, *, dry_run: bool = False, send_now: bool = False, out=None) -> SweepResult:
    """Finds every person's reminders; drops those already sent today; sends or queues the rest.

    ``send_now`` sends in this process (the management command); otherwise each digest is a
    Celery task, queued after the sweep's reads (beat's daily run).
    """
    from .tasks import send_digest

    result = SweepResult()
    everyone = collect(today)
    # People with notices waiting for their digest get one even with no reminder due.
    with_notices = set(
        Notice.objects.filter(status=NoticeStatus.WAITING, timing=NoticeTiming.DIGEST).values_list(
            "person_id", flat=True
        )
    )
    for person_id in with_notices:
        everyone.setdefault(person_id, [])
    person_ids = sorted(everyone)
    for start in range(0, len(person_ids), BATCH_SIZE):
        if not (dry_run or send_now):
            ReminderSweep.objects.filter(day=today).update(progress_at=timezone.now())
        batch = person_ids[start : start + BATCH_SIZE]
        already = defaultdict(set)
        for person_id, kind, action_id, request_id, meeting_id in ReminderSent.objects.filter(
            day=today, person_id__in=batch
        ).values_list("person_id", "kind", "action_id", "feedback_request_id", "meeting_id"):
            already[person_id].add((kind, action_id, request_id, meeting_id))
        people = Person.objects.filter(pk__in=batch, is_active=True).in_bulk()
        for person_id in batch:
            due = [r for r in everyone[person_id] if _key(r) not in already[person_id]]
            if not (due or person_id in with_notices) or person_id not in people:
                continue
            if dry_run:
                person = people[person_id]
                result.lines.append(
                    f"{person.email}: "
                    + ", ".join(f"{r.kind} {r.action_id or r.request_id or r.meeting_id}" for r in due)
                )
                continue
            payload = [r.as_list() for r in due]
            if send_now:
                try:
                    sent = send_digest_now(person_id=person_id, day=today, reminders=payload)
                except (smtplib.SMTPException, OSError) as error:
                    # Nothing was recorded, so the next run sends it.
                    result.lines.append(f"not sent to {people[person_id].email}: {error}")
                    continue
                if sent:
                    result.emails += 1
                    result.people.add(person_id)
            else:
                # Written down before it is queued: a digest a lost worker took is queued again (``resume``).
                QueuedDigest.objects.update_or_create(
                    person_id=person_id,
                    day=today,
                    defaults={"reminders": payload, "queued_at": timezone.now(), "done_at": None},
                )
                send_digest.delay(person_id=person_id, day=today.isoformat(), reminders=payload)
    return result


# A day's digests with some not done and none tried for this long have lost their worker.
LOST_AFTER = datetime.timedelta(minutes=2)


def digest_tried(person_id: int, day: datetime.date) -> None:
    QueuedDigest.objects.filter(person_id=person_id, day=day).update(tried_at=timezone.now())


def digest_done(person_id: int, day: datetime.date) -> None:
    QueuedDigest.objects.filter(person_id=person_id, day=day).update(done_at=timezone.now())


def sweep_by_beat(today: datetime.date) -> SweepResult:
    """The daily sweep as beat runs it, written down so that a sweep lost with its worker is run again."""
    now = timezone.now()
    ReminderSweep.objects.update_or_create(
        day=today, defaults={"started_at": now, "progress_at": now, "finished_at": None}
    )
    result = sweep(today)
    ReminderSweep.objects.filter(day=today).update(finished_at=timezone.now())
    return result


def lost_sweeps(*, now=None) -> list[datetime.date]:
    """Days whose sweep started and has been silent, unfinished, for ``LOST_AFTER``."""
    now = now or timezone.now()
    return list(
        ReminderSweep.objects.filter(finished_at__isnull=True, progress_at__lte=now - LOST_AFTER).values_list(
            "day", flat=True
        )
    )


def lost_digests(*, now=None) -> list[QueuedDigest]:
    """Digests queued by a sweep and not done, of days on which no digest has been tried for
    ``LOST_AFTER``: a lost worker took them. A day still being worked through is left alone."""
    now = now or timezone.now()
    stale = now - LOST_AFTER
    days = set(QueuedDigest.objects.filter(done_at__isnull=True, queued_at__lte=stale).values_list("day", flat=True))
    busy = set(QueuedDigest.objects.filter(day__in=days, tried_at__gt=stale).values_list("day", flat=True))
    return list(
        QueuedDigest.objects.filter(done_at__isnull=True, queued_at__lte=stale, day__in=days - busy).order_by("pk")
    )


def send_digest_now(*, person_id: int, day: datetime.date, reminders: list[list]) -> bool:
    """Records and sends one person's digest; False when there was nothing left to send."""
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        return False
    wanted = [Reminder(*values) for values in reminders]
    with transaction.atomic():
        already = set(
            ReminderSent.objects.filter(person=person, day=day).values_list(
                "kind", "action_id", "feedback_request_id", "meeting_id"
            )
        )
        # What the person may no longer see (the item was made reserved, they became an observer)
        # is not reminded: the one visibility rule, asked again when the email is made.
        visible = set(
            visible_to(person, Action.objects.filter(pk__in=[r.action_id for r in wanted if r.action_id])).values_list(
                "pk", flat=True
            )
        )
        # A meeting's reminder is asked again of the meetings' rules: a paper may have come, a reply
        # been given, the minutes approved, or the person no longer be one who may see or approve.
        meeting_entries = _meeting_entries(person, [r for r in wanted if _key(r) not in already], day)
        due = [
            r
            for r in wanted
            if _key(r) not in already
            and (not r.action_id or r.action_id in visible)
            and (r.kind not in MEETING_KINDS or (r.kind, r.meeting_id) in meeting_entries)
        ]
        waiting = list(waiting_for_digest(person))
        if not due and not waiting:
            return False
        rows = [
            ReminderSent(
                person=person,
                kind=r.kind,
                action_id=r.action_id,
                feedback_request_id=r.request_id,
                meeting_id=r.meeting_id,
                day=day,
            )
            for r in due
        ]
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(rows)
        except IntegrityError:
            # Another worker is sending this digest right now; it is theirs.
            logger.info("Reminders for person %s on %s are being sent by another worker", person.pk, day)
            return False
        message = build_digest(person, due, day, notices=waiting, meeting_entries=meeting_entries)
        # Marked sent in the same transaction as the send: a failure leaves them waiting for the next digest.
        Notice.objects.filter(pk__in=[notice.pk for notice in waiting]).update(
            status=NoticeStatus.SENT, sent_at=timezone.now()
        )
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as error:
            ReminderSent.objects.filter(pk__in=[row.pk for row in rows]).update(status=ReminderStatus.BOUNCED)
            Notice.objects.filter(pk__in=[notice.pk for notice in waiting]).update(status=NoticeStatus.REFUSED)
            reason = str(error)
            transaction.on_commit(lambda: report_bounce(person, reason))
            return False
    return True


def _meeting_entries(person: Person, reminders: list[Reminder], day: datetime.date) -> dict[tuple[str, int], dict]:
    """(kind, meeting) → what the digest says of each meeting reminder that still applies to the
    person, asked of the meetings' own rules; a reminder that no longer applies has no entry."""
    wanted = [r for r in reminders if r.kind in MEETING_KINDS and r.meeting_id]
    if not wanted:
        return {}
    meetings = Meeting.objects.select_related("group").in_bulk({r.meeting_id for r in wanted})
    entries = {}
    for reminder in wanted:
        meeting = meetings.get(reminder.meeting_id)
        if meeting is None:
            continue
        if reminder.kind == ReminderKind.PAPERS_DUE:
            entry = _papers_entry(person, meeting, day)
        elif reminder.kind == ReminderKind.REPLY_AWAITED:
            entry = _reply_entry(person, meeting)
        else:
            entry = _minutes_entry(person, meeting)
        if entry is not None:
            entries[(reminder.kind, meeting.pk)] = {"meeting": meeting, **entry}
    return entries


def _papers_entry(person: Person, meeting: Meeting, day: datetime.date) -> dict | None:
    """The meeting's items the person leads (by name, or for the organisation they take part for)
    that have no paper yet, while the papers deadline is near; reserved ones only if they may see them."""
    if meeting.status not in UPCOMING_STATUSES:
        return None
    due = papers_due(meeting)
    if not day <= due <= day + datetime.timedelta(days=PAPERS_HORIZON_DAYS):
        return None
    organisations = (
        Membership.objects.current(day)
        .filter(person=person, group_id=meeting.group_id, role__in=PARTICIPANT_ROLES)
        .exclude(organisation=None)
        .values("organisation_id")
    )
    items = list(
        meeting.items.exclude(kind__in=PAPERLESS_ITEM_KINDS)
        .filter(Q(lead_person=person) | Q(lead_organisation__in=organisations))
        .filter(~Exists(Paper.objects.filter(item=OuterRef("pk"))))
        .select_related("parent")
    )
    if any(item.is_reserved for item in items):
        trusted = trusted_groups(person)
        if trusted is not None and not trusted.filter(group_id=meeting.group_id).exists():
            items = [item for item in items if not item.is_reserved]
    if not items:
        return None
    # In agenda order: "2" before "2 a)" before "10".
    numbered = sorted(
        ({"number": meeting_selectors.item_number(item), "item": item} for item in items),
        key=lambda entry: [int(part) if part.isdigit() else part for part in entry["number"].split()],
    )
    return {"papers_due": due, "led_items": numbered, "url": settings.SITE_URL + meeting.get_absolute_url()}


def _reply_entry(person: Person, meeting: Meeting) -> dict | None:
    """The invitation, while the meeting is still to come and one of the person's invited seats has not replied."""
    if meeting.status not in UPCOMING_STATUSES or meeting.invited_at is None or meeting.starts_at <= timezone.now():
        return None
    seats = [membership.pk for membership in invitations.invited(meeting) if membership.person_id == person.pk]
    replied = set(
        Reply.objects.filter(meeting=meeting, membership_id__in=seats).values_list("membership_id", flat=True)
    )
    if not set(seats) - replied:
        return None
    return {"url": settings.SITE_URL + reverse("meetings:reply", args=[meeting.pk])}


def _minutes_entry(person: Person, meeting: Meeting) -> dict | None:
    """Minutes waiting for approval, if the person may approve them."""
    waiting = Minutes.objects.filter(meeting=meeting, status=MinutesStatus.SUBMITTED).exists()
    if not waiting or not rules.has_perm("meetings.approve_minutes", person, meeting):
        return None
    return {"url": settings.SITE_URL + reverse("meetings:minutes_review", args=[meeting.pk])}


def build_digest(
    person: Person,
    reminders: list[Reminder],
    day: datetime.date,
    *,
    notices: list[Notice] = (),
    meeting_entries: dict[tuple[str, int], dict] | None = None,
) -> EmailMultiAlternatives:
    actions = visible_to(person, Action.objects.select_related("group")).in_bulk(
        [r.action_id for r in reminders if r.action_id]
    )
    feedback_requests = FeedbackRequest.objects.select_related("group").in_bulk(
        [r.request_id for r in reminders if r.request_id]
    )
    if meeting_entries is None:
        meeting_entries = _meeting_entries(person, reminders, day)

    def entry_of(reminder: Reminder):
        if reminder.kind in MEETING_KINDS:
            return meeting_entries.get((reminder.kind, reminder.meeting_id))
        return actions.get(reminder.action_id) or feedback_requests.get(reminder.request_id)

    sections = []
    for kind in SECTION_ORDER:
        entries = [entry for r in reminders if r.kind == kind and (entry := entry_of(r))]
        if kind in MEETING_KINDS:
            entries.sort(key=lambda entry: entry["meeting"].starts_at)
        if entries:
            sections.append({"kind": kind, "entries": entries})
    context = {
        "person": person,
        "sections": sections,
        "meeting_kinds": sorted(MEETING_KINDS),
        "notices": notices,
        "day": day,
        "site_url": settings.SITE_URL,
        "my_work_url": settings.SITE_URL + reverse("actions:my_work"),
    }
    first = person.preferred_language
    subjects = render_in_both_languages("emails/digest_subject.txt", context, first=first)
    texts = render_in_both_languages("emails/digest.txt", context, first=first)
    htmls = render_in_both_languages("emails/digest.html", context, first=first)
    message = EmailMultiAlternatives(
        subject=" / ".join(" ".join(s.split()) for s in subjects),
        body=("\n\n" + "-" * 60 + "\n\n").join(texts),
        to=[person.email],
        headers={
            "Message-ID": f"<digest-{person.pk}-{day.isoformat()}@{settings.SITE_URL.split('//')[-1].split('/')[0]}>"
        },
    )
    html = "\n<hr>\n".join(htmls)
    message.attach_alternative(f'<!DOCTYPE html><html lang="{first}"><body>{html}</body></html>', "text/html")
    return message


def report_bounce(person: Person, reason: str) -> None:
    """Tells the secretariat of each of the person's groups that their address was refused."""
    groups = Membership.objects.current().filter(person=person).values("group_id")
    secretariat = Person.objects.filter(
        memberships__in=Membership.objects.current().filter(role=Role.SECRETARIAT, group_id__in=groups)
    ).distinct()
    for member in secretariat:
        send_bilingual_email(
            to=member.email,
            subject_template="emails/bounce_subject.txt",
            body_template="emails/bounce.txt",
            context={"person": person, "reason": reason},
            first=member.preferred_language,
        )
