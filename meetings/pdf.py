"""The minutes as one bilingual PDF: Welsh and English side by side, or one version after the other.

WeasyPrint renders ``templates/pdf/minutes.html`` with ``static/pdf/minutes.css`` and the Arimo
font in ``static/fonts/arimo/`` (metrics of Arial, every Welsh letter, embedded in the file). The
PDF is tagged (PDF/UA-1): the catalog names the first language, and every run of text is marked
with the language of the passage it belongs to, so a screen reader switches voice between them.

The fixed words of the document (headings, labels) are in ``LABELS`` in both languages: the PDF
always carries both, whatever language the person who renders it reads the service in.
"""

import datetime
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from weasyprint import CSS, HTML
from weasyprint.pdf.stream import Stream
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from steering.bilingual import localised
from steering.markup import to_html
from workstreams.enums import Role

from . import selectors
from .enums import MinutesStatus
from .models import AgendaItem, Meeting

LAYOUTS = ("side-by-side", "sequential")
LANGUAGES = ("cy", "en")
STYLESHEET = Path(settings.BASE_DIR) / "static" / "pdf" / "minutes.css"
FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
# The addresses a link in a minute may have in the PDF (nh3 also lets relative ones through, which
# WeasyPrint would turn into file: addresses on this server).
LINK_SCHEMES = ("http://", "https://", "mailto:")

LABELS = {
    "cy": {
        "language": "Cymraeg",
        "page_of": ("Tudalen ", " o "),  # around the page number and the number of pages
        "minutes_of_meeting": "Cofnodion cyfarfod {number}",
        "title": "{group}: cofnodion cyfarfod {number}, {date}",
        "running": "Cofnodion cyfarfod {number} · {date}",
        "date": "Dyddiad",
        "time": "Amser",
        "place": "Lleoliad",
        "chair": "Cadeirydd",
        "status": "Statws",
        "draft": "DRAFFT",
        "draft_status": "Drafft: nid yw'r cofnodion wedi'u cymeradwyo eto.",
        "approved": "Cymeradwywyd gan {person} ar {date}.",
        "version": "Fersiwn {number}",
        "correction": "Cywiriad: {reason}",
        "agreed": "Cytunwyd arnynt yng nghyfarfod {number} y grŵp.",
        "attendance": "Presenoldeb",
        "present": "Yn bresennol",
        "in_attendance": "Hefyd yn bresennol",
        "apologies": "Ymddiheuriadau",
        "none": "Dim.",
        "not_recorded": "Heb ei gofnodi eto.",
        "deputising": "yn dirprwyo dros {name}",
        "papers": "Papurau",
        "decision": "Penderfyniad",
        "action": "Cam gweithredu {number}",
        "owner": "Perchennog",
        "due": "Erbyn",
        "no_date": "Heb ddyddiad",
        "actions": "Crynodeb o'r camau gweithredu",
        "number": "Rhif",
        "action_column": "Cam gweithredu",
        "no_actions": "Ni chofnodwyd unrhyw gamau gweithredu.",
        "acronyms": "Byrfoddau",
        "next_meeting": "Y cyfarfod nesaf",
        "reserved": "Eitem gyfrinachol: nid yw ei chofnod yn cael ei gyhoeddi.",
        "missing_text": "Nid yw'r testun Cymraeg ar gael eto.",
        "other_language_only": "Saesneg yn unig",
        Role.CHAIR: "Cadeirydd",
        Role.VICE_CHAIR: "Is-gadeirydd",
        Role.SECRETARIAT: "Ysgrifenyddiaeth",
        Role.OBSERVER: "Sylwedydd",
    },
    "en": {
        "language": "English",
        "page_of": ("Page ", " of "),
        "minutes_of_meeting": "Minutes of meeting {number}",
        "title": "{group}: minutes of meeting {number}, {date}",
        "running": "Minutes of meeting {number} · {date}",
        "date": "Date",
        "time": "Time",
        "place": "Place",
        "chair": "Chair",
        "status": "Status",
        "draft": "DRAFT",
        "draft_status": "Draft: these minutes are not yet approved.",
        "approved": "Approved by {person} on {date}.",
        "version": "Version {number}",
        "correction": "Correction: {reason}",
        "agreed": "Agreed at the group's meeting {number}.",
        "attendance": "Attendance",
        "present": "Present",
        "in_attendance": "In attendance",
        "apologies": "Apologies",
        "none": "None.",
        "not_recorded": "Not recorded yet.",
        "deputising": "deputising for {name}",
        "papers": "Papers",
        "decision": "Decision",
        "action": "Action {number}",
        "owner": "Owner",
        "due": "Due",
        "no_date": "No date",
        "actions": "Summary of actions",
        "number": "No.",
        "action_column": "Action",
        "no_actions": "No actions were recorded.",
        "acronyms": "Acronyms",
        "next_meeting": "Next meeting",
        "reserved": "Reserved item: its minute is not published.",
        "missing_text": "The English text is not available yet.",
        "other_language_only": "Welsh only",
        Role.CHAIR: "Chair",
        Role.VICE_CHAIR: "Vice-chair",
        Role.SECRETARIAT: "Secretariat",
        Role.OBSERVER: "Observer",
    },
}


