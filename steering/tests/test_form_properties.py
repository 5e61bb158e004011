"""Property tests of every form, posted through the real page that uses it.

Whatever arrives (any text, control characters and NUL included, very long text, dates split into
nonsense, numbers out of range, choices that are not offered, fields missing or added, files of
random bytes under random names), the page either saves and sends the person on, or answers with
the GOV.UK error summary naming what to put right. Never a 500, never an exception. A random half
of the examples are in Welsh; there every message must be in Welsh, not the English text.

Each example runs in a savepoint that is rolled back, so every one starts from the same data.
"""

import datetime
import html
import io
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from actions.enums import ActionStatus, AnswerPer
from actions.models import Action, FeedbackRequest, FeedbackResponse
from meetings import services
from meetings import translation as translation_module
from meetings.enums import AttendanceStatus, ItemKind
from meetings.models import AgendaItem, Attendance, Decision, Meeting, Minutes, Paper, ReviewComment
from steering.models import Person
from steering.text import multiline
from workstreams.enums import Role
from workstreams.models import GlossaryEntry, Membership, TermsOfReference

# The same examples on every run, so that CI is repeatable; HYPOTHESIS_RANDOM=1 and a larger
# HYPOTHESIS_EXAMPLES explore further (make test-forms-explore).
PROPERTY = hypothesis_settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "10")),
    derandomize=os.environ.get("HYPOTHESIS_RANDOM") != "1",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)

# Inputs ----------------------------------------------------------------------------------------

CHARACTERS = st.characters(exclude_categories=["Cs"])  # every code point a browser can send: NUL and controls too
ODD = ["", " ", "\x00", "\t\r\n", "Grŵp ŷ ẁ", "\u202egnp.exe", "<script>alert(1)</script>", "0", "-1", "²", "١"]


def text(max_size=30):
    """Short text of any characters, a few awkward ones, or very long text."""
    return st.one_of(
        st.text(CHARACTERS, max_size=max_size),
        st.sampled_from(ODD),
        st.builds(
            lambda piece, times: piece * times, st.text(CHARACTERS, min_size=1, max_size=3), st.integers(70, 2500)
        ),
    )


def plain(max_size=30):
    """Text a person would type: letters, digits, spaces, Welsh letters."""
    return st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=max_size)


def choice(*valid):
    return st.one_of(st.sampled_from([str(value) for value in valid]), text(12))


def number(low=-(10**6), high=10**6):
    return st.one_of(st.integers(low, high).map(str), st.integers().map(str), text(8))


DATE_PART = st.one_of(
    st.sampled_from(["1", "9", "12", "22", "29", "30", "31", "2", "2022", "2030", "02022", "0", "13", " ", ""]),
    st.integers(-(10**12), 10**12).map(str),
    text(6),
)


def date(name, *, earliest=datetime.date(2000, 1, 1), latest=datetime.date(2040, 12, 31)):
    """The three boxes of a GOV.UK date: a real date, or any three parts, any of them missing."""
    real = st.dates(earliest, latest).map(lambda d: [str(d.day), str(d.month), str(d.year)])
    parts = st.lists(st.one_of(DATE_PART, st.none()), min_size=3, max_size=3)
    return st.one_of(real, parts).map(
        lambda values: {f"{name}_{n}": value for n, value in enumerate(values) if value is not None}
    )


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes

    def file(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.content)


FILENAME = st.text(
    st.characters(exclude_categories=["Cs", "Cc"], exclude_characters='"\\/'), min_size=1, max_size=40
).filter(lambda name: name.strip(". "))
UPLOAD = st.builds(
    Upload,
    name=st.one_of(
        FILENAME,
        st.builds("{}{}".format, FILENAME, st.sampled_from([".pdf", ".PDF", ".docx", ".odt", ".xlsx", ".exe"])),
    ),
    content=st.builds(bytes.__add__, st.sampled_from([b"", b"%PDF-", b"PK\x03\x04", b"\x00"]), st.binary(max_size=300)),
)


@st.composite
def posted(draw, fields: dict):
    """A form's data: each field's value (about one in eight left out), and a few fields it never asked for."""
    data = draw(st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True), text(10), max_size=2))
    for name, strategy in fields.items():
        if draw(st.integers(0, 7)) == 0:
            continue
        value = draw(strategy)
        if isinstance(value, dict):
            data.update(value)
        else:
            data[name] = value
    return data


