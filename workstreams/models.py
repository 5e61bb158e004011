import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.bilingual import localised

from .enums import (
    ChairApproves,
    DeliverableStatus,
    GroupEventKind,
    GroupKind,
    GroupStatus,
    MinutesLayout,
    OrganisationEventKind,
    OrganisationKind,
    Role,
)


class Organisation(models.Model):
    """A body that members represent: a local authority, WLGA, Estyn, a health board, a college…"""

    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    acronym_en = models.CharField(_("acronym in English"), max_length=20, blank=True)
    acronym_cy = models.CharField(_("acronym in Welsh"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]
        constraints = [models.UniqueConstraint(fields=["name_en"], name="organisation_unique_english_name")]

    def __str__(self):
        return str(localised(self, "name"))


class Group(models.Model):
    """A steering group, or a task-and-finish group, sub-group, network or forum under one."""

    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    short_name_en = models.CharField(_("short name in English"), max_length=30, blank=True)
    short_name_cy = models.CharField(_("short name in Welsh"), max_length=30, blank=True)
    slug = models.SlugField(_("web address name"), unique=True, max_length=80)
    kind = models.CharField(_("kind"), max_length=30, choices=GroupKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    purpose_en = models.TextField(_("purpose in English"), blank=True)
    purpose_cy = models.TextField(_("purpose in Welsh"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.ACTIVE)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"), null=True, blank=True, help_text=_("Members needed for a meeting to make decisions.")
    )
    minutes_layout = models.CharField(
        _("layout of the minutes PDF"), max_length=12, choices=MinutesLayout.choices, default=MinutesLayout.SIDE_BY_SIDE
    )
    english_first = models.BooleanField(
        _("English first"), default=False, help_text=_("Welsh comes first (left, or first) unless this is ticked.")
    )
    chair_approves = models.CharField(
        _("what the chair approves"),
        max_length=14,
        choices=ChairApproves.choices,
        default=ChairApproves.ENGLISH_FIRST,
        help_text=_("With the English first, the Welsh is completed on the approved version without approving again."),
    )
    public_names = models.BooleanField(
        _("name the people present on public minutes"),
        default=False,
        help_text=_("Public minutes list the organisations present; tick to list people's names too."),
    )
    papers_deadline_days = models.PositiveSmallIntegerField(
        _("papers deadline"),
        default=5,
        help_text=_("Working days before a meeting that its papers are due (Welsh bank holidays are not counted)."),
    )
    invite_when = models.CharField(
        _("when members are invited"),
        max_length=10,
        choices=[("scheduled", _("When the meeting is scheduled")), ("issued", _("When the agenda is issued"))],
        default="scheduled",
    )
    minutes_are_public = models.BooleanField(
        _("public minutes"),
        default=False,
        help_text=_("Anyone may read the published minutes, without signing in."),
    )
    # Said when the group is closed: what it achieved, where its work went.
    closing_note_en = models.TextField(_("closing note in English"), blank=True)
    closing_note_cy = models.TextField(_("closing note in Welsh"), blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="group_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return str(localised(self, "name"))

    def get_absolute_url(self):
        return reverse("workstreams:group", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on) | Q(start_date__isnull=True)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def former(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(end_date__lt=on)


class Membership(models.Model):
    """A person's seat on a group, in a role, for an organisation, from a date until a date.

    A membership is ended, never deleted, so that the group's history can be told.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation represented"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    deputy_for = models.ForeignKey(
        "self",
        verbose_name=_("deputy for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputies",
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "person__full_name", "-start_date"]
        indexes = [
            # Serves the permission check: this person's current roles in this group.
            models.Index(fields=["person", "group", "end_date"], name="membership_person_group"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
            ),
            # One open seat per person, group and role; history lives in ended rows.
            models.UniqueConstraint(
                fields=["person", "group", "role"],
                condition=Q(end_date__isnull=True),
                name="membership_one_open_seat_per_role",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} – {self.group}"


class TermsOfReference(models.Model):
    """One agreed version of a group's terms of reference; a new version never replaces an old one."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="terms_of_reference"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    text_en = models.TextField(_("text in English"))
    text_cy = models.TextField(_("text in Welsh"), blank=True)
    date_agreed = models.DateField(_("date agreed"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("terms of reference")
        verbose_name_plural = _("terms of reference")
        ordering = ["group", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["group", "version"], name="terms_of_reference_unique_version"),
        ]

    def __str__(self):
        return f"{self.group} – {self.version}"


class GlossaryEntry(models.Model):
    """An acronym the group uses (SG, WG, ALN …) with its expansion in both languages."""

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="glossary")
    acronym_en = models.CharField(_("acronym in English"), max_length=20)
    acronym_cy = models.CharField(_("acronym in Welsh"), max_length=20, blank=True)
    expansion_en = models.CharField(_("meaning in English"), max_length=200)
    expansion_cy = models.CharField(_("meaning in Welsh"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")
        ordering = ["group", "acronym_en"]
        constraints = [
            models.UniqueConstraint(fields=["group", "acronym_en"], name="glossary_unique_acronym"),
        ]

    def __str__(self):
        return f"{self.display_acronym}: {localised(self, 'expansion')}"

    @property
    def display_acronym(self) -> str:
        """The Welsh acronym where it differs; many acronyms are the same in both languages."""
        return localised(self, "acronym").text

    def display_acronym_in(self, language: str) -> str:
        return localised(self, "acronym", language).text


class GroupEvent(models.Model):
    """The group's audit trail: who set it up, changed its settings or closed it, and when."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=GroupEventKind.choices)
    # What changed, as "field: old → new" lines in English (the record of a change, not a page text).
    detail = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.group_id} {self.kind} {self.at:%Y-%m-%d}"


class OrganisationEvent(models.Model):
    """The audit trail of the list of organisations: who added, renamed or merged one, and when.
    A merge keeps the duplicate's names here, since the duplicate itself is gone."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=OrganisationEventKind.choices)
    detail = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.organisation_id} {self.kind} {self.at:%Y-%m-%d}"


class Deliverable(models.Model):
    """What a group under another has to deliver, with its due date and how it stands."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="deliverables")
    title_en = models.CharField(_("deliverable in English"), max_length=300)
    title_cy = models.CharField(_("deliverable in Welsh"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliverableStatus.choices, default=DeliverableStatus.NOT_STARTED
    )

    class Meta:
        ordering = ["group", "due_date", "pk"]

    def __str__(self):
        return str(localised(self, "title"))


class DeliverableChange(models.Model):
    """Each status a deliverable has had, from when: the parent's chart of progress over time."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=12, choices=DeliverableStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.deliverable_id} {self.status} {self.at:%Y-%m-%d}"


class HighlightReport(models.Model):
    """A group's short report to a meeting of the group it reports to: progress, risks and what it
    asks of that group, or that nothing has changed since its last report."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="reports")
    # A meeting of the parent group (the meetings app is a layer above: a lazy reference).
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="highlight_reports")
    no_change = models.BooleanField(_("no change since the last report"), default=False)
    progress_en = models.TextField(_("progress in English"), blank=True)
    progress_cy = models.TextField(_("progress in Welsh"), blank=True)
    risks_en = models.TextField(_("risks and issues in English"), blank=True)
    risks_cy = models.TextField(_("risks and issues in Welsh"), blank=True)
    asks_en = models.TextField(_("asks of the group in English"), blank=True)
    asks_cy = models.TextField(_("asks of the group in Welsh"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group__name_en"]
        constraints = [models.UniqueConstraint(fields=["group", "meeting"], name="one_report_per_meeting")]

    def __str__(self):
        return f"{self.group} → {self.meeting_id}"
