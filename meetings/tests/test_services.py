import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import record, selectors, services
from meetings.enums import MeetingStatus, MinutesStatus
from meetings.models import AgendaItem, Meeting, Minutes, Paper
from meetings.tests.test_paper_text import docx_with as _docx
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


# The agenda's Welsh ------------------------------------------------------------------------------


def _english_only_paper(item, title_en="Budget report", title_cy="Adroddiad cyllideb", **fields):
    return Paper.objects.create(
        item=item, title_en=title_en, title_cy=title_cy, file_en=ContentFile(b"%PDF-1.4", name="en.pdf"), **fields
    )


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            lambda meeting, item: Meeting.objects.filter(pk=meeting.pk).update(place_en="Cardiff"),
            "place of the meeting",
        ),
        (lambda meeting, item: AgendaItem.objects.filter(pk=item.pk).update(title_cy=" "), "1 title"),
        (lambda meeting, item: services.add_item(meeting, parent=item, title_en="Membership"), "1 a) title"),
        (lambda meeting, item: AgendaItem.objects.filter(pk=item.pk).update(lead_text_en="WG officials"), "1 lead"),
        (lambda meeting, item: _english_only_paper(item, title_cy=""), "1 title of the paper ‘Budget report’"),
    ],
)
def test_the_agenda_is_not_issued_while_a_text_on_it_has_no_welsh(change, where, meeting, mailoutbox):
    change(meeting, meeting.items.get(parent=None))
    meeting.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.issue_agenda(meeting)
    assert refused.value.message == f"The agenda cannot be issued while Welsh is missing, at: {where}."
    meeting.refresh_from_db()
    assert (meeting.status, meeting.agenda_issued_at, mailoutbox) == (MeetingStatus.PLANNED, None, [])


def test_every_text_of_the_agenda_without_welsh_is_listed_in_the_order_of_the_agenda(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(place_en="Cardiff", place_cy="")
    welcome = meeting.items.get()
    services.add_item(meeting, title_en="Budget", lead_text_en="WG officials", lead_text_cy="Swyddogion LlC")
    _english_only_paper(services.add_item(meeting, parent=welcome, title_en="Pay", title_cy="Cyflog"), title_cy="")
    meeting.refresh_from_db()
    assert selectors.agenda_missing_welsh(meeting) == [
        "place of the meeting",
        "1 a) title of the paper ‘Budget report’",
        "2 title",
    ]


def test_a_paper_without_its_welsh_version_does_not_stop_the_agenda(meeting):
    _english_only_paper(meeting.items.get())
    assert selectors.agenda_missing_welsh(meeting) == []
    services.issue_agenda(meeting)
    assert meeting.status == MeetingStatus.AGENDA_ISSUED


def test_papers_without_their_welsh_version_are_listed_in_the_order_of_the_agenda(meeting):
    welcome = meeting.items.get()
    budget = services.add_item(meeting, title_en="Budget", title_cy="Cyllideb")
    second = _english_only_paper(budget, title_en="Forecast")
    _english_only_paper(budget, title_en="Confidential costs", confidential=True)
    Paper.objects.create(
        item=welcome,
        title_en="Both",
        file_en=ContentFile(b"%PDF", name="a.pdf"),
        file_cy=ContentFile(b"%PDF", name="b.pdf"),
    )
    Paper.objects.create(item=welcome, title_en="Welsh only", file_cy=ContentFile(b"%PDF", name="c.pdf"))
    first = _english_only_paper(services.add_item(meeting, parent=welcome, title_en="Pay", title_cy="Cyflog"))
    found = selectors.papers_without_welsh(meeting)
    assert [(paper.number, paper.title_en) for paper in found] == [
        ("1 a)", first.title_en),
        ("2", second.title_en),
        ("2", "Confidential costs"),
    ]
    assert [selectors.english_only(paper) for paper in Paper.objects.order_by("pk")] == [True, True, False, False, True]


def test_the_welsh_version_of_a_paper_is_added_with_its_text(meeting):
    paper = _english_only_paper(meeting.items.get(), title_cy="")
    upload = SimpleUploadedFile("cyllideb.docx", _docx("Adroddiad ar y gyllideb"))
    services.add_paper_welsh(paper, title_cy="Adroddiad cyllideb", file_cy=upload)
    paper.refresh_from_db()
    assert (paper.title_cy, paper.filename_cy, paper.text_cy) == (
        "Adroddiad cyllideb",
        "cyllideb.docx",
        "Adroddiad ar y gyllideb",
    )
    assert paper.file_cy.name.startswith(f"papers/{meeting.pk}/") and paper.file_cy.name.endswith(".docx")
    assert not selectors.english_only(paper)


def test_a_new_welsh_version_replaces_the_one_before(meeting, django_capture_on_commit_callbacks):
    paper = _english_only_paper(meeting.items.get())
    services.add_paper_welsh(paper, title_cy="Adroddiad", file_cy=SimpleUploadedFile("hen.pdf", b"%PDF-1.4 old"))
    old = paper.file_cy.name
    with django_capture_on_commit_callbacks(execute=True):
        services.add_paper_welsh(paper, title_cy="Adroddiad", file_cy=SimpleUploadedFile("newydd.pdf", b"%PDF-1.4"))
    paper.refresh_from_db()
    assert paper.filename_cy == "newydd.pdf"
    assert not paper.file_cy.storage.exists(old)
    assert paper.file_cy.storage.exists(paper.file_cy.name)


def test_the_welsh_of_a_paper_on_an_issued_agenda_updates_the_pack(meeting, django_capture_on_commit_callbacks):
    paper = _english_only_paper(meeting.items.get())
    services.issue_agenda(meeting)
    assert meeting.pack_changed_at is None
    with django_capture_on_commit_callbacks() as callbacks:
        services.add_paper_welsh(paper, title_cy="Adroddiad", file_cy=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    meeting.refresh_from_db()
    assert meeting.pack_changed_at is not None
    assert len(callbacks) == 1  # the pack is built again, after the commit


def test_the_same_welsh_title_again_changes_nothing(meeting, django_capture_on_commit_callbacks):
    paper = _english_only_paper(meeting.items.get())
    services.issue_agenda(meeting)
    with django_capture_on_commit_callbacks() as callbacks:
        services.add_paper_welsh(paper, title_cy=paper.title_cy)
    meeting.refresh_from_db()
    assert (meeting.pack_changed_at, callbacks) == (None, [])
