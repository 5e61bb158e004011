"""Telling Welsh from English, splitting bilingual minutes, and pairing the two versions of a meeting.

The English minutes in ``data/bilingual/aln-minutes.en.txt`` are an excerpt of the reference group's
minutes (``/work/shared/seed``); the seed has no Welsh version, so ``aln-minutes.cy.txt`` is a Welsh
version written for these tests with the seed's terms (``terms-cy.md``).
"""

import copy
from pathlib import Path

import pytest

from meetings.importing.bilingual import combine, language_of, pair, split
from meetings.importing.parsing import parse
from meetings.importing.reading import Block, Document, read

DATA = Path(__file__).parent / "data" / "bilingual"
CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "import_corpus"
LLANGATHEN = CORPUS / "08-llangathen-community-council-agm-2020-11-17.docx"


def _read(path: Path) -> Document:
    return read(path.read_bytes(), path.name)


def _document(*blocks: Block | str) -> Document:
    return Document(
        blocks=tuple(Block("paragraph", block) if isinstance(block, str) else block for block in blocks),
        format="text",
        name="minutes.txt",
    )


def _texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks]


def _welsh_strings(review: dict) -> set[str]:
    found = {review["meeting"]["title"]}
    for item in review["items"]:
        found |= {item["title"], item["minutes"]}
        found |= {entry["text"] for entry in item["decisions"] + item["actions"]}
    return found


def _placed_welsh(result: dict) -> list[str]:
    placed = [result["meeting"]["title_cy"]]
    for item in result["items"]:
        placed += [item["title_cy"], item["minutes_cy"]]
        placed += [entry["text_cy"] for entry in item["decisions"] + item["actions"]]
    return [text for text in placed if text] + [entry["text"] for entry in result["welsh_unpaired"]]


# language_of -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the seed
        "The minutes of the previous meeting were agreed, and the SG discussed updates on actions.",
        "WG would establish a forum to manage common queries and issues that are received from LAs and "
        "Health colleagues.",
        "Colleges are continuing to develop their ALN staffing structures.",
        # the bilingual DOCX
        "Due to the COVID 19 pandemic, the Annual Meeting had been delayed.",
        "Over the previous year (May 2019 – September 2020) the following declarations of interest were registered:",
        # headings
        "Apologies",
        "APOLOGIES",
        "Welcome and Introductions",
        # Welsh names inside English
        "The Welsh Government (Llywodraeth Cymru) agreed to fund the Cymdeithas Llywodraeth Leol Cymru review.",
        "Cllr. Dafydd ap Llywelyn thanked Cyngor Cymuned Llangathen for the grant.",
    ],
)
def test_english(text):
    assert language_of(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        # the bilingual DOCX
        "Oherwydd pandemig COVID-19, roedd y Cyfarfod Blynyddol wedi cael ei ohirio.",
        "Dros y flwyddyn flaenorol (Mai 2019 – Medi 2020) cofrestrwyd y datganiadau o fuddiant canlynol:",
        # Welsh-only minutes in the corpus
        "Nid oedd neb yn datgan buddiant ar unrhyw fater.",
        "Derbyniwyd cofnodion o gyfarfod Medi 21ain 2020 fel rhai cywir.",
        "Derbyniwyd ymddiheuriadau oddi wrth Eirian Davies, Mererid Moffett, Gwyn Roberts, Carwen Vaughan a Einwen "
        "Williams.",
        "Cynigiodd Margaret Roberts ac eiliodd Philip Williams dderbyn cofnodion y Cyfarfod Blynyddol a gynhaliwyd ar "
        "y 21ain o Fedi 2019 yn gofnod cywir. Cytunwyd drwy ddangos dwylo.",
        # headings
        "Cofnodion",
        "YMDDIHEURIADAU",
        "Datganiadau o Fuddiant",
        "1. Croeso/Ymddiheuriadau am absenoldeb",
        # English names inside Welsh
        "Cytunodd y grŵp i ysgrifennu at y Children's Commissioner for Wales a’r Welsh Local Government Association.",
    ],
)
def test_welsh(text):
    assert language_of(text) == "cy"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "17/11/2020",
        "74,600",
        "B. Jones, A. Davies, C. Moses, E. Morgan",
        "Llangathen",
        "Estyn, SNAP Cymru",
        "Michael Dawson (@mhdawson)",
        "Cofnodion / Minutes",  # both: ``split`` takes it apart
    ],
)
def test_no_language(text):
    assert language_of(text) is None