# The largest document (characters of HTML) made into a PDF inside a web request. WeasyPrint takes
# about a second for every 55,000 (a 23-page meeting of 30 items is about 200,000), so this keeps
# a preview within some eight seconds; the worker, which publishes, and the command have no bound.
PREVIEW_MAX_CHARACTERS = 400_000


class TooLongToPreview(Exception):
    def __init__(self, size: int):
        super().__init__(f"{size} characters of HTML, more than {PREVIEW_MAX_CHARACTERS}")
        self.size = size


def render_minutes_pdf(
    meeting: Meeting, *, layout: str = "side-by-side", first: str = "cy", preview: bool = False
) -> bytes:
    """The meeting's minutes as a PDF, ``first`` language on the left (side by side) or first (sequential).

    A ``preview``, made while someone waits, is refused (``TooLongToPreview``) past its bound.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}.")
    if first not in LANGUAGES:
        raise ValueError(f"Unknown language {first!r}: use one of {', '.join(LANGUAGES)}.")
    html = render_to_string("pdf/minutes.html", minutes_document(meeting, layout=layout, first=first))
    if preview and len(html) > PREVIEW_MAX_CHARACTERS:
        raise TooLongToPreview(len(html))
    _mark_text_with_its_language()
    fetcher = StylesheetAndFontsOnly(allowed_protocols={"file"})
    font_config = FontConfiguration()
    stylesheet = CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(STYLESHEET.parent), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1", pdf_tags=True)


class StylesheetAndFontsOnly(URLFetcher):
    """WeasyPrint's fetcher, for the stylesheet's and the fonts' files only: nothing from the network
    and no other file on this machine, whatever a text might ask for."""

    folders = (STYLESHEET.parent.resolve(), FONTS.resolve())

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(url2pathname(parts.path)).resolve()
        if parts.scheme.lower() != "file" or parts.netloc or not any(path.is_relative_to(f) for f in self.folders):
            raise ValueError(f"Not the minutes' stylesheet or fonts: {url}")
        return super().fetch(url, headers)


# What the template shows ------------------------------------------------------------------------


@dataclass
class Text:
    """A person-written text in the language wanted, or the other one, marked, where it is missing."""

    text: str
    lang: str
    gap: str = ""  # the "Welsh only" / "English only" mark when the wanted language is missing


@dataclass
class Cell:
    """One language's side of a row; in the sequential layout, a row has one cell."""

    kind: str
    lang: str
    labels: dict
    bookmark: str = ""  # side by side: the heading's outline entry, in both languages
    data: dict = field(default_factory=dict)


@dataclass
class Row:
    kind: str
    cells: list[Cell]


