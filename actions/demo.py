"""The demo's feedback requests and the live edge of its action log, walked through the services.

- The seed's request: "SG members to consider the LAC scenario paper and respond with feedback by
  27 September 2022", asked of the members' organisations, with a few answered before the
  deadline. `send_reminders --today 2022-09-23` reminds those who had not answered then.
- Today's work, relative to the day the demo is loaded: a request closing in four days, and two
  open actions of meeting 1 given new dates this week, so that the digest beat sends tomorrow
  has something to say.

Needs ``meetings.demo`` loaded first. Running it again changes nothing.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from meetings.demo import CHAIR, LAC_PAPER, SECRETARIAT, as_on, history_told
from meetings.models import Meeting, Paper
from steering.models import Notice, Person
from workstreams.demo import SG_SLUG
from workstreams.enums import PARTICIPANT_ROLES
from workstreams.models import Group, Membership

from . import services
from .enums import ActionStatus, AnswerPer
from .models import Action, FeedbackRequest


def _at(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


LAC_REQUEST = {
    "title_en": "LAC scenario paper",
    "title_cy": "Papur senario plant sy'n derbyn gofal",
    "question_en": (
        "Please consider the LAC scenario paper and respond with feedback by 27 September 2022: whether it "
        "meets requirements, if there are gaps, and any other issues not yet considered."
    ),
    "question_cy": (
        "Ystyriwch y papur senario ar blant sy'n derbyn gofal ac ymateb gydag adborth erbyn 27 Medi 2022: a yw'n "
        "bodloni'r gofynion, a oes bylchau, ac unrhyw faterion eraill nad ydynt wedi'u hystyried eto."
    ),
    "deadline": datetime.date(2022, 9, 27),
}
LAC_ASKED_AT = _at(2022, 9, 22, 14, 0)
# Answered before the deadline: two local bodies and Estyn; the rest had not answered by 23 September.
LAC_ANSWERS = [
    (
        "adew@example.org",
        _at(2022, 9, 22, 16, 0),
        "cy",
        "Mae'r papur yn glir. Byddai enghraifft o blentyn sy'n symud rhwng dwy sir yng nghanol tymor yn help.",
    ),
    (
        "estyn@example.org",
        _at(2022, 9, 22, 17, 30),
        "en",
        "The scenarios match what we see in inspections. Please add one for a child in a residential school.",
    ),
    (
        "gwynedd@example.org",
        _at(2022, 9, 23, 9, 15),
        "cy",
        "Cytunwn. Mae angen eglurhad ar bwy sy'n talu am asesiadau pan fo'r plentyn wedi symud.",
    ),
]

CURRENT_REQUEST = {
    "title_en": "Draft guidance on ALN transition between schools",
    "title_cy": "Canllawiau drafft ar bontio ADY rhwng ysgolion",
    "question_en": "Does the draft guidance cover the transitions your organisation deals with? What is missing?",
    "question_cy": (
        "A yw'r canllawiau drafft yn ymdrin â'r pontio y mae eich sefydliad yn delio ag ef? Beth sydd ar goll?"
    ),
}
CURRENT_ANSWER = ("snap@example.org", "en", "Mostly. Transitions into further education need a section of their own.")


def _seat_organisations(group: Group):
    """The organisations the group's participating members sit for."""
    return {
        seat.organisation
        for seat in Membership.objects.current()
        .filter(group=group, role__in=PARTICIPANT_ROLES)
        .select_related("organisation")
        if seat.organisation_id
    }


def _lac_request(group, people) -> None:
    if FeedbackRequest.objects.filter(group=group, title_en=LAC_REQUEST["title_en"]).exists():
        return
    paper = Paper.objects.filter(item__meeting__group=group, title_en=LAC_PAPER["title_en"]).first()
    with as_on(LAC_ASKED_AT):
        request = services.create_feedback_request(
            group,
            organisations=sorted(_seat_organisations(group), key=lambda organisation: organisation.pk),
            by=people[SECRETARIAT],
            paper=paper,
            answer_per=AnswerPer.ORGANISATION,
            **LAC_REQUEST,
        )
    for email, moment, language, text in LAC_ANSWERS:
        with as_on(moment):
            services.answer_feedback(request, by=people[email], text=text, text_language=language)


def _todays_work(group, people) -> None:
    """A request closing in four days, and two actions due this week."""
    today = timezone.localdate()
    if not FeedbackRequest.objects.filter(group=group, deadline__gte=today).exists():
        request = services.create_feedback_request(
            group,
            organisations=[],
            by=people[SECRETARIAT],
            answer_per=AnswerPer.ORGANISATION,
            deadline=today + datetime.timedelta(days=4),
            **CURRENT_REQUEST,
        )
        email, language, text = CURRENT_ANSWER
        services.answer_feedback(request, by=people[email], text=text, text_language=language)
    due_soon = Action.objects.filter(
        group=group, status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS], due_date__gte=today
    )
    if due_soon.exists():
        return
    meeting_1 = Meeting.objects.get(group=group, number=1)
    # The secretariat agreed new dates with their owners: one this week for the chair, one for the
    # Welsh Government's officials. The approved minutes keep the dates agreed in 2022, and each
    # action's page says that it has changed since (the seed's LAC action keeps its date).
    open_overdue = Action.objects.filter(item__meeting=meeting_1, status=ActionStatus.OPEN, due_date__lt=today).exclude(
        text_en__contains="LAC"
    )
    for days, owned in ((2, {"owner_person": people[CHAIR]}), (5, {"owner_person": None})):
        action = open_overdue.filter(**owned).order_by("pk").first()
        if action is not None:
            services.edit_action(
                action,
                text_en=action.text_en,
                text_cy=action.text_cy,
                owner_person=action.owner_person,
                owner_organisation=action.owner_organisation,
                due_date=today + datetime.timedelta(days=days),
            )


@transaction.atomic
def load() -> dict[str, int]:
    group = Group.objects.get(slug=SG_SLUG)
    people = {person.email: person for person in Person.objects.filter(email__endswith="@example.org")}
    since = Notice.objects.aggregate(last=Max("pk"))["last"] or 0
    _lac_request(group, people)
    history_told(since)  # asked and answered in 2022
    _todays_work(group, people)
    return {
        "feedback requests": FeedbackRequest.objects.filter(group=group).count(),
        "answers": sum(request.responses.count() for request in FeedbackRequest.objects.filter(group=group)),
    }