# split -------------------------------------------------------------------------------------------


def test_split_the_bilingual_docx():
    document = _read(LLANGATHEN)
    english, welsh = split(document)
    assert (english.format, english.name, welsh.format, welsh.name) == (
        "docx",
        LLANGATHEN.name,
        "docx",
        LLANGATHEN.name,
    )
    english_texts, welsh_texts = _texts(english), _texts(welsh)
    assert english_texts[0] == "LLANGATHEN COMMUNITY COUNCIL"
    assert welsh_texts[0] == "CYNGOR CYMUNED LLANGATHEN"
    assert english.blocks[0].kind == welsh.blocks[0].kind == "heading"
    # Each language's paragraph on its own side only.
    assert "Due to the COVID 19 pandemic, the Annual Meeting had been delayed." in english_texts
    assert "Due to the COVID 19 pandemic, the Annual Meeting had been delayed." not in welsh_texts
    assert "Oherwydd pandemig COVID-19, roedd y Cyfarfod Blynyddol wedi cael ei ohirio." in welsh_texts
    assert not any(text.startswith("Oherwydd") for text in english_texts)
    # Slash headings split, the minute number on both.
    assert [block.text for block in english.blocks if block.kind == "heading"][1:] == [
        "20/01 APOLOGIES",
        "20/02 DECLARATIONS OF INTEREST",
        "20/03 MINUTES",
    ]
    assert [block.text for block in welsh.blocks if block.kind == "heading"][1:] == [
        "20/01 YMDDIHEURIADAU",
        "20/02 DATGANIADAU O FUDDIANT",
        "20/03 COFNODION",
    ]
    assert "July 2019 meeting" in english_texts
    assert "Cyfarfod mis Gorffennaf 2019" in welsh_texts
    # A label in two languages: the names after it on both sides.
    assert any(text.startswith("Present: Cyng/Cllrs.: B. Jones") for text in english_texts)
    assert any(text.startswith("Presennol: Cyng/Cllrs.: B. Jones") for text in welsh_texts)
    # Mixed phrase by phrase: whole, on both sides.
    mixed = next(text for text in english_texts if text.startswith("Cafwyd ymddiheuriadau"))
    assert mixed in welsh_texts
    # Nothing made up: every text is the original's, or one side of it.
    originals = " ".join(_texts(document))
    for text in english_texts + welsh_texts:
        for part in text.split(": ", 1):
            assert part.split(" ", 1)[-1] in originals


def test_split_alternating_paragraphs():
    document = _document(
        Block("heading", "Cofnodion / Minutes", level=1),
        "Cyfarfod o Gyngor Cymuned Llanfair a gynhaliwyd ar 3 Mawrth 2024.",
        "Meeting of Llanfair Community Council held on 3 March 2024.",
        Block("heading", "1. Ymddiheuriadau / Apologies", level=2),
        "Cafwyd ymddiheuriadau gan y Cynghorydd Jones.",
        "Apologies were received from Councillor Jones.",
        Block("heading", "2. Cyllid / Finance", level=2),
        "Cytunwyd i dalu’r anfoneb o £120 i Gwmni Glanhau Aled.",
        "It was agreed to pay the invoice of £120 to Aled Cleaning Ltd.",
    )
    english, welsh = split(document)
    assert _texts(english) == [
        "Minutes",
        "Meeting of Llanfair Community Council held on 3 March 2024.",
        "1. Apologies",
        "Apologies were received from Councillor Jones.",
        "2. Finance",
        "It was agreed to pay the invoice of £120 to Aled Cleaning Ltd.",
    ]
    assert _texts(welsh) == [
        "Cofnodion",
        "Cyfarfod o Gyngor Cymuned Llanfair a gynhaliwyd ar 3 Mawrth 2024.",
        "1. Ymddiheuriadau",
        "Cafwyd ymddiheuriadau gan y Cynghorydd Jones.",
        "2. Cyllid",
        "Cytunwyd i dalu’r anfoneb o £120 i Gwmni Glanhau Aled.",
    ]
    assert [(block.kind, block.level) for block in welsh.blocks][:3] == [
        ("heading", 1),
        ("paragraph", 0),
        ("heading", 2),
    ]