@dataclass
class Part:
    """A run of rows, or the table of actions, within one version of the document."""

    kind: str  # "rows" or "actions"
    rows: list[Row] = field(default_factory=list)
    headings: dict = field(default_factory=dict)
    actions: list[dict] = field(default_factory=list)


@dataclass
class Version:
    lang: str | None  # None: both languages, side by side
    parts: list[Part]
    running: list[dict] = field(default_factory=list)  # the title at the top of its pages


def minutes_document(meeting: Meeting, *, layout: str, first: str) -> dict:
    """Everything the template needs, read once."""
    languages = [first, _other(first)]
    agenda = selectors.flat_agenda(selectors.numbered_agenda(meeting, with_minutes=True))
    minutes = selectors.current_minutes(meeting)
    approved = minutes is not None and minutes.status == MinutesStatus.APPROVED
    _previous, following = selectors.neighbours(meeting)
    numbered_actions = _number_actions(agenda)
    glossary = list(meeting.group.glossary.all())

    def cells(kind: str, build, *, bookmark: bool = False) -> list[Cell]:
        made = [Cell(kind, lang, LABELS[lang], data=build(lang)) for lang in languages]
        if bookmark and layout == "side-by-side":
            made[0].bookmark = " / ".join(cell.data["heading"] for cell in made)
        return made

    def masthead(lang):
        return {
            "group": localised(meeting.group, "name", lang).text,
            "heading": LABELS[lang]["minutes_of_meeting"].format(number=meeting.number),
            "facts": _facts(meeting, lang),
            "status": _status(minutes, approved, lang),
        }

    rows = [Row("masthead", cells("masthead", masthead, bookmark=True))]
    # Public minutes name organisations, not people, unless the group chooses names.
    names = not meeting.group.minutes_are_public or meeting.group.public_names
    rows += _attendance_rows(meeting, languages, cells, names=names)
    for item in agenda:
        rows += _item_rows(item, numbered_actions, cells)
    closing = []
    acronyms = {lang: _acronyms_used(glossary, agenda, lang) for lang in languages}
    if any(acronyms.values()):
        closing.append(
            Row(
                "acronyms",
                cells(
                    "acronyms",
                    lambda lang: {"heading": LABELS[lang]["acronyms"], "entries": acronyms[lang]},
                    bookmark=True,
                ),
            )
        )
    if following is not None:
        closing.append(
            Row(
                "next-meeting",
                cells(
                    "next-meeting",
                    lambda lang: {"heading": LABELS[lang]["next_meeting"], "facts": _facts(following, lang)},
                    bookmark=True,
                ),
            )
        )
    actions_heading = Row(
        "section-heading",
        cells("section-heading", lambda lang: {"heading": LABELS[lang]["actions"]}, bookmark=True),
    )

    running = {
        lang: {
            "lang": lang,
            "group": localised(meeting.group, "name", lang).text,
            "detail": LABELS[lang]["running"].format(number=meeting.number, date=_day(meeting.starts_at, lang)),
        }
        for lang in languages
    }
    if layout == "side-by-side":
        versions = [
            Version(
                None,
                [
                    Part("rows", rows=[*rows, actions_heading]),
                    _actions_table(numbered_actions, languages),
                    Part("rows", rows=closing),
                ],
                running=[running[lang] for lang in languages],
            )
        ]
    else:
        versions = [
            Version(
                lang,
                [
                    Part("rows", rows=_one_language([*rows, actions_heading], index)),
                    _actions_table(numbered_actions, [lang]),
                    Part("rows", rows=_one_language(closing, index)),
                ],
                running=[running[lang]],
            )
            for index, lang in enumerate(languages)
        ]

    titles = [
        LABELS[lang]["title"].format(
            group=localised(meeting.group, "name", lang).text,
            number=meeting.number,
            date=_day(meeting.starts_at, lang),
        )
        for lang in languages
    ]
    return {
        "lang": first,
        "layout": layout,
        "title": " / ".join(titles),
        "author": " / ".join(localised(meeting.group, "name", lang).text for lang in languages),
        "draft": not approved,
        "draft_words": [{"lang": lang, "text": LABELS[lang]["draft"]} for lang in languages],
        "columns": [
            {"lang": lang, "text": LABELS[lang]["language"], "page_of": LABELS[lang]["page_of"]} for lang in languages
        ],
        "versions": versions,
    }


