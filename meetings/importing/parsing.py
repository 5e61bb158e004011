"""Finding the structure of minutes in their text: the meeting, attendance, items, decisions and
actions, each found by a written rule that the review page can name ("found because: …").

The input is the document's blocks (``reading.read``); the output is a ``Proposal``, shown for
review and never saved by this module. The rules, in English and Welsh:

- **Items**: a heading, a short bold line, or a short line that starts with an item number as
  minutes write them ("1.", "2)", "3.1", "Item 4:", "Eitem 4", "a)", "(ii)", or Word's automatic
  numbering). Letters, roman numerals and dotted numbers ("3.1") are sub-items of the item
  above. "b) Membership & c) Terms of Reference" is two sub-items. A line is too long to be an
  item's title when it is over 150 characters, or a sentence of more than 12 words.
- **Attendance**: a line or heading "Present", "Attendees", "Members present", "In attendance",
  "Also present", "Apologies", "Yn bresennol", "Ymddiheuriadau", "Hefyd yn bresennol", and the
  names after it (on the same line after a colon, or the lines below until the next item), each
  "Name (Organisation)", "Name, Organisation" or "Name – Organisation".
- **Decisions**: a sentence in which the body itself decides ("The SG agreed …", "Members
  agreed …", "It was agreed / resolved / decided", "RESOLVED", "… were approved", "Decision: …",
  "Cytunodd y Grŵp …", "Cytunwyd …", "Penderfynwyd …"). The body is the group, committee, board,
  council, members, and any acronym the text defines for one ("The Steering Group (the SG)").
- **Actions**: "Action: …" / "ACTION …" / "Cam gweithredu: …"; "X to do …" ("WG to continue …");
  "X agreed to do …" when X is not the body; "X asked Y to do …" (Y owns it); "X will / would do …"
  when X is a party (an acronym, a person's name, an organisation, a role such as the Chair, the
  Clerk, officials, members), not inside a "that" clause ("WG noted that … would …" is none);
  "… will … by / later in <a time>" (no owner); "Bydd(ai) X yn …"; "X i <berf>"; the rows of an
  action table (a header with "Action" and "Owner", "Lead", "Who" or "By whom", and "Due",
  "Deadline", "By when" or "Date"). In an item about the last meeting's actions ("matters
  arising", "actions from the last meeting") a line that reports an action's state (complete,
  closed, ongoing, carried forward) is not a new action.
- **Owners** are the party as written; ``match_owner`` then finds the group's person or
  organisation it names. **Due dates**: "27 September 2022", "27/09/2022", "2022-09-27", "by 27
  September" (the year of the meeting, or the year that puts it after the meeting), "by the end
  of October", "before / by the next meeting" (its date when the minutes give one), "within two
  weeks".
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
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b"),
]
DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\.?,?\s+\d{{4}})", re.I)
MONTH_ONLY = re.compile(rf"\b(?:end of|by|before|in|during|later in|early|mid-?)\s*{_MONTH}\b(?!\s+\d)", re.I)
NEXT_MEETING = re.compile(r"\b(?:next meeting|y cyfarfod nesaf|cyfarfod nesaf)\b", re.I)
WITHIN = re.compile(r"\bwithin (?P<count>one|two|three|four|six|\d+) (?P<unit>days?|weeks?|months?)\b", re.I)
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6}


def _month(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def dates_in(text: str) -> list[datetime.date]:
    """Every full date written in ``text``, in order."""
    found = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            year = int(match["year"])
            year += 2000 if year < 100 else 0
            try:
                found.append((match.start(), datetime.date(year, _month(match["month"]), int(match["day"]))))
            except ValueError:
                continue
    return [day for _start, day in sorted(found)]


def due_date(text: str, meeting: datetime.date | None, next_meeting: datetime.date | None) -> datetime.date | None:
    """The date an action is due by, as the sentence says it; None when it says none."""
    for day in dates_in(text):
        return day
    reference = meeting or (next_meeting - datetime.timedelta(days=56) if next_meeting else None)
    match = DAY_MONTH.search(text)
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
    r"|^(?P<minute>\d{2,4}/\d{1,4})\.?\s+"
    r"|^(?P<dotted>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+"
    r"|^(?P<number>\d{1,2})\s*[.):]?\s+(?:(?P<letter_after>[a-z])\)\s+)?"
    r"|^\(?(?P<letter>[a-z]|" + _ROMAN + r")\)\s+",
    re.I,
)
MAX_TITLE = 150
ATTENDANCE = {
    "present": re.compile(
        r"^(?:members\s+)?(?:present|attendees(?:\s+included)?|attendance|in the chair|yn bresennol|"
        r"aelodau(?:'r grŵp)?\s+yn bresennol|mynychwyr)\b",
        re.I,
    ),
    "in_attendance": re.compile(
        r"^(?:in attendance|also (?:present|in attendance)|officers|secretariat|guests|hefyd yn bresennol|"
        r"swyddogion)\b",
        re.I,
    ),
    "apologies": re.compile(r"^(?:apologies(?:\s+for\s+absence)?|absent|ymddiheuriadau)\b", re.I),
}
SKIP = re.compile(r"^(?:neidio i'r prif gynnwys?|skip to (?:main )?content|cookies?\b)", re.I)
TITLE_WORDS = re.compile(r"^(?:.{0,80}\b)?(?:minutes|cofnodion)\b.{0,100}$", re.I)
NEXT_MEETING_LINE = re.compile(r"\b(?:next meeting|date of next meeting|y cyfarfod nesaf)\b", re.I)


def _item_heading(block: Block) -> tuple[str | None, str, int] | None:
    """(number as written, title, level) when the block opens an item, else None."""
    text = block.text.strip()
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
    if not title or not starts_well or _is_sentence(title) or _a_date(text):
        return None
    return number, title, level


# Headings that order the document rather than name an item of business.
STRUCTURAL = re.compile(
    r"^(?:agenda|links|minutes|the minutes|agenda and minutes|action items|actions|notes|attendees|"
    r"cofnodion y cyfarfod|agenda a chofnodion)$",
    re.I,
)


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


# Parties, the body, decisions and actions ------------------------------------------------------

PARTY_WORDS = (
    r"officials|officers|members|member|colleagues|staff|team|representatives|reps|chair|vice-chair|"
    r"clerk|secretary|secretariat|treasurer|director|directors|lead|leads|manager|coordinator|"
    r"council|government|board|committee|group|panel|authority|authorities|partnership|service|forum|"
    r"everyone|all"
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
    r"\b(?:was|were|was unanimously|were unanimously)\s+(?:agreed|approved|adopted|ratified|endorsed|resolved)\b"
    r"|\bit was (?:\w+ly\s+)?(?:agreed|resolved|decided|noted and agreed)\b"
    r"|\bRESOLVED\b|\bcytunwyd\b|\bpenderfynwyd\b|\bcymeradwywyd\b|^derbyniwyd\b|^mabwysiadwyd\b",
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
# A clause that is not the sentence's own statement: "once this was resolved", "noted that … would".
SUBORDINATE = re.compile(r"\b(?:that|once|when|until|if|after|before|unless|whether|which|who|how)\b", re.I)
# What follows "will" or "would" in a sentence that gives no one work ("would be", "will not").
NOT_A_DEED = (
    r"(?:(?:now|also|then|still|soon|shortly|\w+ly)\s+)?"
    r"(?!be\b|been\b|like\b|have been\b|need to be\b|also be\b|not\b|continue to be\b)"
)


class Rules:
    """The rules above for one document: the names it gives the body, and the parties it knows."""

    def __init__(self, texts: list[str], parties: list[str] = ()):
        defined = set()
        for text in texts:
            for match in re.finditer(
                r"(?:group|committee|board|council|panel|forum)\s*\((?:the\s+)?([A-Z][A-Za-z]{1,7})\)", text, re.I
            ):
                defined.add(match[1])
        self.body_acronyms = defined
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
        match = re.match(rf"^(?P<party>{PARTY})\s+(?P<verb>{DECISION_VERBS})\b(?P<to>\s+to\s+[a-z]+)?", sentence)
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
        return None

    def action(self, sentence: str, *, reporting: bool) -> tuple[str, str | None] | None:
        """(why, owner) when ``sentence`` gives someone work to do, else None. ``reporting``: the
        item reports on the last meeting's actions, whose states are not new actions."""
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
        match = re.match(rf"^(?:Bydd|Byddai|Byddant)\s+(?P<party>{PARTY})\s+yn\s+(?P<verb>\w+)", sentence)
        if match:
            return f"{sentence.split()[0]} {match['party']} yn {match['verb']}", match["party"]
        match = re.match(rf"^(?P<party>{PARTY})\s+i\s+(?P<verb>[a-zŵŷâêîôû]+)\b", sentence)
        if match and self.is_party(match["party"]):
            return f"{match['party']} i {match['verb']}", match["party"]
        return None


