"""Fixtures every app's tests share: a group with one person in each role, and an outsider."""

from dataclasses import dataclass

import pytest

from steering.models import Person
from steering.tests.factories import PersonFactory
from workstreams.enums import Role
from workstreams.models import Group
from workstreams.tests.factories import GroupFactory, MembershipFactory


@dataclass
class Cast:
    group: Group
    secretariat: Person
    chair: Person
    member: Person
    observer: Person
    outsider: Person
    admin: Person

    def person(self, role: str) -> Person | None:
        return None if role == "anonymous" else getattr(self, role)


ROLES = ["anonymous", "outsider", "observer", "member", "chair", "secretariat", "admin"]


@pytest.fixture
def cast(db) -> Cast:
    group = GroupFactory(name_en="ALN Implementation Steering Group", name_cy="Grŵp Llywio Gweithredu ADY")
    people = {}
    for role in (Role.SECRETARIAT, Role.CHAIR, Role.MEMBER, Role.OBSERVER):
        people[role.value] = MembershipFactory(group=group, role=role).person
    # Someone who belongs to another group only: they must see nothing of this one.
    outsider = MembershipFactory(group=GroupFactory()).person
    admin = PersonFactory(is_superuser=True, is_staff=True)
    return Cast(group=group, outsider=outsider, admin=admin, **people)


@pytest.fixture
def client_as(client):
    def sign_in(person: Person | None):
        client.logout()
        if person is not None:
            client.force_login(person)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    """A request leaves its language active in the thread; each test starts from the default."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3-compatible server (moto in server mode) for the whole run."""
    from steering.tests.s3server import s3_server

    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def object_storage(s3_endpoint, settings):
    """Every file of the test in a new bucket of that server, as with STORAGE_URL set; the local
    media folder is replaced by one that cannot be written, so nothing lands there unnoticed."""
    import uuid

    from steering.tests import s3server

    bucket = f"test-{uuid.uuid4().hex[:12]}"
    s3 = s3server.client(s3_endpoint)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": s3server.REGION})
    settings.STORAGES = {**settings.STORAGES, "default": s3server.storage_options(s3_endpoint, bucket)}
    settings.MEDIA_ROOT = "/nonexistent/media-must-not-be-used"

    class Bucket:
        name = bucket
        client = s3

        def objects(self) -> list[str]:
            return [entry["Key"] for entry in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]

        def read(self, key: str) -> bytes:
            return s3.get_object(Bucket=bucket, Key=key)["Body"].read()

    return Bucket()
