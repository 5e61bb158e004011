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
