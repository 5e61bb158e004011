"""The Welsh of the minutes: what is missing, and the files a translator works in.

The export is an XLSX of English segments beside their Welsh cells, or XLIFF 1.2 or 2.0 for a
CAT tool (``meetings/xliff.py``). The import reads either and refuses, whole, any file that does
not match these minutes as they are now (another meeting, a row missing or added, English changed
since the export), and otherwise fills the Welsh (``fill_welsh``, which the Welsh page uses too)
and says what changed.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, TextChoices
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from steering.errors import DomainError
from steering.markup import link_problems
from steering.text import ACTION_MAX, DECISION_MAX, MINUTES_MAX, multiline, one_line

from . import memory, selectors, xliff
from .models import AgendaItem, Decision, Meeting

HEADER = ["key", "where", "English", "Cymraeg"]
# The minutes of a meeting unpack to far less; a file that unpacks to more is not one of ours (a zip bomb).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


class TranslationState(TextChoices):
    ENGLISH_ONLY = "english_only", gettext_lazy("English only")
    IN_PROGRESS = "in_progress", gettext_lazy("Welsh in progress")
    COMPLETE = "complete", gettext_lazy("Both languages complete")


@dataclass
class Segment:
    key: str
    where: str
    english: str
    welsh: str
    item_id: int

    @property
    def missing(self) -> bool:
        return bool(self.english.strip()) and not self.welsh.strip()


def _where(number: str, kind: str, n: int = 0) -> str:
    """Where a text is in the minutes, said in the page's language ("Item 2 a): decision 1")."""
    if kind == "title":
        return _("%(number)s title") % {"number": number}
    if kind == "minutes":
        return _("%(number)s minutes") % {"number": number}
    if kind == "decision":
        return _("%(number)s decision %(n)s") % {"number": number, "n": n}
    if kind == "report":
        return _("%(number)s report %(n)s (its group completes the Welsh)") % {"number": number, "n": n}
    return _("%(number)s action %(n)s") % {"number": number, "n": n}


def segments(meeting: Meeting) -> list[Segment]:
    """Every text of the minutes that has a Welsh form, in the order of the agenda.

    ``where`` is said in the page's language; the key alone identifies a segment in a file.
    """
    found = []
    for item in selectors.flat_agenda(selectors.numbered_agenda(meeting, with_minutes=True)):
        number = item.number
        found.append(Segment(f"item:{item.pk}:title", _where(number, "title"), item.title_en, item.title_cy, item.pk))
        if item.minutes_en.strip() or item.minutes_cy.strip():
            found.append(
                Segment(f"item:{item.pk}:minutes", _where(number, "minutes"), item.minutes_en, item.minutes_cy, item.pk)
            )
        for n, decision in enumerate(item.decisions.all(), start=1):
            found.append(
                Segment(
                    f"decision:{decision.pk}:text",
                    _where(number, "decision", n),
                    decision.text_en,
                    decision.text_cy,
                    item.pk,
                )
            )
        for n, action in enumerate(item.actions.all(), start=1):
            found.append(
                Segment(
                    f"action:{action.pk}:text", _where(number, "action", n), action.text_en, action.text_cy, item.pk
                )
            )
    return found


def missing_welsh(record) -> list[str]:
    """Where the Welsh of a record (``meetings.record``, a frozen version's) is missing, said as
    the translation page says it: what publishing checks, reading the version and nothing live."""
    missing = []
    for item in record.items:
        texts = [(_where(item.number, "title"), item.title), (_where(item.number, "minutes"), item.minutes)]
        texts += [(_where(item.number, "decision", n), text) for n, text in enumerate(item.decisions, start=1)]
        texts += [(_where(item.number, "action", n), a.text) for n, a in enumerate(item.actions, start=1)]
        texts += [
            (_where(item.number, "report", n), words)
            for n, report in enumerate(item.reports, start=1)
            for words in (report.progress, report.risks, report.asks)
        ]
        missing += [where for where, words in texts if words.en.strip() and not words.cy.strip()]
    return missing


def state_of(parts: list[Segment]) -> str:
    wanted = [s for s in parts if s.english.strip()]
    done = [s for s in wanted if s.welsh.strip()]
    if wanted and len(done) == len(wanted):
        return TranslationState.COMPLETE
    return TranslationState.IN_PROGRESS if done else TranslationState.ENGLISH_ONLY


