import datetime
import io

from django.core.management import call_command
from django.utils import timezone, translation

from actions.models import Action
from meetings import record, selectors
from meetings.enums import AttendanceStatus, ItemKind, MeetingStatus, MinutesStatus
from meetings.models import AgendaItem, Attendance, Decision, Meeting, Minutes, MinutesEvent, Paper
from workstreams.demo import SG_SLUG


def _load():
    call_command("load_demo", stdout=io.StringIO())


def _meeting(number):
    return Meeting.objects.get(group__slug=SG_SLUG, number=number)


def _counts():
    models = (Meeting, AgendaItem, Decision, Action, Attendance, Minutes, MinutesEvent, Paper)
    return [model.objects.count() for model in models]


def _hash_now(meeting):
    with translation.override("en"):
        minutes = meeting.minutes_versions.get()
        again = record.build(minutes, approval=record.Record.from_dict(minutes.snapshot).approval)
        return record.content_hash(again.as_dict())


def test_load_demo_meetings_is_idempotent(db):
    _load()
    first = _counts()
    hash_first = _meeting(1).minutes_versions.get().content_hash
    _load()
    assert _counts() == first
    assert _meeting(1).minutes_versions.get().content_hash == hash_first
    assert _hash_now(_meeting(1)) == hash_first


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
    assert all(row is not None for _membership, row in members_on_the_day)
    assert meeting.attendance.filter(membership=None, name="Rhian Morgan").exists()


def test_demo_lac_action_is_due_on_27_september(db):
    _load()
    action = Action.objects.get(item__meeting=_meeting(1), text_en__contains="LAC scenario paper")
    assert action.due_date == datetime.date(2022, 9, 27)
    assert action.item.title_en == "Looked After Children (LAC)"
    assert action.item.papers.get().file_en.read().startswith(b"%PDF-1.4")
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
    assert meeting.status == MeetingStatus.APPROVED
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_by.email == "chair@example.org"
    assert minutes.approved_by == meeting.chair
    assert minutes.content_hash == _hash_now(meeting)
    assert minutes.content_hash == record.content_hash(minutes.snapshot)


def test_demo_next_meeting_is_planned_for_17_november(db):
    _load()
    meeting = _meeting(2)
    assert timezone.localtime(meeting.starts_at).date() == datetime.date(2022, 11, 17)
    assert meeting.status == MeetingStatus.PLANNED
    agenda = selectors.numbered_agenda(meeting)
    assert ItemKind.PREVIOUS_MINUTES in [item.kind for item in agenda]
    assert all(item.title_cy for item in selectors.flat_agenda(agenda))
