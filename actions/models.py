from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from steering.bilingual import localised

from .enums import OPEN_STATUSES, ActionStatus


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
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_person__isnull=False) | Q(owner_organisation__isnull=False),
                name="action_has_an_owner",
            ),
        ]

    def __str__(self):
        return str(localised(self, "text"))

    @property
    def owner_display(self) -> str:
        if self.owner_person_id and self.owner_organisation_id:
            return f"{self.owner_person.full_name} ({self.owner_organisation})"
        return self.owner_person.full_name if self.owner_person_id else str(self.owner_organisation)
