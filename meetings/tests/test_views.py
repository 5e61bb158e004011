import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from actions.models import Action
from meetings import record, selectors, services
from meetings.enums import AttendanceStatus, ItemKind, MeetingStatus, MinutesEventKind, MinutesStatus
from meetings.models import (
    AgendaItem,
    Attendance,
    Circulation,
    Decision,
    Delivery,
    Meeting,
    Minutes,
    MinutesEvent,
    Paper,
)
from steering.tests.factories import PersonFactory
from workstreams.tests.factories import MembershipFactory, OrganisationFactory

STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)


@pytest.fixture
def held(cast):
    """A held meeting with a draft open, one item, and its minutes being written."""
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    item = services.add_item(meeting, title_en="Welcome", title_cy="Croeso", kind=ItemKind.WELCOME)
    minutes = services.mark_held(meeting, by=cast.secretariat)
    return meeting, item, minutes


def _grow(meeting, cast, size):
    """Adds ``size`` items, each with a sub-item, a paper, a decision, an action, and attendance."""
    for n in range(size):
        item = meeting.items.create(position=100 + n, title_en=f"Item {n}", title_cy=f"Eitem {n}")
        meeting.items.create(position=1, parent=item, title_en=f"Sub {n}", title_cy=f"Is {n}")
        Paper.objects.create(item=item, title_en="Paper", file_en=ContentFile(b"%PDF-1.4", name="p.pdf"))
        Decision.objects.create(item=item, text_en="Agreed", text_cy="Cytunwyd")
        Action.objects.create(group=meeting.group, item=item, text_en="Do", text_cy="Gwneud", owner_person=cast.member)
        seat = MembershipFactory(group=meeting.group, organisation=OrganisationFactory())
        Attendance.objects.create(
            meeting=meeting, membership=seat, organisation=seat.organisation, status=AttendanceStatus.PRESENT
        )


@pytest.mark.parametrize("size", [1, 12])
def test_meeting_page_query_count_does_not_grow_with_the_agenda(size, held, cast, client_as, django_assert_num_queries):
    meeting, item, _minutes = held
    item.kind = ItemKind.PREVIOUS_MINUTES
    item.save()
    _grow(meeting, cast, size)
    client = client_as(cast.secretariat)
    with django_assert_num_queries(11):
        response = client.get(meeting.get_absolute_url())
    assert response.text.count('class="app-agenda__item"') == 1 + 2 * size


