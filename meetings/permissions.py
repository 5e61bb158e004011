"""Who may do what with a group's meetings and minutes; every meetings view asks these.

Outsiders to the group get 404 (through ``view_meeting``); readers who try to change things
get 403. Approval is the chair's own act: the group's chair, or its vice-chair when chairing
that meeting. Administrators manage records in the admin but do not approve minutes.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from workstreams.enums import PARTICIPANT_ROLES, Role
from workstreams.permissions import is_administrator
from workstreams.selectors import roles_in_group


@rules.predicate
def is_meeting_reader(person, meeting) -> bool:
    return bool(roles_in_group(person, meeting.group))


@rules.predicate
def is_meeting_secretariat(person, meeting) -> bool:
    return Role.SECRETARIAT in roles_in_group(person, meeting.group)


@rules.predicate
def is_meeting_participant(person, meeting) -> bool:
    return bool(PARTICIPANT_ROLES & roles_in_group(person, meeting.group))


@rules.predicate
def is_approving_chair(person, meeting) -> bool:
    roles = roles_in_group(person, meeting.group)
    return Role.CHAIR in roles or (Role.VICE_CHAIR in roles and meeting.chair_id == person.pk)


@rules.predicate
def is_chair_or_vice_chair(person, meeting) -> bool:
    return bool({Role.CHAIR, Role.VICE_CHAIR} & roles_in_group(person, meeting.group))


rules.add_perm("meetings.view_meeting", is_administrator | is_meeting_reader)
rules.add_perm("meetings.manage_meeting", is_administrator | is_meeting_secretariat)
# Confidential papers and reserved items: everyone taking part, but not observers.
rules.add_perm("meetings.view_confidential", is_administrator | is_meeting_participant)
rules.add_perm("meetings.review_minutes", is_chair_or_vice_chair)
rules.add_perm("meetings.approve_minutes", is_approving_chair)


def can(person, permission: str, meeting) -> bool:
    """The meetings rules as written: no blanket yes for superusers, who do not approve minutes."""
    return rules.has_perm(permission, person, meeting)


def meeting_for_user(person, pk: int, *, perm: str | None = None):
    """The meeting, or 404 for people outside its group; 403 for those without ``perm``."""
    from .models import Meeting

    meeting = get_object_or_404(Meeting.objects.select_related("group", "chair"), pk=pk)
    if not can(person, "meetings.view_meeting", meeting):
        raise Http404
    if perm and not can(person, perm, meeting):
        raise PermissionDenied
    return meeting


def item_of(meeting, item_id: int):
    """One item of the meeting's agenda, or 404."""
    from .models import AgendaItem

    return get_object_or_404(AgendaItem.objects.select_related("parent"), pk=item_id, meeting=meeting)


def published_to_everyone(group) -> bool:
    """Published minutes are anyone's to read, without signing in, when the group makes its minutes
    public; otherwise only those who may see its meetings read them. Every published page asks this."""
    return group.minutes_are_public


def public_group(slug: str):
    """The group whose published minutes anyone may read, or 404 for every visitor, signed in or
    not: a group that is not public is not even said to exist."""
    from workstreams.models import Group

    group = get_object_or_404(Group, slug=slug)
    if not published_to_everyone(group):
        raise Http404
    return group
