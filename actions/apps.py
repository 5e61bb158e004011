from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Actions and feedback")

    def ready(self):
        from workstreams.services import organisation_merged

        from . import permissions  # noqa: F401 - registers the rules
        from .services import rekey_answers

        organisation_merged.connect(rekey_answers, dispatch_uid="actions.rekey_answers")
