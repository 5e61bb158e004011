import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from steering import exports
from steering.addresses import addresses
from steering.bilingual import localised
from steering.errors import DomainError
from steering.files import content_type_for
from steering.text import multiline
from workstreams.enums import PARTICIPANT_ROLES
from workstreams.models import Group, Membership
from workstreams.permissions import group_for_user

from . import circulation as circulation_module
from . import invitations, memory, selectors, services
from . import translation as translation_module
from .document import ONE_LANGUAGE, Audience, for_version
from .editor import editor_context
from .enums import (
    AGENDA_OPEN_STATUSES,
    EDITABLE_MINUTES_STATUSES,
    MINUTES_OPEN_STATUSES,
    UPCOMING_STATUSES,
    ItemKind,
    MinutesStatus,
)
from .filters import DecisionFilter
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    CommentForm,
    CorrectionForm,
    DecisionForm,
    DeclineForm,
    GuestForm,
    ItemMinutesForm,
    MeetingCallOffForm,
    MeetingForm,
    PaperForm,
    PaperWelshForm,
    PlannedItemForm,
    ReplyForm,
    TranslationImportForm,
)
from .models import Attendance, Circulation, Decision, Delivery, Meeting, Minutes, Paper, PlannedItem
from .permissions import can, item_of, meeting_for_user, public_group, published_to_everyone
from .visibility import APPROVED_STATUSES

MEETING_TRANSITIONS = {
    "issue-agenda": (services.issue_agenda, gettext_lazy("The agenda is issued. Its items are now fixed.")),
    "reopen-agenda": (services.reopen_agenda, gettext_lazy("The agenda is open for changes again.")),
}


def _fail(request: HttpRequest, error: DomainError, meeting: Meeting, anchor: str = "") -> HttpResponse:
    messages.error(request, error.message)
    return redirect(meeting.get_absolute_url() + anchor)


def _agenda_closed(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    messages.error(request, _("The agenda has been issued, so its items cannot change. Reopen the agenda first."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")


# Meetings ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    previous = group.meetings.order_by("-starts_at").first()
    form = MeetingForm(
        request.POST if request.method == "POST" else None, group=group, with_copy_choice=previous is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                group,
                copy_agenda_from=previous if form.cleaned_data.get("copy_agenda") else None,
                **form.meeting_fields(),
            )
        except DomainError as error:
            form.add_error("end_time" if error.field == "ends_at" else error.field, error.message)
        else:
            messages.success(request, _("Meeting %(number)s is scheduled.") % {"number": meeting.number})
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"group": group, "form": form, "previous": previous})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        group=meeting.group,
        initial=MeetingForm.initial_for(meeting),
    )
    if request.method == "POST" and form.is_valid():
        services.update_meeting(meeting, **form.meeting_fields())
        messages.success(request, _("The meeting's details are saved."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"group": meeting.group, "meeting": meeting, "form": form})


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    # The agenda with its papers: the page shows no item's minutes, decisions or actions.
    agenda = selectors.numbered_agenda(meeting)
    items = selectors.flat_agenda(agenda)
    kinds = {item.kind for item in items}
    previous, following = selectors.neighbours(meeting)
    # The meeting's versions of the minutes, newest first, and the minutes agreed at it, in one query
    # and without the text frozen in them.
    minutes_here = list(
        Minutes.objects.filter(Q(meeting=meeting) | Q(agreed_at_meeting=meeting))
        .select_related("meeting", "approved_by", "agreed_at_meeting")
        .defer("snapshot", "welsh_snapshot")
    )
    versions = [version for version in minutes_here if version.meeting_id == meeting.pk]
    minutes = versions[0] if versions else None  # selectors.current_minutes
    previous_minutes = selectors.current_minutes(previous) if previous and ItemKind.PREVIOUS_MINUTES in kinds else None
    user = request.user
    can_manage = can(user, "meetings.manage_meeting", meeting)
    open_actions = list(selectors.open_actions(meeting)) if ItemKind.PREVIOUS_MINUTES in kinds else []
    if can_manage:
        # The secretariat's links on each item, paper and open action: each view reversed once.
        edit, move, remove = (addresses(f"meetings:item_{view}", meeting.pk) for view in ("edit", "move", "remove"))
        add_paper = addresses("meetings:paper_add", meeting.pk)
        paper_welsh = addresses("meetings:paper_welsh", meeting.pk)
        remove_paper = addresses("meetings:paper_remove", meeting.pk)
        close = addresses("actions:close_at_meeting", meeting.pk)
        for item in items:
            item.edit_url, item.move_url, item.remove_url = edit(item.pk), move(item.pk), remove(item.pk)
            item.add_paper_url = add_paper(item.pk)
            # The hidden words of the item's links, translated here rather than in every link.
            number = {"number": item.number}
            item.this_item, item.to_this_item = _("item %(number)s") % number, _("to item %(number)s") % number
            for paper in item.papers.all():
                paper.welsh_url, paper.remove_url = paper_welsh(paper.pk), remove_paper(paper.pk)
        for action in open_actions:
            action.close_url = close(action.pk)
    upcoming = meeting.status in UPCOMING_STATUSES
    seat = _own_seat(user, meeting) if upcoming else None
    own_reply = meeting.replies.filter(membership=seat).first() if seat else None
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "agenda": agenda,
            "previous": previous,
            "following": following,
            "minutes": minutes,
            "versions": [version for version in versions if version.status in APPROVED_STATUSES],
            "agreed_here": [agreed for agreed in minutes_here if agreed.agreed_at_meeting_id == meeting.pk],
            "previous_minutes": previous_minutes,
            "open_actions": open_actions,
            "attendance": selectors.attendance_summary(meeting),
            "can_manage": can_manage,
            "can_see_confidential": can(user, "meetings.view_confidential", meeting),
            "can_review": can(user, "meetings.review_minutes", meeting),
            "agenda_open": meeting.status in AGENDA_OPEN_STATUSES,
            "attendance_open": services.attendance_open(meeting, minutes),
            "group_reports": selectors.group_reports(meeting) if ItemKind.GROUP_REPORTS in kinds else [],
            "upcoming": upcoming,
            "papers_due": services.papers_due(meeting) if upcoming else None,
            "own_reply": own_reply,
            "can_reply": seat is not None and upcoming and not meeting.date_passed_unrecorded,
            "outlook": selectors.reply_outlook(meeting) if upcoming else None,
            "minutes_open": meeting.status in MINUTES_OPEN_STATUSES
            and minutes is not None
            and minutes.status in EDITABLE_MINUTES_STATUSES,
        },
    )


