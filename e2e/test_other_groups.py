"""People of one group, in Chromium, typing the addresses of a group that is not theirs.

The security issue asks that each role is also tried against a group that is not theirs, for reads
and writes, files, exports and calendar feeds included. steering/tests/test_permission_walk.py does
that with Django's test client; this does it in the browser. Group A is the EHE task and finish
group, group B the steering group (the demo's meetings, minutes, papers and actions are all B's).
Every demo person of A is also in B, so A's observer, member, chair and secretariat are made here.

Each of them, and an anonymous visitor, types B's addresses, posts to B's forms from a page of A,
once in English and once in Welsh. The walk's answer to an outsider is 404 (a group's existence
does not leak), and to the anonymous the sign-in page. The refusal must be in the visitor's
language, pass axe, show nothing of B, and leave B as it was.
"""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

from e2e.browsing import PASSWORD, Visitor

GROUP_A = "ehe-task-and-finish-group"
GROUP_B = "aln-implementation-steering-group"
ROLES = ["observer", "member", "chair", "secretariat"]
# The headings of the refusal pages (templates/404.html, 403.html, 403_csrf.html), translated below.
NOT_FOUND, FORBIDDEN, NO_TOKEN = "Page not found", "You cannot do that here", "The form could not be sent"

# Posted from the browser with the visitor's own CSRF token: a refusal must come before any of it is read.
POST = """async ([url, fields]) => {
    const body = new URLSearchParams(fields);
    body.append("csrfmiddlewaretoken", document.querySelector("input[name=csrfmiddlewaretoken]").value);
    const response = await fetch(url, {method: "POST", body, credentials: "same-origin"});
    return {status: response.status, url: response.url, text: await response.text()};
}"""

# Points a form of the page at another address, with the fields given, leaving its CSRF token in.
REPOINT = """([selector, url, fields]) => {
    const form = document.querySelector(selector);
    form.action = url;
    form.dataset.repointed = "";
    for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
    }
}"""