def test_split_halves_keeps_names_in_their_half():
    document = _document(
        "3 Mawrth 2024 / 3 March 2024",
        "17/03/2024",
        Block("heading", "Cofnodion", level=1),
        "Yn bresennol:",
        "A. Jones, B. Evans, C. Price",
        "1. Croeso",
        "Croesawodd y Cadeirydd bawb i’r cyfarfod.",
        "2. Cyllid",
        "Cytunwyd i dalu’r anfoneb o £120.",
        Block("heading", "Minutes", level=1),
        "Present:",
        "A. Jones, B. Evans, C. Price",
        "1. Welcome",
        "The Chair welcomed everyone to the meeting.",
        "2. Finance",
        "It was agreed to pay the invoice of £120.",
    )
    english, welsh = split(document)
    # The date line has no language and sits before both halves: both sides. The names: their half only.
    assert _texts(english)[:3] == ["3 Mawrth 2024 / 3 March 2024", "17/03/2024", "Minutes"]
    assert _texts(english).count("A. Jones, B. Evans, C. Price") == 1
    assert _texts(welsh).count("A. Jones, B. Evans, C. Price") == 1
    assert _texts(welsh)[-1] == "Cytunwyd i dalu’r anfoneb o £120."
    assert _texts(english)[-1] == "It was agreed to pay the invoice of £120."
    english_review = parse(english).for_review()
    welsh_review = parse(welsh).for_review()
    assert [item["title"] for item in english_review["items"] if item["number"]] == ["Welcome", "Finance"]
    assert [item["title"] for item in welsh_review["items"] if item["number"]] == ["Croeso", "Cyllid"]


def test_split_slash_headings():
    document = _document(
        Block("heading", "1. Ymddiheuriadau / Apologies", level=2),
        "Present / Yn bresennol: A. Jones, B. Evans",
        Block("heading", "Eitem 2 | Materion yn codi", level=2),
        "Item 2 | Matters arising",
        "Ystyriwyd y materion yn codi o’r cyfarfod diwethaf.",
        "The matters arising from the last meeting were considered.",
    )
    english, welsh = split(document)
    assert _texts(english) == [
        "1. Apologies",
        "Present: A. Jones, B. Evans",
        "Item 2 | Matters arising",
        "The matters arising from the last meeting were considered.",
    ]
    assert _texts(welsh) == [
        "1. Ymddiheuriadau",
        "Yn bresennol: A. Jones, B. Evans",
        "Eitem 2 | Materion yn codi",
        "Ystyriwyd y materion yn codi o’r cyfarfod diwethaf.",
    ]


def test_split_table_with_welsh_and_english_columns():
    def row(*cells, header=False):
        return Block("row", " | ".join(cells), cells=cells, header=header)

    document = _document(
        Block("heading", "Camau gweithredu / Actions", level=2),
        row("Cam gweithredu", "Action", "Pwy / Who", header=True),
        row("Ysgrifennu at y bwrdd iechyd ynghylch y cyllid", "Write to the health board about the funding", "Clerk"),
        row("Trefnu’r cyfarfod nesaf", "Arrange the next meeting", "A. Jones"),
        row("Diweddaru’r wefan gyda’r cofnodion", "Update the website with the minutes", "B. Evans"),
    )
    english, welsh = split(document)
    assert [block.cells for block in english.blocks[1:]] == [
        ("Action", "Pwy / Who"),
        ("Write to the health board about the funding", "Clerk"),
        ("Arrange the next meeting", "A. Jones"),
        ("Update the website with the minutes", "B. Evans"),
    ]
    assert [block.cells for block in welsh.blocks[1:]] == [
        ("Cam gweithredu", "Pwy / Who"),
        ("Ysgrifennu at y bwrdd iechyd ynghylch y cyllid", "Clerk"),
        ("Trefnu’r cyfarfod nesaf", "A. Jones"),
        ("Diweddaru’r wefan gyda’r cofnodion", "B. Evans"),
    ]
    assert english.blocks[1].header and english.blocks[2].text == "Write to the health board about the funding | Clerk"


@pytest.mark.parametrize(
    "path",
    [
        DATA / "aln-minutes.en.txt",
        DATA / "aln-minutes.cy.txt",
        CORPUS / "09-talsarnau-community-council-2021-01-18.cy.txt",
        CORPUS / "11-cymdeithas-edward-llwyd-agm-2021-10-15.cy.docx",
    ],
)
def test_one_language_is_not_split(path):
    assert split(_read(path)) is None