def _other(lang: str) -> str:
    return "en" if lang == "cy" else "cy"


def _one_language(rows: list[Row], index: int) -> list[Row]:
    return [Row(row.kind, [row.cells[index]]) for row in rows]


def _text(obj, name: str, lang: str) -> Text:
    found = localised(obj, name, lang)
    return Text(found.text, found.lang, LABELS[lang]["other_language_only"] if found.fallback else "")


def _day(value: datetime.date | datetime.datetime, lang: str, format_name: str = "DATE_FORMAT") -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    with translation.override(lang):
        return formats.date_format(value, format_name)


def _facts(meeting: Meeting, lang: str) -> list[dict]:
    labels = LABELS[lang]
    starts = timezone.localtime(meeting.starts_at)
    time = formats.time_format(starts, "H:i")
    if meeting.ends_at:
        time += "–" + formats.time_format(timezone.localtime(meeting.ends_at), "H:i")
    facts = [
        {"label": labels["date"], "value": Text(_day(starts, lang, "l j F Y"), lang)},
        {"label": labels["time"], "value": Text(time, lang)},
    ]
    if meeting.place_en or meeting.place_cy:
        facts.append({"label": labels["place"], "value": _text(meeting, "place", lang)})
    if meeting.chair_id:
        facts.append({"label": labels["chair"], "value": Text(meeting.chair.full_name, lang)})
    return facts


def _status(minutes, approved: bool, lang: str) -> dict:
    labels = LABELS[lang]
    lines = []
    if approved:
        lines.append(
            labels["approved"].format(person=minutes.approved_by.full_name, date=_day(minutes.approved_at, lang))
        )
        if minutes.agreed_at_meeting_id:
            lines.append(labels["agreed"].format(number=minutes.agreed_at_meeting.number))
    else:
        lines.append(labels["draft_status"])
    if minutes is not None:
        lines.append(labels["version"].format(number=minutes.version))
        reason = localised(minutes, "correction_reason", lang)
        if reason.text:
            lines.append(labels["correction"].format(reason=reason.text))
    return {"label": labels["status"], "lines": lines, "approved": approved}


def _attendance_rows(meeting: Meeting, languages: list[str], cells, *, names: bool = True) -> list[Row]:
    summary = selectors.attendance_summary(meeting)

    def person(row, lang):
        words = []
        if row.membership_id and row.membership.role in LABELS[lang]:
            words.append(LABELS[lang][row.membership.role])
        if row.deputising_for_id:
            words.append(LABELS[lang]["deputising"].format(name=row.deputising_for.person.full_name))
        return row.display_name + (f" ({', '.join(words)})" if words else "")

    def organisation_name(entry, lang):
        return localised(entry.organisation, "name", lang).text if entry.organisation else ""

    def present(lang):
        members, guests = [], []
        for entry in sorted(summary.by_organisation, key=lambda e: organisation_name(e, lang).lower()):
            people = [person(row, lang) for row in entry.present if row.membership_id]
            if people:
                members.append({"organisation": organisation_name(entry, lang), "people": people if names else []})
            for row in entry.present:
                if not row.membership_id and names:
                    organisation = organisation_name(entry, lang)
                    guests.append(person(row, lang) + (f", {organisation}" if organisation else ""))
        return {
            "heading": LABELS[lang]["attendance"],
            "present_heading": LABELS[lang]["present"],
            "recorded": bool(summary.by_organisation),
            "groups": members,
            "guests_heading": LABELS[lang]["in_attendance"],
            "guests": guests,
        }

    def apologies(lang):
        given = []
        for entry in sorted(summary.by_organisation, key=lambda e: organisation_name(e, lang).lower()):
            for row in entry.apologies:
                organisation = organisation_name(entry, lang)
                if names:
                    given.append(person(row, lang) + (f", {organisation}" if organisation else ""))
                elif organisation and organisation not in given:
                    given.append(organisation)
        return {"heading": LABELS[lang]["apologies"], "recorded": bool(summary.by_organisation), "names": given}

    return [
        Row("attendance", cells("attendance", present, bookmark=True)),
        Row("apologies", cells("apologies", apologies)),
    ]


