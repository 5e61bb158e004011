import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import record, selectors, services
from meetings.enums import MeetingStatus, MinutesStatus
from meetings.models import AgendaItem, Meeting, Minutes
from steering.errors import DomainError
from steering.files import check_document

STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)


@pytest.fixture
def meeting(cast):
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    return meeting


def _meeting_in(meeting, status):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    return meeting


ALLOWED_MEETING = {
    ("issue_agenda", MeetingStatus.PLANNED),
    ("reopen_agenda", MeetingStatus.AGENDA_ISSUED),
    ("mark_held", MeetingStatus.PLANNED),
    ("mark_held", MeetingStatus.AGENDA_ISSUED),
}


@pytest.mark.parametrize("status", MeetingStatus.values)
@pytest.mark.parametrize("transition", ["issue_agenda", "reopen_agenda", "mark_held"])
def test_meeting_transitions_follow_the_map(transition, status, meeting, cast):
    _meeting_in(meeting, status)
    change = getattr(services, transition)
    kwargs = {"by": cast.secretariat} if transition == "mark_held" else {}
    if (transition, status) in ALLOWED_MEETING:
        change(meeting, **kwargs)
        meeting.refresh_from_db()
        assert meeting.status == services.MEETING_TRANSITIONS[transition][1]
    else:
        with pytest.raises(DomainError):
            change(meeting, **kwargs)
        meeting.refresh_from_db()
        assert meeting.status == status


ALLOWED_MINUTES = {
    ("submit", MinutesStatus.DRAFT),
    ("submit", MinutesStatus.RETURNED),
    ("return", MinutesStatus.SUBMITTED),
    ("approve", MinutesStatus.SUBMITTED),
    ("correct", MinutesStatus.APPROVED),
}


# The meeting's status for each of its minutes' (the meeting follows its minutes).
MEETING_FOLLOWS = {
    MinutesStatus.DRAFT: MeetingStatus.MINUTES_DRAFT,
    MinutesStatus.RETURNED: MeetingStatus.MINUTES_DRAFT,
    MinutesStatus.SUBMITTED: MeetingStatus.AWAITING_APPROVAL,
    MinutesStatus.APPROVED: MeetingStatus.APPROVED,
    MinutesStatus.SUPERSEDED: MeetingStatus.MINUTES_DRAFT,
}


@pytest.mark.parametrize("status", MinutesStatus.values)
@pytest.mark.parametrize("transition", ["submit", "return", "approve", "correct"])
def test_minutes_transitions_follow_the_map(transition, status, meeting, cast):
    minutes = services.mark_held(meeting, by=cast.secretariat)
    item = meeting.items.get()
    services.save_item_minutes(item, minutes_en="Text", minutes_cy="Testun", revision=0, by=cast.secretariat)
    Minutes.objects.filter(pk=minutes.pk).update(status=status)
    Meeting.objects.filter(pk=meeting.pk).update(status=MEETING_FOLLOWS[status])
    minutes.refresh_from_db()
    services.add_review_comment(
        minutes, item=None, text="x", by=cast.chair
    ) if status == MinutesStatus.SUBMITTED else None
    calls = {
        "submit": lambda: services.submit_minutes(minutes, by=cast.secretariat),
        "return": lambda: services.return_minutes(minutes, by=cast.chair),
        "approve": lambda: services.approve_minutes(minutes, by=cast.chair),
        "correct": lambda: services.start_correction(
            minutes, reason_en="Typo", reason_cy="Gwall teipio", by=cast.secretariat
        ),
    }
    if (transition, status) in ALLOWED_MINUTES:
        calls[transition]()
        minutes.refresh_from_db()
        assert minutes.status == services.MINUTES_TRANSITIONS[transition][1]
    else:
        with pytest.raises(DomainError):
            calls[transition]()
        minutes.refresh_from_db()
        assert minutes.status == status


