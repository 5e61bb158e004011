from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkstreamsConfig(AppConfig):
    name = "workstreams"
    verbose_name = _("Groups and organisations")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules
