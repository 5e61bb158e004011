"""Reads minutes written elsewhere (DOCX, PDF, HTML, Markdown, text) and shows what the importer
finds in them: the meeting, attendance, items, decisions and actions."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from meetings.importing.parsing import parse
from meetings.importing.reading import read
from meetings.selectors import parties_of
from steering.errors import DomainError
from workstreams.models import Group

MAX_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Read a file of minutes (DOCX, PDF, HTML, Markdown or text) and find its meeting, attendance, items, "
        "decisions and actions. With --dry-run --json, print them as JSON and change nothing. Saving goes through "
        "the secretariat's review page (Import minutes, on the group's page), where each finding is accepted first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The minutes: .docx, .pdf, .html, .md or .txt.")
        parser.add_argument("--group", help="The group's slug: its people and organisations are recognised as owners.")
        parser.add_argument("--dry-run", action="store_true", help="Change nothing (the only mode of this command).")
        parser.add_argument("--json", action="store_true", help="Print what was found as JSON.")

    def handle(self, *args, file, group, dry_run, json: bool, **options):
        if not dry_run:
            raise CommandError(
                "Nothing is saved without review: upload the file on the group's Import minutes page, or use --dry-run."
            )
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file!r}.")
        found_group = None
        if group:
            found_group = Group.objects.filter(slug=group).first()
            if found_group is None:
                raise CommandError(f"No group has the slug {group!r}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        with translation.override("en"):
            try:
                proposal = parse(read(path.read_bytes(), path.name), parties=parties_of(found_group))
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


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