def _group_b():
    """Group B's addresses, what of B must not show, and a feedback request with an answer file."""
    from actions.enums import AnswerPer
    from actions.models import Action, FeedbackRequest, FeedbackResponse
    from meetings.models import Meeting, Paper
    from steering.models import Person
    from workstreams.models import Group

    group = Group.objects.get(slug=GROUP_B)
    held = Meeting.objects.get(group=group, number=1)  # minutes approved, not published
    planned = Meeting.objects.get(group=group, number=2)  # its agenda still open
    paper = Paper.objects.get(item__meeting=held)
    item = paper.item
    agenda_item = planned.items.order_by("pk").first()
    action = Action.objects.filter(group=group, item__meeting=held).order_by("pk").first()
    chair = Person.objects.get(email="chair@example.org")
    member = Person.objects.get(email="member@example.org")
    feedback = FeedbackRequest.objects.create(
        group=group,
        title_en="Transport scenario for the steering group",
        title_cy="Senario trafnidiaeth i'r grŵp llywio",
        question_en="Does the scenario cover transport to school?",
        question_cy="A yw'r senario'n ymdrin â thrafnidiaeth i'r ysgol?",
        deadline=datetime.date.today() + datetime.timedelta(days=5),
        answer_per=AnswerPer.PERSON,
        created_by=Person.objects.get(email="secretariat@example.org"),
    )
    answer = FeedbackResponse.objects.create(
        request=feedback,
        respondent=f"person:{member.pk}",
        author=member,
        text="Cardiff's transport answer, not for outsiders",
        file=ContentFile(b"%PDF-1.4 answer", name="answer.pdf"),
        filename="answer.pdf",
    )
    token = str(chair.calendar_token)
    wrong_token = token[:-1] + ("0" if token[-1] != "0" else "1")  # the chair's address, one digit off
    slug, pk = {"slug": GROUP_B}, {"pk": held.pk}
    reads = {
        "group page": reverse("workstreams:group", kwargs=slug),
        "meeting page": reverse("meetings:meeting", kwargs=pk),
        "minutes editor": reverse("meetings:minutes_edit", kwargs=pk),
        "agenda, edit an item": reverse("meetings:item_edit", kwargs={"pk": planned.pk, "item_id": agenda_item.pk}),
        "translation XLSX export": reverse("meetings:translation_export", kwargs=pk),
        "minutes PDF, unpublished": reverse("meetings:minutes_pdf", kwargs=pk),
        "paper file": reverse("meetings:paper", kwargs={**pk, "paper_id": paper.pk, "language": "cy"}),
        "action log": reverse("actions:log", kwargs=slug),
        "action": reverse("actions:action", kwargs={"action_id": action.pk}),
        "feedback request": reverse("actions:feedback", kwargs={"request_id": feedback.pk}),
        "feedback answers CSV": reverse("actions:feedback_export", kwargs={"request_id": feedback.pk}),
        "feedback answer file": reverse(
            "actions:feedback_file", kwargs={"request_id": feedback.pk, "response_id": answer.pk}
        ),
        "chair's calendar feed, wrong token": reverse("actions:calendar", kwargs={"token": wrong_token}),
    }
    writes = {
        "add an action": (
            reverse("actions:action_add", kwargs={**pk, "item_id": item.pk}),
            {"action-text_en": "An outsider's action", "action-owner_person": str(member.pk)},
        ),
        "save minutes text": (
            reverse("meetings:item_minutes_save", kwargs={**pk, "item_id": item.pk}),
            {f"item-{item.pk}-minutes_en": "Overwritten", f"item-{item.pk}-minutes_cy": "Wedi'i drosysgrifo"},
        ),
        "edit an agenda item": (
            reverse("meetings:item_edit", kwargs={"pk": planned.pk, "item_id": agenda_item.pk}),
            {"title_en": "Overwritten", "title_cy": "Wedi'i drosysgrifo"},
        ),
        "close an action": (
            reverse("actions:action", kwargs={"action_id": action.pk}),
            {"status": "done", "note": "Closed by an outsider"},
        ),
        "answer feedback": (reverse("actions:feedback", kwargs={"request_id": feedback.pk}), {"text": "Outsider"}),
        "publish the minutes": (reverse("meetings:minutes_publish", kwargs=pk), {}),
        "remove the paper": (reverse("meetings:paper_remove", kwargs={**pk, "paper_id": paper.pk}), {}),
        "add a member": (reverse("workstreams:membership_add", kwargs=slug), {"person": str(chair.pk)}),
    }
    secrets = {
        group.name_en,
        group.name_cy,
        action.text_en,
        action.text_cy,
        paper.title_en,
        paper.title_cy,
        agenda_item.title_en,
        agenda_item.title_cy,
        feedback.title_en,
        feedback.title_cy,
        answer.text,
        chair.full_name,
    }
    return reads, writes, sorted(secret for secret in secrets if len(secret) >= 8)


def _snapshot():
    """Every row of group B, field by field."""
    from actions.models import Action, ActionUpdate, FeedbackRequest, FeedbackResponse
    from meetings.models import (
        AgendaItem,
        Attendance,
        Circulation,
        Decision,
        Meeting,
        Minutes,
        MinutesEvent,
        Paper,
        ReviewComment,
    )
    from workstreams.models import GlossaryEntry, Group, Membership, TermsOfReference

    group = Group.objects.get(slug=GROUP_B)
    querysets = [
        Group.objects.filter(pk=group.pk),
        Membership.objects.filter(group=group),
        TermsOfReference.objects.filter(group=group),
        GlossaryEntry.objects.filter(group=group),
        Meeting.objects.filter(group=group),
        AgendaItem.objects.filter(meeting__group=group),
        Paper.objects.filter(item__meeting__group=group),
        Attendance.objects.filter(meeting__group=group),
        Decision.objects.filter(item__meeting__group=group),
        Minutes.objects.filter(meeting__group=group),
        ReviewComment.objects.filter(minutes__meeting__group=group),
        MinutesEvent.objects.filter(meeting__group=group),
        Circulation.objects.filter(minutes__meeting__group=group),
        Action.objects.filter(group=group),
        ActionUpdate.objects.filter(action__group=group),
        FeedbackRequest.objects.filter(group=group),
        FeedbackResponse.objects.filter(request__group=group),
    ]
    return {qs.model.__name__: list(qs.order_by("pk").values()) for qs in querysets}


