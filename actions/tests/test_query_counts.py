"""The pages and files of the actions app that list things: the same query count at ten times the rows."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.enums import ActionStatus, AnswerPer
from actions.models import Action, ActionUpdate, FeedbackRequest, FeedbackResponse
from meetings.models import AgendaItem, Meeting, Paper
from steering.tests.factories import PersonFactory
from workstreams.tests.factories import GroupFactory, MembershipFactory, OrganisationFactory

TODAY = timezone.localdate()
SIZES = [1, 10]


def _meeting(group, number, *, days=10):
    return Meeting.objects.create(
        group=group, number=number, starts_at=timezone.now() + datetime.timedelta(days=days + number)
    )


def _actions(cast, size):
    """``3 * size`` actions of the group: on agenda items and sub-items, by person and by organisation."""
    for number in range(1, size + 1):
        meeting = _meeting(cast.group, number, days=-100)
        item = AgendaItem.objects.create(meeting=meeting, position=1, title_en="Item", title_cy="Eitem")
        sub = AgendaItem.objects.create(meeting=meeting, position=1, parent=item, title_en="Sub", title_cy="Is")
        Action.objects.create(group=cast.group, item=item, text_en="=Do", owner_person=cast.member, due_date=TODAY)
        Action.objects.create(
            group=cast.group, item=sub, text_en="Do", owner_organisation=OrganisationFactory(), due_date=TODAY
        )
        Action.objects.create(
            group=cast.group, text_en="Do", owner_person=PersonFactory(), owner_organisation=OrganisationFactory()
        )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_action_log_export_query_count_does_not_grow(export, size, cast, client_as, django_assert_num_queries):
    _actions(cast, size)
    client = client_as(cast.member)  # an observer would not see the actions of minutes still in draft
    with django_assert_num_queries(5):
        response = client.get(reverse("actions:log", args=[cast.group.slug]), {"export": export})
    assert response.status_code == 200
    if export == "csv":
        assert response.content.decode("utf-8-sig").count("\n") == 1 + 3 * size


@pytest.mark.parametrize("size", SIZES)
def test_action_page_query_count_does_not_grow_with_updates(size, cast, client_as, django_assert_num_queries):
    meeting = _meeting(cast.group, 1)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title_en="Item", title_cy="Eitem")
    action = Action.objects.create(group=cast.group, item=item, text_en="Do", owner_person=cast.member)
    for n in range(3 * size):
        ActionUpdate.objects.create(
            action=action,
            author=PersonFactory(),
            note=f"Note {n}",
            old_status=ActionStatus.OPEN,
            new_status=ActionStatus.IN_PROGRESS,
            at_meeting=meeting,
        )
    client = client_as(cast.member)  # the owner: the page has its update form too
    with django_assert_num_queries(7):  # the visibility rule, and the approved minutes that record it
        response = client.get(action.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["updates"]) == 3 * size


def _requests(cast, count, **fields):
    return [
        FeedbackRequest.objects.create(
            group=cast.group,
            title_en=f"Paper {n}",
            title_cy=f"Papur {n}",
            question_en="Does it meet requirements?",
            deadline=TODAY + datetime.timedelta(days=n - 1),
            created_by=cast.secretariat,
            **fields,
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["member", "secretariat"])
def test_feedback_list_query_count_does_not_grow(role, size, cast, client_as, django_assert_num_queries):
    for request in _requests(cast, 3 * size):
        FeedbackResponse.objects.create(
            request=request, respondent=f"person:{cast.member.pk}", author=cast.member, text="Yes"
        )
    client = client_as(cast.person(role))
    with django_assert_num_queries(6):
        response = client.get(reverse("actions:feedback_list", args=[cast.group.slug]))
    assert len(response.context["requests"]) == 3 * size


@pytest.fixture
def answered(cast):
    """A request to organisations, and a way to add answered and unanswered seats to it."""
    (request,) = _requests(cast, 1, answer_per=AnswerPer.ORGANISATION)

    def grow(size):
        for n in range(3 * size):
            seat = MembershipFactory(group=cast.group, organisation=OrganisationFactory())
            MembershipFactory(group=cast.group)  # a seat still to answer
            FeedbackResponse.objects.create(
                request=request,
                respondent=f"organisation:{seat.organisation_id}",
                organisation=seat.organisation,
                author=seat.person,
                text=f"=Answer {n}",
                file=ContentFile(b"%PDF-1.4 answer", name="answer.pdf") if n % 2 else "",
                filename="answer.pdf" if n % 2 else "",
            )
        return request

    return grow


@pytest.mark.parametrize("size", SIZES)
def test_feedback_page_query_count_does_not_grow_with_answers(
    size, answered, cast, client_as, django_assert_num_queries
):
    request = answered(size)
    client = client_as(cast.secretariat)  # who sees every answer, and who has not answered
    with django_assert_num_queries(11):
        response = client.get(request.get_absolute_url())
    assert len(response.context["responses"]) == 3 * size
    # The cast's three seats that take part (observers are not asked), and the new ones still to answer
    assert len(response.context["not_answered"]) == 3 + 3 * size


@pytest.mark.parametrize("size", SIZES)
def test_feedback_export_query_count_does_not_grow(size, answered, cast, client_as, django_assert_num_queries):
    request = answered(size)
    client = client_as(cast.secretariat)
    with django_assert_num_queries(5):
        response = client.get(reverse("actions:feedback_export", args=[request.pk]))
    assert response.content.decode("utf-8-sig").count("\n") == 1 + 3 * size


@pytest.mark.parametrize("size", SIZES)
def test_feedback_xlsx_query_count_does_not_grow(size, answered, cast, client_as, django_assert_num_queries):
    request = answered(size)
    client = client_as(cast.secretariat)
    with django_assert_num_queries(8):
        response = client.get(reverse("actions:feedback_export_xlsx", args=[request.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    # A row per organisation asked: the answered, the new ones still to answer and the cast's three seats
    assert sheet.max_row == 1 + 3 * size + 3 * size + 3


@pytest.mark.parametrize("size", SIZES)
def test_calendar_feed_query_count_does_not_grow(size, cast, client_as, django_assert_num_queries):
    seat = cast.group.memberships.get(person=cast.member)
    for n in range(1, 3 * size + 1):
        _meeting(cast.group, n)
        Action.objects.create(group=cast.group, text_en="Mine", owner_person=cast.member, due_date=TODAY)
        Action.objects.create(group=cast.group, text_en="Ours", owner_organisation=seat.organisation, due_date=TODAY)
    _requests(cast, 3 * size)
    for _ in range(size):  # other groups of theirs, with a meeting each
        _meeting(MembershipFactory(person=cast.member).group, 1)
    client = client_as(None)
    with django_assert_num_queries(8):
        response = client.get(reverse("actions:calendar", args=[cast.member.calendar_token]))
    # Meetings, both kinds of action and feedback, three of each per size, and the other groups' meetings
    assert response.content.count(b"BEGIN:VEVENT") == 4 * 3 * size + size


@pytest.mark.parametrize("size", SIZES)
def test_feedback_form_query_count_does_not_grow_with_papers(size, cast, client_as, django_assert_num_queries):
    for number in range(1, size + 1):
        item = AgendaItem.objects.create(meeting=_meeting(cast.group, number), position=1, title_en="Item")
        for _ in range(3):
            Paper.objects.create(item=item, title_en="Paper", file_en=ContentFile(b"%PDF-1.4", name="p.pdf"))
            MembershipFactory(group=cast.group, organisation=OrganisationFactory())
    client = client_as(cast.secretariat)
    with django_assert_num_queries(7):
        response = client.get(reverse("actions:feedback_create", args=[cast.group.slug]))
    assert len(response.context["form"].fields["paper"].choices) == 1 + 3 * size


@pytest.mark.parametrize("size", SIZES)
def test_action_edit_form_query_count_does_not_grow_with_members(size, cast, client_as, django_assert_num_queries):
    action = Action.objects.create(group=cast.group, text_en="Do", owner_person=cast.member)
    for _ in range(3 * size):
        MembershipFactory(group=cast.group, organisation=OrganisationFactory())
    MembershipFactory(group=GroupFactory())  # not a member here: not an owner to choose
    client = client_as(cast.secretariat)
    with django_assert_num_queries(7):  # one of them asks the visibility rule
        response = client.get(reverse("actions:action_edit", args=[action.pk]))
    assert response.status_code == 200
