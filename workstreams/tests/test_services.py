import datetime

import pytest

from steering.errors import DomainError
from workstreams import services
from workstreams.enums import Role
from workstreams.models import Membership
from workstreams.tests.factories import GlossaryEntryFactory, GroupFactory, MembershipFactory, OrganisationFactory

TODAY = datetime.date(2022, 9, 22)


@pytest.fixture
def membership(db):
    return MembershipFactory(role=Role.MEMBER, start_date=datetime.date(2021, 9, 1))


def test_add_membership_refuses_a_second_open_seat_in_the_same_role(membership):
    with pytest.raises(DomainError, match="already has the role ‘Member’ in this group"):
        services.add_membership(
            membership.group, person=membership.person, role=Role.MEMBER, organisation=None, start_date=TODAY
        )


def test_add_membership_allows_a_second_role(membership):
    added = services.add_membership(
        membership.group, person=membership.person, role=Role.SECRETARIAT, organisation=None, start_date=TODAY
    )
    assert set(Membership.objects.filter(person=membership.person).values_list("role", flat=True)) == {
        Role.MEMBER,
        Role.SECRETARIAT,
    }
    assert added.start_date == TODAY


def test_change_role_ends_the_old_seat_and_keeps_it_as_history(membership):
    new = services.change_role(membership, role=Role.VICE_CHAIR, organisation=membership.organisation, on=TODAY)
    membership.refresh_from_db()
    assert (membership.role, membership.end_date) == (Role.MEMBER, datetime.date(2022, 9, 21))
    assert (new.role, new.start_date, new.end_date) == (Role.VICE_CHAIR, TODAY, None)
    assert list(Membership.objects.current(TODAY).filter(person=membership.person).values_list("role", flat=True)) == [
        Role.VICE_CHAIR
    ]


def test_change_role_on_the_first_day_corrects_the_seat_in_place(db):
    membership = MembershipFactory(role=Role.MEMBER, start_date=TODAY)
    changed = services.change_role(membership, role=Role.OBSERVER, organisation=None, on=TODAY)
    assert (changed.pk, changed.role, changed.organisation) == (membership.pk, Role.OBSERVER, None)
    assert Membership.objects.count() == 1


def test_change_role_refuses_a_change_that_changes_nothing(membership):
    with pytest.raises(DomainError, match="Choose a different role or organisation"):
        services.change_role(membership, role=Role.MEMBER, organisation=membership.organisation, on=TODAY)


def test_end_membership_keeps_the_row_with_an_end_date(membership):
    services.end_membership(membership, on=TODAY)
    membership.refresh_from_db()
    assert membership.end_date == TODAY
    assert list(Membership.objects.former(TODAY + datetime.timedelta(days=1))) == [membership]


def test_end_membership_twice_says_it_has_already_ended(membership):
    services.end_membership(membership, on=TODAY)
    with pytest.raises(DomainError, match="already ended"):
        services.end_membership(membership, on=TODAY)


def test_end_membership_before_it_started_is_refused(membership):
    with pytest.raises(DomainError, match="must be on or after the day the membership started"):
        services.end_membership(membership, on=datetime.date(2020, 1, 1))
    membership.refresh_from_db()
    assert membership.end_date is None


def test_terms_of_reference_take_the_next_version_number(membership):
    group, person = membership.group, membership.person
    first = services.add_terms_of_reference(group, text_en="One", text_cy="Un", date_agreed=TODAY, by=person)
    second = services.add_terms_of_reference(group, text_en="Two", text_cy="Dau", date_agreed=TODAY, by=person)
    assert (first.version, second.version) == (1, 2)
    assert list(group.terms_of_reference.values_list("text_en", flat=True)) == ["Two", "One"]


@pytest.mark.parametrize("welsh", ["", " \n "])
def test_terms_of_reference_without_their_welsh_are_refused(welsh, membership):
    group, person = membership.group, membership.person
    with pytest.raises(DomainError, match="Enter the terms of reference in Welsh") as refused:
        services.add_terms_of_reference(group, text_en="Two", text_cy=welsh, date_agreed=TODAY, by=person)
    assert refused.value.field == "text_cy"
    assert group.terms_of_reference.count() == 0


def test_glossary_refuses_the_same_acronym_twice_in_a_group(db):
    entry = GlossaryEntryFactory(acronym_en="ALN")
    duplicate = GlossaryEntryFactory.build(group=entry.group, acronym_en="aln", expansion_en="again")
    with pytest.raises(DomainError, match="already explains aln"):
        services.save_glossary_entry(duplicate)
    elsewhere = GlossaryEntryFactory.build(group=GroupFactory(), acronym_en="ALN", expansion_en="fine")
    assert services.save_glossary_entry(elsewhere).pk is not None


def test_find_or_create_person_matches_email_without_regard_to_case(membership):
    found = services.find_or_create_person(
        email=membership.person.email.upper(), full_name="Ignored", preferred_language="cy"
    )
    assert found == membership.person
    created = services.find_or_create_person(email="new@example.org", full_name="Newydd", preferred_language="cy")
    assert (created.full_name, created.preferred_language, created.has_usable_password()) == ("Newydd", "cy", False)


def test_organisation_name_follows_language(db):
    from django.utils import translation

    organisation = OrganisationFactory(name_en="Welsh Government", name_cy="Llywodraeth Cymru")
    with translation.override("cy"):
        assert str(organisation) == "Llywodraeth Cymru"
