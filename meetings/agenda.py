"""The agenda once issued: its pack, and telling the members.

At issue, the pack is built and every member is sent its link (a notice per issue of the agenda:
reopened and issued again is a new agenda). A paper added, replaced or removed after issue
rebuilds the pack and tells each member once, in their next digest (unless they chose to hear
at once), however many papers change before the digest goes.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from steering.models import Notice, NoticeKind, NoticeStatus
from steering.notices import notify

from . import invitations
from .enums import MeetingStatus
from .models import Meeting


def send_pack(meeting_id: int) -> None:
    from .pack import save_pack

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("group").filter(pk=meeting_id).first()
        if meeting is None or meeting.status != MeetingStatus.AGENDA_ISSUED or meeting.agenda_issued_at is None:
            return  # reopened or moved on since: a later issue builds its own
        built = meeting.pack_built_at
        first = built is None or built < meeting.agenda_issued_at
        changed = not first and meeting.pack_changed_at is not None and meeting.pack_changed_at > built
        if first or changed:
            save_pack(meeting)
        url = settings.SITE_URL + reverse("meetings:pack", args=[meeting.pk])
        context = {"meeting": meeting, "group": meeting.group, "pack_url": url}
        for membership in invitations.invited(meeting):
            person = membership.person
            if not changed:
                notify(
                    person,
                    NoticeKind.AGENDA,
                    f"meeting:{meeting.pk}:agenda:{meeting.agenda_issued_at.isoformat()}",
                    template="agenda_issued",
                    context=context,
                    url=url,
                )
            elif not Notice.objects.filter(
                person=person,
                kind=NoticeKind.PACK_UPDATED,
                status=NoticeStatus.WAITING,
                key__startswith=f"meeting:{meeting.pk}:pack-updated:",
            ).exists():
                notify(
                    person,
                    NoticeKind.PACK_UPDATED,
                    f"meeting:{meeting.pk}:pack-updated:{meeting.pack_built_at.isoformat()}",
                    template="pack_updated",
                    context=context,
                    url=url,
                )
