"""Who may see, update and change actions and feedback requests.

Owners (the person named, or a member representing the owning organisation) post updates and
change the status of their own actions; the group's secretariat changes any action of its group.
"""

import rules

from workstreams.enums import PARTICIPANT_ROLES, Role
from workstreams.models import Membership
from workstreams.permissions import is_administrator
from workstreams.selectors import roles_in_group


@rules.predicate
def is_group_reader(person, obj) -> bool:
    return bool(roles_in_group(person, obj.group))


@rules.predicate
def is_group_secretariat(person, obj) -> bool:
    return Role.SECRETARIAT in roles_in_group(person, obj.group)


@rules.predicate
def is_action_owner(person, action) -> bool:
    if not person.is_authenticated:
        return False
    if action.owner_person_id == person.pk:
        return True
    return (
        action.owner_organisation_id is not None
        and Membership.objects.current()
        .filter(
            person=person,
            group_id=action.group_id,
            organisation_id=action.owner_organisation_id,
            role__in=PARTICIPANT_ROLES,
        )
        .exists()
    )


@rules.predicate
def is_asked_for_feedback(person, request) -> bool:
    memberships = Membership.objects.current().filter(
        person=person, group_id=request.group_id, role__in=PARTICIPANT_ROLES
    )
    organisation_ids = set(request.organisations.values_list("pk", flat=True))
    if organisation_ids:
        memberships = memberships.filter(organisation_id__in=organisation_ids)
    return memberships.exists()


rules.add_perm("actions.view_action", is_administrator | is_group_reader)
rules.add_perm("actions.update_action", is_administrator | is_group_secretariat | is_action_owner)
rules.add_perm("actions.edit_action", is_administrator | is_group_secretariat)
rules.add_perm("actions.view_feedback", is_administrator | is_group_reader)
rules.add_perm("actions.answer_feedback", is_asked_for_feedback)
rules.add_perm("actions.manage_feedback", is_administrator | is_group_secretariat)
