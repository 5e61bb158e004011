"""Who may do what with a group. Every view asks these rules; nothing else decides.

Roles are per group: the secretariat edits the group's content; the chair and vice-chair
also approve (later issues); members read and update what is theirs; observers read.
Anyone else gets 404, so a group's existence does not leak.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .enums import Role
from .models import Group, Membership
from .selectors import roles_in_group


@rules.predicate
def is_group_reader(person, group) -> bool:
    return bool(roles_in_group(person, group))


@rules.predicate
def is_group_secretariat(person, group) -> bool:
    return Role.SECRETARIAT in roles_in_group(person, group)


@rules.predicate
def is_group_chair(person, group) -> bool:
    return bool({Role.CHAIR, Role.VICE_CHAIR} & roles_in_group(person, group))


@rules.predicate
def runs_a_group(person) -> bool:
    """Secretariat of some group: the list of organisations and people's accounts are shared by all."""
    return (
        person.is_authenticated and Membership.objects.current().filter(person=person, role=Role.SECRETARIAT).exists()
    )


@rules.predicate
def runs_a_group_of(person, other) -> bool:
    """Secretariat of a group the other person is, or was, a member of."""
    return (
        person.is_authenticated
        and Membership.objects.current()
        .filter(person=person, role=Role.SECRETARIAT, group__memberships__person=other)
        .exists()
    )


is_administrator = rules.is_active & rules.is_superuser

rules.add_perm("workstreams.view_group", is_administrator | is_group_reader)
rules.add_perm("workstreams.manage_group", is_administrator | is_group_secretariat)
# A group's deliverables and its reports upward: its secretariat and its chair.
rules.add_perm("workstreams.report_for_group", is_administrator | is_group_secretariat | is_group_chair)
rules.add_perm("workstreams.manage_organisations", is_administrator | runs_a_group)
rules.add_perm("workstreams.manage_person", is_administrator | runs_a_group_of)


def group_for_user(person, slug: str, *, manage: bool = False) -> Group:
    """The group, or 404 for people outside it; 403 for readers who try to change it."""
    group = get_object_or_404(Group.objects.select_related("parent"), slug=slug)
    if not person.has_perm("workstreams.view_group", group):
        raise Http404
    if manage and not person.has_perm("workstreams.manage_group", group):
        raise PermissionDenied
    return group
