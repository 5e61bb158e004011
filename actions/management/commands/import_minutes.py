"""Reads minutes written elsewhere (DOCX, PDF, HTML, Markdown, text) and shows what the importer
finds in them: the meeting, attendance, items, decisions and actions."""

import json
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation

from actions.importing import propose
from meetings.importing.parsing import parse
from meetings.importing.reading import read
from meetings.selectors import bodies_of, parties_of
from steering.errors import DomainError
from steering.models import Person
from workstreams.models import Group

MAX_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Read a file of minutes (DOCX, PDF, HTML, Markdown or text) and find its meeting, attendance, items, "
        "decisions and actions. With --dry-run --json, print them as JSON and change nothing. Without --dry-run, "
        "keep them for the secretariat's review (--group and --by are then needed) and print the review page's "
        "address: nothing becomes a meeting until the review accepts it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The minutes: .docx, .pdf, .html, .md or .txt.")
        parser.add_argument("--group", help="The group's slug: its people and organisations are recognised as owners.")
        parser.add_argument("--dry-run", action="store_true", help="Change nothing.")
        parser.add_argument("--json", action="store_true", help="Print what was found as JSON.")
        parser.add_argument("--welsh", help="The Welsh version of the same minutes, when they came as two files.")
        parser.add_argument("--by", help="The email of the secretariat member the review is kept for.")

    def handle(self, *args, file, group, dry_run, json: bool, welsh, by, **options):
        paths = [Path(name) for name in (file, welsh) if name]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No file {str(path)!r}.")
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"The file {str(path)!r} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        found_group = None
        if group:
            found_group = Group.objects.filter(slug=group).first()
            if found_group is None:
                raise CommandError(f"No group has the slug {group!r}.")
        if not dry_run:
            self._keep_for_review(paths, found_group, by)
            return
        path = paths[0]
        with translation.override("en"):
            try:
                proposal = parse(
                    read(path.read_bytes(), path.name),
                    parties=parties_of(found_group) if found_group else [],
                    bodies=bodies_of(found_group) if found_group else [],
                )
            except DomainError as error:
                raise CommandError(error.message) from None
        if json:
            self.stdout.write(_json(proposal.as_json()))
            return
        self.stdout.write(f"Meeting: {proposal.date or 'date not found'} {proposal.title}".rstrip())
        for item in proposal.items:
            self.stdout.write(f"{item.number or '-'} {item.title}")
            for decision in item.decisions:
                self.stdout.write(f"    decision: {decision.text}  [found because: {decision.because!r}]")
            for action in item.actions:
                self.stdout.write(
                    f"    action: {action.text}  [owner: {action.owner or '-'}; due: {action.due or '-'}; "
                    f"found because: {action.because!r}]"
                )

    def _keep_for_review(self, paths: list[Path], group: Group | None, by: str | None) -> None:
        """What the file holds, kept for the group's review page, as an upload there keeps it."""
        if group is None or not by:
            raise CommandError("To keep the minutes for review, give --group SLUG and --by EMAIL (or use --dry-run).")
        person = Person.objects.filter(email__iexact=by, is_active=True).first()
        if person is None or not person.has_perm("workstreams.manage_group", group):
            raise CommandError(f"{by!r} is not someone who runs the group {group.slug!r}.")
        files = [File(path.open("rb"), name=path.name) for path in paths]
        try:
            with translation.override("en"):
                draft = propose(group, files[0], welsh=files[1] if len(files) > 1 else None, by=person)
        except DomainError as error:
            raise CommandError(error.message) from None
        finally:
            for opened in files:
                opened.close()
        self.stdout.write(f"Kept for review: {reverse('actions:import_review', args=[draft.pk])}")


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
