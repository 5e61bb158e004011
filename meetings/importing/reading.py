"""Minutes written elsewhere, read into ordered text blocks: headings, paragraphs, list items, table rows.

``read(data, name)`` takes the bytes of a DOCX, PDF, HTML, Markdown or plain text file and returns a
``Document`` whose blocks keep the order the minutes are read in. It finds no items, decisions or
actions: ``parsing`` does that from the blocks. What a block keeps beyond its text is what a reader
of the original would see and the text alone lacks: a heading's level, Word's automatic numbers
("3.1", "b)"), a bold line (minutes often use one as an item's title), a table row's cells.

The file is judged by its content, checked against its name: a PDF named ``.docx``, or a zip bomb
named anything, is refused with ``Unreadable``, whose message is fit to show the person. Every
read is bounded, so a hostile file costs tens of megabytes and seconds, not gigabytes and hours:

- any file over ``settings.PAPER_MAX_BYTES`` is refused before it is parsed;
- DOCX: the zip's directory is checked before python-docx opens it (``MAX_UNZIPPED_BYTES`` in all,
  no member over a megabyte inflating more than ``MAX_ZIP_RATIO`` times); ``zipfile`` itself
  never inflates a member past the size its header declares. A member with a document type
  declaration (DTD) is refused: Word never writes one. python-docx parses every part with an
  ``oxml_parser`` (``docx.oxml.parser`` and ``docx.opc.oxml``, both
  ``lxml.etree.XMLParser(remove_blank_text=True, resolve_entities=False)``, checked in 1.1.2;
  lxml's defaults add ``no_network=True``, ``load_dtd=False`` and ``huge_tree=False``), so no
  entity would be expanded and nothing fetched even without that refusal.
- PDF: pypdf, inside ``pypdf.apply_configuration`` with tighter limits than its defaults
  (``_PDF_LIMITS``): a stream inflates to at most 20 MB, a page's drawing is parsed for at most
  200,000 operators and operands, the page tree holds at most 10,000 entries, no outside JBIG2
  decoder is run. At most ``MAX_PDF_PAGES`` pages, for at most ``PDF_SECONDS`` in all.
- HTML: lxml's HTML parser with ``no_network=True`` and ``huge_tree=False``. It reads no DTD and
  knows only HTML's own entities, so ``<!ENTITY …>`` declarations expand to nothing (a "billion
  laughs" page reads in microseconds); it stops nesting at 255 elements. A tag over 10,000
  characters loses its attributes first, as libxml2 takes time in their square.
- every format: at most ``MAX_CHARS`` characters in ``MAX_BLOCKS`` blocks, counted as they are
  made, so a long file is refused as soon as it passes either; Markdown and text are read a line
  at a time, and their patterns never scan a part of a line twice.

PDF is read with pypdf rather than pdfplumber. Both give each piece of text with its position and
font, which is all the line and bold rules below need, but pdfplumber's pdfminer.six inflates a
compressed stream with an unbounded ``zlib.decompress``, so a 20 MB upload could take gigabytes
of memory, while pypdf caps every decoder and counts its parsing work. pypdf is also already a
dependency (``papertext``); pdfplumber would add pdfminer.six, cryptography and pypdfium2.

How each format becomes blocks:

- DOCX: the body's paragraphs and tables in order (inside content controls too). A heading's level
  comes from its style: "Heading N" (Word keeps the English name in localised copies), "Title"
  (1), a style id such as "Pennawd2", or the outline level set on the paragraph or its style. A
  paragraph is an item when it is numbered (``w:numPr``, its own or its style's) or its style is
  a "List …" style; its level is the numbering level, plus N-1 for the "List Number N" styles.
  ``_Numbering`` computes the numbers Word shows. A table row's header flag comes from "repeat as
  header row", or, for a first row, from all its cells being bold.
- PDF: lines as pypdf gives them, page by page; the lines of one paragraph are joined by
  ``_continues`` when the next line is close below in the same size and weight. A line is bold
  when all its text is set in a font whose name says "Bold", "Black" or "Heavy".
- HTML: the page's ``<main>`` (else ``[role=main]``, ``<article>``, ``<body>``), without navigation,
  page banners and footers, asides, scripts, forms and hidden elements; ``<br>`` splits a
  paragraph. Decoded by its byte order mark, else as UTF-8 if it is, else by its declared
  charset, else as Windows-1252.
- Markdown: the common block syntax (ATX and underlined headings, nested lists, ``|`` tables,
  block quotes, fences); inline links, code and emphasis marks are dropped from the text.
- Text: a line is a paragraph unless ``_continues`` joins it to the one above; an underline of
  ``===`` or ``---`` makes the line above a heading; ``•``, ``-`` and ``*`` start list items.
  Markdown and text are decoded as UTF-8 (a byte order mark, UTF-16's too, is followed), else as
  Windows-1252; a file with NUL bytes is not text.
"""

import codecs
import collections
import dataclasses
import io
import itertools
import logging
import math
import re
import time
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from steering.errors import DomainError

logger = logging.getLogger(__name__)

MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_ZIP_RATIO = 100  # a Word document's XML inflates 5 to 20 times; zeros inflate 1000 times
ZIP_RATIO_FROM_BYTES = 1024 * 1024  # a small member may inflate as it likes
MAX_ZIP_MEMBERS = 5000
MAX_PDF_PAGES = 200
PDF_PAGES_FOR_TEXT = 5  # a PDF with no text in its first pages is taken for a scan
# To read its pages, inside the upload request; each page is bounded too, by pypdf's parsing budget.
PDF_SECONDS = 10
MAX_CHARS = 2_000_000
MAX_BLOCKS = 20_000
MAX_CELLS = 1000  # in one table row

FORMATS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "item" (a list item), "row" (a table row)
    text: str  # whitespace collapsed; a row: its cells joined with " | "
    level: int = 0  # heading level 1–6; a list item's nesting level (0 = top); else 0
    cells: tuple[str, ...] = ()  # a table row's cells
    header: bool = False  # a table's header row
    number: str = ""  # the number the document shows but the text lacks (Word's or an HTML <ol>'s)
    bold: bool = False  # the whole block is bold
    page: int | None = None  # PDF page, 1-based


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]
    format: str  # "docx", "pdf", "html", "markdown", "text"
    name: str
    pages: int | None = None


