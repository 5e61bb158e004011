"""Hostile input through the forms: nothing unescaped reaches a page, and nothing answers 500.

The payloads are the usual cross-site scripting shapes and malformed values; each goes into the
text fields of the forms people use most, and the pages that show them are read back.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem
from workstreams.models import GlossaryEntry

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

OWN_SCRIPTS = {"/static/js/supported.js", "/static/js/init.mjs", "/static/js/minutes-autosave.mjs"}


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
            {f"decision-{item.pk}-text_en": payload, f"decision-{item.pk}-text_cy": payload},
        ),
        client.post(
            reverse("actions:action_add", args=[meeting.pk, item.pk]),
            {
                f"action-{item.pk}-text_en": payload,
                f"action-{item.pk}-text_cy": payload,
                f"action-{item.pk}-owner_person": str(cast.member.pk),
                f"action-{item.pk}-due_date_0": payload[:3],
            },
        ),
        client.get(reverse("actions:log", args=[slug]), {"q": payload, "due_from": payload[:20], "sort": payload[:20]}),
        client.get(reverse("meetings:decisions", args=[slug]), {"q": payload, "meeting": payload[:10]}),
    ]
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
    assert [found for page in pages for found in _dangerous(page)] == []
    assert not GlossaryEntry.objects.filter(expansion_en__contains="<script>", acronym_en="").exists()


def test_the_scanner_finds_what_a_browser_would_run():
    page = '<p>&lt;img src=x onerror=alert(1)&gt;</p><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>'
    assert _dangerous(page) == ["<img onerror=alert(1)>", "<a href=javascript:alert(1)>"]
