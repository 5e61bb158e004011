"""The group's translation memory: the English and Welsh of its own approved minutes, sentence by
sentence, offered back as suggestions when new minutes are translated and exported as TMX.

``learn(minutes)`` reads an approved version's record (``meetings.record``), never the live rows,
and keeps every English–Welsh pair it can align (``pairs``) as a ``MemoryUnit`` of the meeting's
group. Reserved items are never learned: the memory is exported as TMX to a translation service,
and reserved business must not leave the group's participants.

``suggest(group, texts)`` only suggests: nothing is ever filled in. The translator (or the
secretariat) sees the Welsh the group has used before and decides.

``highlight`` marks the glossary's terms in a text, for the translation page.
"""

import datetime
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz, process

from . import record
from .enums import MinutesStatus
from .models import MemoryUnit, Minutes

# A whole text is kept as a unit of its own only when it is short: a title, a decision, an
# action, a one-line minute. A long text is only useful sentence by sentence.
WHOLE_TEXT_LIMIT = 300

# Versions that were approved (a superseded one was approved before its correction).
APPROVED_STATUSES = [MinutesStatus.APPROVED, MinutesStatus.SUPERSEDED]


# Sentences --------------------------------------------------------------------------------------

# A bullet or numbered list line of Markdown: "- ", "* ", "+ ", "1. ", "1) ".
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
# A sentence end: one or more of . ! ? and any closing quotes or brackets, then spaces.
_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+")
# What may open a sentence before its capital letter.
_OPENERS = "\"'“‘(["
# Words with a full stop that end no sentence, in English and in Welsh (lower case):
# e.g./i.e./e.e. (er enghraifft)/h.y. (hynny yw) are caught by _INITIALS; these are the rest.
_ABBREVIATIONS = frozenset(
    {"mr.", "mrs.", "ms.", "mx.", "dr.", "prof.", "st.", "no.", "nos.", "cllr.", "cyng.", "cf.", "vs.", "approx."}
)
# Letters with full stops ("e.g.", "i.e.", "h.y.") or one capital initial ("J. Smith").
_INITIALS = re.compile(r"(?:^|\s|\()(?:(?:[^\W\d_]\.){2,}|[A-Z]\.)$")


@dataclass(frozen=True)
class _Block:
    """A paragraph or one bullet line: its sentences, its Markdown list marker, and what joined
    it to the block before (a blank line between paragraphs, a line break between bullets)."""

    sentences: tuple[str, ...]
    marker: str = ""
    before: str = "\n\n"


def _blocks(text: str) -> list[_Block]:
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines: list[tuple[str, list[str]]] = []  # (marker, lines of the block)
        for line in paragraph.split("\n"):
            if not line.strip():
                continue
            bullet = _BULLET.match(line)
            if bullet or not lines:
                marker = bullet.group(0).strip() + " " if bullet else ""
                lines.append((marker, [line[bullet.end() :] if bullet else line]))
            else:
                lines[-1][1].append(line)  # a wrapped line belongs to the block above it
        for number, (marker, parts) in enumerate(lines):
            joined = " ".join(" ".join(parts).split())
            before = "\n\n" if number == 0 else "\n"
            blocks.append(_Block(tuple(_split(joined)), marker, before))
    return blocks


def _split(block: str) -> list[str]:
    found, start = [], 0
    for end in _END.finditer(block):
        following = block[end.end() : end.end() + 2].lstrip(_OPENERS)[:1]
        head = block[start : end.end()].rstrip()
        if not following.isupper() or _abbreviated(head):
            continue
        found.append(head)
        start = end.end()
    last = block[start:].strip()
    return [*found, last] if last else found


def _abbreviated(head: str) -> bool:
    """Whether ``head`` ends with an abbreviation's full stop rather than a sentence's."""
    if not head.endswith("."):
        return False
    last_word = head.rsplit(None, 1)[-1]
    return last_word.lower() in _ABBREVIATIONS or bool(_INITIALS.search(head))


def sentences(text: str) -> list[str]:
    """The sentences of a minute text written in Markdown, in order, spaces collapsed.

    The text is first cut into blocks: paragraphs (a blank line between them) and, inside a
    paragraph, each bullet or numbered list line ("- ", "* ", "+ ", "1. ", "1) "; the marker is
    dropped). A line that is neither is a wrapped line of the block above it. Each block is then
    cut after ". ", "! " or "? " (closing quotes or brackets allowed before the space) when the
    next word starts with a capital letter (after any opening quote or bracket). No cut after an
    abbreviation: letters with stops ("e.g.", "i.e.", "e.e.", "h.y."), one capital initial ("J.")
    or a title such as "Mr.", "Dr.", "Cllr.", "Cyng.", "No."; nor inside a number ("2.5", "74,600"),
    which has no space after its stop. "etc." ends a sentence when a capital follows: it closes a list
    ("issues, etc. The SG agreed"); inside a sentence ("etc. and") it is kept.
    """
    return [sentence for block in _blocks(text) for sentence in block.sentences]


