"""Search: everything a person may see, in English and Welsh, grouped by kind and ranked.

It lives in the top layer because it reads every app. One interface, ``search(person, query)``,
two ways of matching chosen by ``connection.vendor``:

- PostgreSQL: a ``tsvector`` column per kind and language on the live tables, kept by a trigger
  and served by a GIN index (``install_postgres_index``), matched with ``to_tsquery`` and ranked
  with ``ts_rank``: the ``english`` configuration for English columns, ``simple`` for Welsh
  (PostgreSQL has none for Welsh). A change is found at once.
- SQLite: two FTS5 tables (``search_en`` with the Porter stemmer, ``search_cy`` without), kept in
  step with the live tables by triggers that the migration creates. Triggers rather than services:
  every write (a service, ``update()``, the admin, a data migration) reaches the index, and no
  lower layer has to call up into this one. Django rebuilds a SQLite table to alter it, which
  drops its triggers, so ``keep_sqlite_index`` (run after every ``migrate``) puts back any that are
  missing and rebuilds the index from the tables.

Both fold accents on both sides (PostgreSQL: ``translate(lower(…))``; FTS5:
``remove_diacritics 2``) and try the Welsh forms of each word (``steering.welsh``) against Welsh
text only. Every word must match, in one language or the other. Results are ranked within their
kind (PostgreSQL ``ts_rank``; FTS5 ``bm25``), titles weighing more than text.

What a person sees is asked of the one visibility rule (``meetings.visibility``) and the group
rules: nothing of a group they do not belong to (administrators see every group), reserved
business and draft minutes' decisions and actions only for participants, confidential papers
likewise, draft minute texts only for the secretariat and the chair, feedback answers for the
group's secretariat and the people who gave them.

The person's memberships are read once; then each kind is two queries whatever the number of
results: one picks the best of the rows the person may see, by their ids, and counts them all (a
window function); one reads what the page shows of those few, and nothing else (``.only``). The
page's query count is fixed.
"""

import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from html import escape
from typing import NamedTuple

