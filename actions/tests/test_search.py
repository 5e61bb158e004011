"""Search: what each person finds, in both languages, on SQLite (FTS5) and PostgreSQL alike."""

import datetime
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from actions import search
from actions.enums import AnswerPer
from actions.models import Action, FeedbackRequest, FeedbackResponse
from meetings.enums import ItemKind, MinutesStatus
from meetings.models import AgendaItem, Decision, Meeting, Minutes, Paper
from steering.models import Person
from workstreams.enums import Role
from workstreams.models import Group
from workstreams.tests.factories import MembershipFactory, OrganisationFactory

STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)
URL = reverse("actions:search")


def _found(client, q, **more) -> dict[str, list[str]]:
    """The page's results: kind → the titles, details and snippets of each hit, marks taken off."""
    response = client.get(URL, {"q": q, **more})
    assert response.status_code == 200
    return {
        kind.key: [re.sub(r"</?mark>", "", f"{hit.title.text} | {hit.detail} | {hit.snippet}") for hit in kind.hits]
        for kind in response.context["kinds"]
    }


@pytest.fixture
def reader(client_as):
    """A signed-in client with the page language chosen (English unless said)."""

    def sign_in(person, language="en"):
        client = client_as(person)
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        return client

    return sign_in


def _meeting(group, number=1, *, status=MinutesStatus.APPROVED):
    meeting = Meeting.objects.create(group=group, number=number, starts_at=STARTS + datetime.timedelta(days=number))
    if status:
        Minutes.objects.create(meeting=meeting, version=1, status=status)
    return meeting


# The checks of the issue, on the demo ---------------------------------------------------------------


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    steering = Group.objects.get(meetings__items__title_en="PLASC data")
    plasc = AgendaItem.objects.get(title_en="PLASC data", meeting__number=1, meeting__group=steering)
    # The seed minutes record no decision on item 5 c); one is recorded here to be found.
    Decision.objects.create(item=plasc, text_en="The SG noted the PLASC data.", text_cy="Nododd y GLl ddata CYBLD.")
    return steering


def test_plasc_finds_item_5_c_its_minutes_and_its_decision_for_a_member(demo, reader):
    found = _found(reader(Person.objects.get(email="member@example.org")), "PLASC")
    assert found["items"] == ["PLASC data | Meeting 1, item 5 c) | "]
    assert found["minutes"][0].startswith("PLASC data | Meeting 1, item 5 c) | The latest PLASC data release")
    assert found["decisions"] == ["Decision at meeting 1 |  | The SG noted the PLASC data."]


def test_plasc_finds_nothing_of_the_steering_group_for_someone_outside_it(demo, reader):
    outsider = Person.objects.get(email="ehe-member@example.org")
    assert not outsider.memberships.filter(group=demo).exists()
    client = reader(outsider)
    assert _found(client, "PLASC") == {}
    page = client.get(URL, {"q": "PLASC data CYBLD"}).content.decode()
    assert "Nothing you can see matches" in page and "PLASC data" not in page.split("</h1>", 1)[1].split("<form")[0]


def test_the_welsh_page_shows_the_welsh_words_first(demo, reader):
    found = _found(reader(Person.objects.get(email="member@example.org"), "cy"), "cyblD")
    assert found["items"] == ["Data CYBLD | Cyfarfod 1, eitem 5 c) | "]
    assert found["minutes"][0].startswith("Data CYBLD | Cyfarfod 1, ")
    assert "Dangosodd y data CYBLD diweddaraf" in found["minutes"][0]


def test_welsh_words_match_with_and_without_their_circumflex(demo, reader):
    client = reader(Person.objects.get(email="member@example.org"))
    with_accent, without = _found(client, "Grŵp Llywio"), _found(client, "grwp llywio")
    assert with_accent == without
    assert with_accent["decisions"]


# Who finds what --------------------------------------------------------------------------------------


