"""Builds the groups' translation memory from the minutes approved so far (``meetings.memory``).

Learns from every approved version, and every approved version a correction has since replaced,
whose Welsh is complete; a version with Welsh missing is skipped (a half-translated text teaches
nothing reliable). A version is learned once: running the command again adds nothing for it.
"""

from django.core.management.base import BaseCommand, CommandError

from meetings import memory, record
from meetings.models import Minutes
from meetings.translation import missing_welsh
from workstreams.models import Group


class Command(BaseCommand):
    help = "Build each group's translation memory from its approved minutes whose Welsh is complete."

    def add_arguments(self, parser):
        parser.add_argument("--group", metavar="SLUG", help="Only this group (its slug).")

    def handle(self, *args, group=None, **options):
        groups = Group.objects.order_by("slug")
        if group is not None:
            groups = groups.filter(slug=group)
            if not groups.exists():
                raise CommandError(f"No group has the slug {group!r}.")
        versions = (
            Minutes.objects.filter(status__in=memory.APPROVED_STATUSES, meeting__group__in=groups)
            .select_related("meeting", "approved_by")
            .order_by("meeting__starts_at", "version")
        )
        learned = {slug: {"pairs": 0, "versions": 0, "skipped": 0} for slug in groups.values_list("slug", flat=True)}
        slugs = dict(groups.values_list("pk", "slug"))
        for minutes in versions:
            counts = learned[slugs[minutes.meeting.group_id]]
            if missing_welsh(record.of(minutes)):
                counts["skipped"] += 1
                continue
            counts["pairs"] += memory.learn(minutes)
            counts["versions"] += 1
        for slug, counts in learned.items():
            self.stdout.write(
                f"{slug} – pairs learned or counted again: {counts['pairs']}; approved versions read: "
                f"{counts['versions']}; skipped as their Welsh is incomplete: {counts['skipped']}."
            )