from django.db import connection, connections
from django.db.models import (
    Count,
    DateTimeField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.enums import MinutesStatus
from meetings.models import AgendaItem, Decision, Meeting, Minutes, Paper
from meetings.selectors import format_number
from meetings.visibility import APPROVED_STATUSES, minute_texts_visible_to, papers_visible_to, visible_to
from steering import welsh
from steering.bilingual import Localised, active_language, localised
from workstreams.enums import PARTICIPANT_ROLES, Role
from workstreams.models import Membership

from .models import Action, FeedbackRequest, FeedbackResponse

MAX_QUERY_CHARS = 200
LANGUAGES = ("en", "cy")


@dataclass(frozen=True)
class Source:
    """One kind of thing searched: where its English and Welsh words are, and its tag in the SQLite index."""

    key: str  # in the address: /search/?q=…&kind=decisions
    code: int  # the SQLite index's rowid is the row's id * 16 + code
    model: type
    label: str
    title: dict[str, str] = field(default_factory=dict)  # language → column; none: no title
    body: dict[str, str] = field(default_factory=dict)
    # A text written once, in one language (a feedback answer): this column says which.
    language_field: str = ""

    def columns(self) -> list[str]:
        names = {*self.title.values(), *self.body.values()}
        return sorted(names | ({self.language_field} if self.language_field else set()))


SOURCES = [
    Source(
        "meetings", 1, Meeting, gettext_lazy("Meetings"),
        title={"en": "place_en", "cy": "place_cy"},
        body={"en": "status_reason_en", "cy": "status_reason_cy"},
    ),
    Source(
        "items", 2, AgendaItem, gettext_lazy("Agenda items"),
        title={"en": "title_en", "cy": "title_cy"},
        body={"en": "lead_text_en", "cy": "lead_text_cy"},
    ),
    Source("minutes", 3, AgendaItem, gettext_lazy("Minutes"), body={"en": "minutes_en", "cy": "minutes_cy"}),
    Source("decisions", 4, Decision, gettext_lazy("Decisions"), body={"en": "text_en", "cy": "text_cy"}),
    Source("actions", 5, Action, gettext_lazy("Actions"), body={"en": "text_en", "cy": "text_cy"}),
    Source(
        "feedback", 6, FeedbackRequest, gettext_lazy("Feedback requests"),
        title={"en": "title_en", "cy": "title_cy"},
        body={"en": "question_en", "cy": "question_cy"},
    ),
    Source("answers", 7, FeedbackResponse, gettext_lazy("Feedback answers"), body={"en": "text", "cy": "text"},
           language_field="text_language"),
    Source(
        "papers", 8, Paper, gettext_lazy("Papers"),
        title={"en": "title_en", "cy": "title_cy"},
        body={"en": "text_en", "cy": "text_cy"},
    ),
]  # fmt: skip
SOURCES_BY_KEY = {source.key: source for source in SOURCES}


# The query ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """The words searched for: as typed (folded) for English, with their Welsh forms for Welsh."""

    words: tuple[str, ...]
    welsh_forms: tuple[frozenset[str], ...]

    @classmethod
    def parse(cls, text: str) -> "Query":
        words = tuple(welsh.words(text[:MAX_QUERY_CHARS]))
        return cls(words, tuple(frozenset(welsh.forms(word)) for word in words))

    def __bool__(self) -> bool:
        return bool(self.words)

    def terms(self, language: str) -> list[set[str]]:
        """For each word, the forms that match it in ``language``."""
        return [set(forms) for forms in self.welsh_forms] if language == "cy" else [{w} for w in self.words]


# Results ----------------------------------------------------------------------------------------


@dataclass
class Hit:
    title: Localised
    url: str
    group: Localised
    date: object
    snippet: str  # safe HTML: escaped text with the matched words in <mark>
    snippet_lang: str
    draft: bool = False  # from minutes not yet approved (seen only by participants)
    detail: str = ""  # a short line: the item's number, who answered


@dataclass
class KindResults:
    source: Source
    hits: list[Hit]
    total: int

    @property
    def key(self) -> str:
        return self.source.key

    @property
    def label(self) -> str:
        return self.source.label

    @property
    def more(self) -> int:
        return self.total - len(self.hits)


def search(person, text: str, *, kinds=None, limit: int = 5, offset: int = 0) -> list[KindResults]:
    """The results of each kind (all, or ``kinds``) that ``person`` may see, best first, at most
    ``limit`` of each from ``offset``; kinds with no result are left out."""
    query = Query.parse(text)
    if not query or person is None or not person.is_authenticated:
        return []
    backend = _backend()
    memberships = _memberships(person)
    results = []
    for source in SOURCES:
        if kinds and source.key not in kinds:
            continue
        kind = KINDS[source.key]
        matches = backend.matching(source, kind.found(person, source.model.objects.all(), memberships), query)
        picked = list(
            matches.annotate(total=Window(Count("pk")))
            .order_by(F("score").desc(), F("found_on").desc(nulls_last=True), "-pk")
            .values_list("pk", "total", "score", *kind.carried)[offset : offset + limit]
        )
        if picked:
            rows = kind.shown(source.model.objects.order_by().filter(pk__in=[pk for pk, *_ in picked]))
            rows = rows.only(*source.columns(), *kind.shows).in_bulk()
            hits = []
            for pk, _total, _score, *carried in picked:
                if pk in rows:
                    for name, value in zip(kind.carried, carried, strict=True):
                        setattr(rows[pk], name, value)
                    hits.append(_hit(source, rows[pk], query))
            results.append(KindResults(source, hits, picked[0][1]))
    return results


# Who sees what -----------------------------------------------------------------------------------
#
# Each kind is read in two steps: which rows the person may see and match, ranked and counted,
# their ids only (``found``); then what the page shows of the few picked (``shown``). The rows
# of the other tables that a hit shows are joined to those few, not to every match.


def _memberships(person) -> list[Membership] | None:
    """The person's current memberships, read once for every kind; None: an administrator, who reads every group."""
    if person.is_active and person.is_superuser:
        return None
    return list(Membership.objects.current().filter(person=person))


def _in_groups(queryset, path: str, memberships):
    """The rows of the groups whose business the person may read: theirs (any role)."""
    if memberships is None:
        return queryset
    return queryset.filter(**{f"{path}__in": sorted({membership.group_id for membership in memberships})})


def _meetings(person, queryset, memberships):
    return _in_groups(queryset, "group", memberships).annotate(found_on=F("starts_at"))


def _items(person, queryset, memberships):
    return _in_groups(queryset, "meeting__group", memberships).annotate(found_on=F("meeting__starts_at"))


def _minutes(person, queryset, memberships):
    return (
        minute_texts_visible_to(person, _in_groups(queryset, "meeting__group", memberships), memberships=memberships)
        .exclude(minutes_en="", minutes_cy="")
        .annotate(found_on=F("meeting__starts_at"))
    )


def _decisions(person, queryset, memberships):
    return visible_to(
        person,
        _in_groups(queryset, "item__meeting__group", memberships),
        group="item__meeting__group",
        memberships=memberships,
    ).annotate(found_on=F("item__meeting__starts_at"))


def _actions(person, queryset, memberships):
    return visible_to(person, _in_groups(queryset, "group", memberships), memberships=memberships).annotate(
        found_on=Coalesce("item__meeting__starts_at", "created_at", output_field=DateTimeField())
    )


def _feedback(person, queryset, memberships):
    return _in_groups(queryset, "group", memberships).annotate(found_on=F("created_at"))


def _answers(person, queryset, memberships):
    """The group's secretariat reads every answer; a member reads their own and their organisation's."""
    queryset = _in_groups(queryset, "request__group", memberships)
    if memberships is not None:
        runs_the_group = sorted({seat.group_id for seat in memberships if seat.role == Role.SECRETARIAT})
        readable = Q(request__group__in=runs_the_group) | Q(respondent=f"person:{person.pk}")
        speaks_for = [
            Q(request__group_id=seat.group_id, organisation_id=seat.organisation_id)
            for seat in memberships
            if seat.role in PARTICIPANT_ROLES and seat.organisation_id is not None
        ]
        if speaks_for:
            readable |= Q(respondent__startswith="organisation:") & reduce(operator.or_, speaks_for)
        queryset = queryset.filter(readable)
    return queryset.annotate(found_on=F("submitted_at"))


def _papers(person, queryset, memberships):
    return papers_visible_to(
        person, _in_groups(queryset, "item__meeting__group", memberships), memberships=memberships
    ).annotate(found_on=F("item__meeting__starts_at"))


def _item_number_parts() -> dict:
    """An item's place in its agenda (5, or 5 c)) in the same query: how many top-level items come
    before it (or before its parent), and how many siblings come before a sub-item."""

    def before(**filters):
        return Coalesce(
            AgendaItem.objects.filter(**filters).order_by().values("meeting").annotate(n=Count("pk")).values("n")[:1],
            0,
        )

    return {
        "top_before": before(
            meeting=OuterRef("meeting"),
            parent=None,
            position__lt=Coalesce(OuterRef("parent__position"), OuterRef("position")),
        ),
        "sub_before": before(parent=OuterRef("parent"), position__lt=OuterRef("position")),
    }


# The same expressions for every query (each query resolves its own copy): built once.
ITEM_NUMBER_PARTS = _item_number_parts()
APPROVED_VERSION = (
    Minutes.objects.filter(meeting=OuterRef("meeting"), status__in=APPROVED_STATUSES)
    .order_by("-version")
    .values("version")[:1]
)


def _show_minutes(queryset):
    return queryset.select_related("meeting__group").annotate(approved_version=APPROVED_VERSION, **ITEM_NUMBER_PARTS)


class Kind(NamedTuple):
    found: Callable  # (person, queryset, memberships): the rows the person may see, each with its ``found_on``
    shown: Callable  # (queryset): the rows picked, with what their hits show
    shows: tuple[str, ...]  # the fields a hit shows besides the words searched (the only ones read)
    carried: tuple[str, ...] = ()  # what ``found`` says of each row (the visibility rule's word) that a hit shows


def _names(path: str) -> tuple[str, str]:
    return f"{path}__name_en", f"{path}__name_cy"


_MEETING = ("meeting__number", "meeting__starts_at", *_names("meeting__group"))
_ITEM_MEETING = tuple(f"item__{name}" for name in _MEETING)

KINDS = {
    "meetings": Kind(_meetings, lambda rows: rows.select_related("group"), ("number", "starts_at", *_names("group"))),
    "items": Kind(
        _items,
        lambda rows: rows.select_related("meeting__group").annotate(**ITEM_NUMBER_PARTS),
        ("parent", *_MEETING),
    ),
    "minutes": Kind(_minutes, _show_minutes, ("title_en", "title_cy", "parent", *_MEETING), ("minutes_status",)),
    "decisions": Kind(
        _decisions,
        lambda rows: rows.select_related("item__meeting__group"),
        ("item__meeting__group__slug", *_ITEM_MEETING),
        ("approved",),
    ),
    "actions": Kind(
        _actions,
        lambda rows: rows.select_related("group", "item__meeting", "owner_person", "owner_organisation"),
        (
            "status",
            "created_at",
            "item__meeting__starts_at",
            "owner_person__full_name",
            *_names("owner_organisation"),
            *_names("group"),
        ),
        ("approved",),
    ),
    "feedback": Kind(_feedback, lambda rows: rows.select_related("group"), ("created_at", *_names("group"))),
    "answers": Kind(
        _answers,
        lambda rows: rows.select_related("request__group", "organisation", "author"),
        (
            "submitted_at",
            "request__title_en",
            "request__title_cy",
            *_names("request__group"),
            *_names("organisation"),
            "author__full_name",
        ),
    ),
    "papers": Kind(_papers, lambda rows: rows.select_related("item__meeting__group"), _ITEM_MEETING),
}


def _item_number(item) -> str:
    return format_number(item.top_before, item.sub_before if item.parent_id else None)


# What each result says -------------------------------------------------------------------------------


def _hit(source: Source, row, query: Query) -> Hit:
    snippet, snippet_lang = _snippet(source, row, query, active_language())
    hit = HITS[source.key](row, snippet, snippet_lang)
    if isinstance(hit.title, str):  # the service's own words, in the page's language
        hit.title = Localised(hit.title, active_language(), False)
    if re.sub(r"</?mark>", "", hit.snippet) == escape(hit.title.text):
        hit.snippet = ""  # a title found by its own words says nothing more below it
    return hit


def _text(source: Source, row, language: str, part: str) -> str:
    columns = getattr(source, part)
    if not columns:
        return ""
    if source.language_field and getattr(row, source.language_field) != language:
        return ""
    return getattr(row, columns[language]) or ""


def _snippet(source: Source, row, query: Query, language: str) -> tuple[str, str]:
    """The words around the first match: in the page's ``language`` if they are found in it, else in
    the other; in the text rather than the title. No match (a stemmed one): the start of the text."""
    languages = (language, "cy" if language == "en" else "en")
    matchers = {lang: _matcher(query, lang) for lang in languages}
    for lang in languages:
        for part in ("body", "title"):
            text = _text(source, row, lang, part)
            if text and _find(text, matchers[lang]):
                return highlight(text, matchers[lang]), lang
    for lang in languages:
        text = _text(source, row, lang, "body") or _text(source, row, lang, "title")
        if text:
            return highlight(text, matchers[lang]), lang
    return "", language


def _meeting_title(meeting) -> str:
    return _("Meeting %(number)s") % {"number": meeting.number}


def _meeting_hit(row, snippet, lang):
    return Hit(_meeting_title(row), row.get_absolute_url(), localised(row.group, "name"), row.starts_at, snippet, lang)


def _item_hit(row, snippet, lang):
    return Hit(
        localised(row, "title"),
        f"{row.meeting.get_absolute_url()}#item-{row.pk}",
        localised(row.meeting.group, "name"),
        row.meeting.starts_at,
        snippet,
        lang,
        detail=_("%(meeting)s, item %(number)s")
        % {"meeting": _meeting_title(row.meeting), "number": _item_number(row)},
    )


def _minutes_hit(row, snippet, lang):
    if row.minutes_status == MinutesStatus.APPROVED and row.approved_version:
        url = reverse("meetings:minutes_version", args=[row.meeting_id, row.approved_version])
        url += f"#version-item-{row.pk}"
    else:
        url = reverse("meetings:minutes_review", args=[row.meeting_id]) + f"#item-{row.pk}"
    return Hit(
        localised(row, "title"),
        url,
        localised(row.meeting.group, "name"),
        row.meeting.starts_at,
        snippet,
        lang,
        draft=row.minutes_status != MinutesStatus.APPROVED,
        detail=_("%(meeting)s, item %(number)s")
        % {"meeting": _meeting_title(row.meeting), "number": _item_number(row)},
    )


def _decision_hit(row, snippet, lang):
    meeting = row.item.meeting
    return Hit(
        _("Decision at meeting %(number)s") % {"number": meeting.number},
        reverse("meetings:decisions", args=[meeting.group.slug]) + f"?meeting={meeting.pk}",
        localised(meeting.group, "name"),
        meeting.starts_at,
        snippet,
        lang,
        draft=not row.approved,
    )


def _action_hit(row, snippet, lang):
    return Hit(
        _("Action: %(owner)s") % {"owner": row.owner_display},
        row.get_absolute_url(),
        localised(row.group, "name"),
        row.item.meeting.starts_at if row.item_id else row.created_at,
        snippet,
        lang,
        draft=not row.approved,
        detail=str(row.get_status_display()),
    )


def _feedback_hit(row, snippet, lang):
    return Hit(
        localised(row, "title"), row.get_absolute_url(), localised(row.group, "name"), row.created_at, snippet, lang
    )


def _answer_hit(row, snippet, lang):
    who = str(localised(row.organisation, "name")) if row.organisation_id else row.author.full_name
    return Hit(
        _("Answer from %(who)s") % {"who": who},
        row.request.get_absolute_url(),
        localised(row.request.group, "name"),
        row.submitted_at,
        snippet,
        lang,
        detail=str(localised(row.request, "title")),
    )


def _paper_hit(row, snippet, lang):
    meeting = row.item.meeting
    return Hit(
        localised(row, "title"),
        f"{meeting.get_absolute_url()}#item-{row.item_id}",
        localised(meeting.group, "name"),
        meeting.starts_at,
        snippet,
        lang,
        detail=_meeting_title(meeting),
    )


HITS = {
    "meetings": _meeting_hit,
    "items": _item_hit,
    "minutes": _minutes_hit,
    "decisions": _decision_hit,
    "actions": _action_hit,
    "feedback": _feedback_hit,
    "answers": _answer_hit,
    "papers": _paper_hit,
}


# Snippets ------------------------------------------------------------------------------------------

SNIPPET_WORDS = 30
_MARKDOWN = re.compile(r"\*\*|\[([^\]]*)\]\([^)]*\)|^\s*[-*]\s+|^\s*\d+\.\s+", re.MULTILINE)
_WORD = re.compile(r"\w+")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", _MARKDOWN.sub(lambda m: m.group(1) or "", text)).strip()


def _matcher(query: Query, language: str) -> Callable[[str], bool]:
    """Whether a word of a text in ``language`` is one of the words searched for (in one of its forms)."""
    forms = set().union(*query.terms(language))
    # English is stemmed when matched ("meetings" finds "meeting"): a shared start marks it here.
    starts = tuple(form[: max(4, len(form) - 2)] for form in forms if len(form) > 3) if language == "en" else ()

    def matches(word: str) -> bool:
        # word.lower() is the same as fold() for plain ASCII, without Unicode's tables.
        folded = word.lower() if word.isascii() else welsh.fold(word)
        return folded in forms or folded.startswith(starts)

    return matches


def _find(text: str, matches: Callable[[str], bool]) -> bool:
    return any(matches(match.group()) for match in _WORD.finditer(text))


def highlight(text: str, matches: Callable[[str], bool]) -> str:
    """About ``SNIPPET_WORDS`` words of ``text`` around its first match, escaped, matches in <mark>."""
    text = _plain(text)
    words = list(_WORD.finditer(text))
    first = next((i for i, m in enumerate(words) if matches(m.group())), 0)
    start_word = max(0, first - SNIPPET_WORDS // 3)
    end_word = min(len(words), start_word + SNIPPET_WORDS)
    if not words:
        return escape(text[:200])
    start = words[start_word].start() if start_word else 0
    end = words[end_word - 1].end() if end_word < len(words) else len(text)
    parts = ["…" if start else ""]
    position = start
    for match in words[start_word:end_word]:
        if matches(match.group()):
            # A word is letters, digits and underscores: nothing in it to escape.
            parts += [escape(text[position : match.start()]), "<mark>", match.group(), "</mark>"]
            position = match.end()
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text is escaped above  # nosec B308 B703


# Matching: PostgreSQL -------------------------------------------------------------------------------


def _folding_table() -> tuple[str, str]:
    """The accented lower-case Latin letters and their plain forms, for SQL's translate()."""
    accented, plain = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if char != char.lower():
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha() and base != char:
            accented.append(char)
            plain.append(base)
    return "".join(accented), "".join(plain)


FOLD_FROM, FOLD_TO = _folding_table()


CONFIGS = {"en": "english", "cy": "simple"}


def _pg_column(source: Source, language: str) -> str:
    return f"search_{source.key}_{language}"


class PostgresBackend:
    def _raw(self, query: Query, language: str) -> str:
        # Words are letters and digits only (steering.welsh.words): safe in a tsquery as written.
        return " & ".join("(" + " | ".join(sorted(forms)) + ")" for forms in query.terms(language))

    def matching(self, source: Source, queryset: QuerySet, query: Query) -> QuerySet:
        # Written as SQL, like SqliteBackend's: the same condition and score built as expressions
        # cost the ORM more than the rest of the kind's query. The words go as parameters.
        table = source.model._meta.db_table
        vectors = [f'"{table}"."{_pg_column(source, language)}"' for language in LANGUAGES]
        queries = [f"to_tsquery('{CONFIGS[language]}', %s)" for language in LANGUAGES]
        words = [self._raw(query, language) for language in LANGUAGES]
        return queryset.extra(  # noqa: S610 - names from the code, the words as parameters  # nosec B610
            where=[" OR ".join(f"{vector} @@ {tsquery}" for vector, tsquery in zip(vectors, queries, strict=True))],
            params=words,
            select={
                "score": "GREATEST("
                + ", ".join(f"ts_rank({vector}, {tsquery})" for vector, tsquery in zip(vectors, queries, strict=True))
                + ")"
            },
            select_params=words,
        )


# Keeping the PostgreSQL vectors in step ---------------------------------------------------------------


def _pg_text(source: Source, part: str, language: str, row: str) -> str:
    columns = getattr(source, part)
    if not columns:
        return "''"
    value = f"{row}.{columns[language]}"
    if source.language_field:
        value = f"CASE WHEN {row}.{source.language_field} = '{language}' THEN {value} ELSE '' END"
    return f"translate(lower(coalesce({value}, '')), '{FOLD_FROM}', '{FOLD_TO}')"


def _pg_vector(source: Source, language: str, row: str) -> str:
    config = CONFIGS[language]
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, {_pg_text(source, part, language, row)}), '{weight}')"
        for part, weight in (("title", "A"), ("body", "B"))
    )


