"""Reads about actions and feedback that views, the reminder sweep and the calendar share."""

import datetime
from collections import defaultdict

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window

from meetings.visibility import approved, visible_to
from workstreams.enums import PARTICIPANT_ROLES
from workstreams.models import Membership
from workstreams.selectors import groups_for_person

from .enums import OPEN_STATUSES, AnswerPer
from .models import Action, FeedbackRequest, FeedbackResponse


def seats(person, on: datetime.date | None = None):
    """The person's current seats that take part (not observers): (group, organisation) pairs."""
    return Membership.objects.current(on).filter(person=person, role__in=PARTICIPANT_ROLES)


def owned_by(person, on: datetime.date | None = None, *, memberships=None) -> Q:
    """Actions the person owns, by name or through the organisation they represent in that group.
    ``memberships``: the person's ``seats`` on that day, if already read."""
    if memberships is None:
        pairs = seats(person, on).exclude(organisation=None).values_list("group_id", "organisation_id")
    else:
        pairs = [(seat.group_id, seat.organisation_id) for seat in memberships if seat.organisation_id is not None]
    query = Q(owner_person=person)
    for group_id, organisation_id in pairs:
        query |= Q(group_id=group_id, owner_organisation_id=organisation_id)
    return query


def actions_for_person(person, today: datetime.date, *, memberships=None):
    """ "My work": open actions first, overdue first, then by due date; then the closed ones.
    ``memberships``: the person's ``seats`` today, if already read."""
    return (
        visible_to(person, Action.objects.filter(owned_by(person, today, memberships=memberships)))
        .select_related("group")  # the owner is the person, and the meeting is not shown
        .annotate(
            open_rank=Case(
                When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            overdue_rank=Case(
                When(status__in=OPEN_STATUSES, due_date__lt=today, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("open_rank", "overdue_rank", "due_date", "pk")
    )


LOG_RELATED = ("group", "owner_person", "owner_organisation")
# What the log's page and its exports show of each action: its text, owner, due date, status and
# group (and its meeting: ``action_log``, ``log_page``); the rest of the rows (and of the people's)
# is left in the database.
LOG_COLUMNS = (
    "group_id",
    "item_id",
    "text_en",
    "text_cy",
    "owner_person_id",
    "owner_organisation_id",
    "due_date",
    "status",
    "group__name_en",
    "group__name_cy",
    "owner_person__full_name",
    "owner_organisation__name_en",
    "owner_organisation__name_cy",
)


def action_log(group, person, *, with_groups_under: bool = False):
    """The group's action log as ``person`` may see it (``meetings.visibility``), each marked
    ``approved``; with the actions of the groups under it that the person belongs to, if asked."""
    groups = [group.pk]
    if with_groups_under:
        groups += group.children.filter(pk__in=groups_for_person(person).values("pk")).values_list("pk", flat=True)
    return (
        visible_to(person, Action.objects.filter(group_id__in=groups))
        .select_related(*LOG_RELATED, "item__meeting")
        .only(*LOG_COLUMNS, "item__meeting_id", "item__meeting__starts_at")
    )


# What the log's page shows of each of its rows, read as plain values (``log_page``).
LOG_PAGE_VALUES = {
    "group_name_en": F("group__name_en"),
    "group_name_cy": F("group__name_cy"),
    "owner_person_name": F("owner_person__full_name"),
    "owner_organisation_name_en": F("owner_organisation__name_en"),
    "owner_organisation_name_cy": F("owner_organisation__name_cy"),
    "approved": approved("item__meeting"),
    "meeting_id": F("item__meeting_id"),
    "meeting_starts_at": F("item__meeting__starts_at"),
}


def log_page(actions, bottom: int, top: int) -> tuple[list[dict], int]:
    """Rows ``bottom`` to ``top`` of the log's ``actions`` (``action_log``, filtered and in order),
    and how many actions there are in all (0 for a page past the end). One query picks the page's
    rows and counts them all; a second reads just those rows (by their numbers alone: what may be
    seen, and in what order, was settled by the first) as plain values, not models: each action's
    own columns (``LOG_COLUMNS``), the names of its group and owners, whether its minutes are
    ``approved``, and the id and start of its meeting (``meeting_id``, ``meeting_starts_at``;
    None for an action outside a meeting)."""
    picked = list(actions.annotate(total=Window(Count("pk"))).values_list("pk", "total")[bottom:top])
    if not picked:
        return [], 0
    rows = (
        Action.objects.filter(pk__in=[pk for pk, _total in picked])
        .values("pk", *(column for column in LOG_COLUMNS if "__" not in column), **LOG_PAGE_VALUES)
        .order_by()
    )
    rows = {row["pk"]: row for row in rows}
    return [rows[pk] for pk, _total in picked if pk in rows], picked[0][1]


def respondent_key(request: FeedbackRequest, person, organisation) -> str:
    if request.answer_per == AnswerPer.ORGANISATION and organisation is not None:
        return f"organisation:{organisation.pk}"
    return f"person:{person.pk}"


def answering_seat(request: FeedbackRequest, person):
    """The seat through which the person answers the request, or None if they are not asked."""
    memberships = seats(person).filter(group_id=request.group_id).select_related("organisation")
    wanted = {organisation.pk for organisation in request.organisations.all()}
    for membership in memberships:
        if not wanted or membership.organisation_id in wanted:
            return membership
    return None


def feedback_waiting(person, today: datetime.date, *, memberships=None):
    """Open feedback requests the person is asked to answer and nobody has answered for them yet.
    ``memberships``: the person's ``seats`` today with their organisations, if already read.

    Requests past their deadline stay here a week: a late answer is still accepted.
    """
    if memberships is None:
        memberships = list(seats(person).select_related("organisation"))
    if not memberships:
        return []
    requests = list(
        FeedbackRequest.objects.filter(
            group_id__in={seat.group_id for seat in memberships}, deadline__gte=today - datetime.timedelta(days=7)
        )
        .select_related("group")
        .prefetch_related("organisations")
        .order_by("deadline", "pk")
    )
    if not requests:
        return []
    answered = set(FeedbackResponse.objects.filter(request__in=requests).values_list("request_id", "respondent"))
    waiting = []
    for request in requests:
        wanted = {o.pk for o in request.organisations.all()}
        seat = next(
            (m for m in memberships if m.group_id == request.group_id and (not wanted or m.organisation_id in wanted)),
            None,
        )
        if seat is None:
            continue
        if (request.pk, respondent_key(request, person, seat.organisation)) in answered:
            continue
        waiting.append(request)
    return waiting


def audience(request: FeedbackRequest):
    """Who is asked: current participating members of the group, of the chosen organisations if any."""
    memberships = Membership.objects.current().filter(group_id=request.group_id, role__in=PARTICIPANT_ROLES)
    organisation_ids = [o.pk for o in request.organisations.all()]
    if organisation_ids:
        memberships = memberships.filter(organisation_id__in=organisation_ids)
    return memberships.select_related("person", "organisation").order_by("organisation__name_en", "person__full_name")


def not_answered(request: FeedbackRequest) -> list:
    """The respondents (organisations or members) still to answer."""
    answered = set(request.responses.values_list("respondent", flat=True))
    missing = {}
    for membership in audience(request):
        key = respondent_key(request, membership.person, membership.organisation)
        if key not in answered:
            missing.setdefault(key, membership.organisation if key.startswith("organisation") else membership.person)
    return list(missing.values())


def overdue_filter(today: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, due_date__lt=today)


def owners_by_seat(on: datetime.date) -> dict[tuple[int, int], list[int]]:
    """(group, organisation) → the people who take part for it: one query for the whole sweep."""
    owners = defaultdict(list)
    rows = (
        Membership.objects.current(on)
        .filter(role__in=PARTICIPANT_ROLES)
        .exclude(organisation=None)
        .values_list("group_id", "organisation_id", "person_id")
    )
    for group_id, organisation_id, person_id in rows:
        owners[(group_id, organisation_id)].append(person_id)
    return owners