class Unreadable(DomainError):
    """A file that is not minutes this service can read; the message says why, in the person's language."""

    def __init__(self, message: str):
        super().__init__(message, field="file")


def read(data: bytes, name: str) -> Document:
    """The blocks of a minutes document, or ``Unreadable`` saying why the file cannot be read."""
    if len(data) > settings.PAPER_MAX_BYTES:
        raise Unreadable(
            _("The file must be smaller than %(size)s") % {"size": filesizeformat(settings.PAPER_MAX_BYTES)}
        )
    extension = name.lower()[name.rfind(".") :] if "." in name else ""
    format = FORMATS.get(extension)
    if format is None:
        raise Unreadable(
            _(
                "Minutes can be read from a Word document (.docx), a PDF, a web page (.html), Markdown (.md) "
                "or plain text (.txt). Save the minutes in one of those formats and upload that."
            )
        )
    if not data.strip():
        raise Unreadable(_("The file is empty."))
    blocks = _Blocks()
    pages = None
    if format == "docx":
        _read_docx(data, name, blocks)
    elif format == "pdf":
        pages = _read_pdf(data, name, blocks)
    elif format == "html":
        _read_html(data, blocks)
    elif format == "markdown":
        _read_markdown(_decode_text(data, _("The file is not a Markdown document, though its name says so.")), blocks)
    else:
        _read_text(_decode_text(data, _("The file is not a text file, though its name says so.")), blocks)
    if not blocks.blocks:
        raise Unreadable(_("The document has no text to read."))
    return Document(blocks=tuple(blocks.blocks), format=format, name=name, pages=pages)


# Blocks ------------------------------------------------------------------------------------------


_WHITE_SPACE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    # A substitution, not " ".join(text.split()), which would hold every word of a long text at once.
    return _WHITE_SPACE.sub(" ", text).strip()


class _Blocks:
    """The blocks made so far, refusing the document as soon as it is too long for one meeting."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.chars = 0

    def add(self, kind: str, text: str, **fields) -> None:
        if len(text) > MAX_CHARS:  # too long however much white space it holds; not worth collapsing
            raise _too_long()
        text = _collapse(text)
        if text:
            self._append(Block(kind=kind, text=text, **fields))

    def row(self, cells, **fields) -> None:
        if len(cells) > MAX_CELLS:
            raise _too_long()
        cells = tuple(_collapse(cell) for cell in cells)
        if any(cells):
            self._append(Block(kind="row", text=" | ".join(cells), cells=cells, **fields))

    def _append(self, block: Block) -> None:
        self.blocks.append(block)
        self.chars += len(block.text)
        if len(self.blocks) > MAX_BLOCKS or self.chars > MAX_CHARS:
            raise _too_long()


def _too_long():
    return Unreadable(_("The document is too long to be the minutes of one meeting."))


# Numbers as documents show them -----------------------------------------------------------------

_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _format_number(value: int, format: str) -> str:
    """``value`` in one of Word's number formats; a format not listed here shows as decimal."""
    if format in ("lowerLetter", "upperLetter") and 0 < value <= 26 * 20:
        # Word goes a … z, aa … zz, aaa …: the letter repeated, not counted in base 26.
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters.upper() if format == "upperLetter" else letters
    if format in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = ""
        for amount, numeral in _ROMAN:
            count, value = divmod(value, amount)
            roman += numeral * count
        return roman.upper() if format == "upperRoman" else roman
    if format == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _show_number(text: str) -> str:
    """A number as kept in ``Block.number``: without the full stop after it ("3." is "3")."""
    text = text.strip()
    return text[:-1] if text.endswith(".") else text


# DOCX --------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Parts of a paragraph whose text is not its text: deleted revisions, the fallback copy of a
# drawing (its text is in the chosen copy too), text boxes floating beside the paragraph.
_DOCX_SKIPPED = {_W + "del", _W + "moveFrom", _MC_FALLBACK, _W + "txbxContent", _W + "pPr", _W + "rPr"}
_DOCX_CHARACTERS = {_W + "tab": " ", _W + "br": " ", _W + "cr": " ", _W + "noBreakHyphen": "-"}


def _docx_refuse_not_docx():
    return Unreadable(_("The file is not a DOCX document, though its name says so."))


def _zip_bomb():
    return Unreadable(
        _("The file is not a document this service can read (it unpacks to far more than a document of minutes).")
    )


def _docx_damaged():
    return Unreadable(
        _("The DOCX document could not be read: it may be damaged. Open it in Word, save it again and upload that.")
    )


def _read_docx(data: bytes, name: str, blocks: _Blocks) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise _docx_refuse_not_docx()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise _docx_refuse_not_docx()
            _check_archive(archive)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
        zlib.error,
    ) as error:
        raise _docx_damaged() from error

    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        document = docx.Document(io.BytesIO(data))
        styles = _related_element(document.part, RELATIONSHIP_TYPE.STYLES)
        numbering = _related_element(document.part, RELATIONSHIP_TYPE.NUMBERING)
        body = document.element.body
        if body is not None:
            _DocxBody(_DocxStyles(styles), _Numbering(numbering, styles), blocks).read(body)
    except Unreadable:
        raise
    except Exception as error:  # python-docx raises many kinds on a package it cannot make sense of
        logger.warning("Could not read the DOCX document %s", name, exc_info=True)
        raise _docx_damaged() from error


def _related_element(part, relationship: str):
    try:
        return part.part_related_by(relationship).element
    except KeyError:
        return None


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuses a zip that inflates to far more than minutes, or whose XML declares a DTD."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS or sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
        raise _zip_bomb()
    for member in members:
        if member.file_size > ZIP_RATIO_FROM_BYTES and member.file_size > MAX_ZIP_RATIO * max(member.compress_size, 1):
            raise _zip_bomb()
    for member in members:  # every member: python-docx parses a part by its content type, not its name
        if _declares_dtd(archive, member):
            raise Unreadable(
                _(
                    "The DOCX document holds a document type declaration, which Word never writes, so it is not "
                    "read. Open it in Word, save it again and upload that."
                )
            )


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    # Read in pieces: ``zipfile`` stops at the size the header declares, which the total above bounds.
    tail = b""
    with archive.open(member) as opened:
        while piece := opened.read(64 * 1024):
            if b"<!DOCTYPE" in tail + piece:
                return True
            tail = piece[-16:]
    return False


