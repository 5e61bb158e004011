from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from steering.models import Person
from workstreams.enums import GroupKind, Role
from workstreams.models import GlossaryEntry, Group, Membership, Organisation, TermsOfReference


def _counts():
    return [
        model.objects.count() for model in (Person, Organisation, Group, Membership, TermsOfReference, GlossaryEntry)
    ]


def test_load_demo_is_idempotent(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first


def test_load_demo_holds_the_seed_group_its_bodies_and_its_groups(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    group = Group.objects.get(slug="aln-implementation-steering-group")
    with translation.override("cy"):
        assert str(group) == "Grŵp Llywio Gweithredu ADY"
    assert set(Organisation.objects.filter(acronym_en__gt="").values_list("acronym_en", flat=True)) >= {
        "WG",
        "WLGA",
        "ADEW",
        "ETW",
    }
    assert not Organisation.objects.filter(name_cy="").exists()
    assert {(g.name_en, g.kind, g.parent.slug) for g in Group.objects.exclude(parent=None)} == {
        ("Electively Home Educated (EHE) Task and Finish Group", GroupKind.TASK_AND_FINISH_GROUP, group.slug),
        ("EHE/ALN Sub-group", GroupKind.SUB_GROUP, "ehe-task-and-finish-group"),
        ("Health and Local Authority Forum", GroupKind.FORUM, group.slug),
    }
    roles = set(Membership.objects.current().filter(group=group).values_list("role", flat=True))
    assert {Role.CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.OBSERVER} <= roles
    assert Membership.objects.former().filter(group=group).count() == 1
    assert set(group.glossary.values_list("acronym_en", flat=True)) >= {
        "SG",
        "WG",
        "LA",
        "ALN",
        "SEN",
        "EHE",
        "LAC",
        "PLASC",
        "ALP",
        "PCP",
        "EOTAS",
        "CYP",
    }
    assert not group.glossary.filter(expansion_cy="").exists()


def test_demo_sign_in_works(client, db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.post(reverse("login"), {"username": "secretariat@example.org", "password": "aln-demo-2022"})
    assert (response.status_code, response.url) == (302, "/")
