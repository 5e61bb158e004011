"""Finding the structure of minutes in their text: the meeting, attendance, items, decisions and
actions, each found by a written rule that the review page can name ("found because: …").

The input is the document's blocks (``reading.read``); the output is a ``Proposal``, shown for
review and never saved by this module. The rules, in English and Welsh:

- **Items**: a heading, a short bold line, or a short line that starts with an item number as
  minutes write them ("1.", "2)", "124.", "3.1", "Item 4:", "Eitem 4", "a)", "(ii)", "1)Ymddiheuriadau"
  with no space, Welsh letters such as "Ch)", or Word's automatic numbering). Letters, roman numerals
  and dotted numbers ("3.1") are sub-items of the item above. "b) Membership & c) Terms of Reference"
  is two sub-items. A line is too long to be an item's title when it is over 150 characters, or a
  sentence of more than 12 words (a heading's words are its title however many, unless it ends in a
  full stop). A paragraph numbered out of sequence ("9 – …" under item 2: not after the last number,
  or more than 3 past it) refers to an item and opens none. A committee page's link to the item's
  paper ("pdf icon PDF 420 KB") is not part of its title; a date numbered as a sub-item ("3.1 25AIN
  AWST 2022") is an item. A title run into
  its text ("Finance – EE presented …", "Yr Heddlu. Dim …", "2 Declarations of Interest – There were
  none.") opens an item and the rest is its minutes: on a numbered line always, on plain paragraphs when
  three or more of the document's paragraphs are written so (a colon, a spaced dash or "-." after up
  to 8 words; a full stop after up to 5; not a label such as "Note:", "Date of meeting:"). Minute
  numbers may carry a committee's letters ("C 10/034") or be a minute reference ("Cou/285/07-08"). A
  committee page's item table ("No. | Item") gives an item per row: the number cell (dotted numbers
  are sub-items), the title (before a colon, else its run of capitals, else its capitalised words),
  and the minutes after "Minutes:" / "Cofnodion:" / "Cofnod:", with a "Decision:" / "Penderfyniad:"
  part kept under its label. Under a heading, the agenda's text above a "Minutes:" line is kept in
  the item's minutes but searched for no decisions or actions. In Markdown, a top-level entry with
  notes under it is an item (its first sentence when it is long), and when half or more of a list's top-level entries
  have notes every entry of it is. A line that starts with a date, and the lines above the title,
  open no item; nor do section markers ("PART 1 - PUBLIC", "RHAN 1") or headings that order the page
  ("Items and actions", "Eitemau").
- **Meeting**: the title is the first heading or bold line, or the first line that says it is minutes
  and names the meeting (three words or more besides "minutes"); a line such as "Publication -
  Minutes" is the title only when nothing below it names the meeting. The date is the one labelled
  "Date of meeting:", else the first in the opening lines that is not a page's "Published:" date nor
  a "previous" / "last" meeting's.
- **Attendance**: a line or heading "Present", "Present were", "Attendees", "Members present", "In
  attendance", "Also present", "Apologies", "Regrets", "Yn bresennol", "Presennol", "Ymddiheuriadau",
  "Hefyd yn bresennol", and the names after it (on the same line after a colon, or the lines below
  until the next item or a line ending in a colon), each "Name (Organisation)", "Name, Organisation",
  "Name – Organisation" or "the Clerk – Name"; names are parted by commas, "and", "&", and Welsh "a"/"ac"
  before an initial. A list's line may be long when its names are short and parted by commas. In a
  bulleted list, "Jan Savage, Enable (Chair)" is one person and their organisation. A numbered item
  titled "Present" or "Apologies" opens that list too, and "Attendees and apologies" is a heading over
  both lists. Council honorifics and list labels ("Cllrs", "Cyng.", "Y Cynghorwyr", "Trustees",
  "Members:") are dropped, as are notes of arrival ("(arrived at 7.01pm)"), and counts of the public are
  no one. Apologies the items' text records are added: "Apologies (were received) from …", "An apology
  was received from …", "X and Y gave their apologies", "X, apologies accepted", "Derbyniwyd / Cafwyd
  ymddiheuriad(au) gan …", "Ymddiheurodd …".
- **Decisions**: a sentence in which the body itself decides ("The SG agreed …", "Members
  agreed …", "It was agreed / resolved / decided", "RESOLVED", "… were approved", "Decision: …",
  "Cytunodd y Grŵp …", "Cytunwyd …", "Penderfynwyd …", "Cadarnhawyd …"), also "were considered and
  approved", "were accepted (as a true record)", "… agreed / accepted / rejected by the members /
  trustees / council …", "apologies accepted", "The trustees also decided …", and a motion or option
  that "carries" or "was carried"; a formal "RESOLVED" / "PENDERFYNWYD" / "AGREED" in capitals even
  after a clause that reports the motion ("… it was proposed … that … the Council RESOLVED to elect …").
  "Derbyniwyd ymddiheuriad(au)" is attendance, and "Derbyniwyd adroddiad / llythyr …" a report
  received, not a decision. The body is the group, committee, board, council, members, trustees, and
  any acronym the text defines for one
  ("The Steering Group (the SG)").
- **Actions**: "Action: …" / "ACTION …" / "Cam gweithredu: …"; "X to do …" ("WG to continue …");
  "X agreed to do …" when X is not the body; "X asked Y to do …" (Y owns it); "X will / would do …"
  when X is a party (an acronym, a person's name, an organisation, a role such as the Chair, the
  Clerk, officials, members), not inside a "that" clause ("WG noted that … would …" is none);
  "… will … by / later in <a time>" (no owner); "Bydd(ai) X yn …"; "X i <berf>"; the rows of an
  action table (a header with "Action" and "Owner", "Lead", "Who" or "By whom", and "Due",
  "Deadline", "By when" or "Date"). Also: "X (was) requested / asked to …", "X is happy / willing to
  …", "X yn hapus i …", a role's "mae'r clerc am …" / "bydd y clerc am …" inside a sentence (the
  clause is the action), parties joined by "&" or "and" ("JC & CG to arrange"); a speaker's "Name: I'll
  …" (the speaker owns it); "We'll …" (no owner); "X, please …" when X is a party; and a role given a
  task inside a longer sentence ("… yn ei swydd Clerc i anfon …", not "emailed the Clerk to complain"),
  whose text is that clause. In an item about the last meeting's actions ("matters
  arising", "actions from the last meeting") a line that reports an action's state (complete,
  closed, ongoing, carried forward) is not a new action.
- **Owners** are the party as written; ``match_owner`` then finds the group's person or
  organisation it names. **Due dates**: "27 September 2022", "27/09/2022", "2022-09-27", "by 27
  September" (the year of the meeting, or the year that puts it after the meeting), "by the end
  of October", "ar Ionawr 16" / "on March 5" (a day after its month), "before / by the next
  meeting" (its date when the minutes give one), "within two weeks".
"""

import datetime
import re
from dataclasses import dataclass, field

from ..memory import sentences
from .reading import Block, Document

# Dates ------------------------------------------------------------------------------------------