# The whole document --------------------------------------------------------------------------


def parse(document: Document, *, parties: list[str] = ()) -> Proposal:
    """The structure of ``document``: see the module's rules. ``parties``: names of the group's
    people and organisations (and their acronyms), which count as parties who may own actions."""
    blocks = [block for block in document.blocks if block.text.strip() and not SKIP.match(block.text.strip())]
    texts = [block.text for block in blocks]
    rules = Rules(texts, parties)
    proposal = Proposal(date=None, title="")
    head = " ".join(texts[:8])
    found_dates = dates_in(head)
    proposal.date = found_dates[0] if found_dates else None
    for text in reversed(texts):
        if NEXT_MEETING_LINE.search(text) and dates_in(text):
            proposal.next_meeting = dates_in(text)[-1]
            break
    if proposal.date and proposal.next_meeting and proposal.next_meeting <= proposal.date:
        proposal.next_meeting = None
    # The title: the first heading or bold line, or the first line that says it is minutes.
    for index, block in enumerate(blocks[:6]):
        if _item_heading_numbered(block) or _attendance_heading(block.text.strip()):
            break
        if block.kind == "heading" or block.bold or TITLE_WORDS.search(block.text):
            proposal.title = block.text.strip()
            blocks = blocks[:index] + blocks[index + 1 :]
            break
    current: Item | None = None
    section: str | None = None  # the attendance list being read, until the next item
    header: tuple[str, ...] | None = None  # the current table's header, when it is one of actions
    actions_level = None  # after "Action items:", the level its list is below; None otherwise
    for index, block in enumerate(blocks):
        text = block.text.strip()
        attendance = _attendance_heading(text)
        if attendance:
            section, rest = attendance
            getattr(proposal, section).extend(_attendees(rest))
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        heading = _item_heading(block) or _list_heading(block, following)
        if heading:
            section, header, actions_level = None, None, None
            number, title, level = heading
            # Two sub-items under one heading: the text below it is minuted on the first.
            parts = [Item(part_number, part_title, level) for part_number, part_title in _split_combined(number, title)]
            proposal.items += parts
            current = parts[0]
            continue
        if block.kind == "row":
            header = _table(block, current, proposal, rules, header)
            current = proposal.items[-1] if proposal.items else current
            continue
        if section and _name_like(text):
            getattr(proposal, section).extend(_attendees(text))
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
        current.paragraphs.append(("- " if block.kind == "item" else "") + text)
    # The people present are parties too, by their names and first names ("Rich will email …").
    for row in proposal.present + proposal.apologies + proposal.in_attendance:
        rules.parties.update({row.name.lower(), row.name.split()[0].lower()} if row.name.split() else set())
    for item in proposal.items:
        _find(item, rules, proposal)
    proposal.items = [item for item in proposal.items if item.title or item.paragraphs]
    return proposal


