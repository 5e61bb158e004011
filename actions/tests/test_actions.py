import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from actions import services
from actions.enums import ActionStatus
from actions.models import Action, ActionUpdate
from steering.errors import DomainError
from workstreams.enums import Role
from workstreams.tests.factories import GroupFactory, MembershipFactory, OrganisationFactory

TODAY = timezone.localdate()


@pytest.fixture
def action(cast):
    return Action.objects.create(
        group=cast.group, text_en="Send the paper", text_cy="Anfon y papur", owner_person=cast.member, due_date=TODAY
    )


@pytest.mark.parametrize("old", ActionStatus.values)
@pytest.mark.parametrize("new", ActionStatus.values)
def test_action_status_changes_follow_the_map(old, new, action, cast):
    Action.objects.filter(pk=action.pk).update(status=old)
    action.refresh_from_db()
    if new == old:
        update = services.update_action(action, status=new, note="Still going", by=cast.member)
        assert (update.old_status, update.new_status, update.note) == (old, new, "Still going")
    elif new in services.STATUS_TRANSITIONS[old]:
        services.update_action(action, status=new, note="", by=cast.member)
        action.refresh_from_db()
        assert action.status == new
        assert (action.closed_by is not None) == (new in services.CLOSED_STATUSES)
    else:
        with pytest.raises(DomainError):
            services.update_action(action, status=new, note="", by=cast.member)


def test_an_update_based_on_a_stale_status_is_refused(action, cast):
    services.update_action(action, status=ActionStatus.DONE, note="", by=cast.secretariat)
    stale = Action.objects.get(pk=action.pk)
    stale.status = ActionStatus.OPEN
    with pytest.raises(DomainError, match="Someone changed this action a moment ago"):
        services.update_action(stale, status=ActionStatus.IN_PROGRESS, note="", by=cast.member, seen_status="open")


