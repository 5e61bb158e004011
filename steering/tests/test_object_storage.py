"""Files in S3-compatible object storage (STORAGE_URL set), against a real server (moto in server
mode) started by the test run: every file the service writes goes to the bucket and none to the
local folder, and every download still goes through the view that asks the permission rules."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Paper
from meetings.tests.test_paper_text import pdf_with
from steering.storage import S3_BACKEND, default_storage_from


@pytest.fixture
def item(cast):
    meeting = services.create_meeting(cast.group, starts_at=timezone.now() + datetime.timedelta(days=20))
    return services.add_item(meeting, title_en="PLASC data", title_cy="Data CYBLD")


def test_a_paper_goes_to_the_bucket_and_comes_back_only_through_the_permission_checked_view(
    item, cast, client_as, object_storage
):
    content = pdf_with("Pupil Level Annual School Census")
    response = client_as(cast.secretariat).post(
        reverse("meetings:paper_add", args=[item.meeting_id, item.pk]),
        {"title_en": "Census", "title_cy": "Cyfrifiad", "file_en": SimpleUploadedFile("census.pdf", content)},
    )
    assert response.status_code == 302
    paper = Paper.objects.get(item=item)
    assert object_storage.objects() == [paper.file_en.name]
    assert object_storage.read(paper.file_en.name) == content
    assert paper.text_en == "Pupil Level Annual School Census"  # read back from the bucket
    url = reverse("meetings:paper", args=[item.meeting_id, paper.pk, "en"])
    download = client_as(cast.member).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert client_as(cast.outsider).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302  # to sign in, never to the bucket


def test_the_agenda_pack_is_built_from_the_bucket_and_kept_there(
    item, cast, client_as, object_storage, django_capture_on_commit_callbacks
):
    services.add_paper(
        item,
        by=cast.secretariat,
        title_en="Census",
        title_cy="Cyfrifiad",
        file_en=SimpleUploadedFile("census.pdf", pdf_with("CENSUS")),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_agenda(item.meeting)
    item.meeting.refresh_from_db()
    assert item.meeting.pack.name in object_storage.objects()
    response = client_as(cast.member).get(reverse("meetings:pack", args=[item.meeting_id]))
    body = b"".join(response.streaming_content)
    assert (
        response.status_code == 200 and body.startswith(b"%PDF") and body == object_storage.read(item.meeting.pack.name)
    )


def test_health_checks_the_bucket(client, db, object_storage, settings):
    assert client.get("/health/").json()["checks"]["storage"] == "ok"
    assert [key for key in object_storage.objects() if key.startswith("health/")] == []  # it cleans up
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "no-such-bucket"},
        },
    }
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["failing"] == ["storage"]


def test_the_environment_chooses_the_storage():
    assert default_storage_from({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    by_url = default_storage_from(
        {"STORAGE_URL": "s3://KEY:SE%2FCRET@papers/steering?endpoint_url=https://s3.example.org&region_name=eu-west-2"}
    )
    assert by_url["BACKEND"] == S3_BACKEND
    assert by_url["OPTIONS"] | {} == {
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": 60,
        "bucket_name": "papers",
        "location": "steering",
        "access_key": "KEY",
        "secret_key": "SE/CRET",
        "endpoint_url": "https://s3.example.org",
        "region_name": "eu-west-2",
    }
    by_names = default_storage_from(
        {"AWS_STORAGE_BUCKET_NAME": "papers", "AWS_S3_REGION_NAME": "eu-west-2", "AWS_ACCESS_KEY_ID": "K"}
    )
    assert by_names["OPTIONS"]["bucket_name"] == "papers" and by_names["OPTIONS"]["access_key"] == "K"
    for wrong in ("https://papers", "s3://papers?acl=public-read"):
        with pytest.raises(ImproperlyConfigured, match="STORAGE_URL"):
            default_storage_from({"STORAGE_URL": wrong})


def test_published_minutes_pdf_is_kept_in_the_bucket_and_read_from_it_for_the_email_and_the_download(
    db, object_storage, client_as, django_capture_on_commit_callbacks
):
    from django.core import mail

    from actions import services as action_services
    from meetings import circulation
    from meetings import demo as meetings_demo
    from meetings.models import Meeting
    from steering.models import Person
    from workstreams import demo as workstreams_demo

    workstreams_demo.load()
    meetings_demo.load(record_action=action_services.record_action, publish=False)
    meeting = Meeting.objects.get(group__slug="aln-implementation-steering-group", number=1)
    secretariat = Person.objects.get(email="secretariat@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        published = circulation.publish_minutes(meeting.minutes_versions.get(version=1), by=secretariat)
    published.refresh_from_db()
    stored = object_storage.read(published.pdf.name)
    assert stored.startswith(b"%PDF") and mail.outbox
    attached = [content for message in mail.outbox for _name, content, _type in message.attachments]
    assert attached and all(content == stored for content in attached)
    response = client_as(secretariat).get(reverse("meetings:published_pdf", args=[meeting.pk, 1]))
    assert b"".join(response.streaming_content) == stored
