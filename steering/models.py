import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    # Welsh is listed first, as the Welsh Language Standards ask.
    WELSH = "cy", "Cymraeg"
    ENGLISH = "en", "English"


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A person needs an email address to sign in.")
        person = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in: a member, the secretariat, a chair, an observer or an administrator."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Whether the person can sign in to the admin site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The secret in the address of the person's calendar feed; a new one cuts off the old address.
    calendar_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # For each kind of notice the person has chosen the timing of ({kind: "now" | "digest"}).
    notice_timing = models.JSONField(default=dict, blank=True)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def timing_of(self, kind: str) -> str:
        """When this person gets a notice of ``kind``: at once, or in the daily digest."""
        if kind in NOTICES_ALWAYS_AT_ONCE:
            return NoticeTiming.NOW
        default = NoticeTiming.DIGEST if kind in NOTICES_IN_DIGEST_BY_DEFAULT else NoticeTiming.NOW
        chosen = (self.notice_timing or {}).get(kind, default)
        return chosen if chosen in NoticeTiming.values else default

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class NoticeKind(models.TextChoices):
    """Every kind of notice the service sends a person; each person chooses, per kind that allows
    it, between an email at once and a line in the daily digest (``Person.notice_timing``)."""

    INVITATION = "invitation", _("Meeting invitations, changes and cancellations")
    REPLY_CHASE = "reply_chase", _("Reminders to reply to an invitation")
    AGENDA = "agenda", _("Agendas issued, with the agenda pack")
    PACK_UPDATED = "pack_updated", _("Agenda packs updated after issue")
    MINUTES_SUBMITTED = "minutes_submitted", _("Minutes sent to the chair for review")
    MINUTES_RETURNED = "minutes_returned", _("Minutes returned by the chair")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    ACTION_ASSIGNED = "action_assigned", _("Actions given to you or your organisation, and their new due dates")
    FEEDBACK_OPENED = "feedback_opened", _("Feedback requests sent to you")
    FEEDBACK_CHASE = "feedback_chase", _("Reminders to answer a feedback request")
    PROPOSAL_DECIDED = "proposal_decided", _("Items you proposed for an agenda, accepted or declined")


# Kinds that always go at once: an invitation carries a calendar entry, which a digest cannot.
NOTICES_ALWAYS_AT_ONCE = frozenset({NoticeKind.INVITATION})
# What each kind goes as unless the person chooses otherwise.
NOTICES_IN_DIGEST_BY_DEFAULT = frozenset({NoticeKind.PACK_UPDATED})


class NoticeTiming(models.TextChoices):
    NOW = "now", _("Email me at once")
    DIGEST = "digest", _("Put it in my daily digest")


class NoticeStatus(models.TextChoices):
    # Written down, waiting for the worker (or, for a digest notice, for the next digest).
    WAITING = "waiting", _("Waiting")
    # The mail server took the message, on its own or in a digest.
    SENT = "sent", _("Sent")
    # The mail server refused the address; the secretariat is told.
    REFUSED = "refused", _("Refused")
    # Given up after too many failed tries.
    GIVEN_UP = "given_up", _("Given up")


class Notice(models.Model):
    """One email to one person about one thing, written down before it is sent.

    ``key`` names the thing and its state ("meeting:12:invitation:3"): the same key for the same
    person is the same notice, so nothing is sent twice however often the cause is repeated.
    The message is rendered when the notice is made, in both languages with the person's first.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    key = models.CharField(max_length=200)
    timing = models.CharField(max_length=10, choices=NoticeTiming.choices, default=NoticeTiming.NOW)
    subject = models.CharField(max_length=500)
    text = models.TextField()
    html = models.TextField(blank=True)
    # One line for the daily digest, in each language, and where it leads.
    line_cy = models.CharField(max_length=500, blank=True)
    line_en = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500, blank=True)
    # An iCalendar object (METHOD:REQUEST or CANCEL) sent with the message, if any.
    calendar = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="notice_once_per_person")]
        indexes = [models.Index(fields=["status", "timing", "created_at"], name="notice_waiting")]

    def __str__(self):
        return f"{self.kind} to {self.person_id}: {self.key}"