@pytest.fixture
def business(cast):
    """An approved meeting with an ordinary item and a reserved one (with a sub-item) holding minutes,
    a decision, an action and a paper each; a confidential paper; a meeting whose minutes are a draft."""
    meeting = _meeting(cast.group)
    open_item = AgendaItem.objects.create(
        meeting=meeting, position=1, title_en="Budget", minutes_en="The budget for transport was agreed."
    )
    reserved = AgendaItem.objects.create(meeting=meeting, position=2, title_en="Staffing", kind=ItemKind.RESERVED)
    sub = AgendaItem.objects.create(
        meeting=meeting, position=3, parent=reserved, title_en="Pay", minutes_en="Redundancy terms were discussed."
    )
    Decision.objects.create(item=sub, text_en="Redundancy terms agreed.")
    Action.objects.create(group=cast.group, item=sub, text_en="Redundancy letters", owner_person=cast.chair)
    Paper.objects.create(
        item=sub, title_en="Redundancy paper", file_en=ContentFile(b"%PDF-1.4", name="r.pdf"), text_en="Redundancy"
    )
    Paper.objects.create(
        item=open_item,
        title_en="Transport costs",
        file_en=ContentFile(b"%PDF-1.4", name="t.pdf"),
        text_en="Confidential tender for school transport",
        confidential=True,
    )
    draft = _meeting(cast.group, 2, status=MinutesStatus.DRAFT)
    draft_item = AgendaItem.objects.create(
        meeting=draft, position=1, title_en="Update", minutes_en="Transport draft words."
    )
    Decision.objects.create(item=draft_item, text_en="Transport draft decision.")
    return meeting


@pytest.mark.parametrize("role", ["observer", "outsider"])
def test_reserved_business_is_never_found_by_an_observer_or_an_outsider(role, cast, business, reader):
    found = _found(reader(cast.person(role)), "redundancy")
    assert found == {}


def test_participants_find_reserved_business(cast, business, reader):
    found = _found(reader(cast.member), "redundancy")
    assert sorted(found) == ["actions", "decisions", "minutes", "papers"]


@pytest.mark.parametrize(
    ("role", "kinds"),
    [
        # Observers: the approved minutes' text; no confidential paper, no draft decision.
        ("observer", ["minutes"]),
        # Members: draft decisions too (marked), and the confidential paper; not a draft's minute text.
        ("member", ["decisions", "minutes", "papers"]),
        # The chair also reads the draft's minute text.
        ("chair", ["decisions", "minutes", "papers"]),
        ("outsider", []),
    ],
)
def test_confidential_papers_and_draft_minutes_follow_the_visibility_rule(role, kinds, cast, business, reader):
    found = _found(reader(cast.person(role)), "transport")
    assert sorted(found) == kinds
    drafts = [text for text in found.get("minutes", []) if "draft words" in text]
    assert len(drafts) == (1 if role == "chair" else 0)


def test_draft_decisions_are_marked_for_members(cast, business, reader):
    response = reader(cast.member).get(URL, {"q": "transport draft", "kind": "decisions"})
    assert [hit.draft for hit in response.context["kinds"][0].hits] == [True]
    assert "Draft minutes" in response.content.decode()


def test_feedback_answers_are_found_by_their_writers_and_the_secretariat_only(cast, reader):
    organisation = OrganisationFactory()
    cast.group.memberships.filter(person=cast.member).update(organisation=organisation)
    colleague = MembershipFactory(group=cast.group, organisation=organisation, role=Role.MEMBER).person
    request = FeedbackRequest.objects.create(
        group=cast.group,
        title_en="LAC paper",
        question_en="Does the scenario paper meet requirements?",
        deadline=datetime.date(2030, 1, 1),
        answer_per=AnswerPer.ORGANISATION,
        created_by=cast.secretariat,
    )
    FeedbackResponse.objects.create(
        request=request,
        respondent=f"organisation:{organisation.pk}",
        organisation=organisation,
        author=cast.member,
        text="Mae'r papur yn bodloni'r gofynion.",
        text_language="cy",
    )
    answers = {
        role: _found(reader(person), "gofynion").get("answers", [])
        for role, person in [
            ("member", cast.member),
            ("colleague", colleague),
            ("secretariat", cast.secretariat),
            ("chair", cast.chair),
            ("admin", cast.admin),
        ]
    }
    assert {role: len(found) for role, found in answers.items()} == {
        "member": 1,
        "colleague": 1,
        "secretariat": 1,
        "chair": 0,
        "admin": 1,
    }
    assert _found(reader(cast.observer), "requirements") == {
        "feedback": ["LAC paper |  | Does the scenario paper meet requirements?"]
    }


# Welsh ------------------------------------------------------------------------------------------------


