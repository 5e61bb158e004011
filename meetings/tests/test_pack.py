"""The agenda pack: the bilingual cover and agenda, then the papers it may hold, with its outline."""

import datetime
import io
import logging
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from meetings import pack, services
from meetings.enums import ItemKind
from meetings.models import Meeting, Paper
from meetings.pack import build_pack, save_pack

STARTS = datetime.datetime(2023, 1, 19, 10, tzinfo=datetime.UTC)


def pdf_of(marker: str, pages: int = 1) -> bytes:
    """A real PDF of ``pages`` pages, each showing ``marker`` and its page: "MARKER p1"."""
    body = "".join(
        f'<p style="break-after: page">{marker} p{page}</p>' if page < pages else f"<p>{marker} p{page}</p>"
        for page in range(1, pages + 1)
    )
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def locked(content: bytes, *, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(content))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def paper(item, title_en, title_cy="", *, en=None, cy=None, en_name="x.pdf", cy_name="y.pdf", **fields) -> Paper:
    files = {}
    if en is not None:
        files["file_en"] = ContentFile(en, name=en_name)
    if cy is not None:
        files["file_cy"] = ContentFile(cy, name=cy_name)
    return Paper.objects.create(item=item, title_en=title_en, title_cy=title_cy, **files, **fields)


@pytest.fixture
def meeting(cast) -> Meeting:
    """Welsh first (the group's default). Item 2's and 2 a)'s papers go in; the rest never do."""
    meeting = services.create_meeting(
        cast.group,
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=2),
        place_en="Cathays Park, Cardiff",
        place_cy="Parc Cathays, Caerdydd",
        online_link="https://teams.example.org/l/meetup-join/19%3ameeting_abcdefghijklmnopqrstuvwxyz0123456789",
        chair=cast.chair,
    )
    services.add_item(meeting, title_en="Welcome", title_cy="Croeso", lead_person=cast.chair, duration_minutes=10)
    budget = services.add_item(
        meeting, title_en="Budget", title_cy="Cyllideb", lead_text_en="WG officials", lead_text_cy="Swyddogion LlC"
    )
    paper(budget, "Budget report", "Adroddiad cyllideb", en=pdf_of("BUDGET-EN"), cy=pdf_of("BUDGET-CY", 2))
    paper(budget, "Forecast", "Rhagolwg", en=pdf_of("FORECAST-EN", 3), late=True)
    spending = services.add_item(meeting, parent=budget, title_en="Spending", title_cy="Gwariant", duration_minutes=25)
    paper(spending, "Spending plan", "Cynllun gwario", cy=pdf_of("SPENDING-CY"))
    paper(spending, "Secret costs", "Costau cyfrinachol", en=pdf_of("CONFIDENTIAL-EN"), confidential=True)
    staffing = services.add_item(meeting, title_en="Staffing", title_cy="Staffio", kind=ItemKind.RESERVED)
    paper(staffing, "Staffing review", "Adolygiad staffio", en=pdf_of("RESERVED-EN"))
    pay = services.add_item(meeting, parent=staffing, title_en="Pay", title_cy="Cyflog")
    paper(pay, "Pay offer", "Cynnig cyflog", en=pdf_of("RESERVED-SUB-EN"))
    other = services.add_item(meeting, title_en="Any other business", title_cy="Unrhyw fater arall")
    paper(other, "Word document", "Dogfen Word", en=b"PK\x03\x04 a docx", en_name="notes.docx")
    paper(other, "Broken file", "Ffeil wedi torri", en=b"%PDF-1.7\nthis is not really a PDF", en_name="broken.pdf")
    paper(other, "Locked file", "Ffeil dan glo", en=locked(pdf_of("LOCKED-EN"), user_password="secret"))
    paper(other, "Open lock", "Clo agored", en=locked(pdf_of("OPEN-LOCK-EN"), user_password=""))
    return meeting


def _reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def _pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in _reader(content).pages]


def _outline(content: bytes) -> list[tuple[str, int]]:
    reader = _reader(content)
    return [(entry.title, reader.get_destination_page_number(entry)) for entry in reader.outline]


