"""Importing minutes written elsewhere: the upload, then the review where the secretariat
accepts, edits or drops each finding before anything is saved (``actions/importing.py``).

Two uploads lead to the one review: minutes of a past meeting (from the group's page), which
become a held meeting with approved minutes, and a draft typed elsewhere (from the minutes
editor), whose sections are placed in the items of the meeting being minuted."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from meetings import selectors as meeting_selectors
from meetings import services as meeting_services
from meetings.enums import AttendanceStatus
from meetings.importing.parsing import dates_in
from meetings.models import MinutesImport
from meetings.permissions import meeting_for_user
from steering.errors import DomainError
from steering.text import multiline
from workstreams.permissions import group_for_user

from . import importing
from .forms import MinutesImportForm, MinutesReviewForm, owner_choices

# How an owner or attendee as written was matched to the group's person or organisation.
MATCHED_BY = {
    "acronym": gettext_lazy("its acronym"),
    "name": gettext_lazy("the name"),
    "first name": gettext_lazy("the first name"),
    "surname": gettext_lazy("the surname"),
    "initials": gettext_lazy("the initials"),
}
FOUND_IN = {
    "present": gettext_lazy("Present"),
    "apologies": gettext_lazy("Apologies"),
    "in_attendance": gettext_lazy("In attendance"),
}


def _upload(request: HttpRequest, group, *, into=None) -> HttpResponse:
    form = MinutesImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = importing.propose(
                group, form.cleaned_data["file"], welsh=form.cleaned_data["file_cy"], into=into, by=request.user
            )
        except DomainError as error:
            form.add_error(error.field or "file", error.message)
        else:
            return redirect("actions:import_review", import_id=draft.pk)
    return render(
        request,
        "actions/import_upload.html",
        {"group": group, "form": form, "into": into},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    return _upload(request, group_for_user(request.user, slug, manage=True))


@login_required
@require_http_methods(["GET", "POST"])
def import_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft of this meeting's minutes typed elsewhere, to place item by item in the editor."""
    meeting = meeting_for_user(request.user, pk, perm="meetings.manage_meeting")
    try:
        meeting_services.editable_minutes(meeting)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(meeting)
    return _upload(request, meeting.group, into=meeting)


def _draft_for(request: HttpRequest, import_id: int) -> MinutesImport:
    draft = get_object_or_404(MinutesImport.objects.select_related("group", "meeting", "into"), pk=import_id)
    group_for_user(request.user, draft.group.slug, manage=True)
    return draft


def _marked(paragraphs: list[str], found: list[tuple[str, str, str]]) -> list:
    """The document's paragraphs, escaped, with each finding marked where it was found:
    (anchor id, kind label, text)."""
    marked = []
    for paragraph in paragraphs:
        html = escape(paragraph)
        for anchor, label, text in found:
            needle = escape(text)
            if needle and needle in html and f'id="{anchor}"' not in html:
                hidden = f'<span class="govuk-visually-hidden">{escape(label)}: </span>'
                html = html.replace(needle, f'<mark class="app-found" id="{anchor}">{hidden}{needle}</mark>', 1)
        marked.append(mark_safe(html))  # noqa: S308  # nosec B308 B703: every piece was escaped above
    return marked


def _due(text: str) -> datetime.date | bool | None:
    """A due date as typed (27/09/2022, 2022-09-27, 27 September 2022); False when unreadable."""
    text = text.strip()
    if not text:
        return None
    found = dates_in(text)
    return found[0] if found else False


LABEL = re.compile(r"^(?:actions?(?: point)?|decision|cam(?:au)? gweithredu|penderfyniad)\s*[:\-–]\s*", re.I)


def _unlabelled(text: str) -> str:
    """A finding's words without the label the minutes put before them ("Action: WG to …",
    "Decision: …"), as the log and the register show them."""
    return LABEL.sub("", text, count=1)


def _key(number: str | None) -> str:
    """An item number reduced for comparison: "Item 3." → "3", "b)" → "b", "3.1" → "3.1"."""
    number = re.sub(r"^(?:agenda\s+)?(?:item|eitem)\s+", "", (number or "").strip(), flags=re.I)
    return re.sub(r"[\s().:\-–]+$|^[\s(]+", "", number).lower()


def _default_places(entries: list[dict], agenda: list) -> list[str]:
    """Each section's item of the meeting: the one with its number ("2", "2 b)", "2.2"), else the
    one with its title; "" (left out) when none."""
    by_number, by_title = {}, {}
    for item in agenda:
        by_number[item.number.replace(" ", "").rstrip(")")] = item
        for title in (item.title_en, item.title_cy):
            if title.strip():
                by_title.setdefault(title.strip().lower(), item)
    places, top = [], ""
    for entry in entries:
        number = _key(entry.get("number"))
        if entry.get("level", 1) == 1:
            top = number.split(".")[0]
            wanted = number
        elif "." in number:  # 3.1: the first sub-item of 3
            head, _dot, tail = number.partition(".")
            wanted = f"{head}{chr(ord('a') + int(tail) - 1)}" if tail.isdigit() and 0 < int(tail) <= 26 else ""
        else:
            wanted = f"{top}{number}"
        item = by_number.get(wanted) if number else None
        if item is None:
            for title in (entry.get("title", ""), entry.get("title_cy", "")):
                item = item or by_title.get(title.strip().lower())
        places.append(str(item.pk) if item else "")
    return places


