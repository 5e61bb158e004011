"""Approved minutes are one frozen record: what members receive is what the chair approved."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from actions import services as action_services
from meetings import circulation, record, services
from meetings.enums import AttendanceStatus, ItemKind
from meetings.models import Attendance, Decision
from meetings.pdf import render_minutes_pdf
from workstreams.models import GlossaryEntry

STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)


@pytest.fixture
def approved(cast):
    """A meeting approved by the chair: items, a sub-item of a reserved item, a decision, an action."""
    group = cast.group
    group.name_en, group.name_cy = "ALN Steering Group", "Grŵp Llywio ADY"
    group.save()
    GlossaryEntry.objects.create(
        group=group, acronym_en="SG", acronym_cy="GLl", expansion_en="Steering Group", expansion_cy="Grŵp Llywio"
    )
    meeting = services.create_meeting(group, starts_at=STARTS, place_en="Cardiff", place_cy="Caerdydd")
    welcome = services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    reserved = services.add_item(meeting, title_en="Staffing", title_cy="Staffio", kind=ItemKind.RESERVED)
    sub_item = services.add_item(meeting, parent=reserved, title_en="Pay award", title_cy="Dyfarniad cyflog")
    minutes = services.mark_held(meeting, by=cast.secretariat)
    services.record_attendance(
        meeting,
        [{"membership": m, "status": AttendanceStatus.PRESENT} for m in group.memberships.all()],
        by=cast.secretariat,
    )
    services.save_item_minutes(
        welcome,
        minutes_en="The SG welcomed everyone.",
        minutes_cy="Croesawodd y GLl bawb.",
        revision=0,
        by=cast.secretariat,
    )
    services.save_item_minutes(
        sub_item,
        minutes_en="Confidential pay figures.",
        minutes_cy="Ffigurau cyflog cyfrinachol.",
        revision=0,
        by=cast.secretariat,
    )
    services.add_decision(
        welcome, text_en="The SG agreed the agenda.", text_cy="Cytunodd y GLl ar yr agenda.", by=cast.secretariat
    )
    action = action_services.record_action(
        welcome,
        text_en="WG to circulate the paper.",
        text_cy="LlC i ddosbarthu'r papur.",
        owner_person=cast.member,
        owner_organisation=None,
        due_date=datetime.date(2022, 9, 27),
        by=cast.secretariat,
    )
    services.submit_minutes(minutes, by=cast.secretariat)
    services.approve_minutes(minutes, by=cast.chair)
    minutes.refresh_from_db()
    return {"meeting": meeting, "minutes": minutes, "welcome": welcome, "action": action}


def _pdf_text(pdf: bytes) -> str:
    return " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _main(response) -> str:
    """The page's main content, as sent."""
    return re.search(r"<main.*?</main>", response.content.decode(), re.S)[0]


def _change_everything_that_feeds_the_minutes(cast, approved, word: str):
    meeting, welcome, action = approved["meeting"], approved["welcome"], approved["action"]
    action_services.edit_action(
        action,
        text_en=f"{word} action",
        text_cy=f"{word} cam",
        owner_person=cast.chair,
        owner_organisation=None,
        due_date=datetime.date(2030, 1, 1),
    )
    Decision.objects.filter(item=welcome).update(text_en=f"{word} decision", text_cy=f"{word} penderfyniad")
    type(welcome).objects.filter(pk=welcome.pk).update(title_en=f"{word} title", minutes_en=f"{word} minute")
    Attendance.objects.filter(meeting=meeting).update(status=AttendanceStatus.APOLOGIES)
    GlossaryEntry.objects.filter(group=meeting.group).update(expansion_en=f"{word} expansion")
    cast.member.full_name = f"{word} Member"
    cast.member.save(update_fields=["full_name"])
    meeting.group.name_en = f"{word} group"
    meeting.group.save(update_fields=["name_en"])


def test_what_is_published_is_what_was_approved_whatever_changed_since(
    approved, cast, client_as, django_capture_on_commit_callbacks
):
    meeting, minutes = approved["meeting"], approved["minutes"]
    as_approved = _pdf_text(render_minutes_pdf(minutes, first="cy"))
    member = client_as(cast.member)
    version_page = _main(member.get(reverse("meetings:minutes_version", args=[meeting.pk, 1])))

    _change_everything_that_feeds_the_minutes(cast, approved, "Changed")
    with django_capture_on_commit_callbacks(execute=True):
        published = circulation.publish_minutes(minutes, by=cast.secretariat)
    published.refresh_from_db()

    emailed = _pdf_text(published.pdf.open("rb").read())
    assert emailed == as_approved
    assert "WG to circulate the paper." in emailed and "Changed" not in emailed
    assert _main(member.get(reverse("meetings:minutes_version", args=[meeting.pk, 1]))) == version_page
    public_page = _main(member.get(reverse("meetings:published", args=[meeting.pk, 1, "en"])))
    _change_everything_that_feeds_the_minutes(cast, approved, "Again")
    assert _main(member.get(reverse("meetings:published", args=[meeting.pk, 1, "en"]))) == public_page
    assert "The SG agreed the agenda." in public_page and "Changed" not in public_page
    # The hash, recomputed from the frozen version, is the one stored at approval.
    frozen = record.of(minutes)
    assert record.content_hash(frozen.as_dict()) == minutes.content_hash == record.content_hash(minutes.snapshot)


