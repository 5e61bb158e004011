from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from steering.bilingual import active_language
from steering.errors import DomainError
from steering.models import Person

from . import charts, services
from .enums import DeliverableStatus
from .forms import (
    DeliverableForm,
    GlossaryEntryForm,
    GroupCloseForm,
    GroupCreateForm,
    GroupSettingsForm,
    HighlightReportForm,
    MembershipAddForm,
    MembershipChangeForm,
    MembershipEndForm,
    OrganisationForm,
    OrganisationMergeForm,
    PersonForm,
    TermsOfReferenceForm,
)
from .models import Deliverable, GlossaryEntry, Group, Membership, Organisation
from .permissions import group_for_user
from .selectors import former_memberships, groups_for_person, in_tree_order, members_by_organisation, visible_group_ids


def _get_membership(group: Group, membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("person", "organisation"), pk=membership_id, group=group)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "workstreams/home.html", {"groups": in_tree_order(groups_for_person(request.user))})


@login_required
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug)
    visible = visible_group_ids(request.user)
    children = list(group.children.order_by("name_en"))
    terms = list(group.terms_of_reference.order_by("-version"))
    # Meetings live in a higher layer; they are reached through the relation, not imported.
    meetings = list(group.meetings.order_by("starts_at"))
    now = timezone.now()
    reports_upward = group.parent_id is not None
    return render(
        request,
        "workstreams/group_detail.html",
        {
            "group": group,
            "can_manage": request.user.has_perm("workstreams.manage_group", group),
            "parent_visible": group.parent_id in visible,
            "children": [(child, child.pk in visible) for child in children],
            "seats": members_by_organisation(group),
            "former": former_memberships(group),
            "terms": terms[0] if terms else None,
            "earlier_terms": terms[1:],
            "today": timezone.localdate(),
            "upcoming_meetings": [m for m in meetings if m.starts_at >= now],
            "past_meetings": [m for m in reversed(meetings) if m.starts_at < now],
            "glossary": sorted(group.glossary.all(), key=lambda entry: entry.display_acronym.lower()),
            # A group under another: what it delivers, and its reports to the other's meetings.
            "can_report": reports_upward and request.user.has_perm("workstreams.report_for_group", group),
            "deliverables": list(group.deliverables.all()) if reports_upward else [],
            "report_to": services.report_to(group) if reports_upward else None,
            "reports": list(group.reports.select_related("meeting").order_by("-meeting__starts_at")[:3])
            if reports_upward
            else [],
            # A group with groups under it: how their deliverables stand, over time.
            "chart": _deliverables_chart(group) if children and charts.has_deliverables(group) else None,
        },
    )


def _deliverables_chart(group: Group) -> dict:
    data = charts.columns(group)
    latest = data[-1]
    description = _("Deliverables of the groups under this one at the end of each month, by status.")
    return {
        "columns": data,
        "svg": charts.svg(
            data,
            title=_("Deliverables by status over the last six months"),
            description=f"{description} "
            + "; ".join(f"{DeliverableStatus(status).label}: {count}" for status, count in latest.counts.items()),
        ),
        "statuses": [(status, DeliverableStatus(status).label) for status in charts.ORDER],
    }