def _count_in_each_column(text: str, msgid: str) -> int:
    """How many times the words are in each language's column (the same words while untranslated)."""
    words = {}
    for lang in ("cy", "en"):
        with translation.override(lang):
            words[lang] = gettext(msgid)
    if words["cy"] == words["en"]:
        return text.count(msgid) // 2
    assert text.count(words["cy"]) == text.count(words["en"])
    return text.count(words["en"])


def _agenda_text(content: bytes) -> str:
    """The text of the pages WeasyPrint drew: those before the first paper."""
    pages = _pages(content)
    first_paper = min(_outline(content)[1:], key=lambda entry: entry[1])[1]
    return " ".join(pages[:first_paper])


@pytest.fixture
def built(meeting) -> bytes:
    return build_pack(meeting)


def test_the_pack_opens_with_the_agenda_then_each_paper_file_in_order(built):
    reader = _reader(built)
    outline = _outline(built)
    assert [title for title, _page in outline] == [
        "Agenda",
        "2 Adroddiad cyllideb (Cymraeg)",
        "2 Budget report (English)",
        "2 Forecast (English)",
        "2 a) Cynllun gwario (Cymraeg)",
        "4 Open lock (English)",
    ]
    agenda_pages = outline[1][1]
    assert outline[0][1] == 1  # the agenda, after the cover
    starts = [page for _title, page in outline[1:]]
    assert starts == [agenda_pages, agenda_pages + 2, agenda_pages + 3, agenda_pages + 6, agenda_pages + 7]
    assert len(reader.pages) == agenda_pages + 8
    pages = _pages(built)
    assert [pages[index] for index in starts] == [
        "BUDGET-CY p1",
        "BUDGET-EN p1",
        "FORECAST-EN p1",
        "SPENDING-CY p1",
        "OPEN-LOCK-EN p1",
    ]
    assert pages[agenda_pages + 1] == "BUDGET-CY p2"
    assert pages[agenda_pages + 5] == "FORECAST-EN p3"


def test_the_cover_and_agenda_hold_both_languages_welsh_first(built, cast):
    text = _agenda_text(built)
    # The cover: the group, the meeting and its facts, each in both languages.
    for welsh, english in [
        ("Grŵp Llywio Gweithredu ADY", "ALN Implementation Steering Group"),
        ("Cyfarfod 1", "Meeting 1"),
        ("Dydd Iau 19 Ionawr 2023", "Thursday 19 January 2023"),
        ("Parc Cathays, Caerdydd", "Cathays Park, Cardiff"),
    ]:
        assert welsh in text
        assert english in text
        assert text.index(welsh) < text.index(english)
    assert "Agenda pack" in text
    assert "10:00–12:00" in text
    assert cast.chair.full_name in text
    assert "teams.example.org" in text
    # The agenda: every item and sub-item, numbered, Welsh then English, in the agenda's order.
    order = [
        "1 Croeso",
        "1 Welcome",
        "2 Cyllideb",
        "2 Budget",
        "2 a) Gwariant",
        "2 a) Spending",
        "3 Staffio",
        "3 Staffing",
        "3 a) Cyflog",
        "3 a) Pay",
        "4 Unrhyw fater arall",
        "4 Any other business",
    ]
    positions = [text.index(words) for words in order]
    assert positions == sorted(positions)
    # Leads and durations, where given, in each language.
    assert "Arweinydd: " + cast.chair.full_name in text
    assert "Lead: " + cast.chair.full_name in text
    assert "10 munud" in text
    assert "10 minutes" in text
    assert "Swyddogion LlC" in text
    assert "WG officials" in text
    assert "25 minutes" in text


def test_the_pack_is_the_same_whatever_language_the_caller_reads(meeting, built):
    with translation.override("cy"):
        in_welsh = build_pack(meeting)
    assert _pages(in_welsh) == _pages(built)
    assert translation.get_language() == "en"


def test_an_english_first_group_has_english_first(meeting, cast):
    cast.group.english_first = True
    cast.group.save()
    meeting.refresh_from_db()
    content = build_pack(meeting)
    text = _agenda_text(content)
    assert text.index("1 Welcome") < text.index("1 Croeso")
    assert text.index("ALN Implementation Steering Group") < text.index("Grŵp Llywio Gweithredu ADY")
    assert [title for title, _page in _outline(content)][1:3] == [
        "2 Budget report (English)",
        "2 Adroddiad cyllideb (Cymraeg)",
    ]
    assert _reader(content).root_object["/Lang"] == "en"


