"""Importing minutes written elsewhere: upload, review, accept; nothing saved before the review."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from meetings import services as meeting_services
from meetings.enums import MeetingStatus, MinutesStatus
from meetings.models import Decision, Meeting, MinutesImport, Paper
from meetings.pdf import render_minutes_pdf
from steering.models import Notice
from workstreams.models import GlossaryEntry
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


# Attendance, the Welsh, a draft typed elsewhere, the command ------------------------------------

BOARD = """Minutes of the Board meeting held on 3 March 2021

Present: Dr Rhodri Bevan (Chair), Megan Jones (Welsh Government), Jane Visitor (Acme Trust)
Apologies: Cllr Tomos Price

1. Welcome
The chair welcomed members.

2. Budget
The Board agreed the budget for 2021-22.
Action: WG to publish the budget by 31 March 2021.
"""

BWRDD = """Cofnodion cyfarfod y Bwrdd a gynhaliwyd ar 3 Mawrth 2021

Yn bresennol: Dr Rhodri Bevan (Cadeirydd), Megan Jones (Llywodraeth Cymru), Jane Visitor (Acme Trust)
Ymddiheuriadau: Cllr Tomos Price

1. Croeso
Croesawodd y cadeirydd yr aelodau.

2. Cyllideb
Cytunodd y Bwrdd ar y gyllideb ar gyfer 2021-22.
Cam gweithredu: LlC i gyhoeddi'r gyllideb erbyn 31 Mawrth 2021.
"""


@pytest.fixture
def named(cast, group_with_wg):
    """The cast with the names the board's minutes use."""
    for person, name in ((cast.chair, "Rhodri Bevan"), (cast.member, "Megan Jones"), (cast.observer, "Tomos Price")):
        person.full_name = name
        person.save()
    return cast


def _keep_everything(review, data=None) -> dict:
    """The review's form as the page shows it, with each action's owner as matched."""
    data = dict(data or {})
    for row in review.context["items"]:
        for decision in row["decisions"]:
            data[f"keep-{decision['key']}"] = "1"
            data[f"text-{decision['key']}"] = decision["text"]
            data[f"cy-{decision['key']}"] = decision["text_cy"]
        for action in row["actions"]:
            data[f"keep-{action['key']}"] = "1"
            data[f"text-{action['key']}"] = action["text"]
            data[f"cy-{action['key']}"] = action["text_cy"]
            data[f"due-{action['key']}"] = action["due"]
            data[f"owner-{action['key']}"] = action["owner"]
        if "place" in row:
            data[f"place-{row['index']}"] = row["place"]
    for row in review.context["attendance"]:
        data[f"member-{row['k']}"] = row["record"]
        data[f"status-{row['k']}"] = row["status"]
    return data


