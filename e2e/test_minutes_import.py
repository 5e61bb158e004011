"""Importing minutes written in Word, in a real browser, in English and in Welsh: the secretariat
uploads a DOCX, reviews what was found, corrects an action's owner and accepts; the meeting, its
decisions and its actions are then in the registers and the action log. axe-core on every page."""

import io
from pathlib import Path

import pytest

from e2e.browsing import Visitor

SLUG = "aln-implementation-steering-group"
SEED = Path(__file__).resolve().parent.parent / "meetings/tests/data/aln-steering-group-minutes-2022-09.en.txt"


def _docx(path: Path) -> None:
    """The seed's minutes typed in Word: numbered headings in bold, the rest as paragraphs."""
    import docx

    document = docx.Document()
    document.add_heading("ALN Implementation Steering Group: minutes of the meeting of 20 July 2022", level=1)
    for line in SEED.read_text(encoding="utf-8").splitlines()[2:]:
        line = line.strip()
        if not line:
            continue
        if line[:2] in {f"{n}." for n in range(1, 10)} or line[:2] in {"a)", "b)", "c)"}:
            document.add_paragraph().add_run(line).bold = True
        else:
            document.add_paragraph(line.lstrip("• "), style="List Bullet" if line.startswith("•") else None)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_secretariat_imports_minutes_from_word(language, demo, live_server, browser, tmp_path):
    from actions.models import Action
    from meetings.models import Decision, Meeting

    source = tmp_path / "minutes-july-2022.docx"
    _docx(source)
    secretariat = Visitor(browser, live_server.url, "secretariat@example.org", language)
    page = secretariat.page
    secretariat.visit(f"/groups/{SLUG}/")
    secretariat.click(f"a[href='/groups/{SLUG}/minutes/import/']")
    page.set_input_files("input[type=file]", str(source))
    secretariat.click("main form button")
    assert "/minutes-imports/" in page.url
    assert page.input_value("#id_date_0") == "20" and page.input_value("#id_date_2") == "2022"
    assert page.locator("mark.app-found").count() == 12
    # Every action must have an owner: those the text names as "the SG", or nobody, are chosen;
    # the first that was matched (WG) is corrected to the person who took it on.
    selects = page.locator("select[id^=owner-]")
    corrected = None
    for index in range(selects.count()):
        select = selects.nth(index)
        if not select.input_value():
            select.select_option(label="Siân Pritchard")
        elif corrected is None:
            corrected = select.get_attribute("id")
            select.select_option(label="Dr Rhodri Bevan")
    secretariat.click("main form button.govuk-button")
    meeting = Meeting.objects.order_by("-pk").first()
    assert page.url.endswith(meeting.get_absolute_url())
    assert Decision.objects.filter(item__meeting=meeting).count() == 4
    imported = Action.objects.filter(item__meeting=meeting)
    assert imported.count() == 8 and imported.filter(owner_person__full_name="Dr Rhodri Bevan").count() == 1
    secretariat.visit(f"/groups/{SLUG}/decisions/?meeting={meeting.pk}")
    assert page.locator("text=The SG agreed to establish task and finish groups").count() >= 1
    secretariat.visit(f"/groups/{SLUG}/actions/?q=working+group")
    assert page.locator("text=WG would establish a working group").count() >= 1
    secretariat.visit(f"/meetings/{meeting.pk}/")


DRAFT = [
    ("1. Welcome and apologies", ["The chair welcomed members to the meeting."]),
    (
        "2. Budget",
        [
            "The SG agreed the budget for the year.",
            "Action: WG to publish the budget by 31 March 2027.",
        ],
    ),
]
DRAFT_CY = [
    ("1. Croeso ac ymddiheuriadau", ["Croesawodd y cadeirydd yr aelodau i'r cyfarfod."]),
    (
        "2. Cyllideb",
        [
            "Cytunodd y Grŵp Llywio ar y gyllideb ar gyfer y flwyddyn.",
            "Cam gweithredu: LlC i gyhoeddi'r gyllideb erbyn 31 Mawrth 2027.",
        ],
    ),
]


def _draft_docx(path: Path, sections) -> None:
    """A draft typed in Word during the meeting: a bold numbered line per item, then its notes."""
    import docx

    document = docx.Document()
    for heading, paragraphs in sections:
        document.add_paragraph().add_run(heading).bold = True
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_a_draft_typed_in_word_lands_in_the_minutes_editor_item_by_item(demo, live_server, browser, tmp_path):
    """The secretariat typed during the meeting in Word, in both languages: the two files are
    placed in the editor's items, with the decision, the action and the Welsh of each."""
    import datetime

    from django.utils import timezone

    from actions.models import Action
    from meetings import services
    from steering.models import Person
    from workstreams.models import Group

    secretariat_person = Person.objects.get(email="secretariat@example.org")
    meeting = services.create_meeting(
        Group.objects.get(slug=SLUG), starts_at=timezone.now() - datetime.timedelta(hours=3)
    )
    welcome = services.add_item(meeting, title_en="Welcome and apologies", title_cy="Croeso ac ymddiheuriadau")
    budget = services.add_item(meeting, title_en="Budget", title_cy="Cyllideb")
    services.mark_held(meeting, by=secretariat_person)
    english, welsh = tmp_path / "draft.docx", tmp_path / "drafft.docx"
    _draft_docx(english, DRAFT)
    _draft_docx(welsh, DRAFT_CY)
    secretariat = Visitor(browser, live_server.url, "secretariat@example.org", "cy")
    page = secretariat.page
    secretariat.visit(f"/meetings/{meeting.pk}/minutes/edit/")
    secretariat.click(f"a[href='/meetings/{meeting.pk}/minutes/import/draft/']")
    page.set_input_files("#id_file", str(english))
    page.set_input_files("#id_file_cy", str(welsh))
    secretariat.click("main form button")
    assert "/minutes-imports/" in page.url
    # Each section is placed in the item with its number; the Welsh is paired beside the English.
    places = page.locator("select[id^=place-]")
    assert [places.nth(i).input_value() for i in range(places.count())] == [str(welcome.pk), str(budget.pk)]
    assert (
        page.locator("textarea[id^=cy-d-]").input_value() == "Cytunodd y Grŵp Llywio ar y gyllideb ar gyfer y flwyddyn."
    )
    secretariat.click("main form button.govuk-button")
    assert page.url.endswith(f"/meetings/{meeting.pk}/minutes/edit/")
    welcome.refresh_from_db()
    budget.refresh_from_db()
    assert welcome.minutes_cy == "Croesawodd y cadeirydd yr aelodau i'r cyfarfod."
    assert budget.decisions.get().text_cy == "Cytunodd y Grŵp Llywio ar y gyllideb ar gyfer y flwyddyn."
    action = Action.objects.get(item=budget)
    assert action.owner_organisation.acronym_en == "WG" and action.due_date == datetime.date(2027, 3, 31)
    # The editor shows the placed text in the item's boxes.
    assert page.input_value(f"#id_item-{welcome.pk}-minutes_en") == "The chair welcomed members to the meeting."
    # A decision placed wrongly is removed from the editor (the page's one form, sent to its address).
    secretariat.click(f"#item-{budget.pk} .app-decisions button[form=app-remove]")
    assert not budget.decisions.exists()
    assert f"/meetings/{meeting.pk}/minutes/edit/" in page.url