@pytest.fixture
def welsh_decisions(cast):
    item = AgendaItem.objects.create(meeting=_meeting(cast.group), position=1, title_en="Meetings")
    for english, welsh in [
        ("Next meeting in Cardiff", "Y cyfarfod nesaf yng Nghaerdydd"),
        ("Her meeting", "Ei chyfarfod hi"),
        ("Papers for the group", "Papurau ar gyfer y grŵp"),
    ]:
        Decision.objects.create(item=item, text_en=english, text_cy=welsh)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The radical finds its mutations; a mutated word finds the radical and the other mutations.
        ("cyfarfod", ["Ei chyfarfod hi", "Y cyfarfod nesaf yng Nghaerdydd"]),
        ("gyfarfod", ["Ei chyfarfod hi", "Y cyfarfod nesaf yng Nghaerdydd"]),
        ("nghyfarfod", ["Ei chyfarfod hi", "Y cyfarfod nesaf yng Nghaerdydd"]),
        ("Caerdydd", ["Y cyfarfod nesaf yng Nghaerdydd"]),
        ("grŵp", ["Papurau ar gyfer y grŵp"]),
        ("GRWP", ["Papurau ar gyfer y grŵp"]),
        ("rwp", ["Papurau ar gyfer y grŵp"]),  # "g" dropped by soft mutation
        # English is stemmed, not mutated.
        ("meetings", ["Next meeting in Cardiff", "Her meeting"]),
    ],
)
def test_welsh_folding_and_mutations(query, expected, cast, welsh_decisions, reader):
    response = reader(cast.member).get(URL, {"q": query, "kind": "decisions"})
    hits = response.context["kinds"][0].hits
    snippets = [re.sub(r"</?mark>|…", "", hit.snippet) for hit in hits]
    assert sorted(snippets) == sorted(expected)


def test_the_matched_words_are_marked_in_the_snippet(cast, welsh_decisions, reader):
    reader(cast.member)
    response = reader(cast.member).get(URL, {"q": "nghyfarfod", "kind": "decisions"})
    snippets = sorted(str(hit.snippet) for hit in response.context["kinds"][0].hits)
    assert snippets == ["Ei <mark>chyfarfod</mark> hi", "Y <mark>cyfarfod</mark> nesaf yng Nghaerdydd"]
    assert [hit.snippet_lang for hit in response.context["kinds"][0].hits] == ["cy", "cy"]


@pytest.mark.parametrize(
    "query", ['"', "*", "NEAR(", "a OR b", "title:x", "'; DROP TABLE x; --", "<script>alert(1)</script>", "ŵ" * 300]
)
def test_any_query_gets_a_page(query, cast, welsh_decisions, reader):
    response = reader(cast.member).get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Your search was longer than 200 characters. Only its first 200 characters were searched."),
        ("cy", "Roedd eich chwiliad yn hwy na 200 nod. Dim ond ei 200 nod cyntaf a chwiliwyd."),
    ],
)
def test_a_query_too_long_is_cut_and_the_page_says_so(language, message, cast, welsh_decisions, reader):
    client = reader(cast.member, language)
    long = client.get(URL, {"q": "cyfarfod " + "x" * 300})
    assert message in long.content.decode()
    assert long.context["q"] == ("cyfarfod " + "x" * 300)[:200]
    assert message not in client.get(URL, {"q": "cyfarfod " + "x" * 180}).content.decode()


# Ranking, paging and the query count -------------------------------------------------------------


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_text(cast, reader):
    meeting = _meeting(cast.group)
    Paper.objects.create(
        item=AgendaItem.objects.create(meeting=meeting, position=1, title_en="One"),
        title_en="Annual report",
        file_en=ContentFile(b"%PDF-1.4", name="a.pdf"),
        text_en="Figures for the year and commentary on census returns",
    )
    Paper.objects.create(
        item=AgendaItem.objects.create(meeting=meeting, position=2, title_en="Two"),
        title_en="Census",
        file_en=ContentFile(b"%PDF-1.4", name="c.pdf"),
        text_en="Figures",
    )
    found = _found(reader(cast.member), "census")
    assert [text.split(" | ")[0] for text in found["papers"]] == ["Census", "Annual report"]


def _decisions(group, count):
    meeting = _meeting(group, Meeting.objects.filter(group=group).count() + 1)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title_en="Transport")
    Decision.objects.bulk_create(
        Decision(item=item, text_en=f"Transport decision {n}", text_cy=f"Penderfyniad trafnidiaeth {n}")
        for n in range(count)
    )


def test_every_kind_shows_its_best_five_and_one_kind_is_paged_by_twenty(cast, reader):
    _decisions(cast.group, 25)
    client = reader(cast.member)
    overview = client.get(URL, {"q": "transport"})
    decisions = next(kind for kind in overview.context["kinds"] if kind.key == "decisions")
    assert (len(decisions.hits), decisions.total) == (5, 25)
    assert "?q=transport&amp;kind=decisions" in overview.content.decode()
    first = client.get(URL, {"q": "transport", "kind": "decisions"})
    second = client.get(URL, {"q": "transport", "kind": "decisions", "page": "2"})
    assert [len(first.context["kinds"][0].hits), len(second.context["kinds"][0].hits)] == [20, 5]
    assert second.context["page"].number == 2
    seen = {hit.snippet for page in (first, second) for hit in page.context["kinds"][0].hits}
    assert len(seen) == 25


