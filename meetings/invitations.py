"""Invitations: each member gets the meeting as an iCalendar request, and every change after it.

The event has one ``UID`` for the life of the meeting (the same as in the person's calendar
feed), and its ``SEQUENCE`` (``Meeting.sequence``) rises with every change of time, place or
link, so a calendar program replaces the entry it has rather than adding a second one. A
cancellation, or a postponement with no new date, is ``METHOD:CANCEL``. Times are in UTC, which
every calendar program reads without a time zone definition.

Each notice's key holds the sequence: a member gets each state of the meeting once.
"""

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress, vText

from steering.models import NoticeKind
from steering.notices import notify
from workstreams.enums import Role
from workstreams.models import Membership

from .enums import MeetingStatus

UID_HOST = "steering-group-governance"
REPLY_SALT = "meetings.reply"


def uid_of(meeting) -> str:
    return f"meeting-{meeting.pk}@{UID_HOST}"


def _invited(meeting):
    return (
        Membership.objects.current(meeting.starts_at.date())
        .filter(group_id=meeting.group_id, person__is_active=True)
        .select_related("person", "organisation")
        .order_by("person__full_name")
    )


def invited(meeting):
    """The people a meeting's invitation goes to: the group's members on the day, who can sign in."""
    return list(_invited(meeting))


def seat(meeting, person):
    """The person's membership among ``invited(meeting)``, if any, read alone."""
    return _invited(meeting).filter(person=person).first()


def reply_token(meeting, person) -> str:
    return signing.dumps({"meeting": meeting.pk, "person": person.pk}, salt=REPLY_SALT, compress=True)


def read_reply_token(token: str) -> dict | None:
    """The meeting and person a reply link was made for; None if it was altered. It does not expire:
    it answers nothing by itself, and only the person it names, signed in, can use it."""
    try:
        return signing.loads(token, salt=REPLY_SALT)
    except signing.BadSignature:
        return None


def reply_url(meeting, person) -> str:
    return settings.SITE_URL + reverse("meetings:reply_link", args=[reply_token(meeting, person)])


def calendar_of(meeting, person, *, cancel: bool = False) -> bytes:
    """The iCalendar object sent to ``person`` for the meeting as it stands now."""
    group = meeting.group
    calendar = Calendar()
    calendar.add("prodid", "-//Steering group governance//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", uid_of(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    starts = meeting.starts_at.astimezone(datetime.UTC)
    event.add("dtstart", starts)
    event.add("dtend", (meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=2)).astimezone(datetime.UTC))
    summaries = []
    for language, name in (("cy", group.name_cy or group.name_en), ("en", group.name_en)):
        with translation.override(language):
            summaries.append(gettext("%(group)s: meeting %(number)s") % {"group": name, "number": meeting.number})
    event.add("summary", " / ".join(dict.fromkeys(summaries)))
    places = [place for place in (meeting.place_cy, meeting.place_en) if place]
    location = " / ".join(dict.fromkeys(places))
    if meeting.online_link:
        location = f"{location} – {meeting.online_link}" if location else meeting.online_link
    if location:
        event.add("location", location)
    event.add("url", meeting.online_link or settings.SITE_URL + meeting.get_absolute_url())
    event.add(
        "description",
        f"Ateb / Reply: {reply_url(meeting, person)}\n{settings.SITE_URL}{meeting.get_absolute_url()}",
    )
    chair = meeting.chair or next((seat.person for seat in invited(meeting) if seat.role == Role.CHAIR), None)
    if chair is not None:
        name, address = chair.full_name, chair.email
    else:
        name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organiser = vCalAddress(f"mailto:{address}")
    organiser.params["cn"] = vText(name or address)
    event.add("organizer", organiser)
    attendee = vCalAddress(f"mailto:{person.email}")
    attendee.params.update(
        {"cn": vText(person.full_name), "role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "FALSE"}
    )
    event.add("attendee", attendee)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def send_invitations(meeting, *, template: str = "invitation") -> int:
    """Sends every member the meeting as it stands (``template``: the first invitation, an update,
    a postponement or a cancellation); returns how many notices were new."""
    cancel = meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED)
    url = settings.SITE_URL + meeting.get_absolute_url()
    made = 0
    for membership in invited(meeting):
        person = membership.person
        notice = notify(
            person,
            NoticeKind.INVITATION,
            f"meeting:{meeting.pk}:invitation:{meeting.sequence}:{'cancel' if cancel else 'request'}",
            template=template,
            context={"meeting": meeting, "group": meeting.group, "reply_url": reply_url(meeting, person)},
            url=url,
            calendar=calendar_of(meeting, person, cancel=cancel),
        )
        made += notice is not None
    return made
