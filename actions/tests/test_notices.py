"""Every hand-over is told to exactly the right people, once, in both languages."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions import reminders
from actions import services as action_services
from actions.enums import AnswerPer
from meetings import services
from meetings.enums import ItemKind
from steering.models import Notice, NoticeKind, NoticeStatus, NoticeTiming


def _recipients():
    return sorted(message.to[0] for message in mail.outbox)


@pytest.fixture
def written(cast, django_capture_on_commit_callbacks):
    """A held meeting whose minutes have been written: one item, and a reserved one."""
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.create_meeting(cast.group, starts_at=timezone.now() - datetime.timedelta(days=2))
        item = services.add_item(meeting, title_en="Plans", title_cy="Cynlluniau")
        reserved = services.add_item(meeting, title_en="Staffing", title_cy="Staffio", kind=ItemKind.RESERVED)
        minutes = services.mark_held(meeting, by=cast.secretariat)
        services.save_item_minutes(item, minutes_en="Agreed.", minutes_cy="Cytunwyd.", revision=0, by=cast.secretariat)
    mail.outbox.clear()
    return meeting, item, reserved, minutes


def test_minutes_go_to_the_chair_back_to_the_secretariat_and_approved_to_the_secretariat(
    written, cast, django_capture_on_commit_callbacks
):
    meeting, item, _reserved, minutes = written
    cast.chair.preferred_language = "cy"
    cast.chair.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_minutes(minutes, by=cast.secretariat)
    assert _recipients() == [cast.chair.email]
    welsh, english = mail.outbox[0].body.split("-" * 60)
    assert "Helo" in welsh and "for approval" in english
    assert reverse("meetings:minutes_review", args=[meeting.pk]) in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_review_comment(minutes, item=item, text="Name the bodies.", by=cast.chair)
        services.return_minutes(minutes, by=cast.chair)
    assert _recipients() == [cast.secretariat.email]
    assert "Name the bodies." in mail.outbox[0].body and "“Plans”" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_minutes(minutes, by=cast.secretariat)  # a second submission is a second notice
        services.approve_minutes(minutes, by=cast.chair)
    assert _recipients() == sorted([cast.chair.email, cast.secretariat.email])
    approved = next(message for message in mail.outbox if message.to == [cast.secretariat.email])
    assert "1 text still needs its Welsh" not in approved.body  # everything has its Welsh
    assert "Publish them" in approved.body


def test_an_action_is_told_to_its_owners_once_and_again_when_its_due_date_changes(
    written, cast, django_capture_on_commit_callbacks
):
    _meeting, item, reserved, _minutes = written
    seat = cast.group.memberships.get(person=cast.member)
    with django_capture_on_commit_callbacks(execute=True):
        action = action_services.record_action(
            item,
            text_en="WG to circulate the paper.",
            text_cy="LlC i ddosbarthu'r papur.",
            owner_person=None,
            owner_organisation=seat.organisation,
            due_date=datetime.date(2030, 1, 1),
            by=cast.secretariat,
        )
    assert _recipients() == [cast.member.email]  # the organisation's participant
    assert "It was recorded in minutes that are not yet approved." in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        action_services.edit_action(
            action,
            text_en="WG to circulate the paper soon.",
            text_cy=action.text_cy,
            owner_person=None,
            owner_organisation=seat.organisation,
            due_date=datetime.date(2030, 1, 1),
        )
    assert len(mail.outbox) == 1  # same owner, same date: nothing new to tell
    with django_capture_on_commit_callbacks(execute=True):
        action_services.edit_action(
            action,
            text_en=action.text_en,
            text_cy=action.text_cy,
            owner_person=None,
            owner_organisation=seat.organisation,
            due_date=datetime.date(2030, 2, 1),
        )
    assert len(mail.outbox) == 2 and "1 February 2030" in mail.outbox[1].body

    # An observer given an action on a reserved item is not told of it: they may not see it.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_services.record_action(
            reserved,
            text_en="Secret",
            text_cy="Cyfrinach",
            owner_person=cast.observer,
            owner_organisation=None,
            due_date=None,
            by=cast.secretariat,
        )
    assert mail.outbox == []


def test_a_feedback_request_is_sent_to_those_it_asks_and_the_secretariat_can_chase(
    cast, client_as, django_capture_on_commit_callbacks
):
    seat = cast.group.memberships.get(person=cast.member)
    with django_capture_on_commit_callbacks(execute=True):
        request = action_services.create_feedback_request(
            cast.group,
            organisations=[seat.organisation],
            by=cast.secretariat,
            title_en="LAC scenario paper",
            title_cy="Papur senario PDG",
            question_en="Do you agree?",
            question_cy="Ydych chi'n cytuno?",
            deadline=timezone.localdate() + datetime.timedelta(days=5),
            answer_per=AnswerPer.ORGANISATION,
        )
    assert _recipients() == [cast.member.email]
    assert "Do you agree?" in mail.outbox[0].body and "Ydych chi'n cytuno?" in mail.outbox[0].body
    secretariat = client_as(cast.secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(reverse("actions:feedback_chase", args=[request.pk]))
        secretariat.post(reverse("actions:feedback_chase", args=[request.pk]))
    assert _recipients() == [cast.member.email]  # once a day
    action_services.answer_feedback(request, by=cast.member, text="Yes", text_language="en")
    mail.outbox.clear()
    assert action_services.chase_feedback(request, by=cast.secretariat) == 0
    assert client_as(cast.member).post(reverse("actions:feedback_chase", args=[request.pk])).status_code == 403


def test_a_person_may_take_a_kind_of_notice_in_the_daily_digest_instead(
    written, cast, client_as, django_capture_on_commit_callbacks
):
    _meeting, _item, _reserved, minutes = written
    chair = client_as(cast.chair)
    form = {"full_name": cast.chair.full_name, "preferred_language": "en"}
    form.update({f"notice_{kind.value}": "now" for kind in NoticeKind if kind != NoticeKind.INVITATION})
    form["notice_minutes_submitted"] = "digest"
    assert chair.post(reverse("account"), form).status_code == 302
    cast.chair.refresh_from_db()
    assert cast.chair.timing_of(NoticeKind.MINUTES_SUBMITTED) == NoticeTiming.DIGEST
    assert cast.chair.timing_of(NoticeKind.INVITATION) == NoticeTiming.NOW  # never in a digest

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_minutes(minutes, by=cast.secretariat)
    assert mail.outbox == []
    reminders.sweep(timezone.localdate(), send_now=True)
    [digest] = [message for message in mail.outbox if message.to == [cast.chair.email]]
    assert "Since your last digest" in digest.body and "wait for your review" in digest.body
    assert Notice.objects.get(person=cast.chair).status == NoticeStatus.SENT
    mail.outbox.clear()
    reminders.sweep(timezone.localdate(), send_now=True)
    assert [message for message in mail.outbox if message.to == [cast.chair.email]] == []
