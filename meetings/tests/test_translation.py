import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from meetings import services, translation
from meetings.models import AgendaItem, Decision

STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)


@pytest.fixture
def drafted(cast):
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    welcome = services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    governance = services.add_item(meeting, title_en="Governance")
    services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(
        welcome, minutes_en="The SG welcomed new members.", minutes_cy="", revision=0, by=cast.secretariat
    )
    services.add_decision(governance, text_en="The SG agreed to establish groups.", text_cy="", by=cast.secretariat)
    return meeting


def _translated(meeting, welsh: dict, *, edit=None) -> SimpleUploadedFile:
    workbook = load_workbook(io.BytesIO(translation.export_xlsx(meeting)))
    sheet = workbook["Translation"]
    for row in sheet.iter_rows(min_row=2):
        where = row[1].value
        if where in welsh:
            row[3].value = welsh[where]
        if edit:
            edit(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("cymraeg.xlsx", buffer.getvalue())


def test_translation_state_per_item_and_whole(drafted):
    parts = translation.segments(drafted)
    assert [s.where for s in parts if s.missing] == ["1 minutes", "2 title", "2 decision 1"]
    assert translation.state_of(parts) == translation.TranslationState.IN_PROGRESS
    states = translation.item_states(parts)
    assert sorted(states.values()) == ["english_only", "in_progress"]


def test_a_returned_file_fills_the_welsh_and_says_what_changed(drafted, cast, client_as):
    upload = _translated(
        drafted,
        {
            "1 minutes": "Croesawodd y GLl aelodau newydd.",
            "2 title": "Llywodraethu",
            "2 decision 1": "Cytunodd y GLl i sefydlu grwpiau.",
        },
    )
    response = client_as(cast.secretariat).post(reverse("meetings:translation", args=[drafted.pk]), {"file": upload})
    assert [(c.where, c.after) for c in response.context["changes"]] == [
        ("1 minutes", "Croesawodd y GLl aelodau newydd."),
        ("2 title", "Llywodraethu"),
        ("2 decision 1", "Cytunodd y GLl i sefydlu grwpiau."),
    ]
    assert response.context["overall"] == translation.TranslationState.COMPLETE
    assert Decision.objects.get().text_cy == "Cytunodd y GLl i sefydlu grwpiau."
    assert AgendaItem.objects.get(title_en="Welcome").minutes_revision == 2  # an open editor cannot save over it


def _refused(meeting, upload, cast, client_as, message):
    before = [(i.title_cy, i.minutes_cy) for i in AgendaItem.objects.order_by("pk")]
    response = client_as(cast.secretariat).post(reverse("meetings:translation", args=[meeting.pk]), {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith(message)
    assert [(i.title_cy, i.minutes_cy) for i in AgendaItem.objects.order_by("pk")] == before


def test_a_file_from_another_meeting_is_refused_and_changes_nothing(drafted, cast, client_as):
    other = services.create_meeting(cast.group, starts_at=STARTS + datetime.timedelta(days=56))
    services.add_item(other, title_en="Welcome")
    _refused(drafted, _translated(other, {"1 title": "Croeso"}), cast, client_as, "This file is for another meeting")


def test_a_welsh_title_longer_than_a_title_can_be_is_refused_and_changes_nothing(drafted, cast, client_as):
    upload = _translated(drafted, {"1 minutes": "Croesawodd y GLl aelodau newydd.", "2 title": "Ll" * 151})
    _refused(
        drafted,
        upload,
        cast,
        client_as,
        "The Welsh is too long at: 2 title (at most 300 characters). Shorten it, then save or upload again.",
    )


def test_a_file_whose_english_changed_is_refused(drafted, cast, client_as):
    upload = _translated(drafted, {"2 title": "Llywodraethu"})
    welcome = AgendaItem.objects.get(title_en="Welcome")
    services.save_item_minutes(
        welcome, minutes_en="Changed since", minutes_cy="", revision=welcome.minutes_revision, by=cast.secretariat
    )
    _refused(drafted, upload, cast, client_as, "The English has changed since the file was exported, at: 1 minutes")


def test_a_file_with_rows_missing_is_refused(drafted, cast, client_as):
    def drop_decision(row):
        if row[1].value == "2 decision 1":
            for cell in row:
                cell.value = None

    _refused(
        drafted,
        _translated(drafted, {"2 title": "Llywodraethu"}, edit=drop_decision),
        cast,
        client_as,
        "Rows are missing from the file: 2 decision 1",
    )


def test_something_that_is_not_a_spreadsheet_is_refused(drafted, cast, client_as):
    _refused(drafted, SimpleUploadedFile("x.xlsx", b"not a spreadsheet"), cast, client_as, "The file could not be read")


def test_where_each_text_is_said_in_the_page_language(drafted):
    from django.utils import translation as django_translation

    with django_translation.override("cy"):
        missing = [s.where for s in translation.segments(drafted) if s.missing]
    assert missing == ["Eitem 1: cofnodion", "Eitem 2: teitl", "Eitem 2: penderfyniad 1"]


def test_a_multi_line_minute_round_trips_through_the_spreadsheet_unchanged(drafted, cast, client_as):
    """A browser sends CR LF for each line break; the spreadsheet gives LF back; nothing is refused."""
    client = client_as(cast.secretariat)
    item = AgendaItem.objects.get(meeting=drafted, title_en="Welcome")
    posted = {
        f"item-{item.pk}-minutes_en": "Line one\r\nLine two\r\n\r\n- a bullet\r\n- another",
        f"item-{item.pk}-minutes_cy": "Llinell un\r\nLlinell dau\r\n\r\n- pwynt\r\n- un arall",
        f"item-{item.pk}-revision": str(item.minutes_revision),
    }
    assert client.post(reverse("meetings:item_minutes_save", args=[drafted.pk, item.pk]), posted).status_code == 302
    item.refresh_from_db()
    assert (item.minutes_en, item.minutes_cy) == (
        "Line one\nLine two\n\n- a bullet\n- another",
        "Llinell un\nLlinell dau\n\n- pwynt\n- un arall",
    )

    unchanged = SimpleUploadedFile("cymraeg.xlsx", translation.export_xlsx(drafted))
    response = client.post(reverse("meetings:translation", args=[drafted.pk]), {"file": unchanged})
    assert (response.status_code, response.context["changes"]) == (200, [])

    # The same file after a spreadsheet program wrote its line breaks as CR LF: still the same text.
    def crlf(row):
        for cell in row[2:4]:
            cell.value = cell.value.replace("\n", "\r\n") if cell.value else cell.value

    response = client.post(
        reverse("meetings:translation", args=[drafted.pk]), {"file": _translated(drafted, {}, edit=crlf)}
    )
    assert (response.status_code, response.context["changes"]) == (200, [])
    item.refresh_from_db()
    assert item.minutes_cy == "Llinell un\nLlinell dau\n\n- pwynt\n- un arall"


def test_stored_line_breaks_from_before_are_compared_as_the_file_gives_them(drafted, cast):
    """Text kept with CR LF before line breaks were kept one way still matches its exported file."""
    item = AgendaItem.objects.get(meeting=drafted, title_en="Welcome")
    AgendaItem.objects.filter(pk=item.pk).update(minutes_en="Line one\r\nLine two")
    upload = _translated(
        drafted, {"Item 1: minutes": "Llinell un\nLlinell dau", "1 minutes": "Llinell un\nLlinell dau"}
    )
    changes = translation.import_file(drafted, upload)
    item.refresh_from_db()
    assert ([c.after for c in changes][:1], item.minutes_cy) == (["Llinell un\nLlinell dau"], "Llinell un\nLlinell dau")


def test_the_migration_keeps_stored_line_breaks_one_way_and_leaves_approved_snapshots_alone(drafted, cast):
    from importlib import import_module

    from django.apps import apps

    item = AgendaItem.objects.get(meeting=drafted, title_en="Welcome")
    AgendaItem.objects.filter(pk=item.pk).update(
        minutes_en="Line one\r\nLine two\rLine three", title_cy="Croeso\r\n i bawb", lead_text_en="WG\n"
    )
    snapshot = {"items": [{"minutes_en": "Approved\r\ntext"}]}
    minutes = drafted.minutes_versions.get()
    type(minutes).objects.filter(pk=minutes.pk).update(snapshot=snapshot)

    import_module("actions.migrations.0004_line_breaks_kept_one_way").normalise(apps, None)

    item.refresh_from_db()
    minutes.refresh_from_db()
    assert (item.minutes_en, item.title_cy, item.lead_text_en) == (
        "Line one\nLine two\nLine three",
        "Croeso i bawb",
        "WG ",
    )
    assert minutes.snapshot == snapshot
