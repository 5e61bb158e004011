"""The Welsh of the minutes as XLIFF, the file a translator's CAT tool (Trados, memoQ, Phrase) opens.

``export`` writes the segments of ``translation.segments`` as XLIFF 1.2 or 2.0: one unit per
text, the English as source, the Welsh as target when there is one, with notes saying where the
text is, the group's glossary terms it uses and translation-memory suggestions. ``read`` takes a
returned file and gives what ``translation._read`` gives for a spreadsheet, so the same checks
decide what is imported.

A returned file is untrusted. It is read with defusedxml's parser, which refuses any document
type, entity declaration or external reference (so no billion laughs, quadratic blowup or
``file:///etc/passwd``), after its size is checked and before anything else is made of it. Every
refusal is a ``DomainError`` in the person's language.
"""

import codecs
import re

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

from steering.errors import DomainError

from .models import Meeting

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_20 = "urn:oasis:names:tc:xliff:document:2.0"
MATCHES = "urn:oasis:names:tc:xliff:matches:2.0"
GLOSSARY = "urn:oasis:names:tc:xliff:glossary:2.0"
METADATA = "urn:oasis:names:tc:xliff:metadata:2.0"
XINCLUDE = ("{http://www.w3.org/2001/XInclude}", "{http://www.w3.org/2003/XInclude}")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ENGLISH, WELSH = "en-GB", "cy-GB"

# What a key names, (kind of record, field) → the kind of text a note gives the translator.
KINDS = {
    ("item", "title"): "title",
    ("item", "minutes"): "minutes",
    ("decision", "text"): "decision",
    ("action", "text"): "action",
}
UNIT_ID = re.compile(r"(item|decision|action)-([1-9][0-9]*)-(title|minutes|text)")
FILE_ID = re.compile(r"meeting-([1-9][0-9]*)")
# XML 1.0 cannot hold these characters, even escaped; a text keeps the rest of itself without them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")
BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# The one segment of a 2.0 unit, named so that a translation-memory match can point at it.
SEGMENT_ID = "s1"


def unit_id(key: str) -> str:
    """A segment's key as a unit id any XLIFF tool keeps: "item:12:title" becomes "item-12-title"."""
    return key.replace(":", "-")


def key_of(unit: str) -> str | None:
    """The key a unit id stands for, or None when this service would not have made it."""
    found = UNIT_ID.fullmatch(unit)
    if found is None or (found[1], found[3]) not in KINDS:
        return None
    return ":".join(found.groups())


def _kind(key: str) -> str:
    what, _pk, field = key.split(":")
    return KINDS[what, field]


def export(
    meeting: Meeting,
    parts: list,
    *,
    version: str = "1.2",
    glossary=(),
    matches: dict | None = None,
    every: bool = True,
) -> bytes:
    """The segments as an XLIFF ``version`` ("1.2" or "2.0") file, UTF-8 with its declaration.

    ``glossary`` holds (acronym_en, acronym_cy, expansion_en, expansion_cy) tuples; each unit
    carries those its English uses. ``matches`` maps a key to (English, Welsh, score in percent)
    suggestions from a translation memory. ``every`` is False when ``parts`` are only some of the
    minutes' texts (those without Welsh): the file says so, and ``read`` gives it back.
    """
    write = {"1.2": _xliff_12, "2.0": _xliff_20}[version]
    facts = [
        ("group", meeting.group.slug),
        ("number", str(meeting.number)),
        ("starts-at", meeting.starts_at.isoformat()),
        ("texts", "all" if every else "without-welsh"),
    ]
    root = write(f"meeting-{meeting.pk}", facts, parts, list(glossary), matches or {})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _add(parent, tag: str, text: str = "", attrib: dict | None = None):
    element = etree.SubElement(parent, tag, attrib or {})
    element.text = NOT_XML.sub("", text) or None
    return element


