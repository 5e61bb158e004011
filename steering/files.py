"""Checks on uploaded documents: the kinds a committee circulates, and no bigger than needed.

The type is judged by the file's contents, not only by its name.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    shows: str  # what the first bytes ("pdf") or the zip's contents must show
    content_type: str  # what it is served as


DOCUMENT_KINDS = {
    ".pdf": Kind("pdf", "application/pdf"),
    ".docx": Kind("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": Kind("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".odt": Kind("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text"),
}


def _extension(name: str) -> str:
    name = name.lower()
    return name[name.rfind(".") :] if "." in name else ""


def content_type_for(name: str) -> str:
    """What a stored file is served as; any other file (one put in some other way) only as bytes to save."""
    kind = DOCUMENT_KINDS.get(_extension(name))
    return kind.content_type if kind else "application/octet-stream"


def check_document(upload) -> None:
    extension = _extension(upload.name)
    if extension not in DOCUMENT_KINDS:
        raise ValidationError(_("The file must be a PDF, DOCX, ODT or XLSX document"), code="file_type")
    if upload.size > settings.PAPER_MAX_BYTES:
        raise ValidationError(
            _("The file must be smaller than %(size)s") % {"size": filesizeformat(settings.PAPER_MAX_BYTES)},
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty"), code="file_empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    expected = DOCUMENT_KINDS[extension].shows
    if expected == "pdf":
        ok = head.startswith(b"%PDF-")
    else:
        ok = head.startswith(b"PK\x03\x04") and _zip_shows(upload, expected)
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _("The file is not a real %(kind)s document. Save it again as %(kind)s and upload that")
            % {"kind": extension[1:].upper()},
            code="file_content",
        )


def _zip_shows(upload, expected: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if expected in names:
                return True
            return "mimetype" in names and archive.read("mimetype").decode("ascii", "replace").strip() == expected
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
