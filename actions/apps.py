from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Actions and feedback")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules
