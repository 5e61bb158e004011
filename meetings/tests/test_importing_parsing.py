"""What the importer finds in minutes, and why: the seed's own minutes first."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

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


def _text(text: str, name: str = "minutes.txt"):
    return parse(read(text.encode(), name))


def test_a_title_run_into_its_text_opens_an_item_when_three_paragraphs_are_written_so():
    found = _text(
        "Minutes of the meeting held on 7 September 2016\n\nFinance – EE presented the report.\n\n"
        "Risk Assessments - PAT Testing needs to be done. JC to arrange.\n\nYr Heddlu. Dim i'w adrodd.\n"
    )
    assert [(item.title, item.minutes) for item in found.items] == [
        ("Finance", "EE presented the report."),
        ("Risk Assessments", "PAT Testing needs to be done. JC to arrange."),
        ("Yr Heddlu", "Dim i'w adrodd."),
    ]
    assert [(action.text, action.owner) for action in found.items[1].actions] == [("JC to arrange.", "JC")]
    # One such paragraph is only a sentence; a numbered line is split whatever the others do.
    assert [item.title for item in _text("Minutes\n\nFinance – EE presented the report.\n").items] == [""]
    numbered = _text("Minutes\n\n1 Apologies – Cllr's Dando and Bentley gave their apologies.\n")
    assert [(item.number, item.title) for item in numbered.items] == [("1", "Apologies")]
    assert [row.name for row in numbered.apologies] == ["Dando", "Bentley"]


def test_a_line_that_starts_with_a_date_is_the_page_header_not_an_item():
    found = _text("10 January 2023 – Minutes of the Sole Trustee Meeting\n\n1. Apologies\n\nNone.\n")
    assert found.title == "10 January 2023 – Minutes of the Sole Trustee Meeting"
    assert [item.title for item in found.items] == ["Apologies"]
    notice = _text("THESE ARE DRAFT MINUTES AND WILL BE REVIEWED AT THE NEXT MEETING\n\n# Trustees meeting\n", "m.md")
    assert notice.title == "Trustees meeting"


def test_minute_numbers_with_a_committees_letters_and_section_markers():
    found = _text(
        "# Council\n\nPART 1 - PUBLIC\n\n## C 10/034 Election of Mayor\n\nRESOLVED: That X be Mayor.\n", "m.md"
    )
    assert [(item.number, item.title) for item in found.items] == [("C 10/034", "Election of Mayor")]
    assert [d.text for d in found.items[0].decisions] == ["RESOLVED: That X be Mayor."]


def test_a_committee_pages_item_table_gives_one_item_per_row():
    html = (
        "<h1>Council</h1><table><tr><th>No.</th><th>Item</th></tr>"
        "<tr><td>1.</td><td><p><strong>Cyfieithu ar y Pryd</strong></p><p>Mae croeso i chi ddefnyddio'r Gymraeg.</p>"
        "<p>Cofnodion:</p><p>Nodwyd na dderbyniwyd unrhyw geisiadau.</p></td></tr>"
        "<tr><td>47.</td><td>Apologies for Absence: Minutes: Apologies for absence were received from Councillor "
        "Danny Brookes and Councillor Graham Williams.</td></tr></table>"
    )
    found = parse(read(html.encode(), "m.html"))
    assert [(item.number, item.title) for item in found.items] == [
        ("1.", "Cyfieithu ar y Pryd"),
        ("47.", "Apologies for Absence"),
    ]
    assert found.items[0].minutes == "Nodwyd na dderbyniwyd unrhyw geisiadau."
    assert [row.name for row in found.apologies] == ["Danny Brookes", "Graham Williams"]


def test_a_list_whose_entries_mostly_have_notes_is_the_minutes_and_each_entry_an_item():
    found = _text(
        "# 2023-02-07 Meeting\n\n* Issue 131 - SIG plan\n* Issue 134 - EDU plan\n    * Dan motions to advance it.\n"
        "* TAC elections\n    * Option 1 carries.\n",
        "m.md",
    )
    assert [item.title for item in found.items] == ["Issue 131 - SIG plan", "Issue 134 - EDU plan", "TAC elections"]
    assert [d.text for d in found.items[2].decisions] == ["Option 1 carries."]


@pytest.mark.parametrize(
    "line, present, apologies",
    [
        (
            "Attendance (please add yourself):\n\n* Jo Bloggs (IBM)\n\nRegrets:\n\n"
            "* Bob Callaway (Google)\n\nAgenda:\n",
            ["Jo Bloggs"],
            ["Bob Callaway"],
        ),
        (
            "Present were Wendy Heron, Lyn & Graham Meredith, Christie Goymer.\n",
            ["Wendy Heron", "Lyn", "Graham Meredith", "Christie Goymer"],
            [],
        ),
        (
            "Present: Cllr Mr G. Hotchkin – Chairman, Cllrs J Frizzell, M Robinson "
            "and the Clerk – Adrian Illingworth\n",
            ["Mr G. Hotchkin", "J Frizzell", "M Robinson", "Adrian Illingworth"],
            [],
        ),
        (
            "Presennol: M.Chapman, L.Roberts a Huw T Jones (Clerc)\n\nYmddiheuriadau: C.Brewer\n",
            ["M.Chapman", "L.Roberts", "Huw T Jones"],
            ["C.Brewer"],
        ),
        (
            "Present: Trustees Alexander (Chair), James and the Clerk\n\nMembers of the public: None\n",
            ["Alexander", "James", "Clerk"],
            [],
        ),
    ],
)
def test_attendance_lists_in_their_layouts(line, present, apologies):
    found = _text("Minutes\n\n" + line, "m.md")
    assert [row.name for row in found.present] == present
    assert [row.name for row in found.apologies] == apologies


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("Apologies received from Cllrs Tarry, Ogden and Johnson.", ["Tarry", "Ogden", "Johnson"]),
        ("Trustees Hayden and Howden, apologies accepted.", ["Hayden", "Howden"]),
        (
            "Derbyniwyd ymddiheuriadau gan y Cynghorwyr G. Collier, B. Thomas, Cyfarwyddwr Corfforaethol Adfywio a "
            "Gwasanaethau Cymunedol a’r Prif Swyddog Adnoddau.",
            [
                "G. Collier",
                "B. Thomas",
                "Cyfarwyddwr Corfforaethol Adfywio a Gwasanaethau Cymunedol",
                "Prif Swyddog Adnoddau",
            ],
        ),
    ],
)
def test_apologies_recorded_in_an_items_text(sentence, names):
    found = _text("Minutes\n\n1. Apologies\n\n" + sentence + "\n")
    assert [row.name for row in found.apologies] == names


@pytest.mark.parametrize(
    "sentence, decided",
    [
        ("The minutes for the July meeting were considered and approved.", True),
        ("These were accepted as a true record and duly signed by the Chairman.", True),
        ("This was seriously considered and rejected by the trustees by a unanimous vote.", True),
        ("This was seconded by the Chairman and agreed by all members.", True),
        ("Reasons for absence noted and accepted by members present", True),
        ("The trustees’ also decided to seek an independent report.", True),
        ("Cadarnhawyd cofnodion Cyngor 14.11.2019, cynnig C.L.Price.", True),
        ("Option 1 carries.", True),
        ("Derbyniwyd ymddiheuriadau gan y Cynghorydd G. Collier.", False),
        ("The proposal was rejected.", False),
        ("Apologies were noted.", False),
    ],
)
def test_more_ways_the_body_decides(sentence, decided):
    assert bool(Rules([]).decision(sentence)) is decided


@pytest.mark.parametrize(
    "sentence, owner, text",
    [
        ("Clerk requested to reply to the resident.", "Clerk", None),
        ("C.Brewer yn hapus i fynd gyda'r Clerc.", "C.Brewer", None),
        ("JC & CG to arrange.", "JC & CG", None),
        ("Brian: I’ll provide that feedback to the committee.", "Brian", None),
        ("We’ll complete the vote by email.", None, None),
        ("Other TAC members, also please read.", "Other TAC members", None),
        ("Bydd Liz Roberts ym mynychu cyfarfod ar Ionawr 16.", "Liz Roberts", None),
        (
            "Deallwyd fod M.Lawton wedi cael dyrchafiad yn ei swydd Clerc i anfon i’w llongyfarch.",
            "Clerc",
            "Clerc i anfon i’w llongyfarch.",
        ),
    ],
)
def test_more_ways_work_is_given(sentence, owner, text):
    found = Rules([], ["C.Brewer"]).action(sentence, reporting=False)
    assert found is not None and found[1] == owner
    assert (found[2] if len(found) == 3 else None) == text


@pytest.mark.parametrize(
    "sentence",
    [
        "Who had emailed the Clerk to complain about this issue.",
        "If you’re interested, please let staff know!",
        "Please have a look.",
    ],
)
def test_no_work_is_given(sentence):
    assert Rules([]).action(sentence, reporting=False) is None


def test_a_day_after_its_month_is_due_in_the_meetings_year():
    assert due_date("Bydd X yn mynychu cyfarfod ar Ionawr 16.", datetime.date(2020, 1, 9), None) == datetime.date(
        2020, 1, 16
    )


# Formal council minutes, Welsh community councils and committee pages (development documents 33-40).


def test_minute_references_three_digit_numbers_and_titles_run_onto_their_number():
    found = _text(
        "Minutes of a Meeting of Groby Parish Council\n\nCou/285/07-08 Present\n\n"
        "Cou/286/07-08 Apologies for Absence\n\nNone received.\n"
    )
    assert [(item.number, item.title) for item in found.items] == [
        ("Cou/285/07-08", "Present"),
        ("Cou/286/07-08", "Apologies for Absence"),
    ]
    found = _text("# Cabinet Committee\n\n## 124. Apologies and Substitutes\n\nNone.\n", "m.md")
    assert [(item.number, item.title) for item in found.items] == [("124", "Apologies and Substitutes")]
    # "1)Ymddiheuriadau", "i)Cae Chwarae", and "Ch)", a letter of the Welsh alphabet.
    found = _text(
        "Cofnodion cyfarfod o Gyngor Cymuned\n\n1)Ymddiheuriadau : Dim i’w nodi.\n\n2) Materion yn codi\n\n"
        "i)Cae Chwarae: Adroddiad gan y Cyng Jones.\n\nCh)Pont y Felin: Dim newyddion.\n"
    )
    assert [(item.number, item.title) for item in found.items] == [
        ("1", "Ymddiheuriadau"),
        ("2", "Materion yn codi"),
        ("i)", "Cae Chwarae"),
        ("Ch)", "Pont y Felin"),
    ]


def test_a_paragraph_numbered_out_of_sequence_refers_to_an_item_and_opens_none():
    found = _text(
        "Minutes of the Executive Board meeting\n\n1. Apologies\n\nNone.\n\n2. Declarations of Interest\n\n"
        "Cllr E. Dole\n\n9 – Parks and Play Areas\n\n3. Minutes\n\nNone.\n"
    )
    assert [item.title for item in found.items] == ["Apologies", "Declarations of Interest", "Minutes"]


def test_a_heading_is_a_title_however_long_and_a_papers_link_is_not_part_of_it():
    found = _text(
        "# Group\n\n## 3. National Education Union Cymru: Additional Learning Needs and Tribunals (Wales) Act, "
        "joint union positions\n\nA paper.\n\n## 4. MINUTES pdf icon PDF 420 KB\n\nAgreed.\n\n"
        "## 4.1 25AIN AWST 2022; pdf eicon PDF 73 KB\n\nPENDERFYNWYD llofnodi'r cofnodion.\n",
        "m.md",
    )
    assert [(item.number, item.title) for item in found.items] == [
        (
            "3",
            "National Education Union Cymru: Additional Learning Needs and Tribunals (Wales) Act, "
            "joint union positions",
        ),
        ("4", "MINUTES"),
        ("4.1", "25AIN AWST 2022"),
    ]


def test_a_committee_pages_row_keeps_its_decision_and_its_minutes_and_a_dotted_number():
    html = (
        "<h1>Agenda, decisions and minutes</h1><table><tr><th>No.</th><th>Item</th></tr>"
        "<tr><td>1.</td><td><p><strong>CHAIR</strong></p><p>To elect a Chair for 2022/23.</p>"
        "<p>Decision:</p><p>To elect Councillor Elwyn Jones as Chair.</p>"
        "<p>Minutes:</p><p>RESOLVED to elect Councillor Elwyn Jones as Chair.</p></td></tr>"
        "<tr><td>4.</td><td>MINUTES pdf icon PDF 420 KB The Chair shall propose that the minutes be signed. "
        "Minutes:</td></tr><tr><td>4.1</td><td>25AIN AWST 2022; pdf eicon PDF 73 KB Cofnodion: "
        "PENDERFYNWYD llofnodi'r cofnodion.</td></tr>"
        "</table>"
    )
    found = parse(read(html.encode(), "m.html"))
    assert [(item.number, item.title, item.level) for item in found.items] == [
        ("1.", "CHAIR", 1),
        ("4.", "MINUTES", 1),
        ("4.1", "25AIN AWST 2022", 2),
    ]
    assert [d.text for d in found.items[0].decisions] == [
        "Decision: To elect Councillor Elwyn Jones as Chair.",
        "RESOLVED to elect Councillor Elwyn Jones as Chair.",
    ]
    # The agenda's "The Chair shall propose …" is no one's task.
    assert found.items[1].actions == []
    assert [d.text for d in found.items[2].decisions] == ["PENDERFYNWYD llofnodi'r cofnodion."]


def test_the_agenda_text_above_minutes_is_not_searched():
    found = _text(
        "# Cabinet Committee\n\n## 127. Dates of future meetings\n\n"
        "The Committee is asked to note the dates. All meetings will take place at County Hall.\n\n"
        "Minutes:\n\nIt was RESOLVED that the Committee noted the dates.\n",
        "m.md",
    )
    item = found.items[0]
    assert [d.text for d in item.decisions] == ["It was RESOLVED that the Committee noted the dates."]
    assert item.actions == []
    assert "The Committee is asked to note the dates." in item.minutes


def test_the_meetings_date_is_not_the_pages_or_the_last_meetings():
    found = _text(
        "Publication - Minutes\n\n# Implementation Group minutes: October 2019\n\nPublished: 26 Jun 2020\n\n"
        "Date of meeting: 31 Oct 2019\n",
        "m.md",
    )
    assert found.title == "Implementation Group minutes: October 2019"
    assert found.date == datetime.date(2019, 10, 31)
    found = _text(
        "# Agenda, decisions and minutes\n\n## 4. MINUTES\n\n"
        "The Chair shall propose that the minutes of the previous meeting held on 3rd March, 2022 be signed.\n",
        "m.md",
    )
    assert found.date is None
    assert dates_in("nos Lun, Mawrth y 9fed 2020 yn Neuadd") == [datetime.date(2020, 3, 9)]


def test_attendance_as_a_numbered_item_and_as_a_list_of_people_with_organisations():
    found = _text(
        "Minutes of a Meeting of Groby Parish Council\n\nCou/285/07-08 Present\n\n"
        "Members: Cllr P Batty (Chairman), Cllr J Batty, Cllr Beck, Cllr Hollick (arrived at 7.01pm), Cllr Jones "
        "and Cllr Yarwood.\n\nCou/286/07-08 Apologies for Absence\n\n"
        "Apologies for absence were received from Cllr Purves\n"
    )
    assert [(row.name, row.organisation) for row in found.present] == [
        ("P Batty", "Chairman"),
        ("J Batty", None),
        ("Beck", None),
        ("Hollick", None),
        ("Jones", None),
        ("Yarwood", None),
    ]
    assert [row.name for row in found.apologies] == ["Purves"]
    assert [item.title for item in found.items] == ["Present", "Apologies for Absence"]
    listed = _text(
        "# Group minutes\n\n## Attendees and apologies\n\n### Attendees\n\n- Jan Savage, Enable (Chair)\n"
        "- Andrea Bradley, Education Institute Scotland\n\n### Apologies\n\n- Nicola Dickie, COSLA\n\n"
        "## Items and actions\n\n### Welcome\n\nJan welcomed members.\n",
        "m.md",
    )
    assert [(row.name, row.organisation) for row in listed.present] == [
        ("Jan Savage", "Enable"),
        ("Andrea Bradley", "Education Institute Scotland"),
    ]
    assert [(row.name, row.organisation) for row in listed.apologies] == [("Nicola Dickie", "COSLA")]
    assert [item.title for item in listed.items] == ["Welcome"]
    one = _text("# Committee\n\n## 124. Apologies\n\nApologies were received from Mr A Booth.\n", "m.md")
    assert [row.name for row in one.apologies] == ["Mr A Booth"]


@pytest.mark.parametrize(
    ("sentence", "decided"),
    [
        # A formal RESOLVED in capitals, after the clause that reports the motion.
        (
            "With the absence of the Vice Chairman it was proposed by Councillor P Batty that Councillor Beck be "
            "elected Vice Chairman the Council RESOLVED to elect Councillor Beck as Vice Chairman.",
            True,
        ),
        ("PENDERFYNWYD YN UNFRYDOL lofnodi cofnodion y cyfarfod, gan eu bod yn gywir.", True),
        # A report received, and one apology, are no decisions.
        ("Derbyniwyd adroddiad gan y Cyng Gwenllian Hughes-Jones yn nodi fod pethau yn symud ymlaen.", False),
        ("Derbyniwyd ymddiheuriad am absenoldeb gan C. Davies", False),
    ],
)
def test_formal_resolutions_and_what_is_not_one(sentence, decided):
    assert bool(Rules([]).decision(sentence)) is decided


def test_a_welsh_role_that_will_act_inside_a_sentence():
    found = Rules([]).action(
        "Nodwyd bod angen cael golwg ar gyflwr y ceffyl siglo – mae’r clerc am gysylltu gyda Sion Hughes.",
        reporting=False,
    )
    assert found == ("clerc am gysylltu", "clerc", "mae’r clerc am gysylltu gyda Sion Hughes")
    welsh = _text("Cofnodion cyfarfod o Gyngor Cymuned\n\n1)Ymddiheuriadau : Derbyniwyd ymddiheuriad gan Cyng. Jones\n")
    assert [row.name for row in welsh.apologies] == ["Jones"]