@login_required
def terms_of_reference(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    group = group_for_user(request.user, slug)
    terms = get_object_or_404(group.terms_of_reference.select_related("created_by"), version=version)
    latest = group.terms_of_reference.order_by("-version").values_list("version", flat=True).first()
    return render(
        request,
        "workstreams/terms_of_reference.html",
        {"group": group, "terms": terms, "is_latest": terms.version == latest},
    )


@login_required
@require_http_methods(["GET", "POST"])
def terms_of_reference_add(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    latest = group.terms_of_reference.order_by("-version").first()
    initial = {"text_en": latest.text_en, "text_cy": latest.text_cy} if latest else {}
    form = TermsOfReferenceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            terms = services.add_terms_of_reference(group, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request, _("Version %(version)s of the terms of reference is saved.") % {"version": terms.version}
            )
            return redirect(group)
    return render(request, "workstreams/terms_of_reference_form.html", {"group": group, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    form = MembershipAddForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.find_or_create_person(
            email=data["email"], full_name=data["full_name"], preferred_language=data["preferred_language"]
        )
        try:
            services.add_membership(
                group,
                person=person,
                role=data["role"],
                organisation=data["organisation"],
                start_date=data["start_date"],
                deputy_for=data["deputy_for"],
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(person)s is now a member of the group.") % {"person": person})
            return redirect(group)
    return render(request, "workstreams/membership_add.html", {"group": group, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def membership_change(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    membership = _get_membership(group, membership_id)
    form = MembershipChangeForm(request.POST if request.method == "POST" else None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(membership, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The membership of %(person)s is changed.") % {"person": membership.person})
            return redirect(group)
    return render(
        request, "workstreams/membership_change.html", {"group": group, "membership": membership, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    membership = _get_membership(group, membership_id)
    form = MembershipEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.end_membership(membership, on=form.cleaned_data["end_date"])
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            if ended.end_date < timezone.localdate():
                message = _("The membership of %(person)s has ended.")
            else:
                message = _("The membership of %(person)s ends on %(date)s.")
            messages.success(
                request, message % {"person": membership.person, "date": date_format(ended.end_date, "DATE_FORMAT")}
            )
            return redirect(group)
    return render(request, "workstreams/membership_end.html", {"group": group, "membership": membership, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def glossary_entry_edit(request: HttpRequest, slug: str, entry_id: int | None = None) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    entry = get_object_or_404(GlossaryEntry, pk=entry_id, group=group) if entry_id else GlossaryEntry(group=group)
    form = GlossaryEntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_glossary_entry(form.instance)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request, _("The glossary entry for %(acronym)s is saved.") % {"acronym": entry.display_acronym}
            )
            return redirect(f"{group.get_absolute_url()}#glossary")
    return render(request, "workstreams/glossary_entry_form.html", {"group": group, "entry": entry, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def glossary_entry_remove(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    entry = get_object_or_404(GlossaryEntry, pk=entry_id, group=group)
    if request.method == "POST":
        services.remove_glossary_entry(entry)
        messages.success(
            request, _("The glossary entry for %(acronym)s is removed.") % {"acronym": entry.display_acronym}
        )
        return redirect(f"{group.get_absolute_url()}#glossary")
    return render(request, "workstreams/glossary_entry_remove.html", {"group": group, "entry": entry})


# Setting up, running and closing groups ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat sets up a task-and-finish group, sub-group, network or forum under this group."""
    parent = group_for_user(request.user, slug, manage=True)
    form = GroupCreateForm(request.POST if request.method == "POST" else None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(parent, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(group)s is set up. You run it as its secretariat.") % {"group": group})
            return redirect(group)
    return render(request, "workstreams/group_create.html", {"parent": parent, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def group_settings(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    form = GroupSettingsForm(request.POST if request.method == "POST" else None, instance=group)
    if request.method == "POST" and form.is_valid():
        settings = form.settings()
        group.refresh_from_db()  # the form wrote into the instance; the service compares with what is stored
        try:
            changed = services.update_group_settings(group, by=request.user, **settings)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The settings are saved.") if changed else _("Nothing was changed."))
            return redirect("workstreams:group_settings", slug=group.slug)
    events = group.events.select_related("actor")[:50]
    return render(request, "workstreams/group_settings.html", {"group": group, "form": form, "events": events})


@login_required
@require_http_methods(["GET", "POST"])
def group_close(request: HttpRequest, slug: str) -> HttpResponse:
    group = group_for_user(request.user, slug, manage=True)
    form = GroupCloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_group(group, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(group)s is closed. Its records stay here to read.") % {"group": group})
            return redirect(group)
    return render(request, "workstreams/group_close.html", {"group": group, "form": form})


# Organisations and people ------------------------------------------------------------------------


def _may_manage_organisations(request: HttpRequest) -> None:
    if not request.user.has_perm("workstreams.manage_organisations"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def organisations(request: HttpRequest) -> HttpResponse:
    """The bodies members represent, shared by every group: the secretariat adds and keeps them."""
    _may_manage_organisations(request)
    form = OrganisationForm(request.POST if request.method == "POST" else None, submit_label=_("Add the organisation"))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.add_organisation(by=request.user, **form.values())
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": organisation})
            return redirect("workstreams:organisations")
    listed = Organisation.objects.annotate(seats=Count("memberships")).order_by(f"name_{active_language()}", "name_en")
    return render(request, "workstreams/organisations.html", {"organisations": listed, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    _may_manage_organisations(request)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = OrganisationForm(request.POST if request.method == "POST" else None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        organisation.refresh_from_db()
        try:
            services.update_organisation(organisation, by=request.user, **values)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": organisation})
            return redirect("workstreams:organisations")
    events = organisation.events.select_related("actor")[:30]
    return render(
        request,
        "workstreams/organisation_form.html",
        {"organisation": organisation, "form": form, "events": events, "merge_form": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_merge(request: HttpRequest, organisation_id: int) -> HttpResponse:
    _may_manage_organisations(request)
    duplicate = get_object_or_404(Organisation, pk=organisation_id)
    form = OrganisationMergeForm(request.POST if request.method == "POST" else None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        name = str(duplicate)
        try:
            kept = services.merge_organisations(duplicate, into=form.cleaned_data["into"], by=request.user)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(old)s is merged into %(name)s.") % {"old": name, "name": kept})
            return redirect("workstreams:organisations")
    return render(request, "workstreams/organisation_merge.html", {"organisation": duplicate, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's account as the secretariat of their groups sees it: language, seats, active or not."""
    person = get_object_or_404(Person, pk=person_id)
    if not request.user.has_perm("workstreams.manage_person", person):
        raise Http404
    form = PersonForm(
        request.POST if request.method == "POST" and "preferred_language" in request.POST else None,
        initial={"preferred_language": person.preferred_language},
    )
    if request.method == "POST":
        try:
            if "active" in request.POST:
                services.set_active(person, active=request.POST["active"] == "1", by=request.user)
                done = _("%(name)s can sign in again.") if person.is_active else _("%(name)s is deactivated.")
                messages.success(request, done % {"name": person.full_name})
                return redirect("workstreams:person", person_id=person.pk)
            if form.is_valid():
                services.change_language(person, language=form.cleaned_data["preferred_language"], by=request.user)
                messages.success(request, _("The language is saved."))
                return redirect("workstreams:person", person_id=person.pk)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("workstreams:person", person_id=person.pk)
    seats = person.memberships.select_related("group", "organisation").order_by("group__name_en", "-start_date")
    return render(request, "workstreams/person.html", {"person": person, "form": form, "seats": seats})


# Deliverables and reports to the parent ----------------------------------------------------------


def _reporting_group(request: HttpRequest, slug: str) -> Group:
    group = group_for_user(request.user, slug)
    if not request.user.has_perm("workstreams.report_for_group", group):
        raise PermissionDenied
    if group.parent_id is None:
        raise Http404  # only a group under another has deliverables and reports upward
    return group


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_edit(request: HttpRequest, slug: str, deliverable_id: int | None = None) -> HttpResponse:
    group = _reporting_group(request, slug)
    deliverable = get_object_or_404(Deliverable, pk=deliverable_id, group=group) if deliverable_id else None
    form = DeliverableForm(
        request.POST if request.method == "POST" else None, instance=deliverable or Deliverable(group=group)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_deliverable(form.instance, by=request.user)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The deliverable is saved."))
            return redirect(f"{group.get_absolute_url()}#deliverables")
    return render(
        request, "workstreams/deliverable_form.html", {"group": group, "form": form, "deliverable": deliverable}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_write(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's highlight report to the next meeting of the group it reports to."""
    group = _reporting_group(request, slug)
    meeting = services.report_to(group)
    if meeting is None:
        messages.error(request, _("%(parent)s has no meeting still to come to report to.") % {"parent": group.parent})
        return redirect(group)
    current = group.reports.filter(meeting=meeting).first()
    initial = {name: getattr(current, name) for name in HighlightReportForm.base_fields} if current else None
    form = HighlightReportForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_report(group, meeting=meeting, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request, _("The report is sent: it is listed on the agenda of %(parent)s.") % {"parent": group.parent}
            )
            return redirect(f"{group.get_absolute_url()}#report")
    return render(request, "workstreams/report_form.html", {"group": group, "form": form, "meeting": meeting})
