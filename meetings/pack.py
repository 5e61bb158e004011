"""The agenda pack: one PDF with a cover, the bilingual agenda and the meeting's papers after it.

``build_pack(meeting)`` draws the cover and the agenda with WeasyPrint (``templates/pdf/agenda_pack.html``
on the minutes' stylesheet and fonts, through ``meetings.pdf``'s fetcher), in both languages side
by side, the group's first language on the left, whatever language the person who asks reads the
service in. Then pypdf appends each paper's PDF file, the first language's version of a paper
first, and writes the outline: the agenda, then one entry per paper file.

The pack goes to every member of the group, observers included, so it never holds a confidential
paper nor any paper of a reserved item (or of a sub-item of one): the agenda names a confidential
paper without its file, and lists a reserved item without its papers. A file that is not a PDF,
or a PDF that cannot be read (damaged, or locked by a password), is listed as not included, to be
opened on the service; a damaged file is logged and never stops the pack. A paper whose Welsh
version has not come is marked "English only" in both columns.

Papers are read through the storage (``FieldFile.open``), never by a path on this machine, one at
a time: a first pass counts each file's pages, so that the agenda can say where each paper starts,
and a second copies them into the pack.

The pack is not a tagged PDF, unlike the minutes: pypdf cannot carry the papers' own structure
over, and in a document marked as tagged, screen readers read only what its structure holds, so
the papers' pages would go unread. Untagged, every page is read alike. The document's language
(the group's first) and its title are set, and a viewer shows the title and the outline.

``save_pack(meeting)`` builds the pack and stores it on the meeting (``Meeting.pack``).
"""

import functools
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from pypdf import PasswordType, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, TextStringObject
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from steering.bilingual import localised

from .document import LABELS, LANGUAGE_NAMES, Text
from .models import AgendaItem, Meeting, Paper
from .pdf import STYLESHEET, StylesheetAndFontsOnly
from .selectors import english_only, flat_agenda, numbered_agenda

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/agenda_pack.html"

# The fixed words of the pack, from the Welsh catalogue: each column takes them in its own language.
WORDS = {
    "agenda_pack": _("Agenda pack"),
    "running": _("Agenda pack for meeting %(number)s, %(date)s"),
    "meeting": _("Meeting %(number)s"),
    "agenda": _("Agenda"),
    "online": _("Online"),
    "lead": _("Lead:"),
    "late": _("Late paper"),
    "english_only": _("English only"),
    "reserved": _("Reserved item"),
    "confidential": _("Confidential"),
    "confidential_paper": _("Not in this pack."),
    "page": _("page %(page)s"),
    "not_included": _("not included: open it on the service"),
    "on_the_service": _("The agenda and its papers are also on the service:"),
    "withheld": _("Confidential papers and the papers of reserved items are not in this pack."),
    "cy": _("Welsh"),
    "en": _("English"),
}

# Where a page number in the agenda links to: the pack's page, once the papers are in it.
PAGE_LINK = "pack-page:"


@functools.cache
def _labels(lang: str) -> dict:
    """The minutes' words (date, time, place, chair, page of pages …) and the pack's, in ``lang``."""
    with translation.override(lang):
        return {**LABELS[lang], **{key: str(words) for key, words in WORDS.items()}}


def _other(lang: str) -> str:
    return "en" if lang == "cy" else "cy"


def _text(obj, name: str, lang: str) -> Text:
    """A person-written text in ``lang``, or the other language's, marked, where it is missing."""
    value = localised(obj, name, lang)
    return Text(value.text, value.lang, LABELS[lang]["other_language_only"] if value.fallback and value.text else "")


def _date(value, lang: str, format_name: str = "DATE_FORMAT") -> str:
    with translation.override(lang):
        return formats.date_format(timezone.localtime(value), format_name)


# The papers' files ------------------------------------------------------------------------------


@dataclass
class PaperFile:
    """One language's file of a paper that may go into the pack."""

    paper: Paper
    lang: str
    number: str  # the item's number, "2 a)"
    pages: int = 0  # 0: not in the pack (not a PDF, or unreadable)
    start: int = 0  # the pack's page (from 1) it starts on, once placed

    @property
    def file(self):
        return getattr(self.paper, f"file_{self.lang}")

    @property
    def included(self) -> bool:
        return self.pages > 0

    def describe(self) -> str:
        return f"paper {self.paper.pk} ({self.lang}, {self.file.name})"


