"""What the importer finds in minutes, and why: the seed's own minutes first."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings import selectors
from meetings.importing.parsing import Rules, dates_in, due_date, parse
from meetings.importing.reading import read
from meetings.models import Meeting
from workstreams.demo import SG_SLUG

# The seed's minutes as published on gov.wales (a copy of ../shared/seed/, so that CI has it).
SEED = Path(__file__).resolve().parent / "data" / "aln-steering-group-minutes-2022-09.en.txt"


def _seed():
    return parse(read(SEED.read_bytes(), SEED.name))


def test_the_seed_minutes_import_as_the_demo_meeting_in_items_decisions_and_actions(db):
    call_command("load_demo", stdout=io.StringIO())
    demo = Meeting.objects.get(group__slug=SG_SLUG, number=1)
    agenda = selectors.flat_agenda(selectors.numbered_agenda(demo))
    found = _seed()
    # Items: the same titles in the same order; the numbers as the text writes them ("a)" under 2).
    assert [item.title for item in found.items] == [item.title_en for item in agenda]
    assert [item.number for item in found.items][:4] == ["1", "2", "a)", "b)"]
    # Per item, as many decisions and actions as the demo recorded by hand from the same text.
    assert [(len(item.decisions), len(item.actions)) for item in found.items] == [
        (item.decisions.count(), item.actions.count()) for item in agenda
    ]
    # The owners the text names: WG where the demo has the Welsh Government, the SG where the demo
    # gave the action to a member of it; the guidance "will go out" names nobody.
    demo_actions = [action for item in agenda for action in item.actions.order_by("pk")]
    found_actions = [action for item in found.items for action in item.actions]
    assert [action.owner for action in found_actions] == ["WG", None, "the SG", "the SG", "WG", "WG", "WG", "WG"]
    for mine, theirs in zip(found_actions, demo_actions, strict=True):
        if mine.owner == "WG":
            assert theirs.owner_organisation.acronym_en == "WG"
        elif mine.owner == "the SG":
            assert theirs.owner_organisation_id is None and theirs.owner_person_id is not None
    dues = [action.due for item in found.items for action in item.actions if action.due]
    assert dues == [datetime.date(2022, 9, 27)]
    assert found.next_meeting == datetime.date(2022, 11, 17)


def test_each_finding_says_why_it_was_found():
    found = {f.text: f.because for item in _seed().items for f in item.decisions + item.actions}
    assert found["The SG agreed to establish task and finish groups to focus on key areas."] == "The SG agreed"
    assert found["WG agreed to discuss the addition of a WG health policy colleague to the SG."] == (
        "WG agreed to discuss"
    )
    assert (
        found[
            "WG would establish a working group to plan for future changes to data capture and to inform monitoring of "
            "ALN numbers and reform but did not expect any further changes until January 2025."
        ]
        == "WG would establish"
    )
    # "WG noted that … would come into play" names no work: the "would" is inside a "that" clause.
    assert not any("accountability" in text for text in found)


def test_dry_run_json_prints_exactly_the_shape_outside_checks_read(db, tmp_path):
    out = io.StringIO()
    call_command("import_minutes", str(SEED), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"meeting", "attendance", "items"}
    assert data["meeting"] == {"date": None, "title": ""}
    assert set(data["attendance"]) == {"present", "apologies", "in_attendance"}
    assert {"name": "Estyn", "organisation": None} in data["attendance"]["present"]
    assert all(set(item) == {"number", "title", "minutes", "decisions", "actions"} for item in data["items"])
    looked_after = next(item for item in data["items"] if item["title"] == "Looked After Children (LAC)")
    assert looked_after["actions"] == [
        {
            "text": "WG asked the SG to consider the paper outside of the meeting and respond with feedback by 27 "
            "September – whether it meets requirements, if there are gaps, if there are other issues that haven’t "
            "been considered.",
            "owner": "the SG",
            "due": "2022-09-27",
        }
    ]


def test_without_dry_run_the_command_saves_nothing_and_says_where_to_review(db, tmp_path):
    minutes = tmp_path / "minutes.txt"
    minutes.write_text("1. Welcome\n\nThe Board agreed the agenda.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing is saved without review"):
        call_command("import_minutes", str(minutes), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Minutes of the meeting held on Thursday 22nd September 2022", [datetime.date(2022, 9, 22)]),
        ("Cofnodion y cyfarfod a gynhaliwyd ar 22 Medi 2022", [datetime.date(2022, 9, 22)]),
        ("Meeting of 2022-09-22 and 17/11/2022", [datetime.date(2022, 9, 22), datetime.date(2022, 11, 17)]),
        ("September 22, 2022", [datetime.date(2022, 9, 22)]),
        ("31 February 2022", []),
    ],
)
def test_dates_in_english_and_welsh(text, expected):
    assert dates_in(text) == expected


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("WG to respond by 27 September.", datetime.date(2022, 9, 27)),
        ("WG to respond by 3 January.", datetime.date(2023, 1, 3)),  # after the meeting: the next year
        ("Members to comment before the next meeting.", datetime.date(2022, 11, 17)),
        ("The clerk to write within two weeks.", datetime.date(2022, 10, 6)),
        ("The clerk to report by the end of October.", datetime.date(2022, 10, 31)),
        ("The clerk to report by 1 March 2023.", datetime.date(2023, 3, 1)),
        ("The clerk to report.", None),
    ],
)
def test_due_dates_absolute_and_relative_to_the_meeting(sentence, due):
    assert due_date(sentence, datetime.date(2022, 9, 22), datetime.date(2022, 11, 17)) == due


@pytest.mark.parametrize(
    ("sentence", "decision", "action"),
    [
        ("RESOLVED: that the budget be approved.", "RESOLVED", None),
        ("It was agreed that the clerk would write to the council.", "It was agreed", None),
        ("The Committee noted the report.", "The Committee noted", None),
        ("Cytunodd y Grŵp ar y cylch gorchwyl.", "Cytunodd", None),
        ("Action: Jane Smith to circulate the paper.", None, ("Action", "Jane Smith")),
        ("ACTION – circulate the paper (Clerk).", None, ("ACTION", "Clerk")),
        ("The Clerk will write to the council by 1 March 2023.", None, ("The Clerk will write", "The Clerk")),
        ("LlC i ddosbarthu'r papur.", None, ("LlC i ddosbarthu", "LlC")),
        ("The Chair noted that the report would be published.", None, None),
        ("The meeting closed at 4pm.", None, None),
        ("There will be a vote in March.", None, None),
    ],
)
def test_one_sentence_each_rule(sentence, decision, action):
    rules = Rules([])
    assert rules.decision(sentence) == decision
    assert (rules.action(sentence, reporting=False) if decision is None else None) == action


def test_a_state_of_an_earlier_action_is_not_a_new_action():
    assert Rules([]).action("WG to circulate the paper: complete.", reporting=True) is None
    assert Rules([]).action("WG to circulate the paper: complete.", reporting=False) is not None
