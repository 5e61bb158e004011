"""Minutes written elsewhere are read into ordered blocks; a file that is not what it says, or that is
built to cost the service memory or time, is refused with a message that says why."""

import functools
import io
import time
import tracemalloc
import zipfile
import zlib

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from meetings.importing import reading
from meetings.importing.reading import Block, Document, Unreadable, read
from steering.errors import DomainError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(Unreadable) as refused:
        read(data, name)
    assert isinstance(refused.value, DomainError)
    assert refused.value.field == "file"
    return refused.value.message


# DOCX ---------------------------------------------------------------------------------------------

# A list with four levels, as Word writes one: "1", "1.1", "a)", "(i)".
ABSTRACT = f"""<w:abstractNum xmlns:w="{W}" w:abstractNumId="20">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%4)"/></w:lvl>
</w:abstractNum>"""
ROMAN = f"""<w:abstractNum xmlns:w="{W}" w:abstractNumId="21">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%2."/></w:lvl>
</w:abstractNum>"""
NUMS = [
    f'<w:num xmlns:w="{W}" w:numId="20"><w:abstractNumId w:val="20"/></w:num>',
    # The same list again, but counting from 4 at the top level.
    f'<w:num xmlns:w="{W}" w:numId="21"><w:abstractNumId w:val="20"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>',
    f'<w:num xmlns:w="{W}" w:numId="22"><w:abstractNumId w:val="21"/></w:num>',
]


def numbered(document, text: str, num_id: int, ilvl: int):
    paragraph = document.add_paragraph(text, style="List Paragraph")
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = ilvl
    numbering.get_or_add_numId().val = num_id
    return paragraph


@functools.cache
def minutes_docx() -> bytes:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ROMAN))
    numbering.insert(0, parse_xml(ABSTRACT))
    for num in NUMS:
        numbering.append(parse_xml(num))
    document.add_heading("Minutes of the Steering Group", level=0)
    document.add_heading("Present", level=1)
    document.add_paragraph("Jo Bloggs (Chair),   Sam Jones")
    document.add_paragraph().add_run("Welcome and apologies").bold = True
    mixed = document.add_paragraph("The chair ")
    mixed.add_run("welcomed").bold = True
    mixed.add_run(" members.")
    for text, ilvl in [
        ("Finance", 0),
        ("Budget", 1),
        ("Audit", 1),
        ("Membership", 0),
        ("New members", 1),
        ("Welsh speakers", 2),
        ("Young people", 2),
        ("From schools", 3),
        ("From colleges", 3),
        ("Any other business", 0),
    ]:
        numbered(document, text, 20, ilvl)
    numbered(document, "Carried on from the last list", 21, 0)
    numbered(document, "Sub-item of it", 21, 1)
    numbered(document, "Part one", 22, 0)
    numbered(document, "Section A", 22, 1)
    document.add_paragraph("First numbered by its style", style="List Number")
    document.add_paragraph("Second numbered by its style", style="List Number")
    document.add_paragraph("A bullet", style="List Bullet")
    document.add_paragraph("A bullet, one level in", style="List Bullet 2")
    document.styles.add_style("Pennawd 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Camau gweithredu", style="Pennawd 2")
    table = document.add_table(rows=3, cols=3)
    for index, texts in enumerate(
        [("Action", "Owner", "Due"), ("Write to the council", "Jo Bloggs", "27 September 2022"), ("", "", "")]
    ):
        for cell, text in zip(table.rows[index].cells, texts, strict=True):
            cell.paragraphs[0].add_run(text).bold = index == 0
    document.add_paragraph("Next meeting: 4 October 2022.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_read_docx_gives_headings_numbered_items_bold_lines_and_table_rows_in_order():
    document = read(minutes_docx(), "cofnodion.docx")

    assert document.format == "docx"
    assert document.name == "cofnodion.docx"
    assert document.pages is None
    assert document.blocks == (
        Block("heading", "Minutes of the Steering Group", level=1),
        Block("heading", "Present", level=1, bold=True),  # the template's Heading 1 is bold
        Block("paragraph", "Jo Bloggs (Chair), Sam Jones"),
        Block("paragraph", "Welcome and apologies", bold=True),
        Block("paragraph", "The chair welcomed members."),
        Block("item", "Finance", number="1"),
        Block("item", "Budget", level=1, number="1.1"),
        Block("item", "Audit", level=1, number="1.2"),
        Block("item", "Membership", number="2"),
        Block("item", "New members", level=1, number="2.1"),
        Block("item", "Welsh speakers", level=2, number="a)"),
        Block("item", "Young people", level=2, number="b)"),
        Block("item", "From schools", level=3, number="(i)"),
        Block("item", "From colleges", level=3, number="(ii)"),
        Block("item", "Any other business", number="3"),
        Block("item", "Carried on from the last list", number="4"),
        Block("item", "Sub-item of it", level=1, number="4.1"),
        Block("item", "Part one", number="I"),
        Block("item", "Section A", level=1, number="A"),
        Block("item", "First numbered by its style", number="1"),
        Block("item", "Second numbered by its style", number="2"),
        Block("item", "A bullet"),
        Block("item", "A bullet, one level in", level=1),
        Block("heading", "Camau gweithredu", level=2),
        Block("row", "Action | Owner | Due", cells=("Action", "Owner", "Due"), header=True, bold=True),
        Block(
            "row",
            "Write to the council | Jo Bloggs | 27 September 2022",
            cells=("Write to the council", "Jo Bloggs", "27 September 2022"),
        ),
        Block("paragraph", "Next meeting: 4 October 2022."),
    )


def replace_member(data: bytes, member: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info))
    return out.getvalue()