def test_confidential_papers_and_reserved_items_papers_are_never_in_the_pack(built):
    text = " ".join(_pages(built))
    for marker in ("CONFIDENTIAL-EN", "RESERVED-EN", "RESERVED-SUB-EN"):
        assert marker not in text
    # Reserved items are listed as such, without their papers, not even their titles.
    agenda = _agenda_text(built)
    assert _count_in_each_column(agenda, "Reserved item") == 2  # item 3 and 3 a)
    for title in ("Staffing review", "Adolygiad staffio", "Pay offer", "Cynnig cyflog"):
        assert title not in agenda
    # The confidential paper is named, as on the meeting's page, and said to be left out.
    assert "Secret costs Confidential Not in this pack." in agenda
    assert all("Secret" not in title for title, _page in _outline(built))


def test_a_late_paper_is_marked(built):
    agenda = _agenda_text(built)
    assert re.search(r"Forecast Late paper English only English: page \d+", agenda)
    assert "Budget report Late paper" not in agenda


def test_a_paper_without_its_welsh_version_is_marked_english_only_in_each_column(built):
    agenda = _agenda_text(built)
    # Forecast and the four papers of item 4; not the papers in both languages, nor the one in
    # Welsh only, nor the confidential one (not in the pack), nor a reserved item's.
    assert _count_in_each_column(agenda, "English only") == 5
    assert "Budget report English only" not in agenda
    assert "Spending plan English only" not in agenda
    assert "Secret costs Confidential Not in this pack." in agenda


def test_files_the_pack_cannot_hold_are_listed_as_not_included(meeting, caplog):
    with caplog.at_level(logging.WARNING, logger="meetings.pack"):
        content = build_pack(meeting)
    agenda = _agenda_text(content)
    for title in ("Word document", "Broken file", "Locked file"):
        assert f"{title} English only English: not included: open it on the service" in agenda
    assert "The agenda and its papers are also on the service:" in agenda
    assert f"/meetings/{meeting.pk}/" in agenda.replace(" ", "")
    assert "LOCKED-EN" not in " ".join(_pages(content))
    warnings = sorted(record.getMessage() for record in caplog.records if record.name == "meetings.pack")
    broken, locked_paper = (Paper.objects.get(title_en=title) for title in ("Broken file", "Locked file"))
    # The damaged file and the locked one, each named; a Word file is no fault.
    assert len(warnings) == 2
    assert warnings[0].startswith(
        f"Agenda pack of meeting {meeting.pk}: paper {broken.pk} (en, {broken.file_en.name}) left out: "
    )
    assert warnings[1] == (
        f"Agenda pack of meeting {meeting.pk}: paper {locked_paper.pk} (en, {locked_paper.file_en.name}) "
        "left out: encrypted with a password"
    )
    assert "OPEN-LOCK-EN p1" in _pages(content)  # locked, but with an empty password: it opens


def test_each_paper_says_the_page_it_starts_on_and_links_to_it(built):
    _assert_right_pages(built)


def _assert_right_pages(built: bytes) -> None:
    reader = _reader(built)
    agenda = _agenda_text(built)
    pages = _pages(built)
    expected = {
        ("Adroddiad cyllideb", "Cymraeg"): "BUDGET-CY",
        ("Adroddiad cyllideb", "Saesneg"): "BUDGET-EN",
        ("Budget report", "Welsh"): "BUDGET-CY",
        ("Budget report", "English"): "BUDGET-EN",
        ("Forecast", "English"): "FORECAST-EN",
        ("Spending plan", "Welsh"): "SPENDING-CY",
        ("Open lock", "English"): "OPEN-LOCK-EN",
    }
    for (title, language), marker in expected.items():
        match = re.search(rf"{title}.*?{language}: (?:page|tudalen) (\d+)", agenda)
        assert match, (title, language)
        assert pages[int(match.group(1)) - 1] == f"{marker} p1", (title, language)

    # Every page number is a link to its page.
    targets = []
    for page in reader.pages[: _outline(built)[1][1]]:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                targets.append(reader.get_page_number(annotation["/Dest"][0].get_object()) + 1)
            else:
                assert not str(annotation["/A"].get("/URI", "")).startswith(pack.PAGE_LINK)
    starts = {page for _title, page in _outline(built)[1:]}
    assert set(targets) == {page + 1 for page in starts}
    assert len(targets) == 10  # five files in the pack, each listed in both columns


