import datetime

import factory

from steering.tests.factories import PersonFactory
from workstreams.enums import GroupKind, OrganisationKind, Role
from workstreams.models import GlossaryEntry, Group, Membership, Organisation, TermsOfReference


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_cy = factory.Sequence(lambda n: f"Sefydliad {n}")
    kind = OrganisationKind.LOCAL_AUTHORITY


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name_en = factory.Sequence(lambda n: f"Group {n}")
    name_cy = factory.Sequence(lambda n: f"Grŵp {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    kind = GroupKind.STEERING_GROUP
    purpose_en = "To steer."
    purpose_cy = "Llywio."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    group = factory.SubFactory(GroupFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER
    start_date = datetime.date(2022, 1, 1)


class TermsOfReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermsOfReference

    group = factory.SubFactory(GroupFactory)
    version = factory.Sequence(lambda n: n + 1)
    text_en = "The group oversees the work."
    text_cy = "Mae'r grŵp yn goruchwylio'r gwaith."
    date_agreed = datetime.date(2022, 9, 22)


class GlossaryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryEntry

    group = factory.SubFactory(GroupFactory)
    acronym_en = factory.Sequence(lambda n: f"AC{n}")
    expansion_en = "an acronym"
    expansion_cy = "acronym"