# Sending and reading the answer ----------------------------------------------------------------


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _send(client, url, data, language, *, method="post", **extra):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    payload = {name: value.file() if isinstance(value, Upload) else value for name, value in data.items()}
    return getattr(client, method)(url, payload, **extra)


SUMMARY = re.compile(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', re.S)
LINK = re.compile(r'<li><a href="#([^"]*)">(.*?)</a></li>', re.S)


def errors_shown(response) -> list[str]:
    """The messages of the page's error summary; each must lead to something on the page."""
    page = response.content.decode()
    assert "govuk-error-summary" in page, f"{response.status_code} without an error summary"
    links = [link for summary in SUMMARY.findall(page) for link in LINK.findall(summary)]
    assert links, "an error summary with no message in it"
    for anchor, _message in links:
        assert f'id="{anchor}"' in page, f"the error summary links to #{anchor}, which is not on the page"
    return [html.unescape(message).strip() for _anchor, message in links]


def welsh_check(client, url, data, welsh_errors, **kwargs):
    """The same input in English: as many messages, and none of the Welsh ones is the English text."""
    english = errors_shown(_send(client, url, data, "en", **kwargs))
    assert len(english) == len(welsh_errors), (welsh_errors, english)
    assert [cy for cy, en in zip(welsh_errors, english, strict=True) if cy == en] == []


NOT_FOUND = "404"


def answer(client, url, data, *, welsh, saved, error_status=(200,), not_found=False, **kwargs):
    """Posts the data; a redirect must have saved it, anything else must say what is wrong."""
    response = _send(client, url, data, "cy" if welsh else "en", **kwargs)
    assert response.status_code < 500
    if not_found and response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302:
        assert saved(response), f"sent on to {response.url} but nothing was saved"
        return None
    assert response.status_code in error_status, response.status_code
    errors = errors_shown(response)
    if welsh:
        welsh_check(client, url, data, errors, **kwargs)
    return errors


def fits_its_columns(obj) -> bool:
    """What was saved fits the columns it went into (PostgreSQL refuses what does not; SQLite keeps it)."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.CharField) and field.max_length and isinstance(value, str):
            assert len(value) <= field.max_length, f"{field.name} has {len(value)} characters, {field.max_length} fit"
        if isinstance(value, str):
            assert "\x00" not in value, f"{field.name} holds a NUL character"
    return True


def flashed_error(response) -> bool:
    """A redirect that carries an error message (the service refused the change and said why)."""
    return any(message.level_tag == "error" for message in response.wsgi_request._messages)


LANGUAGE = st.booleans()  # True: the page is in Welsh


# The world the forms are used in ---------------------------------------------------------------


@dataclass
class World:
    cast: object
    planned: Meeting
    planned_item: AgendaItem
    held: Meeting
    held_item: AgendaItem
    submitted: Meeting
    approved: Meeting
    action: Action
    feedback: FeedbackRequest
    paper: Paper


def _minutes_written(cast, days):
    meeting = services.create_meeting(cast.group, starts_at=STARTS + datetime.timedelta(days=days))
    item = services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    minutes = services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(item, minutes_en="Welcomed.", minutes_cy="Croesawyd.", revision=0, by=cast.secretariat)
    services.submit_minutes(minutes, by=cast.secretariat)
    return meeting, minutes


@pytest.fixture
def world(cast):
    submitted, _minutes = _minutes_written(cast, 0)
    approved, minutes = _minutes_written(cast, 7)
    services.approve_minutes(minutes, by=cast.chair)
    held = services.create_meeting(cast.group, starts_at=STARTS + datetime.timedelta(days=14))
    held_item = services.add_item(held, title_en="Welcome", title_cy="Croeso")
    services.mark_held(held, by=cast.secretariat)
    planned = services.create_meeting(cast.group, starts_at=timezone.now() + datetime.timedelta(days=30))
    planned_item = services.add_item(planned, title_en="Governance", title_cy="Llywodraethu")
    paper = Paper.objects.create(
        item=planned_item, title_en="Paper", title_cy="Papur", file_en=ContentFile(b"%PDF-1.4", name="p.pdf")
    )
    action = Action.objects.create(group=cast.group, text_en="Do it", text_cy="Ei wneud", owner_person=cast.member)
    feedback = FeedbackRequest.objects.create(
        group=cast.group,
        title_en="LAC paper",
        question_en="Does it meet requirements?",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        answer_per=AnswerPer.PERSON,
        created_by=cast.secretariat,
    )
    return World(cast, planned, planned_item, held, held_item, submitted, approved, action, feedback, paper)


def _ids(queryset):
    return [str(pk) for pk in queryset.values_list("pk", flat=True)]


def _count(model, **filters):
    return model.objects.filter(**filters).count()


# workstreams ------------------------------------------------------------------------------------


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=True)
def test_glossary_entry_form(data, welsh, world, client_as):
    cast = world.cast
    url = reverse("workstreams:glossary_add", args=[cast.group.slug])
    fields = {"acronym_en": text(), "expansion_en": text(), "acronym_cy": text(), "expansion_cy": text()}
    posted_data = data.draw(posted(fields)) if data else {"acronym_en": "ALN\x00", "expansion_cy": "x"}
    with rolled_back():
        before = _count(GlossaryEntry, group=cast.group)

        def saved(response):
            entry = GlossaryEntry.objects.filter(group=cast.group).order_by("-pk").first()
            return _count(GlossaryEntry, group=cast.group) == before + 1 and fits_its_columns(entry)

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=posted({"text_en": text(), "text_cy": text(), "date_agreed": date("date_agreed")}), welsh=LANGUAGE)
@example(data={"text_en": "Terms", "date_agreed_0": " ", "date_agreed_1": "9", "date_agreed_2": "2022"}, welsh=False)
def test_terms_of_reference_form(data, welsh, world, client_as):
    cast = world.cast
    url = reverse("workstreams:terms_of_reference_add", args=[cast.group.slug])
    with rolled_back():
        before = _count(TermsOfReference, group=cast.group)

        def saved(response):
            terms = TermsOfReference.objects.filter(group=cast.group).order_by("-version").first()
            return _count(TermsOfReference, group=cast.group) == before + 1 and terms.date_agreed is not None

        answer(client_as(cast.secretariat), url, data, welsh=welsh, saved=saved)


def _membership_fields(cast):
    organisations = _ids(Membership.objects.filter(group=cast.group).values("organisation"))
    members = _ids(Membership.objects.filter(group=cast.group, role=Role.MEMBER))
    return {
        "role": choice(*Role.values),
        "organisation": choice("", *organisations),
        "deputy_for": choice("", *members),
    }


LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"  # 312 characters: a real address, too long to keep


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=False)
def test_membership_add_form(data, welsh, world, client_as):
    cast = world.cast
    known = [cast.member.email, cast.observer.email.upper()]
    fields = {
        "email": st.one_of(st.emails(), st.sampled_from(known), text()),
        "full_name": text(),
        "preferred_language": choice("cy", "en"),
        **_membership_fields(cast),
        "start_date": date("start_date"),
    }
    date_parts = {"start_date_0": "1", "start_date_1": "9", "start_date_2": "2022"}
    posted_data = (
        data.draw(posted(fields))
        if data
        else {"email": LONG_EMAIL, "full_name": "Alex", "preferred_language": "en", "role": "member", **date_parts}
    )
    url = reverse("workstreams:membership_add", args=[cast.group.slug])
    with rolled_back():
        before = _count(Membership, group=cast.group)

        def saved(response):
            membership = Membership.objects.filter(group=cast.group).order_by("-pk").first()
            return (
                _count(Membership, group=cast.group) == before + 1
                and fits_its_columns(membership)
                and fits_its_columns(membership.person)
            )

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
def test_membership_change_form(data, welsh, world, client_as):
    cast = world.cast
    posted_data = data.draw(posted(_membership_fields(cast)))
    membership = cast.group.memberships.get(person=cast.observer)
    url = reverse("workstreams:membership_change", args=[cast.group.slug, membership.pk])
    with rolled_back():

        def saved(response):
            current = Membership.objects.current().filter(person=cast.observer, group=cast.group)
            return current.filter(role=posted_data["role"]).exists()

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=posted({"end_date": date("end_date")}), welsh=LANGUAGE)
def test_membership_end_form(data, welsh, world, client_as):
    cast = world.cast
    membership = cast.group.memberships.get(person=cast.observer)
    url = reverse("workstreams:membership_end", args=[cast.group.slug, membership.pk])
    with rolled_back():

        def saved(response):
            membership.refresh_from_db()
            return membership.end_date is not None

        answer(client_as(cast.secretariat), url, data, welsh=welsh, saved=saved)


# actions ----------------------------------------------------------------------------------------


def _action_fields(cast, prefix=""):
    people = _ids(Person.objects.filter(memberships__group=cast.group).distinct())
    organisations = _ids(Membership.objects.filter(group=cast.group).values("organisation"))
    return {
        f"{prefix}text_en": text(),
        f"{prefix}text_cy": text(),
        f"{prefix}owner_person": choice("", *people),
        f"{prefix}owner_organisation": choice("", *organisations),
        f"{prefix}due_date": date(f"{prefix}due_date"),
    }


def _due_date_kept(action, data, prefix=""):
    """A due date typed in any of the boxes is not dropped on the way."""
    typed = any(str(data.get(f"{prefix}due_date_{n}", "")).strip() for n in range(3))
    return action.due_date is not None or not typed


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=False)
def test_action_form_in_the_minutes_editor(data, welsh, world, client_as):
    cast, item = world.cast, world.held_item
    prefix = "action-"
    posted_data = (
        data.draw(posted(_action_fields(cast, prefix)))
        if data
        else {
            f"{prefix}text_en": "Write to LAs",
            f"{prefix}owner_person": str(cast.member.pk),
            f"{prefix}due_date_2": "2030",
        }
    )
    url = reverse("actions:action_add", args=[world.held.pk, item.pk])
    with rolled_back():
        before = _count(Action, item=item)

        def saved(response):
            action = Action.objects.filter(item=item).order_by("-pk").first()
            return _count(Action, item=item) == before + 1 and _due_date_kept(action, posted_data, prefix)

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved, error_status=(400,))


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
def test_action_edit_form(data, welsh, world, client_as):
    cast = world.cast
    posted_data = data.draw(posted(_action_fields(cast)))
    url = reverse("actions:action_edit", args=[world.action.pk])
    with rolled_back():

        def saved(response):
            action = Action.objects.get(pk=world.action.pk)
            return action.text_en == posted_data["text_en"].strip() and _due_date_kept(action, posted_data)

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(
    data=posted(
        {
            "status": choice(*ActionStatus.values),
            "note": text(),
            "note_language": choice("cy", "en"),
            "seen_status": choice(*ActionStatus.values),
        }
    ),
    welsh=LANGUAGE,
    owner=st.booleans(),
)
@example(data={"status": "done", "note": "Done", "note_language": "en"}, welsh=False, owner=True)
def test_action_update_form(data, welsh, owner, world, client_as):
    cast = world.cast
    url = reverse("actions:action", args=[world.action.pk])
    with rolled_back():
        before = world.action.updates.count()

        def saved(response):
            return world.action.updates.count() == before + 1

        person = cast.member if owner else cast.secretariat
        answer(client_as(person), url, data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=True)
def test_feedback_request_form(data, welsh, world, client_as):
    cast = world.cast
    organisations = _ids(Membership.objects.filter(group=cast.group).values("organisation"))
    fields = {
        "title_en": text(),
        "title_cy": text(),
        "question_en": text(),
        "question_cy": text(),
        "paper": choice("", str(world.paper.pk)),
        "deadline": date("deadline", earliest=timezone.localdate() - datetime.timedelta(days=30)),
        "answer_per": choice(*AnswerPer.values),
        "organisations": st.lists(choice(*organisations), max_size=3),
    }
    posted_data = data.draw(posted(fields)) if data else {"title_en": "LAC", "organisations": [""]}
    url = reverse("actions:feedback_create", args=[cast.group.slug])
    with rolled_back():
        before = _count(FeedbackRequest, group=cast.group)

        def saved(response):
            request = FeedbackRequest.objects.filter(group=cast.group).order_by("-pk").first()
            return _count(FeedbackRequest, group=cast.group) == before + 1 and fits_its_columns(request)

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(
    data=posted({"text": text(), "text_language": choice("cy", "en"), "file": UPLOAD, "seen": text(12)}),
    welsh=LANGUAGE,
)
@example(data={"text": "Yes", "text_language": "cy", "file": Upload("a.pdf", b"%PDF-1.4 x")}, welsh=False)
def test_feedback_answer_form(data, welsh, world, client_as):
    cast = world.cast
    url = reverse("actions:feedback", args=[world.feedback.pk])
    with rolled_back():

        def saved(response):
            mine = FeedbackResponse.objects.filter(request=world.feedback, author=cast.member).first()
            return mine is not None and mine.text == multiline(data["text"]).strip() and fits_its_columns(mine)

        answer(client_as(cast.member), url, data, welsh=welsh, saved=saved)


# meetings ---------------------------------------------------------------------------------------

TIME = st.one_of(
    st.sampled_from(["10:00", "2pm", "12am", "12yh", "9.30", "23:59", "24:00", "13pm", "0:60", "", " "]),
    st.builds("{}:{:02d}".format, st.integers(-5, 30), st.integers(0, 99)),
    text(8),
)


def _meeting_fields(cast):
    people = _ids(Person.objects.filter(memberships__group=cast.group).distinct())
    return {
        "date": date("date"),
        "start_time": TIME,
        "end_time": TIME,
        "place_en": text(),
        "place_cy": text(),
        "online_link": st.one_of(
            text(),
            st.builds("https://teams.example.org/{}".format, text()),
            st.just("https://example.org/" + "a" * 600),
        ),
        "chair": choice("", *people),
        "copy_agenda": st.sampled_from(["on", "", "off"]),
    }


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=False)
def test_meeting_form_creating_a_meeting(data, welsh, world, client_as):
    cast = world.cast
    posted_data = (
        data.draw(posted(_meeting_fields(cast)))
        if data
        else {
            "date_0": "1",
            "date_1": "12",
            "date_2": "2030",
            "start_time": "10:00",
            "online_link": "https://teams.example.org/" + "a" * 600,
        }
    )
    url = reverse("meetings:create", args=[cast.group.slug])
    with rolled_back():
        before = _count(Meeting, group=cast.group)

        def saved(response):
            meeting = Meeting.objects.filter(group=cast.group).order_by("-pk").first()
            return _count(Meeting, group=cast.group) == before + 1 and fits_its_columns(meeting)

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
def test_meeting_form_editing_a_meeting(data, welsh, world, client_as):
    cast = world.cast
    posted_data = data.draw(posted(_meeting_fields(cast)))
    url = reverse("meetings:edit", args=[world.planned.pk])
    with rolled_back():

        def saved(response):
            meeting = Meeting.objects.get(pk=world.planned.pk)
            return meeting.place_en == posted_data.get("place_en", "").strip() and fits_its_columns(meeting)

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=False)
def test_agenda_item_form(data, welsh, world, client_as):
    cast = world.cast
    people = _ids(Person.objects.filter(memberships__group=cast.group).distinct())
    organisations = _ids(Membership.objects.filter(group=cast.group).values("organisation"))
    fields = {
        "title_en": text(),
        "title_cy": text(),
        "kind": choice(*ItemKind.values),
        "lead_text_en": text(),
        "lead_text_cy": text(),
        "lead_person": choice("", *people),
        "lead_organisation": choice("", *organisations),
        "duration_minutes": number(),
        "parent": choice("", str(world.planned_item.pk), "²", "9" * 5000),
    }
    posted_data = data.draw(posted(fields)) if data else {"title_en": "Welcome", "kind": "welcome", "parent": "²"}
    url = reverse("meetings:item_add", args=[world.planned.pk])
    with rolled_back():
        before = _count(AgendaItem, meeting=world.planned)

        def saved(response):
            item = AgendaItem.objects.filter(meeting=world.planned).order_by("-pk").first()
            return (_count(AgendaItem, meeting=world.planned) == before + 1 and fits_its_columns(item)) or (
                flashed_error(response)
            )

        found = answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved, not_found=True)
        if found == NOT_FOUND:
            # A parent that is not an item of this meeting is not found, as for an address naming nothing.
            assert _names_nothing(posted_data, "parent", world.planned_item)


@PROPERTY
@given(data=posted({"title_en": text(), "title_cy": text(), "file_en": UPLOAD, "file_cy": UPLOAD}), welsh=LANGUAGE)
@example(data={"title_en": "Paper", "file_cy": Upload("Papur.pdf", b"%PDF-1.7")}, welsh=False)
def test_paper_form(data, welsh, world, client_as):
    cast, item = world.cast, world.planned_item
    url = reverse("meetings:paper_add", args=[world.planned.pk, item.pk])
    with rolled_back():
        before = _count(Paper, item=item)

        def saved(response):
            paper = Paper.objects.filter(item=item).order_by("-pk").first()
            return _count(Paper, item=item) == before + 1 and fits_its_columns(paper)

        answer(client_as(cast.secretariat), url, data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=posted({"title_cy": text(), "file_cy": UPLOAD}), welsh=LANGUAGE)
@example(data={"title_cy": "Papur", "file_cy": Upload("Papur.pdf", b"%PDF-1.7")}, welsh=False)
def test_paper_welsh_form(data, welsh, world, client_as):
    cast, paper = world.cast, world.paper
    url = reverse("meetings:paper_welsh", args=[world.planned.pk, paper.pk])
    with rolled_back():

        def saved(response):
            stored = Paper.objects.get(pk=paper.pk)
            return bool(stored.title_cy.strip()) and fits_its_columns(stored)

        answer(client_as(cast.secretariat), url, data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=False)
def test_attendance_form(data, welsh, world, client_as):
    cast = world.cast
    seats = _ids(Membership.objects.filter(group=cast.group))
    fields = {f"member_{pk}": choice("", *AttendanceStatus.values) for pk in seats}
    posted_data = data.draw(posted(fields)) if data else {f"member_{seats[0]}": "late"}
    url = reverse("meetings:attendance", args=[world.held.pk])
    with rolled_back():

        def saved(response):
            recorded = dict(
                Attendance.objects.filter(meeting=world.held, membership__isnull=False).values_list(
                    "membership_id", "status"
                )
            )
            chosen = {
                int(name[7:]): value for name, value in posted_data.items() if name.startswith("member_") and value
            }
            return all(recorded.get(pk) == value for pk, value in chosen.items())

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
def test_guest_form(data, welsh, world, client_as):
    cast = world.cast
    organisations = _ids(Membership.objects.filter(group=cast.group).values("organisation"))
    seats = _ids(Membership.objects.filter(group=cast.group))
    fields = {"name": text(), "organisation": choice("", *organisations), "deputising_for": choice("", *seats)}
    posted_data = data.draw(posted(fields))
    url = reverse("meetings:guest_add", args=[world.held.pk])
    with rolled_back():
        before = _count(Attendance, meeting=world.held, membership=None)

        def saved(response):
            guest = Attendance.objects.filter(meeting=world.held, membership=None).order_by("-pk").first()
            return _count(Attendance, meeting=world.held, membership=None) == before + 1 and fits_its_columns(guest)

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved, error_status=(400,))


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
def test_decision_form(data, welsh, world, client_as):
    cast, item = world.cast, world.held_item
    prefix = "decision-"
    posted_data = data.draw(posted({f"{prefix}text_en": text(), f"{prefix}text_cy": text()}))
    url = reverse("meetings:decision_add", args=[world.held.pk, item.pk])
    with rolled_back():
        before = _count(Decision, item=item)

        def saved(response):
            return _count(Decision, item=item) == before + 1

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved, error_status=(400,))


def _names_nothing(data, name, item) -> bool:
    """The hidden field holds something other than this item's number (or none, read as none)."""
    try:
        number = forms.IntegerField(required=False).clean(data.get(name, ""))
    except ValidationError:
        return True
    return number not in (None, 0, item.pk)


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=True)
@example(data={"text": "Fine", "item": "one"}, welsh=False)
@example(data={"text": "", "item": "0"}, welsh=False)
def test_comment_form(data, welsh, world, client_as):
    cast, meeting = world.cast, world.submitted
    item = meeting.items.get()
    fields = {"text": text(), "item": choice("", str(item.pk), str(world.held_item.pk), "99999999999999999999")}
    if data is None:
        posted_data = {"text": "Fine" * 1001, "item": str(item.pk)}
    else:
        posted_data = data if isinstance(data, dict) else data.draw(posted(fields))
    url = reverse("meetings:minutes_comment", args=[meeting.pk])
    with rolled_back():
        before = _count(ReviewComment, minutes__meeting=meeting)

        def saved(response):
            return _count(ReviewComment, minutes__meeting=meeting) == before + 1

        client = client_as(cast.chair)
        errors = answer(client, url, posted_data, welsh=welsh, saved=saved, error_status=(400,), not_found=True)
        if errors == NOT_FOUND:
            # An item of another meeting, or none at all, is not found here, as for an address naming nothing.
            assert _names_nothing(posted_data, "item", item)
        elif errors and posted_data.get("text", "").strip():
            page = _send(client, url, posted_data, "en").content.decode()
            assert html.escape(posted_data["text"]) in page, "the comment written is lost"


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
def test_correction_form(data, welsh, world, client_as):
    cast, meeting = world.cast, world.approved
    posted_data = data.draw(posted({"reason_en": text(), "reason_cy": text()}))
    url = reverse("meetings:minutes_correct", args=[meeting.pk])
    with rolled_back():

        def saved(response):
            return Minutes.objects.filter(meeting=meeting, version=2).exists()

        answer(client_as(cast.secretariat), url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=st.data(), wants_json=st.booleans())