def test_a_welsh_document_quoting_english_stays_welsh():
    document = _document(
        Block("heading", "Cofnodion y cyfarfod", level=1),
        "Cafwyd cyflwyniad ar yr adroddiad “Additional Learning Needs: The Way Forward”.",
        "The Way Forward",
        "Cytunwyd i ymateb i’r ymgynghoriad erbyn diwedd y mis.",
        "Nododd y Cadeirydd fod y cyllid wedi’i gadarnhau.",
        "Diolchodd yr aelodau i’r swyddogion am eu gwaith.",
    )
    assert split(document) is None


def test_english_with_bilingual_headings_only_is_not_split():
    document = _document(
        Block("heading", "1. Ymddiheuriadau / Apologies", level=2),
        "Apologies were received from Councillor Jones and Councillor Evans.",
        "The Clerk reported that the precept had been received.",
        Block("heading", "2. Cyllid / Finance", level=2),
        "It was agreed to pay the invoice of £120 to the cleaning company.",
        "The Chair thanked the members for their work on the budget.",
        "The members noted the bank reconciliation for March.",
    )
    assert split(document) is None


# pair --------------------------------------------------------------------------------------------


def _item(number, title, minutes="", decisions=(), actions=(), level=1):
    return {
        "number": number,
        "title": title,
        "minutes": minutes,
        "level": level,
        "decisions": [{"text": text, "because": "rule"} for text in decisions],
        "actions": [{"text": text, "owner": None, "due": None, "because": "rule"} for text in actions],
    }


def _review(*items, title=""):
    return {
        "meeting": {"date": "2024-03-03", "title": title},
        "attendance": {"present": [], "apologies": [], "in_attendance": []},
        "next_meeting": None,
        "items": list(items),
    }


def test_pair_the_two_files():
    english = parse(_read(DATA / "aln-minutes.en.txt")).for_review()
    welsh = parse(_read(DATA / "aln-minutes.cy.txt")).for_review()
    result = pair(english, welsh)
    assert result["welsh_paired"] is True
    assert result["meeting"]["title_cy"] == "Grŵp Llywio Gweithredu ADY – Cofnodion, 14 Medi 2022"
    titles = {(item["number"], item["title"]): item["title_cy"] for item in result["items"]}
    assert titles[("1", "Welcome and Introductions")] == "Croeso a Chyflwyniadau"
    assert titles[("b)", "Membership")] == "Aelodaeth"
    assert titles[("a)", "Looked After Children (LAC)")] == "Plant sy’n Derbyn Gofal (PDG)"
    assert titles[("4", "Any Other Business")] == "Unrhyw Fater Arall"
    minutes = next(item for item in result["items"] if item["title"] == "Minutes and actions of the last meeting")
    assert [decision["text_cy"] for decision in minutes["decisions"]] == [
        "Cytunwyd ar gofnodion y cyfarfod blaenorol, a thrafododd y GLl y diweddariadau ar y camau gweithredu.",
        "Cytunodd y GLl i sefydlu grwpiau gorchwyl a gorffen i ganolbwyntio ar feysydd allweddol.",
    ]
    plasc = next(item for item in result["items"] if item["title"] == "PLASC data")
    assert plasc["minutes_cy"].startswith("Dangosodd y data CYBLD diweddaraf")
    assert plasc["actions"][0]["text_cy"].startswith("Byddai LlC yn sefydlu gweithgor")
    # Nothing invented, nothing lost: every Welsh text is placed or listed, and came from the Welsh dict.
    welsh_strings = _welsh_strings(welsh)
    assert set(_placed_welsh(result)) <= welsh_strings
    found = sum(len(item["decisions"]) + len(item["actions"]) for item in welsh["items"])
    placed = sum(bool(entry["text_cy"]) for item in result["items"] for entry in item["decisions"] + item["actions"])
    assert (
        placed + sum(", decision " in e["where"] or ", action " in e["where"] for e in result["welsh_unpaired"])
        == found
    )
    # The English side is unchanged.
    for before, after in zip(english["items"], result["items"], strict=True):
        assert (before["title"], before["minutes"]) == (after["title"], after["minutes"])


