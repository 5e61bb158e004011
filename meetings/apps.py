from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and minutes")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules
        from .pdf import mark_text_with_its_language

        mark_text_with_its_language()
