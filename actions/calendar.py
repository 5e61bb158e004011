"""A person's calendar feed (RFC 5545, through the icalendar package): meetings and deadlines."""

import datetime
import uuid

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar, Event

from meetings.models import Meeting
from steering.models import Person
from workstreams.models import Membership

from . import selectors
from .enums import OPEN_STATUSES

HOST = "steering-group-governance"


def feed_for(person: Person) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Steering group governance//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{person.full_name}: meetings and deadlines / cyfarfodydd a dyddiadau cau")
    now = timezone.now()
    groups = Membership.objects.current().filter(person=person).values("group_id")
    meetings = Meeting.objects.filter(
        group_id__in=groups, starts_at__gte=now - datetime.timedelta(days=90)
    ).select_related("group")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{HOST}")
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=2))
        event.add(
            "summary", f"{meeting.group.name_cy or meeting.group.name_en} / {meeting.group.name_en}: {meeting.number}"
        )
        if meeting.place_en or meeting.place_cy:
            event.add("location", " / ".join(p for p in (meeting.place_cy, meeting.place_en) if p))
        event.add("url", settings.SITE_URL + meeting.get_absolute_url())
        calendar.add_component(event)
    today = timezone.localdate()
    actions = selectors.actions_for_person(person, today).filter(status__in=OPEN_STATUSES, due_date__isnull=False)
    draft = {}
    for lang in ("cy", "en"):
        with translation.override(lang):
            draft[lang] = f"[{gettext('Draft minutes')}] "
    for action in actions:
        marks = draft if action.item_id and not action.approved else {"cy": "", "en": ""}
        calendar.add_component(
            _deadline(
                f"action-{action.pk}",
                action.due_date,
                marks["cy"] + (action.text_cy or action.text_en),
                marks["en"] + action.text_en,
                settings.SITE_URL + action.get_absolute_url(),
                now,
            )
        )
    for request in selectors.feedback_waiting(person, today):
        calendar.add_component(
            _deadline(
                f"feedback-{request.pk}",
                request.deadline,
                request.title_cy or request.title_en,
                request.title_en,
                settings.SITE_URL + request.get_absolute_url(),
                now,
            )
        )
    return calendar.to_ical()


def _deadline(uid: str, day: datetime.date, welsh: str, english: str, url: str, now) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{HOST}")
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", f"{welsh} / {english}" if welsh != english else english)
    event.add("url", url)
    return event


def reset_token(person: Person) -> None:
    person.calendar_token = uuid.uuid4()
    person.save(update_fields=["calendar_token"])
