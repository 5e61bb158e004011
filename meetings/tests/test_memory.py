import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from translate.storage.tmx import tmxfile

from meetings import memory, services
from meetings.enums import ItemKind, MinutesStatus
from meetings.models import MemoryUnit, Minutes
from steering.models import Person
from workstreams.demo import SG_SLUG
from workstreams.models import Group
from workstreams.tests.factories import GlossaryEntryFactory

STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)


# Sentences and alignment ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("One sentence without a stop", ["One sentence without a stop"]),
        (
            "The SG met. Members agreed!  Was it right? Yes.",
            ["The SG met.", "Members agreed!", "Was it right?", "Yes."],
        ),
        # Paragraphs and wrapped lines.
        (
            "First paragraph.\n\nSecond one,\nwrapped on two lines.",
            ["First paragraph.", "Second one, wrapped on two lines."],
        ),
        # Bullet and numbered lines are sentences of their own, without their marker.
        (
            "Focussing on:\n- Meaning of ALP\n* Disputes\n1. Sharing practice",
            ["Focussing on:", "Meaning of ALP", "Disputes", "Sharing practice"],
        ),
        # Abbreviations, initials and numbers end no sentence.
        (
            "Topics, e.g. EHE, i.e. Home education. Mr. Jones and Dr. Evans met J. Smith. "
            "Numbers rose 2.5 times to 74,600.",
            [
                "Topics, e.g. EHE, i.e. Home education.",
                "Mr. Jones and Dr. Evans met J. Smith.",
                "Numbers rose 2.5 times to 74,600.",
            ],
        ),
        ("Pynciau, e.e. ADdC. Cyng. Jones a h.y. Nhw.", ["Pynciau, e.e. ADdC.", "Cyng. Jones a h.y. Nhw."]),
        # No capital after the stop: no new sentence. "etc." before a capital closes one.
        ("Issues, etc. and more. the end", ["Issues, etc. and more. the end"]),
        ("Cross-border issues, etc. The SG agreed.", ["Cross-border issues, etc.", "The SG agreed."]),
        # Quotes and brackets around the end and the start.
        ('He said "yes." (Then) left. "Next" came.', ['He said "yes."', "(Then) left.", '"Next" came.']),
        # Welsh capitals.
        ("Daeth i ben. Ŵyr y cadeirydd oedd yno.", ["Daeth i ben.", "Ŵyr y cadeirydd oedd yno."]),
    ],
)
def test_sentences_split_paragraphs_bullets_and_sentence_ends(text, expected):
    assert memory.sentences(text) == expected


def test_pairs_align_sentences_when_the_counts_match():
    english = "The SG met. Members agreed.\n\nWG noted it."
    welsh = "Cyfarfu'r Grŵp. Cytunodd yr aelodau.\n\nNododd LlC hynny."
    assert memory.pairs(english, welsh) == [
        (english, welsh),
        ("The SG met.", "Cyfarfu'r Grŵp."),
        ("Members agreed.", "Cytunodd yr aelodau."),
        ("WG noted it.", "Nododd LlC hynny."),
    ]


def test_pairs_keep_a_paragraph_whose_sentences_do_not_match():
    english = "The SG met. Members agreed.\n\nWG noted it."
    welsh = "Cyfarfu'r Grŵp a chytunodd yr aelodau.\n\nNododd LlC hynny."
    assert memory.pairs(english, welsh) == [
        (english, welsh),
        ("The SG met. Members agreed.", "Cyfarfu'r Grŵp a chytunodd yr aelodau."),
        ("WG noted it.", "Nododd LlC hynny."),
    ]


def test_pairs_give_only_the_whole_text_when_the_paragraphs_do_not_match():
    english = "The SG met.\n\nMembers agreed."
    welsh = "Cyfarfu'r Grŵp a chytunodd yr aelodau."
    assert memory.pairs(english, welsh) == [(english, welsh)]
    # A long text is kept only sentence by sentence: with its paragraphs unmatched, nothing.
    assert memory.pairs(english + " " + "x" * 300, welsh) == []


def test_pairs_align_bullet_lines():
    english = "Focussing on:\n- Meaning of ALP\n- Disputes and Tribunal"
    welsh = "Yn canolbwyntio ar:\n- Ystyr DDY\n- Anghydfodau a'r Tribiwnlys"
    assert memory.pairs(english, welsh)[1:] == [
        ("Focussing on:", "Yn canolbwyntio ar:"),
        ("Meaning of ALP", "Ystyr DDY"),
        ("Disputes and Tribunal", "Anghydfodau a'r Tribiwnlys"),
    ]


