from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    # Scheduled; the secretariat is building the agenda.
    PLANNED = "planned", _("Planned")
    # The agenda has gone out; its items are fixed.
    AGENDA_ISSUED = "agenda_issued", _("Agenda issued")
    # The meeting took place; minutes not yet started.
    HELD = "held", _("Held")
    # The secretariat is writing the minutes (also after a return or a correction).
    MINUTES_DRAFT = "minutes_draft", _("Minutes in draft")
    # Submitted to the chair.
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    # The chair approved the minutes; they are locked.
    APPROVED = "approved", _("Approved")
    # Approved minutes sent out and published.
    PUBLISHED = "published", _("Published")
    # Put off with no new date yet; members' calendars have it removed until a date is set.
    POSTPONED = "postponed", _("Postponed")
    # Called off; members' calendars have it removed.
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which the agenda may still change.
AGENDA_OPEN_STATUSES = frozenset({MeetingStatus.PLANNED})
# Statuses in which the minutes may be written.
MINUTES_OPEN_STATUSES = frozenset({MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT})


class ItemKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary item")
    WELCOME = "welcome", _("Welcome and introductions")
    # Lists the previous minutes' status and the group's open actions.
    PREVIOUS_MINUTES = "previous_minutes", _("Minutes and actions of the last meeting")
    ANY_OTHER_BUSINESS = "any_other_business", _("Any other business")
    # Lists the latest highlight reports of the groups under this one, which go into its minutes.
    GROUP_REPORTS = "group_reports", _("Reports from the groups under this one")
    # Its minutes and papers are withheld from observers and from publication.
    RESERVED = "reserved", _("Reserved (confidential)")


# Statuses in which members are invited and may reply, and the meeting may be called off.
UPCOMING_STATUSES = frozenset({MeetingStatus.PLANNED, MeetingStatus.AGENDA_ISSUED})


class ReplyAnswer(models.TextChoices):
    ATTENDING = "attending", _("Attending in person")
    ONLINE = "online", _("Attending online")
    APOLOGIES = "apologies", _("Sending apologies")
    DEPUTY = "deputy", _("Sending a deputy")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    ABSENT = "absent", _("Absent")


class MinutesStatus(models.TextChoices):
    # Being written or corrected by the secretariat.
    DRAFT = "draft", _("Draft")
    # With the chair for approval.
    SUBMITTED = "submitted", _("Submitted for approval")
    # Sent back by the chair with comments; the secretariat edits and resubmits.
    RETURNED = "returned", _("Returned with comments")
    # Approved by the chair: locked, with a hash of the exact text.
    APPROVED = "approved", _("Approved")
    # An approved version that a correction has replaced; still readable.
    SUPERSEDED = "superseded", _("Superseded by a correction")


EDITABLE_MINUTES_STATUSES = frozenset({MinutesStatus.DRAFT, MinutesStatus.RETURNED})


class DeliveryStatus(models.TextChoices):
    # Waiting to be sent (first time, or after the secretariat asked to send it again).
    QUEUED = "queued", _("Waiting to be sent")
    # The mail server took the message.
    SENT = "sent", _("Sent")
    # The last try failed; it is tried again with backoff.
    FAILED = "failed", _("Failed")


class MinutesEventKind(models.TextChoices):
    STARTED = "started", _("Minutes started")
    ITEM_EDITED = "item_edited", _("Minute text changed")
    TRANSLATION_IMPORTED = "translation", _("Welsh imported from a translation file")
    DECISION_ADDED = "decision_added", _("Decision recorded")
    DECISION_REMOVED = "decision_removed", _("Decision removed")
    ACTION_ADDED = "action_added", _("Action recorded")
    ACTION_REMOVED = "action_removed", _("Action removed")
    ATTENDANCE = "attendance", _("Attendance recorded")
    SUBMITTED = "submitted", _("Submitted for approval")
    COMMENTED = "commented", _("Chair commented")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved")
    WELSH_COMPLETED = "welsh_completed", _("Welsh completed on the approved version")
    IMPORTED = "imported", _("Imported from minutes approved before this service")
    CORRECTION = "correction", _("Correction started")
    AGREED = "agreed", _("Agreed by the group")
    PUBLISHED = "published", _("Published and sent to the members")


class PlannedItemStatus(models.TextChoices):
    # A member proposed it; the secretariat has not decided yet.
    PROPOSED = "proposed", _("Proposed")
    # On the forward work programme, waiting for its meeting's agenda.
    ACCEPTED = "accepted", _("Planned")
    DECLINED = "declined", _("Declined")
    # On a meeting's agenda.
    PLACED = "placed", _("On the agenda")
