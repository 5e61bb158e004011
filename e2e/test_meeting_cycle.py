"""The meeting cycle before the meeting, in a real browser: invitation, replies, agenda pack,
a change of time, and the register on the day, in English and in Welsh."""

import datetime
import io

import pytest
from django.core import mail
from icalendar import Calendar
from pypdf import PdfReader

from e2e.browsing import Visitor

PAPER = None  # a real PDF, made once with WeasyPrint


def _paper() -> bytes:
    global PAPER
    if PAPER is None:
        from weasyprint import HTML

        PAPER = HTML(string="<p>Draft terms of reference: the group meets four times a year.</p>").write_pdf()
    return PAPER


def _to(address):
    return [message for message in mail.outbox if message.to == [address]]


def _calendar(message):
    [part] = [content for content, mimetype in message.alternatives if mimetype.startswith("text/calendar")]
    return Calendar.from_ical(part)


def _link(message, marker):
    return next(word for word in message.body.split() if marker in word)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_invitation_replies_agenda_pack_change_of_time_and_the_register(language, demo, live_server, browser):
    from meetings.models import Meeting

    mail.outbox.clear()
    secretariat = Visitor(browser, live_server.url, "secretariat@example.org", language)
    page = secretariat.page
    secretariat.visit("/groups/aln-implementation-steering-group/meetings/new/")
    day = datetime.date.today() + datetime.timedelta(days=40)
    page.fill("#id_date_0", str(day.day))
    page.fill("#id_date_1", str(day.month))
    page.fill("#id_date_2", str(day.year))
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "12:00")
    page.fill("#id_place_en", "Cathays Park, Cardiff")
    page.fill("#id_place_cy", "Parc Cathays, Caerdydd")
    page.fill("#id_online_link", "https://teams.example.org/meet/aln")
    page.uncheck("#id_copy_agenda")
    secretariat.click("button[name=submit]")
    meeting = Meeting.objects.order_by("-pk").first()

    # Every member is invited, with a calendar request their calendar program accepts.
    [invitation] = _to("member@example.org")
    request = _calendar(invitation)
    event = next(iter(request.walk("VEVENT")))
    assert str(request["method"]) == "REQUEST" and int(event["sequence"]) == 0
    assert "https://teams.example.org/meet/aln" in str(event["location"])
    assert invitation.body.startswith("Helo Gareth Lloyd")  # his language first
    assert len(_to("wlga@example.org")) == 1

    # One member sends apologies through the link in the email, another names a deputy.
    member = Visitor(browser, live_server.url, "member@example.org", language)
    member.visit(_link(invitation, "/meetings/reply/").replace("http://127.0.0.1:8000", ""))
    member.page.check("input[name=answer][value=apologies]")
    member.click("button[name=submit]")
    assert meeting.replies.get().answer == "apologies"
    wlga = Visitor(browser, live_server.url, "wlga@example.org", language)
    wlga.visit(_link(_to("wlga@example.org")[0], "/meetings/reply/").replace("http://127.0.0.1:8000", ""))
    wlga.page.check("input[name=answer][value=deputy]")
    wlga.page.fill("#id_deputy_name", "Rhian Morgan")
    wlga.click("button[name=submit]")
    secretariat.visit(f"/meetings/{meeting.pk}/replies/")
    assert "Rhian Morgan" in page.content()

    # The agenda, with a paper, is issued: members get the link to the pack, which opens as a PDF.
    secretariat.visit(f"/meetings/{meeting.pk}/items/add/")
    page.fill("#id_title_en", "Governance")
    page.fill("#id_title_cy", "Llywodraethu")
    secretariat.click("button[name=submit]")
    item = meeting.items.get()
    secretariat.visit(f"/meetings/{meeting.pk}/items/{item.pk}/papers/add/")
    page.fill("#id_title_en", "Draft terms of reference")
    page.fill("#id_title_cy", "Cylch gorchwyl drafft")
    page.set_input_files(
        "#id_file_en", files=[{"name": "terms.pdf", "mimeType": "application/pdf", "buffer": _paper()}]
    )
    secretariat.click("button[name=submit]")
    # Checked first: the paper has no Welsh version yet, so it goes in English only.
    secretariat.click(f"a[href$='/meetings/{meeting.pk}/agenda/issue/']")
    assert page.locator("#english-only").count() == 1
    secretariat.click("#issue button")
    [agenda] = [message for message in _to("member@example.org") if "/agenda-pack.pdf" in message.body]
    pack = member.context.request.get(
        _link(agenda, "/agenda-pack.pdf").replace("http://127.0.0.1:8000", live_server.url)
    )
    assert pack.status == 200 and pack.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pack.body()))
    text = " ".join(page_.extract_text() for page_ in reader.pages)
    assert "Llywodraethu" in text and "Governance" in text and "four times a year" in text
    assert reader.outline[0].title in ("Agenda", "Agenda / Agenda")

    # The time changes: members get an update with a higher SEQUENCE.
    before = len(_to("member@example.org"))
    secretariat.visit(f"/meetings/{meeting.pk}/edit/")
    page.fill("#id_start_time", "11:00")
    page.fill("#id_end_time", "13:00")
    secretariat.click("button[name=submit]")
    update = _to("member@example.org")[before]
    assert int(next(iter(_calendar(update).walk("VEVENT")))["sequence"]) == 1

    # On the day the register starts from the replies; the deputy joins it.
    secretariat.visit(f"/meetings/{meeting.pk}/attendance/")
    lloyd = meeting.group.memberships.get(person__email="member@example.org")
    assert page.is_checked(f"input[name=member_{lloyd.pk}][value=apologies]")
    secretariat.click("button[name=submit] >> nth=0")
    assert meeting.attendance.filter(name="Rhian Morgan", deputising_for__person__email="wlga@example.org").exists()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_new_pages_of_the_cycle_pass_axe(language, demo, live_server, browser):
    """Calling a meeting off, the forward work programme (proposing and deciding) and the choice of
    notices, each looked at with axe-core in both languages."""
    from meetings.models import Meeting, PlannedItem

    upcoming = Meeting.objects.filter(status="planned").order_by("-starts_at").first()
    member = Visitor(browser, live_server.url, "member@example.org", language)
    member.visit("/groups/aln-implementation-steering-group/forward-programme/")
    member.page.fill("#id_title_en", "Speech and language therapy waiting times")
    member.page.fill("#id_title_cy", "Amseroedd aros therapi lleferydd ac iaith")
    member.click("button[name=submit]")
    proposed = PlannedItem.objects.get(title_en="Speech and language therapy waiting times")
    member.visit("/account/")
    member.visit(f"/meetings/{upcoming.pk}/reply/")
    secretariat = Visitor(browser, live_server.url, "secretariat@example.org", language)
    secretariat.visit("/groups/aln-implementation-steering-group/forward-programme/")
    secretariat.click(f"form[action$='/forward-programme/{proposed.pk}/accept/'] button")
    proposed.refresh_from_db()
    assert proposed.status == "placed" and proposed.placed_item.meeting == upcoming
    for how in ("postpone", "cancel"):
        secretariat.visit(f"/meetings/{upcoming.pk}/call-off/{how}/")
        secretariat.click("button[name=submit]")  # empty: the errors, in the page's language
        assert secretariat.page.locator(".govuk-error-summary").count() == 1