def test_the_attendance_found_is_matched_to_members_and_recorded(named, client_as):
    client = client_as(named.secretariat)
    review = client.get(_upload(client, named, content=BOARD.encode())["Location"])
    # The name as written, without a title the reader may or may not keep ("Cllr").
    rows = {row["name"].removeprefix("Cllr "): row for row in review.context["attendance"]}
    assert rows["Dr Rhodri Bevan"]["record"] == f"person:{named.chair.pk}"
    assert rows["Megan Jones"]["record"] == f"person:{named.member.pk}"
    assert rows["Jane Visitor"]["record"] == "guest"
    assert rows["Tomos Price"]["record"] == f"person:{named.observer.pk}"
    assert rows["Tomos Price"]["status"] == "apologies"
    assert "matched by the name" in review.content.decode()
    response = client.post(
        review.request["PATH_INFO"], _keep_everything(review, {"date_0": "3", "date_1": "3", "date_2": "2021"})
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    recorded = {
        (row.membership.person.full_name if row.membership_id else row.name, row.status)
        for row in meeting.attendance.all()
    }
    assert recorded == {
        ("Rhodri Bevan", "present"),
        ("Megan Jones", "present"),
        ("Jane Visitor (Acme Trust)", "present"),
        ("Tomos Price", "apologies"),
    }
    # The approved record carries the attendance.
    names = [row["name"] for row in meeting.minutes_versions.get().snapshot["attendance"]]
    assert "Jane Visitor (Acme Trust)" in names and "Tomos Price" in names


def test_one_member_chosen_for_two_lines_is_refused(named, client_as):
    client = client_as(named.secretariat)
    review = client.get(_upload(client, named, content=BOARD.encode())["Location"])
    data = _keep_everything(review, {"date_0": "3", "date_1": "3", "date_2": "2021"})
    data["member-2"] = f"person:{named.chair.pk}"
    response = client.post(review.request["PATH_INFO"], data)
    assert response.status_code == 400
    assert "is chosen for another line too" in response.content.decode()
    assert not Meeting.objects.exists()


def test_two_files_of_one_meeting_give_the_welsh_of_items_decisions_and_actions(named, client_as):
    client = client_as(named.secretariat)
    response = client.post(
        reverse("actions:import_upload", args=[named.group.slug]),
        {
            "file": SimpleUploadedFile("board.txt", BOARD.encode()),
            "file_cy": SimpleUploadedFile("bwrdd.txt", BWRDD.encode()),
        },
    )
    review = client.get(response["Location"])
    html = review.content.decode()
    assert "The Welsh is taken from bwrdd.txt" in html and 'name="cy-d-' in html
    budget = next(row for row in review.context["items"] if row["entry"]["title"] == "Budget")
    assert budget["decisions"][0]["text_cy"] == "Cytunodd y Bwrdd ar y gyllideb ar gyfer 2021-22."
    response = client.post(
        review.request["PATH_INFO"], _keep_everything(review, {"date_0": "3", "date_1": "3", "date_2": "2021"})
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    item = meeting.items.get(title_en="Budget")
    assert item.title_cy == "Cyllideb" and item.minutes_cy.startswith("Cytunodd y Bwrdd")
    assert Decision.objects.get().text_cy == "Cytunodd y Bwrdd ar y gyllideb ar gyfer 2021-22."
    assert "LlC i gyhoeddi" in Action.objects.get().text_cy
    paper = Paper.objects.get()
    assert (paper.filename_en, paper.filename_cy) == ("board.txt", "bwrdd.txt")


def test_a_draft_typed_elsewhere_lands_in_the_minutes_being_written_item_by_item(named, client_as):
    meeting = meeting_services.create_meeting(named.group, starts_at=timezone.now() - datetime.timedelta(days=1))
    welcome = meeting_services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    budget = meeting_services.add_item(meeting, title_en="Budget", title_cy="Cyllideb")
    meeting_services.mark_held(meeting, by=named.secretariat)
    meeting_services.save_item_minutes(
        welcome, minutes_en="Typed in the service.", minutes_cy="", revision=0, by=named.secretariat
    )
    client = client_as(named.secretariat)
    editor = client.get(reverse("meetings:minutes_edit", args=[meeting.pk]))
    assert reverse("actions:import_draft", args=[meeting.pk]) in editor.content.decode()
    response = client.post(
        reverse("actions:import_draft", args=[meeting.pk]), {"file": SimpleUploadedFile("draft.txt", BOARD.encode())}
    )
    review = client.get(response["Location"])
    places = {row["entry"]["title"]: row["place"] for row in review.context["items"]}
    assert places == {"Welcome": str(welcome.pk), "Budget": str(budget.pk)}
    assert "date_0" not in review.content.decode()  # the meeting has its date
    response = client.post(review.request["PATH_INFO"], _keep_everything(review, {"record-attendance": "1"}))
    assert response.status_code == 302 and response["Location"] == reverse("meetings:minutes_edit", args=[meeting.pk])
    welcome.refresh_from_db()
    budget.refresh_from_db()
    assert welcome.minutes_en == "Typed in the service.\n\nThe chair welcomed members."  # nothing saved is lost
    assert budget.decisions.get().text_en == "The Board agreed the budget for 2021-22."
    action = Action.objects.get()
    assert (action.item, action.owner_organisation, action.due_date) == (
        budget,
        named.group.memberships.get(person=named.member).organisation,
        datetime.date(2021, 3, 31),
    )
    assert meeting.attendance.count() == 4
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFT  # still a draft, for the chair to approve
    # Its owners are told, as the editor tells them.
    assert Notice.objects.exists()


def test_a_draft_is_refused_once_the_minutes_are_with_the_chair(named, client_as):
    meeting = meeting_services.create_meeting(named.group, starts_at=timezone.now() - datetime.timedelta(days=1))
    meeting_services.add_item(meeting, title_en="Welcome")
    minutes = meeting_services.mark_held(meeting, by=named.secretariat)
    minutes.status = MinutesStatus.SUBMITTED
    minutes.save()
    client = client_as(named.secretariat)
    response = client.get(reverse("actions:import_draft", args=[meeting.pk]))
    assert response.status_code == 302
    assert client.get(reverse("actions:import_draft", args=[meeting.pk]), follow=True).status_code == 200
    for person, status in [(named.member, 403), (named.outsider, 404)]:
        assert client_as(person).get(reverse("actions:import_draft", args=[meeting.pk])).status_code == status


def test_the_command_keeps_the_minutes_for_review_and_changes_nothing_else(named, tmp_path):
    path = tmp_path / "board.txt"
    path.write_text(BOARD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_minutes", str(path), "--group", named.group.slug, "--by", named.secretariat.email, stdout=out)
    draft = MinutesImport.objects.get()
    assert out.getvalue().strip() == f"Kept for review: {reverse('actions:import_review', args=[draft.pk])}"
    assert draft.created_by == named.secretariat and not Meeting.objects.exists()
    with pytest.raises(CommandError, match="is not someone who runs the group"):
        call_command("import_minutes", str(path), "--group", named.group.slug, "--by", named.member.email)
    with pytest.raises(CommandError, match="give --group SLUG and --by EMAIL"):
        call_command("import_minutes", str(path))
    assert MinutesImport.objects.count() == 1


def test_the_groups_own_acronym_decides_where_a_draft_does_not_define_it(cast, client_as):
    """A draft typed during the meeting writes "The SG agreed" without "(the SG)": the glossary
    says SG is the Steering Group, which this group is."""
    GlossaryEntry.objects.create(
        group=cast.group, acronym_en="SG", acronym_cy="GLl", expansion_en="Steering Group", expansion_cy="Grŵp Llywio"
    )
    GlossaryEntry.objects.create(group=cast.group, acronym_en="HB", expansion_en="Health Board")
    draft = b"1. Budget\nThe SG agreed the budget.\nThe HB agreed to look again.\n"
    client = client_as(cast.secretariat)
    review = client.get(_upload(client, cast, content=draft)["Location"])
    (item,) = review.context["items"]
    assert [decision["text"] for decision in item["decisions"]] == ["The SG agreed the budget."]
