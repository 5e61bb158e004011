import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from workstreams.enums import GroupKind, Role
from workstreams.models import GlossaryEntry, Membership
from workstreams.tests.factories import (
    GlossaryEntryFactory,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    TermsOfReferenceFactory,
)


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_home_lists_only_the_persons_groups_with_sub_groups_under_their_parent(cast, client_as):
    child = GroupFactory(name_en="EHE Task and Finish Group", parent=cast.group, kind=GroupKind.TASK_AND_FINISH_GROUP)
    MembershipFactory(group=child, person=cast.member)
    GroupFactory(name_en="A group they are not in")
    response = client_as(cast.member).get(reverse("workstreams:home"))
    assert [(group.name_en, depth) for group, depth in response.context["groups"]] == [
        ("ALN Implementation Steering Group", 0),
        ("EHE Task and Finish Group", 1),
    ]


def test_group_page_shows_members_by_organisation_with_roles(cast, client_as):
    response = client_as(cast.observer).get(cast.group.get_absolute_url())
    seats = response.context["seats"]
    assert sorted(m.role for seat in seats for m in seat.memberships) == sorted(
        [Role.SECRETARIAT, Role.CHAIR, Role.MEMBER, Role.OBSERVER]
    )
    assert escape(cast.member.full_name) in response.text
    assert response.context["can_manage"] is False
    assert reverse("workstreams:membership_add", args=[cast.group.slug]) not in response.text


def test_group_page_offers_the_secretariat_its_changes(cast, client_as):
    response = client_as(cast.secretariat).get(cast.group.get_absolute_url())
    assert response.context["can_manage"] is True
    assert reverse("workstreams:membership_add", args=[cast.group.slug]) in response.text


def test_group_page_links_only_the_sub_groups_the_person_may_open(cast, client_as):
    open_child = GroupFactory(name_en="Open child", parent=cast.group)
    closed_child = GroupFactory(name_en="Closed child", parent=cast.group)
    MembershipFactory(group=open_child, person=cast.member)
    html = client_as(cast.member).get(cast.group.get_absolute_url()).text
    assert open_child.get_absolute_url() in html
    assert closed_child.get_absolute_url() not in html
    assert "Closed child" in html


def test_group_page_shows_former_members_apart(cast, client_as):
    former = MembershipFactory(
        group=cast.group, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2022, 7, 31)
    )
    response = client_as(cast.member).get(cast.group.get_absolute_url())
    assert list(response.context["former"]) == [former]
    assert former.person not in [m.person for seat in response.context["seats"] for m in seat.memberships]


@pytest.mark.parametrize("extra", [0, 30])
def test_group_page_query_count_does_not_grow_with_members(extra, cast, client_as, django_assert_num_queries):
    for _ in range(extra):
        MembershipFactory(group=cast.group, organisation=OrganisationFactory())
    TermsOfReferenceFactory.create_batch(3, group=cast.group)
    client = client_as(cast.member)
    # session, person, group, roles, visible groups, children, terms, meetings, members, former, glossary
    with django_assert_num_queries(11):
        client.get(cast.group.get_absolute_url())


@pytest.mark.parametrize("extra", [0, 20])
def test_home_query_count_does_not_grow_with_groups(extra, cast, client_as, django_assert_num_queries):
    for _ in range(extra):
        MembershipFactory(person=cast.member, group=GroupFactory(parent=cast.group))
    client = client_as(cast.member)
    with django_assert_num_queries(3):
        client.get(reverse("workstreams:home"))