def item_states(parts: list[Segment]) -> dict[int, str]:
    by_item: dict[int, list[Segment]] = {}
    for segment in parts:
        by_item.setdefault(segment.item_id, []).append(segment)
    return {item_id: state_of(item_parts) for item_id, item_parts in by_item.items()}


def _fingerprint(text: str) -> str:
    return hashlib.sha256(_comparable(text).encode("utf-8")).hexdigest()[:16]


def _comparable(text: str) -> str:
    """A text as a file gives it back: a spreadsheet keeps a line break as LF, whatever the browser sent."""
    return multiline(_cell_text(text)).strip()


def _cell_text(text: str) -> str:
    """The text as a cell can hold it: XLSX has no place for most control characters."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _as_text(value) -> str:
    """A cell read back as text, whatever the spreadsheet made of it (a number, a date)."""
    return "" if value is None else str(value)


def export_xlsx(meeting: Meeting) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Translation"
    sheet.append([*HEADER, "check"])
    for segment in segments(meeting):
        english, welsh = _cell_text(segment.english), _cell_text(segment.welsh)
        sheet.append([segment.key, segment.where, english, welsh, _fingerprint(segment.english)])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # text, even when it begins with "=": never a formula for the spreadsheet to run
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["E"].hidden = True
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].width = 70
    about = workbook.create_sheet("About")
    about.append(["meeting", meeting.pk])
    about.append(["group", meeting.group.slug])
    about.append(["number", meeting.number])
    about.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_xliff(meeting: Meeting, *, version: str, every: bool = False) -> bytes:
    """The texts whose Welsh is missing (``every``: all of them; all too when none is missing, as
    an XLIFF file holds one text at least) as XLIFF ``version`` (1.2 or 2.0), with the glossary
    as terminology and the memory's suggestions as alternatives."""
    parts = segments(meeting)
    if not parts:
        raise DomainError(_("These minutes have no text to translate yet."))
    missing = [segment for segment in parts if segment.missing]
    every = every or not missing
    chosen = parts if every else missing
    found = memory.suggest(meeting.group, [segment.english for segment in chosen if segment.missing])
    return xliff.export(
        meeting,
        chosen,
        version=version,
        glossary=[(e.acronym_en, e.acronym_cy, e.expansion_en, e.expansion_cy) for e in meeting.group.glossary.all()],
        matches={s.key: [(m.memory_english, m.welsh, m.score) for m in found.get(s.english, [])] for s in chosen},
        every=every,
    )


@dataclass
class Change:
    where: str
    before: str
    after: str


def _read(upload) -> tuple[dict, dict]:
    if upload.size > settings.PAPER_MAX_BYTES:
        raise DomainError(
            _("The file must be smaller than %(size)s") % {"size": filesizeformat(settings.PAPER_MAX_BYTES)},
            field="file",
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ValueError("The file unpacks to more than a translation spreadsheet can.")
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
        about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True) if row and row[0]}
        rows = list(workbook["Translation"].iter_rows(values_only=True))
    except Exception:  # noqa: BLE001 - any unreadable upload gets the same plain answer
        raise DomainError(
            _("The file could not be read as a translation spreadsheet from this service."), field="file"
        ) from None
    if not rows or [str(cell or "") for cell in rows[0][:4]] != HEADER:
        raise DomainError(
            _("The file's columns have been changed. Export a new file and translate in the Cymraeg column only."),
            field="file",
        )
    found = {}
    for row in rows[1:]:
        if not row or not row[0]:
            continue
        key, where, english, welsh, check = (list(row) + [None] * 5)[:5]
        found[str(key)] = {
            "where": _as_text(where),
            "english": _as_text(english),
            "welsh": _as_text(welsh),
            "check": _as_text(check),
        }
    return about, found


def read_file(upload) -> tuple[dict, dict]:
    """A returned translation file, XLSX (a zip) or XLIFF 1.2 or 2.0 (XML), told apart by its first
    bytes rather than its name: ``(about, rows)`` as each reader gives them."""
    upload.seek(0)
    start = upload.read(64)
    upload.seek(0)
    if start.startswith(b"PK\x03\x04"):
        return _read(upload)
    if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return xliff.read(upload)
    raise DomainError(
        _("The file could not be read as a translation file from this service: export XLIFF or XLSX here."),
        field="file",
    )


