"""Every change to groups, memberships, terms of reference and glossaries goes through here."""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from steering.errors import DomainError
from steering.mail import send_bilingual_email
from steering.models import Person

from .enums import GroupEventKind, GroupKind, GroupStatus, OrganisationEventKind, Role
from .models import (
    Deliverable,
    DeliverableChange,
    GlossaryEntry,
    Group,
    GroupEvent,
    HighlightReport,
    Membership,
    Organisation,
    OrganisationEvent,
    TermsOfReference,
)


def find_or_create_person(*, email: str, full_name: str, preferred_language: str) -> Person:
    """The person with this email address, or a new account they activate by resetting a password."""
    person = Person.objects.filter(email__iexact=email).first()
    if person:
        return person
    return Person.objects.create_user(email=email, full_name=full_name, preferred_language=preferred_language)


@transaction.atomic
def add_membership(
    group: Group,
    *,
    person: Person,
    role: str,
    organisation: Organisation | None,
    start_date: datetime.date,
    deputy_for: Membership | None = None,
) -> Membership:
    if Membership.objects.filter(group=group, person=person, role=role, end_date__isnull=True).exists():
        raise DomainError(
            _("%(person)s already has the role ‘%(role)s’ in this group. Change or end that membership instead.")
            % {"person": person, "role": Role(role).label},
            field="email",
        )
    if deputy_for is not None and deputy_for.group_id != group.pk:
        raise DomainError(_("A deputy can only stand in for a member of the same group."), field="deputy_for")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group,
                person=person,
                role=role,
                organisation=organisation,
                start_date=start_date,
                deputy_for=deputy_for if role == Role.DEPUTY else None,
            )
    except IntegrityError:
        raise DomainError(
            _("%(person)s was added to this group a moment ago by someone else.") % {"person": person},
            field="email",
        ) from None
    from .tasks import send_welcome

    send_welcome.delay_on_commit(membership_id=membership.pk)
    return membership


def send_welcome(membership: Membership) -> None:
    """Tells someone they joined a group; someone new also gets a link to choose a password."""
    person = membership.person
    set_password_url = ""
    if not person.has_usable_password():
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
                "token": default_token_generator.make_token(person),
            },
        )
        set_password_url = settings.SITE_URL + path
    send_bilingual_email(
        to=person.email,
        subject_template="emails/welcome_subject.txt",
        body_template="emails/welcome.txt",
        context={
            "person": person,
            "group": membership.group,
            "role": membership.get_role_display,
            "set_password_url": set_password_url,
            "group_url": settings.SITE_URL + membership.group.get_absolute_url(),
        },
        first=person.preferred_language,
    )