def test_read_docx_refuses_a_document_type_declaration():
    with zipfile.ZipFile(io.BytesIO(minutes_docx())) as archive:
        xml = archive.read("word/document.xml")
    laughs = b'<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
    hostile = replace_member(minutes_docx(), "word/document.xml", xml.replace(b"?>", b"?>" + laughs, 1))

    assert refusal(hostile, "minutes.docx") == (
        "The DOCX document holds a document type declaration, which Word never writes, so it is not read. "
        "Open it in Word, save it again and upload that."
    )


def zip_of_zeros(megabytes: int) -> bytes:
    """A zip whose one member inflates to ``megabytes`` of zeros, written a megabyte at a time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(bytes(1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize("megabytes", [200, 30], ids=["over 50 MB in all", "30 MB from a few kilobytes"])
def test_read_docx_refuses_a_zip_bomb_cheaply(megabytes):
    bomb = zip_of_zeros(megabytes)
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()

    message = refusal(bomb, "minutes.docx")

    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message == (
        "The file is not a document this service can read (it unpacks to far more than a document of minutes)."
    )
    assert peak < 5 * 1024 * 1024
    assert took < 1


# PDF ----------------------------------------------------------------------------------------------

PAGE_CSS = "<style>@page { size: A4; margin: 2cm } body { font-family: DejaVu Sans; font-size: 11pt }</style>"


def pdf_of(body: str) -> bytes:
    return HTML(string=f"<html><head>{PAGE_CSS}</head><body>{body}</body></html>").write_pdf()


@functools.cache
def minutes_pdf() -> bytes:
    return pdf_of(
        "<h1>Cofnodion y Grŵp Llywio</h1>"
        "<p>Held on 22 September 2022 at Tŷ Hywel, Cardiff.</p>"
        "<p><strong>1. Welcome and apologies</strong></p>"
        "<p>The chair welcomed members to the meeting and thanked the officials who had prepared the papers "
        "for the group, which were circulated a week before the meeting as the terms of reference require. "
        "Apologies were received from Sam Jones.</p>"
        "<p>Present: <strong>Jo Bloggs</strong>, Sam Jones</p>"
        '<p style="break-before: page"><strong>2. Any other business</strong></p>'
        "<p>None.</p>"
    )


def test_read_pdf_gives_a_block_per_paragraph_with_its_page_and_weight():
    document = read(minutes_pdf(), "minutes.pdf")

    assert document.format == "pdf"
    assert document.pages == 2
    assert document.blocks == (
        Block("paragraph", "Cofnodion y Grŵp Llywio", bold=True, page=1),
        Block("paragraph", "Held on 22 September 2022 at Tŷ Hywel, Cardiff.", page=1),
        Block("paragraph", "1. Welcome and apologies", bold=True, page=1),
        Block(
            "paragraph",
            "The chair welcomed members to the meeting and thanked the officials who had prepared the papers "
            "for the group, which were circulated a week before the meeting as the terms of reference require. "
            "Apologies were received from Sam Jones.",
            page=1,
        ),
        Block("paragraph", "Present: Jo Bloggs, Sam Jones", page=1),
        Block("paragraph", "2. Any other business", bold=True, page=2),
        Block("paragraph", "None.", page=2),
    )


def test_read_pdf_refuses_a_password_protected_pdf():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minutes_pdf())))
    writer.encrypt("cyfrinach")
    out = io.BytesIO()
    writer.write(out)

    assert refusal(out.getvalue(), "minutes.pdf") == (
        "The PDF is protected with a password. Remove the protection and upload it again, or upload the Word or "
        "text version."
    )


def test_read_pdf_refuses_a_pdf_without_text():
    scan = pdf_of('<svg width="400" height="300"><rect width="400" height="300" fill="#ccc"/></svg>')

    assert refusal(scan, "minutes.pdf") == (
        "The PDF has no text to read: it may be a scanned image. Upload the Word or text version."
    )


def test_read_pdf_refuses_more_than_200_pages_without_reading_them():
    page = PdfReader(io.BytesIO(pdf_of("<p>A page of minutes.</p>"))).pages[0]
    writer = PdfWriter()
    for _ in range(201):
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    started = time.perf_counter()

    message = refusal(out.getvalue(), "minutes.pdf")

    assert message == "The PDF has 201 pages; minutes of one meeting have far fewer — at most 200."
    assert time.perf_counter() - started < 2


def pdf_with_stream(stream: bytes) -> bytes:
    """A one-page PDF whose page is drawn by ``stream``, compressed, built by hand."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
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