@pytest.mark.parametrize("size", [1, 12])
def test_minutes_editor_query_count_does_not_grow(size, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    _grow(meeting, cast, size)
    client = client_as(cast.secretariat)
    with django_assert_num_queries(9):
        response = client.get(reverse("meetings:minutes_edit", args=[meeting.pk]))
    assert response.text.count("data-autosave") == 1 + 2 * size
    # No form to record a decision or an action on the page, whatever the number of items: each
    # item links to its own page, whose form the page fetches and opens on the item (one of each).
    assert 'name="decision-text_en"' not in response.text and 'name="action-owner_person"' not in response.text
    assert response.text.count('data-record="decision"') == meeting.items.count()
    assert response.text.count('data-record="action"') == meeting.items.count()
    assert response.text.count('id="app-record-decision"') == response.text.count('id="app-record-action"') == 1
    # The item's page has the form the editor fetches.
    item = meeting.items.order_by("position").first()
    for name in ("meetings:decision_add", "actions:action_add"):
        page = client.get(reverse(name, args=[meeting.pk, item.pk]))
        assert page.status_code == 200 and page.text.count("data-record-form") == 1


@pytest.mark.parametrize("size", [1, 12])
def test_minutes_page_query_count_does_not_grow(size, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    _grow(meeting, cast, size)
    client = client_as(cast.chair)
    with django_assert_num_queries(14):
        client.get(reverse("meetings:minutes_review", args=[meeting.pk]))


# The other pages that list things: each asked at one size and at ten times it, for the same count.


def _versions(meeting, cast, count, *, readers=0):
    """``count`` approved versions of the minutes, each published and sent to ``readers`` people."""
    people = [PersonFactory() for _ in range(readers)]
    draft = Minutes.objects.get(meeting=meeting)
    snapshot = record.build(draft, approval=record.Approval(cast.chair.full_name, STARTS)).as_dict()
    Minutes.objects.filter(meeting=meeting).delete()
    previous = None
    for version in range(1, count + 1):
        minutes = Minutes.objects.create(
            meeting=meeting,
            version=version,
            status=MinutesStatus.APPROVED if version == count else MinutesStatus.SUPERSEDED,
            approved_by=cast.chair,
            approved_at=STARTS,
            snapshot=snapshot,
            content_hash="0" * 64,
            agreed_at_meeting=meeting,
        )
        previous = Circulation.objects.create(
            minutes=minutes, supersedes=previous, layout="side-by-side", created_by=cast.secretariat
        )
        Delivery.objects.bulk_create(Delivery(circulation=previous, person=person) for person in people)
    return minutes


@pytest.mark.parametrize("size", [1, 10])
def test_decisions_register_query_count_does_not_grow(size, cast, client_as, django_assert_num_queries):
    for number in range(1, size + 1):
        meeting = Meeting.objects.create(group=cast.group, number=number, starts_at=STARTS)
        item = meeting.items.create(position=1, title_en="Item", title_cy="Eitem")
        sub = meeting.items.create(position=1, parent=item, title_en="Sub", title_cy="Is")
        for on in (item, sub, sub):
            Decision.objects.create(item=on, text_en="Agreed", text_cy="Cytunwyd")
    client = client_as(cast.member)
    with django_assert_num_queries(6):
        response = client.get(reverse("meetings:decisions", args=[cast.group.slug]))
    assert len(response.context["decisions"]) == 3 * size


@pytest.mark.parametrize("size", [1, 10])
def test_attendance_page_query_count_does_not_grow(size, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    for _ in range(3 * size):
        seat = MembershipFactory(group=cast.group, organisation=OrganisationFactory())
        Attendance.objects.create(meeting=meeting, membership=seat, status=AttendanceStatus.APOLOGIES)
        Attendance.objects.create(
            meeting=meeting,
            name="Guest",
            organisation=seat.organisation,
            deputising_for=seat,
            status=AttendanceStatus.PRESENT,
        )
    client = client_as(cast.secretariat)
    with django_assert_num_queries(11):
        response = client.get(reverse("meetings:attendance", args=[meeting.pk]))
    assert len(response.context["form"].memberships) == 4 + 3 * size
    assert len(response.context["guests"]) == 3 * size


@pytest.mark.parametrize("size", [1, 10])
def test_minutes_history_query_count_does_not_grow(size, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    _versions(meeting, cast, size)
    for n in range(3 * size):
        MinutesEvent.objects.create(
            meeting=meeting, minutes_version=1, kind=MinutesEventKind.ITEM_EDITED, actor=PersonFactory(), detail=str(n)
        )
    client = client_as(cast.chair)
    with django_assert_num_queries(5):
        response = client.get(reverse("meetings:minutes_history", args=[meeting.pk]))
    assert len(response.context["events"]) == 1 + 3 * size


@pytest.mark.parametrize("size", [1, 10])
def test_minutes_version_query_count_does_not_grow(size, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    _grow(meeting, cast, size)
    minutes = _versions(meeting, cast, size)
    client = client_as(cast.member)
    with django_assert_num_queries(5):
        response = client.get(reverse("meetings:minutes_version", args=[meeting.pk, minutes.version]))
    assert len(response.context["document"]["record"].items) == 1 + 2 * size


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("size", [1, 10])
def test_published_minutes_query_count_does_not_grow(size, language, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    _grow(meeting, cast, size)
    minutes = _versions(meeting, cast, size, readers=3)
    client = client_as(cast.member)
    with django_assert_num_queries(4):
        response = client.get(reverse("meetings:published", args=[meeting.pk, minutes.version, language]))
    assert len(response.context["document"]["record"].items) == 1 + 2 * size


@pytest.mark.parametrize("size", [1, 10])
def test_translation_page_query_count_does_not_grow(size, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    _grow(meeting, cast, size)
    client = client_as(cast.secretariat)
    with django_assert_num_queries(13):
        response = client.get(reverse("meetings:translation", args=[meeting.pk]))
    assert len(response.context["items"]) == 1 + 2 * size


@pytest.mark.parametrize("size", [1, 10])
def test_translation_export_query_count_does_not_grow(size, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    _grow(meeting, cast, size)
    client = client_as(cast.secretariat)
    with django_assert_num_queries(8):
        response = client.get(reverse("meetings:translation_export", args=[meeting.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_circulation_page_query_count_does_not_grow(size, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    _versions(meeting, cast, size, readers=3 * size)
    client = client_as(cast.secretariat)
    with django_assert_num_queries(6):
        response = client.get(reverse("meetings:circulation", args=[meeting.pk]))
    assert response.text.count("Send again<") == size * 3 * size


@pytest.mark.parametrize("size", [1, 10])
@pytest.mark.parametrize(("page", "queries"), [("create", 6), ("edit", 5), ("item_add", 6), ("item_edit", 7)])
def test_meeting_forms_query_count_does_not_grow_with_members(
    page, queries, size, cast, client_as, django_assert_num_queries
):
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    item = services.add_item(meeting, title_en="Welcome", title_cy="Croeso", kind=ItemKind.WELCOME)
    for _ in range(3 * size):  # a person to choose as chair or lead, and an organisation
        MembershipFactory(group=cast.group, organisation=OrganisationFactory())
    args = {"create": [cast.group.slug], "item_edit": [meeting.pk, item.pk]}.get(page, [meeting.pk])
    client = client_as(cast.secretariat)
    with django_assert_num_queries(queries):
        response = client.get(reverse(f"meetings:{page}", args=args))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_minutes_pdf_query_count_does_not_grow(size, held, cast, client_as, django_assert_num_queries):
    meeting, _item, _minutes = held
    _grow(meeting, cast, size)
    client = client_as(cast.chair)
    with django_assert_num_queries(13):
        response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ["member", "observer", "chair"])
def test_only_the_secretariat_writes_the_minutes(role, held, cast, client_as):
    meeting, item, _minutes = held
    response = client_as(cast.person(role)).post(
        reverse("meetings:item_minutes_save", args=[meeting.pk, item.pk]),
        {f"item-{item.pk}-minutes_en": "Mine", f"item-{item.pk}-minutes_cy": "", f"item-{item.pk}-revision": 0},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.minutes_en == ""


def test_outsiders_see_nothing_of_the_meeting(held, cast, client_as):
    meeting, _item, _minutes = held
    client = client_as(cast.outsider)
    for url in (meeting.get_absolute_url(), reverse("meetings:minutes_review", args=[meeting.pk])):
        assert client.get(url).status_code == 404


def test_autosave_answers_a_conflict_with_the_other_text(held, cast, client_as):
    meeting, item, _minutes = held
    url = reverse("meetings:item_minutes_save", args=[meeting.pk, item.pk])
    client = client_as(cast.secretariat)
    data = {
        f"item-{item.pk}-minutes_en": "First",
        f"item-{item.pk}-minutes_cy": "Cyntaf",
        f"item-{item.pk}-revision": 0,
    }
    first = client.post(url, data, headers={"accept": "application/json"})
    assert first.json()["revision"] == 1
    second = client.post(url, {**data, f"item-{item.pk}-minutes_en": "Second"}, headers={"accept": "application/json"})
    assert second.status_code == 409
    assert (second.json()["minutes_en"], second.json()["revision"]) == ("First", 1)
    assert second.json()["conflict"].endswith("copy what you need into the boxes and save again.")


def test_a_conflict_without_javascript_shows_both_texts_and_keeps_yours(held, cast, client_as):
    meeting, item, _minutes = held
    services.save_item_minutes(item, minutes_en="Theirs", minutes_cy="Eu testun", revision=0, by=cast.chair)
    response = client_as(cast.secretariat).post(
        reverse("meetings:item_minutes_save", args=[meeting.pk, item.pk]),
        {
            f"item-{item.pk}-minutes_en": "Mine",
            f"item-{item.pk}-minutes_cy": "Fy nhestun",
            f"item-{item.pk}-revision": 0,
        },
    )
    assert response.status_code == 409
    assert '<pre class="app-their-text" lang="en">Theirs</pre>' in response.text
    assert "Mine</textarea>" in response.text


@pytest.mark.parametrize(
    ("english", "language", "message"),
    [
        ("A null\x00 byte", "en", "Null characters are not allowed."),
        ("A null\x00 byte", "cy", "Ni chaniateir nodau nwl."),
        ("[the site](www.gov.wales)", "en", "Start each link's address with https://, http:// or mailto:"),
        ("[the site](www.gov.wales)", "cy", "Dechreuwch gyfeiriad pob dolen gyda https://, http:// neu mailto:"),
        ("x" * 20_001, "en", "Shorten the text to 20000 characters or fewer: it has 20001"),
        ("x" * 20_001, "cy", "Byrhewch y testun i 20000 nod neu lai: mae ganddo 20001"),
    ],
)
def test_autosave_and_save_refuse_a_text_saying_why_and_keep_what_was_saved(
    english, language, message, held, cast, client_as
):
    meeting, item, _minutes = held
    services.save_item_minutes(
        item, minutes_en="Saved before", minutes_cy="Cadwyd o'r blaen", revision=0, by=cast.secretariat
    )
    client = client_as(cast.secretariat)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    url = reverse("meetings:item_minutes_save", args=[meeting.pk, item.pk])
    data = {
        f"item-{item.pk}-minutes_en": english,
        f"item-{item.pk}-minutes_cy": "Testun",
        f"item-{item.pk}-revision": 1,
    }

    autosaved = client.post(url, data, headers={"accept": "application/json"})
    saved = client.post(url, data)

    assert (autosaved.status_code, message in autosaved.json()["error"]) == (400, True)
    assert (saved.status_code, message in saved.content.decode().replace("&#x27;", "'")) == (400, True)
    assert "Testun</textarea>" in saved.content.decode()  # what was typed is still in its box
    item.refresh_from_db()
    assert (item.minutes_en, item.minutes_cy, item.minutes_revision) == ("Saved before", "Cadwyd o'r blaen", 1)


def test_the_online_link_is_a_web_address(held, cast, client_as):
    meeting, _item, _minutes = held
    url = reverse("meetings:edit", args=[meeting.pk])
    data = {"date_0": "22", "date_1": "9", "date_2": "2022", "start_time": "10:00"}
    client = client_as(cast.secretariat)
    refused = client.post(url, {**data, "online_link": "ftp://files.example/meeting"})
    accepted = client.post(url, {**data, "online_link": "https://teams.microsoft.com/l/meetup-join/1"})
    assert "Enter a web address, like https://teams.microsoft.com/" in refused.content.decode()
    assert accepted.status_code == 302
    meeting.refresh_from_db()
    assert meeting.online_link == "https://teams.microsoft.com/l/meetup-join/1"


def test_confidential_papers_are_withheld_from_observers(held, cast, client_as):
    meeting, item, _minutes = held
    paper = Paper.objects.create(
        item=item, title_en="Draft budget", confidential=True, file_en=ContentFile(b"%PDF-1.4", name="b.pdf")
    )
    url = reverse("meetings:paper", args=[meeting.pk, paper.pk, "en"])
    assert client_as(cast.observer).get(url).status_code == 403
    response = client_as(cast.member).get(url)
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_decisions_register_searches_both_languages(held, cast, client_as):
    _meeting, item, _minutes = held
    Decision.objects.create(item=item, text_en="The SG agreed the themes.", text_cy="Cytunodd y GLl ar y themâu.")
    Decision.objects.create(item=item, text_en="Transfers to be monitored.", text_cy="Monitro trosglwyddiadau.")
    client = client_as(cast.member)
    url = reverse("meetings:decisions", args=[cast.group.slug])
    assert [d.text_en for d in client.get(url, {"q": "themâu"}).context["decisions"]] == ["The SG agreed the themes."]
    assert [d.text_en for d in client.get(url, {"q": "monitored"}).context["decisions"]] == [
        "Transfers to be monitored."
    ]
    assert len(client.get(url).context["decisions"]) == 2
    response = client.get(url, {"from_date": "not a date"})
    assert response.context["filter"].form.errors == {"from_date": ["Enter a date like 01/09/2022"]}


def _rows(response) -> list[list]:
    """A CSV or XLSX download read back as rows of text."""
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def _text(value) -> str:
    if isinstance(value, datetime.datetime):  # a date cell reads back as midnight
        return value.date().isoformat()
    return "" if value is None else str(value)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_decisions_register_exports_what_the_page_shows_in_its_language(fmt, held, cast, client_as):
    """Same filter, same rule (draft decisions marked for those who see them), headings in the page's language."""
    meeting, item, _minutes = held  # minutes in draft
    Decision.objects.create(item=item, text_en="The SG agreed the themes.", text_cy="Cytunodd y GLl ar y themâu.")
    Decision.objects.create(item=item, text_en="Transfers to be monitored.", text_cy="Monitro trosglwyddiadau.")
    client = client_as(cast.member)
    url = reverse("meetings:decisions", args=[cast.group.slug])
    response = client.get(url, {"q": "themes", "export": fmt})
    assert response["Content-Disposition"] == f'attachment; filename="decisions-{cast.group.slug}.{fmt}"'
    assert _rows(response) == [
        ["Meeting", "Date", "Item", "Decision in English", "Decision in Welsh", "Minutes"],
        [
            str(meeting.number),
            "2022-09-22",
            item.title_en,
            "The SG agreed the themes.",
            "Cytunodd y GLl ar y themâu.",
            "Draft minutes",
        ],
    ]
    welsh = client.get(url, {"export": fmt}, headers={"accept-language": "cy"})
    assert len(_rows(welsh)) == 3
    assert _rows(client_as(cast.observer).get(url, {"export": fmt})) == [_rows(response)[0]]  # draft: not theirs
    assert 'href="?q=themes&amp;export=csv"' in client.get(url, {"q": "themes"}).text


def test_decisions_register_exports_nothing_when_the_filter_is_wrong(held, cast, client_as):
    _meeting, item, _minutes = held
    Decision.objects.create(item=item, text_en="Agreed", text_cy="Cytunwyd")
    url = reverse("meetings:decisions", args=[cast.group.slug])
    response = client_as(cast.member).get(url, {"from_date": "not a date", "export": "csv"})
    assert len(_rows(response)) == 1  # the headings only, as the page shows no decisions to download


def test_quorum_warning_shows_when_too_few_members_are_present(held, cast, client_as):
    meeting, _item, _minutes = held
    cast.group.quorum = 3
    cast.group.save()
    seat = cast.group.memberships.get(person=cast.member)
    Attendance.objects.create(meeting=meeting, membership=seat, status=AttendanceStatus.PRESENT)
    html = client_as(cast.member).get(meeting.get_absolute_url()).text
    assert "The meeting is not quorate: 1 members present, and the quorum is 3." in html


def test_attendance_table_says_whom_a_deputy_stands_in_for_and_who_is_no_member_in_both_languages(
    held, cast, client_as
):
    meeting, _item, _minutes = held
    seat = cast.group.memberships.get(person=cast.member)
    Attendance.objects.create(meeting=meeting, membership=seat, status=AttendanceStatus.APOLOGIES)
    Attendance.objects.create(
        meeting=meeting, name="Dee <Deputy>", organisation=seat.organisation, deputising_for=seat, status="present"
    )
    Attendance.objects.create(meeting=meeting, name="Guest & Co", status=AttendanceStatus.PRESENT)
    client = client_as(cast.member)
    member = escape(cast.member.full_name)
    for language, stands_in, not_member, no_organisation in (
        ("en", "for", "in attendance", "Not representing an organisation"),
        ("cy", "ar ran", "yn bresennol (heb fod yn aelod)", "Heb fod yn cynrychioli sefydliad"),
    ):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        html = client.get(meeting.get_absolute_url()).text
        hint = f'<span class="govuk-hint app-inline-hint">{not_member}</span>'
        assert f"Dee &lt;Deputy&gt; ({stands_in} {member}) {hint}" in html
        assert f"Guest &amp; Co {hint}" in html
        assert f'<th scope="row" class="govuk-table__header">{no_organisation}</th>' in html


@pytest.mark.parametrize(
    "model", ["meeting", "agendaitem", "paper", "attendance", "decision", "minutes", "reviewcomment", "minutesevent"]
)
def test_admin_lists_every_meetings_model_with_search(model, held, cast, client_as):
    response = client_as(cast.admin).get(reverse(f"admin:meetings_{model}_changelist"), {"q": "a"})
    assert response.status_code == 200


def test_previous_minutes_item_lists_the_open_actions_of_earlier_meetings_only(held, cast, client_as):
    meeting, item, _minutes = held
    item.kind = ItemKind.PREVIOUS_MINUTES
    item.save()
    earlier = services.create_meeting(cast.group, starts_at=STARTS - datetime.timedelta(days=56))
    earlier_item = earlier.items.create(position=1, title_en="Item", title_cy="Eitem")
    Action.objects.create(group=cast.group, item=earlier_item, text_en="Earlier, open", owner_person=cast.member)
    Action.objects.create(
        group=cast.group, item=earlier_item, text_en="Earlier, done", owner_person=cast.member, status="done"
    )
    Action.objects.create(group=cast.group, item=item, text_en="From this meeting", owner_person=cast.member)
    response = client_as(cast.member).get(meeting.get_absolute_url())
    assert [action.text_en for action in response.context["open_actions"]] == ["Earlier, open"]


def test_success_messages_follow_the_page_language(cast, client_as):
    from django.urls import reverse as url

    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    client = client_as(cast.secretariat)
    client.post(url("set_language"), {"language": "cy", "next": "/"})
    response = client.post(url("meetings:transition", args=[meeting.pk, "issue-agenda"]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Mae'r agenda wedi'i gyhoeddi. Ni ellir newid ei eitemau bellach."
    ]


def test_agenda_pages_send_the_secretariat_back_once_the_agenda_is_issued(held, cast, client_as):
    meeting, item, _minutes = held
    response = client_as(cast.secretariat).get(reverse("meetings:item_edit", args=[meeting.pk, item.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The agenda has been issued, so its items cannot change. Reopen the agenda first."
    ]


def test_the_editors_boxes_say_their_limits_in_their_hints(held, cast, client_as):
    meeting, item, _minutes = held
    client = client_as(cast.secretariat)
    page = client.get(reverse("meetings:minutes_edit", args=[meeting.pk])).content.decode()
    # The decision form the editor opens on an item is the item's own page's form.
    form = client.get(reverse("meetings:decision_add", args=[meeting.pk, item.pk])).content.decode()
    hint = form.split('id="id_decision-text_en_hint"', 1)[1].split("</", 1)[0]
    assert "For example, The SG agreed to establish task and finish groups." in hint
    assert "Up to 2,000 characters." in hint
    assert f'id="id_item-{item.pk}-minutes_en_helptext">Up to 20,000 characters.<' in page


# The agenda's Welsh ------------------------------------------------------------------------------


@pytest.fixture
def planned(cast):
    """A planned meeting whose one paper has its English version only."""
    meeting = services.create_meeting(cast.group, starts_at=STARTS, place_en="Cardiff", place_cy="Caerdydd")
    item = services.add_item(meeting, title_en="Budget", title_cy="Cyllideb")
    paper = Paper.objects.create(
        item=item, title_en="Budget report", title_cy="Adroddiad cyllideb", file_en=ContentFile(b"%PDF", name="en.pdf")
    )
    return meeting, item, paper


def _speaking(person, language):
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    return person


def test_issuing_the_agenda_warns_of_papers_in_english_only_then_issues_it(planned, cast, client_as):
    meeting, _item, paper = planned
    client = client_as(cast.secretariat)
    url = reverse("meetings:issue_agenda", args=[meeting.pk])
    assert f'href="{url}"' in client.get(meeting.get_absolute_url()).text
    page = client.get(url)
    assert (page.status_code, page.context["missing"]) == (200, [])
    assert [english_only.pk for english_only in page.context["english_only"]] == [paper.pk]
    assert "This paper goes out in English only: its Welsh version has not been added." in page.text
    assert reverse("meetings:paper_welsh", args=[meeting.pk, paper.pk]) in page.text
    response = client.post(url)
    assert (response.status_code, response.url) == (302, meeting.get_absolute_url())
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_ISSUED
    assert client.get(url).status_code == 302  # issued: nothing to issue again


@pytest.mark.parametrize("language", ["en", "cy"])
def test_an_agenda_with_welsh_missing_says_where_and_is_not_issued(language, planned, cast, client_as):
    meeting, item, _paper = planned
    AgendaItem.objects.filter(pk=item.pk).update(title_cy="")
    client = client_as(_speaking(cast.secretariat, language))
    url = reverse("meetings:issue_agenda", args=[meeting.pk])
    with translation.override(language):
        where = translation.gettext("%(number)s title") % {"number": "1"}
        message = translation.gettext("The agenda cannot be issued while Welsh is missing, at: %(where)s.") % {
            "where": where
        }
        heading = translation.gettext("Welsh still missing")
    page = client.get(url)
    assert page.context["missing"] == [where]
    assert heading in page.text and 'id="issue"' not in page.text  # no button to issue it
    response = client.post(url)
    assert response.status_code == 400
    assert f'<a href="#welsh-missing">{escape(message)}</a>' in response.text
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_the_agenda_marks_a_paper_without_its_welsh_version_and_links_a_welsh_one(planned, cast, client_as):
    meeting, item, paper = planned
    both = Paper.objects.create(
        item=item,
        title_en="Forecast",
        title_cy="Rhagolwg",
        file_en=ContentFile(b"%PDF", name="en.pdf"),
        file_cy=ContentFile(b"%PDF", name="cy.pdf"),
    )
    add_welsh = reverse("meetings:paper_welsh", args=[meeting.pk, paper.pk])
    page = client_as(cast.member).get(meeting.get_absolute_url()).text
    assert page.count('<strong class="govuk-tag govuk-tag--grey">English only</strong>') == 1
    assert page.index("Budget report") < page.index("English only") < page.index("Forecast")
    assert reverse("meetings:paper", args=[meeting.pk, both.pk, "cy"]) in page
    assert reverse("meetings:paper", args=[meeting.pk, paper.pk, "cy"]) not in page
    assert add_welsh not in page  # the secretariat's to add
    page = client_as(cast.secretariat).get(meeting.get_absolute_url()).text
    assert add_welsh in page
    assert reverse("meetings:paper_welsh", args=[meeting.pk, both.pk]) not in page


def test_secretariat_adds_the_welsh_version_of_a_paper(planned, cast, client_as):
    meeting, item, paper = planned
    client = client_as(cast.secretariat)
    url = reverse("meetings:paper_welsh", args=[meeting.pk, paper.pk])
    assert client.get(url).context["form"].initial == {"title_cy": "Adroddiad cyllideb"}
    response = client.post(
        url, {"title_cy": "Adroddiad ar y gyllideb", "file_cy": SimpleUploadedFile("cyllideb.pdf", b"%PDF-1.4 cy")}
    )
    assert (response.status_code, response.url) == (302, f"{meeting.get_absolute_url()}#item-{item.pk}")
    paper.refresh_from_db()
    assert (paper.title_cy, paper.filename_cy) == ("Adroddiad ar y gyllideb", "cyllideb.pdf")
    with paper.file_cy.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 cy"
    assert "English only" not in client.get(meeting.get_absolute_url()).text


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_welsh_of_a_paper_is_checked_as_an_upload_is(language, planned, cast, client_as):
    meeting, _item, paper = planned
    response = client_as(_speaking(cast.secretariat, language)).post(
        reverse("meetings:paper_welsh", args=[meeting.pk, paper.pk]),
        {"title_cy": " ", "file_cy": SimpleUploadedFile("cyllideb.pdf", b"not a PDF")},
    )
    with translation.override(language):
        expected = {
            "title_cy": [translation.gettext("Enter the title of the paper in Welsh")],
            "file_cy": [
                translation.gettext(
                    "The file is not a real %(kind)s document. Save it again as %(kind)s and upload that"
                )
                % {"kind": "PDF"}
            ],
        }
    assert response.context["form"].errors == expected
    paper.refresh_from_db()
    assert (paper.title_cy, paper.file_cy.name) == ("Adroddiad cyllideb", "")


def test_papers_without_their_welsh_version_are_listed_for_the_secretariat(planned, cast):
    meeting, _item, paper = planned

    def listed():
        return render_to_string(
            "meetings/includes/papers_welsh.html",
            {"meeting": meeting, "papers_without_welsh": selectors.papers_without_welsh(meeting)},
        )

    html = listed()
    assert "Papers without their Welsh version" in html and "Budget report" in html
    assert reverse("meetings:paper_welsh", args=[meeting.pk, paper.pk]) in html
    services.add_paper_welsh(paper, title_cy="Adroddiad", file_cy=SimpleUploadedFile("cy.pdf", b"%PDF-1.4"))
    assert "Every paper has its Welsh version." in listed()
