import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from meetings import record, selectors
from meetings.enums import AttendanceStatus, DeliveryStatus, ItemKind, MeetingStatus, MinutesEventKind, MinutesStatus
from meetings.models import AgendaItem, Attendance, Circulation, Decision, Meeting, Minutes, MinutesEvent, Paper
from workstreams.demo import DEMO_PASSWORD, SG_SLUG
from workstreams.models import Membership


def _load():
    call_command("load_demo", stdout=io.StringIO())


def _meeting(number):
    return Meeting.objects.get(group__slug=SG_SLUG, number=number)


def _counts():
    models = (Meeting, AgendaItem, Decision, Action, Attendance, Minutes, MinutesEvent, Paper)
    return [model.objects.count() for model in models]


def test_load_demo_meetings_is_idempotent(db):
    _load()
    first = _counts()
    hash_first = _meeting(1).minutes_versions.get().content_hash
    _load()
    assert _counts() == first
    assert _meeting(1).minutes_versions.get().content_hash == hash_first
    assert record.content_hash(_meeting(1).minutes_versions.get().snapshot) == hash_first


def test_demo_meeting_agenda_numbers_as_the_seed(db):
    _load()
    meeting = _meeting(1)
    agenda = selectors.numbered_agenda(meeting)
    assert len(agenda) == 7
    assert [item.number for item in selectors.flat_agenda(agenda)] == [
        "1",
        "2",
        "2 a)",
        "2 b)",
        "2 c)",
        "3",
        "3 a)",
        "3 b)",
        "4",
        "4 a)",
        "5",
        "5 a)",
        "5 b)",
        "5 c)",
        "6",
        "7",
    ]
    assert agenda[0].kind == ItemKind.WELCOME
    assert agenda[1].children[0].kind == ItemKind.PREVIOUS_MINUTES
    assert agenda[6].kind == ItemKind.ANY_OTHER_BUSINESS
    assert "- Disputes, complaints, parental rights, and Tribunal" in agenda[5].minutes_en


def test_demo_meeting_attendance_has_three_apologies(db):
    _load()
    meeting = _meeting(1)
    apologies = meeting.attendance.filter(status=AttendanceStatus.APOLOGIES).select_related("membership")
    assert apologies.count() == 3
    assert len({row.organisation_id for row in apologies}) == 3
    assert all(row.organisation_id for row in meeting.attendance.all())
    members_on_the_day = selectors.members_for_attendance(meeting)
    assert all(row is not None for _membership, row, _reply in members_on_the_day)
    assert meeting.attendance.filter(membership=None, name="Rhian Morgan").exists()


def test_demo_lac_action_is_due_on_27_september(db):
    _load()
    action = Action.objects.get(item__meeting=_meeting(1), text_en__contains="LAC scenario paper")
    assert action.due_date == datetime.date(2022, 9, 27)
    assert action.item.title_en == "Looked After Children (LAC)"
    assert action.item.papers.get().file_en.read().startswith(b"%PDF-1.4")
    assert not action.item.papers.get().late  # added before the papers deadline of 2022
    assert Action.objects.filter(item__meeting=_meeting(1)).exclude(owner_person=None).exists()


def test_demo_welsh_is_never_missing(db):
    _load()
    items = AgendaItem.objects.all()
    assert items.exists()
    for item in items:
        assert item.title_cy.strip()
        assert bool(item.minutes_cy.strip()) == bool(item.minutes_en.strip())
        assert bool(item.lead_text_cy.strip()) == bool(item.lead_text_en.strip())
    assert Decision.objects.count() >= 4
    assert not Decision.objects.filter(text_cy="").exists()
    assert Action.objects.count() >= 7
    assert not Action.objects.filter(text_cy="").exists()


def test_demo_minutes_are_approved_by_the_chair_with_a_matching_hash(db):
    _load()
    meeting = _meeting(1)
    minutes = meeting.minutes_versions.get()
    assert meeting.status == MeetingStatus.PUBLISHED  # approved, then published
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_by.email == "chair@example.org"
    assert minutes.approved_by == meeting.chair
    assert minutes.content_hash == record.content_hash(minutes.snapshot)
    # The live rows are what was approved, but for the action log's dates, which the secretariat
    # moved on since (a working list; the approved record keeps the dates agreed).
    live = record.build(minutes, approval=record.Record.from_dict(minutes.snapshot).approval)
    frozen = record.Record.from_dict(minutes.snapshot)
    assert [(item.title, item.minutes, item.decisions) for item in live.items] == [
        (item.title, item.minutes, item.decisions) for item in frozen.items
    ]
    assert live.attendance == frozen.attendance