def test_read_pdf_refuses_a_page_that_inflates_to_far_more_than_a_page_cheaply():
    compressor = zlib.compressobj(1)
    stream = compressor.compress(b"BT /F1 12 Tf 72 720 Td (Minutes) Tj ET\n")
    for _ in range(100):  # a page of 100 MB, from a few hundred kilobytes
        stream += compressor.compress(bytes(1024 * 1024))
    bomb = pdf_with_stream(stream + compressor.flush())
    tracemalloc.start()

    message = refusal(bomb, "minutes.pdf")

    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message == (
        "The PDF could not be read: it may be damaged. Save it again as a PDF, or upload the Word or text version."
    )
    assert peak < 80 * 1024 * 1024  # pypdf stops inflating a stream at 20 MB


def test_read_pdf_refuses_a_page_drawn_with_more_operators_than_a_page_of_minutes_needs():
    # 300,000 operators and operands: pypdf would take half a minute over a page of two million.
    scribble = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Minutes) Tj ET\n" + b"0 0 m\n" * 100_000)

    assert refusal(pdf_with_stream(scribble), "minutes.pdf") == (
        "The PDF could not be read: it may be damaged. Save it again as a PDF, or upload the Word or text version."
    )


def test_read_pdf_stops_when_its_time_is_up(monkeypatch):
    monkeypatch.setattr(reading, "PDF_SECONDS", -1)

    assert refusal(minutes_pdf(), "minutes.pdf") == (
        "The PDF takes too long to read: it is not built as a document of minutes usually is. Save it again as a "
        "PDF, or upload the Word or text version."
    )