def test_item_minutes_form(data, wants_json, world, client_as):
    """The autosave's JSON or the page: saved, a conflict shown with both texts, or a message why not."""
    cast, item = world.cast, world.held_item
    prefix = f"item-{item.pk}-"
    fields = {f"{prefix}minutes_en": text(), f"{prefix}minutes_cy": text(), f"{prefix}revision": number(-3, 3)}
    posted_data = data.draw(posted(fields))
    url = reverse("meetings:item_minutes_save", args=[world.held.pk, item.pk])
    headers = {"Accept": "application/json"} if wants_json else {}
    with rolled_back():
        response = _send(client_as(cast.secretariat), url, posted_data, "en", headers=headers)
        assert response.status_code < 500
        item.refresh_from_db()
        if wants_json:
            body = json.loads(response.content)
            assert response.status_code in (200, 400, 409)
            assert set(body) & {"revision", "error", "conflict"}
            if response.status_code == 200:
                assert item.minutes_en == multiline(posted_data.get(f"{prefix}minutes_en", "")).strip()
        elif response.status_code == 302:
            assert item.minutes_revision == 1 or flashed_error(response)
        else:
            assert response.status_code in (400, 409)  # a text refused, or someone else's newer text
            errors_shown(response)


def _translation_file(meeting, welsh_texts):
    workbook = load_workbook(io.BytesIO(translation_module.export_xlsx(meeting)))
    sheet = workbook["Translation"]
    for row, welsh in zip(sheet.iter_rows(min_row=2), welsh_texts, strict=False):
        row[3].value = welsh
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Upload("cymraeg.xlsx", buffer.getvalue())


