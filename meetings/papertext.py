"""The words of a paper, taken from its PDF, DOCX or ODT file when it is uploaded, for search.

DOCX and ODT are zip archives of XML: they are read with the standard library's ``zipfile`` and
defusedxml's parser (no entity expansion, no external entities), not with python-docx, which
would bring lxml and still not read ODT. Every read is bounded, so a zip bomb or a PDF of
thousands of pages costs a few megabytes and a few seconds at most: the XML member read is cut at
``MAX_XML_BYTES`` whatever its header claims, a PDF is read for ``MAX_PDF_PAGES`` pages, and the
text kept is cut at ``MAX_TEXT_CHARS``.

Extraction never fails an upload: ``text_of`` logs what went wrong and returns "".
"""

import io
import logging
import re
import zipfile

from defusedxml.ElementTree import fromstring
from django.conf import settings

logger = logging.getLogger(__name__)

MAX_XML_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 500
MAX_TEXT_CHARS = 200_000

# Where the running text of each kind of archive is, and the XML elements that hold a paragraph.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_DOCX = ("word/document.xml", (_W + "p",))
_ODT = ("content.xml", (_TEXT + "p", _TEXT + "h"))


class TooLarge(Exception):
    pass


def text_of(stored, name: str = "") -> str:
    """The text of a stored file (a FieldFile or an upload), "" if it has none or cannot be read."""
    name = (name or stored.name or "").lower()
    if not name.endswith((".pdf", ".docx", ".odt")):
        return ""  # an XLSX paper is figures, not prose
    try:
        with stored.open("rb") as opened:
            data = opened.read(settings.PAPER_MAX_BYTES + 1)
        if len(data) > settings.PAPER_MAX_BYTES:
            raise TooLarge(f"the file is more than {settings.PAPER_MAX_BYTES} bytes")
        if name.endswith(".pdf"):
            text = _pdf_text(data)
        elif name.endswith(".docx"):
            text = _archive_text(data, *_DOCX)
        else:
            text = _archive_text(data, *_ODT)
    except Exception:  # any damaged or hostile file: the paper is kept, only its words are not
        logger.warning("Could not take the text out of the paper file %s", name, exc_info=True)
        return ""
    return _tidy(text)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = []
    size = 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        part = page.extract_text() or ""
        parts.append(part)
        size += len(part)
        if size > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


def _archive_text(data: bytes, member: str, paragraph_tags: tuple[str, ...]) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        if info.file_size > MAX_XML_BYTES:
            raise TooLarge(f"{member} says it is {info.file_size} bytes")
        with archive.open(info) as opened:
            xml = opened.read(MAX_XML_BYTES + 1)  # the header may lie: the read is bounded anyway
        if len(xml) > MAX_XML_BYTES:
            raise TooLarge(f"{member} is more than {MAX_XML_BYTES} bytes")
    root = fromstring(xml, forbid_dtd=True)
    paragraphs = []
    for element in root.iter():
        if element.tag in paragraph_tags:
            if paragraph_tags[0].startswith(_W):
                # DOCX keeps the words of a paragraph in its <w:t> runs.
                paragraphs.append("".join(run.text or "" for run in element.iter(_W + "t")))
            else:
                # ODT keeps them in the paragraph's text, its <text:span>s and what follows each.
                paragraphs.append("".join(element.itertext()))
    return "\n".join(paragraphs)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\s*\n\s*", "\n", text).strip()
    return text[:MAX_TEXT_CHARS]
