"""Reads about groups and memberships that views, permissions and tasks share."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from steering.bilingual import localised

from .enums import ROLE_ORDER
from .models import Group, Membership, Organisation


def roles_in_group(person, group: Group) -> frozenset[str]:
    """The person's current roles in the group, asked once per request and person."""
    if not person.is_authenticated:
        return frozenset()
    cache = person.__dict__.setdefault("_group_roles", {})
    if group.pk not in cache:
        cache[group.pk] = frozenset(
            # No ordering: the roles are a set, and the default order joins the people.
            Membership.objects.current().filter(person=person, group=group).order_by().values_list("role", flat=True)
        )
    return cache[group.pk]


def groups_for_person(person):
    """The groups the person may open: theirs, or every group for an administrator."""
    if person.is_superuser:
        groups = Group.objects.all()
    else:
        groups = Group.objects.filter(memberships__in=Membership.objects.current().filter(person=person)).distinct()
    return groups.select_related("parent").order_by("name_en")


def in_tree_order(groups) -> list[tuple[Group, int]]:
    """Each group after the group it reports to, with its depth; siblings in name order."""
    groups = list(groups)
    present = {group.pk for group in groups}
    children = defaultdict(list)
    for group in groups:
        children[group.parent_id if group.parent_id in present else None].append(group)
    ordered = []

    def walk(parent_id, depth):
        for group in sorted(children[parent_id], key=lambda g: str(localised(g, "name")).lower()):
            ordered.append((group, depth))
            walk(group.pk, depth + 1)

    walk(None, 0)
    return ordered


def visible_group_ids(person) -> set[int]:
    return set(groups_for_person(person).values_list("pk", flat=True))


@dataclass
class OrganisationSeats:
    organisation: Organisation | None
    memberships: list[Membership] = field(default_factory=list)


def _role_rank(membership: Membership) -> int:
    return ROLE_ORDER.index(membership.role)


def members_by_organisation(group: Group, on: datetime.date | None = None) -> list[OrganisationSeats]:
    """Current and upcoming memberships by the organisation represented, organisations in name order."""
    on = on or timezone.localdate()
    memberships = (
        Membership.objects.filter(group=group)
        .exclude(end_date__lt=on)
        .select_related("person", "organisation", "deputy_for__person")
    )
    seats: dict[int | None, OrganisationSeats] = defaultdict(lambda: OrganisationSeats(None))
    for membership in memberships:
        entry = seats[membership.organisation_id]
        entry.organisation = membership.organisation
        entry.memberships.append(membership)
    for entry in seats.values():
        entry.memberships.sort(key=lambda m: (_role_rank(m), m.person.full_name))
    return sorted(
        seats.values(),
        key=lambda s: (
            s.organisation is None,
            str(localised(s.organisation, "name")).lower() if s.organisation else "",
        ),
    )


def former_memberships(group: Group, on: datetime.date | None = None):
    return (
        Membership.objects.former(on).filter(group=group).select_related("person", "organisation").order_by("-end_date")
    )