def pairs(english: str, welsh: str) -> list[tuple[str, str]]:
    """The English–Welsh pairs of one text written in both languages, to learn from.

    The whole text when it is short (``WHOLE_TEXT_LIMIT`` characters of English); then, when both
    sides have the same number of blocks (paragraphs and bullet lines, ``sentences``), block by
    block: its sentence pairs when both sides have the same number of sentences, else the block as a
    pair. When the numbers of blocks differ, only the whole text. Nothing is paired across a
    mismatch: a translation that merged two sentences into one gives its paragraph, not a wrong pair.
    """
    english, welsh = english.strip(), welsh.strip()
    if not english or not welsh:
        return []
    found = [(english, welsh)] if len(english) <= WHOLE_TEXT_LIMIT else []
    english_blocks, welsh_blocks = _blocks(english), _blocks(welsh)
    if len(english_blocks) == len(welsh_blocks):
        for en, cy in zip(english_blocks, welsh_blocks, strict=True):
            if len(en.sentences) == len(cy.sentences):
                found += zip(en.sentences, cy.sentences, strict=True)
            else:
                found.append((" ".join(en.sentences), " ".join(cy.sentences)))
    unique = {}
    for en, cy in found:
        unique.setdefault((key(en), key(cy)), (en, cy))
    return list(unique.values())


def normalised(text: str) -> str:
    """A text as the memory compares it: spaces and line breaks collapsed, case kept."""
    return " ".join(text.split())


def key(text: str) -> str:
    """The SHA-256 (hex) of the normalised text: equal keys, the same text."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


# Learning ---------------------------------------------------------------------------------------


def _texts(frozen: record.Record):
    """(kind, Words) of every text of a record that the memory may learn: not a reserved item's."""
    for item in frozen.items:
        if item.reserved:
            continue
        yield "title", item.title
        yield "minutes", item.minutes
        for decision in item.decisions:
            yield "decision", decision
        for action in item.actions:
            yield "action", action.text
        for report in item.reports:
            for words in (report.progress, report.risks, report.asks):
                yield "report", words


@transaction.atomic
def learn(minutes: Minutes) -> int:
    """Adds the English–Welsh pairs of an approved version to its group's memory; returns how
    many pairs it added or counted again.

    A pair the group already has gets one more use. A version teaches once: the conditional
    UPDATE of ``Minutes.memory_learned_at`` claims it, so learning it again (or two workers at
    once) changes nothing. Reserved items, and texts without their English or their Welsh, are
    left out. The queries do not grow with the number of pairs.
    """
    if not Minutes.objects.filter(pk=minutes.pk, memory_learned_at=None).update(memory_learned_at=timezone.now()):
        return 0
    found: dict[tuple[str, str], MemoryUnit] = {}
    for kind, words in _texts(record.of(minutes)):
        if not words.en.strip() or not words.cy.strip():
            continue
        for english, welsh in pairs(words.en, words.cy):
            unit_key = (key(english), key(welsh))
            if unit_key not in found:
                found[unit_key] = MemoryUnit(
                    english=english, welsh=welsh, english_key=unit_key[0], welsh_key=unit_key[1], kind=kind
                )
    if not found:
        return 0
    group_id = minutes.meeting.group_id
    existing = MemoryUnit.objects.filter(
        group_id=group_id, english_key__in={english_key for english_key, _welsh_key in found}
    ).values_list("pk", "english_key", "welsh_key")
    known = {(english_key, welsh_key): pk for pk, english_key, welsh_key in existing}
    MemoryUnit.objects.filter(pk__in=[pk for unit_key, pk in known.items() if unit_key in found]).update(
        uses=F("uses") + 1, last_used_at=timezone.now()
    )
    new = [unit for unit_key, unit in found.items() if unit_key not in known]
    for unit in new:
        unit.group_id, unit.minutes = group_id, minutes
    # A pair another version added a moment ago is left to it (ignore_conflicts).
    MemoryUnit.objects.bulk_create(new, ignore_conflicts=True)
    return len(found)