def _used(glossary: list[tuple], english: str) -> list[tuple]:
    """The glossary entries whose acronym (in the same case) or expansion (in any case) is in the text."""

    def has(words: str, flags=0) -> bool:
        return bool(words) and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", english, flags) is not None

    return [entry for entry in glossary if has(entry[0]) or has(entry[2], re.IGNORECASE)]


def _meaning(expansion_en: str, expansion_cy: str) -> str:
    return " = ".join(words for words in (expansion_en, expansion_cy) if words)


def _xliff_12(file_id: str, facts: list[tuple[str, str]], parts: list, glossary: list[tuple], matches: dict):
    def tag(name: str) -> str:
        return f"{{{XLIFF_12}}}{name}"

    root = etree.Element(tag("xliff"), {"version": "1.2"}, nsmap={None: XLIFF_12})
    file = etree.SubElement(
        root,
        tag("file"),
        {
            "original": file_id,
            "datatype": "plaintext",
            "source-language": ENGLISH,
            "target-language": WELSH,
        },
    )
    header = etree.SubElement(file, tag("header"))
    for fact, value in facts:
        _add(header, tag("note"), value, {"from": fact})
    body = etree.SubElement(file, tag("body"))
    for segment in parts:
        unit = etree.SubElement(body, tag("trans-unit"), {"id": unit_id(segment.key), XML_SPACE: "preserve"})
        _add(unit, tag("source"), segment.english, {XML_LANG: ENGLISH})
        state = "translated" if segment.welsh.strip() else "needs-translation"
        _add(unit, tag("target"), segment.welsh, {XML_LANG: WELSH, "state": state})
        _add(unit, tag("note"), segment.where, {"from": "where"})
        _add(unit, tag("note"), _kind(segment.key), {"from": "kind"})
        for acronym_en, acronym_cy, expansion_en, expansion_cy in _used(glossary, segment.english):
            meaning = _meaning(expansion_en, expansion_cy)
            line = f"{acronym_en} = {acronym_cy or acronym_en}" + (f" ({meaning})" if meaning else "")
            _add(unit, tag("note"), line, {"from": "glossary"})
        for english, welsh, score in matches.get(segment.key, []):
            alternative = etree.SubElement(
                unit, tag("alt-trans"), {"match-quality": str(score), "origin": "translation-memory"}
            )
            _add(alternative, tag("source"), english)
            _add(alternative, tag("target"), welsh)
    return root


def _xliff_20(file_id: str, facts: list[tuple[str, str]], parts: list, glossary: list[tuple], matches: dict):
    def tag(name: str, namespace: str = XLIFF_20) -> str:
        return f"{{{namespace}}}{name}"

    root = etree.Element(
        tag("xliff"),
        {"version": "2.0", "srcLang": ENGLISH, "trgLang": WELSH},
        nsmap={None: XLIFF_20, "mtc": MATCHES, "gls": GLOSSARY, "mda": METADATA},
    )
    # One segment per unit: a tool that split a text could not put it back in the same words.
    file = etree.SubElement(
        root, tag("file"), {"id": file_id, "original": file_id, "canResegment": "no", XML_SPACE: "preserve"}
    )
    metadata = etree.SubElement(file, tag("metadata", METADATA))
    about = etree.SubElement(metadata, tag("metaGroup", METADATA), {"category": "meeting"})
    for fact, value in facts:
        _add(about, tag("meta", METADATA), value, {"type": fact})
    for segment in parts:
        unit = etree.SubElement(file, tag("unit"), {"id": unit_id(segment.key)})
        suggestions = matches.get(segment.key, [])
        if suggestions:
            found = etree.SubElement(unit, tag("matches", MATCHES))
            for english, welsh, score in suggestions:
                match = etree.SubElement(
                    found,
                    tag("match", MATCHES),
                    {
                        "ref": f"#{SEGMENT_ID}",
                        "similarity": f"{score:.1f}",
                        "type": "tm",
                        "origin": "translation-memory",
                    },
                )
                _add(match, tag("source"), english)
                _add(match, tag("target"), welsh)
        used = _used(glossary, segment.english)
        if used:
            terms = etree.SubElement(unit, tag("glossary", GLOSSARY))
            for acronym_en, acronym_cy, expansion_en, expansion_cy in used:
                entry = etree.SubElement(terms, tag("glossEntry", GLOSSARY))
                _add(entry, tag("term", GLOSSARY), acronym_en)
                _add(entry, tag("translation", GLOSSARY), acronym_cy or acronym_en)
                meaning = _meaning(expansion_en, expansion_cy)
                if meaning:
                    _add(entry, tag("definition", GLOSSARY), meaning)
        notes = etree.SubElement(unit, tag("notes"))
        _add(notes, tag("note"), segment.where, {"category": "where"})
        _add(notes, tag("note"), _kind(segment.key), {"category": "kind"})
        state = "translated" if segment.welsh.strip() else "initial"
        part = etree.SubElement(unit, tag("segment"), {"id": SEGMENT_ID, "state": state})
        _add(part, tag("source"), segment.english)
        if segment.welsh:
            _add(part, tag("target"), segment.welsh)
    return root