@login_required
@require_POST
def meeting_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    if transition == "held":
        try:
            services.mark_held(meeting, by=request.user)
        except DomainError as error:
            return _fail(request, error, meeting)
        messages.success(request, _("The meeting is marked as held. You can now write the minutes."))
        return redirect("meetings:minutes_edit", pk=meeting.pk)
    if transition not in MEETING_TRANSITIONS:
        raise Http404
    change, done = MEETING_TRANSITIONS[transition]
    try:
        change(meeting)
    except DomainError as error:
        return _fail(request, error, meeting)
    messages.success(request, done)
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def issue_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The check before the agenda goes out: the Welsh it still needs, which stops it, and the
    papers that would go in English only, which do not."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    if meeting.status not in AGENDA_OPEN_STATUSES:
        messages.error(
            request,
            _("The agenda can be issued only while the meeting is planned: it is ‘%(status)s’.")
            % {"status": meeting.get_status_display()},
        )
        return redirect(meeting)
    error = None
    if request.method == "POST":
        try:
            services.issue_agenda(meeting)
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, MEETING_TRANSITIONS["issue-agenda"][1])
            return redirect(meeting)
    return render(
        request,
        "meetings/issue_agenda.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "missing": selectors.agenda_missing_welsh(meeting),
            "english_only": selectors.papers_without_welsh(meeting),
            "error": error,
        },
        status=400 if error else 200,
    )


# Agenda -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    if meeting.status not in AGENDA_OPEN_STATUSES:
        return _agenda_closed(request, meeting)
    parent_id = request.GET.get("parent") or request.POST.get("parent") or ""
    # Not str.isdigit(): "²" is a digit to it but no number to int(), nor are 5,000 nines. "0", like
    # no value, is no parent.
    parent = item_of(meeting, parent_id) if re.fullmatch(r"[1-9][0-9]{0,17}", parent_id) else None
    form = AgendaItemForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_item(meeting, parent=parent, **form.cleaned_data)
        except DomainError as error:
            return _fail(request, error, meeting)
        messages.success(request, _("The item ‘%(title)s’ is on the agenda.") % {"title": item})
        return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    return render(request, "meetings/item_form.html", {"meeting": meeting, "form": form, "parent": parent})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    if meeting.status not in AGENDA_OPEN_STATUSES:
        return _agenda_closed(request, meeting)
    item = item_of(meeting, item_id)
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None, meeting=meeting, initial=AgendaItemForm.initial_for(item)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(item, **form.cleaned_data)
        except DomainError as error:
            return _fail(request, error, meeting)
        messages.success(request, _("The item ‘%(title)s’ is saved.") % {"title": item})
        return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    return render(request, "meetings/item_form.html", {"meeting": meeting, "form": form, "item": item})


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    item = item_of(meeting, item_id)
    try:
        services.move_item(item, up=request.POST.get("direction") == "up")
    except DomainError as error:
        return _fail(request, error, meeting)
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def item_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    if meeting.status not in AGENDA_OPEN_STATUSES:
        return _agenda_closed(request, meeting)
    item = item_of(meeting, item_id)
    if request.method == "POST":
        try:
            services.remove_item(item)
        except DomainError as error:
            return _fail(request, error, meeting)
        messages.success(request, _("The item ‘%(title)s’ is removed from the agenda.") % {"title": item})
        return redirect(f"{meeting.get_absolute_url()}#agenda")
    return render(
        request,
        "meetings/confirm.html",
        {
            "meeting": meeting,
            "heading": _("Remove ‘%(title)s’ from the agenda?") % {"title": item},
            "body": _("Its sub-items and papers are removed with it."),
            "button": _("Remove item"),
        },
    )