def test_owner_updates_their_action_from_its_page(action, cast, client_as):
    response = client_as(cast.member).post(
        action.get_absolute_url(),
        {"status": ActionStatus.IN_PROGRESS, "note": "Drafting", "note_language": "en", "seen_status": "open"},
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get(action=action)
    assert (update.author, update.note, update.new_status) == (cast.member, "Drafting", ActionStatus.IN_PROGRESS)


def test_members_of_the_owning_organisation_may_update_it(cast, client_as):
    colleague = MembershipFactory(
        group=cast.group, organisation=cast.group.memberships.get(person=cast.member).organisation
    )
    action = Action.objects.create(group=cast.group, text_en="WG will", owner_organisation=colleague.organisation)
    response = client_as(colleague.person).post(
        action.get_absolute_url(),
        {"status": ActionStatus.DONE, "note": "", "note_language": "cy", "seen_status": "open"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.closed_by) == (ActionStatus.DONE, colleague.person)


@pytest.mark.parametrize(
    ("role", "expected"), [("observer", 403), ("chair", 403), ("secretariat", 302), ("outsider", 404)]
)
def test_others_cannot_update_an_action_unless_secretariat(role, expected, action, cast, client_as):
    response = client_as(cast.person(role)).post(
        action.get_absolute_url(),
        {"status": ActionStatus.DONE, "note": "", "note_language": "en", "seen_status": "open"},
    )
    assert response.status_code == expected


def test_only_the_secretariat_edits_an_action(action, cast, client_as):
    url = reverse("actions:action_edit", args=[action.pk])
    assert client_as(cast.member).get(url).status_code == 403
    response = client_as(cast.secretariat).post(
        url, {"text_en": "Send the revised paper", "text_cy": "Anfon y papur diwygiedig", "owner_person": cast.chair.pk}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.text_en, action.owner_person, action.due_date) == ("Send the revised paper", cast.chair, None)


def test_my_work_lists_own_and_organisation_actions_across_groups_overdue_first(cast, client_as):
    seat = cast.group.memberships.get(person=cast.member)
    other = MembershipFactory(person=cast.member, group=GroupFactory(), organisation=OrganisationFactory())
    Action.objects.create(
        group=cast.group, text_en="Later", owner_person=cast.member, due_date=TODAY + datetime.timedelta(days=9)
    )
    Action.objects.create(
        group=cast.group,
        text_en="Overdue",
        owner_organisation=seat.organisation,
        due_date=TODAY - datetime.timedelta(days=2),
    )
    Action.objects.create(
        group=other.group, text_en="Other group", owner_organisation=other.organisation, due_date=TODAY
    )
    Action.objects.create(group=cast.group, text_en="Someone else's", owner_person=cast.chair, due_date=TODAY)
    Action.objects.create(group=cast.group, text_en="Done", owner_person=cast.member, status=ActionStatus.DONE)
    response = client_as(cast.member).get(reverse("actions:my_work"))
    assert [a.text_en for a in response.context["open_actions"]] == ["Overdue", "Other group", "Later"]
    assert [a.text_en for a in response.context["closed_actions"]] == ["Done"]


def _log(client, group, **params):
    return client.get(reverse("actions:log", args=[group.slug]), params)


def test_action_log_filters_and_exports_exactly_what_it_shows(cast, client_as):
    wg = OrganisationFactory(name_en="Welsh Government", name_cy="Llywodraeth Cymru")
    Action.objects.create(
        group=cast.group,
        text_en="WG to set up a forum",
        text_cy="LlC i sefydlu fforwm",
        owner_organisation=wg,
        due_date=TODAY - datetime.timedelta(days=1),
    )
    Action.objects.create(
        group=cast.group,
        text_en="Members to reply",
        text_cy="Aelodau i ymateb",
        owner_person=cast.member,
        due_date=TODAY + datetime.timedelta(days=3),
    )
    Action.objects.create(group=GroupFactory(), text_en="Not this group", owner_organisation=wg)
    client = client_as(cast.observer)
    assert [a.text_en for a in _log(client, cast.group).context["page"]] == ["WG to set up a forum", "Members to reply"]
    assert [a.text_en for a in _log(client, cast.group, overdue="on").context["page"]] == ["WG to set up a forum"]
    assert [a.text_en for a in _log(client, cast.group, q="ymateb").context["page"]] == ["Members to reply"]
    assert [a.text_en for a in _log(client, cast.group, sort="-due").context["page"]] == [
        "Members to reply",
        "WG to set up a forum",
    ]
    rows = list(
        csv.reader(io.StringIO(_log(client, cast.group, overdue="on", export="csv").content.decode("utf-8-sig")))
    )
    assert [row[1] for row in rows[1:]] == ["WG to set up a forum"]
    assert rows[1][2] == "LlC i sefydlu fforwm"
    workbook = load_workbook(io.BytesIO(_log(client, cast.group, q="ymateb", export="xlsx").content))
    assert [row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)] == ["Members to reply"]


def test_action_log_explains_a_bad_date(cast, client_as):
    response = _log(client_as(cast.member), cast.group, due_from="31/02/2022")
    assert response.context["filter"].form.errors == {"due_from": ["Enter a real date for ‘Due from’, like 27/09/2022"]}
    assert "Download these" not in response.text


def test_action_log_filter_offers_the_members_and_owners_by_name_in_the_page_language(cast, client_as):
    from meetings.models import Meeting
    from steering.tests.factories import PersonFactory

    english_only = OrganisationFactory(name_en="Only English", name_cy="")
    nameless = PersonFactory(full_name="")
    former = PersonFactory(full_name="Aaron Former")
    Action.objects.create(group=cast.group, text_en="Theirs", owner_person=nameless, owner_organisation=english_only)
    Action.objects.create(group=cast.group, text_en="Former", owner_person=former)
    Action.objects.create(group=GroupFactory(), text_en="Elsewhere", owner_person=PersonFactory(full_name="Not here"))
    meeting = Meeting.objects.create(group=cast.group, number=4, starts_at=timezone.now())
    client = client_as(cast.member)
    page = _log(client, cast.group, owner_person=former.pk).text
    assert f'<option value="{former.pk}" selected>Aaron Former</option>' in page
    assert f'<option value="{nameless.pk}">{nameless.email}</option>' in page
    assert "Not here" not in page
    assert f'<option value="{english_only.pk}">Only English</option>' in page
    day = date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
    assert f'<option value="{meeting.pk}">Meeting 4, {day}</option>' in page
    assert [a.text_en for a in _log(client, cast.group, owner_person=former.pk).context["page"]] == ["Former"]
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert f'<option value="{english_only.pk}">Only English [Saesneg yn unig]</option>' in _log(client, cast.group).text


def test_action_log_rows_name_each_owner_as_the_action_does_in_either_language(cast, client_as):
    english_only = OrganisationFactory(name_en="Only English", name_cy="")
    wg = OrganisationFactory(name_en="Welsh Government", name_cy="Llywodraeth Cymru")
    Action.objects.create(group=cast.group, text_en="By name", owner_person=cast.member, due_date=TODAY)
    Action.objects.create(group=cast.group, text_en="By organisation", owner_organisation=wg)
    Action.objects.create(
        group=cast.group, text_en="By both", owner_person=cast.member, owner_organisation=english_only
    )
    client = client_as(cast.member)
    for language in ("en", "cy"):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        rows = _log(client, cast.group).context["page"]
        with translation.override(language):
            expected = {a.text_en: a.owner_display for a in Action.objects.filter(group=cast.group)}
        assert {row.text_en: row.owner for row in rows} == expected
        assert all(row.other_group is None for row in rows)
    assert "Only English [Saesneg yn unig]" in expected["By both"]
    assert expected["By organisation"] == "Llywodraeth Cymru"


@pytest.mark.parametrize("size", [5, 50])
def test_action_log_query_count_is_constant(size, cast, client_as, django_assert_num_queries):
    for n in range(size):
        Action.objects.create(group=cast.group, text_en=f"Action {n}", owner_person=cast.member, due_date=TODAY)
    client = client_as(cast.member)
    with django_assert_num_queries(10):
        _log(client, cast.group)


@pytest.mark.parametrize("size", [3, 30])
def test_my_work_query_count_is_constant(size, cast, client_as, django_assert_num_queries):
    for n in range(size):
        Action.objects.create(group=cast.group, text_en=f"Action {n}", owner_person=cast.member, due_date=TODAY)
    client = client_as(cast.member)
    # The seats read once for both lists; with no feedback request open, nothing more is read for them.
    with django_assert_num_queries(5):
        client.get(reverse("actions:my_work"))


def test_calendar_feed_holds_meetings_and_deadlines_at_a_secret_address_that_can_be_reset(action, cast, client_as):
    from icalendar import Calendar

    from meetings import services as meeting_services

    meeting_services.create_meeting(
        cast.group, starts_at=timezone.now() + datetime.timedelta(days=10), place_en="Cardiff"
    )
    url = reverse("actions:calendar", args=[cast.member.calendar_token])
    feed = Calendar.from_ical(client_as(None).get(url).content)
    events = {str(event["uid"]).split("@")[0]: event for event in feed.walk("VEVENT")}
    assert set(events) == {f"action-{action.pk}", f"meeting-{cast.group.meetings.get().pk}"}
    assert events[f"action-{action.pk}"]["summary"] == "Anfon y papur / Send the paper"
    client_as(cast.member).post(reverse("actions:calendar_reset"))
    assert client_as(None).get(url).status_code == 404


def test_observers_do_not_own_organisation_actions(cast):
    from actions.selectors import owners_by_seat

    seat = cast.group.memberships.get(person=cast.observer)
    assert seat.role == Role.OBSERVER
    assert cast.observer.pk not in owners_by_seat(TODAY).get((cast.group.pk, seat.organisation_id), [])


def test_secretariat_records_an_action_done_at_a_meeting(action, cast, client_as):
    from meetings import services as meeting_services

    meeting = meeting_services.create_meeting(cast.group, starts_at=timezone.now())
    response = client_as(cast.secretariat).post(reverse("actions:close_at_meeting", args=[meeting.pk, action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.closed_by, action.closed_at_meeting) == (ActionStatus.DONE, cast.secretariat, meeting)
    assert ActionUpdate.objects.get(action=action).at_meeting == meeting


def test_a_status_change_that_someone_else_made_impossible_is_explained(action, cast, client_as):
    services.update_action(action, status=ActionStatus.DONE, note="", by=cast.secretariat)
    response = client_as(cast.member).post(
        action.get_absolute_url(),
        {"status": ActionStatus.IN_PROGRESS, "note": "Started", "note_language": "en", "seen_status": "open"},
    )
    assert response.context["form"].errors == {"status": ["An action that is ‘Done’ cannot become ‘In progress’."]}


def test_sort_choices_are_in_the_page_language(cast, client_as):
    client = client_as(cast.member)
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    labels = [label for _value, label in _log(client, cast.group).context["filter"].form.fields["sort"].choices]
    assert "Due date, latest first" not in labels and all("descending" not in str(label) for label in labels)


def test_the_log_can_include_the_actions_of_the_groups_under_it_that_the_person_belongs_to(cast, client_as):
    from workstreams.enums import GroupKind
    from workstreams.services import create_group

    mine = create_group(cast.group, by=cast.secretariat, kind=GroupKind.SUB_GROUP, name_en="Mine", name_cy="Fy un")
    theirs = create_group(cast.group, by=cast.chair, kind=GroupKind.SUB_GROUP, name_en="Theirs", name_cy="Eu un")
    Action.objects.create(group=cast.group, text_en="Parent work", owner_person=cast.member)
    Action.objects.create(group=mine, text_en="Sub-group work", owner_person=cast.secretariat)
    Action.objects.create(group=theirs, text_en="Not shared work", owner_person=cast.chair)
    client = client_as(cast.secretariat)
    url = reverse("actions:log", args=[cast.group.slug])
    assert "Sub-group work" not in client.get(url).text
    page = client.get(url, {"groups_under": "on"}).text
    assert "Parent work" in page and "Sub-group work" in page and "Not shared work" not in page
    assert '<strong class="govuk-tag govuk-tag--blue"><span lang="en">Mine</span></strong>' in page
    exported = client.get(url, {"groups_under": "on", "export": "csv"}).text
    assert "Sub-group work" in exported and "Not shared work" not in exported