def test_pairs_need_both_languages():
    assert memory.pairs("The SG met.", "  ") == []
    assert memory.pairs("", "Cyfarfu'r Grŵp.") == []


def test_key_ignores_spaces_but_not_case():
    assert memory.key("The SG  met.\n") == memory.key("The SG met.")
    assert memory.key("the SG met.") != memory.key("The SG met.")


# Learning ---------------------------------------------------------------------------------------


def _load_demo():
    call_command("load_demo", stdout=io.StringIO())


def _forget() -> None:
    """The memory emptied, and every version free to be learnt again."""
    MemoryUnit.objects.all().delete()
    Minutes.objects.update(memory_learned_at=None)


def _demo_minutes() -> Minutes:
    """The demo steering group's meeting 1, approved and published with its Welsh complete."""
    return Minutes.objects.get(meeting__group__slug=SG_SLUG, status=MinutesStatus.APPROVED)


@pytest.fixture
def demo(db) -> Minutes:
    """The demo loaded, with the memory emptied (approval learns by itself) for learn to fill."""
    _load_demo()
    _forget()
    return _demo_minutes()


@pytest.fixture
def learned(demo) -> Minutes:
    memory.learn(demo)
    return demo


def _units(group) -> dict[str, str]:
    return dict(MemoryUnit.objects.filter(group=group).values_list("english", "welsh"))


def test_learn_from_the_demo_keeps_titles_sentences_decisions_and_actions(demo):
    count = memory.learn(demo)
    group = demo.meeting.group
    units = _units(group)
    assert count == MemoryUnit.objects.filter(group=group, minutes=demo).count() == len(units) > 50
    assert units["PLASC data"] == "Data CYBLD"
    assert units["The minutes of the previous meeting were agreed."] == "Cytunwyd ar gofnodion y cyfarfod blaenorol."
    assert units["Colleges are continuing to develop their ALN staffing structures."] == (
        "Mae colegau'n parhau i ddatblygu eu strwythurau staffio ADY."
    )
    assert units["Disputes, complaints, parental rights, and Tribunal"] == (
        "Anghydfodau, cwynion, hawliau rhieni, a'r Tribiwnlys"
    )
    kinds = set(MemoryUnit.objects.filter(group=group).values_list("kind", flat=True))
    assert kinds == {"title", "minutes", "decision", "action"}
    # The welcome's Welsh has a paragraph more than its English: the whole text only.
    welcome = [english for english in units if english.startswith("The Steering Group (the SG) welcomed")]
    assert welcome == [
        "The Steering Group (the SG) welcomed new representatives for health boards, ETW and the Children’s "
        "Commissioner for Wales’ office. Apologies were given for 3 members."
    ]


def test_learn_is_idempotent(demo):
    first = memory.learn(demo)
    units = list(MemoryUnit.objects.order_by("pk").values_list("english", "uses"))
    assert memory.learn(demo) == 0
    assert list(MemoryUnit.objects.order_by("pk").values_list("english", "uses")) == units
    assert {uses for _english, uses in units} == {1} and first == len(units)


@pytest.fixture
def meeting_with_reserved_item(cast):
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    welcome = services.add_item(meeting, title_en="Welcome", title_cy="Croeso")
    reserved = services.add_item(meeting, kind=ItemKind.RESERVED, title_en="Staffing", title_cy="Staffio")
    sub_item = services.add_item(meeting, parent=reserved, title_en="Pay award", title_cy="Dyfarniad cyflog")
    untranslated = services.add_item(meeting, title_en="Transport", title_cy="")
    minutes = services.mark_held(meeting, by=cast.secretariat)
    for item, english, welsh in [
        (welcome, "The chair welcomed members.", "Croesawodd y cadeirydd yr aelodau."),
        (reserved, "The post will be cut.", "Bydd y swydd yn cael ei dileu."),
        (sub_item, "The pay award was agreed.", "Cytunwyd ar y dyfarniad cyflog."),
        (untranslated, "Buses are late.", ""),
    ]:
        services.save_item_minutes(item, minutes_en=english, minutes_cy=welsh, revision=0, by=cast.secretariat)
    services.add_decision(reserved, text_en="Cut the post.", text_cy="Dileu'r swydd.", by=cast.secretariat)
    services.submit_minutes(minutes, by=cast.secretariat)
    services.approve_minutes(minutes, by=cast.chair)
    return minutes


