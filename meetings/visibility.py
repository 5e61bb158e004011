"""The one rule for reserved business and draft minutes; every list, page, export, feed and email asks it.

- What was minuted on a reserved item, or on a sub-item of one (its minutes, decisions, actions
  and papers), is seen only by those who may see the group's confidential business: the people
  who take part in the group (not observers) and administrators.
- Decisions and actions of minutes not yet approved are seen by the same people, marked as draft
  (``approved`` below); observers and the public see them once the minutes are approved.

Both come down to one question per group: does the person take part in it?

Two readers outside the decisions register and the action log follow from it (search asks them):

- ``minute_texts_visible_to``: the text of the minutes is read as the pages show it. While a
  version is being written it is the secretariat's and the chair's (the review page); once the
  meeting's latest version is approved, everyone in the group reads it, reserved items excepted.
- ``papers_visible_to``: a confidential paper is treated like a reserved item's: participants only.
"""

from django.db.models import Exists, OuterRef, Q, Subquery

from workstreams.enums import PARTICIPANT_ROLES, Role
from workstreams.models import Membership

from .enums import ItemKind, MinutesStatus
from .models import Minutes

APPROVED_STATUSES = (MinutesStatus.APPROVED, MinutesStatus.SUPERSEDED)


def trusted_groups(person, memberships=None):
    """The groups whose confidential business and draft minutes ``person`` may see (None: all of them).
    ``memberships``: the person's current memberships, if already read (a caller asking several
    times): the groups are then picked from them, a list of ids, and nothing more is asked of the database."""
    if person is not None and person.is_authenticated and person.is_superuser:
        return None
    if person is None or not person.is_authenticated:
        return Membership.objects.none().values("group_id")
    return _groups_in_roles(person, PARTICIPANT_ROLES, memberships)


def _groups_in_roles(person, roles, memberships):
    if memberships is not None:
        return sorted({membership.group_id for membership in memberships if membership.role in roles})
    return Membership.objects.current().filter(person=person, role__in=roles).values("group_id")


def _reserved(item: str) -> Q:
    return Q(**{f"{item}kind": ItemKind.RESERVED}) | Q(**{f"{item}parent__kind": ItemKind.RESERVED})


def approved(meeting: str) -> Exists:
    """Whether the meeting (a path to it from the rows queried, ``item__meeting``) has approved minutes."""
    return Exists(Minutes.objects.filter(meeting=OuterRef(meeting), status__in=APPROVED_STATUSES))


def visible_to(person, queryset, *, item: str = "item", group: str = "group", memberships=None):
    """The rows of ``queryset`` (decisions or actions) that ``person`` may see, each annotated
    ``approved`` (False: from minutes still in draft). ``item`` and ``group`` are the paths from a
    row to its agenda item and its group; a row with no item (an action agreed outside a meeting)
    is neither reserved nor draft. ``memberships``: as ``trusted_groups``."""
    queryset = queryset.annotate(approved=approved(f"{item}__meeting"))
    groups = trusted_groups(person, memberships)
    if groups is None:
        return queryset
    open_to_all = Q(approved=True) & ~_reserved(f"{item}__")
    outside_meetings = Q(**{f"{item}__isnull": True})
    return queryset.filter(open_to_all | outside_meetings | Q(**{f"{group}__in": groups}))


# The roles that write or review the minutes while they are a draft (the review page's readers).
DRAFTING_ROLES = frozenset({Role.SECRETARIAT, Role.CHAIR, Role.VICE_CHAIR})


def latest_status(meeting: str) -> Subquery:
    """The status of the meeting's latest minutes version (a path to the meeting, ``meeting``)."""
    return Subquery(Minutes.objects.filter(meeting=OuterRef(meeting)).order_by("-version").values("status")[:1])


def minute_texts_visible_to(person, queryset, *, memberships=None):
    """The agenda items of ``queryset`` whose minute text ``person`` may read, each annotated
    ``minutes_status`` (the status of the meeting's latest version). ``memberships``: as ``trusted_groups``."""
    queryset = queryset.annotate(minutes_status=latest_status("meeting"))
    groups = trusted_groups(person, memberships)
    if groups is None:
        return queryset
    drafting = (
        _groups_in_roles(person, DRAFTING_ROLES, memberships)
        if person is not None and person.is_authenticated
        else Membership.objects.none().values("group_id")
    )
    approved_text = Q(minutes_status=MinutesStatus.APPROVED) & (~_reserved("") | Q(meeting__group__in=groups))
    return queryset.filter(Q(meeting__group__in=drafting) | approved_text)


def papers_visible_to(person, queryset, *, memberships=None):
    """The papers of ``queryset`` that ``person`` may open: a reserved item's and confidential papers
    to those who take part in the group. ``memberships``: as ``trusted_groups``."""
    groups = trusted_groups(person, memberships)
    if groups is None:
        return queryset
    return queryset.filter(Q(confidential=False) & ~_reserved("item__") | Q(item__meeting__group__in=groups))
