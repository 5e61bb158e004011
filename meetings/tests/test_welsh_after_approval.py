"""The usual order in Welsh public bodies: the chair approves the English, the translation service
returns the Welsh, which is completed on the approved version; then both are published."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree
from pypdf import PdfReader

from actions import services as action_services
from meetings import circulation, memory, record, services, translation
from meetings.enums import ItemKind, MinutesEventKind, MinutesStatus
from meetings.models import AgendaItem, Decision, Minutes, MinutesEvent
from meetings.pdf import render_minutes_pdf
from steering.errors import DomainError
from workstreams.demo import SG_SLUG
from workstreams.enums import ChairApproves

STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)
XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"

WELSH = {
    "1 title": "Croeso",
    "1 minutes": "Croesawodd y Grŵp Llywio bawb.",
    "1 decision 1": "Cytunodd y Grŵp Llywio ar yr agenda.",
    "1 action 1": "LlC i ddosbarthu'r papur.",
    "2 title": "Llywodraethu",
}


@pytest.fixture
def english_only(cast):
    """Minutes the chair approved in English, with no Welsh at all."""
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    welcome = services.add_item(meeting, title_en="Welcome")
    services.add_item(meeting, title_en="Governance")
    minutes = services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(
        welcome, minutes_en="The SG welcomed everyone.", minutes_cy="", revision=0, by=cast.secretariat
    )
    services.add_decision(welcome, text_en="The SG agreed the agenda.", text_cy="", by=cast.secretariat)
    action_services.record_action(
        welcome,
        text_en="WG to circulate the paper.",
        text_cy="",
        owner_person=cast.member,
        owner_organisation=None,
        due_date=datetime.date(2022, 9, 27),
        by=cast.secretariat,
    )
    services.submit_minutes(minutes, by=cast.secretariat)
    services.approve_minutes(minutes, by=cast.chair)
    minutes.refresh_from_db()
    return minutes


def _translated_xliff(meeting, welsh: dict) -> SimpleUploadedFile:
    """The export, with each unit's target written as a CAT tool writes it."""
    tree = etree.fromstring(translation.export_xliff(meeting, version="1.2"))
    where_of = {s.key: s.where for s in translation.segments(meeting)}
    from meetings import xliff

    for unit in tree.iter(f"{{{XLIFF_12}}}trans-unit"):
        target = unit.find(f"{{{XLIFF_12}}}target")
        if target is None:
            target = etree.SubElement(unit, f"{{{XLIFF_12}}}target")
            unit.find(f"{{{XLIFF_12}}}source").addnext(target)
        target.text = welsh[where_of[xliff.key_of(unit.get("id"))]]
        target.set("state", "translated")
    return SimpleUploadedFile("cymraeg.xlf", etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def _pdf_text(pdf: bytes) -> str:
    return " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_approve_english_export_xliff_import_it_complete_the_welsh_and_publish(
    english_only, cast, client_as, django_capture_on_commit_callbacks
):
    minutes, meeting = english_only, english_only.meeting
    approved_hash, approved_snapshot = minutes.content_hash, minutes.snapshot
    assert minutes.approved_languages == "en" and services.awaiting_welsh(minutes)
    with pytest.raises(DomainError, match="Welsh is missing"):
        circulation.publish_minutes(minutes, by=cast.secretariat)

    client = client_as(cast.secretariat)
    export = client.get(reverse("meetings:translation_export_xliff", args=[meeting.pk, "xliff12"]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/xliff+xml")
    response = client.post(
        reverse("meetings:translation", args=[meeting.pk]), {"file": _translated_xliff(meeting, WELSH), "upload": "1"}
    )
    assert response.status_code == 200, response.context["form"].errors
    assert sorted(change.where for change in response.context["changes"]) == sorted(WELSH)

    minutes.refresh_from_db()
    assert minutes.welsh_completed_by == cast.secretariat and minutes.welsh_completed_at
    assert minutes.content_hash == approved_hash and minutes.snapshot == approved_snapshot
    assert minutes.welsh_hash == record.content_hash(minutes.welsh_snapshot) != approved_hash
    assert MinutesEvent.objects.filter(kind=MinutesEventKind.WELSH_COMPLETED, minutes_version=1).count() == 1
    frozen = record.of(minutes)
    assert frozen.items[0].minutes == record.Words("The SG welcomed everyone.", "Croesawodd y Grŵp Llywio bawb.")
    assert frozen.welsh_completed.by == cast.secretariat.full_name
    assert translation.missing_welsh(frozen) == []
    page = client.get(reverse("meetings:translation", args=[meeting.pk])).content.decode()
    assert approved_hash in page and minutes.welsh_hash in page

    with django_capture_on_commit_callbacks(execute=False):
        circulation.publish_minutes(minutes, by=cast.secretariat)
    text = _pdf_text(render_minutes_pdf(minutes))
    assert "Croesawodd y Grŵp Llywio bawb." in text and "LlC i ddosbarthu'r papur." in text
    assert "The Welsh completed by" in text and "Cwblhawyd y Gymraeg gan" in text
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.content_hash == approved_hash


def test_the_english_of_an_approved_version_stays_locked(english_only, cast):
    meeting = english_only.meeting
    welcome = AgendaItem.objects.get(meeting=meeting, title_en="Welcome")
    with pytest.raises(DomainError, match="cannot be changed now"):
        services.save_item_minutes(welcome, minutes_en="Rewritten.", minutes_cy="", revision=1, by=cast.secretariat)
    with pytest.raises(DomainError, match="cannot be changed now"):
        services.add_decision(welcome, text_en="Another decision.", text_cy="", by=cast.secretariat)
    # The Welsh page writes the Welsh only, whatever else is posted.
    services.save_welsh(welcome, {f"item:{welcome.pk}:minutes": "Croeso."}, revision=1, by=cast.secretariat)
    welcome.refresh_from_db()
    assert (welcome.minutes_en, welcome.minutes_cy) == ("The SG welcomed everyone.", "Croeso.")


def test_an_action_reworded_in_the_log_since_approval_stops_the_welsh_being_completed(english_only, cast):
    meeting = english_only.meeting
    action = meeting.items.get(title_en="Welcome").actions.get()
    action_model = type(action)
    action_model.objects.filter(pk=action.pk).update(text_en="WG to circulate the revised paper.")
    keys = {s.where: s.key for s in translation.segments(meeting)}
    welcome = meeting.items.get(title_en="Welcome")
    services.save_welsh(
        welcome,
        {keys[where]: WELSH[where] for where in WELSH if where.startswith("1")},
        revision=1,
        by=cast.secretariat,
    )
    governance = meeting.items.get(title_en="Governance")
    services.save_welsh(governance, {keys["2 title"]: "Llywodraethu"}, revision=0, by=cast.secretariat)
    with pytest.raises(DomainError, match="no longer the English the chair approved"):
        services.complete_welsh(english_only, by=cast.secretariat)
    english_only.refresh_from_db()
    assert english_only.welsh_completed_at is None and english_only.welsh_snapshot is None


def test_the_welsh_is_completed_on_the_page_item_by_item(english_only, cast, client_as):
    meeting = english_only.meeting
    client = client_as(cast.secretariat)
    for item in meeting.items.order_by("position"):
        url = reverse("meetings:welsh_item", args=[meeting.pk, item.pk])
        page = client.get(url)
        assert page.status_code == 200
        data = {"revision": page.context["revision"], "save": "1"}
        for row in page.context["rows"]:
            data[f"welsh-{row['segment'].key}"] = WELSH[row["segment"].where]
        assert client.post(url, data).status_code == 302
    page = client.get(reverse("meetings:translation", args=[meeting.pk]))
    assert page.context["can_complete"] and "Complete the Welsh" in page.content.decode()
    # Saving on the page does not complete it: that is a step of its own.
    english_only.refresh_from_db()
    assert english_only.welsh_completed_at is None
    response = client.post(reverse("meetings:translation", args=[meeting.pk]), {"complete": "1"})
    assert response.status_code == 302
    english_only.refresh_from_db()
    assert english_only.welsh_hash and Decision.objects.get().text_cy == WELSH["1 decision 1"]
    # Nothing of it opens again: the page no longer takes Welsh.
    item = meeting.items.first()
    assert client.get(reverse("meetings:welsh_item", args=[meeting.pk, item.pk])).status_code == 302


def test_a_group_that_approves_both_languages_together_needs_the_welsh_first(cast):
    cast.group.chair_approves = ChairApproves.BOTH
    cast.group.save()
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    welcome = services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    minutes = services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(welcome, minutes_en="Welcome all.", minutes_cy="", revision=0, by=cast.secretariat)
    services.submit_minutes(minutes, by=cast.secretariat)
    with pytest.raises(DomainError, match=re.escape("the Welsh is missing at: 1 minutes")):
        services.approve_minutes(minutes, by=cast.chair)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.SUBMITTED


def test_minutes_approved_with_their_welsh_are_approved_in_both_and_take_no_completion(cast):
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    welcome = services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    minutes = services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(
        welcome, minutes_en="Welcome all.", minutes_cy="Croeso i bawb.", revision=0, by=cast.secretariat
    )
    services.submit_minutes(minutes, by=cast.secretariat)
    services.approve_minutes(minutes, by=cast.chair)
    minutes.refresh_from_db()
    assert minutes.approved_languages == "both" and not services.awaiting_welsh(minutes)
    with pytest.raises(DomainError, match="Only minutes approved in English"):
        services.complete_welsh(minutes, by=cast.secretariat)


def test_the_commands_export_and_import_and_refuse_without_changing_anything(english_only, cast, tmp_path):
    meeting = english_only.meeting
    out = tmp_path / "minutes.xlf"
    stdout = io.StringIO()
    call_command(
        "export_translation", str(meeting.pk), "--format", "xliff", "--version", "2.0", "--out", str(out), stdout=stdout
    )
    assert "5 without Welsh" in stdout.getvalue()
    assert etree.fromstring(out.read_bytes()).get("version") == "2.0"
    broken = tmp_path / "broken.xlf"
    broken.write_bytes(out.read_bytes().replace(b"The SG welcomed everyone.", b"The SG welcomed nobody."))
    with pytest.raises(CommandError, match="Refused, nothing changed: The English has changed"):
        call_command("import_translation", str(meeting.pk), str(broken), stdout=io.StringIO())
    assert not AgendaItem.objects.exclude(title_cy="").exists()
    filled = tmp_path / "filled.xlf"
    filled.write_bytes(_translated_xliff(meeting, WELSH).read())
    stdout = io.StringIO()
    call_command("import_translation", str(meeting.pk), str(filled), stdout=stdout)
    assert "5 Welsh texts changed." in stdout.getvalue()
    english_only.refresh_from_db()
    assert f"SHA-256 {english_only.welsh_hash}" in stdout.getvalue()
    assert f"keeps SHA-256 {english_only.content_hash}" in stdout.getvalue()


# The translation memory on the demo -----------------------------------------------------------


@pytest.fixture
def reused(db):
    """The demo, and a new meeting of its steering group whose English reuses the seed meeting's
    texts (titles, minutes, decisions), with no Welsh: what the memory should recognise."""
    call_command("load_demo", stdout=io.StringIO())
    seed = Minutes.objects.get(meeting__group__slug=SG_SLUG, version=1, status=MinutesStatus.APPROVED)
    meeting = services.create_meeting(
        seed.meeting.group, starts_at=datetime.datetime(2023, 1, 19, 10, tzinfo=datetime.UTC)
    )
    secretariat = seed.meeting.group.memberships.filter(role="secretariat").first().person
    for old in seed.meeting.items.exclude(minutes_en="").exclude(kind=ItemKind.RESERVED).order_by("pk"):
        item = services.add_item(meeting, title_en=old.title_en)
        item.minutes_en = old.minutes_en
        item.save(update_fields=["minutes_en"])
        for decision in old.decisions.all():
            Decision.objects.create(item=item, text_en=decision.text_en, text_cy="")
    services.mark_held(meeting, by=secretariat)
    return meeting, secretariat


def test_a_new_meeting_reusing_the_seed_texts_gets_exact_suggestions_for_them(reused, client_as):
    meeting, secretariat = reused
    parts = translation.segments(meeting)
    found = memory.suggest(meeting.group, [part.english for part in parts])
    exact = [part for part in parts if any(s.exact and s.english == part.english for s in found[part.english])]
    # Every text the seed meeting had, word for word, is offered its Welsh whole.
    assert len(parts) >= 8 and len(exact) == len(parts)
    assert memory.share_with_suggestions(meeting.group, [part.english for part in parts]) == 1.0

    item = meeting.items.order_by("position").first()
    client = client_as(secretariat)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("meetings:welsh_item", args=[meeting.pk, item.pk])
    page = client.get(url)
    assert "Exact match" in page.content.decode()
    title = next(row for row in page.context["rows"] if row["segment"].key.endswith(":title"))
    assert title["welsh"] == "" and title["suggestions"][0].exact
    placed = client.post(url, {"revision": page.context["revision"], "use": f"{title['segment'].key}|0"})
    row = next(row for row in placed.context["rows"] if row["segment"].key == title["segment"].key)
    assert row["placed"] and row["welsh"] == title["suggestions"][0].welsh
    # Placed in the box, not saved: nothing is filled in without the person saving it.
    item.refresh_from_db()
    assert item.title_cy == ""


def test_the_share_of_segments_with_a_suggestion_is_measured_on_reworded_minutes(reused):
    meeting, _secretariat = reused
    parts = translation.segments(meeting)
    items = list(meeting.items.order_by("position"))
    # Half of the items' minutes rewritten as new text: their titles and decisions still match.
    for item in items[::2]:
        AgendaItem.objects.filter(pk=item.pk).update(minutes_en="Members discussed a matter the group never minuted.")
    parts = translation.segments(meeting)
    share = memory.share_with_suggestions(meeting.group, [part.english for part in parts])
    rewritten = sum(1 for part in parts if part.english == "Members discussed a matter the group never minuted.")
    assert share == (len(parts) - rewritten) / len(parts)


@pytest.mark.parametrize(
    "posted",
    [
        {"use": "nonsense"},
        {"use": "item:999999:title|0"},
        {"use": "|"},
        {"use": "x|99999999999999999999"},
        {"revision": "not a number", "save": "1"},
        {"revision": "1", "save": "1", "welsh-decision:999999:text": "Dim"},
        {"revision": "1", "save": "1", "WELSH": "\x00\x07<script>alert(1)</script>"},
    ],
)
def test_the_welsh_page_answers_any_post_without_failing_or_saving_what_it_should_not(
    english_only, cast, client_as, posted
):
    meeting = english_only.meeting
    item = meeting.items.get(title_en="Welcome")
    response = client_as(cast.secretariat).post(reverse("meetings:welsh_item", args=[meeting.pk, item.pk]), posted)
    assert response.status_code in (302, 400, 404)
    assert not Decision.objects.exclude(text_cy="").exists()
    assert "<script>alert" not in response.content.decode()


def test_a_welsh_title_with_line_breaks_or_too_long_is_kept_on_one_line_or_refused(english_only, cast, client_as):
    meeting = english_only.meeting
    item = meeting.items.get(title_en="Welcome")
    url = reverse("meetings:welsh_item", args=[meeting.pk, item.pk])
    client = client_as(cast.secretariat)
    key = f"welsh-item:{item.pk}:title"
    assert client.post(url, {"revision": "1", "save": "1", key: "Croeso\r\na\nchyflwyniadau"}).status_code == 302
    item.refresh_from_db()
    assert item.title_cy == "Croeso a chyflwyniadau"
    refused = client.post(url, {"revision": "1", "save": "1", key: "C" * 301})
    assert refused.status_code == 400 and "The Welsh is too long" in refused.content.decode()
    item.refresh_from_db()
    assert item.title_cy == "Croeso a chyflwyniadau"