class _UnreadablePaper(Exception):
    def __init__(self, paper_file: PaperFile):
        super().__init__(paper_file.describe())
        self.paper_file = paper_file


def _reader(handle) -> PdfReader:
    """A reader of an open PDF file, unlocked if its password is empty; ValueError if it is locked."""
    reader = PdfReader(handle, strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise ValueError("encrypted with a password")
    return reader


def _count_pages(paper_file: PaperFile) -> int:
    """The file's pages, read through the storage; 0 for a file that is not a PDF or cannot be read."""
    if Path(paper_file.file.name).suffix.lower() != ".pdf":
        return 0
    try:
        with paper_file.file.open("rb") as handle:
            reader = _reader(handle)
            for page in reader.pages:
                page.get_contents()  # decodes what the page draws: a damaged stream shows here
            return len(reader.pages)
    except Exception as error:  # noqa: BLE001 - whatever is wrong with one paper's file, the pack goes on
        logger.warning(
            "Agenda pack of meeting %s: %s left out: %s", paper_file.paper.item.meeting_id, paper_file.describe(), error
        )
        return 0


def _papers(item: AgendaItem) -> list[Paper]:
    return sorted(item.papers.all(), key=lambda paper: (paper.uploaded_at, paper.pk))


def _paper_files(agenda: list[AgendaItem], languages: list[str]) -> list[PaperFile]:
    """Every file that may go into the pack, in its order: never a confidential paper's, nor a reserved item's."""
    files = []
    for item in flat_agenda(agenda):
        if item.is_reserved:
            continue
        for paper in _papers(item):
            if paper.confidential:
                continue
            for lang in languages:
                if getattr(paper, f"file_{lang}"):
                    paper_file = PaperFile(paper, lang, item.number)
                    paper_file.pages = _count_pages(paper_file)
                    files.append(paper_file)
    return files


def _place(files: list[PaperFile], agenda_pages: int) -> int:
    """Numbers the page each included file starts on, after the agenda; the pack's number of pages."""
    page = agenda_pages
    for paper_file in files:
        paper_file.start = page + 1 if paper_file.included else 0
        page += paper_file.pages
    return page


# The cover and the agenda ----------------------------------------------------------------------


def _lead(item: AgendaItem, lang: str) -> Text | None:
    parts = []
    if item.lead_person_id:
        parts.append(item.lead_person.full_name)
    if item.lead_organisation_id:
        parts.append(localised(item.lead_organisation, "name", lang).text)
    gap = ""
    if item.lead_text_en.strip() or item.lead_text_cy.strip():
        text = _text(item, "lead_text", lang)
        parts.append(text.text)
        gap = text.gap
    return Text(", ".join(part for part in parts if part), lang, gap) if parts else None


def _duration(item: AgendaItem, lang: str) -> str:
    if not item.duration_minutes:
        return ""
    with translation.override(lang):
        return ngettext("%(minutes)s minute", "%(minutes)s minutes", item.duration_minutes) % {
            "minutes": item.duration_minutes
        }


def _paper_entry(paper: Paper, files: list[PaperFile], lang: str, labels: dict) -> dict:
    versions = []
    for paper_file in files:
        if paper_file.included:
            where = labels["page"] % {"page": paper_file.start}
            link = f"{PAGE_LINK}{paper_file.start}"
        else:
            where, link = labels["not_included"], ""
        versions.append({"language": labels[paper_file.lang], "where": where, "link": link})
    return {
        "title": _text(paper, "title", lang),
        "late": paper.late,
        # Its Welsh version has not come: each column says so, in its language.
        "english_only": english_only(paper),
        "confidential": paper.confidential,
        "versions": versions,
    }


def _item_cells(item: AgendaItem, files_of: dict[int, list[PaperFile]], languages: list[str]) -> list[dict]:
    cells = []
    for lang in languages:
        labels = _labels(lang)
        cells.append(
            {
                "lang": lang,
                "labels": labels,
                "number": item.number,
                "title": _text(item, "title", lang),
                "reserved": item.is_reserved,
                "lead": _lead(item, lang),
                "duration": _duration(item, lang),
                # A reserved item's papers are reserved business: not even their titles.
                "papers": []
                if item.is_reserved
                else [_paper_entry(paper, files_of.get(paper.pk, []), lang, labels) for paper in _papers(item)],
            }
        )
    return cells


def _cover_cell(meeting: Meeting, lang: str, *, withheld: bool) -> dict:
    labels = _labels(lang)
    starts = timezone.localtime(meeting.starts_at)
    time = formats.time_format(starts, "H:i")
    if meeting.ends_at:
        time += "–" + formats.time_format(timezone.localtime(meeting.ends_at), "H:i")
    facts = [
        {"label": labels["date"], "value": Text(_date(starts, lang, "l j F Y"), lang)},
        {"label": labels["time"], "value": Text(time, lang)},
    ]
    if meeting.place_en.strip() or meeting.place_cy.strip():
        facts.append({"label": labels["place"], "value": _text(meeting, "place", lang)})
    if meeting.online_link:
        link = meeting.online_link if meeting.online_link.lower().startswith(("https://", "http://")) else ""
        facts.append({"label": labels["online"], "value": Text(meeting.online_link, lang), "link": link})
    if meeting.chair_id:
        facts.append({"label": labels["chair"], "value": Text(meeting.chair.full_name, lang)})
    return {
        "lang": lang,
        "labels": labels,
        "group": _text(meeting.group, "name", lang),
        "meeting": labels["meeting"] % {"number": meeting.number},
        "facts": facts,
        "withheld": withheld,
    }


def _running(meeting: Meeting, languages: list[str]) -> tuple[dict, dict]:
    """The group's name, and "Agenda pack for meeting 3, 19 January 2023", in each language."""
    group = {lang: _text(meeting.group, "name", lang).text for lang in languages}
    running = {
        lang: _labels(lang)["running"] % {"number": meeting.number, "date": _date(meeting.starts_at, lang)}
        for lang in languages
    }
    return group, running


def _metadata(meeting: Meeting, languages: list[str]) -> dict:
    group, running = _running(meeting, languages)
    return {
        "title": " / ".join(f"{group[lang]}: {running[lang]}" for lang in languages),
        "author": " / ".join(group[lang] for lang in languages),
    }


def _context(meeting: Meeting, agenda: list[AgendaItem], files: list[PaperFile], languages: list[str], pages: int):
    files_of: dict[int, list[PaperFile]] = {}
    for paper_file in files:
        files_of.setdefault(paper_file.paper.pk, []).append(paper_file)
    # Whether the cover says that confidential and reserved papers are left out: only when some are.
    withheld = any(
        paper.confidential or item.is_reserved for item in flat_agenda(agenda) for paper in item.papers.all()
    )
    rows = []
    for item in agenda:
        rows.append({"level": 2, "cells": _item_cells(item, files_of, languages)})
        rows += [{"level": 3, "cells": _item_cells(child, files_of, languages)} for child in item.children]
    group, running = _running(meeting, languages)
    return {
        "lang": languages[0],
        **_metadata(meeting, languages),
        "columns": [
            {"lang": lang, "text": LANGUAGE_NAMES[lang], "page_of": _labels(lang)["page_of"]} for lang in languages
        ],
        "pages": pages,
        "running": [{"lang": lang, "group": group[lang], "detail": running[lang]} for lang in languages],
        "cover": [_cover_cell(meeting, lang, withheld=withheld) for lang in languages],
        "agenda_headings": [{"lang": lang, "text": _labels(lang)["agenda"]} for lang in languages],
        "service_url": settings.SITE_URL + meeting.get_absolute_url(),
        "rows": rows,
    }


@dataclass
class _Agenda:
    pdf: bytes
    pages: int  # the pages WeasyPrint drew
    padding: int  # blank pages after them, so that the pages the agenda gives stay right
    start: int  # the page (from 0) the agenda itself starts on, after the cover


def _draw_agenda(meeting: Meeting, agenda: list[AgendaItem], files: list[PaperFile], languages: list[str]) -> _Agenda:
    """The cover and the agenda, drawn until the page numbers it gives agree with its own length.

    The agenda says where each paper starts, so its length is guessed, then drawn again with the
    length it turned out to have. A guess only grows, so this ends; should a longer guess make
    the agenda shorter again (a rare reflow of the numbers), a blank page keeps the numbers right.
    """
    fetcher = StylesheetAndFontsOnly(allowed_protocols={"file"})
    font_config = FontConfiguration()
    stylesheet = CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=fetcher)
    guess = 2  # the cover, and a page of agenda
    while True:
        total = _place(files, guess)
        html = render_to_string(TEMPLATE, _context(meeting, agenda, files, languages, total))
        document = HTML(string=html, base_url=str(STYLESHEET.parent), url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=font_config
        )
        drawn = len(document.pages)
        if drawn <= guess:
            break
        guess = drawn
    start = next((index for index, page in enumerate(document.pages) if "agenda" in page.anchors), 0)
    return _Agenda(document.write_pdf(), drawn, guess - drawn, start)