def test_a_correction_opened_before_the_worker_renders_does_not_change_the_emailed_version(
    approved, cast, django_capture_on_commit_callbacks
):
    minutes, welcome = approved["minutes"], approved["welcome"]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        circulation.publish_minutes(minutes, by=cast.secretariat)
    # Before the worker takes the job, a correction opens and the draft of version 2 is written.
    services.start_correction(minutes, reason_en="A typo", reason_cy="Gwall teipio", by=cast.secretariat)
    services.save_item_minutes(
        welcome, minutes_en="Version two's text.", minutes_cy="Testun fersiwn dau.", revision=1, by=cast.secretariat
    )
    for callback in queued:
        callback()

    attachment = mail.outbox[0].attachments[0]
    text = _pdf_text(attachment[1])
    assert "The SG welcomed everyone." in text and "Version two" not in text
    assert "Version 1" in text and "DRAFT" not in text
    assert text == _pdf_text(render_minutes_pdf(minutes, first="cy"))


def test_the_record_reads_back_as_it_was_written(approved):
    frozen = record.of(approved["minutes"])
    assert record.Record.from_dict(frozen.as_dict()) == frozen
    items = {item.number: item for item in frozen.items}
    assert (items["2"].reserved, items["2 a)"].reserved, items["1"].reserved) == (True, True, False)
    assert frozen.items[0].actions[0].owner_person == approved["action"].owner_person.full_name
    assert frozen.approval.by == approved["minutes"].approved_by.full_name


def test_a_reserved_items_sub_item_is_withheld_from_the_pdf_and_the_published_page(approved, cast, client_as):
    meeting, minutes = approved["meeting"], approved["minutes"]
    text = _pdf_text(render_minutes_pdf(minutes))
    page = client_as(cast.observer).get(reverse("meetings:minutes_version", args=[meeting.pk, 1])).content.decode()
    assert "Confidential pay figures" not in text and "Pay award" in text
    assert "Confidential pay figures" not in page and "Pay award" in page


def test_an_actions_page_says_when_it_has_changed_since_the_approved_minutes(approved, cast, client_as):
    action = approved["action"]
    client = client_as(cast.member)
    before = client.get(action.get_absolute_url()).content.decode()
    action_services.edit_action(
        action,
        text_en="WG to circulate the revised paper.",
        text_cy="LlC i ddosbarthu'r papur diwygiedig.",
        owner_person=cast.member,
        owner_organisation=None,
        due_date=datetime.date(2022, 10, 4),
    )
    after = client.get(action.get_absolute_url()).content.decode()
    assert "Changed since the minutes" not in before
    assert "Changed since the minutes" in after and "WG to circulate the paper." in after
    assert "WG to circulate the revised paper." in after


def test_after_approval_the_services_refuse_every_change_but_the_action_logs(approved, cast, client_as):
    """Attendance, decisions, minute texts and items change only through a new version; the live
    action log may still be corrected (the approved minutes keep what was agreed)."""
    from steering.errors import DomainError

    meeting, welcome, minutes = approved["meeting"], approved["welcome"], approved["minutes"]
    seat = meeting.group.memberships.first()
    refused = {
        "attendance": lambda: services.record_attendance(
            meeting, [{"membership": seat, "status": AttendanceStatus.ABSENT}], by=cast.secretariat
        ),
        "guest": lambda: services.add_guest(meeting, name="Guest", organisation=None),
        "decision": lambda: services.add_decision(welcome, text_en="New", text_cy="Newydd", by=cast.secretariat),
        "minute": lambda: services.save_item_minutes(
            welcome, minutes_en="New", minutes_cy="Newydd", revision=welcome.minutes_revision, by=cast.secretariat
        ),
        "item title": lambda: services.update_item(welcome, title_en="New"),
        "item": lambda: services.add_item(meeting, title_en="New"),
    }
    outcome = {}
    for what, change in refused.items():
        try:
            change()
        except DomainError:
            outcome[what] = "refused"
        else:
            outcome[what] = "changed"
    assert outcome == dict.fromkeys(refused, "refused")
    assert record.build(minutes).attendance == record.of(minutes).attendance

    secretariat = client_as(cast.secretariat)
    response = secretariat.get(reverse("meetings:attendance", args=[meeting.pk]), follow=True)
    assert "open a correction" in response.content.decode()
    assert f'href="{reverse("meetings:attendance", args=[meeting.pk])}"' not in response.content.decode()

    correction = services.start_correction(minutes, reason_en="Names", reason_cy="Enwau", by=cast.secretariat)
    services.record_attendance(meeting, [{"membership": seat, "status": AttendanceStatus.ABSENT}], by=cast.secretariat)
    assert record.of(correction).attendance != record.of(minutes).attendance