def _findings(proposal: dict, posted, people, organisations, owners) -> tuple[list, dict, dict, list, list]:
    """The review's rows of each section, with the decisions and actions it keeps, its problems,
    and where each finding is marked in the document."""
    items, marks, problems = [], [], []
    decisions, actions = {}, {}
    for index, entry in enumerate(proposal["items"]):
        rows = {"index": index, "entry": entry, "decisions": [], "actions": []}
        for n, decision in enumerate(entry["decisions"]):
            key = f"d-{index}-{n}"
            text = multiline(posted.get(f"text-{key}", "")) if posted else _unlabelled(decision["text"])
            text_cy = multiline(posted.get(f"cy-{key}", "")) if posted else _unlabelled(decision.get("text_cy", ""))
            keep = (f"keep-{key}" in posted) if posted else True
            rows["decisions"].append(
                {"key": key, "text": text, "text_cy": text_cy, "keep": keep, "because": decision["because"]}
            )
            marks += [
                (f"found-{key}", _("Decision"), decision["text"] or decision.get("text_cy", "")),
                (f"found-cy-{key}", _("Decision"), decision.get("text_cy", "") if decision["text"] else ""),
            ]
            if keep and (text.strip() or text_cy.strip()):
                decisions[(index, n)] = (text.strip(), text_cy.strip())
        for n, action in enumerate(entry["actions"]):
            key = f"a-{index}-{n}"
            person, organisation, how = importing.match_owner(action["owner"], people, organisations)
            chosen = f"person:{person.pk}" if person else f"organisation:{organisation.pk}" if organisation else ""
            text = multiline(posted.get(f"text-{key}", "")) if posted else _unlabelled(action["text"])
            text_cy = multiline(posted.get(f"cy-{key}", "")) if posted else _unlabelled(action.get("text_cy", ""))
            keep = (f"keep-{key}" in posted) if posted else True
            owner = posted.get(f"owner-{key}", "") if posted else chosen
            # Shown as the hint asks for it (27/09/2022); read back by ``_due``.
            found_due = datetime.date.fromisoformat(action["due"]).strftime("%d/%m/%Y") if action["due"] else ""
            due_text = posted.get(f"due-{key}", "") if posted else found_due
            row = {
                "key": key,
                "text": text,
                "text_cy": text_cy,
                "keep": keep,
                "because": action["because"],
                "written_owner": action["owner"],
                "how": how,
                "matched_by": MATCHED_BY.get(how, ""),
                "owner": owner,
                "due": due_text,
                "error": "",
            }
            if posted and keep:
                due = _due(due_text)
                if not text.strip() and not text_cy.strip():
                    row["error"] = _("Enter the action's words, or untick it")
                elif owner not in owners:
                    row["error"] = _("Choose who owns this action, or untick it")
                elif due is False:
                    row["error"] = _("Enter the due date as a date, for example 27/09/2022, or leave it empty")
                else:
                    chosen_owner = owners[owner]
                    is_person = owner.startswith("person:")
                    actions[(index, n)] = (
                        text.strip(),
                        text_cy.strip(),
                        chosen_owner if is_person else None,
                        None if is_person else chosen_owner,
                        due or None,
                    )
                if row["error"]:
                    problems.append((f"owner-{key}", row["error"]))
            rows["actions"].append(row)
            marks += [
                (f"found-{key}", _("Action"), action["text"] or action.get("text_cy", "")),
                (f"found-cy-{key}", _("Action"), action.get("text_cy", "") if action["text"] else ""),
            ]
        items.append(rows)
    return items, decisions, actions, problems, marks