# HTML ---------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Minutes | GOV.WALES</title>
<style>p { color: red }</style><script>document.write("<p>Not this</p>")</script></head>
<body>
<header><a href="/">GOV.WALES</a><nav><ul><li>Home</li><li>Education</li></ul></nav></header>
<p>A cookie banner outside the main content.</p>
<main>
  <h1>ALN Implementation Steering Group: 22 September 2022</h1>
  <p>Minutes of the meeting held in <a href="/cardiff">Cardiff</a>.<br>Tŷ Hywel<br/>Bae Caerdydd</p>
  <p><strong>Present</strong></p>
  <ul><li>Jo Bloggs (Chair)</li><li>Sam <b>Jones</b></li></ul>
  <h2>Items</h2>
  <ol start="3">
    <li><strong>Finance</strong>
      <ul><li>The budget was agreed.</li></ul>
    </li>
    <li>Membership</li>
    <li value="7">Any other business <span class="govuk-visually-hidden">(item 7)</span></li>
  </ol>
  <ol type="a"><li>First</li><li>Second</li></ol>
  <div>Loose text in a div <em>with emphasis</em><div>An inner div</div>and text after it</div>
  <aside>Related content</aside>
  <p hidden>Hidden</p><p aria-hidden="true">Also hidden</p>
  <form><label>Was this page useful?</label></form>
  <table>
    <thead><tr><th>Action</th><th>Owner</th></tr></thead>
    <tbody><tr><td>Write to the council</td><td>Jo Bloggs</td></tr></tbody>
  </table>
  <noscript>Turn on JavaScript</noscript>
</main>
<footer><p>© Crown copyright</p></footer>
</body></html>"""


def test_read_html_gives_the_main_content_only_with_list_numbers_and_table_rows():
    document = read(PAGE.encode(), "minutes.html")

    assert document.format == "html"
    assert document.blocks == (
        Block("heading", "ALN Implementation Steering Group: 22 September 2022", level=1),
        Block("paragraph", "Minutes of the meeting held in Cardiff."),
        Block("paragraph", "Tŷ Hywel"),
        Block("paragraph", "Bae Caerdydd"),
        Block("paragraph", "Present", bold=True),
        Block("item", "Jo Bloggs (Chair)"),
        Block("item", "Sam Jones"),
        Block("heading", "Items", level=2),
        Block("item", "Finance", number="3", bold=True),
        Block("item", "The budget was agreed.", level=1),
        Block("item", "Membership", number="4"),
        Block("item", "Any other business", number="7"),
        Block("item", "First", number="a"),
        Block("item", "Second", number="b"),
        Block("paragraph", "Loose text in a div with emphasis"),
        Block("paragraph", "An inner div"),
        Block("paragraph", "and text after it"),
        Block("row", "Action | Owner", cells=("Action", "Owner"), header=True),
        Block("row", "Write to the council | Jo Bloggs", cells=("Write to the council", "Jo Bloggs")),
    )


def test_read_html_without_main_skips_the_page_banner_and_footer():
    page = (
        "<html><body><header><p>Site name</p></header><nav>Menu</nav>"
        "<h2>Cofnodion</h2><p>Cytunwyd.</p><footer>Hawlfraint</footer></body></html>"
    )

    assert read(page.encode(), "cofnodion.htm").blocks == (
        Block("heading", "Cofnodion", level=2),
        Block("paragraph", "Cytunwyd."),
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('<meta charset="windows-1252"><p>Gŵyl – £5</p>'.encode(), "Gŵyl – £5"),  # says 1252, is UTF-8
        ('<meta charset="iso-8859-14"><p>Gŵyl</p>'.encode("iso-8859-14"), "Gŵyl"),
        ('<meta charset="windows-1252"><p>Cân – £5</p>'.encode("cp1252"), "Cân – £5"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Cân</p>'.encode("cp1252"), "Cân"),
        ("<p>Gŵyl</p>".encode("utf-8-sig"), "Gŵyl"),
        ("<p>Gŵyl</p>".encode("utf-16"), "Gŵyl"),
        ("<p>Cân – £5</p>".encode("cp1252"), "Cân – £5"),  # no charset, not UTF-8: Windows-1252
    ],
)
def test_read_html_decodes_by_byte_order_mark_then_utf8_then_declared_charset_then_windows_1252(data, expected):
    assert read(data, "minutes.html").blocks == (Block("paragraph", expected),)


def test_read_html_does_not_expand_entities_declared_in_the_page():
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    page = f'<!DOCTYPE html [<!ENTITY lol0 "lol">{entities}]><html><body><main><p>a &lol9; b</p></main></body></html>'
    started = time.perf_counter()

    document = read(page.encode(), "laughs.html")

    assert document.blocks == (Block("paragraph", "a &lol9; b"),)
    assert time.perf_counter() - started < 1


# Markdown and text --------------------------------------------------------------------------------

MARKDOWN = """# Steering Group minutes

