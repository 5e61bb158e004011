"""XLIFF for a translator's CAT tool: what an export holds, the OASIS schemas it meets, the edits of
another tool read back, and hostile or wrong files refused with a plain message."""

import datetime
import functools
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree
from translate.storage.xliff import xlifffile
from translate.storage.xliff2 import Xliff2File

from actions import services as action_services
from meetings import services, translation, xliff
from steering.errors import DomainError

STARTS = datetime.datetime(2022, 9, 22, 9, tzinfo=datetime.UTC)
SCHEMAS = Path(__file__).parent / "schemas"
XML_XSD = SCHEMAS / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"
# XLIFF 2.0 core with the modules an export uses; the core lets module elements through unchecked
# (processContents="lax") unless their schemas are loaded beside it.
XLIFF_20_WITH_MODULES = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0" schemaLocation="xliff_core_2.0.xsd"/>
  <xs:import namespace="urn:oasis:names:tc:xliff:matches:2.0" schemaLocation="modules/matches.xsd"/>
  <xs:import namespace="urn:oasis:names:tc:xliff:glossary:2.0" schemaLocation="modules/glossary.xsd"/>
  <xs:import namespace="urn:oasis:names:tc:xliff:metadata:2.0" schemaLocation="modules/metadata.xsd"/>