def _on(element) -> bool:
    """Whether an on/off property such as ``<w:b/>`` or ``<w:b w:val="0"/>`` is on."""
    return element is not None and element.get(_W + "val", "true").lower() not in ("0", "false", "off", "none")


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class _DocxStyles:
    """The document's styles: the chain each is based on, and what the chain says."""

    def __init__(self, root):
        self.by_id = {}
        self.default_paragraph = None
        self.default_bold = False
        if root is None:
            return
        for style in root.iterchildren(_W + "style"):
            self.by_id[style.get(_W + "styleId")] = style
            if style.get(_W + "type") == "paragraph" and _on(style.find(_W + "default")):
                self.default_paragraph = style.get(_W + "styleId")
        self.default_bold = _on(root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}b"))

    def chain(self, style_id):
        seen = set()
        while style_id in self.by_id and style_id not in seen and len(seen) < 20:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based_on = style.find(_W + "basedOn")
            style_id = based_on.get(_W + "val") if based_on is not None else None

    def first(self, style_id, path: str):
        """The first element at ``path`` in the style or those it is based on."""
        for style in self.chain(style_id):
            found = style.find(path)
            if found is not None:
                return found
        return None

    def name(self, style_id) -> str:
        style = self.by_id.get(style_id)
        name = style.find(_W + "name") if style is not None else None
        return (name.get(_W + "val") or "") if name is not None else ""


_HEADING_STYLE = re.compile(r"^(?:heading|pennawd|berschrift|titre|kop|titolo|encabezado)\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list\b(?:.*?(\d))?", re.IGNORECASE)


class _DocxBody:
    def __init__(self, styles: _DocxStyles, numbering: "_Numbering", blocks: _Blocks):
        self.styles = styles
        self.numbering = numbering
        self.blocks = blocks

    def read(self, body) -> None:
        for element in _children(body, (_W + "p", _W + "tbl")):
            if element.tag == _W + "p":
                self.paragraph(element)
            else:
                self.table(element)

    def paragraph(self, p) -> None:
        properties = p.find(_W + "pPr")
        style_id = self._style_id(properties)
        text, bold = self.text(p, style_id)
        level = self._heading_level(properties, style_id)
        number, list_level = self._number(properties, style_id)
        style_name = self.styles.name(style_id)
        if level:
            self.blocks.add("heading", text, level=level, number=number or "", bold=bold)
        elif number is not None or _LIST_STYLE.match(style_name):
            list_style = _LIST_STYLE.match(style_name)
            extra = _int(list_style.group(1), 1) - 1 if list_style and list_style.group(1) else 0
            self.blocks.add("item", text, level=(list_level or 0) + extra, number=number or "", bold=bold)
        else:
            self.blocks.add("paragraph", text, bold=bold)

    def table(self, tbl) -> None:
        for index, tr in enumerate(_children(tbl, (_W + "tr",))):
            cells = []
            bolds = []
            for tc in _children(tr, (_W + "tc",)):
                texts = []
                # A table inside the cell reads as the cell's text; a text box's does not.
                for p in tc.iter(_W + "p"):
                    if _inside_skipped(p, tc):
                        continue
                    text, bold = self.text(p, self._style_id(p.find(_W + "pPr")))
                    if text.strip():
                        texts.append(text)
                        bolds.append(bold)
                cells.append(" ".join(texts))
            repeated = _on(tr.find(f"{_W}trPr/{_W}tblHeader"))
            bold = bool(bolds) and all(bolds)
            self.blocks.row(cells, header=repeated or (index == 0 and bold), bold=bold)

    def text(self, p, style_id) -> tuple[str, bool]:
        """The paragraph's text, and whether all of it is bold (directly, or by its styles)."""
        pieces = []
        bold_runs = []
        paragraph_bold = self._bold(style_id, None)
        stack = [iter(p)]
        while stack:
            element = next(stack[-1], None)
            if element is None:
                stack.pop()
                continue
            if element.tag in _DOCX_SKIPPED or not isinstance(element.tag, str):
                continue
            if element.tag == _W + "r":
                run_text = "".join(
                    (child.text or "") if child.tag == _W + "t" else _DOCX_CHARACTERS.get(child.tag, "")
                    for child in element.iter()
                    if not _inside_skipped(child, element)
                )
                pieces.append(run_text)
                if run_text.strip():
                    bold_runs.append(self._run_bold(element, paragraph_bold))
                continue
            stack.append(iter(element))
        return "".join(pieces), bool(bold_runs) and all(bold_runs)

    def _style_id(self, properties):
        style = properties.find(_W + "pStyle") if properties is not None else None
        return style.get(_W + "val") if style is not None else self.styles.default_paragraph

    def _heading_level(self, properties, style_id) -> int:
        for style in self.styles.chain(style_id):
            name = self.styles.name(style.get(_W + "styleId"))
            for candidate in (name, style.get(_W + "styleId") or ""):
                found = _HEADING_STYLE.match(candidate.strip())
                if found:
                    return min(max(int(found.group(1)), 1), 6)
            if name.lower() == "title":
                return 1
        outline = properties.find(_W + "outlineLvl") if properties is not None else None
        if outline is None:
            outline = self.styles.first(style_id, f"{_W}pPr/{_W}outlineLvl")
        if outline is not None and 0 <= _int(outline.get(_W + "val"), 9) < 9:
            return min(_int(outline.get(_W + "val")) + 1, 6)
        return 0

    def _number(self, properties, style_id) -> tuple[str | None, int | None]:
        """The number Word shows for the paragraph ("" for a bullet), and its list level; None if not in a list."""
        direct = properties.find(_W + "numPr") if properties is not None else None
        num_id = direct.find(_W + "numId") if direct is not None else None
        ilvl = direct.find(_W + "ilvl") if direct is not None else None
        if num_id is None:
            num_id = self.styles.first(style_id, f"{_W}pPr/{_W}numPr/{_W}numId")
        if ilvl is None:
            ilvl = self.styles.first(style_id, f"{_W}pPr/{_W}numPr/{_W}ilvl")
        num = _int(num_id.get(_W + "val")) if num_id is not None else 0
        if not num:  # numId 0 takes a paragraph out of its style's list
            return None, None
        level = min(max(_int(ilvl.get(_W + "val")) if ilvl is not None else 0, 0), 8)
        return self.numbering.next(num, level), level

    def _bold(self, style_id, default) -> bool:
        found = self.styles.first(style_id, f"{_W}rPr/{_W}b")
        if found is not None:
            return _on(found)
        return self.styles.default_bold if default is None else default

    def _run_bold(self, run, paragraph_bold: bool) -> bool:
        properties = run.find(_W + "rPr")
        if properties is not None:
            direct = properties.find(_W + "b")
            if direct is not None:
                return _on(direct)
            style = properties.find(_W + "rStyle")
            if style is not None:
                found = self.styles.first(style.get(_W + "val"), f"{_W}rPr/{_W}b")
                if found is not None:
                    return _on(found)
        return paragraph_bold


