"""The whole meeting cycle, driven through the pages as the secretariat and the chair use them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action
from meetings import record, selectors, services
from meetings.enums import AttendanceStatus, ItemKind, MeetingStatus, MinutesStatus
from meetings.models import AgendaItem, Decision, Meeting, Minutes, Paper
from workstreams.enums import Role
from workstreams.tests.factories import MembershipFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _item(meeting, title):
    return AgendaItem.objects.get(meeting=meeting, title_en=title)


def _save_minutes(client, item, english, welsh):
    return client.post(
        reverse("meetings:item_minutes_save", args=[item.meeting_id, item.pk]),
        {
            f"item-{item.pk}-minutes_en": english,
            f"item-{item.pk}-minutes_cy": welsh,
            f"item-{item.pk}-revision": item.minutes_revision,
        },
    )


@pytest.mark.django_db
def test_meeting_cycle_from_scheduling_to_a_corrected_approval(cast, client_as):
    secretariat = client_as(cast.secretariat)

    # Schedule.
    response = secretariat.post(
        reverse("meetings:create", args=[cast.group.slug]),
        {
            **_date("date", datetime.date(2022, 9, 22)),
            "start_time": "10am",
            "end_time": "12:30",
            "place_en": "Online",
            "place_cy": "Ar-lein",
        },
    )
    meeting = Meeting.objects.get(group=cast.group)
    assert response.status_code == 302
    assert (meeting.number, meeting.status) == (1, MeetingStatus.PLANNED)

    # Agenda: items, a sub-item, a paper; reorder.
    add = reverse("meetings:item_add", args=[meeting.pk])
    for title, kind in [
        ("Welcome", ItemKind.WELCOME),
        ("Governance", ItemKind.ORDINARY),
        ("AOB", ItemKind.ANY_OTHER_BUSINESS),
    ]:
        assert secretariat.post(add, {"title_en": title, "title_cy": f"{title} (cy)", "kind": kind}).status_code == 302
    governance = _item(meeting, "Governance")
    secretariat.post(
        f"{add}?parent={governance.pk}",
        {"title_en": "Minutes and actions", "title_cy": "Cofnodion", "kind": ItemKind.PREVIOUS_MINUTES},
    )
    secretariat.post(
        f"{add}?parent={governance.pk}", {"title_en": "Membership", "title_cy": "Aelodaeth", "kind": ItemKind.ORDINARY}
    )
    membership_item = _item(meeting, "Membership")
    secretariat.post(reverse("meetings:item_move", args=[meeting.pk, membership_item.pk]), {"direction": "up"})
    numbers = [(item.number, item.title_en) for item in selectors.flat_agenda(selectors.numbered_agenda(meeting))]
    assert numbers == [
        ("1", "Welcome"),
        ("2", "Governance"),
        ("2 a)", "Membership"),
        ("2 b)", "Minutes and actions"),
        ("3", "AOB"),
    ]
    response = secretariat.post(
        reverse("meetings:paper_add", args=[meeting.pk, governance.pk]),
        {"title_en": "LAC scenario paper", "title_cy": "Papur senario", "file_en": SimpleUploadedFile("lac.pdf", PDF)},
    )
    assert response.status_code == 302
    assert Paper.objects.get(item=governance).filename_en == "lac.pdf"

    # Issue the agenda, warned that the paper goes in English only: items are then fixed.
    issue = reverse("meetings:issue_agenda", args=[meeting.pk])
    assert [paper.title_en for paper in secretariat.get(issue).context["english_only"]] == ["LAC scenario paper"]
    secretariat.post(issue)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_ISSUED
    secretariat.post(add, {"title_en": "Late item", "kind": ItemKind.ORDINARY})
    assert not AgendaItem.objects.filter(title_en="Late item").exists()

    # Held; attendance.
    secretariat.post(reverse("meetings:transition", args=[meeting.pk, "held"]))
    seats = {m.person_id: m for m in cast.group.memberships.all()}
    response = secretariat.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {
            f"member_{seats[cast.chair.pk].pk}": AttendanceStatus.PRESENT,
            f"member_{seats[cast.secretariat.pk].pk}": AttendanceStatus.PRESENT,
            f"member_{seats[cast.member.pk].pk}": AttendanceStatus.APOLOGIES,
            f"member_{seats[cast.observer.pk].pk}": AttendanceStatus.PRESENT,
        },
    )
    assert response.status_code == 302
    assert selectors.attendance_summary(meeting).apologies == 1

    # Minutes, a decision and an action.
    welcome = _item(meeting, "Welcome")
    assert (
        _save_minutes(
            secretariat, welcome, "The SG welcomed new representatives.", "Croesawodd y GLl gynrychiolwyr newydd."
        ).status_code
        == 302
    )
    secretariat.post(
        reverse("meetings:decision_add", args=[meeting.pk, governance.pk]),
        {
            "decision-text_en": "The SG agreed to establish task and finish groups.",
            "decision-text_cy": "Cytunodd y GLl i sefydlu grwpiau gorchwyl a gorffen.",
        },
    )
    secretariat.post(
        reverse("actions:action_add", args=[meeting.pk, governance.pk]),
        {
            "action-text_en": "Members to respond with feedback on the LAC scenario paper.",
            "action-text_cy": "Aelodau i ymateb gydag adborth ar y papur senario.",
            "action-owner_person": cast.member.pk,
            **{f"action-{key}": value for key, value in _date("due_date", datetime.date(2022, 9, 27)).items()},
        },
    )
    assert Decision.objects.filter(item=governance).count() == 1
    action = Action.objects.get(item=governance)
    assert (action.group, action.owner_person, action.due_date) == (cast.group, cast.member, datetime.date(2022, 9, 27))

    # Submit; the chair comments and returns; the secretariat edits and resubmits.
    secretariat.post(reverse("meetings:minutes_transition", args=[meeting.pk, "submit"]))
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == MinutesStatus.SUBMITTED
    chair = client_as(cast.chair)
    chair.post(
        reverse("meetings:minutes_comment", args=[meeting.pk]),
        {"text": "Name the bodies welcomed.", "item": welcome.pk},
    )
    chair.post(reverse("meetings:minutes_transition", args=[meeting.pk, "return"]))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.RETURNED
    secretariat = client_as(cast.secretariat)
    welcome.refresh_from_db()
    _save_minutes(
        secretariat,
        welcome,
        "The SG welcomed new representatives for health boards and ETW.",
        "Croesawodd y GLl gynrychiolwyr newydd o'r byrddau iechyd a TAC.",
    )
    secretariat.post(reverse("meetings:minutes_transition", args=[meeting.pk, "submit"]))

    # Approve: locked, with who, when and the hash of the exact text.
    chair = client_as(cast.chair)
    chair.post(reverse("meetings:minutes_transition", args=[meeting.pk, "approve"]))
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert (minutes.status, minutes.approved_by, meeting.status) == (
        MinutesStatus.APPROVED,
        cast.chair,
        MeetingStatus.APPROVED,
    )
    assert minutes.content_hash == record.content_hash(minutes.snapshot)
    assert minutes.content_hash == record.content_hash(
        record.build(minutes, approval=record.Record.from_dict(minutes.snapshot).approval).as_dict()
    )
    welcome.refresh_from_db()
    secretariat = client_as(cast.secretariat)
    _save_minutes(secretariat, welcome, "Changed after approval", "")
    welcome.refresh_from_db()
    assert welcome.minutes_en == "The SG welcomed new representatives for health boards and ETW."

    # Correct: a new version with a reason; the approved one stays readable; approve again.
    secretariat.post(
        reverse("meetings:minutes_correct", args=[meeting.pk]),
        {"reason_en": "ETW misnamed", "reason_cy": "Enw TAC yn anghywir"},
    )
    _save_minutes(
        secretariat,
        welcome,
        "The SG welcomed new representatives for health boards and the Education Tribunal for Wales.",
        "Croesawodd y GLl gynrychiolwyr newydd o'r byrddau iechyd a Thribiwnlys Addysg Cymru.",
    )
    secretariat.post(reverse("meetings:minutes_transition", args=[meeting.pk, "submit"]))
    client_as(cast.chair).post(reverse("meetings:minutes_transition", args=[meeting.pk, "approve"]))
    versions = {m.version: m for m in Minutes.objects.filter(meeting=meeting)}
    assert (versions[1].status, versions[2].status) == (MinutesStatus.SUPERSEDED, MinutesStatus.APPROVED)
    assert versions[1].content_hash != versions[2].content_hash
    old = client_as(cast.member).get(reverse("meetings:minutes_version", args=[meeting.pk, 1]))
    assert "The SG welcomed new representatives for health boards and ETW." in old.text
    history = client_as(cast.chair).get(reverse("meetings:minutes_history", args=[meeting.pk]))
    assert [event.kind for event in history.context["events"]][:3] == ["approved", "submitted", "item_edited"]

    # At the next meeting, the group agrees them; both meetings show it.
    following = services.create_meeting(
        cast.group, starts_at=meeting.starts_at + datetime.timedelta(days=56), copy_agenda_from=meeting
    )
    client_as(cast.secretariat).post(reverse("meetings:minutes_agree", args=[following.pk]))
    assert Minutes.objects.get(meeting=meeting, version=2).agreed_at_meeting == following
    assert (
        "The minutes of the previous meeting (meeting 1) were agreed."
        in client_as(cast.member).get(following.get_absolute_url()).text
    )
    assert "Agreed by the group at meeting 2." in client_as(cast.member).get(meeting.get_absolute_url()).text


@pytest.mark.django_db
def test_only_the_chair_or_a_chairing_vice_chair_approves(cast, client_as):
    vice_chair = MembershipFactory(group=cast.group, role=Role.VICE_CHAIR).person
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC))
    item = services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    minutes = services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(item, minutes_en="Text", minutes_cy="Testun", revision=0, by=cast.secretariat)
    services.submit_minutes(minutes, by=cast.secretariat)
    approve = reverse("meetings:minutes_transition", args=[meeting.pk, "approve"])
    for person in (cast.secretariat, cast.admin, vice_chair):
        assert client_as(person).post(approve).status_code == 403
    meeting.chair = vice_chair
    meeting.save()
    client_as(vice_chair).post(approve)
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_by) == (MinutesStatus.APPROVED, vice_chair)