@PROPERTY
@given(upload=st.one_of(UPLOAD, st.lists(text(), min_size=1, max_size=2)), welsh=LANGUAGE)
def test_translation_import_form(upload, welsh, world, client_as):
    cast, meeting = world.cast, world.held
    if isinstance(upload, list):
        try:
            upload = _translation_file(meeting, upload)
        except IllegalCharacterError:
            upload = Upload("cymraeg.xlsx", b"PK\x03\x04")
    url = reverse("meetings:translation", args=[meeting.pk])
    with rolled_back():
        client = client_as(cast.secretariat)
        response = _send(client, url, {"file": upload}, "cy" if welsh else "en")
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            errors = errors_shown(response)
            if welsh:
                welsh_check(client, url, {"file": upload}, errors)
        else:
            assert response.context["changes"] is not None


# steering: signing in, passwords and the account ------------------------------------------------


@PROPERTY
@given(
    data=posted({"username": st.one_of(text(), st.just("secretariat")), "password": text()}),
    right_password=st.booleans(),
    welsh=LANGUAGE,
)
def test_sign_in_form(data, right_password, welsh, world, client_as):
    cast = world.cast
    if data.get("username") == "secretariat":
        data["username"] = cast.secretariat.email
        if right_password:
            data["password"] = "a-test-password"
    with rolled_back():
        client = client_as(None)

        def saved(response):
            return client.session.get("_auth_user_id") == str(cast.secretariat.pk)

        answer(client, reverse("login"), data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=posted({"email": st.one_of(text(), st.emails(), st.just("member"))}), welsh=LANGUAGE)