def _inside_skipped(element, run) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not run:
        if parent.tag in _DOCX_SKIPPED:
            return True
        parent = parent.getparent()
    return element.tag in _DOCX_SKIPPED


_DOCX_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo"}


def _children(parent, tags: tuple[str, ...]):
    """The parent's children with these tags, in order, looking inside content controls and custom XML."""
    stack = [iter(parent)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
        elif element.tag in tags:
            yield element
        elif element.tag in _DOCX_WRAPPERS:
            stack.append(iter(element))


@dataclass(frozen=True)
class _Level:
    start: int
    format: str
    text: str
    legal: bool  # "legal" numbering shows every level's number as decimal


class _Numbering:
    """Word's automatic numbers, computed from ``word/numbering.xml``, kept simple:

    - one counter per list (``numId``) and level (``ilvl``); numbering a paragraph at a level
      counts that level on from its ``start`` (or the list's ``startOverride``) and starts every
      deeper level again;
    - the number shown is the level's ``lvlText`` with each ``%N`` replaced by level N's counter
      in level N's format (decimal, lowerLetter, upperLetter, lowerRoman, upperRoman; any other
      format shows as decimal; a bullet shows as "");
    - not modelled: lists that share an abstract definition continuing each other's count,
      ``lvlRestart``, numbering changed by tracked revisions.
    """

    def __init__(self, root, styles_root):
        self.abstract: dict[int, dict[int, _Level]] = {}
        self.links: dict[int, str] = {}  # abstract id → numbering style it takes its levels from
        self.lists: dict[int, tuple[int, dict]] = {}
        self.counters: dict[int, list[int | None]] = {}
        self.style_lists: dict[str, int] = {}
        if root is None:
            return
        for abstract in root.iterchildren(_W + "abstractNum"):
            abstract_id = _int(abstract.get(_W + "abstractNumId"), -1)
            self.abstract[abstract_id] = self._levels(abstract)
            link = abstract.find(_W + "numStyleLink")
            if link is not None:
                self.links[abstract_id] = link.get(_W + "val")
        for num in root.iterchildren(_W + "num"):
            abstract_id = num.find(_W + "abstractNumId")
            overrides = {}  # ilvl → (a level that replaces the abstract one, or None; a new start, or None)
            for override in num.iterchildren(_W + "lvlOverride"):
                lvl = override.find(_W + "lvl")
                start = override.find(_W + "startOverride")
                overrides[_int(override.get(_W + "ilvl"))] = (
                    self._level(lvl) if lvl is not None else None,
                    _int(start.get(_W + "val")) if start is not None else None,
                )
            self.lists[_int(num.get(_W + "numId"))] = (
                _int(abstract_id.get(_W + "val"), -1) if abstract_id is not None else -1,
                overrides,
            )
        if styles_root is not None:
            for style in styles_root.iterchildren(_W + "style"):
                num_id = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
                if style.get(_W + "type") == "numbering" and num_id is not None:
                    self.style_lists[style.get(_W + "styleId")] = _int(num_id.get(_W + "val"))

    @staticmethod
    def _level(lvl) -> _Level:
        def value(tag, default):
            found = lvl.find(_W + tag)
            return found.get(_W + "val", default) if found is not None else default

        return _Level(
            start=_int(value("start", "0")),  # the standard's default, when Word writes none
            format=value("numFmt", "decimal"),
            text=value("lvlText", ""),
            legal=_on(lvl.find(_W + "isLgl")),
        )

    def _levels(self, abstract) -> dict[int, _Level]:
        return {_int(lvl.get(_W + "ilvl")): self._level(lvl) for lvl in abstract.iterchildren(_W + "lvl")}

    def levels(self, num_id: int) -> dict[int, _Level]:
        abstract_id, overrides = self.lists.get(num_id, (-1, {}))
        levels = self.abstract.get(abstract_id, {})
        if not levels and abstract_id in self.links:
            # A list that takes its levels from a numbering style (one step, as Word writes it).
            linked = self.lists.get(self.style_lists.get(self.links[abstract_id], -1), (-1, {}))[0]
            levels = self.abstract.get(linked, {})
        levels = dict(levels)
        for ilvl, (replaced, start) in overrides.items():
            if replaced is not None:
                levels[ilvl] = replaced
            if start is not None and ilvl in levels:
                levels[ilvl] = dataclasses.replace(levels[ilvl], start=start)
        return levels

    def next(self, num_id: int, ilvl: int) -> str:
        levels = self.levels(num_id)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level.format in ("bullet", "none"):
            return ""

        def shown(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            other = levels.get(index)
            value = counters[index] if counters[index] is not None else (other.start if other else 1)
            return _format_number(value, "decimal" if level.legal or other is None else other.format)

        return _show_number(re.sub(r"%([1-9])", shown, level.text))


# PDF ---------------------------------------------------------------------------------------------

# Tighter than pypdf's defaults (75 MB a stream): a page of minutes is a few kilobytes of drawing.
_PDF_LIMITS = {
    "zlib_maximum_output_length": 20_000_000,
    "lzw_maximum_output_length": 20_000_000,
    "run_length_maximum_output_length": 20_000_000,
    "brotli_maximum_output_length": 20_000_000,
    "array_based_stream_maximum_output_length": 20_000_000,
    "stream_decoding_work_maximum_length": 60_000_000,
    "page_tree_maximum_entries": 10_000,
    # pypdf parses about 80,000 operators and operands a second; a dense page of minutes has a few
    # thousand, so this bounds a page at a few seconds (pypdf's own bound, 2,000,000, at half a minute).
    "stream_parsing_work_maximum_count": 200_000,
    "jbig2dec_binary": None,  # never run an outside program on an upload
}
_BOLD_FONT = re.compile(r"bold|black|heavy", re.IGNORECASE)


@dataclass
class _Line:
    text: str
    x: float
    y: float
    size: float
    placed: bool  # False when pypdf gave the line inside another piece, so its x and y are that piece's
    bold: bool = True
    has_text: bool = False

    def add(self, part: str, size: float, bold: bool, *, before: bool = False) -> None:
        self.text = part + self.text if before else self.text + part
        if part.strip():
            self.bold = self.bold and bold
            self.size = max(self.size, size) if self.has_text else size
            self.has_text = True


_PAGE_NUMBER = re.compile(r"^(?:(?:page|tudalen)\s*)?\d{1,4}(?:\s*(?:of|o|/)\s*\d{1,4})?$", re.IGNORECASE)


def _read_pdf(data: bytes, name: str, blocks: _Blocks) -> int:
    if b"%PDF-" not in data[:1024]:
        raise Unreadable(_("The file is not a PDF document, though its name says so."))
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError

    with apply_configuration(**_PDF_LIMITS):
        try:
            reader = PdfReader(io.BytesIO(data))
            encrypted = reader.is_encrypted
            pages = 0 if encrypted else reader.get_num_pages()
        except FileNotDecryptedError:
            encrypted = True
        except Exception as error:  # pypdf raises many kinds on a damaged or hostile file, a limit reached too
            logger.warning("Could not read the PDF %s", name, exc_info=True)
            raise _pdf_damaged() from error
        if encrypted:
            raise Unreadable(
                _(
                    "The PDF is protected with a password. Remove the protection and upload it again, or upload the "
                    "Word or text version."
                )
            )
        if pages > MAX_PDF_PAGES:
            raise Unreadable(
                _("The PDF has %(pages)s pages; minutes of one meeting have far fewer — at most %(most)s.")
                % {"pages": pages, "most": MAX_PDF_PAGES}
            )
        found_text = False
        deadline = time.monotonic() + PDF_SECONDS
        for number in range(1, pages + 1):
            if time.monotonic() > deadline:
                raise Unreadable(
                    _(
                        "The PDF takes too long to read: it is not built as a document of minutes usually is. "
                        "Save it again as a PDF, or upload the Word or text version."
                    )
                )
            try:
                lines = _pdf_lines(reader.pages[number - 1])
            except Unreadable:
                raise
            except Exception as error:  # as above
                logger.warning("Could not read page %s of the PDF %s", number, name, exc_info=True)
                raise _pdf_damaged() from error
            found_text = found_text or bool(lines)
            if not found_text and number >= PDF_PAGES_FOR_TEXT:
                break
            _pdf_paragraphs(lines, number, blocks)
    if not found_text:
        raise Unreadable(_("The PDF has no text to read: it may be a scanned image. Upload the Word or text version."))
    return pages


def _pdf_damaged():
    return Unreadable(
        _("The PDF could not be read: it may be damaged. Save it again as a PDF, or upload the Word or text version.")
    )


def _multiply(m, n):
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _pdf_lines(page) -> list[_Line]:
    """The page's lines in the order pypdf gives them, each with its place on the page, size and weight.

    Text drawn after the rest of its line (Word draws a list's bullets last) joins that line, and
    a page number alone at the top or foot of the page is left out.
    """
    lines: list[_Line] = []
    by_height: dict[int, list[_Line]] = collections.defaultdict(list)  # placed lines by their rounded y
    current: _Line | None = None
    chars = 0

    def visit(text, cm, tm, font, font_size):
        nonlocal current, chars
        if not text:
            return
        chars += len(text)
        if chars > MAX_CHARS or len(lines) > MAX_BLOCKS:
            raise _too_long()
        matrix = _multiply(tm, cm)
        x, y = matrix[4], matrix[5]
        size = min(abs(font_size * math.hypot(matrix[2], matrix[3])), 100) or 1.0
        bold = bool(_BOLD_FONT.search(str(font.get("/BaseFont", "")) if font else ""))
        for index, part in enumerate(text.split("\n")):
            if index or (current is not None and abs(y - current.y) > 0.5 * max(size, current.size)):
                current = None  # a new line: pypdf ended the last, or this text sits lower or higher
            if not part:
                continue
            if current is None and index == 0 and math.isfinite(x) and math.isfinite(y):
                reach = 0.3 * size
                same = [
                    line
                    for height in range(math.floor(y - reach), math.ceil(y + reach) + 1)
                    for line in by_height.get(height, ())
                    if abs(line.y - y) <= 0.3 * max(size, line.size)
                ]
                after = [line for line in same if line.x >= x]
                if after:
                    line = min(after, key=lambda line: line.x)
                    line.add(part, size, bold, before=True)
                    line.x = x
                    continue
                if same:
                    current = max(same, key=lambda line: line.x)
            if current is None:
                current = _Line(text="", x=x, y=y, size=size, placed=index == 0 and math.isfinite(x + y))
                lines.append(current)
                if current.placed:
                    by_height[round(y)].append(current)
            current.add(part, size, bold)

    page.extract_text(visitor_text=visit)
    lines = [line for line in lines if line.has_text]
    placed = [line for line in lines if line.placed]
    if placed:
        ends = (max(placed, key=lambda line: line.y), min(placed, key=lambda line: line.y))
        lines = [
            line
            for line in lines
            if not (any(line is end for end in ends) and _PAGE_NUMBER.match(_collapse(line.text)))
        ]
    return lines


def _full_length(lengths) -> float:
    """How long a line must be to have run to the margin: near the longest usual line (its 90th percentile)."""
    counts = collections.Counter(min(length, 1000) for length in lengths)
    total = sum(counts.values())
    if not total:
        return math.inf
    seen = 0
    for length in sorted(counts):
        seen += counts[length]
        if seen > 0.9 * (total - 1):
            return max(40, 0.8 * length)
    return math.inf


# A list's number at the start of a line; not "J. Smith", where a capital and a full stop are an initial.
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,3}[.)]|[a-z][.)]|[A-Z]\)|[ivx]{1,5}[.)]|[IVX]{2,5}[.)])\s")


