"""The home of a public group's minutes, and its Atom feed: no sign-in, the latest version of each
meeting, newest first; 404 for a group that is not public, whoever asks."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings import record
from meetings.enums import MeetingStatus, MinutesStatus
from meetings.models import Circulation, Meeting, Minutes

ATOM = "{http://www.w3.org/2005/Atom}"


def _published(group, number, month, *, versions=1, by):
    """Meeting ``number`` of 2022, its minutes approved and published ``versions`` times (corrections)."""
    meeting = Meeting.objects.create(
        group=group,
        number=number,
        starts_at=timezone.make_aware(datetime.datetime(2022, month, 22, 10)),
        status=MeetingStatus.PUBLISHED,
    )
    previous = None
    for version in range(1, versions + 1):
        minutes = Minutes.objects.create(
            meeting=meeting,
            version=version,
            status=MinutesStatus.APPROVED if version == versions else MinutesStatus.SUPERSEDED,
            approved_by=by,
            approved_at=timezone.now(),
            snapshot=record.build(Minutes(meeting=meeting, version=version)).as_dict(),
            content_hash="0" * 64,
        )
        previous = Circulation.objects.create(
            minutes=minutes,
            supersedes=previous,
            layout="side-by-side",
            pdf=ContentFile(b"%PDF-1.7", name="m.pdf"),
            created_by=by,
        )
    return meeting


@pytest.fixture
def public(cast):
    cast.group.minutes_are_public = True
    cast.group.save(update_fields=["minutes_are_public"])
    september = _published(cast.group, 1, 9, versions=2, by=cast.secretariat)
    november = _published(cast.group, 2, 11, by=cast.secretariat)
    Meeting.objects.create(group=cast.group, number=3, starts_at=timezone.now())  # nothing published yet
    return september, november


def test_public_minutes_list_the_latest_version_of_each_meeting_newest_first(public, cast, client):
    september, november = public
    response = client.get(reverse("meetings:public", args=[cast.group.slug]), headers={"accept-language": "en"})
    assert response.status_code == 200
    assert [(c.minutes.meeting, c.minutes.version) for c in response.context["publications"]] == [
        (november, 1),
        (september, 2),
    ]
    page = response.text
    for meeting, version in ((november, 1), (september, 2)):
        for language in ("cy", "en"):
            assert f'href="{reverse("meetings:published", args=[meeting.pk, version, language])}"' in page
        assert f'href="{reverse("meetings:published_pdf", args=[meeting.pk, version])}"' in page
    assert reverse("meetings:published", args=[september.pk, 1, "en"]) not in page  # the superseded version
    assert page.index("22 November 2022") < page.index("22 September 2022")
    assert reverse("meetings:public_feed", args=[cast.group.slug]) in page


def test_public_minutes_follow_the_interface_language_with_the_other_name_given(public, cast, client):
    url = reverse("meetings:public", args=[cast.group.slug])
    welsh = client.get(url, headers={"accept-language": "cy"}).text
    english = client.get(url, headers={"accept-language": "en"}).text
    assert '<html lang="cy"' in welsh and "22 Medi 2022" in welsh
    assert '<span lang="cy">Grŵp Llywio Gweithredu ADY</span>' in welsh.split("</h1>")[0]
    assert '<span lang="en">ALN Implementation Steering Group</span>' in welsh.split("</h1>")[1]
    assert '<span lang="en">ALN Implementation Steering Group</span>' in english.split("</h1>")[0]
    assert '<span lang="cy">Grŵp Llywio Gweithredu ADY</span>' in english.split("</h1>")[1]


def test_public_feed_has_an_entry_per_meeting_with_titles_in_both_languages(public, cast, client):
    september, _november = public
    response = client.get(reverse("meetings:public_feed", args=[cast.group.slug]), headers={"accept-language": "cy"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - the feed this service just wrote
    title = feed.find(f"{ATOM}title").text
    assert title.startswith("Grŵp Llywio Gweithredu ADY: ")  # the reader's language first
    assert title.endswith(" / ALN Implementation Steering Group: published minutes")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text.split(" / ")[1] for entry in entries] == [
        "Minutes of meeting 2: 22 November 2022",
        "Minutes of meeting 1: 22 September 2022",
    ]
    assert "22 Medi 2022" in entries[1].find(f"{ATOM}title").text.split(" / ")[0]
    assert (
        entries[1].find(f"{ATOM}link").get("href").endswith(reverse("meetings:published", args=[september.pk, 2, "cy"]))
    )


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "secretariat", "admin"])
@pytest.mark.parametrize("name", ["meetings:public", "meetings:public_feed"])
def test_a_group_that_is_not_public_answers_404_to_everyone(role, name, cast, client_as):
    _published(cast.group, 1, 9, by=cast.secretariat)
    client = client_as(cast.person(role))
    assert client.get(reverse(name, args=[cast.group.slug])).status_code == 404
    assert client.get(reverse(name, args=["no-such-group"])).status_code == 404


def test_published_pages_of_a_public_group_link_back_to_its_list(public, cast, client):
    _september, november = public
    page = client.get(reverse("meetings:published", args=[november.pk, 1, "en"])).text
    assert f'href="{reverse("meetings:public", args=[cast.group.slug])}"' in page


@pytest.mark.parametrize("size", [1, 10])
def test_public_minutes_query_count_does_not_grow(size, cast, client, django_assert_num_queries):
    cast.group.minutes_are_public = True
    cast.group.save(update_fields=["minutes_are_public"])
    for number in range(1, size + 1):
        _published(cast.group, number, 9, versions=2, by=cast.secretariat)
    with django_assert_num_queries(2):
        response = client.get(reverse("meetings:public", args=[cast.group.slug]))
    assert len(response.context["publications"]) == size
    with django_assert_num_queries(2):
        client.get(reverse("meetings:public_feed", args=[cast.group.slug]))