@transaction.atomic
def import_file(meeting: Meeting, upload) -> list[Change]:
    """Fills the Welsh from a returned file, or refuses the whole file and changes nothing."""
    about, rows = read_file(upload)
    if str(about.get("meeting")) != str(meeting.pk):
        raise DomainError(
            _(
                "This file is for another meeting (%(group)s, meeting %(number)s). "
                "Upload the file exported from this meeting."
            )
            % {"group": about.get("group", "?"), "number": about.get("number", "?")},
            field="file",
        )
    current = {segment.key: segment for segment in segments(meeting)}
    # A file of the texts still without Welsh (``every`` false) need not hold the others.
    missing = [current[key].where for key in current if key not in rows and about.get("every", True)]
    if missing:
        raise DomainError(
            _("Rows are missing from the file: %(rows)s. Export a new file.") % {"rows": ", ".join(missing)},
            field="file",
        )
    unknown = [rows[key]["where"] or key for key in rows if key not in current]
    if unknown:
        raise DomainError(
            _("The file has rows these minutes no longer have: %(rows)s. Export a new file.")
            % {"rows": ", ".join(unknown)},
            field="file",
        )
    changed = [
        current[key].where
        for key, row in rows.items()
        if (row["check"] and row["check"] != _fingerprint(current[key].english))
        or _comparable(row["english"]) != _comparable(current[key].english)
    ]
    if changed:
        raise DomainError(
            _(
                "The English has changed since the file was exported, at: %(rows)s. "
                "Export a new file for the translator."
            )
            % {"rows": ", ".join(changed)},
            field="file",
        )
    return fill_welsh(meeting, {key: row["welsh"] for key, row in rows.items()}, current=current)


def fill_welsh(meeting: Meeting, welsh_by_key: dict[str, str], *, current: dict | None = None) -> list[Change]:
    """Writes the Welsh of the segments named by key (a file's, or one item's from the page),
    after checking each as its form checks it where it is typed; refuses all if one is wrong."""
    current = current if current is not None else {segment.key: segment for segment in segments(meeting)}
    unknown = [key for key in welsh_by_key if key not in current]
    if unknown:
        raise DomainError(_("These minutes no longer have some of these texts. Reload the page."), field="file")
    action_model = AgendaItem._meta.get_field("actions").related_model
    updates, too_long, bad_links = [], [], []
    for key, text in welsh_by_key.items():
        segment = current[key]
        welsh = _comparable(text)
        if welsh == _comparable(segment.welsh):
            continue
        kind, pk, field = key.split(":")
        # Each Welsh text takes what its form takes where it is typed.
        model, column, limit = {
            ("item", "minutes"): (AgendaItem, "minutes_cy", MINUTES_MAX),
            ("item", "title"): (AgendaItem, "title_cy", AgendaItem._meta.get_field("title_cy").max_length),
            ("decision", "text"): (Decision, "text_cy", DECISION_MAX),
        }.get((kind, field), (action_model, "text_cy", ACTION_MAX))
        welsh = one_line(welsh) if column == "title_cy" else welsh
        updates.append((segment, welsh, model, pk, column))
        if len(welsh) > limit:
            too_long.append((segment.where, limit))
        if column == "minutes_cy" and link_problems(welsh):
            bad_links.append(segment.where)
    if bad_links:
        raise DomainError(
            _(
                "A link's address must start with https://, http:// or mailto: at: %(rows)s. "
                "Correct it, then save or upload again."
            )
            % {"rows": ", ".join(bad_links)},
            field="file",
        )
    if too_long:
        raise DomainError(
            _("The Welsh is too long at: %(rows)s. Shorten it, then save or upload again.")
            % {
                "rows": ", ".join(
                    _("%(where)s (at most %(limit)s characters)") % {"where": where, "limit": limit}
                    for where, limit in too_long
                )
            },
            field="file",
        )
    with transaction.atomic():
        for _segment, welsh, model, pk, column in updates:
            extra = {"minutes_revision": F("minutes_revision") + 1} if column == "minutes_cy" else {}
            # A new minutes revision, so an editor open on the old text cannot save over the translation.
            model.objects.filter(pk=pk).update(**{column: welsh}, **extra)
    return [Change(segment.where, segment.welsh, welsh) for segment, welsh, *_rest in updates]
