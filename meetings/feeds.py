"""The Atom feed of a public group's published minutes (Django's syndication framework).

A feed reader shows one title per entry, so every title carries both languages, the reader's
interface language first; each entry links to the minutes page in that language.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from steering.bilingual import active_language, localised, other_language

from . import selectors
from .permissions import public_group


def _in_both(make) -> str:
    """``make()`` in the active language, then in the other one: "Cofnodion … / Minutes …"."""
    first = active_language()
    texts = []
    for language in (first, other_language(first)):
        with translation.override(language):
            texts.append(make(language))
    return " / ".join(texts)


class PublicMinutesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str):
        return public_group(slug)  # 404 for a group that is not public, whoever asks

    def title(self, group) -> str:
        return _in_both(
            lambda language: _("%(group)s: published minutes") % {"group": localised(group, "name", language)}
        )

    def link(self, group) -> str:
        return reverse("meetings:public", args=[group.slug])

    def subtitle(self, group) -> str:
        return _in_both(
            lambda language: _("The minutes of each meeting, in Welsh and in English, as they are published.")
        )

    def items(self, group):
        return selectors.latest_publications(group)[:50]

    def item_title(self, circulation) -> str:
        meeting = circulation.minutes.meeting
        return _in_both(
            lambda language: (
                _("Minutes of meeting %(number)s: %(date)s")
                % {"number": meeting.number, "date": date_format(timezone.localtime(meeting.starts_at), "j F Y")}
            )
        )

    def item_description(self, circulation) -> str:
        return _in_both(
            lambda language: (
                _("Version %(version)s, published %(date)s.")
                % {
                    "version": circulation.minutes.version,
                    "date": date_format(timezone.localtime(circulation.created_at), "j F Y"),
                }
            )
        )

    def item_link(self, circulation) -> str:
        minutes = circulation.minutes
        return reverse("meetings:published", args=[minutes.meeting_id, minutes.version, active_language()])

    def item_pubdate(self, circulation):
        return circulation.created_at

    def item_updateddate(self, circulation):
        return circulation.created_at