def test_pair_by_number_with_unequal_counts():
    english = _review(
        _item("Item 1", "Apologies", "Apologies from Cllr Jones."),
        _item("2.", "Finance", decisions=["It was agreed to pay £120 to Aled Cleaning."]),
        _item("3)", "Planning", "Application E/38983 was noted."),
    )
    welsh = _review(
        _item("Eitem 1", "Ymddiheuriadau", "Ymddiheuriadau gan y Cyng Jones."),
        _item("2)", "Cyllid", decisions=["Cytunwyd i dalu £120 i Glanhau Aled."]),
        _item("2.1", "Grantiau", "Ni chafwyd ceisiadau.", level=2),
        _item("3.", "Cynllunio", "Nodwyd cais E/38983."),
    )
    original = copy.deepcopy(english)
    result = pair(english, welsh)
    assert [item["title_cy"] for item in result["items"]] == ["Ymddiheuriadau", "Cyllid", "Cynllunio"]
    assert result["items"][1]["decisions"][0]["text_cy"] == "Cytunwyd i dalu £120 i Glanhau Aled."
    assert result["welsh_unpaired"] == [
        {"where": "item 2.1", "text": "Grantiau"},
        {"where": "item 2.1, minutes", "text": "Ni chafwyd ceisiadau."},
    ]
    assert english == original


def test_letters_pair_under_their_parent():
    english = _review(
        _item("2", "Governance"),
        _item("a)", "Minutes", level=2),
        _item("3", "Business"),
        _item("a)", "Data", level=2),
        _item("b)", "Forum", level=2),
    )
    welsh = _review(
        _item("2", "Llywodraethu"),
        _item("a)", "Cofnodion", level=2),
        _item("3", "Busnes"),
        _item("b)", "Fforwm", level=2),
    )
    result = pair(english, welsh)
    assert [item["title_cy"] for item in result["items"]] == ["Llywodraethu", "Cofnodion", "Busnes", "", "Fforwm"]
    assert result["welsh_unpaired"] == []


def test_unnumbered_items_pair_in_order_when_counts_are_equal():
    english = _review(_item(None, "Welcome"), _item(None, "Finance"), _item(None, "Any other business"))
    welsh = _review(_item(None, "Croeso"), _item(None, "Cyllid"), _item(None, "Unrhyw fater arall"))
    result = pair(english, welsh)
    assert [item["title_cy"] for item in result["items"]] == ["Croeso", "Cyllid", "Unrhyw fater arall"]
    assert result["welsh_paired"] is True


def test_unnumbered_items_with_unequal_counts_pair_by_shared_tokens():
    english = _review(
        _item(None, "Welcome", "The Chair welcomed everyone."),
        _item(None, "Finance", "The precept of £12,500 for 2024 was agreed with the WLGA."),
        _item(None, "Planning", "Application E/38983 at Cwrt Henri was supported."),
    )
    welsh = _review(
        _item(None, "Cynllunio", "Cefnogwyd cais E/38983 yng Nghwrt Henri."),
        _item(None, "Cyllid", "Cytunwyd ar braesept o £12,500 ar gyfer 2024 gyda CLlLC."),
    )
    result = pair(english, welsh)
    assert [item["title_cy"] for item in result["items"]] == ["", "Cyllid", "Cynllunio"]
    assert result["welsh_unpaired"] == []


def test_unplaced_welsh_is_listed_not_dropped():
    english = _review(_item(None, "Welcome"), _item(None, "Finance"))
    welsh = _review(
        _item(None, "Croeso"),
        _item(None, "Cyllid"),
        _item(None, "Gohebiaeth", "Derbyniwyd llythyr.", actions=["Y Clerc i ateb y llythyr."]),
    )
    result = pair(english, welsh)
    assert all(item["title_cy"] == "" for item in result["items"])
    assert result["welsh_paired"] is False
    assert {entry["text"] for entry in result["welsh_unpaired"]} == {
        "Croeso",
        "Cyllid",
        "Gohebiaeth",
        "Derbyniwyd llythyr.",
        "Y Clerc i ateb y llythyr.",
    }
    assert {"where": "item at position 3, action 1", "text": "Y Clerc i ateb y llythyr."} in result["welsh_unpaired"]