# The pack ---------------------------------------------------------------------------------------


def build_pack(meeting: Meeting) -> bytes:
    """The meeting's agenda pack as one PDF: cover, agenda, then each paper the pack may hold."""
    first = "en" if meeting.group.english_first else "cy"
    languages = [first, _other(first)]
    agenda = numbered_agenda(meeting)
    files = _paper_files(agenda, languages)
    while True:
        try:
            return _assemble(meeting, agenda, files, languages)
        except _UnreadablePaper as unreadable:
            # Counted, yet not copied: left out, and the agenda drawn again without it.
            unreadable.paper_file.pages = 0


def _assemble(meeting: Meeting, agenda: list[AgendaItem], files: list[PaperFile], languages: list[str]) -> bytes:
    drawn = _draw_agenda(meeting, agenda, files, languages)
    writer = PdfWriter(clone_from=io.BytesIO(drawn.pdf))
    drawn.pdf = b""
    for _blank in range(drawn.padding):
        writer.add_blank_page()
    if "/Outlines" in writer.root_object:
        del writer.root_object["/Outlines"]
    agenda_titles = dict.fromkeys(_labels(lang)["agenda"] for lang in languages)
    writer.add_outline_item(title=" / ".join(agenda_titles), page_number=drawn.start)

    for paper_file in files:
        if not paper_file.included:
            continue
        index = len(writer.pages)
        try:
            with paper_file.file.open("rb") as handle:
                writer.append(_reader(handle), import_outline=False)
        except Exception as error:
            logger.warning("Agenda pack of meeting %s: %s left out: %s", meeting.pk, paper_file.describe(), error)
            raise _UnreadablePaper(paper_file) from error
        if index + 1 != paper_file.start or len(writer.pages) - index != paper_file.pages:
            logger.warning(
                "Agenda pack of meeting %s: %s left out: changed while read", meeting.pk, paper_file.describe()
            )
            raise _UnreadablePaper(paper_file)
        title = localised(paper_file.paper, "title", paper_file.lang).text
        writer.add_outline_item(
            title=f"{paper_file.number} {title} ({LANGUAGE_NAMES[paper_file.lang]})", page_number=index
        )

    _link_page_numbers(writer, drawn.pages)
    _describe(writer, meeting, languages)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _link_page_numbers(writer: PdfWriter, agenda_pages: int) -> None:
    """The agenda's page numbers become links to those pages of the pack."""
    for page in writer.pages[:agenda_pages]:
        for reference in page.get("/Annots", []):
            annotation = reference.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith(PAGE_LINK):
                continue
            number = int(uri.removeprefix(PAGE_LINK))
            del annotation["/A"]
            annotation[NameObject("/Dest")] = ArrayObject(
                [writer.pages[number - 1].indirect_reference, NameObject("/Fit")]
            )
            annotation[NameObject("/Contents")] = TextStringObject(str(number))


