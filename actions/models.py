import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from steering.bilingual import localised

from .enums import OPEN_STATUSES, ActionStatus, AnswerPer, ReminderKind, ReminderStatus


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Action(models.Model):
    """An action from the minutes or agreed outside a meeting: the action log's entry."""

    group = models.ForeignKey(
        "workstreams.Group", verbose_name=_("group"), on_delete=models.PROTECT, related_name="actions"
    )
    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item it arose from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    text_en = models.TextField(_("action in English"))
    text_cy = models.TextField(_("action in Welsh"), blank=True)
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_owned",
    )
    owner_organisation = models.ForeignKey(
        "workstreams.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_owned",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_at_meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions_closed"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["group", "created_at", "pk"]
        indexes = [
            # The group's open actions, on the "minutes and actions of the last meeting" item.
            models.Index(fields=["group", "status"], name="action_group_status"),
            # The action log: its count, its first page in due-date order and its owners' lists are
            # read from the index alone, not from the rows (with their texts) of each action.
            models.Index(
                fields=["group", "due_date", "id", "item", "owner_person", "owner_organisation"],
                name="action_log",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_person__isnull=False) | Q(owner_organisation__isnull=False),
                name="action_has_an_owner",
            ),
        ]

    def __str__(self):
        return str(localised(self, "text"))

    def get_absolute_url(self):
        return reverse("actions:action", kwargs={"action_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def owner_display(self) -> str:
        return owner_name(
            self.owner_person.full_name if self.owner_person_id else None,
            str(self.owner_organisation) if self.owner_organisation_id else None,
        )


def owner_name(person: str | None, organisation: str | None) -> str:
    """How an action's owner is named: the person, the organisation, or the person (the organisation)."""
    if person is not None and organisation is not None:
        return f"{person} ({organisation})"
    return person if person is not None else organisation or ""


class ActionUpdate(models.Model):
    """Progress on an action: a note, a change of status, or both, by whoever made it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    # A progress note is written once, in the writer's language, which is kept so it is marked up
    # with the right lang attribute; it is working correspondence, not published text.
    note = models.TextField(_("note"), blank=True)
    note_language = models.CharField(max_length=2, choices=[("cy", "Cymraeg"), ("en", "English")], default="en")
    old_status = models.CharField(max_length=12, choices=ActionStatus.choices)
    new_status = models.CharField(max_length=12, choices=ActionStatus.choices)
    at_meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.action_id}: {self.old_status} → {self.new_status}"


class FeedbackRequest(models.Model):
    """The secretariat asks the group, or some of its organisations, for feedback by a deadline."""

    group = models.ForeignKey("workstreams.Group", on_delete=models.PROTECT, related_name="feedback_requests")
    title_en = models.CharField(_("title in English"), max_length=300)
    title_cy = models.CharField(_("title in Welsh"), max_length=300, blank=True)
    question_en = models.TextField(_("question in English"))
    question_cy = models.TextField(_("question in Welsh"), blank=True)
    paper = models.ForeignKey(
        "meetings.Paper", verbose_name=_("paper"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(_("deadline"))
    answer_per = models.CharField(
        _("who answers"), max_length=12, choices=AnswerPer.choices, default=AnswerPer.ORGANISATION
    )
    # Empty: every member of the group is asked; otherwise only these organisations' members.
    organisations = models.ManyToManyField("workstreams.Organisation", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        ordering = ["-deadline", "-pk"]
        indexes = [models.Index(fields=["deadline"], name="feedback_deadline")]

    def __str__(self):
        return str(localised(self, "title"))

    def get_absolute_url(self):
        return reverse("actions:feedback", kwargs={"request_id": self.pk})


def answer_path(response: "FeedbackResponse", filename: str) -> str:
    return f"feedback/{response.request_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class FeedbackResponse(models.Model):
    """An answer to a feedback request, from an organisation or a member, changeable until the deadline."""

    request = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="responses")
    # "organisation:<id>" or "person:<id>": one answer per respondent, whatever the request asks.
    respondent = models.CharField(max_length=40)
    organisation = models.ForeignKey(
        "workstreams.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"))
    text_language = models.CharField(max_length=2, choices=[("cy", "Cymraeg"), ("en", "English")], default="en")
    file = models.FileField(_("file"), upload_to=answer_path, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        ordering = ["request", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "respondent"], name="feedback_one_answer_per_respondent"),
        ]

    def __str__(self):
        return f"{self.request_id}: {self.respondent}"


class ReminderSweep(models.Model):
    """Beat's daily sweep of one day: started, still working (``progress_at``, after each batch of
    people), finished. One started and silent for minutes was lost with its worker and is run
    again (``reminders.resume``); running it again sends nothing twice."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField()
    progress_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return str(self.day)


class QueuedDigest(models.Model):
    """One person's digest of one day, handed to a worker by the daily sweep. Done when the worker
    has sent it (or found nothing left to send); one still not done minutes later was lost with its
    worker and is queued again by beat (``reminders.resume``). What goes once is decided by
    ``ReminderSent``, so queuing again never sends twice."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    reminders = models.JSONField(default=list)
    queued_at = models.DateTimeField()
    tried_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="queued_digest_once_a_day")]
        indexes = [models.Index(fields=["done_at", "day"])]

    def __str__(self):
        return f"{self.person_id} {self.day}"


class ReminderSent(models.Model):
    """One reminder in one person's daily digest. The unique constraint is what makes it go once."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=ReminderKind.choices)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    feedback_request = models.ForeignKey(
        FeedbackRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The meeting of a papers, reply or minutes reminder.
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    day = models.DateField()
    status = models.CharField(max_length=8, choices=ReminderStatus.choices, default=ReminderStatus.SENT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "action", "day"],
                condition=Q(action__isnull=False),
                name="reminder_once_per_action_kind_day",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "feedback_request", "day"],
                condition=Q(feedback_request__isnull=False),
                name="reminder_once_per_request_kind_day",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "meeting", "day"],
                condition=Q(meeting__isnull=False),
                name="reminder_once_per_meeting_kind_day",
            ),
        ]
        indexes = [
            # The sweep reads what each batch of people already had today.
            models.Index(fields=["day", "person"], name="reminder_day_person"),
        ]

    def __str__(self):
        return f"{self.person_id} {self.kind} {self.day}"
