import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import load_workbook

from actions import selectors, services
from actions.enums import AnswerPer
from actions.models import FeedbackRequest, FeedbackResponse
from steering.errors import DomainError
from workstreams.tests.factories import MembershipFactory

TODAY = timezone.localdate()


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def request_to_organisations(cast):
    return services.create_feedback_request(
        cast.group,
        organisations=[],
        by=cast.secretariat,
        title_en="LAC scenario paper",
        title_cy="Papur senario plant sy'n derbyn gofal",
        question_en="Does it meet requirements?",
        question_cy="A yw'n bodloni'r gofynion?",
        deadline=TODAY + datetime.timedelta(days=3),
        answer_per=AnswerPer.ORGANISATION,
    )


def test_secretariat_asks_chosen_organisations_for_feedback(cast, client_as):
    member_org = cast.group.memberships.get(person=cast.member).organisation
    response = client_as(cast.secretariat).post(
        reverse("actions:feedback_create", args=[cast.group.slug]),
        {
            "title_en": "LAC scenario paper",
            "title_cy": "Papur senario plant sy'n derbyn gofal",
            "question_en": "Does it meet requirements?",
            "question_cy": "A yw'n bodloni'r gofynion?",
            "answer_per": AnswerPer.ORGANISATION,
            "organisations": [member_org.pk],
            **_date("deadline", TODAY + datetime.timedelta(days=5)),
        },
    )
    assert response.status_code == 302
    request = FeedbackRequest.objects.get()
    assert list(request.organisations.all()) == [member_org]
    assert rules_answer(cast.member, request) and not rules_answer(cast.chair, request)


@pytest.mark.parametrize(
    ("title_cy", "question_cy", "where", "field"),
    [
        ("", "", "title, question", "title_cy"),
        ("Papur", " ", "question", "question_cy"),
        ("", "Cwestiwn?", "title", "title_cy"),
    ],
)
def test_a_request_is_not_sent_without_its_welsh(title_cy, question_cy, where, field, cast, mailoutbox):
    with pytest.raises(DomainError) as refused:
        services.create_feedback_request(
            cast.group,
            organisations=[],
            by=cast.secretariat,
            title_en="Paper",
            title_cy=title_cy,
            question_en="Question?",
            question_cy=question_cy,
            deadline=TODAY + datetime.timedelta(days=3),
            answer_per=AnswerPer.PERSON,
        )
    assert refused.value.message == f"The request cannot be sent while Welsh is missing, at: {where}."
    assert refused.value.field == field
    assert (FeedbackRequest.objects.count(), mailoutbox) == (0, [])


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_missing_welsh_of_a_request_is_said_beside_its_box_in_the_page_language(language, cast, client_as):
    cast.secretariat.preferred_language = language
    cast.secretariat.save(update_fields=["preferred_language"])
    response = client_as(cast.secretariat).post(
        reverse("actions:feedback_create", args=[cast.group.slug]),
        {
            "title_en": "LAC scenario paper",
            "title_cy": "Papur senario",
            "question_en": "Does it meet requirements?",
            "answer_per": AnswerPer.PERSON,
            **_date("deadline", TODAY + datetime.timedelta(days=5)),
        },
    )
    with translation.override(language):
        message = translation.gettext("The request cannot be sent while Welsh is missing, at: %(where)s.") % {
            "where": translation.gettext("question")
        }
    assert response.context["form"].errors == {"question_cy": [message]}
    assert f'<a href="#id_question_cy">{escape(message)}</a>' in response.text
    assert FeedbackRequest.objects.count() == 0


def rules_answer(person, request):
    import rules

    return rules.has_perm("actions.answer_feedback", person, request)


def test_a_deadline_in_the_past_is_refused(cast, client_as):
    response = client_as(cast.secretariat).post(
        reverse("actions:feedback_create", args=[cast.group.slug]),
        {
            "title_en": "Late",
            "title_cy": "Hwyr",
            "question_en": "?",
            "question_cy": "?",
            "answer_per": "person",
            **_date("deadline", TODAY - datetime.timedelta(days=1)),
        },
    )
    assert response.context["form"].errors == {"deadline": ["The deadline must be today or later"]}


def test_one_answer_per_organisation_which_any_of_its_members_may_change_until_the_deadline(
    request_to_organisations, cast, client_as
):
    organisation = cast.group.memberships.get(person=cast.member).organisation
    colleague = MembershipFactory(group=cast.group, organisation=organisation).person
    url = request_to_organisations.get_absolute_url()
    client_as(cast.member).post(url, {"text": "It does.", "text_language": "en"})
    seen = client_as(colleague).get(url).context["form"].initial["seen"]
    client_as(colleague).post(url, {"text": "Ydy, mae'n gwneud.", "text_language": "cy", "seen": seen})
    answer = FeedbackResponse.objects.get()
    assert (answer.respondent, answer.text, answer.author, answer.is_late) == (
        f"organisation:{organisation.pk}",
        "Ydy, mae'n gwneud.",
        colleague,
        False,
    )


