"""Reads a translator's file (XLIFF 1.2 or 2.0, or the XLSX spreadsheet) into a meeting's Welsh."""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation as i18n

from meetings import selectors, services
from meetings.management.commands.export_translation import meeting_of
from steering.errors import DomainError
from steering.models import Person
from workstreams.enums import Role
from workstreams.models import Membership


class Command(BaseCommand):
    help = (
        "Fill a meeting's Welsh from a translated file (XLIFF or XLSX from export_translation). Prints what it "
        "changed; refuses the whole file, changes nothing and exits non-zero when anything is wrong. Into minutes "
        "approved in English, a file that leaves no Welsh missing completes their Welsh."
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", help="The meeting's id, as in its web address (/meetings/<id>/).")
        parser.add_argument("file", help="The translated file.")
        parser.add_argument("--by", help="The email of the person recorded as importing (default: the secretariat).")

    def handle(self, *args, meeting_id, file, by, **options):
        meeting = meeting_of(meeting_id)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file!r}.")
        person = self._person(meeting, by)
        with path.open("rb") as handle, i18n.override("en"):
            upload = File(handle, name=path.name)
            try:
                changes = services.import_translation(meeting, upload, by=person)
            except DomainError as error:
                raise CommandError(f"Refused, nothing changed: {error.message}") from None
        for change in changes:
            self.stdout.write(f"{change.where}: {_short(change.before) or '(none)'} -> {_short(change.after)}")
        self.stdout.write(f"{len(changes)} Welsh texts changed.")
        minutes = selectors.current_minutes(meeting)
        if minutes is not None and minutes.welsh_completed_at:
            self.stdout.write(
                f"The Welsh of version {minutes.version} is complete (SHA-256 {minutes.welsh_hash}); "
                f"the approved English keeps SHA-256 {minutes.content_hash}."
            )

    @staticmethod
    def _person(meeting, email):
        if email:
            person = Person.objects.filter(email__iexact=email).first()
            if person is None:
                raise CommandError(f"No person has the email {email!r}.")
            return person
        membership = (
            Membership.objects.current()
            .filter(group=meeting.group, role=Role.SECRETARIAT)
            .select_related("person")
            .first()
        )
        if membership is None:
            raise CommandError("The group has no secretariat: name who imports with --by EMAIL.")
        return membership.person


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"