def _number_actions(agenda: list[AgendaItem]) -> list[tuple[int, object, AgendaItem]]:
    """Actions numbered 1, 2, 3 … in the order of the minutes; reserved items' are not published."""
    actions = [(action, item) for item in agenda if not item.is_reserved for action in item.actions.all()]
    return [(number, action, item) for number, (action, item) in enumerate(actions, start=1)]


def _owner(action, lang: str) -> str:
    with translation.override(lang):
        return action.owner_display


def _actions_table(numbered_actions, languages: list[str]) -> Part:
    def words(key):
        return [{"lang": lang, "text": LABELS[lang][key]} for lang in languages]

    actions = []
    for number, action, _item in numbered_actions:
        if len(languages) == 1:
            owners = [{"lang": languages[0], "text": _owner(action, languages[0])}]
        else:
            # The person's name once (it reads the same in both languages), then the organisation in each.
            owners = [{"lang": "", "text": action.owner_person.full_name}] if action.owner_person_id else []
            if action.owner_organisation_id:
                owners += [
                    {"lang": lang, "text": localised(action.owner_organisation, "name", lang).text}
                    for lang in languages
                ]
        actions.append(
            {
                "number": number,
                "owners": owners,
                "texts": [{"lang": lang, "text": _text(action, "text", lang)} for lang in languages],
                "due": action.due_date,
            }
        )
    headings = {key: words(key) for key in ("number", "owner", "action_column", "due", "no_actions")}
    return Part("actions", headings=headings, actions=actions)


def _item_rows(item: AgendaItem, numbered_actions, cells) -> list[Row]:
    level = 3 if item.parent_id else 2

    def heading(lang):
        title = _text(item, "title", lang)
        papers = [_text(paper, "title", lang) for paper in item.papers.all() if not paper.confidential]
        return {
            "level": level,
            "number": item.number,
            "title": title,
            "heading": f"{item.number} {title.text}",
            "papers": papers,
        }

    rows = [Row(f"item-heading level-{level}", cells("item-heading", heading, bookmark=True))]
    if item.is_reserved:
        rows.append(Row("reserved", cells("notice", lambda lang: {"text": LABELS[lang]["reserved"]})))
        return rows

    texts = {lang: getattr(item, f"minutes_{lang}").strip() for lang in LANGUAGES}
    if any(texts.values()):
        blocks = {lang: split_blocks(to_html(text)) for lang, text in texts.items()}
        if len(blocks["cy"]) == len(blocks["en"]):
            # Each paragraph beside its translation.
            for index in range(len(blocks["cy"])):
                rows.append(Row("text", cells("text", lambda lang, i=index: {"html": blocks[lang][i]})))
        else:
            rows.append(Row("text", cells("text", lambda lang: _whole_text(blocks[lang], lang))))
    for decision in item.decisions.all():
        rows.append(Row("decision", cells("decision", lambda lang, d=decision: {"text": _text(d, "text", lang)})))
    for number, action, action_item in numbered_actions:
        if action_item is item:
            rows.append(
                Row(
                    "action",
                    cells(
                        "action",
                        lambda lang, n=number, a=action: {
                            "label": LABELS[lang]["action"].format(number=n),
                            "text": _text(a, "text", lang),
                            "owner": _owner(a, lang),
                            "due": _day(a.due_date, lang) if a.due_date else LABELS[lang]["no_date"],
                        },
                    ),
                )
            )
    return rows


