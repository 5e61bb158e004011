"""Every URL of the project, asked by every role: a page without a permission check fails here.

A new URL must be added to EXPECTED, with the answer each role gets; a URL missing from the
table fails the walk, and so does any page of a group that answers an outsider with anything
but 404.
"""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from actions.enums import AnswerPer
from actions.models import Action, FeedbackRequest, FeedbackResponse
from conftest import ROLES
from meetings import record
from meetings.enums import ItemKind, MeetingStatus, MinutesStatus
from meetings.invitations import reply_token
from meetings.models import (
    AgendaItem,
    Attendance,
    Circulation,
    Decision,
    Delivery,
    Meeting,
    Minutes,
    MinutesImport,
    Paper,
    PlannedItem,
)
from workstreams.models import Deliverable
from workstreams.tests.factories import GlossaryEntryFactory, OrganisationFactory, TermsOfReferenceFactory

SIGN_IN = 302  # anonymous visitors are sent to the sign-in page

# The answers to GET, by role: anonymous, outsider, observer, member, chair, secretariat, admin.
PUBLIC = dict.fromkeys(ROLES, 200)
NOT_PUBLIC = dict.fromkeys(ROLES, 404)
SIGNED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": SIGN_IN}
GROUP_READ = {**SIGNED_IN, "outsider": 404}
GROUP_MANAGE = {**GROUP_READ, "observer": 403, "member": 403, "chair": 403}
POST_ONLY = dict.fromkeys(ROLES, 405)
SIGNED_IN_POST_ONLY = {**POST_ONLY, "anonymous": SIGN_IN}
MINUTES_READ = {**GROUP_MANAGE, "chair": 200}  # drafts: the secretariat and the chair
# The walk's meeting has a draft correction open, so "correct" sends the secretariat back.
CORRECTION = {**GROUP_MANAGE, "secretariat": 302, "admin": 302}
# Its agenda is fixed (minutes are being written), so agenda changes send the secretariat back.
AGENDA_CLOSED = {**GROUP_MANAGE, "secretariat": 302, "admin": 302}