</xs:schema>"""
X12 = "{urn:oasis:names:tc:xliff:document:1.2}"
X20 = "{urn:oasis:names:tc:xliff:document:2.0}"
MTC = "{urn:oasis:names:tc:xliff:matches:2.0}"
GLS = "{urn:oasis:names:tc:xliff:glossary:2.0}"

MINUTES_EN = "The SG welcomed members & observers.\n\n- PLASC returns are due <soon>\n  - \"quoted\" and 'single'\n"
MINUTES_CY = 'Croesawodd y GLl aelodau a sylwedyddion.\n\n- Mae ffurflenni CYBLD yn ddyledus: ŵ ŷ\n  - "dyfynnwyd"'
GLOSSARY = [
    ("SG", "GLl", "Steering Group", "Grŵp Llywio"),
    ("PLASC", "CYBLD", "Pupil Level Annual School Census", "Cyfrifiad Blynyddol Lefel Disgybl"),
    ("ALN", "ADY", "additional learning needs", "anghenion dysgu ychwanegol"),
    ("WG", "", "Welsh Government", ""),
]

TOO_LARGE = "The file must be smaller than %s"
DTD = "The file declares entities or a document type, which this service does not read. Export a new file."
XINCLUDE = "The file asks to include other files, which this service does not do. Export a new file."
ENCODING = "The file's characters are not in the encoding it declares. Save it as UTF-8 and upload it again."
NOT_OURS = "The file is not an XLIFF file from this service."
EMPTY = "The file is empty. Choose the XLIFF file exported from this service."
NO_ID = "A unit in the file has no id. Export a new file."
TWICE = "The file has the unit item-1-title more than once. Export a new file."
NOT_MADE = "The file has a unit this service did not make: %s. Export a new file."


@pytest.fixture
def minuted(cast):
    """Minutes with every kind of text: titles, multi-line minutes, a decision and an action."""
    meeting = services.create_meeting(cast.group, starts_at=STARTS)
    welcome = services.add_item(meeting, title_en="Welcome & apologies", title_cy="Croeso ac ymddiheuriadau")
    census = services.add_item(meeting, title_en='The "PLASC" return <draft>')
    services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(welcome, minutes_en=MINUTES_EN, minutes_cy=MINUTES_CY, revision=0, by=cast.secretariat)
    services.add_decision(census, text_en="The SG agreed the plasc return.", text_cy="", by=cast.secretariat)
    action_services.record_action(
        census,
        text_en="Send the Additional Learning Needs figures to the SG and WG",
        text_cy="Anfon ffigurau ADY at y GLl a LlC",
        owner_person=cast.member,
        owner_organisation=None,
        due_date=None,
        by=cast.secretariat,
    )
    return meeting


def _export(meeting, version: str) -> bytes:
    parts = translation.segments(meeting)
    suggestions = {parts[0].key: [("Welcome", "Croeso", 85), ("Welcome & introductions", "Croeso a chyflwyniadau", 72)]}
    return xliff.export(meeting, parts, version=version, glossary=GLOSSARY, matches=suggestions)


def _parsed(data: bytes):
    return etree.fromstring(data)


class _VendoredSchemas(etree.Resolver):
    """XLIFF 1.2 imports the W3C's xml.xsd from the web: the vendored copy is given instead, so no test leaves the
    machine (the parser has no network either, so a schema this misses fails to load rather than being fetched)."""

    def resolve(self, url, pubid, context):
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(XML_XSD), context)
        return None


@functools.cache
def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_VendoredSchemas())
    if name == "xliff-2.0-with-modules":
        document = etree.fromstring(XLIFF_20_WITH_MODULES, parser, base_url=f"{SCHEMAS}/")
    else:
        document = etree.parse(str(SCHEMAS / name), parser)
    return etree.XMLSchema(document)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_read_gives_back_every_text_of_an_export(minuted, version):
    parts = translation.segments(minuted)
    upload = SimpleUploadedFile("cymraeg.xlf", _export(minuted, version))
    upload.read(10)  # a form may have looked at it already

    about, rows = xliff.read(upload)

    assert about == {
        "meeting": str(minuted.pk),
        "group": minuted.group.slug,
        "number": minuted.number,
        "format": f"xliff-{version}",
        "every": True,
    }
    assert rows == {s.key: {"where": s.where, "english": s.english, "welsh": s.welsh, "check": ""} for s in parts}
    assert [key.split(":")[0] for key in rows] == ["item", "item", "item", "decision", "action"]
    assert rows[f"item:{parts[0].item_id}:minutes"]["english"] == MINUTES_EN
    assert rows[f"item:{parts[0].item_id}:minutes"]["welsh"] == MINUTES_CY


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_file_of_only_the_texts_without_welsh_says_so(minuted, version):
    missing = [segment for segment in translation.segments(minuted) if segment.missing]

    about, rows = xliff.read(xliff.export(minuted, missing, version=version, every=False))

    assert (about["every"], list(rows)) == (False, [segment.key for segment in missing])


def test_a_file_saved_in_the_utf_16_it_declares_is_read(minuted):
    data = _export(minuted, "2.0").decode().replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16")

    _about, rows = xliff.read(data)

    assert rows[f"item:{translation.segments(minuted)[0].item_id}:minutes"]["welsh"] == MINUTES_CY


@pytest.mark.parametrize(
    ("version", "schema"),
    [
        ("1.2", "xliff-core-1.2-strict.xsd"),
        ("1.2", "xliff-core-1.2-transitional.xsd"),
        ("2.0", "xliff-2.0-with-modules"),
    ],
)
def test_an_export_is_valid_against_the_oasis_schemas(minuted, version, schema):
    checker = _schema(schema)

    valid = checker.validate(_parsed(_export(minuted, version)))

    assert valid, checker.error_log


def test_the_2_0_schemas_check_the_matches_and_glossary_modules(minuted):
    broken = _export(minuted, "2.0").replace(b' ref="#s1"', b"", 1).replace(b"<gls:term>SG</gls:term>", b"", 1)
    checker = _schema("xliff-2.0-with-modules")

    assert not checker.validate(_parsed(broken))
    assert [error.type_name for error in checker.error_log] == [
        "SCHEMAV_CVC_COMPLEX_TYPE_4",  # <mtc:match> without its required ref
        "SCHEMAV_ELEMENT_CONTENT",  # <gls:glossEntry> without its <gls:term>
    ]


def _units_12(document) -> list[tuple]:
    def notes(unit, origin):
        return [note.text for note in unit.findall(f"{X12}note") if note.get("from") == origin]

    return [
        (
            unit.get("id"),
            *notes(unit, "where"),
            *notes(unit, "kind"),
            unit.find(f"{X12}target").get("state"),
            *notes(unit, "glossary"),
        )
        for unit in document.iter(f"{X12}trans-unit")
    ]


def _units_20(document) -> list[tuple]:
    def entry(gloss):
        term, translation_cy, *definition = (child.text for child in gloss)
        return f"{term} = {translation_cy}" + "".join(f" ({words})" for words in definition)

    return [
        (
            unit.get("id"),
            *(note.text for note in unit.iter(f"{X20}note")),
            unit.find(f"{X20}segment").get("state"),
            *(entry(gloss) for gloss in unit.iter(f"{GLS}glossEntry")),
        )
        for unit in document.iter(f"{X20}unit")
    ]


@pytest.mark.parametrize(
    ("version", "units", "untranslated"), [("1.2", _units_12, "needs-translation"), ("2.0", _units_20, "initial")]
)
def test_each_unit_says_where_its_text_is_its_kind_state_and_the_glossary_terms_it_uses(
    minuted, version, units, untranslated
):
    welcome, minutes, census, decision, action = translation.segments(minuted)

    found = units(_parsed(_export(minuted, version)))

    assert found == [
        (xliff.unit_id(welcome.key), welcome.where, "title", "translated"),
        (
            xliff.unit_id(minutes.key),
            minutes.where,
            "minutes",
            "translated",
            "SG = GLl (Steering Group = Grŵp Llywio)",
            "PLASC = CYBLD (Pupil Level Annual School Census = Cyfrifiad Blynyddol Lefel Disgybl)",
        ),
        (
            xliff.unit_id(census.key),
            census.where,
            "title",
            untranslated,
            "PLASC = CYBLD (Pupil Level Annual School Census = Cyfrifiad Blynyddol Lefel Disgybl)",
        ),
        # "plasc" is not the acronym: an acronym is matched in its own case.
        (
            xliff.unit_id(decision.key),
            decision.where,
            "decision",
            untranslated,
            "SG = GLl (Steering Group = Grŵp Llywio)",
        ),
        (
            xliff.unit_id(action.key),
            action.where,
            "action",
            "translated",
            "SG = GLl (Steering Group = Grŵp Llywio)",
            "ALN = ADY (additional learning needs = anghenion dysgu ychwanegol)",  # its expansion, in any case
            "WG = WG (Welsh Government)",  # no Welsh acronym: it is the same in both languages
        ),
    ]


def test_a_text_without_welsh_has_no_target_in_2_0_and_an_empty_one_in_1_2(minuted):
    census = translation.segments(minuted)[2]
    unit = xliff.unit_id(census.key)

    target_12 = _parsed(_export(minuted, "1.2")).find(f".//{X12}trans-unit[@id='{unit}']/{X12}target")
    segment_20 = _parsed(_export(minuted, "2.0")).find(f".//{X20}unit[@id='{unit}']/{X20}segment")

    assert (target_12.text, target_12.get("state")) == (None, "needs-translation")
    assert (segment_20.find(f"{X20}target"), segment_20.get("state")) == (None, "initial")


def test_translation_memory_suggestions_are_alternatives_in_1_2_and_candidates_in_2_0(minuted):
    welcome = translation.segments(minuted)[0]
    unit = xliff.unit_id(welcome.key)

    alternatives = _parsed(_export(minuted, "1.2")).findall(f".//{X12}trans-unit[@id='{unit}']/{X12}alt-trans")
    candidates = _parsed(_export(minuted, "2.0")).findall(f".//{X20}unit[@id='{unit}']/{MTC}matches/{MTC}match")

    assert [
        (a.get("match-quality"), a.get("origin"), a.findtext(f"{X12}source"), a.findtext(f"{X12}target"))
        for a in alternatives
    ] == [
        ("85", "translation-memory", "Welcome", "Croeso"),
        ("72", "translation-memory", "Welcome & introductions", "Croeso a chyflwyniadau"),
    ]
    assert [
        (c.get("ref"), c.get("similarity"), c.get("type"), c.findtext(f"{X20}source"), c.findtext(f"{X20}target"))
        for c in candidates
    ] == [
        ("#s1", "85.0", "tm", "Welcome", "Croeso"),
        ("#s1", "72.0", "tm", "Welcome & introductions", "Croeso a chyflwyniadau"),
    ]


@pytest.mark.parametrize(("version", "store"), [("1.2", xlifffile), ("2.0", Xliff2File)])
def test_welsh_typed_in_another_xliff_tool_is_read_back(minuted, version, store):
    """translate-toolkit (the library behind Pootle and Weblate) opens the file, sets a target and saves it."""
    parts = translation.segments(minuted)
    decision = parts[3]
    opened = store.parsestring(_export(minuted, version))
    unit = next(unit for unit in opened.units if xliff.unit_id(decision.key) in unit.getid())

    unit.target = 'Cytunodd y GLl ar y ffurflen.\n\nŵ ŷ & <drafft> "iawn"'
    _about, rows = xliff.read(bytes(opened))

    assert {key: row["welsh"] for key, row in rows.items()} == {
        s.key: 'Cytunodd y GLl ar y ffurflen.\n\nŵ ŷ & <drafft> "iawn"' if s is decision else s.welsh for s in parts
    }


def _xliff_12(units: str, *, original: str = "meeting-4", root: str = "") -> bytes:
    root = root or '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'{root}<file original="{original}" datatype="plaintext" source-language="en-GB">'
        f"<body>{units}</body></file></xliff>"
    ).encode()


def _xliff_20(units: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-GB" trgLang="cy-GB">'
        f'<file id="meeting-4">{units}</file></xliff>'
    ).encode()


def _unit_12(target: str, unit: str = "item-1-title") -> str:
    return f'<trans-unit id="{unit}"><source>Welcome</source>{target}</trans-unit>'


@pytest.mark.parametrize(
    ("data", "welsh"),
    [
        pytest.param(
            _xliff_12(
                _unit_12(
                    '<target>Cro<g id="1">eso</g><x id="2"/> <ph id="3">[b]</ph><mrk mtype="x-term">GLl</mrk></target>'
                )
            ),
            "Croeso [b]GLl",
            id="1.2-g-x-ph-mrk",
        ),
        pytest.param(_xliff_12(_unit_12("")), "", id="1.2-no-target"),
        pytest.param(_xliff_12(_unit_12("<target/>")), "", id="1.2-empty-target"),
        pytest.param(
            _xliff_20(
                '<unit id="item-1-title"><segment><source>Welcome</source>'
                '<target>Cro<pc id="1">eso</pc><ph id="2"/> <mrk id="m1" type="term">GLl</mrk></target>'
                "</segment></unit>"
            ),
            "Croeso GLl",
            id="2.0-pc-ph-mrk",
        ),
        pytest.param(
            _xliff_20(
                '<unit id="item-1-title"><segment><source>Welcome.</source><target>Croeso.</target></segment>'
                "<ignorable><source> </source></ignorable>"
                "<segment><source>Hello.</source><target>Helo.</target></segment></unit>"
            ),
            "Croeso. Helo.",
            id="2.0-split-into-segments",
        ),
        pytest.param(
            _xliff_20('<unit id="item-1-title"><segment><source>Welcome</source></segment></unit>'),
            "",
            id="2.0-no-target",
        ),
    ],
)
def test_inline_codes_a_tool_adds_are_read_as_their_text(data, welsh):
    about, rows = xliff.read(data)

    assert about["meeting"] == "4"
    assert rows["item:1:title"]["welsh"] == welsh


def _doctype(declarations: str, reference: str) -> bytes:
    data = _xliff_12(_unit_12(f"<target>{reference}</target>"))
    return data.replace(b"?>\n", f"?>\n{declarations}\n".encode(), 1)


BILLION_LAUGHS = (
    "<!DOCTYPE xliff ["
    + '<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(_doctype('<!DOCTYPE xliff [<!ENTITY e "Croeso">]>', "&e;"), DTD, id="internal-entity"),
        pytest.param(_doctype(BILLION_LAUGHS, "&lol9;"), DTD, id="billion-laughs"),
        pytest.param(
            _doctype(f'<!DOCTYPE xliff [<!ENTITY big "{"x" * 50_000}">]>', "&big;" * 1000), DTD, id="quadratic-blowup"
        ),
        pytest.param(
            _doctype('<!DOCTYPE xliff [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>', "&passwd;"),
            DTD,
            id="external-entity",
        ),
        pytest.param(
            _doctype('<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/xliff.dtd">', "Croeso"), DTD, id="external-dtd"
        ),
        pytest.param(
            _doctype('<!DOCTYPE xliff [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>', "Croeso"),
            DTD,
            id="external-parameter-entity",
        ),
        pytest.param(
            _xliff_12(
                _unit_12(
                    '<target><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" '
                    'parse="text"/></target>'
                )
            ),
            XINCLUDE,
            id="xinclude",
        ),
        pytest.param(
            _xliff_12(_unit_12("<target>Croeso</target>")).replace(b"UTF-8", b"UTF-16"),
            ENCODING,
            id="declared-utf-16-but-utf-8",
        ),
        pytest.param(
            _xliff_12(_unit_12("<target>Croeso</target>")).replace(b"Croeso", b"Cro\xc3\x28eso"),
            ENCODING,
            id="bytes-not-utf-8",
        ),
        pytest.param(
            _xliff_12(_unit_12("<target>Croeso</target>")).replace(b"UTF-8", b"x-no-such-encoding"),
            ENCODING,
            id="unknown-encoding",
        ),
        pytest.param(b"", EMPTY, id="empty"),
        pytest.param(b" \n\t", EMPTY, id="only-spaces"),
        pytest.param(b"Croeso, not XML at all", NOT_OURS, id="not-xml"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", NOT_OURS, id="binary"),
        pytest.param(b"<html><body><p>Croeso</p></body></html>", NOT_OURS, id="html"),
        pytest.param(_xliff_12(_unit_12(""), root='<xliff version="1.2">'), NOT_OURS, id="no-namespace"),
        pytest.param(
            _xliff_12(_unit_12(""), root='<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="2.0">'),
            NOT_OURS,
            id="wrong-version",
        ),
        pytest.param(_xliff_12(_unit_12(""), original="minutes.docx"), NOT_OURS, id="another-services-file"),
        pytest.param(_xliff_12(_unit_12("") * 2), TWICE, id="duplicate-ids"),
        pytest.param(_xliff_12(_unit_12("", unit="item:1:title")), NOT_MADE % "item:1:title", id="key-not-id"),
        pytest.param(_xliff_12(_unit_12("", unit="item-1-colour")), NOT_MADE % "item-1-colour", id="unknown-field"),
        pytest.param(_xliff_12(_unit_12("", unit="paper-1-title")), NOT_MADE % "paper-1-title", id="unknown-kind"),
        pytest.param(_xliff_12("<trans-unit><source>Welcome</source></trans-unit>"), NO_ID, id="no-id"),
    ],
)
def test_a_hostile_or_wrong_file_is_refused_with_a_plain_message(data, message):
    with pytest.raises(DomainError) as refused:
        xliff.read(SimpleUploadedFile("cymraeg.xlf", data))

    assert (refused.value.message, refused.value.field) == (message, "file")


def test_a_translation_spreadsheet_is_not_read_as_xliff(minuted):
    with pytest.raises(DomainError) as refused:
        xliff.read(translation.export_xlsx(minuted))

    assert refused.value.message == NOT_OURS


class _HundredMegabytes:
    """An upload that says it is 100 MB, and fails the test if anything reads it."""

    size = 100 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("a file over the limit was read")

    seek = read


def test_a_file_over_the_limit_is_refused_before_any_of_it_is_read(settings):
    settings.PAPER_MAX_BYTES = 20 * 1024 * 1024

    with pytest.raises(DomainError) as refused:
        xliff.read(_HundredMegabytes())

    assert refused.value.message == TOO_LARGE % "20.0\xa0MB"


@pytest.mark.parametrize("stated_size", [None, 10], ids=["as-it-is", "understated"])
def test_a_real_file_over_the_limit_is_refused_whatever_size_it_states(settings, minuted, stated_size):
    settings.PAPER_MAX_BYTES = 1000
    upload = SimpleUploadedFile("cymraeg.xlf", _export(minuted, "1.2"))
    upload.size = stated_size or upload.size

    with pytest.raises(DomainError) as refused:
        xliff.read(upload)

    assert refused.value.message == TOO_LARGE % "1000\xa0bytes"


@pytest.mark.parametrize(
    ("version", "schema"), [("1.2", "xliff-core-1.2-strict.xsd"), ("2.0", "xliff-2.0-with-modules")]
)
def test_with_no_welsh_missing_the_file_holds_every_text_as_a_file_must_hold_one(minuted, version, schema):
    translation.fill_welsh(minuted, {s.key: "Cymraeg." for s in translation.segments(minuted) if s.missing})
    data = translation.export_xliff(minuted, version=version)
    _schema(schema).assertValid(etree.fromstring(data))
    about, rows = xliff.read(data)
    assert about["every"] is True and len(rows) == len(translation.segments(minuted))