_LABEL = re.compile(r"[A-Z][^\W\d_]*(?:[ '’-][^\W\d_]+){0,3}\s?:\s")


def _continues(previous: str, following: str, previous_full: bool) -> bool:
    """Whether ``following`` is the same paragraph as the ``previous`` line, wrapped.

    It is when it starts in lower case ("… the\\nbudget"), or when the line above ran to the margin
    and does not end a sentence or clause with . : ; ! ?. A line starting with a bullet, a list
    number ("5)", "b.", "(ii)") or a label ("Apologies:", "Action:", "Yn bresennol:") never is.
    """
    following = following.lstrip()
    if not following or following[0] in _BULLETS or _ENUMERATOR.match(following) or _LABEL.match(following):
        return False
    if following[0].islower():
        return True
    return previous_full and not previous.rstrip().endswith((".", ":", ";", "!", "?"))


def _pdf_paragraphs(lines: list[_Line], page: int, blocks: _Blocks) -> None:
    full = _full_length([len(line.text.strip()) for line in lines])
    paragraph: _Line | None = None
    last: _Line | None = None
    for line in lines:
        text = _collapse(line.text)
        if (
            paragraph is not None
            and last is not None
            and line.bold == paragraph.bold
            and abs(line.size - last.size) < 0.2 * last.size
            and -0.1 * last.size <= last.y - line.y <= 1.7 * last.size
            and _continues(last.text, text, len(_collapse(last.text)) >= full)
        ):
            paragraph.text += " " + text
        else:
            if paragraph is not None:
                blocks.add("paragraph", paragraph.text, bold=paragraph.bold, page=page)
            paragraph = _Line(text=text, x=line.x, y=line.y, size=line.size, placed=True, bold=line.bold)
        last = line
    if paragraph is not None:
        blocks.add("paragraph", paragraph.text, bold=paragraph.bold, page=page)