EXPECTED = {
    "login": {**dict.fromkeys(ROLES, 302), "anonymous": 200},
    "logout": POST_ONLY,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "account": SIGNED_IN,
    "password_change": SIGNED_IN,
    "set_language": dict.fromkeys(ROLES, 302),
    "accessibility": PUBLIC,
    "privacy": PUBLIC,
    "health": PUBLIC,
    "workstreams:home": SIGNED_IN,
    "workstreams:group": GROUP_READ,
    "workstreams:terms_of_reference": GROUP_READ,
    "workstreams:membership_add": GROUP_MANAGE,
    "workstreams:membership_change": GROUP_MANAGE,
    "workstreams:membership_end": GROUP_MANAGE,
    "workstreams:terms_of_reference_add": GROUP_MANAGE,
    "workstreams:glossary_add": GROUP_MANAGE,
    "workstreams:glossary_edit": GROUP_MANAGE,
    "workstreams:glossary_remove": GROUP_MANAGE,
    "workstreams:group_create": GROUP_MANAGE,
    "workstreams:group_settings": GROUP_MANAGE,
    "workstreams:group_close": GROUP_MANAGE,
    # Shared by every group: the secretariat of any group (the outsider runs no group).
    "workstreams:organisations": {**GROUP_MANAGE, "outsider": 403},
    "workstreams:organisation_edit": {**GROUP_MANAGE, "outsider": 403},
    "workstreams:organisation_merge": {**GROUP_MANAGE, "outsider": 403},
    # The member's account: the secretariat of their groups; 404 to others, so nobody learns of it.
    "workstreams:person": {**GROUP_MANAGE, "observer": 404, "member": 404, "chair": 404},
    # A group's reports upward: its secretariat and chair; the walk's group reports to none (404).
    "workstreams:deliverable_add": {
        **GROUP_READ,
        "observer": 403,
        "member": 403,
        "chair": 404,
        "secretariat": 404,
        "admin": 404,
    },
    "workstreams:deliverable_edit": {
        **GROUP_READ,
        "observer": 403,
        "member": 403,
        "chair": 404,
        "secretariat": 404,
        "admin": 404,
    },
    "workstreams:report_write": {
        **GROUP_READ,
        "observer": 403,
        "member": 403,
        "chair": 404,
        "secretariat": 404,
        "admin": 404,
    },
    "meetings:create": GROUP_MANAGE,
    "meetings:decisions": GROUP_READ,
    "meetings:meeting": GROUP_READ,
    "meetings:edit": GROUP_MANAGE,
    "meetings:transition": SIGNED_IN_POST_ONLY,
    "meetings:issue_agenda": AGENDA_CLOSED,
    "meetings:item_add": AGENDA_CLOSED,
    "meetings:item_edit": AGENDA_CLOSED,
    "meetings:item_move": SIGNED_IN_POST_ONLY,
    "meetings:item_remove": AGENDA_CLOSED,
    "meetings:paper_add": GROUP_MANAGE,
    "meetings:paper": GROUP_READ,
    "meetings:paper_remove": GROUP_MANAGE,
    "meetings:paper_welsh": GROUP_MANAGE,
    "meetings:attendance": GROUP_MANAGE,
    "meetings:guest_add": SIGNED_IN_POST_ONLY,
    "meetings:guest_remove": SIGNED_IN_POST_ONLY,
    "meetings:minutes_edit": GROUP_MANAGE,
    "meetings:item_minutes_save": SIGNED_IN_POST_ONLY,
    "meetings:decision_add": GROUP_MANAGE,
    "meetings:decision_remove": SIGNED_IN_POST_ONLY,
    "meetings:minutes_review": MINUTES_READ,
    "meetings:minutes_comment": SIGNED_IN_POST_ONLY,
    "meetings:minutes_transition": SIGNED_IN_POST_ONLY,
    "meetings:minutes_correct": CORRECTION,
    "meetings:minutes_agree": SIGNED_IN_POST_ONLY,
    "meetings:minutes_version": GROUP_READ,
    "meetings:minutes_history": MINUTES_READ,
    "meetings:translation": GROUP_MANAGE,
    "meetings:minutes_publish": SIGNED_IN_POST_ONLY,
    "meetings:circulation": GROUP_MANAGE,
    # The draft to the secretariat and the chair; members are sent to the published PDF.
    "meetings:minutes_pdf": {**GROUP_READ, "observer": 302, "member": 302},
    "meetings:delivery_resend": SIGNED_IN_POST_ONLY,
    # Published minutes of a group that is not public: its members only, 404 to everyone else.
    "meetings:published": {**GROUP_READ, "anonymous": 404},
    "meetings:published_pdf": {**GROUP_READ, "anonymous": 404},
    # The walk's group is not public: its public list and feed are 404 to everyone, members too.
    "meetings:public": NOT_PUBLIC,
    "meetings:public_feed": NOT_PUBLIC,
    "meetings:translation_export": GROUP_MANAGE,
    "meetings:translation_export_xliff": GROUP_MANAGE,
    "meetings:translation_memory": GROUP_MANAGE,
    "meetings:welsh_item": GROUP_MANAGE,
    "meetings:call_off": GROUP_MANAGE,
    "meetings:forward_programme": GROUP_READ,
    "meetings:planned_item_decide": SIGNED_IN_POST_ONLY,
    # The walk's meeting has taken place: its members are sent back to it; others have no reply to give.
    "meetings:reply": {**dict.fromkeys(ROLES, 302), "outsider": 404, "admin": 403},
    # The link names the member it was sent to: only they may follow it (to their reply).
    "meetings:reply_link": {**dict.fromkeys(ROLES, 403), "anonymous": SIGN_IN, "member": 302},
    "meetings:replies": GROUP_MANAGE,
    "meetings:replies_chase": SIGNED_IN_POST_ONLY,
    "meetings:pack": GROUP_READ,
    "actions:action_add": GROUP_MANAGE,
    "actions:action_remove": SIGNED_IN_POST_ONLY,
    "actions:close_at_meeting": SIGNED_IN_POST_ONLY,
    "actions:log": GROUP_READ,
    "actions:action": GROUP_READ,
    "actions:action_edit": GROUP_MANAGE,
    "actions:my_work": SIGNED_IN,
    "actions:feedback_list": GROUP_READ,
    "actions:feedback_create": GROUP_MANAGE,
    "actions:feedback": GROUP_READ,
    "actions:feedback_export": GROUP_MANAGE,
    "actions:feedback_export_xlsx": GROUP_MANAGE,
    "actions:feedback_chase": SIGNED_IN_POST_ONLY,
    # The walk's answer is the member's own (per person): theirs and the secretariat's to open.
    "actions:feedback_file": {**GROUP_MANAGE, "member": 200},
    # The secret address is the key: anyone holding it reads that one person's calendar.
    "actions:calendar": PUBLIC,
    "actions:calendar_reset": SIGNED_IN_POST_ONLY,
    "actions:search": SIGNED_IN,
    "actions:import_upload": GROUP_MANAGE,
    "actions:import_review": GROUP_MANAGE,
    "actions:import_draft": GROUP_MANAGE,
}