def test_a_save_based_on_an_older_text_is_refused_and_shows_the_newer(meeting, cast):
    services.mark_held(meeting, by=cast.secretariat)
    item = meeting.items.get()
    services.save_item_minutes(item, minutes_en="First writer", minutes_cy="", revision=0, by=cast.secretariat)
    with pytest.raises(services.EditConflict) as conflict:
        services.save_item_minutes(item, minutes_en="Second writer", minutes_cy="", revision=0, by=cast.chair)
    assert conflict.value.item.minutes_en == "First writer"
    item.refresh_from_db()
    assert (item.minutes_en, item.minutes_revision) == ("First writer", 1)


def test_agenda_is_fixed_once_issued(meeting):
    services.issue_agenda(meeting)
    with pytest.raises(DomainError, match="cannot change"):
        services.add_item(meeting, title_en="Late")
    assert meeting.items.count() == 1


def test_a_new_meeting_can_start_from_the_previous_agenda(meeting, cast):
    services.add_item(meeting, parent=meeting.items.get(), title_en="Sub-item", title_cy="Is-eitem")
    following = services.create_meeting(
        cast.group, starts_at=STARTS + datetime.timedelta(days=56), copy_agenda_from=meeting
    )
    numbers = [(i.number, i.title_en) for i in selectors.flat_agenda(selectors.numbered_agenda(following))]
    assert numbers == [("1", "Welcome"), ("1 a)", "Sub-item")]
    assert following.number == 2


def test_item_numbers_follow_the_order(meeting):
    second = services.add_item(meeting, title_en="Governance")
    subs = [services.add_item(meeting, parent=second, title_en=f"Sub {n}") for n in range(3)]
    services.move_item(subs[2], up=True)
    numbers = [(i.number, i.title_en) for i in selectors.flat_agenda(selectors.numbered_agenda(meeting))]
    assert numbers == [("1", "Welcome"), ("2", "Governance"), ("2 a)", "Sub 0"), ("2 b)", "Sub 2"), ("2 c)", "Sub 1")]
    subs[1].refresh_from_db()
    assert selectors.item_number(subs[1]) == "2 c)"


def test_an_item_with_minutes_cannot_be_removed(meeting, cast):
    item = meeting.items.get()
    AgendaItem.objects.filter(pk=item.pk).update(minutes_en="Text")
    item.refresh_from_db()
    with pytest.raises(DomainError):
        services.remove_item(item)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("paper.pdf", b"%PDF-1.4 real", None),
        ("paper.exe", b"MZ", "The file must be a PDF, DOCX, ODT or XLSX document"),
        ("paper.pdf", b"<html>not a pdf", "The file is not a real PDF document. Save it again as PDF and upload that"),
        (
            "paper.docx",
            b"PK\x03\x04broken zip",
            "The file is not a real DOCX document. Save it again as DOCX and upload that",
        ),
        ("paper.pdf", b"", "The file is empty"),
    ],
)
def test_uploaded_papers_are_checked_by_their_contents(name, content, message):
    upload = SimpleUploadedFile(name, content)
    if message is None:
        check_document(upload)
    else:
        with pytest.raises(ValidationError) as error:
            check_document(upload)
        assert error.value.messages == [message]


def test_uploaded_papers_have_a_size_limit(settings):
    settings.PAPER_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="smaller than"):
        check_document(SimpleUploadedFile("paper.pdf", b"%PDF-1.4 " + b"x" * 20))


def test_the_hash_is_the_same_in_either_language_and_time_zone(meeting, cast):
    from django.utils import timezone, translation

    item = meeting.items.get()
    Action = item._meta.get_field("actions").related_model
    Action.objects.create(group=cast.group, item=item, text_en="Do", text_cy="Gwneud", owner_person=cast.member)
    hashes = set()
    for language in ("en", "cy"):
        for zone in ("Europe/London", "UTC"):
            with translation.override(language), timezone.override(zone):
                fresh = Meeting.objects.get(pk=meeting.pk)
                hashes.add(record.content_hash(record.build(Minutes(meeting=fresh, version=1)).as_dict()))
    hashes.add(record.content_hash(record.build(Minutes(meeting=meeting, version=1)).as_dict()))
    assert len(hashes) == 1
