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
        "The Welsh is too long at: 2 title (at most 300 characters). Shorten it and upload the file again.",
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
    assert missing == ["1 cofnodion", "2 teitl", "2 penderfyniad 1"]
