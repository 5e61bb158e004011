"""The one way minutes are laid out, from their record (``meetings/record.py``) to rows of cells.

``minutes_document(record, ...)`` reads a ``Record`` (a version's frozen one, or the live draft's,
built the same way) and lays it out for one audience and one layout: rows, each with a cell per
language, side by side, or each language as a version of its own. The PDF template
(``templates/pdf/minutes.html``) and the pages' fragment (``templates/meetings/includes/document.html``)
both draw this, and nothing else: the same words, numbers and marks for a missing Welsh text
wherever minutes are read.

The audience decides what it may see: reserved items are withheld unless it may see confidential
business, and a public group's minutes may name organisations rather than people.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field, replace
from html import escape
from html.parser import HTMLParser

from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from steering.markup import to_html
from workstreams.enums import Role

from .record import Action, Attendee, Facts, Item, Record, Words
from .record import of as record_of

LAYOUTS = ("side-by-side", "sequential")  # a PDF's, as a group chooses
ONE_LANGUAGE = "one-language"  # a page in one language
LANGUAGES = ("cy", "en")
# The addresses a link in a minute may have in the PDF (WeasyPrint would make a relative one a
# file: address on this server; the formatting refuses them, and this keeps old text safe too).
LINK_SCHEMES = ("http://", "https://", "mailto:")

# The fixed words of the minutes, from the Welsh catalogue like every other string. A document
# carries both languages whatever language the person who renders it reads the service in, so
# each cell takes its words in its own language (``LABELS[lang]``).
WORDS = {
    "minutes_of_meeting": _("Minutes of meeting %(number)s"),
    "title": _("%(group)s: minutes of meeting %(number)s, %(date)s"),
    "running": _("Minutes of meeting %(number)s · %(date)s"),
    "date": _("Date"),
    "time": _("Time"),
    "place": _("Place"),
    "chair": _("Chair"),
    "status": _("Status"),
    "draft": _("DRAFT"),
    "draft_status": _("Draft: these minutes are not yet approved."),
    "approved": _("Approved by %(person)s on %(date)s."),
    "approved_english": _("The English approved by %(person)s on %(date)s."),
    "welsh_completed": _("The Welsh completed by %(person)s on %(date)s."),
    "imported": _("Approved before this service; imported from %(file)s by %(person)s on %(date)s."),
    "version": _("Version %(number)s"),
    "correction": _("Correction: %(reason)s"),
    "agreed": _("Agreed at the group's meeting %(number)s."),
    "attendance": _("Attendance"),
    "present": _("Present"),
    "in_attendance": _("In attendance"),
    "apologies": _("Apologies"),
    "none": _("None."),
    "not_recorded": _("Not recorded yet."),
    "deputising": _("deputising for %(name)s"),
    "papers": _("Papers"),
    "decision": _("Decision"),
    "action": _("Action %(number)s"),
    "owner": _("Owner"),
    "due": _("Due"),
    "no_date": _("No date"),
    "actions": _("Summary of actions"),
    "number": _("No."),
    "action_column": _("Action"),
    "no_actions": _("No actions were recorded."),
    "acronyms": _("Acronyms"),
    "next_meeting": _("Next meeting"),
    "reserved": _("Reserved item: its minute is not published."),
    "missing_text": _("This text is not available in this language yet."),
    "report_no_change": _("No change since the last report."),
    "report_risks": _("Risks and issues"),
    "report_asks": _("Asks of the group"),
}
# Each language's name in itself, at the head of its column.
LANGUAGE_NAMES = {"cy": "Cymraeg", "en": "English"}
# The roles said beside a name in the attendance.
NAMED_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.OBSERVER)


@functools.cache
def _labels(lang: str) -> dict:
    with translation.override(lang):
        labels = {key: str(words) for key, words in WORDS.items()}
        before, rest = str(_("Page %(page)s of %(pages)s")).split("%(page)s", 1)
        labels["page_of"] = (before, rest.split("%(pages)s", 1)[0])  # around the page number and the count
        labels["language"] = LANGUAGE_NAMES[lang]
        # Beside a text that stands in for the missing one: the other language's name.
        labels["other_language_only"] = str(_("English only") if lang == "cy" else _("Welsh only"))
        labels.update({role: str(role.label) for role in NAMED_ROLES})
    return labels


class _Labels:
    def __getitem__(self, lang: str) -> dict:
        return _labels(lang)


LABELS = _Labels()


# What the templates show ----------------------------------------------------------------------


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
    item_id: int | None = None  # the agenda item the row belongs to; its first row is its anchor
    anchor: bool = False
    last: bool = False  # the item's last row: a page adds what it says about the item after it
    after: dict | None = None  # that: the chair's comments on the review page


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


@dataclass(frozen=True)
class Audience:
    """Who reads: whether they may see reserved business, and whether people are named."""

    confidential: bool = False
    names: bool = True


# What is published and emailed: reserved business withheld, people named.
PUBLISHED = Audience()


def published_audience(group) -> Audience:
    """Published minutes withhold reserved business; a public group's name people only if it says so."""
    return Audience(confidential=False, names=not group.minutes_are_public or group.public_names)