# The answers to POST from those who may not make the change (the others would change data).
REFUSED = {"anonymous": SIGN_IN, "outsider": 404, "observer": 403, "member": 403, "chair": 403}
REFUSED_TO_SECRETARIAT_TOO = {**REFUSED, "secretariat": 403, "admin": 403}
EXPECTED_POST = {
    **{name: REFUSED for name, expected in EXPECTED.items() if expected in (GROUP_MANAGE, CORRECTION, AGENDA_CLOSED)},
    **dict.fromkeys(
        [
            "meetings:transition",
            "meetings:item_move",
            "meetings:guest_add",
            "meetings:guest_remove",
            "meetings:item_minutes_save",
            "meetings:decision_add",
            "meetings:decision_remove",
            "meetings:minutes_agree",
            "actions:action_add",
            "actions:action_remove",
            "actions:close_at_meeting",
            "meetings:minutes_publish",
            "meetings:delivery_resend",
            "meetings:replies_chase",
            "actions:feedback_chase",
            "meetings:planned_item_decide",
        ],
        REFUSED,
    ),
    # Updating an action: its owner (the member here) and the secretariat; the chair owns nothing.
    "actions:action": {"anonymous": SIGN_IN, "outsider": 404, "observer": 403, "chair": 403},
    # The walk's transition is "approve": the chair's alone (the vice-chair's when chairing).
    "meetings:minutes_transition": {**REFUSED_TO_SECRETARIAT_TOO, "chair": None},
    "meetings:minutes_comment": {**REFUSED, "chair": None, "secretariat": 403},
}