def test_learn_leaves_out_reserved_items_and_texts_without_welsh(cast, meeting_with_reserved_item):
    _forget()
    assert memory.learn(meeting_with_reserved_item) == 2
    assert _units(cast.group) == {
        "Welcome": "Croeso",
        "The chair welcomed members.": "Croesawodd y cadeirydd yr aelodau.",
    }


def _approved(group, cast, items: int) -> Minutes:
    """A meeting of ``items`` items, each with a title and a minute of two sentences, approved."""
    meeting = services.create_meeting(group, starts_at=STARTS + datetime.timedelta(days=items))
    added = [services.add_item(meeting, title_en=f"Item {n}", title_cy=f"Eitem {n}") for n in range(items)]
    minutes = services.mark_held(meeting, by=cast.secretariat)
    for n, item in enumerate(added):
        services.save_item_minutes(
            item,
            minutes_en=f"The SG discussed point {n}. Members agreed it.",
            minutes_cy=f"Trafododd y Grŵp bwynt {n}. Cytunodd yr aelodau arno.",
            revision=0,
            by=cast.secretariat,
        )
    services.submit_minutes(minutes, by=cast.secretariat)
    services.approve_minutes(minutes, by=cast.chair)
    return minutes


@pytest.mark.parametrize("items", [2, 20])
def test_learn_queries_do_not_grow_with_the_pairs(cast, django_assert_max_num_queries, items):
    minutes, again = _approved(cast.group, cast, items), _approved(cast.group, cast, items)
    _forget()
    with django_assert_max_num_queries(8):
        assert memory.learn(minutes) == 3 * items + 1  # title, minute, its first sentence; "Members agreed it."
    # The second version teaches the same pairs: they are counted again, in as many queries.
    with django_assert_max_num_queries(8):
        assert memory.learn(again) == 3 * items + 1
    assert set(MemoryUnit.objects.values_list("uses", flat=True)) == {2}


def test_learn_counts_a_pair_once_per_version(cast):
    first = _approved(cast.group, cast, 2)
    second = _approved(cast.group, cast, 3)  # approval learns both
    uses = dict(MemoryUnit.objects.values_list("english", "uses"))
    assert uses["Item 0"] == uses["Members agreed it."] == 2
    assert uses["Item 2"] == 1
    assert memory.learn(first) == memory.learn(second) == 0
    assert dict(MemoryUnit.objects.values_list("english", "uses")) == uses


# Suggesting -------------------------------------------------------------------------------------


def _new_meeting_texts(group, texts: list[str]) -> list[str]:
    """A new meeting of the group whose items' minutes are ``texts``: what its translator would
    ask the memory about."""
    meeting = services.create_meeting(group, starts_at=STARTS + datetime.timedelta(days=365))
    items = [services.add_item(meeting, title_en=f"Item {n}") for n in range(len(texts))]
    secretariat = Person.objects.get(email="secretariat@example.org")
    services.mark_held(meeting, by=secretariat)
    for item, text in zip(items, texts, strict=True):
        services.save_item_minutes(item, minutes_en=text, minutes_cy="", revision=0, by=secretariat)
    return list(meeting.items.order_by("position").values_list("minutes_en", flat=True))


def test_suggest_gives_exact_close_and_no_matches(learned):
    group = learned.meeting.group
    exact, close, unrelated = _new_meeting_texts(
        group,
        [
            "The minutes of the previous meeting were agreed.",
            "The minutes of the previous meeting were agreed as a correct record.",
            "The group discussed the school transport budget for next year.",
        ],
    )
    found = memory.suggest(group, [exact, close, unrelated])
    assert found[exact] == [
        memory.Suggestion(exact, exact, "Cytunwyd ar gofnodion y cyfarfod blaenorol.", 100, True),
    ]
    assert [(s.memory_english, s.welsh, s.exact) for s in found[close]] == [
        ("The minutes of the previous meeting were agreed.", "Cytunwyd ar gofnodion y cyfarfod blaenorol.", False)
    ]
    assert 75 <= found[close][0].score <= 99
    assert found[unrelated] == []


