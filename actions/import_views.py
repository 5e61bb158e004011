"""Importing minutes written elsewhere: the upload, then the review where the secretariat
accepts, edits or drops each finding before anything is saved (``actions/importing.py``)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from meetings.importing.parsing import dates_in
from meetings.models import MinutesImport
from steering.errors import DomainError
from steering.text import multiline
from workstreams.permissions import group_for_user

from . import importing
from .forms import MinutesImportForm, MinutesReviewForm, owner_choices

# How an owner as written was matched to the group's person or organisation, said on the page.
MATCHED_BY = {
    "acronym": gettext_lazy("its acronym"),
    "name": gettext_lazy("the name"),
    "first name": gettext_lazy("the first name"),
    "surname": gettext_lazy("the surname"),
}


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    form = MinutesImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = importing.propose(group, form.cleaned_data["file"], by=request.user)
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("actions:import_review", import_id=draft.pk)
    return render(
        request, "actions/import_upload.html", {"group": group, "form": form}, status=400 if form.errors else 200
    )


def _draft_for(request: HttpRequest, import_id: int) -> MinutesImport:
    draft = get_object_or_404(MinutesImport.objects.select_related("group", "meeting"), pk=import_id)
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
            if needle and needle in html:
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


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, import_id: int) -> HttpResponse:
    draft = _draft_for(request, import_id)
    if draft.meeting_id:
        messages.info(request, _("These minutes have been imported already."))
        return redirect(draft.meeting.get_absolute_url())
    proposal = draft.proposal
    # Who may own an action: as the minutes editor's action form offers them.
    person_options, organisation_options = owner_choices(draft.group)
    people, organisations = list(person_options.objects.values()), list(organisation_options.objects.values())
    owners = {f"person:{p.pk}": p for p in people} | {f"organisation:{o.pk}": o for o in organisations}
    found_date = datetime.date.fromisoformat(proposal["meeting"]["date"]) if proposal["meeting"]["date"] else None
    initial = {"date": found_date} if found_date else {}
    form = MinutesReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    posted = request.POST if request.method == "POST" else None
    items, marks, problems = [], [], []
    decisions, actions = {}, {}
    for index, entry in enumerate(proposal["items"]):
        rows = {"entry": entry, "decisions": [], "actions": []}
        for n, decision in enumerate(entry["decisions"]):
            key = f"d-{index}-{n}"
            text = multiline(posted.get(f"text-{key}", "")) if posted else decision["text"]
            keep = (f"keep-{key}" in posted) if posted else True
            rows["decisions"].append({"key": key, "text": text, "keep": keep, "because": decision["because"]})
            marks.append((f"found-{key}", _("Decision"), decision["text"]))
            if keep and text.strip():
                decisions[(index, n)] = text.strip()
        for n, action in enumerate(entry["actions"]):
            key = f"a-{index}-{n}"
            person, organisation, how = importing.match_owner(action["owner"], people, organisations)
            chosen = f"person:{person.pk}" if person else f"organisation:{organisation.pk}" if organisation else ""
            text = multiline(posted.get(f"text-{key}", "")) if posted else action["text"]
            keep = (f"keep-{key}" in posted) if posted else True
            owner = posted.get(f"owner-{key}", "") if posted else chosen
            # Shown as the hint asks for it (27/09/2022); read back by ``_due``.
            found_due = datetime.date.fromisoformat(action["due"]).strftime("%d/%m/%Y") if action["due"] else ""
            due_text = posted.get(f"due-{key}", "") if posted else found_due
            row = {
                "key": key,
                "text": text,
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
                if owner not in owners:
                    row["error"] = _("Choose who owns this action, or untick it")
                elif due is False:
                    row["error"] = _("Enter the due date as a date, for example 27/09/2022, or leave it empty")
                else:
                    chosen_owner = owners[owner]
                    is_person = owner.startswith("person:")
                    actions[(index, n)] = (
                        text.strip(),
                        chosen_owner if is_person else None,
                        None if is_person else chosen_owner,
                        due or None,
                    )
                if row["error"]:
                    problems.append((f"owner-{key}", row["error"]))
            rows["actions"].append(row)
            marks.append((f"found-{key}", _("Action"), action["text"]))
        items.append(rows)
    if posted and form.is_valid() and not problems:
        starts_at = timezone.make_aware(datetime.datetime.combine(form.cleaned_data["date"], datetime.time(10, 0)))
        try:
            meeting = importing.accept(
                draft, starts_at=starts_at, decisions=decisions, actions=actions, by=request.user
            )
        except DomainError as error:
            problems.append(("date", error.message))
        else:
            messages.success(
                request,
                _(
                    "The minutes are imported as meeting %(number)s, approved before this service; the original "
                    "file is its paper."
                )
                % {"number": meeting.number},
            )
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "actions/import_review.html",
        {
            "group": draft.group,
            "draft": draft,
            "form": form,
            "items": items,
            "text": _marked(proposal.get("text", []), marks),
            "person_choices": [(f"person:{person.pk}", str(person)) for person in people],
            "organisation_choices": [(f"organisation:{o.pk}", str(o)) for o in organisations],
            "problems": problems,
            "attendance_lists": [
                (_("Present"), proposal["attendance"]["present"]),
                (_("Apologies"), proposal["attendance"]["apologies"]),
                (_("In attendance"), proposal["attendance"]["in_attendance"]),
            ],
        },
        status=400 if posted and (problems or form.errors) else 200,
    )