def _named_patterns(patterns=None, namespace=""):
    """(name, pattern) for every named URL, admin excepted: its own tests cover it."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


@pytest.fixture
def url_kwargs(cast):
    TermsOfReferenceFactory(group=cast.group, version=1)
    entry = GlossaryEntryFactory(group=cast.group)
    meeting = Meeting.objects.create(
        group=cast.group,
        number=1,
        starts_at=timezone.make_aware(datetime.datetime(2022, 9, 22, 10)),
        status=MeetingStatus.MINUTES_DRAFT,
        pack=ContentFile(b"%PDF-1.7 pack", name="pack.pdf"),
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title_en="Welcome", title_cy="Croeso")
    paper = Paper.objects.create(
        item=item, title_en="Paper", title_cy="Papur", file_en=ContentFile(b"%PDF-1.4 walk", name="walk.pdf")
    )
    guest = Attendance.objects.create(meeting=meeting, name="Rhian Morgan", status="present")
    decision = Decision.objects.create(item=item, text_en="Agreed", text_cy="Cytunwyd")
    action = Action.objects.create(
        group=cast.group, item=item, text_en="Do it", text_cy="Ei wneud", owner_organisation=OrganisationFactory()
    )
    owned = Action.objects.create(group=cast.group, text_en="Mine", text_cy="Fy un i", owner_person=cast.member)
    feedback = FeedbackRequest.objects.create(
        group=cast.group,
        title_en="LAC paper",
        question_en="Does it meet requirements?",
        deadline=datetime.date(2030, 9, 27),
        answer_per=AnswerPer.PERSON,
        created_by=cast.secretariat,
    )
    answer = FeedbackResponse.objects.create(
        request=feedback,
        respondent=f"person:{cast.member.pk}",
        author=cast.member,
        text="Yes",
        file=ContentFile(b"%PDF-1.4 answer", name="answer.pdf"),
        filename="answer.pdf",
    )
    first_version = Minutes.objects.create(
        meeting=meeting,
        version=1,
        status=MinutesStatus.SUPERSEDED,
        approved_by=cast.chair,
        approved_at=timezone.now(),
        snapshot=record.build(Minutes(meeting=meeting, version=1)).as_dict(),
        content_hash="0" * 64,
    )
    Minutes.objects.create(meeting=meeting, version=2, status=MinutesStatus.DRAFT)
    circulation = Circulation.objects.create(
        minutes=first_version,
        layout="side-by-side",
        pdf=ContentFile(b"%PDF-1.7 walk", name="walk.pdf"),
        created_by=cast.secretariat,
    )
    delivery = Delivery.objects.create(circulation=circulation, person=cast.member)
    return {
        "slug": cast.group.slug,
        "membership_id": cast.group.memberships.get(person=cast.member).pk,
        "version": 1,
        "entry_id": entry.pk,
        "uidb64": "MQ",
        "reset_token": "not-a-real-token",
        "pk": meeting.pk,
        "item_id": item.pk,
        "paper_id": paper.pk,
        "language": "en",
        "attendance_id": guest.pk,
        "decision_id": decision.pk,
        "action_id": action.pk,
        "transition": "approve",
        "action_id_for_detail": owned.pk,
        "request_id": feedback.pk,
        "response_id": answer.pk,
        "token": cast.member.calendar_token,
        "delivery_id": delivery.pk,
        "how": "cancel",
        "organisation_id": cast.group.memberships.get(person=cast.member).organisation_id,
        "person_id": cast.member.pk,
        "deliverable_id": Deliverable.objects.create(group=cast.group, title_en="Guidance").pk,
        "planned_id": PlannedItem.objects.create(group=cast.group, title_en="Budget", proposed_by=cast.member).pk,
        "decision": "accept",
        "file_format": "xliff12",
        "import_id": MinutesImport.objects.create(
            group=cast.group,
            file=ContentFile(b"1. Welcome\n\nThe Board agreed the agenda.\n", name="minutes.txt"),
            filename="minutes.txt",
            proposal={
                "meeting": {"date": None, "title": ""},
                "attendance": {"present": [], "apologies": [], "in_attendance": []},
                "items": [],
                "text": [],
            },
            created_by=cast.secretariat,
        ).pk,
        "reply_token": reply_token(meeting, cast.member),
    }


# Where two pages name the same argument for different things, the page's own value wins.
OVERRIDES = {
    "actions:action": {"action_id": "action_id_for_detail"},
    "actions:action_edit": {"action_id": "action_id_for_detail"},
    "password_reset_confirm": {"token": "reset_token"},
    "meetings:reply_link": {"token": "reply_token"},
}


def _url(name, pattern, url_kwargs):
    keys = {key: OVERRIDES.get(name, {}).get(key, key) for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs={key: url_kwargs[source] for key, source in keys.items()})


def test_permission_walk_covers_every_url():
    assert {name for name, _ in _named_patterns()} == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_permission_walk_every_url_answers_each_role_as_expected(role, cast, url_kwargs, client_as):
    client = client_as(cast.person(role))
    answers = {name: client.get(_url(name, pattern, url_kwargs)).status_code for name, pattern in _named_patterns()}
    assert answers == {name: expected[role] for name, expected in EXPECTED.items()}


@pytest.mark.parametrize("role", ["anonymous", "outsider", "observer", "member", "chair", "secretariat", "admin"])
def test_permission_walk_changes_are_refused_to_those_who_may_not_make_them(role, cast, url_kwargs, client_as):
    client = client_as(cast.person(role))
    expected = {name: refused[role] for name, refused in EXPECTED_POST.items() if refused.get(role)}
    answers = {
        name: client.post(_url(name, pattern, url_kwargs), {}).status_code
        for name, pattern in _named_patterns()
        if name in expected
    }
    assert answers == expected


@pytest.mark.parametrize("role", ROLES)
def test_permission_walk_a_public_groups_minutes_are_everyones(role, cast, url_kwargs, client_as):
    """The same walk's group made public: its list, feed and published minutes answer everyone."""
    cast.group.minutes_are_public = True
    cast.group.save(update_fields=["minutes_are_public"])
    client = client_as(cast.person(role))
    names = ["meetings:public", "meetings:public_feed", "meetings:published", "meetings:published_pdf"]
    patterns = dict(_named_patterns())
    answers = {name: client.get(_url(name, patterns[name], url_kwargs)).status_code for name in names}
    assert answers == dict.fromkeys(names, 200)


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 302), ("member", 302), ("admin", 200)])
def test_admin_is_for_administrators_only(role, expected, cast, client_as):
    assert client_as(cast.person(role)).get(reverse("admin:index")).status_code == expected


