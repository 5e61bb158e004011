"""Writes a meeting's minutes as the bilingual PDF, as circulation renders it."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings import selectors
from meetings.models import Meeting
from meetings.pdf import LANGUAGES, LAYOUTS, render_minutes_pdf


class Command(BaseCommand):
    help = (
        "Write a meeting's minutes as a bilingual PDF (Welsh and English side by side, or one after the other): "
        "an approved version as it was approved (the latest, or --version N), or the draft when none is approved."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Django gives every command --version (its own version); here it names the minutes' version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", help="The meeting's id, as in its web address (/meetings/<id>/).")
        parser.add_argument("--out", required=True, help="The PDF file to write, e.g. minutes.pdf.")
        parser.add_argument("--version", type=int, help="The approved version to write (default: the latest).")
        # No `choices`: an unknown layout gets the same CommandError as an unknown meeting.
        parser.add_argument("--layout", default=LAYOUTS[0], help=f"{' or '.join(LAYOUTS)} (default {LAYOUTS[0]}).")
        parser.add_argument("--first", default=LANGUAGES[0], help="The language on the left, or first: cy or en.")

    def handle(self, *args, meeting_id, out, version, layout, first, **options):
        if layout not in LAYOUTS:
            raise CommandError(f"Unknown layout {layout!r}: use {' or '.join(LAYOUTS)}.")
        if first not in LANGUAGES:
            raise CommandError(f"Unknown language {first!r}: use {' or '.join(LANGUAGES)}.")
        try:
            meeting = Meeting.objects.select_related("group", "chair").get(pk=int(meeting_id))
        except (ValueError, Meeting.DoesNotExist):
            raise CommandError(f"No meeting has the id {meeting_id!r}.") from None
        approved = selectors.approved_versions(meeting).order_by("-version")
        if version is not None:
            minutes = approved.filter(version=version).first()
            if minutes is None:
                numbers = ", ".join(str(v) for v in approved.values_list("version", flat=True)) or "none"
                raise CommandError(f"Meeting {meeting.pk} has no approved version {version} (approved: {numbers}).")
        else:
            minutes = approved.first() or selectors.current_minutes(meeting)
        if minutes is None:
            raise CommandError(f"Meeting {meeting.pk} has no minutes yet.")
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"The folder {str(target.parent)!r} does not exist.")
        started = time.perf_counter()
        content = render_minutes_pdf(minutes, layout=layout, first=first)
        target.write_bytes(content)
        state = f"version {minutes.version}" + ("" if minutes.snapshot else ", draft")
        self.stdout.write(
            f"Wrote {target} ({len(content) // 1024} KB, {state}, {layout}, {first} first) "
            f"in {time.perf_counter() - started:.1f} s."
        )
