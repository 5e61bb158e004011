import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.bilingual import localised

from .enums import (
    AttendanceStatus,
    DeliveryStatus,
    ItemKind,
    MeetingStatus,
    MinutesEventKind,
    MinutesStatus,
    PlannedItemStatus,
    ReplyAnswer,
)


class Meeting(models.Model):
    group = models.ForeignKey(
        "workstreams.Group", verbose_name=_("group"), on_delete=models.PROTECT, related_name="meetings"
    )
    # The group's own count of its meetings, set when the meeting is made.
    number = models.PositiveIntegerField(_("meeting number"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place_en = models.CharField(_("place in English"), max_length=300, blank=True)
    place_cy = models.CharField(_("place in Welsh"), max_length=300, blank=True)
    online_link = models.URLField(_("online meeting link"), max_length=500, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair for the day"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
    )
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Why it was postponed or cancelled, told to members in both languages.
    status_reason_en = models.CharField(_("reason in English"), max_length=500, blank=True)
    status_reason_cy = models.CharField(_("reason in Welsh"), max_length=500, blank=True)
    # The iCalendar SEQUENCE of the invitation: raised on every change of time, place or link.
    sequence = models.PositiveIntegerField(default=0)
    invited_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    agenda_issued_at = models.DateTimeField(_("agenda issued at"), null=True, blank=True)
    # The agenda pack: the bilingual agenda with the papers appended, built when the agenda is issued.
    pack = models.FileField(upload_to="packs/", blank=True)
    pack_built_at = models.DateTimeField(null=True, blank=True)
    # A paper added or replaced after the pack was built; members hear of it once, in their digest.
    pack_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["group", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="meeting_unique_number")]
        indexes = [
            # The group page's upcoming and past lists, and previous/next links.
            models.Index(fields=["group", "starts_at"], name="meeting_group_starts"),
        ]

    def __str__(self):
        return f"{self.group} – {self.number}"

    def get_absolute_url(self):
        return reverse("meetings:meeting", kwargs={"pk": self.pk})

    @property
    def date_passed_unrecorded(self) -> bool:
        """Its date has passed and it was neither marked as held nor cancelled: the secretariat is told."""
        from .enums import UPCOMING_STATUSES

        return self.status in UPCOMING_STATUSES and (self.ends_at or self.starts_at) < timezone.now()


class AgendaItem(models.Model):
    """An item of the agenda, or a sub-item of one, with its minutes as they are written.

    Numbers (1, 2, 2 a) …) follow the order of items and are never stored.
    """

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("item this is part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_items",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=30, choices=ItemKind.choices, default=ItemKind.ORDINARY)
    title_en = models.CharField(_("title in English"), max_length=300)
    title_cy = models.CharField(_("title in Welsh"), max_length=300, blank=True)
    lead_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_organisation = models.ForeignKey(
        "workstreams.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_text_en = models.CharField(_("lead in English (free text)"), max_length=200, blank=True)
    lead_text_cy = models.CharField(_("lead in Welsh (free text)"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("expected duration in minutes"), null=True, blank=True)
    # The minute of this item, as Markdown limited to paragraphs, lists, bold and links.
    minutes_en = models.TextField(_("minutes in English"), blank=True)
    minutes_cy = models.TextField(_("minutes in Welsh"), blank=True)
    # Counts saves of the minute text, so that a save based on an older text is refused.
    minutes_revision = models.PositiveIntegerField(default=0)
    minutes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]

    def __str__(self):
        return str(localised(self, "title"))

    @property
    def is_reserved(self) -> bool:
        return self.kind == ItemKind.RESERVED or (self.parent_id is not None and self.parent.kind == ItemKind.RESERVED)


def paper_path(paper: "Paper", filename: str) -> str:
    # A random name: the original name is kept on the row, never trusted as a path.
    return f"papers/{paper.item.meeting_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="papers")
    title_en = models.CharField(_("title in English"), max_length=300)
    title_cy = models.CharField(_("title in Welsh"), max_length=300, blank=True)
    file_en = models.FileField(_("English version"), upload_to=paper_path, blank=True)
    file_cy = models.FileField(_("Welsh version"), upload_to=paper_path, blank=True)
    filename_en = models.CharField(max_length=255, blank=True)
    filename_cy = models.CharField(max_length=255, blank=True)
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Observers cannot open it, and it is never published.")
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Added after the group's papers deadline for the meeting; the agenda says so.
    late = models.BooleanField(_("late"), default=False)
    # The words of each file (PDF, DOCX, ODT), taken out on upload so that search finds them.
    text_en = models.TextField(blank=True, editable=False)
    text_cy = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["item", "uploaded_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(file_en="") | ~Q(file_cy=""), name="paper_has_a_file"),
        ]

    def __str__(self):
        return str(localised(self, "title"))


class Attendance(models.Model):
    """Who was there: a member (with a status), or someone in attendance who is not a member."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        "workstreams.Membership",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "workstreams.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    deputising_for = models.ForeignKey(
        "workstreams.Membership",
        verbose_name=_("deputising for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once_per_member"),
            models.CheckConstraint(
                condition=Q(membership__isnull=False) | ~Q(name=""), name="attendance_names_a_person"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.membership.person.full_name if self.membership_id else self.name


class Decision(models.Model):
    """A decision recorded on an item ("The SG agreed to establish task and finish groups")."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="decisions"
    )
    text_en = models.TextField(_("decision in English"))
    text_cy = models.TextField(_("decision in Welsh"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["item", "created_at", "pk"]

    def __str__(self):
        return str(localised(self, "text"))


class Minutes(models.Model):
    """One version of a meeting's minutes and where it stands in approval.

    The text being written lives on the agenda items; approval freezes it into ``snapshot``
    with the SHA-256 of that snapshot, so every approved version stays readable as approved.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes_versions"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    correction_reason_en = models.TextField(_("reason for the correction in English"), blank=True)
    correction_reason_cy = models.TextField(_("reason for the correction in Welsh"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    content_hash = models.CharField(_("SHA-256 of the approved text"), max_length=64, blank=True)
    snapshot = models.JSONField(_("approved text"), null=True, blank=True)
    # "both", or "en" when the chair approved the English and the Welsh was to follow
    # (``Group.chair_approves``); the snapshot and its hash above stay as approved either way.
    approved_languages = models.CharField(max_length=4, blank=True)
    # The Welsh completed on a version approved in English: who, when, and the record with its
    # Welsh (``welsh_snapshot``, what every reader then reads) with its SHA-256.
    welsh_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    welsh_completed_at = models.DateTimeField(_("Welsh completed at"), null=True, blank=True)
    welsh_hash = models.CharField(_("SHA-256 of the version with its Welsh"), max_length=64, blank=True)
    welsh_snapshot = models.JSONField(null=True, blank=True)
    # Minutes approved before the service, imported from this file (``actions/importing.py``).
    imported_from = models.CharField(max_length=255, blank=True)
    # When the translation memory learnt this version's pairs (``memory.learn``): once only.
    memory_learned_at = models.DateTimeField(null=True, blank=True)
    agreed_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("agreed at meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreed_minutes",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="minutes_unique_version")]

    def __str__(self):
        return f"{self.meeting} – {self.version}"


class ReviewComment(models.Model):
    """The chair's comment on the minutes, on one item or on the whole."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class MinutesEvent(models.Model):
    """The history of the minutes: who changed what, and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_events")
    minutes_version = models.PositiveSmallIntegerField(null=True)
    kind = models.CharField(max_length=20, choices=MinutesEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    detail = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minutes history entry")
        verbose_name_plural = _("minutes history")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.at:%Y-%m-%d %H:%M}"


def circulation_path(circulation: "Circulation", filename: str) -> str:
    meeting = circulation.minutes.meeting
    name = f"meeting-{meeting.number}-version-{circulation.minutes.version}-{uuid.uuid4().hex[:8]}.pdf"
    return f"minutes/{meeting.group.slug}/{name}"


class Circulation(models.Model):
    """One version of approved minutes, published: its PDF, rendered once, and who it went to."""

    minutes = models.OneToOneField(Minutes, on_delete=models.PROTECT, related_name="circulation")
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    layout = models.CharField(max_length=12)
    pdf = models.FileField(upload_to=circulation_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("circulation")
        verbose_name_plural = _("circulations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.minutes}"


class Delivery(models.Model):
    """The circulated minutes to one person: sent once, retried when it fails, never twice."""

    circulation = models.ForeignKey(Circulation, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.EmailField(blank=True)
    times_sent = models.PositiveSmallIntegerField(default=0)
    # When a worker last tried it: a copy left untried by a lost worker is queued again (``resume``).
    last_tried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["circulation", "person"], name="delivery_once_per_person"),
        ]

    def __str__(self):
        return f"{self.circulation} → {self.person}"


class Reply(models.Model):
    """A member's answer to the invitation: attending, online, apologies, or a named deputy."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="replies")
    membership = models.ForeignKey(
        "workstreams.Membership", verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    answer = models.CharField(_("reply"), max_length=10, choices=ReplyAnswer.choices)
    deputy_name = models.CharField(_("deputy's name"), max_length=200, blank=True)
    deputy_email = models.EmailField(_("deputy's email address"), blank=True)
    note = models.CharField(_("note to the secretariat"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="reply_once_per_member")]

    def __str__(self):
        return f"{self.membership_id}: {self.answer}"


class PlannedItem(models.Model):
    """An item of the group's forward work programme: planned by the secretariat, or proposed by a
    member for the secretariat to accept or decline, for a meeting, for the first meeting on or
    after a date, or for the next meeting. A new meeting's agenda starts from those it is due at."""

    group = models.ForeignKey(
        "workstreams.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="planned_items"
    )
    title_en = models.CharField(_("title in English"), max_length=300)
    title_cy = models.CharField(_("title in Welsh"), max_length=300, blank=True)
    why_en = models.TextField(_("why it should be discussed, in English"), blank=True)
    why_cy = models.TextField(_("why it should be discussed, in Welsh"), blank=True)
    lead_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_organisation = models.ForeignKey(
        "workstreams.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When: a meeting of the group; else the first meeting on or after a date; else the next meeting.
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    not_before = models.DateField(_("not before"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlannedItemStatus.choices, default=PlannedItemStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    placed_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="planned_as"
    )

    class Meta:
        verbose_name = _("planned item")
        verbose_name_plural = _("planned items")
        ordering = ["group", "proposed_at", "pk"]

    def __str__(self):
        return str(localised(self, "title"))


class MemoryUnit(models.Model):
    """One English sentence and its Welsh from the group's own approved record: the group's
    translation memory (``meetings/memory.py``), offered as suggestions and exported as TMX."""

    group = models.ForeignKey(
        "workstreams.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="memory"
    )
    english = models.TextField(_("English"))
    welsh = models.TextField(_("Welsh"))
    # SHA-256 of the English and of the Welsh as compared (spaces collapsed), for exact matches.
    english_key = models.CharField(max_length=64, db_index=True)
    welsh_key = models.CharField(max_length=64)
    kind = models.CharField(max_length=10)  # title, minutes, decision, action, report
    minutes = models.ForeignKey(Minutes, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uses = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation memory unit")
        verbose_name_plural = _("translation memory")
        ordering = ["group", "-uses", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "english_key", "welsh_key"], name="memory_unique_pair"),
        ]

    def __str__(self):
        return self.english[:60]


class MinutesImport(models.Model):
    """Minutes read from a file (``meetings/importing``), waiting for the secretariat's review:
    nothing of them is saved as a meeting until the review accepts it."""

    group = models.ForeignKey(
        "workstreams.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="minutes_imports"
    )
    file = models.FileField(upload_to="imports/")
    filename = models.CharField(max_length=255)
    # The Welsh version of the same minutes, when they were published as two files.
    file_cy = models.FileField(upload_to="imports/", blank=True)
    filename_cy = models.CharField(max_length=255, blank=True)
    # A meeting of the service whose draft minutes these are (typed elsewhere, during the meeting):
    # the review places each section in one of its items. Empty: the minutes become a new meeting.
    into = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # What the importer found (``bilingual.combine``: ``Proposal.for_review`` with the Welsh paired).
    proposal = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("minutes import")
        verbose_name_plural = _("minutes imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename
