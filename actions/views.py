import uuid
from types import SimpleNamespace

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from meetings.permissions import item_of, meeting_for_user
from meetings.record import changed_since_minutes
from meetings.selectors import item_number
from meetings.visibility import visible_to
from steering import exports
from steering.addresses import addresses
from steering.bilingual import active_language, localised
from steering.errors import DomainError
from steering.files import content_type_for
from steering.models import Person
from steering.templatetags.bilingual import localised as localised_html
from workstreams.permissions import group_for_user

from . import calendar, selectors, services
from .enums import OPEN_STATUSES, ActionStatus
from .filters import ActionFilter
from .forms import ActionEditForm, ActionForm, ActionUpdateForm, FeedbackAnswerForm, FeedbackRequestForm
from .models import Action, FeedbackRequest, FeedbackResponse, owner_name


def _editor(meeting, item) -> str:
    return f"{reverse('meetings:minutes_edit', args=[meeting.pk])}#item-{item.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Records an action on one item. The editor opens its one action form on the item; without
    JavaScript its link leads here, to the item's own page, which a refused form comes back to."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    item = item_of(meeting, item_id)
    form = ActionForm(request.POST if request.method == "POST" else None, group=meeting.group, prefix="action")
    if request.method == "POST" and form.is_valid():
        try:
            services.record_action(item, by=request.user, **form.cleaned_data)
        except DomainError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect(meeting)
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The action is recorded on item %(number)s.") % {"number": item_number(item)})
            return redirect(_editor(meeting, item))
    actions = item.actions.select_related("owner_person", "owner_organisation").order_by("created_at", "pk")
    return render(
        request,
        "actions/record_action.html",
        {"meeting": meeting, "item": item, "number": item_number(item), "form": form, "actions": actions},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def action_remove(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    action = get_object_or_404(Action.objects.select_related("item"), pk=action_id, item__meeting=meeting)
    try:
        services.remove_action(action, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(meeting)
    messages.success(request, _("The action is removed."))
    return redirect(_editor(meeting, action.item))


# The action log -----------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    ("number", gettext_lazy("Number")),
    ("text_en", gettext_lazy("Action in English")),
    ("text_cy", gettext_lazy("Action in Welsh")),
    ("owner", gettext_lazy("Owner")),
    ("due_date", gettext_lazy("Due date")),
    ("status", gettext_lazy("Status")),
    ("meeting", gettext_lazy("Meeting")),
    ("minutes", gettext_lazy("Minutes")),
]


def _export_rows(actions):
    for action in actions:
        meeting = action.item.meeting if action.item_id else None
        yield [
            action.pk,
            action.text_en,
            action.text_cy,
            action.owner_display,
            action.due_date,
            action.get_status_display(),
            timezone.localtime(meeting.starts_at).date() if meeting else None,
            (_("Approved") if action.approved else _("Draft minutes")) if meeting else None,
        ]


LOG_PAGE_SIZE = 50

# A number no row has, where a row's own goes in a URL reversed once for the whole page.


def _day(days: dict, value) -> str:
    """A date as the pages write it (``date:"j F Y"``), each day worked out once a page; "" for none."""
    if value is None:
        return ""
    if value not in days:
        days[value] = date_format(value, "j F Y")
    return days[value]


def _log_page(queryset, number):
    """The page of the log asked for, as Django's paginator gives it (page 1 for a number that is
    none, the last page for one out of range), its rows read with the count of them all."""
    paginator = Paginator(queryset, LOG_PAGE_SIZE)
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    # A number no log could reach goes the way of any out of range (an offset that large is more
    # than the database takes).
    if 1 <= wanted <= 1_000_000:
        bottom = (wanted - 1) * LOG_PAGE_SIZE
        rows, count = selectors.log_page(queryset, bottom, bottom + LOG_PAGE_SIZE)
        if rows or wanted == 1:
            paginator.count = count  # what Paginator would have asked the database for
            page = paginator.page(wanted)
            page.object_list = rows
            return page
    page = paginator.get_page(number)  # out of range: counted, and the last page read
    bottom = (page.number - 1) * LOG_PAGE_SIZE
    page.object_list, _count = selectors.log_page(queryset, bottom, bottom + LOG_PAGE_SIZE)
    return page


def _status_names() -> dict[str, str]:
    """Each status's name in the page's language (what ``get_status_display`` gives, looked up once)."""
    return {value: str(label) for value, label in ActionStatus.choices}


def _log_rows(values, group) -> list[SimpleNamespace]:
    """The page's actions (``selectors.log_page``'s values), each with what its row shows worked out
    once: its link and text, the name of its group if not ``group``, whether it is from draft
    minutes, its owner (as ``Action.owner_display`` names it), its due date, whether it is overdue,
    its status's name, and its meeting's link and date (its local day)."""
    action_url = addresses("actions:action")
    meeting_url = addresses("meetings:meeting")
    statuses = _status_names()
    language = active_language()
    today = timezone.localdate()
    days, meetings, organisations = {}, {}, {}
    rows = []
    for row in values:
        action = SimpleNamespace(**row)
        rows.append(action)
        action.url = action_url(action.pk)
        action.text_html = localised_html(action, "text", language)
        action.other_group = (
            localised_html(
                SimpleNamespace(name_en=action.group_name_en, name_cy=action.group_name_cy), "name", language
            )
            if action.group_id != group.pk
            else None
        )
        action.draft = bool(action.item_id) and not action.approved
        organisation = None
        if action.owner_organisation_id:
            if action.owner_organisation_id not in organisations:
                names = SimpleNamespace(
                    name_en=action.owner_organisation_name_en, name_cy=action.owner_organisation_name_cy
                )
                organisations[action.owner_organisation_id] = str(localised(names, "name"))
            organisation = organisations[action.owner_organisation_id]
        action.owner = owner_name(action.owner_person_name if action.owner_person_id else None, organisation)
        action.due = _day(days, action.due_date) or "–"
        action.overdue = action.status in OPEN_STATUSES and action.due_date is not None and action.due_date < today
        action.status_label = statuses.get(action.status, action.status)
        if action.item_id:
            if action.meeting_id not in meetings:
                starts = timezone.localtime(action.meeting_starts_at)
                meetings[action.meeting_id] = (meeting_url(action.meeting_id), _day(days, starts))
            action.meeting_url, action.meeting_day = meetings[action.meeting_id]
    return rows


@login_required
def action_log(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug)
    log = selectors.action_log(group, request.user)
    actions = ActionFilter(request.GET, queryset=log, group=group)
    if actions.is_valid() and actions.form.cleaned_data.get("groups_under"):
        log = selectors.action_log(group, request.user, with_groups_under=True)
        actions = ActionFilter(request.GET, queryset=log, group=group)
    queryset = actions.qs if actions.is_valid() else log.none()
    if not actions.form.data.get("sort"):
        queryset = queryset.order_by(F("due_date").asc(nulls_last=True), "pk")
    else:  # actions alike in what is sorted on keep one order, page after page
        queryset = queryset.order_by(*queryset.query.order_by, "pk")
    export = request.GET.get("export")
    if export in exports.FORMATS:
        headers = [label for _name, label in EXPORT_COLUMNS]
        return exports.export(
            headers, _export_rows(queryset), fmt=export, filename=f"actions-{group.slug}", sheet_title=_("Actions")
        )
    page = _log_page(queryset, request.GET.get("page"))
    page.object_list = _log_rows(page.object_list, group)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "actions/action_log.html",
        {
            "group": group,
            "filter": actions,
            "page": page,
            "query": query.urlencode(),
            "page_error": bool(actions.form.errors),
        },
    )


def _get_action_for_user(request: HttpRequest, pk: int, *, perm: str = "actions.view_action") -> Action:
    action = get_object_or_404(
        Action.objects.select_related("group", "owner_person", "owner_organisation", "item__meeting"), pk=pk
    )
    if not rules.has_perm("actions.view_action", request.user, action):
        raise Http404
    if not visible_to(request.user, Action.objects.filter(pk=action.pk)).exists():
        raise Http404  # reserved business, or minutes in draft, that this person may not see
    if not rules.has_perm(perm, request.user, action):
        raise PermissionDenied
    return action


@login_required
@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _get_action_for_user(request, action_id)
    can_update = rules.has_perm("actions.update_action", request.user, action)
    form = ActionUpdateForm(request.POST if request.method == "POST" else None, action=action)
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_action(
                    action,
                    status=data["status"],
                    note=data["note"],
                    note_language=data["note_language"],
                    seen_status=data["seen_status"],
                    by=request.user,
                )
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("Your update is saved."))
                return redirect(action)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "agreed": changed_since_minutes(action),
            "group": action.group,
            "updates": action.updates.select_related("author"),
            "form": form if can_update else None,
            "can_edit": rules.has_perm("actions.edit_action", request.user, action),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _get_action_for_user(request, action_id, perm="actions.edit_action")
    initial = {
        "text_en": action.text_en,
        "text_cy": action.text_cy,
        "owner_person": action.owner_person_id and str(action.owner_person_id),
        "owner_organisation": action.owner_organisation_id and str(action.owner_organisation_id),
        "due_date": action.due_date,
    }
    form = ActionEditForm(request.POST if request.method == "POST" else None, group=action.group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_action(action, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The action is saved."))
            return redirect(action)
    return render(request, "actions/action_edit.html", {"action": action, "form": form})


# What "My work" shows of an action: its text, group, due date and status.
MY_WORK_COLUMNS = (
    "group_id",
    "item_id",
    "text_en",
    "text_cy",
    "due_date",
    "status",
    "group__name_en",
    "group__name_cy",
)


def _my_work_rows(actions, today) -> list[Action]:
    """The person's actions, each with what its row shows worked out once: its link, its due date,
    whether it is overdue and its status's name."""
    action_url = addresses("actions:action")
    statuses = _status_names()
    days = {}
    rows = list(actions)
    for action in rows:
        action.url = action_url(action.pk)
        action.due = _day(days, action.due_date)
        action.overdue = action.due_date is not None and action.due_date < today
        action.status_label = statuses.get(action.status, action.status)
    return rows


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    seats = list(selectors.seats(request.user, today).select_related("organisation"))  # read once for both lists
    actions = selectors.actions_for_person(request.user, today, memberships=seats).only(*MY_WORK_COLUMNS)[:500]
    actions = _my_work_rows(actions, today)
    return render(
        request,
        "actions/my_work.html",
        {
            "open_actions": [a for a in actions if a.is_open],
            "closed_actions": [a for a in actions if not a.is_open][:50],
            "feedback": selectors.feedback_waiting(request.user, today, memberships=seats),
            "today": today,
            "calendar_url": request.build_absolute_uri(
                reverse("actions:calendar", kwargs={"token": request.user.calendar_token})
            ),
        },
    )


# Feedback requests -----------------------------------------------------------------------------


@login_required
def feedback_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug)
    return render(
        request,
        "actions/feedback_list.html",
        {
            "group": group,
            "requests": group.feedback_requests.annotate(answers=Count("responses")),
            "can_manage": rules.has_perm("workstreams.manage_group", request.user, group),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    form = FeedbackRequestForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.create_feedback_request(group, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request, _("The feedback request is sent by email to everyone it asks, with its question and deadline.")
            )
            return redirect("actions:feedback", request_id=feedback.pk)
    return render(request, "actions/feedback_form.html", {"group": group, "form": form})


def _get_feedback_for_user(request: HttpRequest, pk: int) -> FeedbackRequest:
    feedback = get_object_or_404(FeedbackRequest.objects.select_related("group", "paper__item__meeting"), pk=pk)
    if not rules.has_perm("actions.view_feedback", request.user, feedback):
        raise Http404
    return feedback


@login_required
@require_http_methods(["GET", "POST"])
def feedback_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    feedback = _get_feedback_for_user(request, request_id)
    user = request.user
    can_manage = rules.has_perm("actions.manage_feedback", user, feedback)
    seat = selectors.answering_seat(feedback, user)
    mine = (
        feedback.responses.filter(respondent=selectors.respondent_key(feedback, user, seat.organisation)).first()
        if seat
        else None
    )
    form = None
    # After the deadline an answer already given stands as it is; a first answer is still taken, late.
    closed_for_me = mine is not None and timezone.localdate() > feedback.deadline
    if seat is not None and not closed_for_me:
        initial = (
            {"text": mine.text, "text_language": mine.text_language, "seen": mine.updated_at.isoformat()}
            if mine
            else None
        )
        form = FeedbackAnswerForm(
            request.POST if request.method == "POST" else None, request.FILES or None, initial=initial
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.answer_feedback(feedback, by=user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                late = timezone.localdate() > feedback.deadline
                messages.success(
                    request,
                    _("Your answer is saved. It arrived after the deadline, so it is marked late.")
                    if late
                    else _("Your answer is saved. You can change it until the deadline."),
                )
                return redirect("actions:feedback", request_id=feedback.pk)
    return render(
        request,
        "actions/feedback_detail.html",
        {
            "feedback": feedback,
            "group": feedback.group,
            "form": form,
            "mine": mine,
            "seat": seat,
            "can_manage": can_manage,
            "responses": feedback.responses.select_related("author", "organisation") if can_manage else [],
            "not_answered": sorted(selectors.not_answered(feedback), key=lambda who: str(who).lower())
            if can_manage
            else [],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def feedback_chase(request: HttpRequest, request_id: int) -> HttpResponse:
    feedback = _get_feedback_for_user(request, request_id)
    if not rules.has_perm("actions.manage_feedback", request.user, feedback):
        raise PermissionDenied
    try:
        chased = services.chase_feedback(feedback, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if chased:
            messages.success(
                request,
                ngettext(
                    "%(count)s person who has not answered is reminded.",
                    "%(count)s people who have not answered are reminded.",
                    chased,
                )
                % {"count": chased},
            )
        else:
            messages.info(request, _("Nobody to remind: everyone has answered, or was reminded today."))
    return redirect("actions:feedback", request_id=feedback.pk)


FEEDBACK_COLUMNS = [
    gettext_lazy("Respondent"),
    gettext_lazy("Written by"),
    gettext_lazy("Language"),
    gettext_lazy("Answer"),
    gettext_lazy("Late"),
    gettext_lazy("Sent"),
    gettext_lazy("File"),
]


def _answer_row(answer: FeedbackResponse) -> list:
    return [
        str(answer.organisation) if answer.organisation else answer.author.full_name,
        answer.author.full_name,
        "Cymraeg" if answer.text_language == "cy" else "English",
        answer.text,
        _("Yes") if answer.is_late else _("No"),
        timezone.localtime(answer.updated_at).strftime("%Y-%m-%d %H:%M"),
        answer.filename,
    ]


@login_required
def feedback_export(request: HttpRequest, request_id: int, fmt: str = "csv") -> HttpResponse:
    """The answers as CSV (one row per answer), or as XLSX: one row per organisation asked (per
    person when the request is answered per person), those still to answer included, the question
    beside each, so the secretariat works through one table."""
    feedback = _get_feedback_for_user(request, request_id)
    if not rules.has_perm("actions.manage_feedback", request.user, feedback):
        raise PermissionDenied
    headers = list(FEEDBACK_COLUMNS)
    rows = [_answer_row(answer) for answer in feedback.responses.select_related("author", "organisation")]
    if fmt == "xlsx":
        missing = [[str(who), None, None, None, None, None, None] for who in selectors.not_answered(feedback)]
        question = str(localised(feedback, "question"))  # "[English only]" when its Welsh is missing
        headers = [_("Question asked"), *headers]
        rows = [[question, *row] for row in sorted(rows + missing, key=lambda row: row[0].lower())]
    return exports.export(headers, rows, fmt=fmt, filename=f"feedback-{feedback.pk}", sheet_title=_("Feedback answers"))


@login_required
def feedback_file(request: HttpRequest, request_id: int, response_id: int) -> FileResponse:
    feedback = _get_feedback_for_user(request, request_id)
    answer = get_object_or_404(FeedbackResponse, pk=response_id, request=feedback)
    seat = selectors.answering_seat(feedback, request.user)
    own = seat is not None and answer.respondent == selectors.respondent_key(feedback, request.user, seat.organisation)
    if not (own or rules.has_perm("actions.manage_feedback", request.user, feedback)):
        raise PermissionDenied
    if not answer.file:
        raise Http404
    response = FileResponse(
        answer.file.open("rb"),
        as_attachment=True,
        filename=answer.filename or "answer",
        content_type=content_type_for(answer.file.name),
    )
    response["Cache-Control"] = "private, no-store"
    return response


# The calendar feed ----------------------------------------------------------------------------


def calendar_feed(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """The person's meetings and deadlines (RFC 5545). The secret address is the only key."""
    person = Person.objects.filter(calendar_token=token, is_active=True).first()
    if person is None:
        raise Http404
    response = HttpResponse(calendar.feed_for(person), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    calendar.reset_token(request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    return redirect("actions:my_work")


@login_required
@require_POST
def action_close_at_meeting(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    """The group closed this action at the meeting ("the SG discussed updates on actions")."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    action = get_object_or_404(Action, pk=action_id, group_id=meeting.group_id)
    try:
        services.update_action(
            action, status=ActionStatus.DONE, note="", by=request.user, at_meeting=meeting, seen_status=action.status
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The action is recorded as done at meeting %(number)s.") % {"number": meeting.number}
        )
    return redirect(f"{meeting.get_absolute_url()}#agenda")