Held on 22 September 2022,
in [Cardiff](https://example.org).

**Welcome and apologies**

## 1. Finance

1. Budget
   - agreed for *2023*
   - to be reviewed
2. Audit

| Action | Owner |
| --- | :---: |
| Write to the council | Jo Bloggs |

Next meeting
------------

> Quoted text
"""


def test_read_markdown_gives_headings_nested_items_with_their_numbers_tables_and_bold_lines():
    document = read(MARKDOWN.encode(), "minutes.md")

    assert document.format == "markdown"
    assert document.blocks == (
        Block("heading", "Steering Group minutes", level=1),
        Block("paragraph", "Held on 22 September 2022, in Cardiff."),
        Block("paragraph", "Welcome and apologies", bold=True),
        Block("heading", "1. Finance", level=2),
        Block("item", "1. Budget"),
        Block("item", "agreed for 2023", level=1),
        Block("item", "to be reviewed", level=1),
        Block("item", "2. Audit"),
        Block("row", "Action | Owner", cells=("Action", "Owner"), header=True),
        Block("row", "Write to the council | Jo Bloggs", cells=("Write to the council", "Jo Bloggs")),
        Block("heading", "Next meeting", level=2),
        Block("paragraph", "Quoted text"),
    )


TEXT = """Minutes of the Steering Group
=============================

Present: Jo Bloggs (Chair), Sam Jones
Apologies: none

1. Welcome
The chair welcomed everyone to the meeting and noted that the papers had been
circulated a week before. Members agreed the agenda and the minutes of the
last meeting.

Actions
-------
• Jo Bloggs to write to the council about the
  budget by 27 September 2022
- Sam Jones to book the room
    * and the interpreters
"""


def test_read_text_joins_wrapped_lines_and_finds_underlined_headings_and_bullets():
    document = read(TEXT.encode(), "minutes.txt")

    assert document.format == "text"
    assert document.blocks == (
        Block("heading", "Minutes of the Steering Group", level=1),
        Block("paragraph", "Present: Jo Bloggs (Chair), Sam Jones"),
        Block("paragraph", "Apologies: none"),
        Block("paragraph", "1. Welcome"),
        Block(
            "paragraph",
            "The chair welcomed everyone to the meeting and noted that the papers had been circulated a week "
            "before. Members agreed the agenda and the minutes of the last meeting.",
        ),
        Block("heading", "Actions", level=2),
        Block("item", "Jo Bloggs to write to the council about the budget by 27 September 2022"),
        Block("item", "Sam Jones to book the room"),
        Block("item", "and the interpreters", level=1),
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Cyfarfod y Grŵp Llywio yn Nhŷ Hywel".encode(), "Cyfarfod y Grŵp Llywio yn Nhŷ Hywel"),
        ("Cyfarfod y Grŵp Llywio yn Nhŷ Hywel".encode("utf-8-sig"), "Cyfarfod y Grŵp Llywio yn Nhŷ Hywel"),
        ("Cyfarfod y Grŵp Llywio yn Nhŷ Hywel".encode("utf-16"), "Cyfarfod y Grŵp Llywio yn Nhŷ Hywel"),
        # Windows-1252 has no ŵ or ŷ; it has the other Welsh accents.
        ("Cân, ffôn, dwr? Nage: cân a thê".encode("cp1252"), "Cân, ffôn, dwr? Nage: cân a thê"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16 with BOM", "windows-1252"],
)
def test_read_text_decodes_utf8_then_windows_1252(data, expected):
    assert read(data, "cofnodion.txt").blocks == (Block("paragraph", expected),)


# Files that are refused ---------------------------------------------------------------------------

NOT_A = "The file is not a {} document, though its name says so."
ACCEPTED = (
    "Minutes can be read from a Word document (.docx), a PDF, a web page (.html), Markdown (.md) or plain text "
    "(.txt). Save the minutes in one of those formats and upload that."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
NO_TEXT = "The document has no text to read."
DAMAGED = "The DOCX document could not be read: it may be damaged. Open it in Word, save it again and upload that."
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the start of an old Word (.doc) file


def zip_with(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(member, "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (lambda: minutes_pdf(), "minutes.docx", NOT_A.format("DOCX")),
        (lambda: OLE, "minutes.docx", NOT_A.format("DOCX")),
        (lambda: PNG, "minutes.pdf", NOT_A.format("PDF")),
        (lambda: minutes_docx(), "minutes.pdf", NOT_A.format("PDF")),
        (lambda: PNG, "minutes.html", "The file is not a web page (HTML), though its name says so."),
        (lambda: b"Just some words.", "minutes.html", "The file is not a web page (HTML), though its name says so."),
        (lambda: minutes_pdf(), "minutes.txt", "The file is not a text file, though its name says so."),
        (lambda: b"Minutes\x00\x01\x02", "minutes.txt", "The file is not a text file, though its name says so."),
        (lambda: b"\x81\x8d\x8f binary", "minutes.txt", "The file is not a text file, though its name says so."),
        (lambda: PNG, "minutes.md", NOT_A.format("Markdown")),
        (lambda: OLE, "minutes.doc", ACCEPTED),
        (lambda: b"content", "minutes.odt", ACCEPTED),
        (lambda: b"{\\rtf1 Minutes}", "minutes.rtf", ACCEPTED),
        (lambda: PNG, "minutes.png", ACCEPTED),
        (lambda: b"Minutes", "minutes", ACCEPTED),
        (lambda: b"", "minutes.txt", "The file is empty."),
        (lambda: b"  \n\n  ", "minutes.md", "The file is empty."),
        (lambda: b"<html><body><script>x()</script></body></html>", "minutes.html", NO_TEXT),
        (lambda: zip_with("xl/workbook.xml"), "minutes.docx", NOT_A.format("DOCX")),
        (lambda: b"PK\x03\x04 not really a zip", "minutes.docx", DAMAGED),
    ],
    ids=[
        "pdf named docx",
        "doc named docx",
        "png named pdf",
        "docx named pdf",
        "png named html",
        "text named html",
        "pdf named txt",
        "binary txt",
        "bytes unused in windows-1252",
        "png named md",
        "doc",
        "odt",
        "rtf",
        "png",
        "no extension",
        "empty",
        "white space",
        "html without text",
        "workbook named docx",
        "damaged zip",
    ],
)
def test_read_refuses_a_file_that_is_not_what_its_name_says_or_not_a_format_it_reads(content, name, message):
    assert refusal(content(), name) == message


def test_read_refuses_a_file_over_the_size_limit_before_parsing(settings):
    settings.PAPER_MAX_BYTES = 1000

    assert refusal(b"x" * 1001, "minutes.pdf") == "The file must be smaller than 1000\xa0bytes"


@pytest.mark.parametrize(
    "text",
    ["Item.\n\n" * 20_001, "word " * 400_001],
    ids=["20,001 blocks", "2,000,005 characters"],
)
def test_read_refuses_a_document_too_long_for_one_meeting(text):
    assert refusal(text.encode(), "minutes.txt") == "The document is too long to be the minutes of one meeting."


def test_read_gives_a_document_of_frozen_blocks():
    document = read(b"Cytunwyd.", "cofnodion.txt")

    assert document == Document(blocks=(Block("paragraph", "Cytunwyd."),), format="text", name="cofnodion.txt")
    with pytest.raises(AttributeError):
        document.blocks[0].text = "Changed"