# Suggesting -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    english: str  # the part of the new text it is for: the whole text or one of its sentences
    memory_english: str  # the English the group translated before
    welsh: str  # the Welsh it had then
    score: int  # 0–100: how alike the two English texts are
    exact: bool  # the same English (spaces aside): the Welsh can be used as it is


def _comparable(text: str) -> str:
    """A text as the fuzzy match reads it: spaces collapsed, lower case, curly quotes made
    straight (a typed "’" and a pasted "'" are the same apostrophe)."""
    return normalised(text).lower().translate(str.maketrans("‘’“”", "''\"\""))


@dataclass
class _Memory:
    """The group's units, loaded once: the Welsh for each English (most used first), and the
    distinct English texts as the fuzzy match reads them."""

    welsh: dict[str, list[tuple[str, str]]]  # english_key → [(English, Welsh), …]
    keys: list[str]
    choices: list[str]

    @classmethod
    def of(cls, group) -> "_Memory":
        welsh: dict[str, list[tuple[str, str]]] = {}
        units = MemoryUnit.objects.filter(group=group).order_by("-uses", "pk")
        for english, text, english_key in units.values_list("english", "welsh", "english_key"):
            welsh.setdefault(english_key, []).append((english, text))
        keys = list(welsh)
        return cls(welsh, keys, [_comparable(welsh[english_key][0][0]) for english_key in keys])

    def matches(self, part: str, *, threshold: int, limit: int) -> list[Suggestion]:
        """The exact matches of ``part``, then the close ones, best first, at most ``limit``."""
        part_key = key(part)
        found = [Suggestion(part, english, welsh, 100, True) for english, welsh in self.welsh.get(part_key, [])[:limit]]
        if len(found) >= limit or not self.choices:
            return found
        close = process.extract(
            _comparable(part),
            self.choices,
            scorer=fuzz.ratio,
            processor=None,
            limit=limit + 1,  # one more, in case the exact match is among them
            score_cutoff=threshold,
        )
        for _choice, score, index in close:
            if self.keys[index] == part_key:
                continue
            found += [
                Suggestion(part, english, welsh, int(score), False) for english, welsh in self.welsh[self.keys[index]]
            ]
        return found[:limit]


def _assembled(text: str, memory: _Memory) -> Suggestion | None:
    """The whole text's Welsh put together from its sentences, when every one of several has an
    exact match: block by block, with each block's list marker and line breaks kept."""
    blocks = _blocks(text)
    if sum(len(block.sentences) for block in blocks) < 2:
        return None
    welsh_blocks = []
    for block in blocks:
        welsh = [memory.welsh.get(key(sentence)) for sentence in block.sentences]
        if not all(welsh):
            return None
        welsh_blocks.append(block.before + block.marker + " ".join(options[0][1] for options in welsh))
    welsh_text = "".join(welsh_blocks).removeprefix("\n\n")
    return Suggestion(text, text, welsh_text, 100, True)


def suggest(group, texts: list[str], *, threshold: int = 75, limit: int = 3) -> dict[str, list[Suggestion]]:
    """Welsh the group has used before, for each English text that has none yet: a list of
    suggestions per text (empty when the memory knows nothing like it), never filled in.

    A text the memory has exactly gets those exact matches only. Otherwise the whole text, then
    each of its sentences, gets its exact matches and its close ones (score ``threshold`` and
    above), best first, at most ``limit`` each; when every sentence of a text of several has an
    exact match, the first suggestion is the whole text put together from them (paragraphs and
    bullet lines kept), marked exact.

    Close matches are scored with rapidfuzz's ``fuzz.ratio`` (the normalised Indel similarity of
    the two texts, lower-cased, spaces collapsed, quotes made straight): it rewards the same words
    in the same order and takes off for every character added or removed, so a sentence with a new
    date or one more clause scores high and a different sentence low. ``token_sort_ratio`` was not
    chosen because it ignores word order ("WG to update the SG" and "the SG to update WG" score 100)
    and a reordered sentence needs a different translation; ``partial_ratio`` because a short unit
    ("Governance") would score 100 inside any long sentence that contains it.

    One query, however many texts.
    """
    memory = _Memory.of(group)
    found: dict[str, list[Suggestion]] = {}
    for text in texts:
        if not text.strip() or text in found:
            continue
        exact = memory.welsh.get(key(text))
        if exact:
            found[text] = [Suggestion(text, english, welsh, 100, True) for english, welsh in exact[:limit]]
            continue
        parts = sentences(text)
        assembled = _assembled(text, memory)
        suggestions = [assembled] if assembled else []
        suggestions += memory.matches(text, threshold=threshold, limit=limit)
        if len(parts) > 1:
            for part in parts:
                suggestions += memory.matches(part, threshold=threshold, limit=limit)
        found[text] = suggestions
    return found