def _whole_text(blocks: list[str], lang: str) -> dict:
    if not blocks:
        return {"missing": LABELS[lang]["missing_text"]}
    return {"html": mark_safe("".join(blocks))}  # noqa: S308 - blocks of to_html's cleaned output  # nosec B308 B703


def _acronyms_used(glossary, agenda: list[AgendaItem], lang: str) -> list[dict]:
    """The glossary's acronyms that the minutes use in this language, with their meaning in it."""
    parts = []
    for item in agenda:
        parts.append(getattr(item, f"title_{lang}"))
        if item.is_reserved:
            continue
        parts.append(getattr(item, f"minutes_{lang}"))
        parts += [getattr(decision, f"text_{lang}") for decision in item.decisions.all()]
        parts += [getattr(action, f"text_{lang}") for action in item.actions.all()]
    text = "\n".join(parts)
    used = []
    for entry in glossary:
        acronym = entry.display_acronym_in(lang)
        # Whole words only ("LA" is not in "LAC"), allowing a plural: "LAs", "LAs’".
        if acronym and re.search(rf"(?<!\w){re.escape(acronym)}s?(?!\w)", text):
            used.append({"acronym": acronym, "expansion": _text(entry, "expansion", lang)})
    return sorted(used, key=lambda entry: entry["acronym"].lower())


# The minute text, paragraph by paragraph -------------------------------------------------------


class _BlockSplitter(HTMLParser):
    """Cuts the cleaned HTML of a minute into its top-level paragraphs and lists."""

    VOID = {"br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = [(n, v) for n, v in attrs if n != "href" or (v or "").strip().lower().startswith(LINK_SCHEMES)]
        attributes = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        self.current.append(f"<{tag}{attributes}>")
        if tag not in self.VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.depth -= 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        self.current.append(f"</{tag}>")
        self.depth -= 1
        if self.depth == 0:
            self.blocks.append("".join(self.current))
            self.current = []

    def handle_data(self, data):
        if self.depth == 0:
            if data.strip():  # loose text outside any paragraph: keep it as a paragraph of its own
                self.blocks.append(f"<p>{escape(data.strip())}</p>")
            return
        self.current.append(escape(data, quote=False))


def split_blocks(html: str) -> list[SafeString]:
    """The top-level blocks (paragraphs, lists) of HTML that ``steering.markup.to_html`` cleaned."""
    splitter = _BlockSplitter()
    splitter.feed(html)
    splitter.close()
    return [mark_safe(block) for block in splitter.blocks]  # noqa: S308 - re-escaped above, from nh3's output  # nosec B308 B703


# The language of each passage in the tagged PDF -------------------------------------------------

_original_marked = Stream.marked


@contextmanager
def _marked_with_language(self, box, tag):
    """WeasyPrint's own ``Stream.marked``, with /Lang added to the property list of each text run.

    WeasyPrint 70 writes the language of the whole document (/Lang in the catalog) but not that of
    the passages in it; a marked-content Span may carry its own /Lang (ISO 32000-1, 14.9.2), taken
    here from the text's ``lang`` attribute. Anything unexpected falls back to WeasyPrint's method.
    """
    tags = getattr(self, "_tags", None)
    lang = getattr(box, "style", {}).get("lang") if tags is not None and tag == "Span" else None
    if not lang or box in tags:
        with _original_marked(self, box, tag):
            yield
        return
    mcid = len(tags)
    tags[box] = {"tag": tag, "mcid": mcid}
    self.begin_marked_content(tag, pydyf.Dictionary({"MCID": mcid, "Lang": pydyf.String(lang)}))
    try:
        yield
    finally:
        self.end_marked_content()


def _mark_text_with_its_language() -> None:
    if Stream.marked is not _marked_with_language:
        Stream.marked = _marked_with_language