# HTML --------------------------------------------------------------------------------------------

# Elements that are the site around the minutes, not the minutes.
_HTML_SKIPPED = {
    "nav",
    "aside",
    "script",
    "style",
    "form",
    "noscript",
    "template",
    "iframe",
    "object",
    "svg",
    "button",
    "select",
    "textarea",
    "head",
    "title",
    "meta",
    "link",
}
_SCREEN_READER_ONLY = {"visually-hidden", "govuk-visually-hidden", "sr-only", "screen-reader-text"}
_HTML_SKIPPED_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
_HTML_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
_LINE_BREAK = "\n"  # a <br> among the pieces of a paragraph
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
_LONG_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*+)[^<>]{10000,}+>")
_MAX_HTML_DEPTH = 200  # lxml stops at 255; deeper than this, an element's text is read flat


def _read_html(data: bytes, blocks: _Blocks) -> None:
    import lxml.html
    from lxml import etree

    text = _decode_html(data)
    looks_like_html = re.match(r"\s*<", text) or re.search(r"<(!doctype|html|body)\b", text[:4096], re.I)
    if "\x00" in text or not looks_like_html:
        raise Unreadable(_("The file is not a web page (HTML), though its name says so."))
    # A string cannot say its encoding: decoded already, so an XML declaration is dropped.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    # libxml2 takes time in the square of a tag's attributes (200,000 take minutes); no tag of
    # minutes is this long, and none of the attributes read here would be in one.
    text = _LONG_TAG.sub(r"<\1>", text)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError):
        return  # nothing but white space and comments: no text
    for path in ("//main", "//*[@role='main']", "//article", "//body"):
        found = [element for element in root.xpath(path) if not _html_hidden(element)]
        if found:
            container = found[0]
            break
    else:
        container = root
    _HtmlWalker(blocks).container(container, 0)