def _people_of_group_a_only():
    """A's observer, member, chair and secretariat, in no other group; half of them prefer Welsh."""
    from steering.models import Person
    from workstreams.enums import Role
    from workstreams.models import Group, Membership

    group = Group.objects.get(slug=GROUP_A)
    emails = {}
    for index, role in enumerate(ROLES):
        person = Person.objects.create_user(
            email=f"ehe-only.{role}@example.org",
            password=PASSWORD,
            full_name=f"EHE {role}",
            preferred_language=["en", "cy"][index % 2],
        )
        Membership.objects.create(person=person, group=group, role=Role(role))
        emails[role] = person.email
    return emails


# The page as it stands, and its shape: the HTML less what changes with the address and the session.
READ_PAGE = """() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll("input[type=hidden]").forEach(input => input.removeAttribute("value"));
    copy.querySelectorAll("form").forEach(form => form.removeAttribute("action"));
    const h1 = document.querySelector("h1");
    return {
        lang: document.documentElement.lang,
        h1: h1 ? h1.innerText : null,
        text: document.documentElement.textContent,
        shape: copy.outerHTML,
    };
}"""


class Refusals:
    """Checks each answer a visitor gets from group B: refused, in their language, axe-clean, B-free.

    axe runs on every page that differs from those it has passed; a refusal repeated for another
    address or role is the same HTML (hidden values and form addresses aside), so it is not run again.
    """

    def __init__(self, secrets, passed_axe):
        self.secrets, self.passed_axe = secrets, passed_axe
        self.sign_in = reverse("login")

    def as_visitor(self, visitor, language, signed_in):
        self.visitor, self.language, self.signed_in = visitor, language, signed_in

    def read(self, label, path):
        page = self.visitor.page
        try:
            response = page.goto(self.visitor.base_url + path)
        except PlaywrightError as error:  # the browser was handed a file
            pytest.fail(f"{label} ({path}) was served: {error.message.splitlines()[0]}")
        if self.signed_in or "/calendar/" in path:
            assert (response.status, urlsplit(page.url).path) == (404, path), label
        else:
            self._at_sign_in(page.url, path, label)
        self.page_shown(label)

    def page_shown(self, label, heading=NOT_FOUND):
        """The page now in the browser: axe, language, its heading, nothing of B."""
        shown = self.visitor.page.evaluate(READ_PAGE)
        if shown["shape"] not in self.passed_axe:
            self.visitor.check()
            self.passed_axe.add(shown["shape"])
        assert self.visitor.errors == [], label
        assert shown["lang"] == self.language, label
        if self.signed_in or urlsplit(self.visitor.page.url).path != self.sign_in:
            with translation.override(self.language):
                expected = translation.gettext(heading)
            assert self.language == "en" or expected != heading, f"{heading!r} has no Welsh"
            assert shown["h1"] == expected, label
        self.nothing_of_b(shown["text"], label)

    def write(self, label, path, fields):
        answer = self.visitor.page.evaluate(POST, [path, fields])
        if self.signed_in:
            assert answer["status"] == 404, label
            assert f'<html lang="{self.language}"' in answer["text"], label
        else:
            self._at_sign_in(answer["url"], path, label)
        self.nothing_of_b(answer["text"], label)

    def nothing_of_b(self, text, label):
        shown = [secret for secret in self.secrets if secret in text]
        assert shown == [], f"{label}: group B's {shown} shown"

    def _at_sign_in(self, url, path, label):
        address = urlsplit(url)
        assert (address.path, parse_qs(address.query).get("next")) == (self.sign_in, [path]), label