def test_reset_form(data, welsh, world, client_as, mailoutbox):
    if data.get("email") == "member":
        data["email"] = world.cast.member.email
    with rolled_back():
        mailoutbox.clear()

        def saved(response):
            # The same answer whether or not anyone has the address; mail only to someone who has.
            known = Person.objects.filter(email__iexact=data["email"].strip()).exists()
            return response.url == reverse("password_reset_done") and len(mailoutbox) == int(known)

        answer(client_as(None), reverse("password_reset"), data, welsh=welsh, saved=saved)


PASSWORD = st.one_of(text(), st.sampled_from(["password", "three random words", "a-test-password"]))


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
def test_new_password_form(data, welsh, world, client_as):
    person = world.cast.member
    person.refresh_from_db()  # the last example's new password was rolled back
    new = data.draw(PASSWORD)
    posted_data = data.draw(posted({"new_password1": st.just(new), "new_password2": st.one_of(st.just(new), PASSWORD)}))
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    with rolled_back():
        client = client_as(None)
        url = client.get(link).url  # the token moves into the session and out of the address

        def saved(response):
            person.refresh_from_db()
            return person.check_password(posted_data["new_password1"])

        answer(client, url, posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
def test_password_change_form(data, welsh, world, client_as):
    person = world.cast.member
    new = data.draw(PASSWORD)
    fields = {
        "old_password": st.one_of(st.just("a-test-password"), PASSWORD),
        "new_password1": st.just(new),
        "new_password2": st.one_of(st.just(new), PASSWORD),
    }
    posted_data = data.draw(posted(fields))
    person.refresh_from_db()  # the last example's new password was rolled back
    with rolled_back():

        def saved(response):
            person.refresh_from_db()
            return person.check_password(posted_data["new_password1"])

        answer(client_as(person), reverse("password_change"), posted_data, welsh=welsh, saved=saved)


@PROPERTY
@given(data=posted({"full_name": text(), "preferred_language": choice("cy", "en")}), welsh=LANGUAGE)
def test_account_form(data, welsh, world, client_as):
    person = world.cast.member
    person.refresh_from_db()
    with rolled_back():

        def saved(response):
            person.refresh_from_db()
            return person.full_name == data["full_name"].strip() and fits_its_columns(person)

        answer(client_as(person), reverse("account"), data, welsh=welsh, saved=saved)


# The filters of the action log and the decisions register, through their query strings ---------


def _meeting_ids(world):
    return _ids(Meeting.objects.filter(group=world.cast.group))


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=True)
def test_action_log_filter(data, welsh, world, client_as):
    cast = world.cast
    people = _ids(Person.objects.filter(memberships__group=cast.group).distinct())
    organisations = _ids(Membership.objects.filter(group=cast.group).values("organisation"))
    day = st.one_of(st.dates().map(lambda d: d.strftime("%d/%m/%Y")), st.dates().map(str), text(12))
    fields = {
        "q": text(),
        "status": choice("", *ActionStatus.values),
        "owner_organisation": choice("", *organisations),
        "owner_person": choice("", *people),
        "meeting": choice("", *_meeting_ids(world)),
        "overdue": choice("on", "true", "false", ""),
        "due_from": day,
        "due_to": day,
        "sort": choice("due", "-due", "status", "-status", "created", "-created"),
        "page": number(),
        "export": choice("", "csv", "xlsx"),
    }
    query = data.draw(posted(fields)) if data else {"q": "a " * 2500, "due_from": "\x00"}
    url = reverse("actions:log", args=[cast.group.slug])
    client = client_as(cast.member)
    response = _send(client, url, query, "cy" if welsh else "en", method="get")
    assert response.status_code == 200
    if not response["Content-Type"].startswith("text/html"):
        assert query.get("export") in ("csv", "xlsx")
    elif response.context["filter"].form.errors:
        errors = errors_shown(response)
        if welsh:
            welsh_check(client, url, query, errors, method="get")


@PROPERTY
@given(data=st.data(), welsh=LANGUAGE)
@example(data=None, welsh=False)
def test_decisions_register_filter(data, welsh, world, client_as):
    cast = world.cast
    day = st.one_of(st.dates().map(lambda d: d.strftime("%d/%m/%Y")), st.dates().map(str), text(12))
    fields = {"q": text(), "meeting": choice("", *_meeting_ids(world)), "from_date": day, "to_date": day}
    query = data.draw(posted(fields)) if data else {"q": "y " * 2500}
    url = reverse("meetings:decisions", args=[cast.group.slug])
    client = client_as(cast.member)
    response = _send(client, url, query, "cy" if welsh else "en", method="get")
    assert response.status_code == 200
    if response.context["filter"].form.errors:
        errors = errors_shown(response)
        if welsh:
            welsh_check(client, url, query, errors, method="get")