# Papers -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def paper_add(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    item = item_of(meeting, item_id)
    form = PaperForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_paper(
            item,
            by=request.user,
            title_en=data["title_en"],
            title_cy=data["title_cy"],
            file_en=data["file_en"],
            file_cy=data["file_cy"],
            filename_en=data["file_en"].name if data["file_en"] else "",
            filename_cy=data["file_cy"].name if data["file_cy"] else "",
            confidential=data["confidential"],
        )
        messages.success(request, _("The paper is attached to item ‘%(title)s’.") % {"title": item})
        return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    return render(request, "meetings/paper_form.html", {"meeting": meeting, "item": item, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def paper_welsh(request: HttpRequest, pk: int, paper_id: int) -> HttpResponse:
    """The Welsh of a paper that came in English first: its title, and its Welsh version."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    paper = get_object_or_404(Paper.objects.select_related("item"), pk=paper_id, item__meeting=meeting)
    form = PaperWelshForm(request.POST if request.method == "POST" else None, request.FILES or None, paper=paper)
    if request.method == "POST" and form.is_valid():
        services.add_paper_welsh(paper, title_cy=form.cleaned_data["title_cy"], file_cy=form.cleaned_data["file_cy"])
        messages.success(request, _("The Welsh of the paper ‘%(title)s’ is saved.") % {"title": paper})
        return redirect(f"{meeting.get_absolute_url()}#item-{paper.item_id}")
    return render(request, "meetings/paper_welsh_form.html", {"meeting": meeting, "paper": paper, "form": form})


@login_required
def paper_download(request: HttpRequest, pk: int, paper_id: int, language: str) -> FileResponse:
    meeting = meeting_for_user(request.user, pk)
    paper = get_object_or_404(Paper, pk=paper_id, item__meeting=meeting)
    if language not in ("en", "cy"):
        raise Http404
    if (paper.confidential or paper.item.is_reserved) and not can(request.user, "meetings.view_confidential", meeting):
        raise PermissionDenied
    stored = getattr(paper, f"file_{language}")
    if not stored:
        raise Http404
    filename = getattr(paper, f"filename_{language}") or stored.name.rsplit("/", 1)[-1]
    # The type follows the stored name, whose extension the upload's check chose: never a page or an image.
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type_for(stored.name)
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def paper_remove(request: HttpRequest, pk: int, paper_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    paper = get_object_or_404(Paper, pk=paper_id, item__meeting=meeting)
    if request.method == "POST":
        services.remove_paper(paper)
        messages.success(request, _("The paper ‘%(title)s’ is removed.") % {"title": paper})
        return redirect(f"{meeting.get_absolute_url()}#item-{paper.item_id}")
    return render(
        request,
        "meetings/confirm.html",
        {
            "meeting": meeting,
            "heading": _("Remove the paper ‘%(title)s’?") % {"title": paper},
            "body": _("Both language versions of the file are deleted."),
            "button": _("Remove paper"),
        },
    )


# Attendance -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    try:
        services.check_attendance_open(meeting)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{meeting.get_absolute_url()}#attendance")
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, rows=selectors.members_for_attendance(meeting)
    )
    if request.method == "POST" and form.is_valid():
        services.record_attendance(meeting, form.rows(), by=request.user)
        messages.success(request, _("The attendance is saved."))
        return redirect(f"{meeting.get_absolute_url()}#attendance")
    guests = meeting.attendance.filter(membership=None).select_related("organisation", "deputising_for__person")
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "form": form, "guests": guests, "guest_form": GuestForm(meeting=meeting)},
    )


@login_required
@require_POST
def guest_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    form = GuestForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.add_guest(meeting, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(f"{meeting.get_absolute_url()}#attendance")
        messages.success(request, _("%(name)s is added to the attendance.") % {"name": form.cleaned_data["name"]})
        return redirect("meetings:attendance", pk=meeting.pk)
    guests = meeting.attendance.filter(membership=None).select_related("organisation", "deputising_for__person")
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "form": AttendanceForm(rows=selectors.members_for_attendance(meeting)),
            "guests": guests,
            "guest_form": form,
            "page_error": True,
        },
        status=400,
    )


@login_required
@require_POST
def guest_remove(request: HttpRequest, pk: int, attendance_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    row = get_object_or_404(Attendance, pk=attendance_id, meeting=meeting)
    try:
        services.remove_guest(row)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is removed from the attendance.") % {"name": row.display_name})
    return redirect("meetings:attendance", pk=meeting.pk)


# Writing the minutes ----------------------------------------------------------------------------


@login_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    try:
        minutes = services.editable_minutes(meeting)
    except DomainError as error:
        return _fail(request, error, meeting)
    return render(request, "meetings/minutes_edit.html", editor_context(meeting, minutes=minutes))


@login_required
@require_POST
def item_minutes_save(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Saves one item's text; answers JSON to the autosave script and a page to everyone else."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    item = item_of(meeting, item_id)
    wants_json = request.headers.get("Accept") == "application/json"
    form = ItemMinutesForm(request.POST, prefix=f"item-{item.pk}")
    if not form.is_valid():
        # What is wrong with the text, said as on every other form; nothing is saved, and the
        # text stays in the box (the autosave script's, or the page sent back) to put right.
        problems = [error for name in ("minutes_cy", "minutes_en") for error in form.errors.get(name, [])]
        unreadable = _("The text could not be read. Reload the page.")  # the hidden revision was tampered with
        if wants_json:
            return JsonResponse({"error": " ".join(problems) or unreadable}, status=400)
        if not problems:
            return _fail(request, DomainError(unreadable), meeting)
        context = editor_context(meeting, minutes_forms={item.pk: form})
        return render(request, "meetings/minutes_edit.html", {**context, "page_error": True}, status=400)
    try:
        saved = services.save_item_minutes(item, by=request.user, **form.cleaned_data)
    except services.EditConflict as conflict:
        theirs = conflict.item
        if wants_json:
            return JsonResponse(
                {
                    "conflict": conflict.message,
                    "minutes_en": theirs.minutes_en,
                    "minutes_cy": theirs.minutes_cy,
                    "revision": theirs.minutes_revision,
                },
                status=409,
            )
        conflict_form = ItemMinutesForm(
            {**request.POST.dict(), f"item-{item.pk}-revision": theirs.minutes_revision}, prefix=f"item-{item.pk}"
        )
        conflict_form.is_valid()
        context = editor_context(meeting, conflict=conflict, minutes_forms={item.pk: conflict_form})
        return render(request, "meetings/minutes_edit.html", {**context, "page_error": True}, status=409)
    except DomainError as error:
        if wants_json:
            return JsonResponse({"error": error.message}, status=409)
        return _fail(request, error, meeting)
    saved_at = timezone.localtime(saved.minutes_updated_at).strftime("%H:%M:%S")
    if wants_json:
        return JsonResponse({"revision": saved.minutes_revision, "saved_at": saved_at})
    messages.success(request, _("Item %(number)s is saved.") % {"number": selectors.item_number(item)})
    return redirect(f"{reverse('meetings:minutes_edit', args=[meeting.pk])}#item-{item.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def decision_add(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Records a decision on one item. The editor opens its one decision form on the item; without
    JavaScript its link leads here, to the item's own page, which a refused form comes back to."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    item = item_of(meeting, item_id)
    form = DecisionForm(request.POST if request.method == "POST" else None, prefix="decision")
    if request.method == "POST" and form.is_valid():
        try:
            services.add_decision(item, by=request.user, **form.cleaned_data)
        except DomainError as error:
            return _fail(request, error, meeting)
        messages.success(
            request, _("The decision is recorded on item %(number)s.") % {"number": selectors.item_number(item)}
        )
        return redirect(f"{reverse('meetings:minutes_edit', args=[meeting.pk])}#item-{item.pk}")
    return render(
        request,
        "meetings/record_decision.html",
        {"meeting": meeting, "item": item, "number": selectors.item_number(item), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def decision_remove(request: HttpRequest, pk: int, decision_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    decision = get_object_or_404(Decision.objects.select_related("item"), pk=decision_id, item__meeting=meeting)
    try:
        services.remove_decision(decision, by=request.user)
    except DomainError as error:
        return _fail(request, error, meeting)
    messages.success(request, _("The decision is removed."))
    return redirect(f"{reverse('meetings:minutes_edit', args=[meeting.pk])}#item-{decision.item_id}")


# The Welsh text ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def translation_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the Welsh of the minutes stands, the files for the translator, a returned file taken
    in, and the Welsh of a version approved in English completed."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    minutes = selectors.current_minutes(meeting)
    posted = request.method == "POST" and "complete" not in request.POST
    form = TranslationImportForm(request.POST if posted else None, request.FILES or None)
    changes, page_error = None, None
    if request.method == "POST" and "complete" in request.POST and minutes is not None:
        try:
            services.complete_welsh(minutes, by=request.user)
        except DomainError as error:
            page_error = error.message
        else:
            messages.success(
                request, _("The Welsh is completed on the approved version. The minutes can be published.")
            )
            return redirect("meetings:translation", pk=meeting.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            changes = services.import_translation(meeting, form.cleaned_data["file"], by=request.user)
        except DomainError as error:
            form.add_error("file", error.message)
    if minutes is not None and request.method == "POST":
        minutes.refresh_from_db()  # an import may have completed its Welsh
    parts = translation_module.segments(meeting)
    states = translation_module.item_states(parts)
    agenda = selectors.flat_agenda(selectors.numbered_agenda(meeting))
    missing = [segment.where for segment in parts if segment.missing]
    awaiting = minutes is not None and services.awaiting_welsh(minutes)
    return render(
        request,
        "meetings/translation.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "changes": changes,
            "page_error": page_error,
            "overall": translation_module.TranslationState(translation_module.state_of(parts)),
            "items": [
                (item, translation_module.TranslationState(states.get(item.pk, "english_only"))) for item in agenda
            ],
            "missing": missing,
            "editable": _open_for_welsh(meeting, minutes),
            "awaiting": awaiting,
            "can_complete": awaiting and not missing,
            "papers_without_welsh": selectors.papers_without_welsh(meeting),
        },
        status=400 if form.errors or page_error else 200,
    )


def _open_for_welsh(meeting: Meeting, minutes=None) -> bool:
    try:
        services.welsh_open_minutes(meeting, minutes)
    except DomainError:
        return False
    return True


@login_required
def translation_export(request: HttpRequest, pk: int, file_format: str = "xlsx") -> HttpResponse:
    """The texts for the translator: XLSX, or XLIFF 1.2 or 2.0 (``?segments=all`` for every text,
    otherwise those whose Welsh is missing), with the glossary and the memory's suggestions."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    name = f"minutes-{meeting.group.slug}-{meeting.number}-cymraeg"
    if file_format == "xlsx":
        response = HttpResponse(
            translation_module.export_xlsx(meeting),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    version = {"xliff12": "1.2", "xliff20": "2.0"}.get(file_format)
    if version is None:
        raise Http404
    try:
        data = translation_module.export_xliff(meeting, version=version, every=request.GET.get("segments") == "all")
    except DomainError as error:
        return _fail(request, error, meeting)
    response = HttpResponse(data, content_type="application/xliff+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-xliff-{version}.xlf"'
    return response


@login_required
def translation_memory(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's translation memory as TMX, for the translation service."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    response = HttpResponse(memory.tmx(meeting.group), content_type="application/x-tmx+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="memory-{meeting.group.slug}.tmx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def welsh_item(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """The Welsh of one item's texts, typed beside the English with the memory's suggestions, in
    the version being written or in one approved in English. A suggestion is placed in its box
    only when the person chooses it, and saved only when they save."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    item = item_of(meeting, item_id)
    if not _open_for_welsh(meeting):
        messages.error(request, _("The Welsh of these minutes cannot be changed now."))
        return redirect("meetings:translation", pk=meeting.pk)
    agenda = selectors.flat_agenda(selectors.numbered_agenda(meeting))
    parts = [segment for segment in translation_module.segments(meeting) if segment.item_id == item.pk]
    welsh = {segment.key: segment.welsh for segment in parts}
    error, placed = None, None
    if request.method == "POST":
        welsh.update({s.key: multiline(request.POST.get(f"welsh-{s.key}", s.welsh)) for s in parts})
    # Suggestions for the texts whose Welsh is not yet saved (a box being filled may take one).
    found = memory.suggest(meeting.group, [s.english for s in parts if s.english.strip() and not s.welsh.strip()])
    if request.method == "POST" and request.POST.get("use"):
        key, _sep, number = request.POST["use"].rpartition("|")
        chosen = {s.key: found.get(s.english, []) for s in parts}.get(key, [])
        if not number.isdigit() or int(number) >= len(chosen):
            raise Http404
        welsh[key], placed = chosen[int(number)].welsh, key
    elif request.method == "POST":
        try:
            revision = int(request.POST.get("revision", ""))
        except ValueError:
            revision = -1
        try:
            changes = services.save_welsh(item, welsh, revision=revision, by=request.user)
        except DomainError as error_:
            error = error_.message
        else:
            messages.success(
                request,
                ngettext("%(count)s Welsh text saved.", "%(count)s Welsh texts saved.", len(changes))
                % {"count": len(changes)},
            )
            return redirect("meetings:welsh_item", pk=meeting.pk, item_id=item.pk)
    glossary = list(meeting.group.glossary.all())
    position = [entry.pk for entry in agenda].index(item.pk)
    return render(
        request,
        "meetings/welsh_item.html",
        {
            "meeting": meeting,
            "item": agenda[position],
            "revision": item.minutes_revision,
            "rows": [
                {
                    "segment": segment,
                    "welsh": welsh[segment.key],
                    "english": memory.highlight(segment.english, glossary, "en"),
                    "saved": memory.highlight(segment.welsh, glossary, "cy"),
                    "suggestions": found.get(segment.english, []) if not welsh[segment.key].strip() else [],
                    "placed": placed == segment.key,
                }
                for segment in parts
            ],
            "error": error,
            "previous": agenda[position - 1] if position > 0 else None,
            "next": agenda[position + 1] if position + 1 < len(agenda) else None,
        },
        status=400 if error else 200,
    )


# Review and approval ----------------------------------------------------------------------------


def _review_context(request: HttpRequest, meeting: Meeting, minutes, comment_form=None) -> dict:
    """The minutes as the document every reader draws (``document.for_version``), the chair's
    comments after each item's last row."""
    user = request.user
    can_review = can(user, "meetings.review_minutes", meeting) and minutes.status == MinutesStatus.SUBMITTED
    audience = Audience(confidential=can(user, "meetings.view_confidential", meeting), names=True)
    document = for_version(minutes, first=translation.get_language(), audience=audience)
    comments = list(minutes.comments.select_related("author"))
    form = comment_form or CommentForm()
    failed_item = form.cleaned_data.get("item") if form.errors else None
    numbers = {item.item_id: item.number for item in document["record"].items}
    for version in document["versions"]:
        for part in version.parts:
            for row in part.rows:
                if row.last and row.item_id:
                    row.after = {
                        "template": "meetings/includes/review_item.html",
                        "item_id": row.item_id,
                        "number": numbers[row.item_id],
                        "comments": [comment for comment in comments if comment.item_id == row.item_id],
                        "can_review": can_review,
                        "open": failed_item == row.item_id,
                    }
    return {
        "meeting": meeting,
        "minutes": minutes,
        "document": document,
        "comments": [comment for comment in comments if not comment.item_id],
        "form": form,
        "page_error": bool(form.errors),
        "can_review": can_review,
        "can_approve": can(user, "meetings.approve_minutes", meeting) and minutes.status == MinutesStatus.SUBMITTED,
    }


@login_required
def minutes_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as they will read, with the chair's comments and the approval buttons."""
    meeting = meeting_for_user(request.user, pk)
    minutes = selectors.current_minutes(meeting)
    if minutes is None:
        raise Http404
    user = request.user
    if minutes.status != MinutesStatus.APPROVED and not (
        can(user, "meetings.review_minutes", meeting) or can(user, "meetings.manage_meeting", meeting)
    ):
        raise PermissionDenied  # a draft is for the secretariat and the chair
    return render(request, "meetings/minutes_review.html", _review_context(request, meeting, minutes))


@login_required
@require_POST
def minutes_comment(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.review_minutes")
    minutes = selectors.current_minutes(meeting)
    if minutes is None:
        raise Http404
    form = CommentForm(request.POST)
    valid = form.is_valid()
    if "item" in form.errors:
        raise Http404  # the hidden field names no item, like the number of an item of another meeting
    item = item_of(meeting, form.cleaned_data["item"]) if form.cleaned_data.get("item") else None
    if not valid:
        context = _review_context(request, meeting, minutes, comment_form=form)
        return render(request, "meetings/minutes_review.html", context, status=400)
    try:
        services.add_review_comment(minutes, item=item, text=form.cleaned_data["text"], by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your comment is added."))
    anchor = f"#item-{item.pk}" if item else "#comments"
    return redirect(reverse("meetings:minutes_review", args=[meeting.pk]) + anchor)


MINUTES_TRANSITIONS = {
    # transition: (permission, service, message)
    "submit": (
        "meetings.manage_meeting",
        services.submit_minutes,
        gettext_lazy("The minutes are submitted to the chair."),
    ),
    "return": (
        "meetings.review_minutes",
        services.return_minutes,
        gettext_lazy("The minutes are returned with your comments."),
    ),
    "approve": (
        "meetings.approve_minutes",
        services.approve_minutes,
        gettext_lazy("The minutes are approved and locked."),
    ),
}


@login_required
@require_POST
def minutes_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    if transition not in MINUTES_TRANSITIONS:
        raise Http404
    permission, change, done = MINUTES_TRANSITIONS[transition]
    meeting = meeting_for_user(request.user, pk, perm=permission)
    minutes = selectors.current_minutes(meeting)
    if minutes is None:
        raise Http404
    try:
        change(minutes, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    if transition == "submit":
        return redirect(meeting)
    return redirect("meetings:minutes_review", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_correct(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    minutes = selectors.current_minutes(meeting)
    if minutes is None or minutes.status != MinutesStatus.APPROVED:
        messages.error(request, _("Only approved minutes can be corrected."))
        return redirect(meeting)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.start_correction(
                minutes,
                reason_en=form.cleaned_data["reason_en"],
                reason_cy=form.cleaned_data["reason_cy"],
                by=request.user,
            )
        except DomainError as error:
            return _fail(request, error, meeting)
        messages.success(
            request,
            _("Version %(version)s of the minutes is open for the correction.") % {"version": correction.version},
        )
        return redirect("meetings:minutes_edit", pk=meeting.pk)
    return render(request, "meetings/correction_form.html", {"meeting": meeting, "minutes": minutes, "form": form})


@login_required
@require_POST
def minutes_agree(request: HttpRequest, pk: int) -> HttpResponse:
    """At this meeting the group agreed the minutes of the meeting before it."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    previous, _following = selectors.neighbours(meeting)
    minutes = selectors.current_minutes(previous) if previous else None
    if minutes is None:
        raise Http404
    try:
        services.record_agreement(minutes, at_meeting=meeting, by=request.user)
    except DomainError as error:
        return _fail(request, error, meeting)
    messages.success(request, _("Recorded: the minutes of the previous meeting were agreed."))
    return redirect(meeting)


@login_required
def minutes_version(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    minutes = get_object_or_404(selectors.approved_versions(meeting), version=version)
    audience = Audience(
        confidential=can(request.user, "meetings.view_confidential", meeting),
        names=True,  # the group's own members and staff
    )
    document = for_version(minutes, first=translation.get_language(), audience=audience)
    return render(
        request,
        "meetings/minutes_version.html",
        {"meeting": meeting, "minutes": minutes, "document": document},
    )


@login_required
def minutes_history(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    if not (
        can(request.user, "meetings.manage_meeting", meeting) or can(request.user, "meetings.review_minutes", meeting)
    ):
        raise PermissionDenied
    return render(
        request,
        "meetings/minutes_history.html",
        {
            "meeting": meeting,
            "events": selectors.minutes_history(meeting),
            "versions": selectors.approved_versions(meeting),
        },
    )


# Publication ------------------------------------------------------------------------------------


@login_required
@require_POST
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    minutes = selectors.current_minutes(meeting)
    if minutes is None:
        raise Http404
    try:
        circulation_module.publish_minutes(minutes, by=request.user)
    except DomainError as error:
        return _fail(request, error, meeting)
    messages.success(request, _("The minutes are published. The PDF is being made and sent to every member."))
    return redirect("meetings:circulation", pk=meeting.pk)


@login_required
def circulation(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    circulations = (
        Circulation.objects.filter(minutes__meeting=meeting)
        .select_related("minutes", "supersedes__minutes")
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.select_related("person")))
        .order_by("-minutes__version")
    )
    return render(request, "meetings/circulation.html", {"meeting": meeting, "circulations": circulations})


@login_required
@require_POST
def delivery_resend(request: HttpRequest, pk: int, delivery_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    delivery = get_object_or_404(
        Delivery.objects.select_related("person", "circulation__minutes"),
        pk=delivery_id,
        circulation__minutes__meeting=meeting,
    )
    circulation_module.send_again(delivery, by=request.user)
    messages.success(request, _("The minutes will be sent to %(name)s again.") % {"name": delivery.person.full_name})
    return redirect("meetings:circulation", pk=meeting.pk)


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as a PDF: the draft for the secretariat and the chair; the published one for members."""
    from .pdf import LAYOUTS, TooLongToPreview, render_minutes_pdf

    meeting = meeting_for_user(request.user, pk)
    minutes = selectors.current_minutes(meeting)
    if minutes is None:
        raise Http404
    if not (
        can(request.user, "meetings.manage_meeting", meeting) or can(request.user, "meetings.review_minutes", meeting)
    ):
        published = Circulation.objects.filter(minutes__meeting=meeting).order_by("-minutes__version").first()
        if published is None:
            raise PermissionDenied
        return redirect("meetings:published_pdf", pk=meeting.pk, version=published.minutes.version)
    group = meeting.group
    layout = request.GET.get("layout") if request.GET.get("layout") in LAYOUTS else group.minutes_layout
    try:
        content = render_minutes_pdf(minutes, layout=layout, preview=True)
    except TooLongToPreview:
        message = _(
            "These minutes are too long to make into a PDF while you wait. Read them on the review page: "
            "their PDF is made by the service when they are published."
        )
        return _fail(request, DomainError(message), meeting)
    response = HttpResponse(content, content_type="application/pdf")
    state = "" if minutes.status == MinutesStatus.APPROVED else "-draft"
    response["Content-Disposition"] = (
        f'inline; filename="{group.slug}-meeting-{meeting.number}-v{minutes.version}{state}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def published_pdf(request: HttpRequest, pk: int, version: int) -> FileResponse:
    """The published PDF of a version, for whoever may read the published minutes."""
    circulation = _published_for(request, pk, version)
    if not circulation.pdf:
        raise Http404
    response = FileResponse(
        circulation.pdf.open("rb"), content_type="application/pdf", filename=circulation.pdf.name.rsplit("/", 1)[-1]
    )
    return response


def published(request: HttpRequest, pk: int, version: int, language: str) -> HttpResponse:
    """Published minutes as a web page, in Welsh or in English, each linking to the other."""
    if language not in ("cy", "en"):
        raise Http404
    circulation = _published_for(request, pk, version)
    minutes = circulation.minutes
    meeting = minutes.meeting
    # Published minutes withhold reserved business from everyone; a public group's name people
    # to the public only if it chooses to.
    audience = Audience(
        confidential=False,
        names=meeting.group.public_names
        or (request.user.is_authenticated and can(request.user, "meetings.view_meeting", meeting)),
    )
    document = for_version(minutes, layout=ONE_LANGUAGE, first=language, audience=audience)
    with translation.override(language):
        return render(
            request,
            "meetings/published.html",
            {
                "meeting": meeting,
                "minutes": minutes,
                "circulation": circulation,
                "document": document,
                "language": language,
                "LANGUAGE_CODE": language,
            },
        )


def _published_for(request: HttpRequest, pk: int, version: int) -> Circulation:
    circulation = get_object_or_404(
        Circulation.objects.select_related(
            "minutes__meeting__group", "minutes__approved_by", "minutes__agreed_at_meeting", "supersedes__minutes"
        ),
        minutes__meeting_id=pk,
        minutes__version=version,
    )
    meeting = circulation.minutes.meeting
    if published_to_everyone(meeting.group):
        return circulation
    if not request.user.is_authenticated:
        raise Http404
    if not can(request.user, "meetings.view_meeting", meeting):
        raise Http404
    return circulation


def public_minutes(request: HttpRequest, slug: str) -> HttpResponse:
    """The home of a public group's minutes: each meeting's latest published version, in Welsh,
    in English and as the PDF, for anyone, signed in or not. 404 for a group that is not public."""
    group = public_group(slug)
    return render(
        request,
        "meetings/public_minutes.html",
        {"group": group, "publications": selectors.latest_publications(group)},
    )


# The decisions register -------------------------------------------------------------------------


DECISION_COLUMNS = [
    gettext_lazy("Meeting"),
    gettext_lazy("Date"),
    gettext_lazy("Item"),
    gettext_lazy("Decision in English"),
    gettext_lazy("Decision in Welsh"),
    gettext_lazy("Minutes"),
]


def _decision_rows(decisions):
    for decision in decisions:
        meeting = decision.item.meeting
        yield [
            meeting.number,
            timezone.localtime(meeting.starts_at).date(),
            str(localised(decision.item, "title")),
            decision.text_en,
            decision.text_cy,
            _("Approved") if decision.approved else _("Draft minutes"),
        ]


@login_required
def decisions_register(request: HttpRequest, slug: str) -> HttpResponse:
    group: Group = group_for_user(request.user, slug)
    decisions = DecisionFilter(
        request.GET or None, queryset=selectors.decisions_for_group(group, request.user), group=group
    )
    export = request.GET.get("export")
    if export in exports.FORMATS:
        # The page's filter and the page's rule (visible_to, in the selector); every row, not the first 500.
        queryset = decisions.qs if decisions.is_valid() else decisions.queryset.none()
        return exports.export(
            DECISION_COLUMNS,
            _decision_rows(queryset),
            fmt=export,
            filename=f"decisions-{group.slug}",
            sheet_title=_("Decisions"),
        )
    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        "meetings/decisions.html",
        {
            "group": group,
            "filter": decisions,
            "decisions": decisions.qs[:500],
            "query": query.urlencode(),
            "page_error": bool(decisions.form.errors),
        },
    )


# Before the meeting: calling it off, replies, the agenda pack ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_call_off(request: HttpRequest, pk: int, how: str) -> HttpResponse:
    """Postponing (with a new date, or none yet) or cancelling: every invited member is told."""
    if how not in ("postpone", "cancel"):
        raise Http404
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    postpone = how == "postpone"
    form = MeetingCallOffForm(request.POST if request.method == "POST" else None, postpone=postpone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if postpone:
                services.postpone_meeting(
                    meeting,
                    reason_en=data["reason_en"],
                    reason_cy=data["reason_cy"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    by=request.user,
                )
            else:
                services.cancel_meeting(
                    meeting, reason_en=data["reason_en"], reason_cy=data["reason_cy"], by=request.user
                )
        except DomainError as error:
            return _fail(request, error, meeting)
        if postpone:
            messages.success(request, _("The meeting is postponed. Members who were invited are told."))
        else:
            messages.success(request, _("The meeting is cancelled. Members who were invited are told."))
        return redirect(meeting)
    return render(request, "meetings/call_off_form.html", {"meeting": meeting, "form": form, "postpone": postpone})


def _own_seat(person, meeting: Meeting):
    """The person's membership of the meeting's group on the day, if they have one."""
    return invitations.seat(meeting, person)


@login_required
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """A member answers the invitation: attending, online, apologies or a named deputy."""
    meeting = meeting_for_user(request.user, pk)
    seat = _own_seat(request.user, meeting)
    if seat is None:
        raise PermissionDenied  # only the group's members reply
    try:
        services.check_replies_open(meeting)
    except DomainError as error:
        return _fail(request, error, meeting)
    current = meeting.replies.filter(membership=seat).first()
    initial = (
        {
            "answer": current.answer,
            "deputy_name": current.deputy_name,
            "deputy_email": current.deputy_email,
            "note": current.note,
        }
        if current
        else {"answer": request.GET.get("answer")}
    )
    form = ReplyForm(
        request.POST if request.method == "POST" else None, initial=initial, organisation=seat.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reply(
                meeting,
                seat,
                answer=data["answer"],
                deputy_name=data["deputy_name"],
                deputy_email=data["deputy_email"],
                note=data["note"],
                by=request.user,
            )
        except DomainError as error:
            return _fail(request, error, meeting)
        messages.success(request, _("Your reply is sent to the secretariat. You can change it until the meeting."))
        return redirect(meeting)
    return render(request, "meetings/reply_form.html", {"meeting": meeting, "form": form, "current": current})


@login_required
def reply_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation: it names the meeting and the person it was sent to; after
    sign-in (login_required brings the person back here) it opens their reply form."""
    signed = invitations.read_reply_token(token)
    if signed is None:
        raise Http404
    if signed["person"] != request.user.pk:
        raise PermissionDenied  # sent to someone else: each member replies for themselves
    return redirect("meetings:reply", pk=signed["meeting"])


@login_required
def replies(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat's view of the replies: who comes, who sends apologies or a deputy, who has not replied."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    answers = {answer.membership_id: answer for answer in meeting.replies.all()}
    rows = [(seat, answers.get(seat.pk)) for seat in invitations.invited(meeting)]
    return render(
        request,
        "meetings/replies.html",
        {
            "meeting": meeting,
            "rows": rows,
            "outlook": selectors.reply_outlook(meeting),
            "can_chase": meeting.status in UPCOMING_STATUSES and meeting.invited_at is not None,
        },
    )


@login_required
@require_POST
def replies_chase(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    try:
        chased = services.chase_replies(meeting, by=request.user)
    except DomainError as error:
        return _fail(request, error, meeting)
    if chased:
        messages.success(
            request,
            ngettext(
                "%(count)s member who has not replied is reminded.",
                "%(count)s members who have not replied are reminded.",
                chased,
            )
            % {"count": chased},
        )
    else:
        messages.info(request, _("Nobody to remind: everyone has replied, or was reminded today."))
    return redirect("meetings:replies", pk=meeting.pk)


@login_required
def pack(request: HttpRequest, pk: int) -> FileResponse:
    """The agenda pack, for whoever may read the meeting."""
    meeting = meeting_for_user(request.user, pk)
    if not meeting.pack:
        raise Http404
    filename = f"{meeting.group.slug}-meeting-{meeting.number}-agenda-pack.pdf"
    response = FileResponse(
        meeting.pack.open("rb"), as_attachment=False, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# The forward work programme ---------------------------------------------------------------------


def _programme_context(request: HttpRequest, group: Group, form=None) -> dict:
    user = request.user
    manages = user.has_perm("workstreams.manage_group", group)
    planned = list(
        group.planned_items.select_related(
            "meeting", "placed_item__meeting", "proposed_by", "lead_organisation"
        ).order_by("status", "proposed_at", "pk")
    )
    upcoming = services.upcoming_meetings(group)
    for entry in planned:
        entry.target = services.target_of(entry, upcoming) if entry.status in ("proposed", "accepted") else None
    may_propose = (
        manages or Membership.objects.current().filter(group=group, person=user, role__in=PARTICIPANT_ROLES).exists()
    )
    return {
        "group": group,
        "planned": planned,
        "manages": manages,
        "form": form if form is not None else (PlannedItemForm(group=group) if may_propose else None),
        "decline_form": DeclineForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def forward_programme(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's forward work programme: items planned for its meetings, and members' proposals."""
    group = group_for_user(request.user, slug)
    context = _programme_context(request, group)
    if request.method == "POST":
        if context["form"] is None:
            raise PermissionDenied
        form = PlannedItemForm(request.POST, group=group)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                planned = services.plan_item(group, by=request.user, **data)
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                if planned.status == "proposed":
                    messages.success(request, _("Your item is proposed. The secretariat will accept or decline it."))
                else:
                    messages.success(request, _("The item is on the forward work programme."))
                return redirect("meetings:forward_programme", slug=group.slug)
        context = _programme_context(request, group, form=form)
        return render(request, "meetings/forward_programme.html", context, status=400)
    return render(request, "meetings/forward_programme.html", context)


@login_required
@require_POST
def planned_item_decide(request: HttpRequest, slug: str, planned_id: int, decision: str) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    planned = get_object_or_404(PlannedItem, pk=planned_id, group=group)
    if decision not in ("accept", "decline"):
        raise Http404
    reason = ""
    if decision == "decline":
        form = DeclineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the item is declined."))
            return redirect(f"{reverse('meetings:forward_programme', args=[group.slug])}#planned-{planned.pk}")
        reason = form.cleaned_data["reason"]
    try:
        services.decide_planned_item(planned, accept=decision == "accept", by=request.user, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The item is accepted.")
            if decision == "accept"
            else _("The item is declined. Its proposer is told why."),
        )
    return redirect("meetings:forward_programme", slug=group.slug)
