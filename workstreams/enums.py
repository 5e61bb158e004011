from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    HEALTH_BOARD = "health_board", _("Health board")
    COLLEGE = "college", _("College")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    TRIBUNAL = "tribunal", _("Tribunal")
    THIRD_SECTOR = "third_sector", _("Third sector")
    COMMISSIONER = "commissioner", _("Commissioner")
    GOVERNMENT = "government", _("Government")
    ASSOCIATION = "association", _("Association")
    OTHER = "other", _("Other")


class GroupKind(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Steering group")
    TASK_AND_FINISH_GROUP = "task_and_finish_group", _("Task and finish group")
    SUB_GROUP = "sub_group", _("Sub-group")
    NETWORK = "network", _("Network")
    FORUM = "forum", _("Forum")


class GroupStatus(models.TextChoices):
    # Planned: agreed by the parent group but not yet meeting, as the seed's forum is.
    PLANNED = "planned", _("Planned")
    # Active: meeting and working.
    ACTIVE = "active", _("Active")
    # Closed: its work is done; its records stay readable.
    CLOSED = "closed", _("Closed")


class MinutesLayout(models.TextChoices):
    # Welsh and English in two columns, each passage level with its translation.
    SIDE_BY_SIDE = "side-by-side", _("Side by side")
    # The whole of one language, then the whole of the other, in one file.
    SEQUENTIAL = "sequential", _("One language after the other")


class ChairApproves(models.TextChoices):
    # The chair approves the English and the Welsh together: approval waits for the Welsh.
    BOTH = "both", _("Both languages together")
    # The usual order in Welsh public bodies: the chair approves the English, the translation
    # service returns the Welsh, which is then completed on the approved version.
    ENGLISH_FIRST = "english_first", _("The English first, the Welsh added afterwards")


class Role(models.TextChoices):
    # Chairs the group's meetings and approves its minutes.
    CHAIR = "chair", _("Chair")
    # Stands in for the chair; approves minutes when marked as chairing a meeting.
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    # Runs the group: meetings, agendas, minutes, memberships.
    SECRETARIAT = "secretariat", _("Secretariat")
    # Represents an organisation on the group.
    MEMBER = "member", _("Member")
    # Attends in place of a member.
    DEPUTY = "deputy", _("Deputy")
    # Reads the group's papers and minutes; takes no part in decisions.
    OBSERVER = "observer", _("Observer")
    # Advises the group on a subject.
    ADVISER = "adviser", _("Adviser")


# Roles that may edit a group's content.
EDITOR_ROLES = frozenset({Role.SECRETARIAT})
# Roles that take part: they read everything the group has and update what is theirs.
PARTICIPANT_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.DEPUTY, Role.ADVISER})
# Order in which roles are listed on a group page.
ROLE_ORDER = [Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.DEPUTY, Role.ADVISER, Role.OBSERVER]


class GroupEventKind(models.TextChoices):
    CREATED = "created", _("Set up")
    SETTINGS = "settings", _("Settings changed")
    CLOSED = "closed", _("Closed")


class OrganisationEventKind(models.TextChoices):
    ADDED = "added", _("Added")
    RENAMED = "renamed", _("Changed")
    MERGED = "merged", _("Merged into it")


class DeliverableStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")