def test_demo_minutes_walked_the_workflow_through_the_services(db):
    _load()
    meeting = _meeting(1)
    minutes = meeting.minutes_versions.get()
    events = list(meeting.minutes_events.order_by("at", "pk").select_related("actor"))
    kinds = [event.kind for event in events]
    assert kinds[:2] == [MinutesEventKind.STARTED, MinutesEventKind.ATTENDANCE]
    assert kinds[-3:] == [MinutesEventKind.SUBMITTED, MinutesEventKind.APPROVED, MinutesEventKind.PUBLISHED]
    # One entry for each minute saved, decision and action recorded: each went through its service.
    written = meeting.items.exclude(minutes_en="")
    assert kinds.count(MinutesEventKind.ITEM_EDITED) == written.count() == written.filter(minutes_revision=1).count()
    assert kinds.count(MinutesEventKind.DECISION_ADDED) == Decision.objects.filter(item__meeting=meeting).count()
    assert kinds.count(MinutesEventKind.ACTION_ADDED) == Action.objects.filter(item__meeting=meeting).count()
    assert {event.actor.email for event in events[:-2] + events[-1:]} == {"secretariat@example.org"}
    approved = events[-2]
    assert (approved.actor, approved.detail, approved.at) == (
        minutes.approved_by,
        minutes.content_hash[:12],
        minutes.approved_at,
    )
    # The snapshot and hash are approve_minutes' own, made on the day the chair approved.
    assert minutes.content_hash == record.content_hash(minutes.snapshot)
    assert record.Record.from_dict(minutes.snapshot).approval == record.Approval("Dr Rhodri Bevan", minutes.approved_at)
    assert timezone.localtime(minutes.approved_at).date() == datetime.date(2022, 10, 3)
    assert not _meeting(2).minutes_events.exists()


def test_demo_meeting_of_17_november_walked_its_cycle_and_is_flagged_as_not_recorded(db):
    """Invited in October 2022, replies (an apology and a deputy among them), the agenda issued
    with its pack, a paper after the deadline; never marked as held, so the secretariat is told."""
    _load()
    meeting = _meeting(2)
    assert timezone.localtime(meeting.starts_at).date() == datetime.date(2022, 11, 17)
    assert meeting.status == MeetingStatus.AGENDA_ISSUED and meeting.date_passed_unrecorded
    assert meeting.invited_at is not None and meeting.pack
    answers = dict(meeting.replies.values_list("membership__person__email", "answer"))
    assert answers["powys@example.org"] == "apologies" and answers["commissioner@example.org"] == "deputy"
    assert [paper.late for paper in Paper.objects.filter(item__meeting=meeting)] == [True]
    assert meeting.pack_changed_at is not None and meeting.pack_built_at >= meeting.pack_changed_at
    agenda = selectors.numbered_agenda(meeting)
    assert ItemKind.PREVIOUS_MINUTES in [item.kind for item in agenda]
    assert all(item.title_cy for item in selectors.flat_agenda(agenda))


def test_demo_has_a_live_cycle_today_and_its_history_is_not_emailed_again(db):
    from django.core import mail

    from actions.models import FeedbackRequest
    from steering.models import Notice, NoticeKind, NoticeStatus

    mail.outbox.clear()
    _load()
    upcoming = Meeting.objects.filter(starts_at__gt=timezone.now()).get()
    assert upcoming.invited_at is not None and upcoming.replies.count() == 4
    assert upcoming.items.exists()  # its agenda starts from the previous one
    today = timezone.localdate()
    assert FeedbackRequest.objects.filter(
        deadline__gte=today, deadline__lte=today + datetime.timedelta(days=5)
    ).exists()
    assert Action.objects.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=7)).count() == 2
    lac = FeedbackRequest.objects.get(title_en="LAC scenario paper")
    assert lac.deadline == datetime.date(2022, 9, 27) and lac.responses.count() == 3
    # What happened in 2022 was told then; only today's invitations and notices go now.
    waiting = Notice.objects.exclude(status=NoticeStatus.SENT)
    assert {notice.kind for notice in waiting} <= {
        NoticeKind.INVITATION,
        NoticeKind.FEEDBACK_OPENED,
        NoticeKind.ACTION_ASSIGNED,
    }
    assert not Notice.objects.filter(key__startswith=f"meeting:{_meeting(2).pk}:").exclude(status=NoticeStatus.SENT)
    reminded_2022 = call_command_output("send_reminders", "--today", "2022-09-23", "--dry-run")
    assert "feedback_soon" in reminded_2022 and "adew@example.org" not in reminded_2022  # ADEW had answered


def call_command_output(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_publishes_meeting_1_to_the_public_naming_organisations_and_emails_nobody_now(db, client):
    _load()
    meeting = _meeting(1)
    published = Circulation.objects.get(minutes__meeting=meeting)
    assert (meeting.group.minutes_are_public, meeting.group.public_names) == (True, False)
    assert published.created_by.email == "secretariat@example.org"
    assert timezone.localtime(published.created_at).date() == datetime.date(2022, 10, 4)
    # Every member of 4 October 2022 had their copy then, at their address; nobody is sent one now.
    deliveries = list(published.deliveries.select_related("person"))
    assert (
        len(deliveries)
        == Membership.objects.current(datetime.date(2022, 10, 4))
        .filter(group=meeting.group)
        .values("person")
        .distinct()
        .count()
    )
    assert {(d.status, d.sent_to == d.person.email, d.times_sent) for d in deliveries} == {
        (DeliveryStatus.SENT, True, 1)
    }
    page = client.get(reverse("meetings:public", args=[SG_SLUG]), headers={"accept-language": "cy"})
    assert reverse("meetings:published", args=[meeting.pk, 1, "cy"]) in page.text
    english = client.get(reverse("meetings:published", args=[meeting.pk, 1, "en"])).text
    assert "Welsh Government" in english and "Siân Pritchard" not in english
    _load()
    assert Circulation.objects.count() == 1


def test_demo_has_someone_in_the_ehe_task_and_finish_group_only(db):
    _load()
    seats = Membership.objects.filter(person__email="ehe-member@example.org")
    assert [seat.group.slug for seat in seats] == ["ehe-task-and-finish-group"]
    assert seats.get().person.check_password(DEMO_PASSWORD)
