"""Invitations, their updates and cancellations, and the members' replies."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from meetings import services
from meetings.enums import AttendanceStatus, MeetingStatus, ReplyAnswer
from meetings.forms import AttendanceForm
from meetings.models import Attendance
from meetings.selectors import members_for_attendance
from steering import notices
from steering.models import Notice, NoticeKind, NoticeStatus


def _soon(days=20, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def scheduled(cast, django_capture_on_commit_callbacks):
    cast.member.preferred_language = "cy"
    cast.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.create_meeting(
            cast.group,
            starts_at=_soon(),
            ends_at=_soon(hour=12),
            place_en="Cathays Park, Cardiff",
            place_cy="Parc Cathays, Caerdydd",
            online_link="https://teams.example.org/meet/1",
            chair=cast.chair,
        )
    return meeting


def _calendars(to):
    """Each iCalendar sent to ``to``, parsed, in the order sent."""
    found = []
    for message in mail.outbox:
        if message.to == [to.email]:
            parts = [content for content, mimetype in message.alternatives if mimetype.startswith("text/calendar")]
            found += [Calendar.from_ical(part) for part in parts]
    return found


def _event(calendar):
    return next(component for component in calendar.walk("VEVENT"))


def test_scheduling_invites_every_member_once_with_a_calendar_request(scheduled, cast):
    people = {message.to[0] for message in mail.outbox}
    assert people == {cast.secretariat.email, cast.chair.email, cast.member.email, cast.observer.email}
    assert len(mail.outbox) == 4  # the outsider, of another group, is not invited
    calendar = _calendars(cast.member)[0]
    event = _event(calendar)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"meeting-{scheduled.pk}@steering-group-governance"
    assert int(event["sequence"]) == 0
    assert "Parc Cathays" in str(event["location"]) and "https://teams.example.org/meet/1" in str(event["location"])
    assert str(event["organizer"]) == f"mailto:{cast.chair.email}"
    assert event.decoded("dtstart") == scheduled.starts_at
    message = next(m for m in mail.outbox if m.to == [cast.member.email])
    welsh, english = message.body.split("-" * 60)
    assert welsh.strip().startswith("Helo") and "Hello" in english  # Welsh first for a Welsh reader
    assert message.subject.startswith("Gwahoddiad") and " / Invitation" in message.subject
    assert any(name == "invite.ics" for name, _content, _type in message.attachments)
    # The same cause again sends nothing more.
    services._invite(scheduled)
    assert Notice.objects.filter(kind=NoticeKind.INVITATION).count() == 4


def test_a_change_of_time_sends_an_update_with_a_higher_sequence_and_nothing_else_does(
    scheduled, cast, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(scheduled, chair=cast.secretariat)  # not in the invitation's time, place or link
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(scheduled, starts_at=_soon(days=21), ends_at=_soon(days=21, hour=12))
    event = _event(_calendars(cast.member)[0])
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == _soon(days=21)
    assert len(mail.outbox) == 4


def test_cancelling_sends_a_calendar_cancel_with_the_reason_in_both_languages(
    scheduled, cast, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(
            scheduled, reason_en="The chair is unwell.", reason_cy="Mae'r cadeirydd yn sâl.", by=cast.secretariat
        )
    scheduled.refresh_from_db()
    assert scheduled.status == MeetingStatus.CANCELLED
    calendar = _calendars(cast.member)[0]
    assert str(calendar["method"]) == "CANCEL"
    assert str(_event(calendar)["status"]) == "CANCELLED" and int(_event(calendar)["sequence"]) == 1
    body = next(m for m in mail.outbox if m.to == [cast.member.email]).body
    assert "Mae'r cadeirydd yn sâl." in body and "The chair is unwell." in body
    with pytest.raises(services.DomainError):
        services.reply(scheduled, cast.group.memberships.get(person=cast.member), answer="attending", by=cast.member)


def test_postponing_without_a_date_cancels_in_calendars_and_a_new_date_invites_again(
    scheduled, cast, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.postpone_meeting(scheduled, reason_en="Clash", reason_cy="Gwrthdaro", by=cast.secretariat)
    assert str(_calendars(cast.member)[0]["method"]) == "CANCEL"
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(scheduled, starts_at=_soon(days=30))
    scheduled.refresh_from_db()
    assert scheduled.status == MeetingStatus.PLANNED and scheduled.status_reason_en == ""
    request = _calendars(cast.member)[-1]
    assert str(request["method"]) == "REQUEST" and int(_event(request)["sequence"]) == 2


def test_a_meeting_in_the_past_is_recorded_without_inviting_anyone(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_meeting(cast.group, starts_at=timezone.now() - datetime.timedelta(days=3))
    assert mail.outbox == []


def test_a_notice_lost_on_its_way_to_the_worker_is_sent_by_the_sweep_once(cast):
    # No on_commit run: as if the broker lost the task.
    meeting = services.create_meeting(cast.group, starts_at=_soon())
    assert mail.outbox == [] and Notice.objects.filter(status=NoticeStatus.WAITING).count() == 4
    assert notices.send_waiting() == 0  # too early: the worker may still have them
    later = timezone.now() + notices.LOST_AFTER + datetime.timedelta(seconds=1)
    assert notices.send_waiting(now=later) == 4
    assert notices.send_waiting(now=later) == 0
    assert len(mail.outbox) == 4
    assert meeting.invited_at is not None


def test_a_refused_address_is_not_tried_again(cast, monkeypatch):
    import smtplib

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"x": (550, b"no such user")})

    services.create_meeting(cast.group, starts_at=_soon())
    notice = Notice.objects.filter(person=cast.member).get()
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert notices.send(notice.pk) == NoticeStatus.REFUSED
    assert notices.send(notice.pk) is None


def test_a_member_replies_through_the_invitation_link_after_signing_in(scheduled, cast, client_as):
    message = next(m for m in mail.outbox if m.to == [cast.member.email])
    link = next(word for word in message.body.split() if "/meetings/reply/" in word)
    path = link.replace("http://127.0.0.1:8000", "")
    anonymous = client_as(None)
    response = anonymous.get(path)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client_as(cast.chair).get(path).status_code == 403  # the link names someone else
    member = client_as(cast.member)
    form = member.get(path, follow=True)
    assert form.request["PATH_INFO"] == reverse("meetings:reply", args=[scheduled.pk])
    refused = member.post(reverse("meetings:reply", args=[scheduled.pk]), {"answer": "deputy"})
    assert refused.status_code == 200 and "Rhowch enw" in refused.content.decode()  # the page in Welsh
    member.post(
        reverse("meetings:reply", args=[scheduled.pk]),
        {"answer": ReplyAnswer.DEPUTY, "deputy_name": "Ceri Jones", "deputy_email": ""},
    )
    reply = scheduled.replies.get()
    assert (reply.answer, reply.deputy_name) == (ReplyAnswer.DEPUTY, "Ceri Jones")
    assert client_as(cast.outsider).get(reverse("meetings:reply", args=[scheduled.pk])).status_code == 404


def test_the_register_starts_from_the_replies_and_the_deputy_joins_it(scheduled, cast):
    seats = {seat.person_id: seat for seat in cast.group.memberships.all()}
    services.reply(scheduled, seats[cast.chair.pk], answer=ReplyAnswer.ONLINE, by=cast.chair)
    services.reply(
        scheduled, seats[cast.member.pk], answer=ReplyAnswer.DEPUTY, deputy_name="Ceri Jones", by=cast.member
    )
    form = AttendanceForm(rows=members_for_attendance(scheduled))
    initial = {form.memberships[name].person_id: field.initial for name, field in form.fields.items()}
    assert initial[cast.chair.pk] == AttendanceStatus.PRESENT
    assert initial[cast.member.pk] == AttendanceStatus.APOLOGIES
    assert initial[cast.observer.pk] is None
    rows = [{"membership": seats[cast.member.pk], "status": AttendanceStatus.APOLOGIES}]
    services.record_attendance(scheduled, rows, by=cast.secretariat)
    services.record_attendance(scheduled, rows, by=cast.secretariat)
    deputy = Attendance.objects.get(meeting=scheduled, membership=None)
    assert (deputy.name, deputy.deputising_for, deputy.status) == ("Ceri Jones", seats[cast.member.pk], "present")


def test_the_quorum_warning_and_chasing_those_who_have_not_replied(
    scheduled, cast, client_as, django_capture_on_commit_callbacks
):
    cast.group.quorum = 3
    cast.group.save()
    seats = {seat.person_id: seat for seat in cast.group.memberships.all()}
    services.reply(scheduled, seats[cast.chair.pk], answer=ReplyAnswer.APOLOGIES, by=cast.chair)
    secretariat = client_as(cast.secretariat)
    page = secretariat.get(scheduled.get_absolute_url()).content.decode()
    assert "The quorum is at risk" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(reverse("meetings:replies_chase", args=[scheduled.pk]))
    chased = {message.to[0] for message in mail.outbox}
    assert chased == {cast.secretariat.email, cast.member.email, cast.observer.email}
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(reverse("meetings:replies_chase", args=[scheduled.pk]))
    assert len(mail.outbox) == 3  # once a day
    replies = secretariat.get(reverse("meetings:replies", args=[scheduled.pk])).content.decode()
    assert "No reply" in replies and escape(cast.member.full_name) in replies
    assert client_as(cast.member).get(reverse("meetings:replies", args=[scheduled.pk])).status_code == 403


def test_papers_are_due_in_working_days_without_welsh_bank_holidays(cast, client_as):
    from django.core.files.base import ContentFile

    cast.group.papers_deadline_days = 5
    cast.group.save()
    # Wednesday 4 January 2023: back over 2 January, Christmas Day's and Boxing Day's holidays, and two weekends.
    meeting = services.create_meeting(cast.group, starts_at=timezone.make_aware(datetime.datetime(2023, 1, 4, 10)))
    assert services.papers_due(meeting) == datetime.date(2022, 12, 23)
    item = services.add_item(meeting, title_en="Budget")
    paper = services.add_paper(
        item, by=cast.secretariat, title_en="Late one", file_en=ContentFile(b"%PDF", name="a.pdf")
    )
    assert paper.late  # today is long after 23 December 2022
    page = client_as(cast.member).get(meeting.get_absolute_url()).content.decode()
    assert "Late paper" in page


def test_issuing_the_agenda_sends_the_pack_link_once_and_a_later_paper_is_told_once_in_the_digest(
    cast, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from actions import reminders

    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.create_meeting(cast.group, starts_at=_soon(days=30))
        item = services.add_item(meeting, title_en="Budget", title_cy="Cyllideb")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_agenda(meeting)
    meeting.refresh_from_db()
    assert meeting.pack and sorted(m.to[0] for m in mail.outbox) == sorted(
        p.email for p in (cast.secretariat, cast.chair, cast.member, cast.observer)
    )
    assert all(reverse("meetings:pack", args=[meeting.pk]) in message.body for message in mail.outbox)
    mail.outbox.clear()
    for title in ("First late paper", "Second late paper"):
        with django_capture_on_commit_callbacks(execute=True):
            services.add_paper(item, by=cast.secretariat, title_en=title, file_en=ContentFile(b"%PDF", name="x.pdf"))
    assert mail.outbox == []  # by default, in the digest
    assert Notice.objects.filter(kind=NoticeKind.PACK_UPDATED, person=cast.member).count() == 1
    reminders.sweep(timezone.localdate(), send_now=True)
    [digest] = [message for message in mail.outbox if message.to == [cast.member.email]]
    assert digest.body.count(reverse("meetings:pack", args=[meeting.pk])) == 2  # once in each language


def test_a_mail_server_that_fails_leaves_the_notice_waiting_and_the_next_try_sends_it(cast, monkeypatch):
    services.create_meeting(cast.group, starts_at=_soon())
    notice = Notice.objects.filter(person=cast.member).get()
    real_send = notices.EmailMultiAlternatives.send

    def down(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notices.EmailMultiAlternatives, "send", down)
    assert notices.send(notice.pk) == NoticeStatus.WAITING
    notice.refresh_from_db()
    assert (notice.attempts, notice.last_error) == (1, "mail server down")
    monkeypatch.setattr(notices.EmailMultiAlternatives, "send", real_send)
    assert notices.send(notice.pk) == NoticeStatus.SENT
    assert len(mail.outbox) == 1


def test_every_email_of_the_cycle_is_in_both_languages_and_every_calendar_parses(
    cast, client_as, django_capture_on_commit_callbacks
):
    """Walks the cycle's notices and reads every email: the reader's language first, the other
    after the line; every calendar attachment read back by icalendar."""
    from actions import services as action_services

    cast.member.preferred_language = "cy"
    cast.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.create_meeting(cast.group, starts_at=_soon(), place_en="Cardiff", place_cy="Caerdydd")
        item = services.add_item(meeting, title_en="Budget", title_cy="Cyllideb")
        services.update_meeting(meeting, place_en="Swansea", place_cy="Abertawe")
        services.chase_replies(meeting, by=cast.secretariat)
        services.issue_agenda(meeting)
        action_services.create_feedback_request(
            cast.group,
            organisations=[],
            by=cast.secretariat,
            title_en="Paper",
            title_cy="Papur",
            question_en="Agree?",
            question_cy="Cytuno?",
            deadline=timezone.localdate() + datetime.timedelta(days=3),
            answer_per="person",
        )
        planned = services.plan_item(cast.group, by=cast.member, title_en="Transport", title_cy="Cludiant")
        services.decide_planned_item(planned, accept=False, by=cast.secretariat, reason="Later")
    with django_capture_on_commit_callbacks(execute=True):
        services.postpone_meeting(meeting, reason_en="Clash", reason_cy="Gwrthdaro", by=cast.secretariat)
        services.cancel_meeting(meeting, reason_en="Not needed", reason_cy="Dim angen", by=cast.secretariat)
    assert item.pk
    kinds = set(Notice.objects.filter(person=cast.member).values_list("kind", flat=True))
    assert kinds >= {"invitation", "reply_chase", "agenda", "feedback_opened", "proposal_decided"}
    read = 0
    for message in mail.outbox:
        first, second = message.body.split("-" * 60)
        welsh_first = message.to == [cast.member.email]
        assert first.strip().startswith("Helo" if welsh_first else "Hello"), message.subject
        assert second.strip().startswith("Hello" if welsh_first else "Helo"), message.subject
        assert " / " in message.subject
        for content, mimetype in message.alternatives:
            if mimetype.startswith("text/calendar"):
                calendar = Calendar.from_ical(content)
                assert str(calendar["method"]) in ("REQUEST", "CANCEL")
                assert next(iter(calendar.walk("VEVENT")))["uid"]
        read += 1
    assert read == len(mail.outbox) > 20