def _refusal(message: str) -> DomainError:
    return DomainError(message, field="file")


def _not_ours() -> DomainError:
    return _refusal(_("The file is not an XLIFF file from this service."))


def _too_large() -> DomainError:
    return _refusal(_("The file must be smaller than %(size)s") % {"size": filesizeformat(settings.PAPER_MAX_BYTES)})


def read(upload) -> tuple[dict, dict]:
    """What a returned XLIFF 1.2 or 2.0 file holds, as ``translation._read`` gives a spreadsheet's.

    ``about`` names the meeting, group, meeting number and format, and says whether the file holds
    ``every`` text of the minutes; ``rows`` maps each key to its where, English and Welsh. An
    inline code a tool put in a text is read as its text content. ``upload`` is an uploaded file
    or bytes.
    """
    root = _parsed(_decoded(_bytes_of(upload)))
    if root.tag == f"{{{XLIFF_12}}}xliff" and root.get("version") == "1.2":
        return _read_12(root)
    if root.tag == f"{{{XLIFF_20}}}xliff" and root.get("version") in ("2.0", "2.1"):
        return _read_20(root)
    raise _not_ours()


def _bytes_of(upload) -> bytes:
    """The file's bytes, refused by its stated size before any is read, and read no further than the limit."""
    limit = settings.PAPER_MAX_BYTES
    if isinstance(upload, bytes):
        data = upload
    elif upload.size > limit:
        raise _too_large()
    else:
        upload.seek(0)
        data = upload.read(limit + 1)  # the stated size may be wrong: the read is bounded anyway
    if len(data) > limit:
        raise _too_large()
    if not data.strip():
        raise _refusal(_("The file is empty. Choose the XLIFF file exported from this service."))
    return data


def _decoded(data: bytes) -> str:
    """The file's text in the encoding its byte-order mark or XML declaration gives (UTF-8 when neither does)."""
    encoding = next((name for mark, name in BYTE_ORDER_MARKS if data.startswith(mark)), None)
    declared = None if encoding else DECLARED_ENCODING.match(data[:1024])
    if declared:
        encoding = declared[1].decode("ascii")
    try:
        text = data.decode(encoding or "utf-8").lstrip("\ufeff")
    except (LookupError, UnicodeDecodeError):
        text = None
    if text is None and encoding is None:
        raise _not_ours()  # bytes that name no encoding and are not UTF-8 are not a text file (an XLSX, say)
    # A declaration readable as ASCII that does not survive decoding names the wrong encoding (UTF-16, say).
    if text is None or (declared and not text.startswith("<?xml")):
        raise _refusal(
            _("The file's characters are not in the encoding it declares. Save it as UTF-8 and upload it again.")
        )
    return text