MONTHS = {
    **{
        name: number
        for number, names in enumerate(
            [
                ("january", "jan", "ionawr"),
                ("february", "feb", "chwefror"),
                ("march", "mar", "mawrth"),
                ("april", "apr", "ebrill"),
                ("may", "mai"),
                ("june", "jun", "mehefin"),
                ("july", "jul", "gorffennaf"),
                ("august", "aug", "awst"),
                ("september", "sep", "sept", "medi"),
                ("october", "oct", "hydref"),
                ("november", "nov", "tachwedd"),
                ("december", "dec", "rhagfyr"),
            ],
            start=1,
        )
        for name in names
    },
}
_MONTH_WORD = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_MONTH = rf"(?P<month>{_MONTH_WORD})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|af|ain|ed|fed|eg|ydd)?"
DATE_PATTERNS = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b{_MONTH}\.?\s+{_DAY},?\s+(?P<year>\d{{4}})\b", re.I),
    # Welsh: "Mawrth y 9fed 2020" (the month, "y", the day).
    re.compile(rf"\b{_MONTH}\s+y\s+{_DAY},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b"),
]
# "ar Ionawr 16", "on March 5": a day after its month, no year.
MONTH_DAY = re.compile(rf"\b(?:on|ar|by|erbyn|before|cyn)\s+{_MONTH}\s+{_DAY}\b(?!,?\s+\d{{4}})", re.I)
DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\.?,?\s+\d{{4}})", re.I)
MONTH_ONLY = re.compile(rf"\b(?:end of|by|before|in|during|later in|early|mid-?)\s*{_MONTH}\b(?!\s+\d)", re.I)
NEXT_MEETING = re.compile(r"\b(?:next meeting|y cyfarfod nesaf|cyfarfod nesaf)\b", re.I)
WITHIN = re.compile(r"\bwithin (?P<count>one|two|three|four|six|\d+) (?P<unit>days?|weeks?|months?)\b", re.I)
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6}