@pytest.mark.parametrize("size", [1, 10])
def test_group_page_query_count_does_not_grow_with_its_other_lists(size, cast, client_as, django_assert_num_queries):
    for n in range(3 * size):
        GroupFactory(parent=cast.group)
        TermsOfReferenceFactory(group=cast.group)
        GlossaryEntryFactory(group=cast.group)
        MembershipFactory(group=cast.group, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1))
        # Meetings live in a higher layer: reached through the relation, half of them past.
        cast.group.meetings.create(number=n + 1, starts_at=timezone.now() + datetime.timedelta(days=n - 3 * size // 2))
    client = client_as(cast.member)
    # One more than without groups under it: whether they have deliverables to chart.
    with django_assert_num_queries(12):
        response = client.get(cast.group.get_absolute_url())
    assert len(response.context["glossary"]) == 3 * size
    assert len(response.context["former"]) == 3 * size


@pytest.mark.parametrize("size", [1, 10])
def test_terms_of_reference_page_query_count_does_not_grow(size, cast, client_as, django_assert_num_queries):
    for version in range(1, 3 * size + 1):
        TermsOfReferenceFactory(group=cast.group, version=version, created_by=cast.secretariat)
    client = client_as(cast.member)
    with django_assert_num_queries(6):
        response = client.get(reverse("workstreams:terms_of_reference", args=[cast.group.slug, 1]))
    assert response.context["is_latest"] is False


@pytest.mark.parametrize("size", [1, 10])
@pytest.mark.parametrize(("page", "queries"), [("membership_add", 6), ("membership_change", 8)])
def test_membership_forms_query_count_does_not_grow_with_members(
    page, queries, size, cast, client_as, django_assert_num_queries
):
    for _ in range(3 * size):
        MembershipFactory(group=cast.group)  # a member to deputise for, and an organisation to choose
    args = [cast.group.slug]
    if page == "membership_change":
        args.append(cast.group.memberships.get(person=cast.member).pk)
    client = client_as(cast.secretariat)
    with django_assert_num_queries(queries):
        response = client.get(reverse(f"workstreams:{page}", args=args))
    assert response.status_code == 200


def test_secretariat_adds_someone_new_who_can_then_set_a_password(cast, client_as):
    organisation = OrganisationFactory(name_en="Estyn")
    response = client_as(cast.secretariat).post(
        reverse("workstreams:membership_add", args=[cast.group.slug]),
        {
            "email": "New.Person@Example.org",
            "full_name": "Ffion Jenkins",
            "preferred_language": "cy",
            "organisation": organisation.pk,
            "role": Role.MEMBER,
            **_date("start_date", datetime.date(2022, 9, 22)),
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person__email="new.person@example.org")
    assert (membership.group, membership.organisation, membership.role, membership.start_date) == (
        cast.group,
        organisation,
        Role.MEMBER,
        datetime.date(2022, 9, 22),
    )
    assert (membership.person.full_name, membership.person.preferred_language) == ("Ffion Jenkins", "cy")


def test_adding_someone_new_without_a_name_explains_what_is_missing_and_keeps_the_input(cast, client_as):
    response = client_as(cast.secretariat).post(
        reverse("workstreams:membership_add", args=[cast.group.slug]),
        {
            "email": "someone@example.org",
            "preferred_language": "en",
            "role": Role.MEMBER,
            "start_date_0": "31",
            "start_date_1": "9",
            "start_date_2": "2022",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "full_name": ["Enter their full name: nobody has an account with that email address yet"],
        "start_date": ["Enter a real date, for example 27 9 2022"],
    }
    assert 'value="someone@example.org"' in response.text
    assert response.text.count('class="govuk-error-summary"') == 1


def test_adding_an_existing_member_again_is_explained(cast, client_as):
    response = client_as(cast.secretariat).post(
        reverse("workstreams:membership_add", args=[cast.group.slug]),
        {
            "email": cast.member.email,
            "preferred_language": "en",
            "role": Role.MEMBER,
            **_date("start_date", datetime.date(2022, 9, 22)),
        },
    )
    message = f"{cast.member.full_name} already has the role ‘Member’ in this group."
    assert response.context["form"].errors == {"email": [f"{message} Change or end that membership instead."]}
    assert '<a href="#id_email">' in response.text


def test_secretariat_changes_a_role_and_the_history_is_kept(cast, client_as):
    membership = cast.group.memberships.get(person=cast.member)
    response = client_as(cast.secretariat).post(
        reverse("workstreams:membership_change", args=[cast.group.slug, membership.pk]),
        {"role": Role.VICE_CHAIR, "organisation": membership.organisation_id},
    )
    assert response.status_code == 302
    assert list(
        cast.group.memberships.filter(person=cast.member).order_by("start_date").values_list("role", "end_date")
    ) == [
        (Role.MEMBER, datetime.date.today() - datetime.timedelta(days=1)),
        (Role.VICE_CHAIR, None),
    ]


def test_secretariat_ends_a_membership(cast, client_as):
    membership = cast.group.memberships.get(person=cast.member)
    today = datetime.date.today()
    response = client_as(cast.secretariat).post(
        reverse("workstreams:membership_end", args=[cast.group.slug, membership.pk]), _date("end_date", today)
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end_date == today


def test_membership_of_another_group_is_not_found_through_this_one(cast, client_as):
    elsewhere = MembershipFactory()
    url = reverse("workstreams:membership_end", args=[cast.group.slug, elsewhere.pk])
    assert client_as(cast.secretariat).get(url).status_code == 404


def test_secretariat_adds_a_terms_of_reference_version_starting_from_the_last(cast, client_as):
    TermsOfReferenceFactory(group=cast.group, version=1, text_en="Old text", text_cy="Hen destun")
    client = client_as(cast.secretariat)
    url = reverse("workstreams:terms_of_reference_add", args=[cast.group.slug])
    assert client.get(url).context["form"].initial == {"text_en": "Old text", "text_cy": "Hen destun"}
    response = client.post(
        url, {"text_en": "New text", "text_cy": "Testun newydd", **_date("date_agreed", datetime.date(2022, 9, 22))}
    )
    assert response.status_code == 302
    assert list(cast.group.terms_of_reference.values_list("version", "text_en")) == [(2, "New text"), (1, "Old text")]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_terms_of_reference_without_their_welsh_are_refused_beside_the_welsh_box(language, cast, client_as):
    cast.secretariat.preferred_language = language
    cast.secretariat.save(update_fields=["preferred_language"])
    response = client_as(cast.secretariat).post(
        reverse("workstreams:terms_of_reference_add", args=[cast.group.slug]),
        {"text_en": "New text", "text_cy": "  ", **_date("date_agreed", datetime.date(2022, 9, 22))},
    )
    with translation.override(language):
        message = translation.gettext(
            "Enter the terms of reference in Welsh: they cannot become the group's terms of reference "
            "while the Welsh is missing"
        )
    assert response.status_code == 200
    assert response.context["form"].errors == {"text_cy": [message]}
    assert f'<a href="#id_text_cy">{escape(message)}</a>' in response.text
    assert cast.group.terms_of_reference.count() == 0


def test_secretariat_adds_changes_and_removes_a_glossary_entry(cast, client_as):
    client = client_as(cast.secretariat)
    client.post(
        reverse("workstreams:glossary_add", args=[cast.group.slug]),
        {
            "acronym_en": "ALN",
            "expansion_en": "additional learning needs",
            "acronym_cy": "ADY",
            "expansion_cy": "anghenion dysgu ychwanegol",
        },
    )
    entry = GlossaryEntry.objects.get(group=cast.group)
    client.post(
        reverse("workstreams:glossary_edit", args=[cast.group.slug, entry.pk]),
        {
            "acronym_en": "ALN",
            "expansion_en": "additional learning needs (ALN)",
            "acronym_cy": "ADY",
            "expansion_cy": "anghenion dysgu ychwanegol",
        },
    )
    entry.refresh_from_db()
    assert entry.expansion_en == "additional learning needs (ALN)"
    client.post(reverse("workstreams:glossary_remove", args=[cast.group.slug, entry.pk]))
    assert not GlossaryEntry.objects.filter(group=cast.group).exists()


def test_terms_of_reference_page_warns_when_a_later_version_exists(cast, client_as):
    TermsOfReferenceFactory(group=cast.group, version=1)
    TermsOfReferenceFactory(group=cast.group, version=2)
    response = client_as(cast.observer).get(reverse("workstreams:terms_of_reference", args=[cast.group.slug, 1]))
    assert "A later version has replaced this one." in response.text


def test_someone_new_is_emailed_in_both_languages_with_a_link_to_choose_a_password(
    cast, client_as, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://governance.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client_as(cast.secretariat).post(
            reverse("workstreams:membership_add", args=[cast.group.slug]),
            {
                "email": "llinos@example.org",
                "full_name": "Llinos Parry",
                "preferred_language": "cy",
                "role": Role.MEMBER,
                **_date("start_date", datetime.date(2022, 9, 22)),
            },
        )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["llinos@example.org"]
    assert message.subject == (
        "Rydych yn aelod o Grŵp Llywio Gweithredu ADY / You are a member of ALN Implementation Steering Group"
    )
    welsh, english = message.body.split("-" * 60)
    assert "Mae'r ysgrifenyddiaeth wedi eich ychwanegu at Grŵp Llywio Gweithredu ADY fel Aelod." in welsh
    assert "The secretariat has added you to ALN Implementation Steering Group as Member." in english
    link = next(
        line for line in english.splitlines() if line.startswith("https://governance.example.org/password-reset/")
    )
    client = client_as(None)
    page = client.get(link.removeprefix("https://governance.example.org"), follow=True)
    assert page.context["validlink"] is True


def test_someone_with_an_account_is_told_without_a_password_link(
    cast, client_as, mailoutbox, django_capture_on_commit_callbacks
):
    other = GroupFactory()
    MembershipFactory(group=other, role=Role.SECRETARIAT, person=cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client_as(cast.secretariat).post(
            reverse("workstreams:membership_add", args=[other.slug]),
            {
                "email": cast.member.email,
                "preferred_language": "en",
                "role": Role.OBSERVER,
                **_date("start_date", datetime.date(2022, 9, 22)),
            },
        )
    assert len(mailoutbox) == 1
    assert "password-reset" not in mailoutbox[0].body
    assert mailoutbox[0].body.startswith(f"Hello {cast.member.full_name},")


def test_form_errors_link_to_the_first_radio_and_the_day_box_and_forms_skip_browser_checks(cast, client_as):
    response = client_as(cast.secretariat).post(reverse("workstreams:membership_add", args=[cast.group.slug]), {})
    assert response.context["form"].errors.keys() == {"email", "preferred_language", "role", "start_date"}
    for anchor in ("#id_email", "#id_preferred_language_1", "#id_role_1", "#id_start_date_0"):
        assert f'<a href="{anchor}">' in response.text
    assert "novalidate" in response.text
    assert (
        response.text.count('<label class="govuk-label govuk-radios__label" for="id_preferred_language_1" lang="cy">')
        == 1
    )


def test_someone_joining_later_is_listed_as_joining(cast, client_as):
    later = datetime.date.today() + datetime.timedelta(days=30)
    joining = MembershipFactory(group=cast.group, start_date=later)
    response = client_as(cast.secretariat).get(cast.group.get_absolute_url())
    assert joining in [m for seat in response.context["seats"] for m in seat.memberships]
    assert "Joining" in response.text


def test_ending_a_membership_later_says_when_it_ends(cast, client_as):
    membership = cast.group.memberships.get(person=cast.member)
    later = datetime.date.today() + datetime.timedelta(days=30)
    response = client_as(cast.secretariat).post(
        reverse("workstreams:membership_end", args=[cast.group.slug, membership.pk]),
        _date("end_date", later),
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"The membership of {cast.member.full_name} ends on {later.day} {later:%B} {later.year}."
    ]


def test_ending_before_the_start_puts_the_message_beside_the_date(cast, client_as):
    membership = cast.group.memberships.get(person=cast.member)
    response = client_as(cast.secretariat).post(
        reverse("workstreams:membership_end", args=[cast.group.slug, membership.pk]),
        _date("end_date", datetime.date(2021, 1, 1)),
    )
    assert response.context["form"].errors == {
        "end_date": ["The last day must be on or after the day the membership started, 1 January 2022"]
    }


def test_a_deputy_needs_the_member_they_stand_in_for(cast, client_as):
    url = reverse("workstreams:membership_add", args=[cast.group.slug])
    client = client_as(cast.secretariat)
    data = {
        "email": cast.observer.email,
        "preferred_language": "en",
        "role": Role.DEPUTY,
        **_date("start_date", datetime.date(2022, 9, 22)),
    }
    assert client.post(url, data).context["form"].errors == {
        "deputy_for": ["Choose the member this deputy stands in for"]
    }
    member_seat = cast.group.memberships.get(person=cast.member)
    assert client.post(url, {**data, "deputy_for": member_seat.pk}).status_code == 302
    deputy = cast.group.memberships.get(person=cast.observer, role=Role.DEPUTY)
    assert deputy.deputy_for == member_seat
    assert f"deputy for {cast.member.full_name}" in client.get(cast.group.get_absolute_url()).text


@pytest.mark.parametrize(
    ("agreed", "error"),
    [
        (datetime.date.today() + datetime.timedelta(days=1), "The date agreed must be today or in the past"),
        (
            datetime.date(2020, 1, 1),
            "The date agreed must be on or after the date of the current version, 22 September 2022",
        ),
    ],
)
def test_terms_of_reference_date_must_follow_the_current_version_and_not_be_future(agreed, error, cast, client_as):
    TermsOfReferenceFactory(group=cast.group, version=1, date_agreed=datetime.date(2022, 9, 22))
    response = client_as(cast.secretariat).post(
        reverse("workstreams:terms_of_reference_add", args=[cast.group.slug]),
        {"text_en": "New", "text_cy": "Newydd", **_date("date_agreed", agreed)},
    )
    assert response.context["form"].errors == {"date_agreed": [error]}
    assert cast.group.terms_of_reference.count() == 1


def test_glossary_refuses_a_welsh_acronym_already_in_use(cast, client_as):
    GlossaryEntry.objects.create(
        group=cast.group, acronym_en="ALN", acronym_cy="ADY", expansion_en="additional learning needs"
    )
    response = client_as(cast.secretariat).post(
        reverse("workstreams:glossary_add", args=[cast.group.slug]),
        {"acronym_en": "ALNX", "expansion_en": "something else", "acronym_cy": "ady", "expansion_cy": "rhywbeth arall"},
    )
    assert response.context["form"].errors == {
        "acronym_cy": ["The glossary already explains ady. Change that entry instead."]
    }