def test_findings_with_unequal_counts_pair_by_shared_tokens():
    english = _review(
        _item(
            "5",
            "Finance",
            decisions=["The invoice of £120 from Aled Cleaning was approved.", "The budget for 2025 was agreed."],
            actions=[
                "The Clerk to write to WG by 27 September 2024.",
                "Cllr Jones to check the bench.",
                "The Chair to call the ETW.",
            ],
        )
    )
    welsh = _review(
        _item(
            "5",
            "Cyllid",
            decisions=["Cytunwyd ar gyllideb 2025."],
            actions=["Y Clerc i ysgrifennu at LlC erbyn 27 Medi 2024.", "Y Cyng Evans i drefnu’r neuadd."],
        )
    )
    result = pair(english, welsh)
    item = result["items"][0]
    assert [decision["text_cy"] for decision in item["decisions"]] == ["", "Cytunwyd ar gyllideb 2025."]
    assert [action["text_cy"] for action in item["actions"]] == [
        "Y Clerc i ysgrifennu at LlC erbyn 27 Medi 2024.",
        "",
        "",
    ]
    assert result["welsh_unpaired"] == [{"where": "item 5, action 2", "text": "Y Cyng Evans i drefnu’r neuadd."}]


def test_findings_with_equal_counts_pair_in_order():
    english = _review(_item("1", "Minutes", decisions=["The minutes were approved."], actions=["Clerk to sign."]))
    welsh = _review(_item("1", "Cofnodion", decisions=["Cymeradwywyd y cofnodion."], actions=["Y Clerc i lofnodi."]))
    item = pair(english, welsh)["items"][0]
    assert item["decisions"][0]["text_cy"] == "Cymeradwywyd y cofnodion."
    assert item["actions"][0]["text_cy"] == "Y Clerc i lofnodi."


# combine -----------------------------------------------------------------------------------------


def test_combine_two_files():
    english, welsh = _read(DATA / "aln-minutes.en.txt"), _read(DATA / "aln-minutes.cy.txt")
    result = combine(english, welsh, [])
    assert result["language"] == "both"
    assert result["welsh_paired"] is True
    assert result["items"][0]["title"] == "Welcome and Introductions"
    assert result["items"][0]["title_cy"] == "Croeso a Chyflwyniadau"
    assert result["text_welsh"] == _texts(welsh)
    # Given the wrong way round, English is still the main language.
    swapped = combine(welsh, english, [])
    assert swapped["items"][0]["title"] == "Welcome and Introductions"
    assert swapped["text_welsh"] == _texts(welsh)


def test_combine_one_bilingual_file():
    result = combine(_read(LLANGATHEN), None, [])
    assert result["language"] == "both"
    assert result["meeting"]["title"] == "LLANGATHEN COMMUNITY COUNCIL"
    assert result["meeting"]["title_cy"] == "CYNGOR CYMUNED LLANGATHEN"
    titles = [(item["number"], item["title"], item["title_cy"]) for item in result["items"] if item["number"]]
    assert titles == [
        ("20/01", "APOLOGIES", "YMDDIHEURIADAU"),
        ("20/02", "DECLARATIONS OF INTEREST", "DATGANIADAU O FUDDIANT"),
        ("20/03", "MINUTES", "COFNODION"),
    ]
    minutes = result["items"][-1]
    assert minutes["minutes"].startswith("It was proposed by Cllr. C. Moses")
    assert minutes["minutes_cy"].startswith("Cynigiwyd gan Cyng. C. Moses")
    assert "Oherwydd pandemig COVID-19, roedd y Cyfarfod Blynyddol wedi cael ei ohirio." in result["text_welsh"]


def test_combine_welsh_only():
    path = CORPUS / "11-cymdeithas-edward-llwyd-agm-2021-10-15.cy.docx"
    welsh = parse(_read(path)).for_review()
    result = combine(_read(path), None, [])
    assert result["language"] == "cy"
    assert result["meeting"]["title"] == ""
    assert result["meeting"]["title_cy"] == welsh["meeting"]["title"]
    assert [item["title_cy"] for item in result["items"]] == [item["title"] for item in welsh["items"]]
    assert all(item["title"] == "" and item["minutes"] == "" for item in result["items"])
    assert all(
        entry["text"] == "" and entry["text_cy"]
        for item in result["items"]
        for entry in item["decisions"] + item["actions"]
    )
    assert result["welsh_paired"] is False
    assert result["text_welsh"] == _texts(_read(path))


def test_combine_english_only():
    result = combine(_read(DATA / "aln-minutes.en.txt"))
    assert result["language"] == "en"
    assert result["text_welsh"] == []
    assert result["welsh_paired"] is False
    assert result["welsh_unpaired"] == []
    assert result["meeting"]["title_cy"] == ""
    assert all(item["title_cy"] == "" and item["minutes_cy"] == "" for item in result["items"])
    assert all(entry["text_cy"] == "" for item in result["items"] for entry in item["decisions"] + item["actions"])
