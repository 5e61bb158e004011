"""Takes the text out of papers' files again, so that search finds their words."""

from django.core.management.base import BaseCommand
from django.db.models import Q

from meetings.models import Paper
from meetings.services import extract_paper_text


class Command(BaseCommand):
    help = (
        "Take the words out of papers' PDF, DOCX and ODT files for search: those with none yet, or every paper "
        "with --all (after the extraction has improved). A file that cannot be read is logged and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Every paper, not only those with no text yet.")

    def handle(self, *args, **options):
        papers = Paper.objects.order_by("pk")
        if not options["all"]:
            papers = papers.filter((~Q(file_en="") & Q(text_en="")) | (~Q(file_cy="") & Q(text_cy="")))
        done = with_text = 0
        for paper in papers.iterator(chunk_size=100):
            extract_paper_text(paper)
            done += 1
            with_text += bool(paper.text_en or paper.text_cy)
        self.stdout.write(f"{done} papers read, {with_text} with text.")