def test_suggest_puts_a_text_together_from_its_sentences(learned):
    group = learned.meeting.group
    text = (
        "Colleges are continuing to develop their ALN staffing structures.\n\n"
        "The SG agreed these themes:\n"
        "- Disputes, complaints, parental rights, and Tribunal\n"
        "- Sharing emerging practice and ways of working"
    )
    MemoryUnit.objects.create(
        group=group,
        english="The SG agreed these themes:",
        welsh="Cytunodd y Grŵp Llywio ar y themâu hyn:",
        english_key=memory.key("The SG agreed these themes:"),
        welsh_key=memory.key("Cytunodd"),
        kind="minutes",
    )
    whole, *by_sentence = memory.suggest(group, [text])[text]
    assert whole == memory.Suggestion(
        text,
        text,
        "Mae colegau'n parhau i ddatblygu eu strwythurau staffio ADY.\n\n"
        "Cytunodd y Grŵp Llywio ar y themâu hyn:\n"
        "- Anghydfodau, cwynion, hawliau rhieni, a'r Tribiwnlys\n"
        "- Rhannu arferion sy'n dod i'r amlwg a ffyrdd o weithio",
        100,
        True,
    )
    assert [(s.english, s.exact) for s in by_sentence] == [(sentence, True) for sentence in memory.sentences(text)]


def test_suggest_gives_sentence_matches_inside_a_new_text(learned):
    group = learned.meeting.group
    text = "The minutes of the previous meeting were agreed. The group discussed the school transport budget."
    found = memory.suggest(group, [text])[text]
    # The whole text is only close to a minute it begins like; its first sentence is exact.
    assert [(s.english, s.exact) for s in found] == [
        (text, False),
        ("The minutes of the previous meeting were agreed.", True),
    ]
    assert found[0].memory_english.startswith("The minutes of the previous meeting were agreed, and the SG")


def test_share_with_suggestions_over_new_texts(learned):
    group = learned.meeting.group
    texts = [
        "Welcome and Introductions",  # an exact title
        "The minutes of the previous meeting were agreed.",  # an exact decision
        "The minutes of the previous meeting were agreed as a correct record.",  # close
        "Meeting closed, next meeting 19 January 2023.",  # close to "… 17 November 2022."
        # Two exact sentences: put together.
        "Colleges are continuing to develop their ALN staffing structures. Members agreed SEN to ALN transfers "
        "should be monitored by the SG.",
        "The group discussed the school transport budget for next year.",
        "Members of the public may attend future meetings as observers.",
        "A new bus timetable starts in April. Drivers were trained.",
    ]
    assert memory.share_with_suggestions(group, texts) == 5 / 8
    assert memory.share_with_suggestions(group, []) == 0.0


@pytest.mark.parametrize("size", [1, 20])
def test_suggest_reads_the_memory_once(learned, django_assert_num_queries, size):
    group = learned.meeting.group
    texts = [f"The minutes of meeting {n} were agreed. The SG discussed DECLOs’ comments." for n in range(size)]
    with django_assert_num_queries(1):
        found = memory.suggest(group, texts)
    assert len(found) == size and all(found.values())


def test_suggest_reads_only_the_group_own_memory(learned, cast):
    assert memory.suggest(cast.group, ["The minutes of the previous meeting were agreed."]) == {
        "The minutes of the previous meeting were agreed.": []
    }


# TMX --------------------------------------------------------------------------------------------


def test_tmx_parses_and_gives_back_the_pairs(learned):
    group = learned.meeting.group
    MemoryUnit.objects.create(
        group=group, english="Bell\x07 rang.", welsh="Canodd\x0b y gloch.", english_key="a", welsh_key="b", kind="title"
    )
    content = memory.tmx(group)
    store = tmxfile.parsestring(content)
    found = {(unit.source, unit.target) for unit in store.units}
    expected = {(english, welsh) for english, welsh in _units(group).items() if "Bell" not in english}
    assert found == expected | {("Bell rang.", "Canodd y gloch.")}
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<tmx version=\"1.4\"><header ")
    assert b'srclang="en-GB"' in content and b'<tuv xml:lang="cy-GB">' in content
    assert b'usagecount="1"' in content and b'<prop type="x-kind">title</prop>' in content


def test_tmx_of_an_empty_memory_parses(cast):
    assert list(tmxfile.parsestring(memory.tmx(cast.group)).units) == []


# The glossary's terms --------------------------------------------------------------------------


@pytest.fixture
def glossary(cast):
    return [
        GlossaryEntryFactory(
            group=cast.group,
            acronym_en="PLASC",
            acronym_cy="CYBLD",
            expansion_en="Pupil Level Annual School Census",
            expansion_cy="Cyfrifiad Blynyddol Ysgolion ar Lefel Disgyblion",
        ),
        GlossaryEntryFactory(
            group=cast.group,
            acronym_en="ALN",
            acronym_cy="ADY",
            expansion_en="additional learning needs",
            expansion_cy="",
        ),
        GlossaryEntryFactory(
            group=cast.group,
            acronym_en="SG",
            acronym_cy="",
            expansion_en='Steering "Group"',
            expansion_cy="Grŵp Llywio",
        ),
    ]


