"""The forward work programme: items planned for future meetings, members' proposals, and a new
meeting's agenda that starts from them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.enums import ItemKind, PlannedItemStatus
from meetings.models import PlannedItem
from steering.errors import DomainError


def _in(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def next_meeting(cast):
    meeting = services.create_meeting(cast.group, starts_at=_in(30))
    services.add_item(meeting, title_en="Welcome", title_cy="Croeso", kind=ItemKind.WELCOME)
    services.add_item(
        meeting, title_en="Any other business", title_cy="Unrhyw fater arall", kind=ItemKind.ANY_OTHER_BUSINESS
    )
    mail.outbox.clear()
    return meeting


def test_a_member_proposes_the_secretariat_accepts_and_it_goes_on_the_agenda_before_any_other_business(
    next_meeting, cast, client_as, django_capture_on_commit_callbacks
):
    member = client_as(cast.member)
    page = reverse("meetings:forward_programme", args=[cast.group.slug])
    response = member.post(page, {"title_en": "School transport", "title_cy": "Cludiant i'r ysgol", "meeting": ""})
    assert response.status_code == 302
    planned = PlannedItem.objects.get()
    assert planned.status == PlannedItemStatus.PROPOSED and services.target_of(planned) == next_meeting
    with django_capture_on_commit_callbacks(execute=True):
        client_as(cast.secretariat).post(
            reverse("meetings:planned_item_decide", args=[cast.group.slug, planned.pk, "accept"])
        )
    planned.refresh_from_db()
    assert planned.status == PlannedItemStatus.PLACED
    titles = [item.title_en for item in next_meeting.items.filter(parent=None).order_by("position")]
    assert titles == ["Welcome", "School transport", "Any other business"]
    [told] = mail.outbox
    assert told.to == [cast.member.email] and "accepted" in told.body and "Cludiant i'r ysgol" in told.body
    assert (
        client_as(cast.member)
        .post(reverse("meetings:planned_item_decide", args=[cast.group.slug, planned.pk, "accept"]))
        .status_code
        == 403
    )


def test_declining_needs_a_reason_and_the_proposer_is_told_it(next_meeting, cast, django_capture_on_commit_callbacks):
    planned = services.plan_item(cast.group, by=cast.member, title_en="Uniform policy", title_cy="Polisi gwisg")
    with pytest.raises(DomainError):
        services.decide_planned_item(planned, accept=False, by=cast.secretariat, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_planned_item(planned, accept=False, by=cast.secretariat, reason="Outside the group's remit.")
    assert "Outside the group's remit." in mail.outbox[0].body
    assert next_meeting.items.count() == 2
    with pytest.raises(DomainError):
        services.decide_planned_item(planned, accept=True, by=cast.secretariat)  # decided already


def test_an_item_planned_for_a_later_date_starts_the_agenda_of_the_first_meeting_after_it(next_meeting, cast):
    later = timezone.localdate() + datetime.timedelta(days=60)
    planned = services.plan_item(
        cast.group, by=cast.secretariat, title_en="Annual review", title_cy="Adolygiad blynyddol", not_before=later
    )
    assert planned.status == PlannedItemStatus.ACCEPTED and services.target_of(planned) is None
    assert not next_meeting.items.filter(title_en="Annual review").exists()
    meeting = services.create_meeting(cast.group, starts_at=_in(70), copy_agenda_from=next_meeting)
    titles = [item.title_en for item in meeting.items.filter(parent=None).order_by("position")]
    assert titles == ["Welcome", "Annual review", "Any other business"]
    planned.refresh_from_db()
    assert planned.status == PlannedItemStatus.PLACED and planned.placed_item.meeting == meeting


def test_proposals_close_with_the_meetings_papers_and_observers_do_not_propose(cast, client_as):
    soon = services.create_meeting(cast.group, starts_at=_in(1))  # its papers were due already
    with pytest.raises(DomainError, match="closed"):
        services.plan_item(cast.group, by=cast.member, meeting=soon, title_en="Too late")
    services.plan_item(cast.group, by=cast.secretariat, meeting=soon, title_en="Added by the secretariat")
    assert soon.items.filter(title_en="Added by the secretariat").exists()
    observer = client_as(cast.observer)
    page = reverse("meetings:forward_programme", args=[cast.group.slug])
    assert observer.get(page).status_code == 200
    assert observer.post(page, {"title_en": "Mine"}).status_code == 403
    assert client_as(cast.outsider).get(page).status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_the_programme_page_asks_the_same_number_of_queries_however_many_items(
    size, next_meeting, cast, client_as, django_assert_num_queries
):
    for n in range(size):
        services.plan_item(cast.group, by=cast.member, title_en=f"Proposal {n}")
    client = client_as(cast.member)
    with django_assert_num_queries(10):
        client.get(reverse("meetings:forward_programme", args=[cast.group.slug]))