def _list_heading(block: Block, following: Block | None) -> tuple[None, str, int] | None:
    """A top-level list item with a list under it: the way much Markdown minutes name an item."""
    if block.kind != "item" or block.level != 0 or following is None or following.kind != "item":
        return None
    if following.level <= block.level or len(block.text) > MAX_TITLE:
        return None
    return None, block.text.strip().rstrip(":"), 1


def _name_like(text: str) -> bool:
    """A line of an attendance list: a name or a few, not a sentence."""
    text = text.lstrip("•*- ").strip()
    return (
        bool(text) and len(text) <= 200 and (len(text.split()) <= 10 or "," in text) and not text.endswith((".", "?"))
    ) or text.lower() in ("none", "dim")


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
        if match and (len(text) <= 40 or re.match(r"^[^.]{0,40}[:–-]", text)):
            rest = text[match.end() :].lstrip(" :–-").strip()
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
    parts = re.split(r";\s*|,\s+(?:and\s+)?(?![^()]*\))|\s+and\s+(?=the\s|[A-Z])(?![^()]*\))", text)
    found = []
    for part in (part.strip(" •-–*") for part in parts):
        if not part:
            continue
        part = re.sub(r"\s+@[\w-]+", "", part)
        match = re.match(r"^(?P<name>[^()]+?)\s*\((?P<org>[^()]+)\)$", part) or re.match(
            r"^(?P<name>[^–]+?)\s+[–-]\s+(?P<org>.+)$", part
        )
        acronym_of_itself = match and re.fullmatch(r"[A-Z]{2,8}", match["org"].strip()) and _org_like(match["name"])
        if match and not acronym_of_itself:
            found.append(Attendee(match["name"].strip(), match["org"].strip()))
        elif part.lower() not in ("none", "dim", "none.", "nil"):
            found.append(Attendee(part, None))
    return found


def _org_like(name: str) -> bool:
    return bool(re.match(r"^the\s", name.strip(), re.I)) or bool(
        re.search(
            r"\b(?:association|government|council|commission|tribunal|academy|board|service|office)\b", name, re.I
        )
    )


def _table(block: Block, item: Item | None, proposal: Proposal, rules: Rules, header):
    """A row of a table: an action table's rows are actions; other tables are minutes text."""
    cells = [cell.strip() for cell in block.cells]
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
    for paragraph in item.paragraphs:
        for sentence in sentences(paragraph):
            why = rules.decision(sentence)
            action = None if why else rules.action(sentence, reporting=reporting)
            if why:
                item.decisions.append(Found(sentence, why))
            elif action:
                because, owner = action
                item.actions.append(
                    Found(sentence, because, owner, due_date(sentence, proposal.date, proposal.next_meeting))
                )