def _describe(writer: PdfWriter, meeting: Meeting, languages: list[str]) -> None:
    """Title, author and language of the document, and a viewer that shows its title and outline."""
    metadata = _metadata(meeting, languages)
    writer.add_metadata(
        {
            "/Title": metadata["title"],
            "/Author": metadata["author"],
            "/Subject": " / ".join(dict.fromkeys(_labels(lang)["agenda_pack"] for lang in languages)),
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(languages[0])
    preferences = writer.root_object.get("/ViewerPreferences")
    preferences = preferences.get_object() if preferences is not None else DictionaryObject()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer.root_object[NameObject("/ViewerPreferences")] = preferences
    writer.page_mode = "/UseOutlines"


def pack_name(meeting: Meeting) -> str:
    """The pack's file name, the same for every build of it (under the field's ``packs/``)."""
    return f"{meeting.group.slug}-meeting-{meeting.number}-agenda-pack.pdf"


def save_pack(meeting: Meeting) -> None:
    """Builds the pack and stores it on the meeting in place of the one before, with when it was built.

    The time is taken before the papers are read: a paper changed while the pack is built is
    later than the pack, and so rebuilds it.
    """
    built_at = timezone.now()
    content = ContentFile(build_pack(meeting))
    if meeting.pack:
        meeting.pack.delete(save=False)  # its name is free again: the new pack keeps it
    meeting.pack.save(pack_name(meeting), content, save=False)
    meeting.pack_built_at = built_at
    meeting.save(update_fields=["pack", "pack_built_at"])
