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