def _pg_tables() -> dict[str, list[Source]]:
    tables: dict[str, list[Source]] = {}
    for source in SOURCES:
        tables.setdefault(source.model._meta.db_table, []).append(source)
    return tables


def install_postgres_index(cursor) -> None:
    """A tsvector column per kind and language, filled by a trigger when its words change, with a GIN index.

    Not generated columns: PostgreSQL refuses to change the type of a column a generated column
    reads (a longer title), and a trigger's body does not hold it."""
    for table, sources in _pg_tables().items():
        columns = sorted({column for source in sources for column in source.columns()})
        changed = " OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in columns)
        assignments = " ".join(
            f"NEW.{_pg_column(source, language)} := {_pg_vector(source, language, 'NEW')};"
            for source in sources
            for language in LANGUAGES
        )
        for source in sources:
            for language in LANGUAGES:
                cursor.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {_pg_column(source, language)} tsvector")
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION search_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'INSERT' OR {changed} THEN {assignments} END IF; RETURN NEW; END $$"
        )
        cursor.execute(f"DROP TRIGGER IF EXISTS search_vectors ON {table}")
        cursor.execute(
            f"CREATE TRIGGER search_vectors BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION search_{table}()"
        )
        fill = ", ".join(
            f"{_pg_column(source, language)} = {_pg_vector(source, language, table)}"
            for source in sources
            for language in LANGUAGES
        )
        cursor.execute(f"UPDATE {table} SET {fill}")  # noqa: S608 - names from the code  # nosec B608
        for source in sources:
            for language in LANGUAGES:
                # Serves ``vector @@ query`` in PostgresBackend.matching.
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {_pg_column(source, language)}_gin "
                    f"ON {table} USING gin ({_pg_column(source, language)})"
                )