def share_with_suggestions(group, texts: list[str]) -> float:
    """The share of ``texts`` (0 to 1) for which the memory has at least one suggestion."""
    if not texts:
        return 0.0
    found = suggest(group, texts)
    return sum(1 for text in texts if found.get(text)) / len(texts)


# TMX --------------------------------------------------------------------------------------------

# Characters XML 1.0 does not allow (control characters, lone surrogates, U+FFFE and U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TMX_LANGUAGES = {"en": "en-GB", "cy": "cy-GB"}


def _tmx_date(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def tmx(group) -> bytes:
    """The group's memory as a TMX 1.4b file (UTF-8), English source and Welsh target, for a
    translation service's tools: each unit with its dates, how often the group used it and, as
    the property ``x-kind``, what it was (title, minutes, decision, action, report)."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        creationtool="steering-group-governance",
        creationtoolversion="1",
        datatype="plaintext",
        segtype="sentence",
        adminlang="en-GB",
        srclang=TMX_LANGUAGES["en"],
        **{"o-tmf": "steering-group-governance"},
    )
    body = ET.SubElement(root, "body")
    for unit in MemoryUnit.objects.filter(group=group).order_by("pk"):
        tu = ET.SubElement(
            body,
            "tu",
            creationdate=_tmx_date(unit.created_at),
            lastusagedate=_tmx_date(unit.last_used_at),
            usagecount=str(unit.uses),
        )
        ET.SubElement(tu, "prop", type="x-kind").text = unit.kind
        for language, text in (("en", unit.english), ("cy", unit.welsh)):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: TMX_LANGUAGES[language]})
            ET.SubElement(tuv, "seg").text = _NOT_XML.sub("", text)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# The glossary's terms --------------------------------------------------------------------------


def _terms(glossary, lang: str) -> dict[str, tuple[bool, str]]:
    """Each term of the glossary in ``lang`` → (is an acronym, the title of its mark)."""
    other = "en" if lang == "cy" else "cy"
    terms: dict[str, tuple[bool, str]] = {}
    for entry in glossary:
        acronym = {"en": entry.acronym_en, "cy": entry.acronym_cy or entry.acronym_en}
        expansion = {"en": entry.expansion_en, "cy": entry.expansion_cy}
        meaning = expansion[lang] or expansion[other]
        for term, counterpart, is_acronym in (
            (acronym[lang], acronym[other], True),
            (expansion[lang], expansion[other], False),
        ):
            term, counterpart = term.strip(), counterpart.strip()
            if term and term not in terms:
                # An acronym the same in both languages has no other term to show.
                title = " – ".join(part for part in (meaning, counterpart if counterpart != term else "") if part)
                terms[term] = (is_acronym, title)
    return terms


def highlight(text: str, glossary: Iterable, lang: str) -> SafeString:
    """``text`` as HTML with each term of the glossary (``GlossaryEntry`` rows) in language ``lang``
    marked: ``<mark class="app-term" title="meaning – the other language's term">``.

    Terms are whole words, the longest first (so "ALN Code" before "ALN"); acronyms match only in
    their own case ("LA" is not "la"), meanings in any case. The text is cut into terms and the
    rest before anything is escaped, and each piece is escaped on its own: no text, and no term,
    can become markup.
    """
    terms = _terms(glossary, lang)
    if not terms or not text:
        return mark_safe(escape(text))  # noqa: S308 - escaped just here  # nosec B308 B703
    lowered = {term.lower(): term for term, (is_acronym, _title) in terms.items() if not is_acronym}
    alternatives = [
        re.escape(term) if is_acronym else f"(?i:{re.escape(term)})"
        for term, (is_acronym, _title) in sorted(terms.items(), key=lambda pair: -len(pair[0]))
    ]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    html, start = [], 0
    for match in pattern.finditer(text):
        term = match.group(0)
        title = terms[term][1] if term in terms else terms[lowered[term.lower()]][1]
        html.append(escape(text[start : match.start()]))
        html.append(f'<mark class="app-term" title="{escape(title)}">{escape(term)}</mark>')
        start = match.end()
    html.append(escape(text[start:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece escaped above  # nosec B308 B703