def _decode_html(data: bytes) -> str:
    """By the byte order mark; else UTF-8 if the bytes are UTF-8; else the charset the page declares; else
    Windows-1252. UTF-8 comes before the declaration because a page saved again keeps its old ``<meta>``
    while the bytes are UTF-8, and text in another encoding is almost never valid UTF-8 by chance."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    declared = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", head, re.I) or re.search(
        rb"<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", head, re.I
    )
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            encoding = "cp1252"
        # As browsers do: Latin-1 and ASCII mean Windows-1252; a page that says UTF-16 or UTF-32
        # without a byte order mark is not.
        if encoding not in ("latin-1", "iso8859-1", "ascii") and not encoding.startswith(("utf-16", "utf-32")):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
    return data.decode("cp1252", errors="replace")


def _html_hidden(element) -> bool:
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    classes = (element.get("class") or "").split()
    # Text only for screen readers, such as GOV.UK's "(opens in new tab)".
    return (
        "display:none" in style or "visibility:hidden" in style or any(name in _SCREEN_READER_ONLY for name in classes)
    )


def _html_skipped(element) -> bool:
    if not isinstance(element.tag, str):
        return True  # a comment or processing instruction the parser kept
    tag = element.tag.lower()
    if tag in _HTML_SKIPPED or (element.get("role") or "").lower() in _HTML_SKIPPED_ROLES or _html_hidden(element):
        return True
    # A page's banner and footer; a <header> inside an article or section is that part's own heading.
    return tag in ("header", "footer") and not any(
        ancestor.tag in ("article", "section", "main") for ancestor in element.iterancestors()
    )


class _HtmlWalker:
    def __init__(self, blocks: _Blocks):
        self.blocks = blocks

    def container(self, element, depth: int) -> None:
        """An element holding blocks; its loose text and inline elements between them are paragraphs."""
        if depth > _MAX_HTML_DEPTH:
            self.blocks.add("paragraph", " ".join(element.itertext()))
            return
        loose: list[tuple[str, bool]] = [(element.text or "", False)]
        for child in element:
            if not _html_skipped(child) and child.tag.lower() in _HTML_BLOCKS:
                self.paragraphs(loose)
                loose = []
                self.block(child, depth + 1)
            elif not _html_skipped(child):
                loose += self.inline(child, False, depth + 1)
            loose.append((child.tail or "", False))
        self.paragraphs(loose)

    def block(self, element, depth: int) -> None:
        tag = element.tag.lower()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text, bold = _joined(self.inline(element, False, depth))
            self.blocks.add("heading", text, level=int(tag[1]), bold=bold)
        elif tag in ("p", "dt", "dd", "caption", "figcaption", "summary", "address"):
            if any(not _html_skipped(child) and child.tag.lower() in _HTML_BLOCKS for child in element):
                self.container(element, depth)
            else:
                self.paragraphs(self.inline(element, False, depth))
        elif tag == "pre":
            for line in "".join(element.itertext()).splitlines():
                self.blocks.add("paragraph", line)
        elif tag in ("ul", "ol", "menu"):
            self.items(element, depth)
        elif tag == "li":  # outside any list
            self.item(element, 0, "", depth)
        elif tag == "table":
            self.table(element, depth)
        elif tag == "hr":
            return
        else:
            self.container(element, depth)

    def items(self, element, depth: int) -> None:
        level = sum(1 for ancestor in element.iterancestors() if ancestor.tag in ("ul", "ol", "menu"))
        ordered = element.tag.lower() == "ol"
        items = [child for child in element if isinstance(child.tag, str) and child.tag.lower() == "li"]
        step = -1 if element.get("reversed") is not None else 1
        counter = _int(element.get("start"), len(items) if step < 0 else 1)
        format = _OL_TYPES.get((element.get("type") or "1").strip(), "decimal")
        for child in element:
            if _html_skipped(child):
                continue
            if child.tag.lower() == "li":
                if child.get("value") is not None:
                    counter = _int(child.get("value"), counter)
                self.item(child, level, _format_number(counter, format) if ordered else "", depth + 1)
                counter += step
            elif child.tag.lower() in _HTML_BLOCKS:
                self.block(child, depth + 1)

    def item(self, element, level: int, number: str, depth: int) -> None:
        """A list item: its own text, then the lists and tables inside it."""
        pieces: list[tuple[str, bool]] = [(element.text or "", False)]
        nested = []
        for child in element:
            if _html_skipped(child):
                pass
            elif child.tag.lower() in ("ul", "ol", "menu", "table"):
                nested.append(child)
            else:
                pieces += self.inline(child, False, depth + 1)
                if child.tag.lower() in _HTML_BLOCKS:
                    pieces.append((" ", False))
            pieces.append((child.tail or "", False))
        text, bold = _joined(pieces)
        self.blocks.add("item", text, level=level, number=number, bold=bold)
        for child in nested:
            self.block(child, depth + 1)

    def table(self, element, depth: int) -> None:
        for caption in element.iterchildren("caption"):
            self.paragraphs(self.inline(caption, False, depth + 1))
        rows = [
            row
            for row in element.iter("tr")
            if next((ancestor for ancestor in row.iterancestors("table")), None) is element
            and not any(_html_skipped(ancestor) for ancestor in row.iterancestors() if ancestor is not element)
            and not _html_skipped(row)
        ]
        for row in rows:
            cells = [cell for cell in row if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")]
            texts = []
            bolds = []
            for cell in cells:
                text, bold = _joined(self.inline(cell, False, depth + 1))
                texts.append(text)
                if text.strip():
                    bolds.append(bold)
            header = bool(cells) and (
                all(cell.tag.lower() == "th" for cell in cells) or row.getparent().tag.lower() == "thead"
            )
            self.blocks.row(texts, header=header, bold=bool(bolds) and all(bolds))

    def inline(self, element, bold: bool, depth: int) -> list[tuple[str, bool]]:
        """The text in an element as (piece, bold) pairs, a <br> as a line break; blocks inside read as text."""
        if _html_skipped(element):
            return []
        tag = element.tag.lower()
        if tag == "br":
            return [(_LINE_BREAK, bold)]
        bold = bold or tag in ("strong", "b")
        if depth > _MAX_HTML_DEPTH:
            return [(" ".join(element.itertext()), bold)]
        pieces = [(element.text or "", bold)]
        for child in element:
            pieces += self.inline(child, bold, depth + 1)
            if isinstance(child.tag, str) and child.tag.lower() in _HTML_BLOCKS:
                pieces.append((" ", bold))
            pieces.append((child.tail or "", bold))
        return pieces

    def paragraphs(self, pieces: list[tuple[str, bool]]) -> None:
        """One paragraph for each run of pieces between line breaks."""
        run: list[tuple[str, bool]] = []
        for piece in [*pieces, (_LINE_BREAK, False)]:
            if piece[0] == _LINE_BREAK:
                text, bold = _joined(run)
                self.blocks.add("paragraph", text, bold=bold)
                run = []
            else:
                run.append(piece)


def _joined(pieces: list[tuple[str, bool]]) -> tuple[str, bool]:
    """The pieces' text, and whether all of it that is not white space is bold."""
    text = "".join(" " if piece == _LINE_BREAK else piece for piece, _bold in pieces)
    weights = [bold for piece, bold in pieces if piece.strip()]
    return text, bool(weights) and all(weights)


# Markdown and text -------------------------------------------------------------------------------

_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# The first bytes of files that are not text, whatever else they hold.
_BINARY_STARTS = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
_BULLETS = "•◦▪‣●–-*"


