"""Importing minutes written elsewhere: upload, review, accept; nothing saved before the review."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action
from meetings.enums import MeetingStatus, MinutesStatus
from meetings.models import Decision, Meeting, MinutesImport, Paper
from meetings.pdf import render_minutes_pdf
from steering.models import Notice
from workstreams.tests.factories import OrganisationFactory

SEED = Path(__file__).resolve().parents[2] / "meetings" / "tests" / "data" / "aln-steering-group-minutes-2022-09.en.txt"


@pytest.fixture
def group_with_wg(cast):
    """The cast's group, with the Welsh Government (WG) represented by its member."""
    organisation = OrganisationFactory(name_en="Welsh Government", name_cy="Llywodraeth Cymru", acronym_en="WG")
    seat = cast.group.memberships.get(person=cast.member)
    seat.organisation = organisation
    seat.save()
    return organisation


def _upload(client, cast, name="minutes.txt", content=None):
    content = SEED.read_bytes() if content is None else content
    return client.post(
        reverse("actions:import_upload", args=[cast.group.slug]), {"file": SimpleUploadedFile(name, content)}
    )


def test_the_review_shows_what_was_found_and_nothing_is_saved_before_it(cast, client_as, group_with_wg):
    client = client_as(cast.secretariat)
    response = _upload(client, cast)
    draft = MinutesImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("actions:import_review", args=[draft.pk])
    assert not Meeting.objects.exists() and not Action.objects.exists()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Found because: ‘WG agreed to discuss’" in html
    assert '<mark class="app-found" id="found-a-' in html
    looked_after = next(row for row in page.context["items"] if row["entry"]["title"] == "Looked After Children (LAC)")
    assert looked_after["actions"][0]["written_owner"] == "the SG" and looked_after["actions"][0]["how"] == ""
    assert looked_after["actions"][0]["due"] == "27/09/2022"  # as the field's hint asks for it
    plasc = next(row for row in page.context["items"] if row["entry"]["title"] == "PLASC data")
    assert plasc["actions"][0]["owner"] == f"organisation:{group_with_wg.pk}"
    assert plasc["actions"][0]["how"] == "acronym"


def test_accepting_makes_a_held_meeting_with_imported_approved_minutes_decisions_and_actions(
    cast, client_as, group_with_wg
):
    client = client_as(cast.secretariat)
    review = client.get(_upload(client, cast)["Location"])
    url = review.request["PATH_INFO"]
    data = {"date_0": "22", "date_1": "9", "date_2": "2022"}
    for row in review.context["items"]:
        for decision in row["decisions"]:
            data[f"keep-{decision['key']}"] = "1"
            data[f"text-{decision['key']}"] = decision["text"]
        for action in row["actions"]:
            data[f"keep-{action['key']}"] = "1"
            data[f"text-{action['key']}"] = action["text"]
            data[f"due-{action['key']}"] = action["due"]
            # The owners the review could not match are chosen: the member, for "the SG" and the guidance.
            data[f"owner-{action['key']}"] = action["owner"] or f"person:{cast.member.pk}"
    # One decision dropped, one action's words corrected.
    first_decision = review.context["items"][2]["decisions"][0]["key"]
    del data[f"keep-{first_decision}"]
    plasc = next(row for row in review.context["items"] if row["entry"]["title"] == "PLASC data")
    data[f"text-{plasc['actions'][0]['key']}"] = "WG to seek LAs’ reassurance around the data."
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.status == MeetingStatus.APPROVED
    minutes = meeting.minutes_versions.get()
    assert (minutes.status, minutes.imported_from, minutes.approved_languages) == (
        MinutesStatus.APPROVED,
        "minutes.txt",
        "en",
    )
    assert meeting.items.count() == 16  # 7 items and 9 sub-items, as the demo has them
    assert Decision.objects.count() == 3
    assert Action.objects.count() == 8
    corrected = Action.objects.get(text_en="WG to seek LAs’ reassurance around the data.")
    assert corrected.owner_organisation == group_with_wg
    assert Action.objects.get(due_date=datetime.date(2022, 9, 27)).owner_person == cast.member
    assert Paper.objects.get().filename_en == "minutes.txt"
    # Minutes of the past: nobody is told of their actions, and the chair is asked nothing.
    assert not Notice.objects.exists()
    assert MinutesImport.objects.get().meeting == meeting
    text = " ".join(render_minutes_pdf(minutes).decode("latin-1").split())
    assert text.startswith("%PDF")
    # Imported once: the review now leads to the meeting.
    assert client.get(url)["Location"] == meeting.get_absolute_url()


def test_an_action_without_an_owner_is_refused_with_the_reason_and_nothing_saved(cast, client_as, group_with_wg):
    client = client_as(cast.secretariat)
    review = client.get(_upload(client, cast)["Location"])
    data = {"date_0": "22", "date_1": "9", "date_2": "2022"}
    for row in review.context["items"]:
        for action in row["actions"]:
            data[f"keep-{action['key']}"] = "1"
            data[f"text-{action['key']}"] = action["text"]
            data[f"owner-{action['key']}"] = action["owner"]
    response = client.post(review.request["PATH_INFO"], data)
    assert response.status_code == 400
    assert "Choose who owns this action, or untick it" in response.content.decode()
    assert not Meeting.objects.exists() and not Action.objects.exists()


def test_a_date_to_come_is_refused(cast, client_as, group_with_wg):
    client = client_as(cast.secretariat)
    review = client.get(_upload(client, cast)["Location"])
    next_year = datetime.date.today().year + 1
    response = client.post(review.request["PATH_INFO"], {"date_0": "1", "date_1": "1", "date_2": str(next_year)})
    assert response.status_code == 400
    assert "enter a date in the past" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.docx", b"%PDF-1.4 not a word file", "not a DOCX"),
        ("minutes.exe", b"MZ\x00\x00", "a Word document (.docx)"),
        ("minutes.txt", b"\x00\x01\x02binary", "text"),
    ],
)
def test_a_file_that_is_not_minutes_is_refused_with_a_message_and_nothing_kept(name, content, message, cast, client_as):
    response = _upload(client_as(cast.secretariat), cast, name=name, content=content)
    assert response.status_code == 400
    assert message in response.context["form"].errors["file"][0]
    assert not MinutesImport.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(cast, client_as, settings):
    settings.PAPER_MAX_BYTES = 1024
    response = _upload(client_as(cast.secretariat), cast, content=b"1. Welcome\n\n" + b"x" * 2000)
    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith("The file must be smaller than 1.0")
    assert not MinutesImport.objects.exists()


def test_only_the_secretariat_imports(cast, client_as):
    for person, status in [(cast.member, 403), (cast.outsider, 404)]:
        assert _upload(client_as(person), cast).status_code == status
    assert not MinutesImport.objects.exists()