def for_version(minutes, *, layout: str = "side-by-side", first: str = "", audience: Audience | None = None) -> dict:
    """The document of a version of the minutes (``record.of``): what every reader of it draws,
    By default in the group's first language, for those the minutes are published to."""
    group = minutes.meeting.group
    return minutes_document(
        record_of(minutes),
        layout=layout,
        first=first or ("en" if group.english_first else "cy"),
        audience=audience or published_audience(group),
        agreed_at=minutes.agreed_at_meeting.number if minutes.agreed_at_meeting_id else None,
    )


def minutes_document(
    record: Record,
    *,
    layout: str = "side-by-side",
    first: str = "cy",
    audience: Audience = PUBLISHED,
    agreed_at: int | None = None,
) -> dict:
    """Everything a template needs to show these minutes, from the record alone.

    ``layout``: the two languages side by side, one after the other (``sequential``), or the
    ``first`` alone (``one-language``, a page that links to its other language). ``agreed_at``: the
    number of the later meeting that agreed them, said beside the approval but no part of it.
    """
    languages = [first] if layout == ONE_LANGUAGE else [first, _other(first)]
    numbered_actions = _number_actions(record.items, audience)

    def cells(kind: str, build, *, bookmark: bool = False) -> list[Cell]:
        made = [Cell(kind, lang, LABELS[lang], data=build(lang)) for lang in languages]
        if bookmark and layout == "side-by-side":
            made[0].bookmark = " / ".join(cell.data["heading"] for cell in made)
        return made

    def masthead(lang):
        return {
            "group": _text(record.group, lang).text,
            "heading": LABELS[lang]["minutes_of_meeting"] % {"number": record.meeting.number},
            "facts": _facts(record.meeting, lang),
            "status": _status(record, lang, agreed_at),
        }

    rows = [Row("masthead", cells("masthead", masthead, bookmark=True))]
    rows += _attendance_rows(record, languages, cells, names=audience.names)
    for item in record.items:
        rows += _item_rows(item, numbered_actions, cells, audience)
    closing = []
    acronyms = {lang: _acronyms_used(record, lang, audience) for lang in languages}
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
    if record.next_meeting is not None:
        closing.append(
            Row(
                "next-meeting",
                cells(
                    "next-meeting",
                    lambda lang: {"heading": LABELS[lang]["next_meeting"], "facts": _facts(record.next_meeting, lang)},
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
            "group": _text(record.group, lang).text,
            "detail": LABELS[lang]["running"]
            % {"number": record.meeting.number, "date": _day(record.meeting.starts_at, lang)},
        }
        for lang in languages
    }
    if layout == "side-by-side":
        versions = [
            Version(
                None,
                [
                    Part("rows", rows=[*rows, actions_heading]),
                    _actions_table(numbered_actions, languages, audience),
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
                    _actions_table(numbered_actions, [lang], audience),
                    Part("rows", rows=_one_language(closing, index)),
                ],
                running=[running[lang]],
            )
            for index, lang in enumerate(languages)
        ]

    titles = [
        LABELS[lang]["title"]
        % {
            "group": _text(record.group, lang).text,
            "number": record.meeting.number,
            "date": _day(record.meeting.starts_at, lang),
        }
        for lang in languages
    ]
    return {
        "record": record,
        "lang": first,
        "layout": layout,
        "title": " / ".join(titles),
        "author": " / ".join(_text(record.group, lang).text for lang in languages),
        "draft": not record.approved,
        "draft_words": [{"lang": lang, "text": LABELS[lang]["draft"]} for lang in languages],
        "columns": [
            {"lang": lang, "text": LABELS[lang]["language"], "page_of": LABELS[lang]["page_of"]} for lang in languages
        ],
        "versions": versions,
    }


def _other(lang: str) -> str:
    return "en" if lang == "cy" else "cy"


def _one_language(rows: list[Row], index: int) -> list[Row]:
    return [replace(row, cells=[row.cells[index]], anchor=row.anchor and index == 0) for row in rows]


def _text(words: Words, lang: str) -> Text:
    """The text in ``lang``; where that is missing, the other language's, marked as standing in."""
    if words.get(lang).strip():
        return Text(words.get(lang), lang)
    other = _other(lang)
    if words.get(other).strip():
        return Text(words.get(other), other, LABELS[lang]["other_language_only"])
    return Text("", lang)


def _day(value: datetime.date | datetime.datetime, lang: str, format_name: str = "DATE_FORMAT") -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    with translation.override(lang):
        return formats.date_format(value, format_name)


def _facts(meeting: Facts, lang: str) -> list[dict]:
    labels = LABELS[lang]
    starts = timezone.localtime(meeting.starts_at)
    time = formats.time_format(starts, "H:i")
    if meeting.ends_at:
        time += "–" + formats.time_format(timezone.localtime(meeting.ends_at), "H:i")
    facts = [
        {"label": labels["date"], "value": Text(_day(starts, lang, "l j F Y"), lang)},
        {"label": labels["time"], "value": Text(time, lang)},
    ]
    if meeting.place:
        facts.append({"label": labels["place"], "value": _text(meeting.place, lang)})
    if meeting.chair:
        facts.append({"label": labels["chair"], "value": Text(meeting.chair, lang)})
    return facts


def _status(record: Record, lang: str, agreed_at: int | None) -> dict:
    labels = LABELS[lang]
    lines = []
    if record.approval is not None:
        approval, completed = record.approval, record.welsh_completed
        if record.imported_from:
            said = labels["imported"] % {
                "file": record.imported_from,
                "person": approval.by,
                "date": _day(approval.at, lang),
            }
        else:
            said = labels["approved_english" if completed else "approved"] % {
                "person": approval.by,
                "date": _day(approval.at, lang),
            }
        lines.append(said)
        if completed is not None:
            lines.append(labels["welsh_completed"] % {"person": completed.by, "date": _day(completed.at, lang)})
        if agreed_at is not None:
            lines.append(labels["agreed"] % {"number": agreed_at})
    else:
        lines.append(labels["draft_status"])
    lines.append(labels["version"] % {"number": record.version})
    if record.correction_reason:
        lines.append(labels["correction"] % {"reason": _text(record.correction_reason, lang).text})
    return {"label": labels["status"], "lines": lines, "approved": record.approved}


def _attendance_rows(record: Record, languages: list[str], cells, *, names: bool = True) -> list[Row]:
    def person(row: Attendee, lang):
        words = []
        if row.role in LABELS[lang]:
            words.append(LABELS[lang][row.role])
        if row.deputising_for:
            words.append(LABELS[lang]["deputising"] % {"name": row.deputising_for})
        return row.name + (f" ({', '.join(words)})" if words else "")

    def by_organisation(status: str, lang: str) -> list[tuple[str, list[Attendee]]]:
        grouped: dict[str, list[Attendee]] = {}
        for row in record.attendance:
            if row.status == status:
                grouped.setdefault(_text(row.organisation, lang).text, []).append(row)
        return sorted(grouped.items(), key=lambda entry: (not entry[0], entry[0].lower()))

    def present(lang):
        members, guests = [], []
        for organisation, rows in by_organisation("present", lang):
            people = [person(row, lang) for row in rows if row.member]
            if people:
                members.append({"organisation": organisation, "people": people if names else []})
            for row in rows:
                if not row.member and names:
                    guests.append(person(row, lang) + (f", {organisation}" if organisation else ""))
        return {
            "heading": LABELS[lang]["attendance"],
            "present_heading": LABELS[lang]["present"],
            "recorded": record.attendance_recorded,
            "groups": members,
            "guests_heading": LABELS[lang]["in_attendance"],
            "guests": guests,
        }

    def apologies(lang):
        given = []
        for organisation, rows in by_organisation("apologies", lang):
            for row in rows:
                if names:
                    given.append(person(row, lang) + (f", {organisation}" if organisation else ""))
                elif organisation and organisation not in given:
                    given.append(organisation)
        return {"heading": LABELS[lang]["apologies"], "recorded": record.attendance_recorded, "names": given}

    return [
        Row("attendance", cells("attendance", present, bookmark=True)),
        Row("apologies", cells("apologies", apologies)),
    ]


def _shown(item: Item, audience: Audience) -> bool:
    """Whether the audience reads what was minuted on the item, or only that it was reserved."""
    return audience.confidential or not item.reserved


def _number_actions(items, audience: Audience) -> list[tuple[int, Action, Item]]:
    """Actions numbered 1, 2, 3 … in the order of the minutes, of the items the audience reads."""
    actions = [(action, item) for item in items if _shown(item, audience) for action in item.actions]
    return [(number, action, item) for number, (action, item) in enumerate(actions, start=1)]


def _owner(action: Action, lang: str, audience: Audience) -> str:
    organisation = _text(action.owner_organisation, lang).text
    person = action.owner_person if audience.names else ""
    if person and organisation:
        return f"{person} ({organisation})"
    return person or organisation or "–"


def _actions_table(numbered_actions, languages: list[str], audience: Audience) -> Part:
    def words(key):
        return [{"lang": lang, "text": LABELS[lang][key]} for lang in languages]

    actions = []
    for number, action, _item in numbered_actions:
        if len(languages) == 1:
            owners = [{"lang": languages[0], "text": _owner(action, languages[0], audience)}]
        else:
            # The person's name once (it reads the same in both languages), then the organisation in each.
            owners = [{"lang": "", "text": action.owner_person}] if action.owner_person and audience.names else []
            if action.owner_organisation:
                owners += [{"lang": lang, "text": _text(action.owner_organisation, lang).text} for lang in languages]
        actions.append(
            {
                "number": number,
                "owners": owners,
                "texts": [{"lang": lang, "text": _text(action.text, lang)} for lang in languages],
                "due": action.due_date,
            }
        )
    headings = {key: words(key) for key in ("number", "owner", "action_column", "due", "no_actions")}
    return Part("actions", headings=headings, actions=actions)


def _item_rows(item: Item, numbered_actions, cells, audience: Audience) -> list[Row]:
    level = 3 if item.level == 2 else 2

    def heading(lang):
        title = _text(item.title, lang)
        papers = [_text(paper, lang) for paper in item.papers] if _shown(item, audience) else []
        return {
            "level": level,
            "number": item.number,
            "title": title,
            "heading": f"{item.number} {title.text}",
            "papers": papers,
        }

    rows = [Row(f"item-heading level-{level}", cells("item-heading", heading, bookmark=True))]
    if not _shown(item, audience):
        rows.append(Row("reserved", cells("notice", lambda lang: {"text": LABELS[lang]["reserved"]})))
        return _of_item(rows, item)

    texts = {lang: item.minutes.get(lang).strip() for lang in LANGUAGES}
    if any(texts.values()):
        blocks = {lang: split_blocks(to_html(text)) for lang, text in texts.items()}
        if len(blocks["cy"]) == len(blocks["en"]):
            # Each paragraph beside its translation.
            for index in range(len(blocks["cy"])):
                rows.append(Row("text", cells("text", lambda lang, i=index: {"html": blocks[lang][i]})))
        else:
            rows.append(Row("text", cells("text", lambda lang: _whole_text(blocks[lang], lang))))
    for report in item.reports:
        rows.append(Row("report", cells("report", lambda lang, r=report: _report(r, lang))))
    for decision in item.decisions:
        rows.append(Row("decision", cells("decision", lambda lang, d=decision: {"text": _text(d, lang)})))
    for number, action, action_item in numbered_actions:
        if action_item is item:
            rows.append(
                Row(
                    "action",
                    cells(
                        "action",
                        lambda lang, n=number, a=action: {
                            "label": LABELS[lang]["action"] % {"number": n},
                            "text": _text(a.text, lang),
                            "owner": _owner(a, lang, audience),
                            "due": _day(a.due_date, lang) if a.due_date else LABELS[lang]["no_date"],
                        },
                    ),
                )
            )
    return _of_item(rows, item)


def _report(report, lang: str) -> dict:
    """A group's highlight report: its name, then each part written, as paragraphs."""

    def parts(words: Words) -> dict:
        text = _text(words, lang)
        return {"html": mark_safe("".join(split_blocks(to_html(text.text)))), "lang": text.lang, "gap": text.gap}  # noqa: S308 - to_html's cleaned output  # nosec B308 B703

    data = {
        "group": _text(report.group, lang),
        "no_change": LABELS[lang]["report_no_change"] if report.no_change else "",
    }
    if not report.no_change:
        data["sections"] = [
            {"heading": heading, **parts(words)}
            for heading, words in (
                ("", report.progress),
                (LABELS[lang]["report_risks"], report.risks),
                (LABELS[lang]["report_asks"], report.asks),
            )
            if words
        ]
    return data


def _of_item(rows: list[Row], item: Item) -> list[Row]:
    for row in rows:
        row.item_id = item.item_id
    rows[0].anchor = rows[-1].last = True
    return rows


def _whole_text(blocks: list[str], lang: str) -> dict:
    if not blocks:
        return {"missing": LABELS[lang]["missing_text"]}
    return {"html": mark_safe("".join(blocks))}  # noqa: S308 - blocks of to_html's cleaned output  # nosec B308 B703


def _acronyms_used(record: Record, lang: str, audience: Audience) -> list[dict]:
    """The glossary's acronyms that the minutes use in this language, with their meaning in it."""
    parts = []
    for item in record.items:
        parts.append(item.title.get(lang))
        if not _shown(item, audience):
            continue
        parts.append(item.minutes.get(lang))
        parts += [decision.get(lang) for decision in item.decisions]
        parts += [action.text.get(lang) for action in item.actions]
    text = "\n".join(parts)
    used = []
    for entry in record.glossary:
        acronym = _text(entry.acronym, lang).text
        # Whole words only ("LA" is not in "LAC"), allowing a plural: "LAs", "LAs’".
        if acronym and re.search(rf"(?<!\w){re.escape(acronym)}s?(?!\w)", text):
            used.append({"acronym": acronym, "expansion": _text(entry.expansion, lang)})
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
