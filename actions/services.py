"""Every change to actions goes through here."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import services as meeting_services
from meetings.models import AgendaItem
from meetings.visibility import visible_to
from steering.errors import DomainError
from steering.models import NoticeKind, Person
from steering.notices import notify
from workstreams.enums import PARTICIPANT_ROLES
from workstreams.models import Membership

from . import selectors
from .enums import ActionStatus
from .models import Action, ActionUpdate, FeedbackRequest, FeedbackResponse


@transaction.atomic
def record_action(
    item: AgendaItem,
    *,
    text_en: str,
    text_cy: str,
    owner_person: Person | None,
    owner_organisation,
    due_date: datetime.date | None,
    by: Person,
    tell: bool = True,
) -> Action:
    """An action arising from an item of the minutes: it is in the group's action log at once.
    Its owners are told, unless ``tell`` is false (an action of minutes imported from the past)."""
    if owner_person is None and owner_organisation is None:
        raise DomainError(_("Choose who owns the action: a person, an organisation or both"), field="owner_person")
    meeting_services.log_action_change(item, added=True, by=by)
    action = Action.objects.create(
        group_id=item.meeting.group_id,
        item=item,
        text_en=text_en,
        text_cy=text_cy,
        owner_person=owner_person,
        owner_organisation=owner_organisation,
        due_date=due_date,
        created_by=by,
    )
    if tell:
        tell_owners(action, by=by)
    return action


def owners_of(action: Action) -> list[Person]:
    """Who an action is given to: its person, and the people who take part for its organisation."""
    people = {action.owner_person_id: action.owner_person} if action.owner_person_id else {}
    if action.owner_organisation_id:
        for seat in (
            Membership.objects.current()
            .filter(group_id=action.group_id, organisation_id=action.owner_organisation_id, role__in=PARTICIPANT_ROLES)
            .select_related("person")
        ):
            people[seat.person_id] = seat.person
    return list(people.values())


def tell_owners(action: Action, *, by: Person | None) -> int:
    """Tells the action's owners that it is theirs, or that its due date changed: once for each
    owner and due date, and only those who may see it (reserved business stays reserved)."""
    told = 0
    state = f"{action.owner_person_id or '-'}:{action.owner_organisation_id or '-'}:{action.due_date or '-'}"
    for person in owners_of(action):
        if by is not None and person.pk == by.pk:
            continue  # the person who wrote it down knows
        approved = visible_to(person, Action.objects.filter(pk=action.pk)).values_list("approved", flat=True)
        if not approved:
            continue  # not theirs to see
        notice = notify(
            person,
            NoticeKind.ACTION_ASSIGNED,
            f"action:{action.pk}:{state}",
            template="action_assigned",
            context={"action": action, "group": action.group, "draft": bool(action.item_id) and not approved[0]},
            url=settings.SITE_URL + action.get_absolute_url(),
        )
        told += notice is not None
    return told


@transaction.atomic
def remove_action(action: Action, *, by: Person) -> None:
    """Only while the minutes it arose in are still being written."""
    if action.item is None:
        raise DomainError(_("Only actions recorded in minutes being written can be removed."))
    meeting_services.log_action_change(action.item, added=False, by=by)
    action.delete()


# The statuses each status may move to. Closing (done, dropped) records who and when.
STATUS_TRANSITIONS = {
    ActionStatus.OPEN: {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED},
    ActionStatus.IN_PROGRESS: {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED},
    ActionStatus.DONE: {ActionStatus.OPEN},
    ActionStatus.DROPPED: {ActionStatus.OPEN},
}
CLOSED_STATUSES = {ActionStatus.DONE, ActionStatus.DROPPED}


@transaction.atomic
def update_action(
    action: Action,
    *,
    status: str,
    note: str,
    by: Person,
    note_language: str = "en",
    at_meeting=None,
    seen_status: str | None = None,
) -> ActionUpdate:
    """Records progress: a note, a new status, or both. ``seen_status`` guards against a race."""
    old = action.status
    if status != old and status not in STATUS_TRANSITIONS[old]:
        raise DomainError(
            _("An action that is ‘%(old)s’ cannot become ‘%(new)s’.")
            % {"old": ActionStatus(old).label, "new": ActionStatus(status).label},
            field="status",
        )
    if status == old and not note.strip():
        raise DomainError(_("Write a note or choose a new status"), field="note")
    fields = {"status": status}
    if status in CLOSED_STATUSES and old not in CLOSED_STATUSES:
        fields.update(closed_by=by, closed_at=timezone.now(), closed_at_meeting=at_meeting)
    elif status not in CLOSED_STATUSES and old in CLOSED_STATUSES:
        fields.update(closed_by=None, closed_at=None, closed_at_meeting=None)
    updated = Action.objects.filter(pk=action.pk, status=seen_status or old).update(**fields)
    if not updated:
        action.refresh_from_db()
        raise DomainError(
            _("Someone changed this action a moment ago: it is now ‘%(status)s’. Look again before updating it.")
            % {"status": action.get_status_display()},
            field="status",
        )
    for name, value in fields.items():
        setattr(action, name, value)
    return ActionUpdate.objects.create(
        action=action,
        author=by,
        note=note.strip(),
        note_language=note_language,
        old_status=old,
        new_status=status,
        at_meeting=at_meeting,
    )


def edit_action(action: Action, **fields) -> Action:
    """The secretariat's correction of an action's wording, owner or due date."""
    if not fields.get("owner_person") and not fields.get("owner_organisation"):
        raise DomainError(_("Choose who owns the action: a person, an organisation or both"), field="owner_person")
    for name, value in fields.items():
        setattr(action, name, value)
    action.save(update_fields=list(fields))
    tell_owners(action, by=None)  # a new owner or due date is told; the same again is not
    return action


@transaction.atomic
def create_feedback_request(group, *, organisations, by: Person, **fields) -> FeedbackRequest:
    """Opens the request and sends it to everyone it asks: its title and question in both languages."""
    missing = [
        (name, where)
        for name, where in (("title", _("title")), ("question", _("question")))
        if fields.get(f"{name}_en", "").strip() and not fields.get(f"{name}_cy", "").strip()
    ]
    if missing:
        raise DomainError(
            _("The request cannot be sent while Welsh is missing, at: %(where)s.")
            % {"where": ", ".join(where for _name, where in missing)},
            field=f"{missing[0][0]}_cy",
        )
    if fields["deadline"] < timezone.localdate():
        raise DomainError(_("The deadline must be today or later"), field="deadline")
    request = FeedbackRequest.objects.create(group=group, created_by=by, **fields)
    request.organisations.set(organisations)
    for seat in selectors.audience(request):
        _ask(request, seat.person, f"feedback:{request.pk}:opened", "feedback_opened", NoticeKind.FEEDBACK_OPENED)
    return request


def _ask(request: FeedbackRequest, person: Person, key: str, template: str, kind: str):
    return notify(
        person,
        kind,
        key,
        template=template,
        context={"feedback": request, "group": request.group},
        url=settings.SITE_URL + request.get_absolute_url(),
    )


def chase_feedback(request: FeedbackRequest, *, by: Person) -> int:
    """Reminds everyone asked who has not answered (for an organisation, each of its people);
    once a day at most. Returns how many were reminded."""
    if timezone.localdate() > request.deadline:
        raise DomainError(_("The deadline has passed: there is nobody left to remind."))
    answered = set(request.responses.values_list("respondent", flat=True))
    day = timezone.localdate().isoformat()
    chased = 0
    for seat in selectors.audience(request):
        if selectors.respondent_key(request, seat.person, seat.organisation) in answered:
            continue
        chased += (
            _ask(
                request, seat.person, f"feedback:{request.pk}:chase:{day}", "feedback_chase", NoticeKind.FEEDBACK_CHASE
            )
            is not None
        )
    return chased


@transaction.atomic
def answer_feedback(
    request: FeedbackRequest, *, by: Person, text: str, text_language: str, file=None, seen: str = ""
) -> FeedbackResponse:
    """One answer per respondent; it may change until the deadline; a first answer after it is marked late."""
    seat = selectors.answering_seat(request, by)
    if seat is None:
        raise DomainError(_("This request is not addressed to you or your organisation."))
    key = selectors.respondent_key(request, by, seat.organisation)
    late = timezone.localdate() > request.deadline
    existing = FeedbackResponse.objects.select_for_update().filter(request=request, respondent=key).first()
    if existing is not None:
        if late:
            raise DomainError(
                _("The deadline has passed, so the answer already given cannot be changed. Ask the secretariat."),
                field="text",
            )
        if seen != existing.updated_at.isoformat():
            raise DomainError(
                _(
                    "%(name)s changed your organisation's answer while you were writing yours. "
                    "Their answer is shown above the box: copy what you need into yours and send it again."
                )
                % {"name": existing.author.full_name},
                field="text",
            )
        existing.text, existing.text_language, existing.author = text, text_language, by
        fields = ["text", "text_language", "author", "updated_at"]
        if file:
            existing.file, existing.filename = file, file.name
            fields += ["file", "filename"]
        existing.save(update_fields=fields)
        return existing
    try:
        with transaction.atomic():
            return FeedbackResponse.objects.create(
                request=request,
                respondent=key,
                organisation=seat.organisation if key.startswith("organisation") else None,
                author=by,
                text=text,
                text_language=text_language,
                file=file or "",
                filename=file.name if file else "",
                is_late=late,
            )
    except IntegrityError:
        raise DomainError(
            _("Someone from your organisation answered a moment ago. Reload the page to see their answer."),
            field="text",
        ) from None


def rekey_answers(sender, *, duplicate_id: int, kept_id: int, **kwargs) -> None:
    """Two organisations merged: their feedback answers are the kept one's. Where both had
    answered the same request, the duplicate's answer keeps its own key, so neither is lost."""
    for answer in FeedbackResponse.objects.filter(respondent=f"organisation:{duplicate_id}"):
        kept_key = f"organisation:{kept_id}"
        if not FeedbackResponse.objects.filter(request_id=answer.request_id, respondent=kept_key).exists():
            FeedbackResponse.objects.filter(pk=answer.pk).update(respondent=kept_key)