def test_highlight_escapes_the_text_and_marks_the_terms_in_english(glossary):
    html = memory.highlight(
        '<script>alert("PLASC")</script> The PLASC data, plasc, PLASCs and pupil level annual school census.',
        glossary,
        "en",
    )
    assert html == (
        "&lt;script&gt;alert(&quot;"
        '<mark class="app-term" title="Pupil Level Annual School Census – CYBLD">PLASC</mark>'
        "&quot;)&lt;/script&gt; The "
        '<mark class="app-term" title="Pupil Level Annual School Census – CYBLD">PLASC</mark>'
        " data, plasc, PLASCs and "
        '<mark class="app-term" title="Pupil Level Annual School Census – Cyfrifiad Blynyddol Ysgolion ar Lefel '
        'Disgyblion">pupil level annual school census</mark>.'
    )


def test_highlight_marks_the_welsh_terms(glossary):
    html = memory.highlight("Data CYBLD a'r SG <b>ADY</b>", glossary, "cy")
    assert html == (
        'Data <mark class="app-term" title="Cyfrifiad Blynyddol Ysgolion ar Lefel Disgyblion – PLASC">CYBLD</mark>'
        ' a&#x27;r <mark class="app-term" title="Grŵp Llywio">SG</mark> '
        '&lt;b&gt;<mark class="app-term" title="additional learning needs – ALN">ADY</mark>&lt;/b&gt;'
    )


def test_highlight_escapes_a_glossary_entry_and_takes_the_longest_term(glossary, cast):
    GlossaryEntryFactory(group=cast.group, acronym_en="ALN Code", expansion_en="<i>the Code</i>")
    html = memory.highlight(
        'The ALN Code and the Steering "Group".', [*glossary, *cast.group.glossary.filter(acronym_en="ALN Code")], "en"
    )
    assert html == (
        'The <mark class="app-term" title="&lt;i&gt;the Code&lt;/i&gt;">ALN Code</mark> and the '
        '<mark class="app-term" title="Steering &quot;Group&quot; – Grŵp Llywio">Steering &quot;Group&quot;</mark>.'
    )


def test_highlight_without_a_glossary_only_escapes():
    assert memory.highlight("a < b", [], "en") == "a &lt; b"


# The command ------------------------------------------------------------------------------------


def _summary(slug, pairs, versions, skipped):
    return (
        f"{slug} – pairs learned or counted again: {pairs}; approved versions read: {versions}; "
        f"skipped as their Welsh is incomplete: {skipped}."
    )


def test_build_translation_memory_learns_the_complete_versions_once(demo, cast):
    # A version approved in English, its Welsh still to come: skipped.
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    item = services.add_item(meeting, title_en="Welcome", title_cy="")
    minutes = services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(item, minutes_en="Hello.", minutes_cy="", revision=0, by=cast.secretariat)
    services.submit_minutes(minutes, by=cast.secretariat)
    services.approve_minutes(minutes, by=cast.chair)

    out = io.StringIO()
    call_command("build_translation_memory", stdout=out)
    steering = Group.objects.get(slug=SG_SLUG)
    pairs = MemoryUnit.objects.filter(group=steering).count()
    lines = out.getvalue().splitlines()
    assert _summary(SG_SLUG, pairs, 1, 0) in lines
    assert _summary(cast.group.slug, 0, 0, 1) in lines
    assert len(lines) == Group.objects.count()
    assert pairs > 50

    out = io.StringIO()
    call_command("build_translation_memory", "--group", SG_SLUG, stdout=out)
    assert out.getvalue() == _summary(SG_SLUG, 0, 1, 0) + "\n"
    assert MemoryUnit.objects.filter(group=steering).count() == pairs


def test_build_translation_memory_refuses_an_unknown_group(db):
    with pytest.raises(CommandError, match=r"No group has the slug 'nowhere'\."):
        call_command("build_translation_memory", "--group", "nowhere", stdout=io.StringIO())


def test_build_translation_memory_help_names_the_option(capsys):
    with pytest.raises(SystemExit):
        call_command("build_translation_memory", "--help")
    assert "--group SLUG" in capsys.readouterr().out