@transaction.atomic
def change_role(
    membership: Membership,
    *,
    role: str,
    organisation: Organisation | None,
    deputy_for: Membership | None = None,
    on: datetime.date | None = None,
) -> Membership:
    """Ends the seat and opens one in the new role, so the group's history shows both.

    A seat that started today is corrected in place: it has no history worth keeping.
    """
    on = on or timezone.localdate()
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None and membership.end_date < on:
        raise DomainError(_("This membership has ended. Add the person to the group again instead."), field="role")
    deputy_for = deputy_for if role == Role.DEPUTY else None
    if (membership.role, membership.organisation_id, membership.deputy_for_id) == (
        role,
        organisation.pk if organisation else None,
        deputy_for.pk if deputy_for else None,
    ):
        raise DomainError(
            _("Choose a different role or organisation, or go back without changing anything."), field="role"
        )
    if (
        Membership.objects.filter(
            group_id=membership.group_id, person_id=membership.person_id, role=role, end_date__isnull=True
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise DomainError(
            _("%(person)s already has the role ‘%(role)s’ in this group.")
            % {"person": membership.person, "role": Role(role).label},
            field="role",
        )
    if membership.start_date >= on:
        membership.role = role
        membership.organisation = organisation
        membership.deputy_for = deputy_for
        membership.save(update_fields=["role", "organisation", "deputy_for"])
        return membership
    membership.end_date = on - datetime.timedelta(days=1)
    membership.save(update_fields=["end_date"])
    return Membership.objects.create(
        group_id=membership.group_id,
        person_id=membership.person_id,
        role=role,
        organisation=organisation,
        deputy_for=deputy_for,
        start_date=on,
    )


@transaction.atomic
def end_membership(membership: Membership, *, on: datetime.date) -> Membership:
    if on < membership.start_date:
        raise DomainError(
            _("The last day must be on or after the day the membership started, %(date)s")
            % {"date": date_format(membership.start_date, "DATE_FORMAT")},
            field="end_date",
        )
    # A conditional update: if someone ended it a moment ago, say so rather than overwrite.
    updated = Membership.objects.filter(pk=membership.pk, end_date__isnull=True).update(end_date=on)
    if not updated:
        raise DomainError(_("This membership has already ended."), field="end_date")
    membership.end_date = on
    return membership


@transaction.atomic
def add_terms_of_reference(
    group: Group, *, text_en: str, text_cy: str, date_agreed: datetime.date, by: Person
) -> TermsOfReference:
    """A new version, which becomes the group's terms of reference: in both languages, never
    with its Welsh to follow."""
    if text_en.strip() and not text_cy.strip():
        raise DomainError(
            _(
                "Enter the terms of reference in Welsh: they cannot become the group's terms of reference "
                "while the Welsh is missing"
            ),
            field="text_cy",
        )
    if date_agreed > timezone.localdate():
        raise DomainError(_("The date agreed must be today or in the past"), field="date_agreed")
    # Lock the group row so two secretariat members cannot both take the same version number.
    Group.objects.select_for_update().get(pk=group.pk)
    latest = group.terms_of_reference.order_by("-version").first()
    if latest and date_agreed < latest.date_agreed:
        raise DomainError(
            _("The date agreed must be on or after the date of the current version, %(date)s")
            % {"date": date_format(latest.date_agreed, "DATE_FORMAT")},
            field="date_agreed",
        )
    return TermsOfReference.objects.create(
        group=group,
        version=(latest.version if latest else 0) + 1,
        text_en=text_en,
        text_cy=text_cy,
        date_agreed=date_agreed,
        created_by=by,
    )


def save_glossary_entry(entry: GlossaryEntry) -> GlossaryEntry:
    others = GlossaryEntry.objects.filter(group_id=entry.group_id).exclude(pk=entry.pk)
    welsh = entry.display_acronym_in("cy")
    # Compared as each language's reader sees them: an empty Welsh acronym reads as the English one.
    clashes = (
        ("acronym_en", entry.acronym_en, others.filter(acronym_en__iexact=entry.acronym_en)),
        (
            "acronym_cy",
            welsh,
            others.filter(acronym_cy__iexact=welsh) | others.filter(acronym_cy="", acronym_en__iexact=welsh),
        ),
    )
    for field, acronym, clash in clashes:
        if acronym and clash.exists():
            raise DomainError(
                _("The glossary already explains %(acronym)s. Change that entry instead.") % {"acronym": acronym},
                field=field,
            )
    entry.save()
    return entry


def remove_glossary_entry(entry: GlossaryEntry) -> None:
    entry.delete()


# Groups -----------------------------------------------------------------------------------------

# The settings a group inherits from the one it is set up under.
INHERITED_SETTINGS = ("minutes_layout", "english_first", "chair_approves", "papers_deadline_days", "invite_when")
# What the settings page changes, each logged in the audit trail when it does.
SETTINGS = (
    "name_en",
    "name_cy",
    "short_name_en",
    "short_name_cy",
    "purpose_en",
    "purpose_cy",
    "end_date",
    "quorum",
    "minutes_are_public",
    "public_names",
    "minutes_layout",
    "english_first",
    "chair_approves",
    "papers_deadline_days",
    "invite_when",
)


def _seat_of(person: Person, group: Group) -> Membership | None:
    return Membership.objects.current().filter(person=person, group=group).order_by("role").first()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "group"
    slug, number = base, 2
    while Group.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_group(
    parent: Group,
    *,
    by: Person,
    kind: str,
    name_en: str,
    name_cy: str,
    chair: Person | None = None,
    start_date: datetime.date | None = None,
    **fields,
) -> Group:
    """A task-and-finish group, sub-group, network or forum under ``parent``: it reports to it and
    starts with the parent's settings for its minutes. Whoever sets it up runs it (its secretariat);
    the chair chosen takes the chair, each for the organisation they represent on the parent."""
    if kind == GroupKind.STEERING_GROUP:
        raise DomainError(_("A group set up under another is a task-and-finish group, sub-group, network or forum."))
    start = start_date or timezone.localdate()
    if fields.get("end_date") and fields["end_date"] < start:
        raise DomainError(_("The planned end must be after the start"), field="end_date")
    group = Group.objects.create(
        parent=parent,
        kind=kind,
        name_en=name_en,
        name_cy=name_cy,
        slug=_unique_slug(name_en),
        start_date=start,
        status=GroupStatus.ACTIVE,
        **{name: getattr(parent, name) for name in INHERITED_SETTINGS},
        **fields,
    )
    seat = _seat_of(by, parent)
    Membership.objects.create(
        group=group,
        person=by,
        role=Role.SECRETARIAT,
        organisation=seat.organisation if seat else None,
        start_date=start,
    )
    if chair is not None:
        chair_seat = _seat_of(chair, parent)
        add_membership(
            group,
            person=chair,
            role=Role.CHAIR,
            organisation=chair_seat.organisation if chair_seat else None,
            start_date=start,
        )
    GroupEvent.objects.create(group=group, actor=by, kind=GroupEventKind.CREATED, detail=f"under {parent.slug}")
    return group


def update_group_settings(group: Group, *, by: Person, **fields) -> list[str]:
    """Saves what changed and writes each change in the audit trail; returns the names changed."""
    unknown = set(fields) - set(SETTINGS)
    if unknown:
        raise ValueError(f"not a group setting: {sorted(unknown)}")
    if fields.get("end_date") and group.start_date and fields["end_date"] < group.start_date:
        raise DomainError(_("The planned end must be after the start"), field="end_date")
    changed = {name: value for name, value in fields.items() if getattr(group, name) != value}
    if not changed:
        return []
    detail = "\n".join(f"{name}: {getattr(group, name)!r} → {value!r}" for name, value in changed.items())
    for name, value in changed.items():
        setattr(group, name, value)
    with transaction.atomic():
        group.save(update_fields=list(changed))
        GroupEvent.objects.create(group=group, actor=by, kind=GroupEventKind.SETTINGS, detail=detail)
    return list(changed)


@transaction.atomic
def close_group(group: Group, *, by: Person, closing_note_en: str, closing_note_cy: str, on: datetime.date) -> Group:
    """Its work is done: closed with a note in both languages. Its records stay readable; meetings
    still to come must be held or cancelled first."""
    if group.status == GroupStatus.CLOSED:
        raise DomainError(_("This group is closed already."))
    if group.children.exclude(status=GroupStatus.CLOSED).exists():
        raise DomainError(_("Close the groups under this one first."))
    upcoming = group.meetings.filter(status__in=["planned", "agenda_issued", "postponed"])
    if upcoming.exists():
        raise DomainError(_("This group has meetings still to come: mark them as held or cancel them first."))
    if group.start_date and on < group.start_date:
        raise DomainError(_("The group cannot close before it started."), field="on")
    group.status, group.end_date = GroupStatus.CLOSED, on
    group.closing_note_en, group.closing_note_cy = closing_note_en, closing_note_cy
    group.save(update_fields=["status", "end_date", "closing_note_en", "closing_note_cy"])
    GroupEvent.objects.create(group=group, actor=by, kind=GroupEventKind.CLOSED, detail=f"on {on.isoformat()}")
    return group


# Organisations and people ------------------------------------------------------------------------

ORGANISATION_FIELDS = ("name_en", "name_cy", "acronym_en", "acronym_cy", "kind")
# Sent when two organisations become one, for what names an organisation other than by a foreign
# key (the actions app keys a feedback answer "organisation:<id>"): (duplicate id, kept id).
organisation_merged = Signal()


def _same_name(name_en: str, exclude: int | None = None) -> bool:
    return Organisation.objects.filter(name_en__iexact=name_en.strip()).exclude(pk=exclude).exists()


def add_organisation(*, by: Person, **fields) -> Organisation:
    if _same_name(fields["name_en"]):
        raise DomainError(_("An organisation with this English name is on the list already."), field="name_en")
    with transaction.atomic():
        organisation = Organisation.objects.create(**fields)
        OrganisationEvent.objects.create(organisation=organisation, actor=by, kind=OrganisationEventKind.ADDED)
    return organisation


def update_organisation(organisation: Organisation, *, by: Person, **fields) -> list[str]:
    if _same_name(fields.get("name_en", organisation.name_en), exclude=organisation.pk):
        raise DomainError(_("An organisation with this English name is on the list already."), field="name_en")
    changed = {name: value for name, value in fields.items() if getattr(organisation, name) != value}
    if changed:
        detail = "\n".join(f"{name}: {getattr(organisation, name)!r} → {value!r}" for name, value in changed.items())
        for name, value in changed.items():
            setattr(organisation, name, value)
        with transaction.atomic():
            organisation.save(update_fields=list(changed))
            OrganisationEvent.objects.create(
                organisation=organisation, actor=by, kind=OrganisationEventKind.RENAMED, detail=detail
            )
    return list(changed)


@transaction.atomic
def merge_organisations(duplicate: Organisation, *, into: Organisation, by: Person) -> Organisation:
    """Two entries that are the same body become one: everything that named the duplicate (seats,
    attendance, action owners, requests, leads …, whichever app holds them) names the one kept,
    so no history is lost; the duplicate's names stay in the kept one's audit trail."""
    if duplicate.pk == into.pk:
        raise DomainError(_("Choose another organisation to merge it into."), field="into")
    # Hidden relations too (related_name="+"): a feedback request's organisations, an answer's.
    relations = [
        field
        for field in Organisation._meta.get_fields(include_hidden=True)
        if field.auto_created
        and not field.concrete
        and field.related_model is not OrganisationEvent
        and not field.related_model._meta.auto_created  # a many-to-many's own table: by its relation below
    ]
    for relation in relations:
        if relation.many_to_many:
            through = relation.through
            mine, other = relation.field.m2m_reverse_field_name(), relation.field.m2m_field_name()
            kept = set(through.objects.filter(**{mine: into}).values_list(other, flat=True))
            through.objects.filter(**{mine: duplicate, f"{other}__in": kept}).delete()
            through.objects.filter(**{mine: duplicate}).update(**{mine: into})
        else:
            relation.related_model._base_manager.filter(**{relation.field.name: duplicate}).update(
                **{relation.field.name: into}
            )
    organisation_merged.send(sender=Organisation, duplicate_id=duplicate.pk, kept_id=into.pk)
    names = " / ".join(name for name in (duplicate.name_cy, duplicate.name_en) if name)
    OrganisationEvent.objects.create(organisation=into, actor=by, kind=OrganisationEventKind.MERGED, detail=names)
    duplicate.delete()
    return into


def change_language(person: Person, *, language: str, by: Person) -> Person:
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    return person


def set_active(person: Person, *, active: bool, by: Person) -> Person:
    """Deactivating stops someone signing in and being sent anything; everything they wrote, and
    their place in each group's history, stays."""
    if person.pk == by.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    if person.is_superuser and not by.is_superuser:
        raise DomainError(_("Only an administrator can deactivate an administrator."))
    person.is_active = active
    person.save(update_fields=["is_active"])
    return person


# Deliverables and highlight reports --------------------------------------------------------------


def save_deliverable(deliverable: Deliverable, *, by: Person) -> Deliverable:
    """A new deliverable or a change to one; each new status is kept, with when, for the chart."""
    if deliverable.group.parent_id is None:
        raise DomainError(_("Deliverables belong to a group that reports to another."))
    previous = Deliverable.objects.filter(pk=deliverable.pk).values_list("status", flat=True).first()
    with transaction.atomic():
        deliverable.save()
        if previous != deliverable.status:
            DeliverableChange.objects.create(deliverable=deliverable, status=deliverable.status, by=by)
    return deliverable


def report_to(group: Group):
    """The parent's meeting the group reports to next: its first still to come, or None."""
    if group.parent_id is None:
        return None
    return (
        group.parent.meetings.filter(status__in=["planned", "agenda_issued"], starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )


def write_report(group: Group, *, meeting, by: Person, no_change: bool, **texts) -> HighlightReport:
    """The group's highlight report to a meeting of its parent, until that meeting takes place:
    progress (in English at least), risks and asks; or that nothing has changed."""
    if group.parent_id is None or meeting.group_id != group.parent_id:
        raise DomainError(_("A report goes to a meeting of the group this one reports to."))
    # Until the minutes that take the report are approved: the Welsh may follow the meeting.
    if meeting.status not in ("planned", "agenda_issued", "held", "minutes_draft"):
        raise DomainError(_("The minutes of that meeting are with the chair or approved: its reports are closed."))
    if not no_change and not texts.get("progress_en", "").strip():
        raise DomainError(_("Enter the progress in English, or say that nothing has changed"), field="progress_en")
    if no_change:
        texts = dict.fromkeys(texts, "")
    report, _created = HighlightReport.objects.update_or_create(
        group=group, meeting=meeting, defaults={"no_change": no_change, "written_by": by, **texts}
    )
    return report