def _decode_text(data: bytes, not_text: str) -> str:
    """UTF-8 (with or without a byte order mark; UTF-16 with one), else Windows-1252; binary is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise Unreadable(not_text) from None
            break
    else:
        if data.startswith(_BINARY_STARTS) or b"\x00" in data:
            raise Unreadable(not_text)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:  # bytes Windows-1252 leaves unused: not text
                raise Unreadable(not_text) from None
    if "\x00" in text:
        raise Unreadable(not_text)
    return text


class _Indents:
    """The nesting level of list items from their indentation, as a stack of the indents seen."""

    def __init__(self):
        self.stack: list[int] = []

    def level(self, indent: int) -> int:
        while self.stack and self.stack[-1] > indent:
            self.stack.pop()
        if not self.stack or self.stack[-1] < indent:
            self.stack.append(indent)
        return len(self.stack) - 1

    def reset(self) -> None:
        self.stack = []


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_MD_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
_MD_BREAK = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")
_MD_BOLD = re.compile(r"^(\*\*|__)(?!\s)(.+?)(?<!\s)\1$")
# Inline marks, each pattern written so that no part of a line is scanned from more than one start
# (the text between two marks holds no mark), so a hostile line costs time in proportion to its length.
_MD_INLINE = [
    (re.compile(r"!\[([^\[\]]*)\]\([^()]*\)"), r"\1"),  # an image: its description
    (re.compile(r"\[([^\[\]]+)\]\([^()]*\)"), r"\1"),  # a link: its words
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*"), r"\1"),
    (re.compile(r"__([^_\s](?:[^_]*[^_\s])?)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*([^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_([^_\s](?:[^_]*[^_\s])?)_(?![\w_])"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),
]


def _md_inline(text: str) -> tuple[str, bool]:
    """Text without Markdown's inline marks, and whether all of it was bold (``**…**``)."""
    text = _collapse(text)
    whole = _MD_BOLD.match(text)
    bold = bool(whole) and "**" not in whole.group(2) and "__" not in whole.group(2)
    if bold:
        text = whole.group(2)
    if any(mark in text for mark in "[`*_\\"):
        for pattern, replacement in _MD_INLINE:
            text = pattern.sub(replacement, text)
    return text, bold


def _md_cells(line: str) -> list[str]:
    # The marks are taken out of the whole row at once, a written "\\|" kept apart from the cells' "|".
    line = _md_inline(line.strip().replace("\\|", "\x00"))[0]
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") else line
    return [cell.replace("\x00", "|") for cell in line.split("|")]


def _md_heading(match: re.Match) -> str:
    """A heading's words, without the #s that may close it ("## Finance ##")."""
    text = (match.group(2) or "").rstrip()
    unclosed = text.rstrip("#")
    if unclosed != text and (not unclosed or unclosed[-1] in " \t"):
        text = unclosed
    return text


class _Gathering:
    """The lines of the paragraph or list item being read; one longer than a whole meeting is refused."""

    def __init__(self, kind: str, line: str, level: int = 0):
        self.kind = kind
        self.lines = [line]
        self.level = level
        self.length = len(line)
        if self.length > MAX_CHARS:
            raise _too_long()

    def append(self, line: str) -> None:
        self.lines.append(line)
        self.length += len(line) + 1
        if self.length > MAX_CHARS:
            raise _too_long()

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def _lines(text: str):
    """The lines of a text one at a time: ``splitlines`` would hold a long file's lines all at once."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end + 1


def _read_markdown(text: str, blocks: _Blocks) -> None:
    indents = _Indents()
    current: _Gathering | None = None  # the paragraph or list item being read
    table_rows = 0
    fence = None

    def flush():
        nonlocal current
        if current is not None:
            words, bold = _md_inline(current.text)
            blocks.add(current.kind, words, level=current.level, bold=bold)
        current = None

    for line in _lines(text):
        if fence is None and line.lstrip().startswith(">"):
            line = re.sub(r"^\s*(>\s?)+", "", line)  # a block quote reads as its text
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            else:
                blocks.add("paragraph", line)
            continue
        if stripped.startswith(("```", "~~~")):
            flush()
            fence = stripped[:3]
            continue
        if not stripped.startswith("|"):
            table_rows = 0
        if not stripped:
            flush()
            continue
        heading = _MD_HEADING.match(line)
        item = _MD_ITEM.match(line)
        if heading:
            flush()
            indents.reset()
            words, bold = _md_inline(_md_heading(heading))
            blocks.add("heading", words, level=len(heading.group(1)), bold=bold)
        elif re.fullmatch(r"=+|-+", stripped) and current is not None and current.kind == "paragraph":
            words, bold = _md_inline(current.text)
            blocks.add("heading", words, level=1 if stripped[0] == "=" else 2, bold=bold)
            current = None
        elif _MD_BREAK.match(line):
            flush()
        elif stripped.startswith("|"):
            flush()
            if len(stripped) > MAX_CHARS or stripped.count("|") > MAX_CELLS + 1:
                raise _too_long()
            if _MD_TABLE_SEPARATOR.match(stripped):
                continue
            blocks.row(_md_cells(stripped), header=table_rows == 0)
            table_rows += 1
        elif item:
            flush()
            marker = item.group(2)
            # The number as written stays in the text ("3. Finance"); a bullet does not.
            words = (marker + " " if marker[0].isdigit() else "") + item.group(3)
            current = _Gathering("item", words, indents.level(_indent(line)))
        elif current is not None:
            current.append(stripped)
        else:
            if _indent(line) == 0:
                indents.reset()
            current = _Gathering("paragraph", stripped)
    flush()


_TEXT_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_TEXT_ITEM = re.compile(r"^(\s*)[•◦▪‣●–*-]\s+(.*)$")


def _read_text(text: str, blocks: _Blocks) -> None:
    # The usual line length, from the first lines: enough to know how the text was wrapped.
    full = _full_length(itertools.islice((len(line.strip()) for line in _lines(text) if line.strip()), MAX_BLOCKS))
    indents = _Indents()
    current: _Gathering | None = None

    def flush():
        nonlocal current
        if current is not None and current.lines:
            blocks.add(current.kind, current.text, level=current.level)
        current = None

    for line in _lines(text):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        underline = _TEXT_UNDERLINE.match(line) if len(stripped) >= 3 else None
        if underline:
            if current is not None and current.kind == "paragraph":
                title = current.lines.pop()
                flush()
                blocks.add("heading", title, level=1 if stripped[0] == "=" else 2)
            else:
                flush()  # a rule between parts: not text
            continue
        item = _TEXT_ITEM.match(line)
        if item:
            flush()
            current = _Gathering("item", item.group(2), indents.level(_indent(line)))
            continue
        if current is not None and _continues(current.lines[-1], stripped, len(current.lines[-1]) >= full):
            current.append(stripped)
            continue
        flush()
        if _indent(line) == 0:
            indents.reset()
        current = _Gathering("paragraph", stripped)
    flush()