def remove_postgres_index(cursor) -> None:
    for table, sources in _pg_tables().items():
        cursor.execute(f"DROP TRIGGER IF EXISTS search_vectors ON {table}")
        cursor.execute(f"DROP FUNCTION IF EXISTS search_{table}()")
        for source in sources:
            for language in LANGUAGES:
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {_pg_column(source, language)}")


# Matching: SQLite FTS5 --------------------------------------------------------------------------

FTS_TABLE = "search_index"
# FTS5 has one tokenizer per table: Porter's English stemmer over all four columns. It leaves
# nearly every Welsh word as it is, and the query's words go through the same stemmer.
TOKENIZER = "porter unicode61 remove_diacritics 2"
FTS_COLUMNS = ("title_en", "body_en", "title_cy", "body_cy")
# bm25 weights of the columns: a word in a title counts ten times one in the text.
BM25 = "10.0, 1.0, 10.0, 1.0"


class SqliteBackend:
    def _match(self, query: Query) -> str:
        # Words are letters and digits only: each is quoted as an FTS5 string, never read as syntax.
        def words(language):
            return " AND ".join(
                "(" + " OR ".join(f'"{form}"' for form in sorted(forms)) + ")" for forms in query.terms(language)
            )

        return f"({{title_en body_en}} : ({words('en')})) OR ({{title_cy body_cy}} : ({words('cy')}))"

    def matching(self, source: Source, queryset: QuerySet, query: Query) -> QuerySet:
        table = source.model._meta.db_table
        # Joined, not a subquery per row: FTS5 finds the matches once and each row is read by its key.
        return queryset.extra(  # noqa: S610 - the words go as a parameter  # nosec B610
            tables=[FTS_TABLE],
            where=[
                f"{FTS_TABLE} MATCH %s",
                # FTS5's rank column (not a bm25() call, which a window function cannot sit beside).
                f"{FTS_TABLE}.rank MATCH 'bm25({BM25})'",
                f"{FTS_TABLE}.rowid %% 16 = {source.code}",
                f'"{table}"."id" = ({FTS_TABLE}.rowid - {source.code}) / 16',
            ],
            params=[self._match(query)],
            select={"score": f"-{FTS_TABLE}.rank"},
        )


