"""Times the minutes PDF: our whole render beside WeasyPrint alone on the same final HTML.

A long set of minutes: 30 items, 60 actions, 30 decisions, both languages. Run with `make bench`.
"""

import datetime
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
(ROOT / "benchmarks" / "var").mkdir(parents=True, exist_ok=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "steering.settings"
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'benchmarks' / 'var' / 'pdf.sqlite3'}"
os.environ["VAR_DIR"] = str(ROOT / "benchmarks" / "var")

import django

django.setup()

from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from actions.models import Action
from meetings import pdf, services
from meetings.document import for_version
from meetings.models import Decision, Meeting, Minutes
from steering.models import Person
from workstreams.models import Group, Organisation

PARAGRAPH_EN = (
    "Local authorities and colleges are continuing to develop their ALN staffing structures; "
    "the group discussed the figures presented in the meeting papers and agreed to monitor them."
)
PARAGRAPH_CY = (
    "Mae awdurdodau lleol a cholegau'n parhau i ddatblygu eu strwythurau staffio ADY; trafododd y "
    "grŵp y ffigurau a gyflwynwyd ym mhapurau'r cyfarfod a chytunodd i'w monitro. ŵ ŷ ẁ ẃ ẅ ỳ."
)


def long_meeting() -> Meeting:
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    group = Group.objects.get(slug="aln-implementation-steering-group")
    existing = group.meetings.filter(place_en="Benchmark").first()
    if existing:
        return existing
    secretariat = Person.objects.get(email="secretariat@example.org")
    organisation = Organisation.objects.get(name_en="Welsh Government")
    meeting = services.create_meeting(
        group,
        starts_at=timezone.make_aware(datetime.datetime(2023, 3, 2, 10)),
        place_en="Benchmark",
        place_cy="Meincnod",
    )
    add_long_agenda(meeting, owner=organisation, by=secretariat)
    return meeting


def add_long_agenda(meeting: Meeting, *, owner: Organisation, by: Person, items: int = 30) -> None:
    """Items with three paragraphs of minutes in each language, a decision and two actions each."""
    group = meeting.group
    for n in range(items):
        item = meeting.items.create(
            position=n + 1,
            title_en=f"Item {n + 1}: implementation update",
            title_cy=f"Eitem {n + 1}: diweddariad ar weithredu",
            minutes_en="\n\n".join([PARAGRAPH_EN] * 3),
            minutes_cy="\n\n".join([PARAGRAPH_CY] * 3),
        )
        Decision.objects.create(
            item=item, text_en="The SG agreed the update.", text_cy="Cytunodd y GLl ar y diweddariad."
        )
        for k in range(2):
            Action.objects.create(
                group=group,
                item=item,
                text_en=f"WG to report back on item {n + 1} ({k + 1}).",
                text_cy=f"LlC i adrodd yn ôl ar eitem {n + 1} ({k + 1}).",
                owner_organisation=owner,
                due_date=datetime.date(2023, 4, 1),
                created_by=by,
            )


def timed(function, runs=5):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


if __name__ == "__main__":
    meeting = long_meeting()
    minutes = Minutes(meeting=meeting, version=1)  # a draft, read live as a preview is
    html = render_to_string("pdf/minutes.html", for_version(minutes, layout="side-by-side", first="cy"))

    def weasyprint_alone():
        fonts = FontConfiguration()
        stylesheet = CSS(filename=str(pdf.STYLESHEET), font_config=fonts)
        return HTML(string=html, base_url=str(pdf.STYLESHEET.parent)).write_pdf(
            stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1", pdf_tags=True
        )

    ours, document = timed(lambda: pdf.render_minutes_pdf(minutes, first="cy", layout="side-by-side"))
    alone, _ = timed(weasyprint_alone)
    sequential, _ = timed(lambda: pdf.render_minutes_pdf(minutes, first="cy", layout="sequential"), runs=3)
    tracemalloc.start()
    pdf.render_minutes_pdf(minutes, first="cy", layout="side-by-side")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(document)).pages)
    print(f"long minutes: 30 items, 60 actions, {pages} pages side by side")
    print(f"our render, side by side, median of 5 (s): {ours:.2f}")
    print(f"WeasyPrint alone on the same HTML, median of 5 (s): {alone:.2f}")
    print(f"our overhead (s): {ours - alone:.2f}")
    print(f"our render, sequential, median of 3 (s): {sequential:.2f}")
    print(f"peak Python memory of one render (MiB): {peak / 2**20:.0f}")