def _attendance(proposal: dict, posted, seats: dict, organisations) -> tuple[list, list, list]:
    """The review's row for each person the document names in its attendance, matched to a
    member where the name allows; what the review records, and its problems."""
    people = [seat.person for seat in seats.values()]
    rows, chosen, problems, taken = [], [], [], {}
    found = [(where, row) for where in FOUND_IN for row in proposal["attendance"][where]]
    for k, (where, attendee) in enumerate(found):
        person, how = importing.match_person(attendee["name"], people)
        default_status = AttendanceStatus.APOLOGIES if where == "apologies" else AttendanceStatus.PRESENT
        record = posted.get(f"member-{k}", "") if posted else (f"person:{person.pk}" if person else "guest")
        status = posted.get(f"status-{k}", "") if posted else default_status
        row = {
            "k": k,
            "name": attendee["name"],
            "organisation": attendee.get("organisation"),
            "found_in": FOUND_IN[where],
            "matched_by": MATCHED_BY.get(how, ""),
            "record": record,
            "status": status,
            "error": "",
        }
        if posted and record:
            seat = seats.get(int(record.split(":")[1])) if re.fullmatch(r"person:\d+", record) else None
            if status not in AttendanceStatus.values or (record != "guest" and seat is None):
                row["error"] = _("Choose how to record this person")
            elif seat is not None and seat.person_id in taken:
                row["error"] = _("%(name)s is chosen for another line too: choose them once") % {
                    "name": seat.person.full_name
                }
            elif seat is not None:
                taken[seat.person_id] = k
                chosen.append(importing.Attending(status, membership=seat))
            else:
                organisation, _how = importing.match_organisation(attendee.get("organisation"), organisations)
                name = attendee["name"]
                if attendee.get("organisation") and organisation is None:
                    name = f"{name} ({attendee['organisation']})"
                chosen.append(importing.Attending(status, name=name, organisation=organisation))
            if row["error"]:
                problems.append((f"member-{k}", row["error"]))
        rows.append(row)
    return rows, chosen, problems


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, import_id: int) -> HttpResponse:
    draft = _draft_for(request, import_id)
    if draft.meeting_id:
        messages.info(request, _("These minutes have been imported already."))
        return redirect(draft.meeting.get_absolute_url())
    into = draft.into
    proposal = draft.proposal
    posted = request.POST if request.method == "POST" else None
    # Who may own an action: as the minutes editor's action form offers them.
    person_options, organisation_options = owner_choices(draft.group)
    people, organisations = list(person_options.objects.values()), list(organisation_options.objects.values())
    owners = {f"person:{p.pk}": p for p in people} | {f"organisation:{o.pk}": o for o in organisations}
    items, decisions, actions, problems, marks = _findings(proposal, posted, people, organisations, owners)
    seats = importing.members_of(draft.group)
    attendance, attending, attendance_problems = _attendance(proposal, posted, seats, organisations)
    problems += attendance_problems
    agenda, form = [], None
    if into:
        agenda = meeting_selectors.flat_agenda(meeting_selectors.numbered_agenda(into))
        by_pk = {str(item.pk): item for item in agenda}
        defaults = _default_places(proposal["items"], agenda)
        placements = {}
        for rows, default in zip(items, defaults, strict=True):
            rows["place"] = posted.get(f"place-{rows['index']}", "") if posted else default
            if rows["place"] in by_pk:
                placements[rows["index"]] = by_pk[rows["place"]]
            elif rows["place"]:
                problems.append((f"place-{rows['index']}", _("Choose an item of this meeting, or leave it out")))
    else:
        found_date = datetime.date.fromisoformat(proposal["meeting"]["date"]) if proposal["meeting"]["date"] else None
        form = MinutesReviewForm(posted, initial={"date": found_date} if found_date else {})
    if posted and not problems and (into or form.is_valid()):
        try:
            if into:
                meeting = importing.accept_into(
                    draft,
                    placements=placements,
                    decisions=decisions,
                    actions=actions,
                    attendance=attending if "record-attendance" in posted else [],
                    by=request.user,
                )
            else:
                starts_at = timezone.make_aware(
                    datetime.datetime.combine(form.cleaned_data["date"], datetime.time(10, 0))
                )
                meeting = importing.accept(
                    draft,
                    starts_at=starts_at,
                    decisions=decisions,
                    actions=actions,
                    attendance=attending,
                    by=request.user,
                )
        except DomainError as error:
            problems.append(("date" if not into else "submit", error.message))
        else:
            if into:
                messages.success(request, _("The draft is placed in the minutes: read each item and save."))
                return redirect(reverse("meetings:minutes_edit", args=[into.pk]))
            messages.success(
                request,
                _(
                    "The minutes are imported as meeting %(number)s, approved before this service; the original "
                    "file is its paper."
                )
                % {"number": meeting.number},
            )
            return redirect(meeting.get_absolute_url())
    welsh = proposal.get("language") in {"both", "cy"}
    return render(
        request,
        "actions/import_review.html",
        {
            "group": draft.group,
            "draft": draft,
            "into": into,
            "agenda": agenda,
            "form": form,
            "items": items,
            "welsh": welsh,
            "text": _marked(proposal.get("text", []), marks),
            "text_welsh": _marked(proposal.get("text_welsh", []), marks),
            "person_choices": [(f"person:{person.pk}", str(person)) for person in people],
            "organisation_choices": [(f"organisation:{o.pk}", str(o)) for o in organisations],
            "member_choices": sorted(
                ((f"person:{seat.person_id}", str(seat.person)) for seat in seats.values()), key=lambda c: c[1]
            ),
            "status_choices": AttendanceStatus.choices,
            "attendance": attendance,
            # A meeting of the service may have its attendance recorded already: then the
            # document's is added only when asked.
            "record_attendance": ("record-attendance" in posted) if posted else not (into and into.attendance.exists()),
            "problems": problems,
        },
        status=400 if posted and (problems or (form is not None and form.errors)) else 200,
    )
