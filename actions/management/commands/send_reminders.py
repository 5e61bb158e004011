import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actions.reminders import sweep


class Command(BaseCommand):
    help = "Send today's reminder digests: one email per person, never the same reminder twice."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; send nothing.")
        parser.add_argument("--today", help="Run as of this day (YYYY-MM-DD), to catch up or to test.")

    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today must be a date like 2022-09-26, not {today!r}") from None
        result = sweep(day, dry_run=dry_run, send_now=True)
        for line in result.lines:
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(f"would send {len(result.lines)} emails to {len(result.lines)} people")
        self.stdout.write(result.summary)
