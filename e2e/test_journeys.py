"""The main journeys in a real browser (Debian's Chromium through Playwright), with axe-core on
every page they pass. Run with `make e2e`; they are kept out of `make test` because they need
Chromium (`apt-get install chromium`) and take a minute.
"""

import datetime

import pytest
from django.core import mail

from e2e.browsing import PASSWORD, Visitor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WELSH_GOVERNMENT = {"en": "Welsh Government", "cy": "Llywodraeth Cymru"}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_secretariat_runs_a_meeting_and_the_chair_approves_the_minutes(language, demo, live_server, browser):
    from meetings.models import Meeting, Minutes

    secretariat = Visitor(browser, live_server.url, "secretariat@example.org", language)
    page = secretariat.page
    secretariat.visit("/groups/aln-implementation-steering-group/")
    secretariat.click("a[href$='/meetings/new/']")
    day = datetime.date.today() + datetime.timedelta(days=30)
    page.fill("#id_date_0", str(day.day))
    page.fill("#id_date_1", str(day.month))
    page.fill("#id_date_2", str(day.year))
    page.fill("#id_start_time", "10:00")
    page.uncheck("#id_copy_agenda")
    secretariat.click("button[name=submit]")
    meeting = Meeting.objects.order_by("-pk").first()
    for title, welsh in [("Welcome and introductions", "Croeso a chyflwyniadau"), ("Governance", "Llywodraethu")]:
        secretariat.visit(f"/meetings/{meeting.pk}/items/add/")
        page.fill("#id_title_en", title)
        page.fill("#id_title_cy", welsh)
        secretariat.click("button[name=submit]")
    governance = meeting.items.get(title_en="Governance")
    secretariat.visit(f"/meetings/{meeting.pk}/items/add/?parent={governance.pk}")
    page.fill("#id_title_en", "Terms of reference")
    page.fill("#id_title_cy", "Cylch gorchwyl")
    secretariat.click("button[name=submit]")
    secretariat.visit(f"/meetings/{meeting.pk}/items/{governance.pk}/papers/add/")
    page.fill("#id_title_en", "Draft terms of reference")
    page.fill("#id_title_cy", "Cylch gorchwyl drafft")
    page.set_input_files("#id_file_en", files=[{"name": "terms.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    secretariat.click("button[name=submit]")
    assert "terms.pdf" in meeting.items.get(title_en="Governance").papers.get().filename_en
    # Checked first: the paper has no Welsh version yet, so it goes in English only.
    secretariat.click(f"a[href$='/meetings/{meeting.pk}/agenda/issue/']")
    assert page.locator("#english-only").count() == 1
    secretariat.click("#issue button")
    secretariat.click(f"form[action$='/meetings/{meeting.pk}/status/held/'] button")
    box = page.locator("form[data-autosave]").first
    # A link to no web address is refused with the reason, once, not sent again until it changes.
    saves = []
    page.on("request", lambda request: saves.append(request.post_data) if "/minutes/items/" in request.url else None)
    box.locator("textarea[lang=en]").fill("See [the site](www.gov.wales).")
    with page.expect_response(lambda response: "/minutes/items/" in response.url) as refused:
        page.locator("h1").click()
    assert refused.value.status == 400
    # The script writes the refusal once it has read the answer: wait for it, not for the answer.
    page.wait_for_function("document.querySelector('.app-save-status').textContent.includes('https://')")
    status = page.locator(".app-save-status").first
    assert "https://" in status.inner_text() and "www.gov.wales" in status.inner_text()
    box.locator("textarea[lang=en]").focus()
    page.locator("h1").click()  # the same text, left again: nothing is sent
    box.locator("textarea[lang=cy]").fill("Croesawodd y Grŵp Llywio bawb.")
    box.locator("textarea[lang=en]").fill("The Steering Group welcomed everyone.")
    page.locator("h1").click()
    page.wait_for_function("document.querySelector('.app-save-status').textContent.includes(':')")
    assert len([sent for sent in saves if "www.gov.wales" in sent and "Croesawodd" not in sent]) == 1
    section = page.locator(f"#item-{governance.pk}")
    # The page's one decision form opens under the item whose link is followed.
    section.locator("a[data-record=decision]").click()
    section.locator("#id_decision-text_en").fill("The SG agreed the terms of reference.")
    section.locator("#id_decision-text_cy").fill("Cytunodd y GLl ar y cylch gorchwyl.")
    secretariat.check()  # axe, with the form open
    section.locator("form[action$='/decisions/'] button[type=submit]").click()
    page.wait_for_load_state()
    secretariat.check()
    section = page.locator(f"#item-{governance.pk}")
    section.locator("a[data-record=action]").click()
    section.locator("#id_action-text_en").fill("WG to publish the terms of reference.")
    section.locator("#id_action-text_cy").fill("LlC i gyhoeddi'r cylch gorchwyl.")
    section.locator("#id_action-owner_organisation").select_option(label=WELSH_GOVERNMENT[language])
    section.locator("form[action$='/actions/add/'] button[type=submit]").click()
    page.wait_for_load_state()
    secretariat.check()
    secretariat.click(f"form[action$='/meetings/{meeting.pk}/minutes/submit/'] button")

    chair = Visitor(browser, live_server.url, "chair@example.org", language)
    chair.visit(f"/meetings/{meeting.pk}/minutes/")
    chair.page.locator("details").first.locator("summary").click()
    chair.page.locator("details").first.locator("textarea").fill("Please name the bodies welcomed.")
    chair.click("details form button")
    chair.click(f"form[action$='/meetings/{meeting.pk}/minutes/return/'] button")
    secretariat.visit(f"/meetings/{meeting.pk}/minutes/edit/")
    secretariat.click(f"form[action$='/meetings/{meeting.pk}/minutes/submit/'] button")
    chair.visit(f"/meetings/{meeting.pk}/minutes/")
    chair.click(f"form[action$='/meetings/{meeting.pk}/minutes/approve/'] button")
    minutes = Minutes.objects.get(meeting=meeting)
    assert (minutes.status, minutes.approved_by.email) == ("approved", "chair@example.org")

    # Publish: the PDF is made once and every member gets it by email.
    mail.outbox.clear()
    secretariat.visit(f"/meetings/{meeting.pk}/")
    secretariat.click(f"form[action$='/meetings/{meeting.pk}/minutes/publish/'] button")
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert "member@example.org" in recipients and len(recipients) == len(set(recipients))
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_member_finds_their_work_updates_an_action_and_answers_a_feedback_request(language, demo, live_server, browser):
    from actions.models import Action, FeedbackRequest, FeedbackResponse
    from steering.models import Person
    from workstreams.models import Group

    request = FeedbackRequest.objects.create(
        group=Group.objects.get(slug="aln-implementation-steering-group"),
        title_en="Scenario paper",
        title_cy="Papur senario",
        question_en="Does it meet requirements?",
        question_cy="A yw'n bodloni'r gofynion?",
        deadline=datetime.date.today() + datetime.timedelta(days=5),
        created_by=Person.objects.get(email="secretariat@example.org"),
    )
    member = Visitor(browser, live_server.url, "member@example.org", language)
    member.visit("/my-work/")
    member.click(f"a[href='/feedback/{request.pk}/']")
    member.page.fill("#id_text", "Ydy, gydag un bwlch." if language == "cy" else "Yes, with one gap.")
    member.click("button[name=submit]")
    assert FeedbackResponse.objects.filter(request=request).count() == 1

    owner = Visitor(browser, live_server.url, "secretariat@example.org", language)
    owner.visit("/my-work/")
    action = Action.objects.filter(owner_person__email="secretariat@example.org", status="open").first()
    owner.click(f"a[href='/actions/{action.pk}/']")
    owner.page.check("input[name=status][value=in_progress]")
    owner.page.fill("#id_note", "Drafting the reply")
    owner.click("button[name=submit]")
    action.refresh_from_db()
    assert action.status == "in_progress"
    owner.visit("/groups/aln-implementation-steering-group/actions/")
    owner.visit("/meetings/1/")
    owner.visit("/meetings/1/minutes/")


def test_a_journey_by_keyboard_alone(demo, live_server, browser):
    """Sign in and open a group with the Tab and Enter keys only."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/sign-in/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className").startswith("govuk-skip-link")
    page.focus("#id_username")
    page.keyboard.type("member@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/groups/aln-implementation-steering-group/":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/groups/aln-implementation-steering-group/")
    assert page.locator("h1").inner_text() in {"ALN Implementation Steering Group", "Grŵp Llywio Gweithredu ADY"}
