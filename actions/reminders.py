"""The daily reminders: one digest a day per person, never the same reminder twice.

The sweep reads what is due in batches (its query count grows with batches, not with actions or
people) and hands each person's list to ``send_digest``, which runs as its own Celery task. That
task records the reminders and sends the email in one transaction: the unique constraints on
``ReminderSent`` let only one of two racing workers record them, and a send that fails rolls the
record back so a retry sends it. What is left is the instant between the mail server taking the
message and the commit; the Message-ID is the same for the same person and day, so a repeat in
that instant is recognisable.
"""

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from meetings.visibility import visible_to
from steering.mail import render_in_both_languages, send_bilingual_email
from steering.models import Notice, NoticeStatus, NoticeTiming, Person
from steering.notices import waiting_for_digest
from workstreams.enums import PARTICIPANT_ROLES, Role
from workstreams.models import Membership

from . import selectors
from .enums import OPEN_STATUSES, ReminderKind, ReminderStatus
from .models import Action, FeedbackRequest, FeedbackResponse, ReminderSent

logger = logging.getLogger(__name__)

ACTION_HORIZON_DAYS = 7
FEEDBACK_HORIZON_DAYS = 5
BATCH_SIZE = 500

# The order in which a digest lists its sections.
SECTION_ORDER = [
    ReminderKind.ACTION_OVERDUE,
    ReminderKind.ACTION_DUE_TOMORROW,
    ReminderKind.ACTION_DUE_SOON,
    ReminderKind.FEEDBACK_TOMORROW,
    ReminderKind.FEEDBACK_SOON,
]


@dataclass(frozen=True)
class Reminder:
    kind: str
    action_id: int | None = None
    request_id: int | None = None

    def as_list(self) -> list:
        return [self.kind, self.action_id, self.request_id]


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
    return {
        person: sorted(items, key=lambda r: (SECTION_ORDER.index(r.kind), r.action_id or 0, r.request_id or 0))
        for person, items in reminders.items()
    }


def _key(reminder: Reminder) -> tuple:
    return (reminder.kind, reminder.action_id, reminder.request_id)


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
        batch = person_ids[start : start + BATCH_SIZE]
        already = defaultdict(set)
        for person_id, kind, action_id, request_id in ReminderSent.objects.filter(
            day=today, person_id__in=batch
        ).values_list("person_id", "kind", "action_id", "feedback_request_id"):
            already[person_id].add((kind, action_id, request_id))
        people = Person.objects.filter(pk__in=batch, is_active=True).in_bulk()
        for person_id in batch:
            due = [r for r in everyone[person_id] if _key(r) not in already[person_id]]
            if not (due or person_id in with_notices) or person_id not in people:
                continue
            if dry_run:
                person = people[person_id]
                result.lines.append(
                    f"{person.email}: " + ", ".join(f"{r.kind} {r.action_id or r.request_id}" for r in due)
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
                send_digest.delay(person_id=person_id, day=today.isoformat(), reminders=payload)
    return result


def send_digest_now(*, person_id: int, day: datetime.date, reminders: list[list]) -> bool:
    """Records and sends one person's digest; False when there was nothing left to send."""
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        return False
    wanted = [Reminder(kind, action_id, request_id) for kind, action_id, request_id in reminders]
    with transaction.atomic():
        already = set(
            ReminderSent.objects.filter(person=person, day=day).values_list("kind", "action_id", "feedback_request_id")
        )
        # What the person may no longer see (the item was made reserved, they became an observer)
        # is not reminded: the one visibility rule, asked again when the email is made.
        visible = set(
            visible_to(person, Action.objects.filter(pk__in=[r.action_id for r in wanted if r.action_id])).values_list(
                "pk", flat=True
            )
        )
        due = [r for r in wanted if _key(r) not in already and (not r.action_id or r.action_id in visible)]
        waiting = list(waiting_for_digest(person))
        if not due and not waiting:
            return False
        rows = [
            ReminderSent(person=person, kind=r.kind, action_id=r.action_id, feedback_request_id=r.request_id, day=day)
            for r in due
        ]
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(rows)
        except IntegrityError:
            # Another worker is sending this digest right now; it is theirs.
            logger.info("Reminders for person %s on %s are being sent by another worker", person.pk, day)
            return False
        message = build_digest(person, due, day, notices=waiting)
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


def build_digest(
    person: Person, reminders: list[Reminder], day: datetime.date, *, notices: list[Notice] = ()
) -> EmailMultiAlternatives:
    actions = visible_to(person, Action.objects.select_related("group")).in_bulk(
        [r.action_id for r in reminders if r.action_id]
    )
    feedback_requests = FeedbackRequest.objects.select_related("group").in_bulk(
        [r.request_id for r in reminders if r.request_id]
    )
    sections = []
    for kind in SECTION_ORDER:
        entries = [
            actions.get(r.action_id) or feedback_requests.get(r.request_id)
            for r in reminders
            if r.kind == kind and (actions.get(r.action_id) or feedback_requests.get(r.request_id))
        ]
        if entries:
            sections.append({"kind": kind, "entries": entries})
    context = {
        "person": person,
        "sections": sections,
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