# Reserved business and draft minutes --------------------------------------------------------------

SECRETS = ["SECRET-MINUTE", "SECRET-DECISION", "SECRET-ACTION", "SECRET-PAPER", "DRAFT-DECISION", "DRAFT-ACTION"]


@pytest.fixture
def walk_with_secrets(cast, url_kwargs):
    """The walk's meeting with a reserved item whose sub-item holds minutes, a decision, an action
    and a paper, frozen into its approved version too; and a second meeting whose minutes are a draft."""
    meeting = Meeting.objects.get(pk=url_kwargs["pk"])
    reserved = AgendaItem.objects.create(meeting=meeting, position=2, title_en="Staffing", kind=ItemKind.RESERVED)
    sub_item = AgendaItem.objects.create(
        meeting=meeting, position=3, parent=reserved, title_en="Pay", minutes_en="SECRET-MINUTE"
    )
    Decision.objects.create(item=sub_item, text_en="SECRET-DECISION")
    Action.objects.create(group=cast.group, item=sub_item, text_en="SECRET-ACTION", owner_person=cast.chair)
    Paper.objects.create(item=sub_item, title_en="SECRET-PAPER", file_en=ContentFile(b"%PDF-1.4 x", name="s.pdf"))
    first = Minutes.objects.get(meeting=meeting, version=1)
    first.snapshot = record.build(first, approval=record.Approval(cast.chair.full_name, timezone.now())).as_dict()
    first.save(update_fields=["snapshot"])

    draft_meeting = Meeting.objects.create(
        group=cast.group,
        number=2,
        starts_at=timezone.make_aware(datetime.datetime(2022, 11, 17, 10)),
        status=MeetingStatus.MINUTES_DRAFT,
    )
    Minutes.objects.create(meeting=draft_meeting, version=1, status=MinutesStatus.DRAFT)
    item = AgendaItem.objects.create(meeting=draft_meeting, position=1, title_en="Update")
    Decision.objects.create(item=item, text_en="DRAFT-DECISION")
    Action.objects.create(
        group=cast.group,
        item=item,
        text_en="DRAFT-ACTION",
        owner_person=cast.chair,
        due_date=datetime.date(2022, 12, 1),
    )
    return url_kwargs