def test_the_document_says_its_title_language_and_shows_its_outline(built):
    reader = _reader(built)
    with translation.override("cy"):
        welsh = gettext("Agenda pack for meeting %(number)s, %(date)s") % {"number": 1, "date": "19 Ionawr 2023"}
    assert reader.metadata.title == (
        f"Grŵp Llywio Gweithredu ADY: {welsh} / "
        "ALN Implementation Steering Group: Agenda pack for meeting 1, 19 January 2023"
    )
    assert reader.root_object["/Lang"] == "cy"
    assert reader.root_object["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.root_object["/PageMode"] == "/UseOutlines"


def test_a_file_that_fails_while_it_is_copied_is_left_out_and_the_agenda_drawn_again(meeting, monkeypatch):
    """A file counted, then unreadable when copied (changed in the storage meanwhile): the pack goes on."""
    counted = pack._count_pages

    def count_the_broken_file_too(paper_file):
        return 1 if paper_file.paper.title_en == "Broken file" else counted(paper_file)

    monkeypatch.setattr(pack, "_count_pages", count_the_broken_file_too)
    content = build_pack(meeting)
    assert "Broken file English only English: not included: open it on the service" in _agenda_text(content)
    assert [title for title, _page in _outline(content)][-1] == "4 Open lock (English)"
    _assert_right_pages(content)


def test_a_meeting_without_papers_is_a_cover_and_an_agenda(cast):
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    content = build_pack(meeting)
    assert len(_reader(content).pages) == 2
    assert _outline(content) == [("Agenda", 1)]
    text = " ".join(_pages(content))
    for fact in ("Place", "Online", "Chair", "Lleoliad", "Ar-lein", "Cadeirydd"):
        assert fact not in text
    assert "Confidential papers" not in text  # nothing is left out


def test_a_long_agenda_gives_the_right_pages(cast):
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    for number in range(1, 31):
        item = services.add_item(
            meeting, title_en=f"Topic {number} of the meeting", title_cy=f"Pwnc {number} y cyfarfod"
        )
        paper(item, f"Paper {number}", f"Papur {number}", en=pdf_of(f"P{number}-EN", 1 + number % 3))
    content = build_pack(meeting)
    pages = _pages(content)
    agenda = _agenda_text(content)
    assert len(_reader(content).pages) > 4
    for number in range(1, 31):
        match = re.search(rf"Paper {number} English only English: page (\d+)", agenda)
        assert pages[int(match.group(1)) - 1] == f"P{number}-EN p1"


def test_save_pack_stores_it_under_a_stable_name_in_place_of_the_last(meeting, cast):
    meeting.place_en = "Not saved"
    save_pack(meeting)
    stored = Meeting.objects.get(pk=meeting.pk)
    name = f"packs/{cast.group.slug}-meeting-1-agenda-pack.pdf"
    assert stored.pack.name == name
    assert stored.pack_built_at is not None
    assert stored.place_en == "Cathays Park, Cardiff"  # only the pack's fields are saved
    with stored.pack.open("rb") as handle:
        assert _outline(handle.read())[0] == ("Agenda", 1)

    first_built = stored.pack_built_at
    services.add_item(stored, title_en="Late addition", title_cy="Ychwanegiad hwyr")
    save_pack(stored)
    stored.refresh_from_db()
    assert stored.pack.name == name
    assert stored.pack_built_at > first_built
    with stored.pack.open("rb") as handle:
        assert "Late addition" in " ".join(_pages(handle.read()))
    prefix = f"{meeting.group.slug}-meeting-{meeting.number}-"
    files = [stored_name for stored_name in stored.pack.storage.listdir("packs")[1] if stored_name.startswith(prefix)]
    assert files == [name.removeprefix("packs/")]  # other tests' packs share the folder