def _send_a_form_of_a_to_b(visitor, role, writes, token=True):
    """A form of group A's, sent to group B's address, as a person would with the developer tools.

    Without its token the form is what another website could send: refused before anything else.
    """
    page = visitor.page
    target, fields = writes["add an action"]
    if role == "secretariat":  # A's own new-meeting form, sent to B's
        visitor.page.goto(visitor.base_url + reverse("meetings:create", kwargs={"slug": GROUP_A}))
        day = datetime.date.today() + datetime.timedelta(days=30)
        page.fill("#id_date_0", str(day.day))
        page.fill("#id_date_1", str(day.month))
        page.fill("#id_date_2", str(day.year))
        page.fill("#id_start_time", "10:00")
        form, button = "main form", "button[name=submit]"
        target, fields = reverse("meetings:create", kwargs={"slug": GROUP_B}), {}
    elif role == "anonymous":  # the sign-in form
        page.goto(visitor.base_url + reverse("login"))
        form, button = "main form", "button[name=submit]"
    else:  # the sign-out form in the menu of A's page: every role has it
        page.goto(visitor.base_url + reverse("workstreams:group", kwargs={"slug": GROUP_A}))
        form, button = f"form[action='{reverse('logout')}']", "button"
    page.evaluate(REPOINT, [form, target, fields])
    if not token:
        page.locator("form[data-repointed] input[name=csrfmiddlewaretoken]").evaluate("input => input.remove()")
    with page.expect_response(lambda response: urlsplit(response.url).path == target) as sent:
        page.locator("form[data-repointed]").locator(button).click()
    expected = 403 if not token else 302 if role == "anonymous" else 404
    assert sent.value.status == expected, f"{role}: form of A sent to B"
    if expected == 302:  # on to the sign-in page, which is to come back to B's address
        sign_in = reverse("login")
        page.wait_for_url(
            lambda url: (urlsplit(url).path, parse_qs(urlsplit(url).query).get("next")) == (sign_in, [target])
        )
    else:  # the refusal, shown at B's address
        page.wait_for_url(lambda url: urlsplit(url).path == target)


def test_people_of_another_group_and_the_anonymous_get_nothing_of_a_group(demo, live_server, browser):
    from steering.models import Person

    reads, writes, secrets = _group_b()
    emails = _people_of_group_a_only()
    before = _snapshot()
    mail.outbox.clear()
    refusals = Refusals(secrets, passed_axe=set())
    neutral = {
        "anonymous": reverse("login"),
        **dict.fromkeys(ROLES, reverse("workstreams:group", kwargs={"slug": GROUP_A})),
    }

    for role in [*ROLES, "anonymous"]:
        visitor = Visitor(browser, live_server.url, emails.get(role), "en")
        for language in ["en", "cy"]:
            visitor.page.goto(live_server.url + neutral[role])
            visitor.switch_language(language)
            refusals.as_visitor(visitor, language, signed_in=role != "anonymous")
            for label, path in reads.items():
                refusals.read(f"{role}, {language}: {label}", path)
            for label, (path, fields) in writes.items():
                refusals.write(f"{role}, {language}: {label}", path, fields)
            _send_a_form_of_a_to_b(visitor, role, writes)
            refusals.page_shown(f"{role}, {language}: form of A sent to B")
            if role == "member":
                _send_a_form_of_a_to_b(visitor, role, writes, token=False)
                refusals.page_shown(f"{role}, {language}: form of A sent to B without its token", NO_TOKEN)
            if role == "observer":  # the 403 page too, at a page of A's that is the secretariat's
                response = visitor.page.goto(live_server.url + reverse("meetings:create", kwargs={"slug": GROUP_A}))
                assert response.status == 403
                refusals.page_shown(f"{role}, {language}: A's new-meeting form", FORBIDDEN)

        if role != "anonymous":  # their own calendar feed has nothing of B either
            own = Person.objects.get(email=emails[role]).calendar_token
            feed = visitor.context.request.get(live_server.url + reverse("actions:calendar", kwargs={"token": own}))
            assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
            refusals.nothing_of_b(feed.text(), f"{role}: own calendar feed")
        visitor.context.close()

    assert _snapshot() == before
    assert mail.outbox == []
