"""The usual order in a real browser, in English and in Welsh: the chair has approved the English;
the secretariat writes an item's Welsh from the translation memory's suggestion, downloads the
XLIFF for the translation service, uploads the translated file, and the Welsh is completed on the
approved version with both fingerprints shown. axe-core on every page."""

import datetime
from pathlib import Path

import pytest
from lxml import etree

from e2e.browsing import Visitor

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"


def _approved_in_english():
    """A new meeting of the demo's steering group whose English reuses the seed meeting's texts,
    held, minuted and approved by the chair in English only."""
    from meetings import services
    from meetings.demo import CHAIR, SECRETARIAT
    from meetings.enums import ItemKind
    from meetings.models import Decision, Meeting
    from steering.models import Person
    from workstreams.demo import SG_SLUG

    seed = Meeting.objects.get(group__slug=SG_SLUG, number=1)
    secretariat, chair = Person.objects.get(email=SECRETARIAT), Person.objects.get(email=CHAIR)
    meeting = services.create_meeting(seed.group, starts_at=datetime.datetime(2023, 1, 19, 10, tzinfo=datetime.UTC))
    for old in seed.items.exclude(minutes_en="").exclude(kind=ItemKind.RESERVED).order_by("pk")[:3]:
        item = services.add_item(meeting, title_en=old.title_en)
        for decision in old.decisions.all():
            Decision.objects.create(item=item, text_en=decision.text_en, text_cy="")
    minutes = services.mark_held(meeting, by=secretariat)
    for item, old in zip(
        meeting.items.order_by("position"),
        seed.items.exclude(minutes_en="").exclude(kind=ItemKind.RESERVED).order_by("pk")[:3],
        strict=True,
    ):
        services.save_item_minutes(item, minutes_en=old.minutes_en, minutes_cy="", revision=0, by=secretariat)
    services.submit_minutes(minutes, by=secretariat)
    services.approve_minutes(minutes, by=chair)
    return meeting


def _translated(path: Path) -> None:
    """The translation service's work: every target filled with the first alternative the memory
    offered, or a Welsh text of its own."""
    tree = etree.parse(str(path))
    for unit in tree.iter(f"{{{XLIFF_12}}}trans-unit"):
        match = unit.find(f"{{{XLIFF_12}}}alt-trans/{{{XLIFF_12}}}target")
        target = unit.find(f"{{{XLIFF_12}}}target")
        if target is None:
            target = etree.Element(f"{{{XLIFF_12}}}target")
            unit.find(f"{{{XLIFF_12}}}source").addnext(target)
        target.text = match.text if match is not None else "Testun Cymraeg gan y gwasanaeth cyfieithu."
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_welsh_is_completed_after_the_chair_approved_the_english(language, demo, live_server, browser, tmp_path):
    meeting = _approved_in_english()
    secretariat = Visitor(browser, live_server.url, "secretariat@example.org", language)
    page = secretariat.page
    secretariat.visit(f"/meetings/{meeting.pk}/minutes/welsh/")
    secretariat.click("main .govuk-summary-list__actions a")  # the first item's Welsh page
    assert page.locator(".app-suggestions .govuk-tag--green").count() >= 1
    first_box = page.locator("textarea").first
    assert first_box.input_value() == ""
    secretariat.click("button[name=use]")
    assert first_box.input_value() != ""
    secretariat.click("button[name=save]")
    assert page.locator(".govuk-notification-banner--success").count() == 1

    secretariat.visit(f"/meetings/{meeting.pk}/minutes/welsh/")
    with page.expect_download() as download:
        page.click(f"a[href='/meetings/{meeting.pk}/minutes/welsh/translation.xliff12.xlf']")
    path = tmp_path / "cymraeg.xlf"
    download.value.save_as(path)
    _translated(path)
    page.set_input_files("input[type=file]", str(path))
    secretariat.click("button[name=upload]")
    assert page.locator(".govuk-notification-banner--success").count() == 1
    assert page.locator("code.app-hash").count() == 2  # the approved English's and the completed version's
    assert page.locator("button[name=complete]").count() == 0
