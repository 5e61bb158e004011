"""The words of a paper are taken out of its file on upload, for search, and never fail the upload."""

import datetime
import io
import logging
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from meetings import papertext, services
from meetings.models import Paper

STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def pdf_with(text: str) -> bytes:
    """A one-page PDF whose page shows ``text`` (ASCII), built by hand with a correct cross-reference."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_with(*paragraphs: str, document: str | None = None) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' for text in paragraphs)
    document = (
        document
        or f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def odt_with(*paragraphs: str, content: str | None = None) -> bytes:
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    body = "".join(f"<text:p>{text}</text:p>" for text in paragraphs)
    content = content or (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office_ns}" '
        f'xmlns:text="{text_ns}"><office:body><office:text>{body}</office:text></office:body>'
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("paper.pdf", pdf_with("Pupil Level Annual School Census"), "Pupil Level Annual School Census"),
        ("papur.docx", docx_with("Data CYBLD", "Grŵp Llywio"), "Data CYBLD\nGrŵp Llywio"),
        (
            "papur.odt",
            odt_with('Y <text:span text:style-name="T1">Grŵp</text:span> Llywio', "Ail baragraff"),
            "Y Grŵp Llywio\nAil baragraff",
        ),
        ("figures.xlsx", b"PK\x03\x04 not read", ""),
    ],
)
def test_text_of_reads_pdf_docx_and_odt(name, content, expected):
    assert papertext.text_of(ContentFile(content, name=name)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.pdf", b"%PDF-1.4 this is not a PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip"),
        ("no-body.docx", docx_with(document="<w:document")),
        # An XML bomb (billion laughs): the parser refuses any DTD.
        (
            "laughs.docx",
            docx_with(
                document='<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                "<d>&b;</d>"
            ),
        ),
        # An external entity: never fetched, refused with the DTD.
        (
            "xxe.odt",
            odt_with(content='<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'),
        ),
    ],
)
def test_a_file_that_cannot_be_read_gives_no_text_and_is_logged(name, content, caplog):
    with caplog.at_level(logging.WARNING, logger="meetings.papertext"):
        assert papertext.text_of(ContentFile(content, name=name)) == ""
    assert f"Could not take the text out of the paper file {name}" in caplog.text


def test_a_zip_bomb_is_not_inflated(monkeypatch, caplog):
    # 30 MB of the same letter compresses to about 30 KB; the reader stops at the limit.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<d>" + "a" * (30 * 1024 * 1024) + "</d>")
    assert len(out.getvalue()) < 100_000
    assert papertext.text_of(ContentFile(out.getvalue(), name="bomb.docx")) == ""
    assert "bomb.docx" in caplog.text


def test_text_kept_is_cut_at_its_limit(monkeypatch):
    monkeypatch.setattr(papertext, "MAX_TEXT_CHARS", 10)
    assert papertext.text_of(ContentFile(docx_with("Pupil Level Annual School Census"), name="long.docx")) == (
        "Pupil Leve"
    )


@pytest.fixture
def item(cast):
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    return services.add_item(meeting, title_en="PLASC data", title_cy="Data CYBLD")


def test_uploading_a_paper_keeps_the_text_of_each_language(item, cast, client_as):
    response = client_as(cast.secretariat).post(
        reverse("meetings:paper_add", args=[item.meeting_id, item.pk]),
        {
            "title_en": "Census",
            "title_cy": "Cyfrifiad",
            "file_en": SimpleUploadedFile("census.pdf", pdf_with("Pupil Level Annual School Census")),
            "file_cy": SimpleUploadedFile("cyfrifiad.odt", odt_with("Cyfrifiad Blynyddol Ysgolion")),
        },
    )
    assert response.status_code == 302
    paper = Paper.objects.get(item=item)
    assert (paper.text_en, paper.text_cy) == ("Pupil Level Annual School Census", "Cyfrifiad Blynyddol Ysgolion")


def test_a_paper_whose_text_cannot_be_read_is_still_uploaded(item, cast, client_as, caplog):
    # Passes the type check (a zip holding word/document.xml) but the XML is broken.
    response = client_as(cast.secretariat).post(
        reverse("meetings:paper_add", args=[item.meeting_id, item.pk]),
        {"title_en": "Census", "file_en": SimpleUploadedFile("census.docx", docx_with(document="<w:document"))},
    )
    assert response.status_code == 302
    paper = Paper.objects.get(item=item)
    assert (paper.filename_en, paper.text_en) == ("census.docx", "")
    assert "census.docx" in caplog.text


def test_extract_paper_text_command_reads_papers_without_text(item, cast):
    paper = Paper.objects.create(
        item=item, title_en="Census", file_en=ContentFile(docx_with("Cyfrifiad"), name="census.docx")
    )
    out = io.StringIO()
    call_command("extract_paper_text", stdout=out)
    paper.refresh_from_db()
    assert paper.text_en == "Cyfrifiad"
    assert out.getvalue() == "1 papers read, 1 with text.\n"
    call_command("extract_paper_text", stdout=out)
    assert out.getvalue().endswith("0 papers read, 0 with text.\n")