def _readable(response) -> str:
    """What a response says, whatever it is: a page, a CSV, a spreadsheet (its XML), a calendar."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ["anonymous", "outsider", "observer"])
def test_no_page_export_or_feed_shows_reserved_business_or_draft_minutes_to_those_who_may_not_see_them(
    role, cast, walk_with_secrets, client_as
):
    client = client_as(cast.person(role))
    leaks = {}
    for name, pattern in _named_patterns():
        response = client.get(_url(name, pattern, walk_with_secrets))
        found = [secret for secret in SECRETS if secret in _readable(response)]
        if found:
            leaks[name] = found
    for view in ("actions:log", "meetings:decisions"):
        for query in ({"export": "csv"}, {"export": "xlsx"}, {"q": "SECRET"}, {"q": "DRAFT"}):
            url = reverse(view, args=[cast.group.slug])
            found = [secret for secret in SECRETS if secret in _readable(client.get(url, query))]
            if found:
                leaks[f"{view} {query}"] = found
    for query in (
        {"q": "SECRET"},
        {"q": "DRAFT"},
        {"q": "SECRET", "kind": "papers"},
        {"q": "DRAFT", "kind": "actions"},
    ):
        # The matched words are marked (<mark>SECRET</mark>-PAPER): read without the marks.
        page = _readable(client.get(reverse("actions:search"), query)).replace("<mark>", "").replace("</mark>", "")
        found = [secret for secret in SECRETS if secret in page]
        if found:
            leaks[f"actions:search {query}"] = found
    assert leaks == {}


def test_members_see_reserved_business_and_draft_minutes_marked_as_draft(cast, walk_with_secrets, client_as):
    client = client_as(cast.member)
    decisions = client.get(reverse("meetings:decisions", args=[cast.group.slug])).content.decode()
    log = client.get(reverse("actions:log", args=[cast.group.slug])).content.decode()
    assert "SECRET-DECISION" in decisions and "SECRET-ACTION" in log
    draft_row = next(row for row in decisions.split("<tr") if "DRAFT-DECISION" in row)
    assert "Draft minutes" in draft_row
    assert "Draft minutes" in next(row for row in log.split("<tr") if "DRAFT-ACTION" in row)
    exported = client.get(reverse("actions:log", args=[cast.group.slug]), {"export": "csv"}).content.decode()
    assert next(line for line in exported.splitlines() if "DRAFT-ACTION" in line).endswith(",Draft minutes")
    assert next(line for line in exported.splitlines() if "SECRET-ACTION" in line).endswith(",Approved")
    for person, expected in ((cast.member, SECRETS[1:]), (cast.chair, SECRETS)):
        found = client_as(person).get(reverse("actions:search"), {"q": "secret draft", "kind": ""})
        assert found.status_code == 200
        pages = (
            "".join(
                _readable(client_as(person).get(reverse("actions:search"), {"q": word})) for word in ("SECRET", "DRAFT")
            )
            .replace("<mark>", "")
            .replace("</mark>", "")
        )
        # Members read draft minutes' decisions and actions, but a draft's minute text is the chair's.
        assert [secret for secret in SECRETS if secret in pages] == expected
    feed = client_as(None).get(reverse("actions:calendar", args=[cast.chair.calendar_token])).content.decode()
    feed = feed.replace("\r\n ", "")  # lines folded at 75 octets
    assert "SUMMARY:[Cofnodion drafft] DRAFT-ACTION / [Draft minutes] DRAFT-ACTION" in feed