def _everything(cast, size):
    """``size`` of each kind, matching "transport", in an approved meeting and a draft one (there the
    actions are an organisation's and the answers are given for one)."""
    organisation = OrganisationFactory()
    for status in (MinutesStatus.APPROVED, MinutesStatus.DRAFT):
        for_organisation = status == MinutesStatus.DRAFT
        meeting = _meeting(cast.group, Meeting.objects.count() + 1, status=status)
        meeting.place_en = "Transport House"
        meeting.save()
        for n in range(size):
            item = AgendaItem.objects.create(
                meeting=meeting, position=n, title_en=f"Transport {n}", minutes_en="Transport minutes"
            )
            AgendaItem.objects.create(meeting=meeting, position=n, parent=item, title_en="Transport sub-item")
            Decision.objects.create(item=item, text_en="Transport decision")
            Action.objects.create(
                group=cast.group,
                item=item,
                text_en="Transport action",
                owner_person=None if for_organisation else cast.member,
                owner_organisation=organisation if for_organisation else None,
            )
            Paper.objects.create(item=item, title_en="Transport paper", file_en=ContentFile(b"%PDF-1.4", name="p.pdf"))
            request = FeedbackRequest.objects.create(
                group=cast.group,
                title_en="Transport",
                question_en="Transport?",
                deadline=datetime.date(2030, 1, 1),
                answer_per=AnswerPer.PERSON,
                created_by=cast.secretariat,
            )
            FeedbackResponse.objects.create(
                request=request,
                respondent=f"person:{cast.member.pk}",
                organisation=organisation if for_organisation else None,
                author=cast.member,
                text="Transport answer",
            )


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("size", [1, 10])
@pytest.mark.parametrize("kind", ["", "minutes"])
def test_search_page_query_count_does_not_grow(size, kind, language, cast, reader, django_assert_num_queries):
    _everything(cast, size)
    client = reader(cast.member, language)
    # Session and user, the person's memberships, then two queries per kind searched: one picks and
    # counts the matches, one reads the rows shown (every kind here has some).
    with django_assert_num_queries(3 + 2 * (1 if kind else len(search.SOURCES))):
        response = client.get(URL, {"q": "transport", "kind": kind})
    # Every kind is found; each shows its best five (or its page of twenty).
    kinds = {found.key: len(found.hits) for found in response.context["kinds"]}
    if kind:
        assert kinds == {"minutes": size}  # the draft meeting's minute text is the chair's
    else:
        assert kinds == {
            "meetings": 2,  # both meetings, at "Transport House"
            "items": min(4 * size, 5),  # items and sub-items
            **dict.fromkeys(["decisions", "actions", "feedback", "answers", "papers"], min(2 * size, 5)),
            "minutes": min(size, 5),
        }


# Keeping the index in step ------------------------------------------------------------------------------


def _decision(cast, text):
    item = AgendaItem.objects.create(meeting=_meeting(cast.group), position=1, title_en="X")
    return Decision.objects.create(item=item, text_en=text)


def test_the_index_follows_every_change(cast, reader):
    decision = _decision(cast, "Bridges")
    client = reader(cast.member)
    assert list(_found(client, "bridges")) == ["decisions"]
    Decision.objects.filter(pk=decision.pk).update(text_en="Tunnels")  # no service, no signal: still followed
    assert _found(client, "bridges") == {}
    assert list(_found(client, "tunnels")) == ["decisions"]
    decision.delete()
    assert _found(client, "tunnels") == {}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's table rebuilds lose triggers")
def test_sqlite_triggers_lost_to_a_rebuilt_table_come_back_after_migrate(cast, reader):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_decisions_insert")
    _decision(cast, "Bridges")
    assert _found(reader(cast.member), "bridges") == {}
    search.keep_sqlite_index()  # what migrate runs at its end
    assert list(_found(reader(cast.member), "bridges")) == ["decisions"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN indexes")
def test_postgres_finds_matches_through_the_gin_indexes(cast):
    _decision(cast, "Bridges")
    queryset = search.PostgresBackend().matching(
        search.SOURCES_BY_KEY["decisions"], Decision.objects.order_by(), search.Query.parse("bridges")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "BitmapOr" in plan
    assert "Bitmap Index Scan on search_decisions_en_gin" in plan
    assert "Bitmap Index Scan on search_decisions_cy_gin" in plan