def _backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


# Keeping the SQLite index in step ------------------------------------------------------------------


def _sqlite_expression(source: Source, column: str, row: str) -> str:
    part, language = column.split("_")
    columns = getattr(source, part)
    if not columns:
        return "''"
    value = f"coalesce({row}.{columns[language]}, '')"
    if source.language_field:
        return f"CASE WHEN {row}.{source.language_field} = '{language}' THEN {value} ELSE '' END"
    return value


def _sqlite_values(source: Source, row: str) -> str:
    return ", ".join(_sqlite_expression(source, column, row) for column in FTS_COLUMNS)


def _sqlite_trigger_names() -> list[str]:
    return [f"search_{source.key}_{when}" for source in SOURCES for when in ("insert", "update", "delete")]


def _sqlite_statements() -> list[str]:
    columns = ", ".join(FTS_COLUMNS)
    statements = [f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({columns}, tokenize = '{TOKENIZER}')"]
    for source in SOURCES:
        table = source.model._meta.db_table
        name = f"search_{source.key}"
        insert = (
            f"INSERT INTO {FTS_TABLE}(rowid, {columns}) "  # noqa: S608 - names from the code  # nosec B608
            f"VALUES (new.id * 16 + {source.code}, {_sqlite_values(source, 'new')});"
        )
        delete = f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id * 16 + {source.code};"  # noqa: S608 - names from the code  # nosec B608
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON {table} BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF {', '.join(source.columns())} ON {table} "
            f"BEGIN {delete} {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        ]
    return statements


def rebuild_sqlite_index(cursor) -> None:
    """Fill the index from the live tables, from nothing."""
    columns = ", ".join(FTS_COLUMNS)
    cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - names from the code  # nosec B608
    for source in SOURCES:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, {columns}) SELECT t.id * 16 + {source.code}, "  # noqa: S608 - names from the code  # nosec B608
            f"{_sqlite_values(source, 't')} FROM {source.model._meta.db_table} AS t"
        )


def install_sqlite_index(cursor) -> None:
    for statement in _sqlite_statements():
        cursor.execute(statement)
    rebuild_sqlite_index(cursor)


def remove_sqlite_index(cursor) -> None:
    for name in _sqlite_trigger_names():
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def keep_sqlite_index(using="default", **kwargs) -> None:
    """After ``migrate``: put back triggers that a rebuilt table lost, and rebuild the index then."""
    database = connections[using]
    if database.vendor != "sqlite":
        return
    with database.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE 'search_%'")
        present = {name for (name,) in cursor.fetchall()}
        if FTS_TABLE not in present:
            return  # the migration that makes the index has not run (or was undone)
        if not set(_sqlite_trigger_names()) <= present:
            install_sqlite_index(cursor)
