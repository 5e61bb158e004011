from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    # Agreed; nobody has reported progress yet.
    OPEN = "open", _("Open")
    # The owner has reported progress.
    IN_PROGRESS = "in_progress", _("In progress")
    # Done; closed by whoever recorded it, perhaps at a meeting.
    DONE = "done", _("Done")
    # No longer needed; closed without being done.
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


class AnswerPer(models.TextChoices):
    # One answer from each organisation, written by any of its members.
    ORGANISATION = "organisation", _("One answer per organisation")
    # One answer from each member.
    PERSON = "person", _("One answer per member")


class ReminderKind(models.TextChoices):
    ACTION_OVERDUE = "action_overdue", _("Overdue")
    ACTION_DUE_TOMORROW = "action_due_tomorrow", _("Due tomorrow")
    ACTION_DUE_SOON = "action_due_soon", _("Due within 7 days")
    FEEDBACK_TOMORROW = "feedback_tomorrow", _("Feedback closes tomorrow")
    FEEDBACK_SOON = "feedback_soon", _("Feedback closes within 5 days")
    # An item the person leads has no paper, and the meeting's papers deadline is within 3 days.
    PAPERS_DUE = "papers_due", _("Papers due")
    # The person was invited to a meeting within 14 days and has not replied.
    REPLY_AWAITED = "reply_awaited", _("Replies awaited")
    # Minutes submitted for approval that the person may approve.
    MINUTES_TO_REVIEW = "minutes_to_review", _("Minutes to review")


class ReminderStatus(models.TextChoices):
    # The digest carrying this reminder went out.
    SENT = "sent", _("Sent")
    # The mail server refused the address; the secretariat was told.
    BOUNCED = "bounced", _("Address refused")