def _month(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def dates_in(text: str, *, of_meeting: bool = False) -> list[datetime.date]:
    """Every full date written in ``text``, in order. ``of_meeting``: only those that may be the
    meeting's own date, not a date the page was published or the previous meeting's."""
    found = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if of_meeting and NOT_THE_MEETING.search(text[max(0, match.start() - 60) : match.start()]):
                continue
            year = int(match["year"])
            year += 2000 if year < 100 else 0
            try:
                found.append((match.start(), datetime.date(year, _month(match["month"]), int(match["day"]))))
            except ValueError:
                continue
    return [day for _start, day in sorted(found)]


# Words before a date that make it some other day than the meeting's: "Published: 26 Jun 2020", "the
# minutes of the previous meeting … held on 3rd March, 2022".
NOT_THE_MEETING = re.compile(
    r"(?:\b(?:published|updated|cyhoeddwyd|diweddarwyd)\s*:?\s*$|\b(?:previous|last|prior|blaenorol|diwethaf)\b)", re.I
)
# A labelled date of the meeting: "Date of meeting: 31 Oct 2019".
MEETING_DATE_LABEL = re.compile(r"\b(?:date of (?:the )?meeting|meeting date|dyddiad y cyfarfod)\s*:\s*", re.I)


def due_date(text: str, meeting: datetime.date | None, next_meeting: datetime.date | None) -> datetime.date | None:
    """The date an action is due by, as the sentence says it; None when it says none."""
    for day in dates_in(text):
        return day
    reference = meeting or (next_meeting - datetime.timedelta(days=56) if next_meeting else None)
    match = DAY_MONTH.search(text) or MONTH_DAY.search(text)
    if match and reference:
        try:
            day = datetime.date(reference.year, _month(match["month"]), int(match["day"]))
        except ValueError:
            return None
        return day if day >= reference - datetime.timedelta(days=31) else day.replace(year=day.year + 1)
    if NEXT_MEETING.search(text) and re.search(r"\b(?:by|before|at|for|erbyn|cyn)\b", text, re.I):
        return next_meeting
    match = WITHIN.search(text)
    if match and meeting:
        count = NUMBERS.get(match["count"].lower()) or int(match["count"])
        unit = match["unit"].lower()
        days = count * (7 if unit.startswith("week") else 30 if unit.startswith("month") else 1)
        return meeting + datetime.timedelta(days=days)
    match = MONTH_ONLY.search(text)
    if match and reference and re.search(r"\bend of\b", text, re.I):
        month = _month(match["month"])
        year = reference.year + (1 if month < reference.month - 1 else 0)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return None


# What the rules find -------------------------------------------------------------------------


@dataclass
class Found:
    """A decision or an action: its words, and the rule that found it (for the review page)."""

    text: str
    because: str
    owner: str | None = None
    due: datetime.date | None = None


@dataclass
class Item:
    number: str | None
    title: str
    level: int = 1
    paragraphs: list[str] = field(default_factory=list)
    decisions: list[Found] = field(default_factory=list)
    actions: list[Found] = field(default_factory=list)
    # Paragraphs that give the agenda's text for the item ("To elect a Chair"), above its "Minutes:":
    # kept as its minutes, not searched for decisions and actions.
    agenda: set[int] = field(default_factory=set)

    @property
    def minutes(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Attendee:
    name: str
    organisation: str | None = None


@dataclass
class Proposal:
    date: datetime.date | None
    title: str
    next_meeting: datetime.date | None = None
    present: list[Attendee] = field(default_factory=list)
    apologies: list[Attendee] = field(default_factory=list)
    in_attendance: list[Attendee] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def as_json(self) -> dict:
        """The shape that ``import_minutes --dry-run --json`` prints (outside checks read it)."""

        def people(rows):
            return [{"name": row.name, "organisation": row.organisation} for row in rows]

        return {
            "meeting": {"date": self.date.isoformat() if self.date else None, "title": self.title},
            "attendance": {
                "present": people(self.present),
                "apologies": people(self.apologies),
                "in_attendance": people(self.in_attendance),
            },
            "items": [
                {
                    "number": item.number,
                    "title": item.title,
                    "minutes": item.minutes,
                    "decisions": [found.text for found in item.decisions],
                    "actions": [
                        {"text": found.text, "owner": found.owner, "due": found.due.isoformat() if found.due else None}
                        for found in item.actions
                    ],
                }
                for item in self.items
            ],
        }

    def for_review(self) -> dict:
        """``as_json`` with what the review page shows beside it: each item's level, why each
        decision and action was found, and the next meeting's date."""
        data = self.as_json()
        data["next_meeting"] = self.next_meeting.isoformat() if self.next_meeting else None
        for entry, item in zip(data["items"], self.items, strict=True):
            entry["level"] = item.level
            entry["decisions"] = [{"text": f.text, "because": f.because} for f in item.decisions]
            for action, found in zip(entry["actions"], item.actions, strict=True):
                action["because"] = found.because
        return data


# Items --------------------------------------------------------------------------------------------

_ROMAN = r"(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)"
ITEM_NUMBER = re.compile(
    r"^(?:(?:agenda\s+)?item|eitem(?:\s+agenda)?)\s+(?P<named>\d+(?:\.\d+)*[a-z]?)\s*[.:)\-–]?\s+"
    # Minute references: "C 10/034", "23/165", "Cou/285/07-08".
    r"|^(?P<minute>(?:[A-Z]{1,3}\s?)?\d{2,4}/\d{1,4}|[A-Z][A-Za-z]{0,3}/\d{1,4}/\d{2}(?:-\d{2})?)\.?\s+"
    r"|^(?P<dotted>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+"
    # "3.", "124.", "2)", and "1)Ymddiheuriadau" with no space after the bracket.
    r"|^(?P<number>\d{1,2}|\d{3}(?=[.)]))\s*(?:[.):]?\s+|\)(?=(?-i:[A-ZÀ-Þ])))(?:(?P<letter_after>[a-z])\)\s+)?"
    # "a)", "(ii)", "i)Cae Chwarae", and the Welsh alphabet's digraphs ("ch)").
    r"|^\(?(?P<letter>ch|dd|ff|ng|ll|ph|rh|th|[a-z]|" + _ROMAN + r")\)(?:\s+|(?=(?-i:[A-ZÀ-Þ])))",
    re.I,
)
MAX_TITLE = 150
ATTENDANCE = {
    "present": re.compile(
        r"^(?:members\s+)?(?:present(?:\s+were)?|attendees(?:\s+included)?|attendance|in the chair|yn bresennol|"
        r"aelodau(?:'r grŵp)?\s+yn bresennol|presennol|mynychwyr)\b",
        re.I,
    ),
    "in_attendance": re.compile(
        r"^(?:in attendance|also (?:present|in attendance)|officers|secretariat|guests|hefyd yn bresennol|"
        r"swyddogion)\b",
        re.I,
    ),
    "apologies": re.compile(r"^(?:apologies(?:\s+for\s+absence)?|absent|regrets|ymddiheuriadau)\b", re.I),
}
SKIP = re.compile(r"^(?:neidio i'r prif gynnwys?|skip to (?:main )?content|cookies?\b)", re.I)
TITLE_WORDS = re.compile(r"^(?:.{0,80}\b)?(?:minutes|cofnodion)\b.{0,100}$", re.I)
# A notice above the minutes, not their title: "These are draft minutes and will be reviewed …".
DISCLAIMER = re.compile(r"\bdraft\b.*\b(?:will|until|subject to)\b", re.I)
NEXT_MEETING_LINE = re.compile(r"\b(?:next meeting|date of next meeting|y cyfarfod nesaf)\b", re.I)


# A committee page's link to an item's paper, run into its title: "MINUTES pdf icon PDF 420 KB".
PAPER_LINK = re.compile(r"[;,]?\s*pdf (?:icon|eicon) PDF [\d.]+ [KM]B\b", re.I)


def _item_heading(block: Block) -> tuple[str | None, str, int] | None:
    """(number as written, title, level) when the block opens an item, else None."""
    text = PAPER_LINK.sub("", block.text).strip()
    if not text or len(text) > MAX_TITLE or ATTENDANCE_LINE.match(text):
        return None
    match = ITEM_NUMBER.match(text)
    number, level = None, 1
    if match:
        title = text[match.end() :].strip(" .:-–")
        if match["named"]:
            number = match.group(0).strip(" .:-–")
            level = 2 if "." in match["named"] else 1
        elif match["minute"]:
            number = match["minute"]
        elif match["dotted"]:
            number, level = match["dotted"], 2
        elif match["number"]:
            number = match["number"] + (f" {match['letter_after']})" if match["letter_after"] else "")
            level = 2 if match["letter_after"] else 1
        else:
            number, level = f"{match['letter']})", 2
    elif block.number:
        number, title = block.number, text
        level = 2 if re.search(r"[a-z.]|\)", block.number.rstrip(".")) and not block.number.rstrip(".").isdigit() else 1
    elif block.kind == "heading" or block.bold or _capitals(text):
        title = text.strip(" :")
        if STRUCTURAL.match(title):
            return None
    else:
        return None
    starts_well = title[:1].isupper() or title[:1].isdigit() or title[:1] in "‘'\"([" or block.kind == "heading"
    long_heading = block.kind == "heading" and not title.endswith(".")
    # A line that is a date opens no item, unless it is numbered as one ("3.1 25AIN AWST 2022").
    if not title or not starts_well or (_is_sentence(title) and not long_heading) or (_a_date(text) and not number):
        return None
    return number, title, level


# Headings that order the document rather than name an item of business.
STRUCTURAL = re.compile(
    r"^(?:agenda|links|minutes|the minutes|agenda and minutes|action items|actions|notes|attendees|"
    r"items|items and actions|attendees and apologies|eitemau|"
    r"cofnodion y cyfarfod|agenda a chofnodion)$",
    re.I,
)


# A section marker ("PART 1 - PUBLIC", "RHAN 1"): it orders the minutes and names no item.
SECTION_MARKER = re.compile(r"^(?:part|rhan)\s+(?:\d+|one|two|un|dau|[ivx]+)(?:\s*[-–:].{0,40})?$", re.I)


def _capitals(text: str) -> bool:
    """A short line in capitals: a title as many councils type it ("DATGAN BUDDIANT")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and len(text) <= 80 and all(c.isupper() for c in letters) and not text.endswith(".")


def _a_date(text: str) -> bool:
    """A line that is a date and little else ("22 September 1999", "Monday 4th September 2017")."""
    return bool(dates_in(text)) and len(re.sub(r"[\d\s,./-]", "", text)) <= 20


def _is_sentence(title: str) -> bool:
    words = title.split()
    return len(words) > 12 or (title.endswith(".") and len(words) > 6)


ATTENDANCE_LINE = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern in ATTENDANCE.values()),
    re.I,
)


def _split_combined(number: str | None, title: str) -> list[tuple[str | None, str]]:
    """ "Membership & c) Terms of Reference" after "b)": two sub-items under one heading."""
    parts = re.split(r"\s+(?:&|and|a)\s+(?=\(?[a-z]\)\s)", title)
    if len(parts) == 1:
        return [(number, title)]
    found = [(number, parts[0].strip())]
    for part in parts[1:]:
        match = re.match(r"\(?([a-z])\)\s+(.+)", part)
        found.append((f"{match[1]})", match[2].strip()))
    return found


# A title run into its text: "Finance – EE presented …", "Yr Heddlu. Dim i'w adrodd", "4 Minutes – These
# were accepted …". The separator: a colon, a spaced dash, "-." or a full stop.
RUN_IN = re.compile(r"^(?P<title>[^.:;–—]{2,100}?)(?:\s*:\s+|\s+[–—-]\s+|\s*[–-]\.\s*|\.\s+)(?P<rest>\S.*)$")
# Labels that open a line but name no item: they are read by the other rules.
NOT_A_TITLE = re.compile(
    r"^(?:note|nb|n\.b|proposed|seconded|resolved|decision|decisions|agreed|action|actions|outcome|"
    r"conclusion|penderfynwyd|cam gweithredu|dim|none|nil)$"
    # Details of the meeting itself: "Date of meeting: …", "Venue: …".
    r"|^(?:date|time|venue|place|location|contact|lleoliad|cyswllt|dyddiad|amser)\b",
    re.I,
)


def _run_in(block: Block, numbered: bool) -> tuple[tuple[str | None, str, int], str] | None:
    """((number, title, level), the text after the title) for a line that starts with a short title
    and goes on with its minutes. ``numbered``: only lines with an item number, else any paragraph."""
    text = block.text.strip()
    if block.kind not in ("paragraph", "heading") or ATTENDANCE_LINE.match(text):
        return None
    match = ITEM_NUMBER.match(text)
    number, level, body = None, 1, text
    if match and not _dated(text):
        heading = _item_heading(Block(kind=block.kind, text=text[: match.end()] + "Title"))
        if not heading:
            return None
        number, _title, level = heading
        body = text[match.end() :]
    elif numbered or block.kind != "paragraph":
        return None
    split = RUN_IN.match(body)
    if not split:
        return None
    title, rest = split["title"].strip(), split["rest"].strip()
    words = title.split()
    full_stop = body[split.end("title") :].lstrip().startswith(".")
    if (
        not (title[:1].isupper() or title[:1].isdigit())
        or len(words) > (5 if full_stop else 14)
        or NOT_A_TITLE.match(title)
        or (number is None and len(words) > 8)
        # "Cllr Mr G. Hotchkin opened …": an initial or a title, not the end of a heading.
        or (full_stop and re.search(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Cllr|Cyng|St|No|Prof))$", title))
        or re.search(r"\b(?:is|are|was|were|has|have|had|will|would)\b", title)
        or (number is None and re.search(r"\bto\b", title))
    ):
        return None
    return (number, title, level), rest


def _dated(text: str) -> bool:
    """A line that starts with a date ("10 January 2023 – Minutes of …"), not with an item number."""
    return any(pattern.match(text) for pattern in DATE_PATTERNS[:2]) or bool(DAY_MONTH.match(text))


def _run_in_document(blocks: list[Block]) -> bool:
    """Whether the document titles its items this way: three or more paragraphs do."""
    return sum(1 for block in blocks if block.kind == "paragraph" and _run_in(block, numbered=False)) >= 3


# A table of items as committee pages show them: a number cell, then the title and minutes ("No. | Item").
ITEM_TABLE = ("items",)
ITEM_CELL_NUMBER = re.compile(r"^(?:[A-Z]{1,3}\s?)?\d{1,4}(?:/\d{1,4}|(?:\.\d{1,2})+)?[a-z]?\.?$")
MINUTES_LABEL = re.compile(r"\b(?:minutes|cofnodion|cofnod|decision|penderfyniad)\s*:\s*", re.I)
# An all-capitals title run into the agenda's text: "MINUTES The Chair shall propose …".
CAPITALS_TITLE = re.compile(
    r"^((?:[A-ZÀ-Þ0-9][A-ZÀ-Þ0-9'’&/,()-]*\s+)*[A-ZÀ-Þ0-9][A-ZÀ-Þ0-9'’&/,().-]+)(?:\s+(?=[A-ZÀ-Þ][a-zà-ÿ])|$)"
)


def _item_table_header(cells: list[str]) -> bool:
    lowered = [cell.lower().strip(" .:") for cell in cells]
    return (
        len(lowered) >= 2
        and bool(re.fullmatch(r"no|item no|rhif|rhif eitem|rhif\. eitem|min(?:ute)? no|number", lowered[0]))
        and any(re.fullmatch(r"items?|eitem(?:au)?|description|disgrifiad|subject", cell) for cell in lowered[1:])
    )


def _item_row(cells: list[str]) -> Item | None:
    """ "47. | Apologies for Absence: Minutes: Apologies … were received from …": the item, its minutes."""
    if len(cells) < 2 or not ITEM_CELL_NUMBER.match(cells[0]):
        return None
    text = " ".join(cell for cell in cells[1:] if cell)
    labels = list(MINUTES_LABEL.finditer(text, 1))
    head = PAPER_LINK.sub("", text[: labels[0].start()] if labels else text).strip()
    colon = re.match(r"^([^:]{2,150}?):\s", head + " ")
    capitals = CAPITALS_TITLE.match(head)
    if colon:
        title, rest = colon[1], head[colon.end() :]
    elif capitals and len(re.findall(r"[A-ZÀ-Þ]", capitals[1])) >= 3:
        title, rest = capitals[1], head[capitals.end() :]
    else:
        title, rest = _title_case_prefix(head)
    number = cells[0].strip()
    item = Item(number, title.strip(" .:;"), 2 if re.match(r"^\d+\.\d", number) else 1)
    if rest.strip() and not labels:
        item.paragraphs.append(rest.strip())
    # Each labelled part: a "Decision:" keeps its label, which the decision rule reads.
    for label, following in zip(labels, [*labels[1:], None][: len(labels)], strict=True):
        part = text[label.end() : following.start() if following else len(text)].strip()
        if re.match(r"(?:decision|penderfyniad)", label[0], re.I) and part:
            part = label[0].strip() + " " + part
        if part:
            item.paragraphs.append(part)
    return item if item.title else None


def _title_case_prefix(text: str) -> tuple[str, str]:
    """ "Cyfieithu ar y Pryd Mae croeso i chi …" → the title, then its text: the title runs while its words
    are capitalised or short joining words; the text starts at the capitalised word before the first long
    word in lower case."""
    words = text.split()
    for index, word in enumerate(words):
        if index >= 2 and word[:1].islower() and len(word) > 3 and words[index - 1][:1].isupper():
            return " ".join(words[: index - 1]), " ".join(words[index - 1 :])
        if re.fullmatch(r"To|I", word) and index >= 1:
            return " ".join(words[:index]), " ".join(words[index:])
        if index and word[:1].islower() and len(word) > 3:
            break
    return (text, "") if len(text) <= MAX_TITLE and not _is_sentence(text) else ("", text)


# Parties, the body, decisions and actions ------------------------------------------------------

PARTY_WORDS = (
    r"officials|officers|members|member|colleagues|staff|team|representatives|reps|chair|vice-chair|"
    r"clerk|secretary|secretariat|treasurer|director|directors|lead|leads|manager|coordinator|"
    r"council|government|board|committee|group|panel|authority|authorities|partnership|service|forum|"
    r"trustees|trustee|governors|everyone|all"
)
PRONOUNS = {"it", "this", "that", "there", "these", "those", "they", "he", "she", "we", "i", "a", "an", "some", "any"}
_CAP = r"[A-ZÀ-Þ][\w’'.&-]*"
PARTY = (
    rf"(?:(?:[Tt]he|[Aa]ll|[Ee]ach|[Ee]very)\s+)?(?:{_CAP}(?:\s+(?:{_CAP}|of|and|&|for|de|ap|y|yr))*?"
    rf"(?:\s+(?:{PARTY_WORDS}))?|(?:{PARTY_WORDS})(?:\s+(?:{PARTY_WORDS}))?)"
)
# Words that open a sentence without naming anyone: "Development of …", "Guidance for …".
BODY_WORDS = re.compile(
    r"^(?:the\s+)?(?:steering\s+)?(?:group|committee|board|council|panel|forum|meeting|members|"
    r"steering council|governing body|trustees|directors)$",
    re.I,
)

DECISION_PREFIX = re.compile(
    r"^(?:decision|decisions|resolved|resolution|agreed|penderfyniad|penderfynwyd)\s*[:\-–]\s*", re.I
)
DECISION_PASSIVE = re.compile(
    r"\b(?:was|were)\s+(?:\w+\s+and\s+)?(?:unanimously\s+)?(?:agreed|approved|adopted|ratified|endorsed|resolved|accepted)\b"
    r"|\bit was (?:\w+ly\s+)?(?:agreed|resolved|decided|noted and agreed)\b"
    # "… and agreed by all members", "rejected by the trustees by a unanimous vote".
    r"|\b(?:agreed|approved|accepted|adopted|rejected)\s+by\s+(?:all\s+|the\s+)?(?:members|trustees|council|committee|"
    r"board|group|governors|directors)\b"
    r"|\bapologies\s+(?:were\s+)?accepted\b"
    # "Option 1 carries.", "The motion was carried."
    r"|^(?:the\s+)?(?:motion|option\s+\w+|proposal|resolution|amendment)\b[^.]{0,40}?\b(?:carries|carried|passes)\b"
    r"|\bRESOLVED\b|\bcytunwyd\b|\bpenderfynwyd\b|\bcymeradwywyd\b|\bcadarnhawyd\b|^derbyniwyd\b(?!\s+(?:ymddiheuriad|adroddiad|llythyr|gohebiaeth|e-?bost|cais|galwad|anfoneb))"
    r"|^mabwysiadwyd\b",
    re.I,
)
DECISION_VERBS = r"(?:unanimously\s+)?(?:agreed|resolved|decided|approved|endorsed|ratified|adopted|accepted|noted)"
WELSH_DECISION = re.compile(r"^(?:cytunodd|penderfynodd|cymeradwyodd)\s+(?:y|yr)\s+\w+", re.I)

ACTION_PREFIX = re.compile(
    r"^(?:actions?|action point|action by|cam gweithredu|camau gweithredu|cam)\s*(?:\d+)?\s*[:\-–]\s*|^ACTION\b\s*",
    re.I,
)
STATUS = re.compile(
    r"\b(?:complete[d]?|closed|ongoing|on-going|done|discharged|carried forward|in progress|superseded|"
    r"wedi'i gwblhau|ar gau|ar y gweill)\b",
    re.I,
)
PREVIOUS_ACTIONS_ITEM = re.compile(
    r"matters arising|actions? (?:from|of) (?:the )?(?:last|previous)|action log|review of actions|"
    r"materion yn codi|camau gweithredu'r cyfarfod",
    re.I,
)
TIME = re.compile(
    rf"\b(?:by|before|later in|early in|in|during|at the end of|end of|until|erbyn|cyn|ym mis)\s+"
    rf"(?:the\s+)?(?:{_MONTH_WORD}|mid-\w+|next meeting|the next meeting|end of|\d{{1,2}}\s+{_MONTH_WORD}|"
    rf"the autumn|the spring|the summer|the new year)",
    re.I,
)
# Words before a role that make it no one's task ("emailed the Clerk to complain").
ARTICLES = {"the", "y", "yr", "r", "to", "with", "by", "from", "gan", "i", "a", "and", "ac", "at", "for", "of", "wrth"}
# A clause that is not the sentence's own statement: "once this was resolved", "noted that … would".
SUBORDINATE = re.compile(r"\b(?:that|once|when|until|if|after|before|unless|whether|which|who|how)\b", re.I)
# What follows "will" or "would" in a sentence that gives no one work ("would be", "will not").
NOT_A_DEED = (
    r"(?:(?:now|also|then|still|soon|shortly|\w+ly)\s+)?"
    r"(?!be\b|been\b|like\b|have been\b|need to be\b|also be\b|not\b|continue to be\b)"
)


class Rules:
    """The rules above for one document: the names it gives the body, and the parties it knows."""

    def __init__(self, texts: list[str], parties: list[str] = (), bodies: list[str] = ()):
        defined = set()
        for text in texts:
            for match in re.finditer(
                r"(?:group|committee|board|council|panel|forum)\s*\((?:the\s+)?([A-Z][A-Za-z]{1,7})\)", text, re.I
            ):
                defined.add(match[1])
        self.body_acronyms = defined | {body for body in bodies if body}
        self.parties = {party.lower() for party in parties if party}

    # Parties.

    def is_body(self, party: str) -> bool:
        bare = re.sub(r"^(?:the|all)\s+", "", party.strip(), flags=re.I)
        return bool(BODY_WORDS.match(party.strip())) or bare in self.body_acronyms or party.strip() == "We"

    def is_party(self, party: str) -> bool:
        words = party.strip().split()
        if not words or words[0].lower() in PRONOUNS:
            return False
        bare = re.sub(r"^(?:the|all|each|every)\s+", "", party.strip(), flags=re.I)
        joined = re.split(r"\s+(?:&|and|a|ac)\s+", bare)
        if len(joined) > 1:
            # "JC & CG", "the Clerk and the Chair": each of them a party.
            return all(self.is_party(one) for one in joined)
        return bool(
            self.is_body(party)
            or bare.lower() in self.parties
            # WG, LAs, SG members; Welsh acronyms with their digraphs: LlC, GLl, CLlLC.
            or re.fullmatch(r"(?:Ll|Ch|Dd|Ff|Ng|Rh|Th|[A-Z])(?:Ll|Ch|Dd|Ff|Ng|Rh|Th|[A-Z0-9]){1,7}s?(?:\s+\w+)?", bare)
            or re.search(rf"\b(?:{PARTY_WORDS})\b", bare, re.I)
            or re.fullmatch(r"(?:(?:Dr|Mr|Mrs|Ms|Cllr|Prof)\.?\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}", bare)
        )

    # One sentence.

    def decision(self, sentence: str) -> str | None:
        """Why ``sentence`` records a decision, or None."""
        if DECISION_PREFIX.match(sentence):
            return DECISION_PREFIX.match(sentence).group(0).strip(" :-–")
        if WELSH_DECISION.match(sentence):
            return sentence.split()[0]
        match = re.match(
            rf"^(?P<party>{PARTY})[’']?\s+(?:also\s+|then\s+|therefore\s+|further\s+)?(?P<verb>{DECISION_VERBS})\b"
            rf"(?P<to>\s+to\s+[a-z]+)?",
            sentence,
        )
        if match and self.is_body(match["party"]):
            return f"{match['party']} {match['verb']}"
        if match and match["verb"].endswith("noted"):
            return None
        if (
            match
            and match["to"] is None
            and self.is_party(match["party"])
            and match["party"].lower().endswith("members")
        ):
            return f"{match['party']} {match['verb']}"
        passive = DECISION_PASSIVE.search(sentence)
        if passive and not SUBORDINATE.search(sentence[: passive.start()]):
            return passive.group(0)
        # "… it was proposed by Councillor P Batty that … the Council RESOLVED to elect …": the formal word,
        # in capitals, is the record of the resolution even after a clause that reports the motion.
        formal = re.search(r"\b(?:RESOLVED|PENDERFYNWYD|AGREED)\b(?!\s+(?:that|bod)\s+(?:it|hyn)\b)", sentence)
        if formal and not re.search(r"\b(?:was|were|be)\s+$", sentence[: formal.start()], re.I):
            return formal.group(0)
        return None

    def action(self, sentence: str, *, reporting: bool) -> tuple[str, str | None] | tuple[str, str | None, str] | None:
        """(why, owner) when ``sentence`` gives someone work to do, else None; (why, owner, clause) when
        the task is one clause of the sentence. ``reporting``: the item reports on the last meeting's
        actions, whose states are not new actions."""
        if reporting and STATUS.search(sentence):
            return None
        prefix = ACTION_PREFIX.match(sentence)
        if prefix:
            rest = sentence[prefix.end() :]
            owner = re.match(rf"^(?P<party>{PARTY})\s+(?:to|i)\s+\w", rest)
            trailing = re.search(r"[(\[–-]\s*(?P<party>[A-Z][^()\[\]–-]{1,60})[)\]]?\s*\.?$", rest)
            who = owner["party"] if owner and self.is_party(owner["party"]) else trailing["party"] if trailing else None
            return prefix.group(0).strip(" :-–"), who.strip() if who else None
        match = re.match(rf"^(?P<party>{PARTY})\s+(?:to|will need to|are to|is to)\s+(?P<verb>[a-z]+)\b", sentence)
        if match and self.is_party(match["party"]) and match["verb"] not in ("be", "the", "a"):
            return f"{match['party']} to {match['verb']}", match["party"]
        match = re.match(
            rf"^(?P<party>{PARTY})\s+(?:agreed|offered|undertook|volunteered)\s+to\s+(?P<verb>[a-z]+)", sentence
        )
        if match and self.is_party(match["party"]) and not self.is_body(match["party"]):
            return f"{match['party']} agreed to {match['verb']}", match["party"]
        match = re.match(
            rf"^(?P<asker>{PARTY})\s+asked\s+(?P<party>(?:the\s+)?{PARTY}|members|all members)\s+to\s+(?P<verb>[a-z]+)",
            sentence,
        )
        if match and self.is_party(match["asker"]):
            return f"{match['asker']} asked {match['party']} to {match['verb']}", match["party"]
        match = re.match(
            rf"^(?P<party>{PARTY})\b(?P<between>.*?)\s(?P<modal>will|would|shall)\s+{NOT_A_DEED}(?P<verb>[a-z]+)",
            sentence,
        )
        if match and self.is_party(match["party"]) and not SUBORDINATE.search(match["between"]):
            return f"{match['party']} {match['modal']} {match['verb']}", match["party"]
        match = re.search(rf"\s(?:will|shall)\s+{NOT_A_DEED}(?P<verb>[a-z]+)\b", sentence)
        if (
            match
            and TIME.search(sentence[match.end() :])
            and not re.match(r"^(?:the next meeting|next meeting)", sentence, re.I)
        ):
            return f"will {match['verb']} … {TIME.search(sentence[match.end() :]).group(0)}", None
        match = re.match(rf"^(?:Bydd|Byddai|Byddant)\s+(?P<party>{PARTY})\s+(?:yn|ym|yng)\s+(?P<verb>\w+)", sentence)
        if match:
            return f"{sentence.split()[0]} {match['party']} yn {match['verb']}", match["party"]
        match = re.match(rf"^(?P<party>{PARTY})\s+i\s+(?P<verb>[a-zŵŷâêîôû]+)\b", sentence)
        if match and self.is_party(match["party"]):
            return f"{match['party']} i {match['verb']}", match["party"]
        return self.more_actions(sentence)

    def more_actions(self, sentence: str) -> tuple[str, str | None] | tuple[str, str | None, str] | None:
        """The rarer forms: asked or volunteering, a speaker's "I'll", "We'll", "please", a role given a
        task inside a longer sentence ("… dyrchafiad yn ei swydd Clerc i anfon i'w llongyfarch")."""
        match = re.match(
            rf"^(?P<party>{PARTY})\s+(?:(?:was|were|is|are)\s+)?(?:requested|asked|happy|willing|yn hapus|yn fodlon)"
            rf"\s+(?:to|i)\s+(?P<verb>[a-zŵŷâêîôû]+)\b",
            sentence,
        )
        if match and self.is_party(match["party"]) and not self.is_body(match["party"]):
            return f"{match['party']} … to {match['verb']}", match["party"]
        match = re.match(
            r"^(?P<party>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})\s*(?:\([^)]*\))?\s*(?::|\s[–-])\s+"
            rf"I(?:['’]ll|\s+will|\s+shall)\s+{NOT_A_DEED}(?P<verb>[a-z]+)",
            sentence,
        )
        if match:
            return f"{match['party']}: I'll {match['verb']}", match["party"]
        match = re.match(rf"^We(?:['’]ll|\s+will|\s+shall)\s+{NOT_A_DEED}(?P<verb>[a-z]+)\b", sentence)
        if match:
            return f"we'll {match['verb']}", None
        match = re.match(r"^(?:(?P<party>[^,]{2,40}),\s+)?(?:also\s+)?please\s+(?P<verb>[a-z]+)\b", sentence, re.I)
        if match and match["party"] and self.is_party(match["party"]):
            return f"{match['party']}, please {match['verb']}", match["party"]
        match = re.search(
            rf"\b(?:mae|bydd)(?:['’]r|\s+y)\s+(?P<party>{ROLE_WORDS})\s+am\s+(?P<verb>[a-zŵŷâêîôû]{{3,}})\b",
            sentence,
            re.I,
        )
        if match:
            return f"{match['party']} am {match['verb']}", match["party"], sentence[match.start() :].rstrip(" .")
        match = re.search(
            rf"(?:^|\s)(?P<before>\S+)\s+(?P<party>{ROLE_WORDS.title()})\s+(?:to|i)\s+(?P<verb>[a-zŵŷâêîôû]{{3,}})\b",
            sentence,
        )
        if match and match["before"].lower().strip("’'") not in ARTICLES:
            # The action is the task's own clause.
            clause = sentence[match.start("party") :]
            return (
                f"{match['party']} {'i' if ' i ' in match.group(0) else 'to'} {match['verb']}",
                match["party"],
                clause,
            )
        return None


# The whole document --------------------------------------------------------------------------


def parse(document: Document, *, parties: list[str] = (), bodies: list[str] = ()) -> Proposal:
    """The structure of ``document``: see the module's rules. ``parties``: names of the group's
    people and organisations (and their acronyms), which count as parties who may own actions;
    ``bodies``: names the group itself goes by ("SG"), whose agreement is a decision even where the
    document does not define them."""
    blocks = [block for block in document.blocks if block.text.strip() and not SKIP.match(block.text.strip())]
    texts = [block.text for block in blocks]
    rules = Rules(texts, parties, bodies)
    proposal = Proposal(date=None, title="")
    head = " ".join(texts[:8])
    labelled = [
        dates_in(text[label.end() :]) for text in texts[:12] for label in [MEETING_DATE_LABEL.search(text)] if label
    ]
    found_dates = next((found for found in labelled if found), None) or dates_in(head, of_meeting=True)
    proposal.date = found_dates[0] if found_dates else None
    for text in reversed(texts):
        if NEXT_MEETING_LINE.search(text) and dates_in(text):
            proposal.next_meeting = dates_in(text)[-1]
            break
    if proposal.date and proposal.next_meeting and proposal.next_meeting <= proposal.date:
        proposal.next_meeting = None
    # The title: the first heading or bold line, or the first line that says it is minutes (not a
    # notice that they are a draft). A line that starts with a date is not a numbered item. The lines
    # above the title are the page's own header ("9 May 2018 - Annual Parish Meeting") and open no item.
    # A line that says only that it is minutes ("Publication - Minutes") is the title when nothing
    # below it names the meeting.
    chrome = None
    for index, block in enumerate(blocks[:6]):
        text = block.text.strip()
        if (_item_heading_numbered(block) and not _dated(text)) or _attendance_heading(text):
            break
        if block.kind == "heading" or block.bold or (_names_a_meeting(text) and not DISCLAIMER.search(text)):
            proposal.title = text
            blocks = blocks[index + 1 :]
            break
        if chrome is None and TITLE_WORDS.search(text) and not DISCLAIMER.search(text):
            chrome = index
    if not proposal.title and chrome is not None:
        proposal.title = blocks[chrome].text.strip()
        blocks = blocks[chrome + 1 :]
    run_in = _run_in_document(blocks)
    last_number: int | None = None  # the last top-level item number read from a paragraph
    agenda_bullets = _agenda_bullets(blocks)
    current: Item | None = None
    section: str | None = None  # the attendance list being read, until the next item
    header: tuple[str, ...] | None = None  # the current table's header, when it is one of actions
    actions_level = None  # after "Action items:", the level its list is below; None otherwise
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if SECTION_MARKER.match(text):
            continue
        attendance = _attendance_heading(text)
        if attendance:
            section, rest = attendance
            getattr(proposal, section).extend(_attendees(rest))
            continue
        if block.kind == "heading" and STRUCTURAL.match(text.strip(" :")):
            # "Items and actions", "Agenda": a heading that orders the page ends any list above it.
            section = None
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        heading, rest = None, None
        if block.kind == "paragraph" and ITEM_NUMBER.match(text):
            # "2 Declarations of Interest – There were no declarations of interest.": the title, then its text.
            found = _run_in(block, numbered=True)
            if found and (len(found[1].split()) >= 3 or found[1].endswith(".")):
                heading, rest = found
        heading = heading or (None if _dated(text) and block.kind != "heading" else _item_heading(block))
        heading = heading or _list_heading(block, following, index in agenda_bullets)
        if heading and block.kind == "paragraph" and not block.number and heading[0] and heading[0].isdigit():
            # A paragraph numbered out of sequence ("9 – …" under item 2) refers to an item; it opens none.
            if last_number is not None and not last_number < int(heading[0]) <= last_number + 3:
                heading, rest = None, None
            else:
                last_number = int(heading[0])
        if not heading and (section is None or not _name_like(text)):
            found = _run_in(block, numbered=not run_in)
            heading, rest = found if found else (None, None)
        if heading:
            section, header, actions_level = None, None, None
            number, title, level = heading
            # Two sub-items under one heading: the text below it is minuted on the first.
            parts = [Item(part_number, part_title, level) for part_number, part_title in _split_combined(number, title)]
            proposal.items += parts
            current = parts[0]
            if rest:
                current.paragraphs.append(rest)
            listed = _attendance_heading(title) if number else None
            if listed and not listed[1]:
                section = listed[0]
            continue
        if block.kind == "row":
            header = _table(block, current, proposal, rules, header)
            current = proposal.items[-1] if proposal.items else current
            continue
        if section and _name_like(text) and not re.search(r":\s*$", text):
            if current is not None and section and current.title and _attendance_heading(current.title):
                current.paragraphs.append(text)
            if not PUBLIC.search(text):
                said = _apologies_in(text) if section == "apologies" else []
                listed = _listed_attendee(text) if block.kind == "item" else _attendees(text)
                getattr(proposal, section).extend(said or listed)
            continue
        section = None
        if current is None:
            if NEXT_MEETING_LINE.search(text):
                continue
            current = Item(None, "", 1)
            proposal.items.append(current)
        if re.fullmatch(r"(?:action items?|actions?|camau gweithredu)\s*:?", text, re.I):
            actions_level = block.level if block.kind == "item" else -1
            continue
        if actions_level is not None and not (block.kind == "item" and block.level > actions_level):
            actions_level = None
        if actions_level is not None:
            current.actions.append(_listed_action(text, rules, proposal))
            continue
        if MINUTES_LABEL.fullmatch(text + " ") and re.match(r"(?:minutes|cofnodion|cofnod)\b", text, re.I):
            # "Minutes:" under an item's heading: what is above it is the agenda's text for the item.
            current.agenda.update(range(len(current.paragraphs)))
            continue
        current.paragraphs.append(("- " if block.kind == "item" else "") + text)
    # Apologies the minutes record in their text ("Apologies were received from Cllrs Tarry and Ogden").
    known = {row.name.lower() for row in proposal.apologies}
    for item in proposal.items:
        for paragraph in item.paragraphs:
            for sentence in sentences(paragraph):
                for row in _apologies_in(sentence):
                    if row.name.lower() not in known:
                        known.add(row.name.lower())
                        proposal.apologies.append(row)
    # The people present are parties too, by their names and first names ("Rich will email …").
    for row in proposal.present + proposal.apologies + proposal.in_attendance:
        rules.parties.update({row.name.lower(), row.name.split()[0].lower()} if row.name.split() else set())
    for item in proposal.items:
        _find(item, rules, proposal)
    proposal.items = [item for item in proposal.items if item.title or item.paragraphs]
    return proposal


def _names_a_meeting(text: str) -> bool:
    """A line that says it is minutes and names more than that ("Minutes of the Annual Parish Meeting …"),
    not page chrome such as "Publication - Minutes" or "Cofnodion y Cyngor"."""
    if not TITLE_WORDS.search(text):
        return False
    words = re.findall(r"[^\W\d_]+", re.sub(r"\b(?:minutes|cofnodion|the|of|y|yr|o)\b", "", text, flags=re.I))
    return len(words) >= 3


def _list_heading(block: Block, following: Block | None, agenda: bool = False) -> tuple[None, str, int] | None:
    """A top-level list item with a list under it: the way much Markdown minutes name an item. In such a
    list (``agenda``), a top-level entry with nothing under it names an item too, when it is not a
    sentence."""
    if block.kind != "item" or block.level != 0:
        return None
    nested = following is not None and following.kind == "item" and following.level > block.level
    text = block.text.strip()
    if len(text) > MAX_TITLE:
        # A long entry with notes under it: its first sentence names the item.
        first = sentences(text)[0] if nested and sentences(text) else ""
        return (None, first.rstrip("."), 1) if first and len(first) <= MAX_TITLE and first != text else None
    if not nested and not (agenda and not (text.endswith(".") and _is_sentence(text))):
        return None
    return None, text.rstrip(":"), 1


def _agenda_bullets(blocks: list[Block]) -> set[int]:
    """The indices of the top-level entries of each list in which some top-level entry has a list under it."""
    found: set[int] = set()
    run: list[int] = []
    for index in range(len(blocks) + 1):
        if index < len(blocks) and blocks[index].kind == "item":
            run.append(index)
            continue
        tops = [i for i in run if blocks[i].level == 0]
        # Half or more of its top-level entries have notes under them: the list is the minutes, not an agenda.
        if tops and 2 * sum(1 for i in tops if i + 1 in run and blocks[i + 1].level > 0) >= len(tops):
            found.update(tops)
        run = []
    return found


def _name_like(text: str) -> bool:
    """A line of an attendance list: a name or a few, not a sentence; or a long list of short names
    parted by commas ("Members: Cllr P Batty (Chairman), Cllr J Batty, … and Cllr Yarwood.")."""
    text = text.lstrip("•*- ").strip()
    commas = text.count(",")
    return (
        (bool(text) and len(text) <= 200 and (len(text.split()) <= 10 or "," in text) and not text.endswith((".", "?")))
        or text.lower() in ("none", "dim")
        or (commas >= 3 and len(text) / (commas + 1) <= 35 and not text.endswith("?"))
    )


def _listed_attendee(text: str) -> list[Attendee]:
    """One entry of a bulleted attendance list: "Jan Savage, Enable (Chair)" is a person and their
    organisation, not two people."""
    text = text.strip().rstrip(".")
    match = re.match(r"^(?P<name>[^,()]+?)\s*,\s*(?P<org>[^,]+)$", text)
    if match and _person(match["name"]):
        org = re.sub(r"\s*\((?:chair|vice[- ]chair|secretariat|secretary)\)$", "", match["org"].strip(), flags=re.I)
        return [Attendee(HONORIFIC.sub("", match["name"]).strip(), org)]
    return _attendees(text)


def _person(text: str) -> bool:
    """A person's name as lists give it: "Jan Savage", "Dr Lowri Morgans", "Cllr P Batty"."""
    return bool(
        re.fullmatch(
            r"(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof|Professor|Cllr|Cyng)\.?\s+)?(?:[A-Z][\w’'-]*\.?\s+){1,3}[A-Z][\w’'-]+",
            text.strip(),
        )
    ) and not _org_like(text)


def _listed_action(text: str, rules: "Rules", proposal: Proposal) -> Found:
    """A line of a list headed "Action items": an action, its owner when it names one."""
    found = rules.action(text, reporting=False)
    owner = found[1] if found else None
    return Found(text, "listed under “Action items”", owner, due_date(text, proposal.date, proposal.next_meeting))


def _item_heading_numbered(block: Block) -> bool:
    return bool(ITEM_NUMBER.match(block.text.strip()) or block.number)


def _attendance_heading(text: str) -> tuple[str, str] | None:
    """(list, names on the same line) for a line that opens an attendance list."""
    for kind, pattern in ATTENDANCE.items():
        match = pattern.match(text)
        if match and (
            len(text) <= 40 or re.match(r"^[^.]{0,40}[:–-]", text) or match.group(0).lower().endswith("were")
        ):
            rest = text[match.end() :].lstrip(" :–-").strip()
            # "Attendance (please add yourself):" — a note on the heading, not a name.
            rest = re.sub(r"^\([^)]*\)\s*:?\s*", "", rest)
            # "Attendees and apologies": a heading over both lists.
            rest = re.sub(r"^(?:and|&|a|ac)\s+(?:apologies|regrets|ymddiheuriadau)\b.*$", "", rest, flags=re.I)
            # "Apologies were received from Mr A Booth.": the names the sentence gives.
            if kind == "apologies" and re.match(
                r"(?:(?:was|were|had been)\s+)?(?:received|given|sent|tendered)\b", rest
            ):
                return kind, ", ".join(row.name for row in _apologies_in(text))
            return kind, rest
    match = re.match(
        r"^(?P<who>[\w ]{0,40}?)\b(?P<kind>present|absent|guests|in attendance)\b[^:]{0,30}:\s*(?P<rest>.*)$",
        text,
        re.I,
    )
    if match:
        kind = {"absent": "apologies", "guests": "in_attendance", "in attendance": "in_attendance"}.get(
            match["kind"].lower(), "present"
        )
        return kind, match["rest"]
    return None


def _attendees(text: str) -> list[Attendee]:
    """ "Jane Smith (Cardiff Council), Huw Jones – WLGA and the Welsh Government (WG)"."""
    text = text.strip().rstrip(".")
    if not text:
        return []
    parts = re.split(
        r";\s*|,\s+(?:and\s+)?(?![^()]*\))|\s+(?:and|&)\s+(?=the\s|[A-Z])(?![^()]*\))|\s+a[’']r\s+(?=[A-Z])|"
        r"\s+(?:a|ac)\s+(?=(?:Mr|Mrs|Ms|Miss|Dr|Cyng)\b|[A-Z][\w’'-]*\.?\s?[A-Z](?:\b|\.)|[A-Z]\.)|"
        r"(?<![A-Z])(?<!Mr)(?<!Dr)(?<!St)(?<!Mrs)(?<!Prof)\.\s+(?=[A-Z][a-z]+\s+[A-Z])",
        text,
    )
    found = []
    for part in (part.strip(" •-–*") for part in parts):
        part = HONORIFIC.sub("", part).strip(" •-–*:")
        if not part or PUBLIC.search(part):
            continue
        part = re.sub(r"\s+@[\w-]+", "", part)
        # "the Clerk – Adrian Illingworth": a role, then the person.
        swap = re.match(
            rf"^(?:the\s+|y\s+)?(?P<role>{ROLE_WORDS})\s+[–-]\s+(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){{0,3}})$",
            part,
            re.I,
        )
        if swap:
            found.append(Attendee(swap["name"], swap["role"]))
            continue
        part = re.sub(rf"^(?:the|y)\s+(?=(?:{ROLE_WORDS})$)", "", part, flags=re.I)
        match = re.match(r"^(?P<name>[^()]+?)\s*\((?P<org>[^()]+)\)$", part) or re.match(
            r"^(?P<name>[^–]+?)\s+[–-]\s+(?P<org>.+)$", part
        )
        acronym_of_itself = match and re.fullmatch(r"[A-Z]{2,8}", match["org"].strip()) and _org_like(match["name"])
        # "Cllr Hollick (arrived at 7.01pm)": when they came or went, not an organisation.
        if match and re.match(r"(?:arrived|left|joined|from item|until item|via|part)\b", match["org"].strip(), re.I):
            found.append(Attendee(match["name"].strip(), None))
            continue
        if match and not acronym_of_itself:
            found.append(Attendee(match["name"].strip(), match["org"].strip()))
        elif part.lower() not in ("none", "dim", "none.", "nil"):
            found.append(Attendee(part, None))
    return found


# Council honorifics and list labels that come before names ("Cllrs J Frizzell", "Trustees Alexander").
HONORIFIC = re.compile(
    r"^(?:(?:Cllr[’']s|Cllrs?|Councillors?|Cyng|Cyngh|Y Cynghorydd|Y Cynghorwyr|Cynghorwyr|Cynghorydd|"
    r"Trustees|Governors|Members|Aelodau)\b\.?:?\s*(?=\S))+"
)
ROLE_WORDS = r"clerk|chair|chairman|chairperson|chair person|secretary|treasurer|clerc|cadeirydd|ysgrifennydd|trysorydd"
# Head counts of the public and press: not attendees.
PUBLIC = re.compile(r"\b(?:members? of the public|aelod(?:au)? o['’]r cyhoedd|press)\b", re.I)
# Apologies that the text of an item records, and the names in them.
APOLOGIES_IN_TEXT = [
    re.compile(
        r"\bapolog(?:y|ies)(?:\s+for\s+absence)?\s+(?:(?:was|were|had been)\s+)?(?:received|given|sent|tendered|"
        r"noted|accepted)?\s*(?:from|by)\s+(?P<names>[^;]+)",
        re.I,
    ),
    re.compile(r"^(?P<names>[A-Z][^.;]*?)\s+(?:gave|sent|tendered|offered)\s+(?:their|his|her)\s+apologies", re.I),
    re.compile(r"^(?P<names>[A-Z][^.;]*?),\s+apologies\s+(?:accepted|received|noted)", re.I),
    re.compile(
        r"\b(?:derbyniwyd|cafwyd|roedd)\s+ymddiheuriad(?:au)?(?:\s+am\s+absenoldeb)?\s+(?:gan|oddi wrth)\s+"
        r"(?P<names>[^;]+)",
        re.I,
    ),
    re.compile(r"^ymddiheurodd\s+(?P<names>.+?)\s+(?:am|gan)\s", re.I),
]


def _apologies_in(sentence: str) -> list[Attendee]:
    """The people a sentence says sent apologies ("Apologies were received from Cllrs Tarry, Ogden and
    Johnson", "Cllr's Dando and Bentley gave their apologies", "Derbyniwyd ymddiheuriadau gan …")."""
    for pattern in APOLOGIES_IN_TEXT:
        match = pattern.search(sentence)
        if match:
            names = re.sub(r"^(?:y|yr|the)\s+", "", match["names"].strip(), flags=re.I)
            names = re.sub(r"\s*\([^)]*\)", "", names)
            return [
                row
                for row in _attendees(names)
                if row.name[:1].isupper()
                and len(row.name.split()) <= 8
                and not re.search(r"\b(?:who|which|as|for)\b", row.name)
            ]
    return []


def _org_like(name: str) -> bool:
    return bool(re.match(r"^the\s", name.strip(), re.I)) or bool(
        re.search(
            r"\b(?:association|government|council|commission|tribunal|academy|board|service|office)\b", name, re.I
        )
    )


def _table(block: Block, item: Item | None, proposal: Proposal, rules: Rules, header):
    """A row of a table: an action table's rows are actions; other tables are minutes text."""
    cells = [cell.strip() for cell in block.cells]
    if header is None and _item_table_header(cells):
        return ITEM_TABLE
    if header == ITEM_TABLE or (header is None and item is None and _item_row(cells)):
        row = _item_row(cells)
        if row:
            proposal.items.append(row)
            return ITEM_TABLE
    if block.header or (header is None and _action_header(cells)):
        return tuple(cell.lower() for cell in cells) if _action_header(cells) else None
    if header:
        column = {name: index for index, name in enumerate(header)}

        def cell(*names):
            for name in column:
                if any(word in name for word in names) and column[name] < len(cells):
                    return cells[column[name]]
            return ""

        text = cell("action", "task", "cam")
        if text and not STATUS.fullmatch(cell("status", "statws").strip() or "x"):
            target = item or (proposal.items[-1] if proposal.items else None)
            if target is None:
                target = Item(None, "", 1)
                proposal.items.append(target)
            owner = cell("owner", "lead", "who", "by whom", "responsible", "perchennog", "arweinydd") or None
            when = cell("due", "deadline", "by when", "date", "erbyn", "dyddiad")
            target.actions.append(
                Found(
                    text, "action table", owner, due_date(when, proposal.date, proposal.next_meeting) if when else None
                )
            )
        return header
    if item is not None:
        item.paragraphs.append(" | ".join(cells))
    return header


def _action_header(cells: list[str]) -> bool:
    lowered = [cell.lower() for cell in cells]
    return any(re.search(r"\b(?:action|task|cam gweithredu)\b", cell) for cell in lowered) and any(
        re.search(r"\b(?:owner|lead|who|by whom|responsible|perchennog|arweinydd)\b", cell) for cell in lowered
    )


def _find(item: Item, rules: Rules, proposal: Proposal) -> None:
    reporting = bool(PREVIOUS_ACTIONS_ITEM.search(item.title))
    for index, paragraph in enumerate(item.paragraphs):
        if index in item.agenda:
            continue
        for sentence in sentences(paragraph):
            why = rules.decision(sentence)
            action = None if why else rules.action(sentence, reporting=reporting)
            if why:
                item.decisions.append(Found(sentence, why))
            elif action:
                because, owner, text = (*action, sentence) if len(action) == 2 else action
                item.actions.append(Found(text, because, owner, due_date(text, proposal.date, proposal.next_meeting)))