def _parsed(text: str):
    try:
        root = fromstring(text, forbid_dtd=True)
    except DefusedXmlException:
        raise _refusal(
            _("The file declares entities or a document type, which this service does not read. Export a new file.")
        ) from None
    except ParseError:
        raise _not_ours() from None
    if any(element.tag.startswith(XINCLUDE) for element in root.iter()):
        raise _refusal(_("The file asks to include other files, which this service does not do. Export a new file."))
    return root


def _text(element) -> str:
    """The words of a source, target or note; inline codes (<g>, <x/>, <ph>, <mrk>, <pc>) give their text."""
    return "" if element is None else "".join(element.itertext())


def _meeting_of(root, tag: str, attribute: str):
    """The one <file> of a file from this service, and the id of the meeting it names."""
    files = root.findall(tag)
    found = FILE_ID.fullmatch(files[0].get(attribute, "")) if len(files) == 1 else None
    if found is None:
        raise _not_ours()
    return files[0], found[1]


def _result(meeting: str, facts: dict, units, format_name: str) -> tuple[dict, dict]:
    """``translation._read``'s answer, from (id, where, English, Welsh) for each unit; refuses an id it cannot use."""
    number = facts.get("number", "")
    about = {
        "meeting": meeting,
        "group": facts.get("group", ""),
        "number": int(number) if re.fullmatch(r"[0-9]+", number) else number,
        "format": format_name,
        # Missing or changed by a tool, the file is taken to hold every text: the import then asks for all.
        "every": facts.get("texts") != "without-welsh",
    }
    rows = {}
    for unit, where, english, welsh in units:
        if not unit:
            raise _refusal(_("A unit in the file has no id. Export a new file."))
        key = key_of(unit)
        if key is None:
            raise _refusal(
                _("The file has a unit this service did not make: %(id)s. Export a new file.") % {"id": unit[:60]}
            )
        if key in rows:
            raise _refusal(_("The file has the unit %(id)s more than once. Export a new file.") % {"id": unit})
        rows[key] = {"where": where, "english": english, "welsh": welsh, "check": ""}
    return about, rows


def _read_12(root) -> tuple[dict, dict]:
    def tag(name: str) -> str:
        return f"{{{XLIFF_12}}}{name}"

    def note(parent, origin: str) -> str:
        return next((_text(n) for n in parent.findall(tag("note")) if n.get("from") == origin), "")

    file, meeting = _meeting_of(root, tag("file"), "original")
    header = file.find(tag("header"))
    facts = {} if header is None else {name: note(header, name) for name in ("group", "number", "texts")}
    units = (
        (unit.get("id"), note(unit, "where"), _text(unit.find(tag("source"))), _text(unit.find(tag("target"))))
        for unit in file.iter(tag("trans-unit"))
    )
    return _result(meeting, facts, units, "xliff-1.2")


def _read_20(root) -> tuple[dict, dict]:
    def tag(name: str, namespace: str = XLIFF_20) -> str:
        return f"{{{namespace}}}{name}"

    def words(unit, language: str) -> str:
        """A unit's text in one language, its segments' and ignorables' put together (a tool may split it)."""
        texts = []
        for part in unit:
            if part.tag in (tag("segment"), tag("ignorable")):
                element = part.find(tag(language))
                if element is None and part.tag == tag("ignorable"):
                    element = part.find(tag("source"))  # whitespace between segments, the same in both
                texts.append(_text(element))
        return "".join(texts)

    def where(unit) -> str:
        notes = unit.findall(f"{tag('notes')}/{tag('note')}")
        return next((_text(n) for n in notes if n.get("category") == "where"), "")

    file, meeting = _meeting_of(root, tag("file"), "id")
    metas = file.findall("/".join(tag(name, METADATA) for name in ("metadata", "metaGroup", "meta")))
    facts = {meta.get("type"): _text(meta) for meta in metas}
    units = (
        (unit.get("id"), where(unit), words(unit, "source"), words(unit, "target")) for unit in file.iter(tag("unit"))
    )
    return _result(meeting, facts, units, "xliff-2.0")
