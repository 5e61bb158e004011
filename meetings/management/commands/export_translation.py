"""Writes a meeting's minutes for the translator: XLIFF 1.2 or 2.0, or the XLSX spreadsheet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings import translation
from meetings.models import Meeting
from steering.errors import DomainError

FORMATS = ("xliff", "xlsx")
XLIFF_VERSIONS = ("1.2", "2.0")


def meeting_of(meeting_id) -> Meeting:
    """The meeting with this id, or the command's error."""
    try:
        return Meeting.objects.select_related("group").get(pk=int(meeting_id))
    except (ValueError, Meeting.DoesNotExist):
        raise CommandError(f"No meeting has the id {meeting_id!r}.") from None


class Command(BaseCommand):
    help = (
        "Write a meeting's texts for translation: XLIFF (1.2 or 2.0, the texts still without Welsh, or --all) "
        "or the XLSX spreadsheet (every text). import_translation reads the file back."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Django gives every command --version (its own version); here it names the XLIFF version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", help="The meeting's id, as in its web address (/meetings/<id>/).")
        parser.add_argument("--format", default="xliff", help="xliff or xlsx (default xliff).")
        parser.add_argument("--version", default="1.2", help="The XLIFF version: 1.2 or 2.0 (default 1.2).")
        parser.add_argument("--all", action="store_true", help="XLIFF: every text, not only those without Welsh.")
        parser.add_argument("--out", required=True, help="The file to write.")

    def handle(self, *args, meeting_id, format, version, all, out, **options):
        if format not in FORMATS:
            raise CommandError(f"Unknown format {format!r}: use {' or '.join(FORMATS)}.")
        if version not in XLIFF_VERSIONS:
            raise CommandError(f"Unknown XLIFF version {version!r}: use {' or '.join(XLIFF_VERSIONS)}.")
        meeting = meeting_of(meeting_id)
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"The folder {str(target.parent)!r} does not exist.")
        if format == "xlsx":
            content = translation.export_xlsx(meeting)
        else:
            try:
                content = translation.export_xliff(meeting, version=version, every=all)
            except DomainError as error:
                raise CommandError(error.message) from None
        target.write_bytes(content)
        parts = translation.segments(meeting)
        missing = sum(1 for segment in parts if segment.missing)
        said = f"XLIFF {version}" if format == "xliff" else "XLSX"
        self.stdout.write(f"Wrote {target} ({said}): {len(parts)} texts, {missing} without Welsh.")