def test_late_answers_are_accepted_and_marked_but_answers_cannot_change_after_the_deadline(
    request_to_organisations, cast
):
    FeedbackRequest.objects.filter(pk=request_to_organisations.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    request_to_organisations.refresh_from_db()
    answer = services.answer_feedback(
        request_to_organisations, by=cast.member, text="Late but here", text_language="en"
    )
    assert answer.is_late is True
    with pytest.raises(DomainError, match="deadline has passed"):
        services.answer_feedback(request_to_organisations, by=cast.member, text="Changed", text_language="en")


def test_people_not_asked_cannot_answer(request_to_organisations, cast, client_as):
    assert (
        client_as(cast.observer)
        .post(request_to_organisations.get_absolute_url(), {"text": "x", "text_language": "en"})
        .status_code
        == 403
    )
    assert client_as(cast.outsider).get(request_to_organisations.get_absolute_url()).status_code == 404


def test_secretariat_sees_answers_who_has_not_answered_and_exports_them(request_to_organisations, cast, client_as):
    services.answer_feedback(
        request_to_organisations,
        by=cast.member,
        text="Yes, with one gap.",
        text_language="en",
        file=SimpleUploadedFile("answer.pdf", b"%PDF-1.4 answer"),
    )
    response = client_as(cast.secretariat).get(request_to_organisations.get_absolute_url())
    member_org = cast.group.memberships.get(person=cast.member).organisation
    missing = {str(o) for o in response.context["not_answered"]}
    assert str(member_org) not in missing
    assert str(cast.group.memberships.get(person=cast.chair).organisation) in missing
    export = client_as(cast.secretariat).get(reverse("actions:feedback_export", args=[request_to_organisations.pk]))
    assert "Yes, with one gap." in export.content.decode("utf-8-sig")
    answer = FeedbackResponse.objects.get()
    file_url = reverse("actions:feedback_file", args=[request_to_organisations.pk, answer.pk])
    assert client_as(cast.chair).get(file_url).status_code == 403
    download = client_as(cast.secretariat).get(file_url)
    assert b"".join(download.streaming_content) == b"%PDF-1.4 answer"
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="answer.pdf"'


def test_feedback_xlsx_has_a_row_per_organisation_asked_with_the_question_beside_it(
    request_to_organisations, cast, client_as
):
    services.answer_feedback(request_to_organisations, by=cast.member, text="Yes, with one gap.", text_language="en")
    url = reverse("actions:feedback_export_xlsx", args=[request_to_organisations.pk])
    client = client_as(cast.secretariat)
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="feedback-{request_to_organisations.pk}.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    seats = cast.group.memberships.exclude(person=cast.observer)  # observers are not asked
    expected = sorted({str(seat.organisation) for seat in seats}, key=str.lower)
    assert [row[1] for row in rows[1:]] == expected
    assert {row[0] for row in rows[1:]} == {"A yw'n bodloni'r gofynion?"}  # the page's language: Welsh
    answered = next(row for row in rows if row[1] == str(cast.group.memberships.get(person=cast.member).organisation))
    assert answered[2:5] == (cast.member.full_name, "English", "Yes, with one gap.")
    assert [row[4] for row in rows[1:]].count(None) == len(expected) - 1  # the others have not answered
    assert client_as(cast.member).get(url).status_code == 403
    assert client_as(cast.outsider).get(url).status_code == 404


def test_my_work_lists_feedback_waiting_until_answered(request_to_organisations, cast, client_as):
    assert selectors.feedback_waiting(cast.member, TODAY) == [request_to_organisations]
    services.answer_feedback(request_to_organisations, by=cast.member, text="Done", text_language="en")
    assert selectors.feedback_waiting(cast.member, TODAY) == []
    assert client_as(cast.member).get(reverse("actions:my_work")).context["feedback"] == []


def test_an_answer_written_over_a_newer_one_from_the_same_organisation_is_refused(
    request_to_organisations, cast, client_as
):
    organisation = cast.group.memberships.get(person=cast.member).organisation
    colleague = MembershipFactory(group=cast.group, organisation=organisation).person
    url = request_to_organisations.get_absolute_url()
    stale_page = client_as(cast.member).get(url)
    assert "seen" not in stale_page.context["form"].initial  # nobody had answered yet
    client_as(colleague).post(url, {"text": "Colleague's answer", "text_language": "en", "seen": ""})
    response = client_as(cast.member).post(url, {"text": "Mine", "text_language": "en", "seen": ""})
    assert response.context["form"].errors["text"][0].endswith("copy what you need into yours and send it again.")
    assert FeedbackResponse.objects.get().text == "Colleague's answer"
    assert "Colleague&#x27;s answer" in response.text


def test_after_the_deadline_an_answer_given_is_shown_but_not_offered_for_change(
    request_to_organisations, cast, client_as
):
    services.answer_feedback(request_to_organisations, by=cast.member, text="On time", text_language="en")
    FeedbackRequest.objects.filter(pk=request_to_organisations.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    response = client_as(cast.member).get(request_to_organisations.get_absolute_url())
    assert response.context["form"] is None
    assert "On time" in response.text and "can no longer be changed" in response.text


def test_the_same_date_error_is_said_once(cast, client_as):
    response = client_as(cast.secretariat).post(
        reverse("actions:feedback_create", args=[cast.group.slug]),
        {
            "title_en": "x",
            "question_en": "?",
            "answer_per": "person",
            "deadline_0": "a",
            "deadline_1": "b",
            "deadline_2": "c",
        },
    )
    assert response.context["form"].errors["deadline"] == ["Enter the date in numbers, for example 27 9 2022"]
