"""Reads about meetings that views, services and tasks share."""

import string
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext as _

from steering.bilingual import localised
from workstreams.enums import Role
from workstreams.models import Membership

from .enums import AttendanceStatus, ReplyAnswer
from .models import AgendaItem, Circulation, Decision, Meeting, Minutes, Paper
from .visibility import APPROVED_STATUSES, visible_to


def current_minutes(meeting: Meeting) -> Minutes | None:
    """The newest version of the meeting's minutes, if writing has started."""
    return meeting.minutes_versions.order_by("-version").first()


def format_number(position_index: int, sub_index: int | None = None) -> str:
    """1, 2, 2 a), 2 b) … as the minutes write them."""
    number = str(position_index + 1)
    if sub_index is None:
        return number
    letters = string.ascii_lowercase
    letter = letters[sub_index] if sub_index < len(letters) else letters[sub_index // 26 - 1] + letters[sub_index % 26]
    return f"{number} {letter})"


def item_number(item: AgendaItem) -> str:
    top = item.parent if item.parent_id else item
    top_index = AgendaItem.objects.filter(meeting_id=item.meeting_id, parent=None, position__lt=top.position).count()
    if not item.parent_id:
        return format_number(top_index)
    sub_index = AgendaItem.objects.filter(parent_id=item.parent_id, position__lt=item.position).count()
    return format_number(top_index, sub_index)


def numbered_agenda(meeting: Meeting, *, with_minutes: bool = False, with_papers: bool = True) -> list[AgendaItem]:
    """The meeting's top-level items in order, each with ``number`` and its ``children``.

    One query for the items, one for their papers unless ``with_papers`` is False (the minutes
    editor shows none), and with ``with_minutes`` one each for decisions and actions, however many
    there are.
    """
    items = meeting.items.select_related("lead_person", "lead_organisation").order_by("position")
    # Each item's papers in the order of Paper.Meta.ordering within one item, without its joins.
    if with_papers:
        items = items.prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at")))
    if with_minutes:
        items = items.prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("created_at", "pk")),
            Prefetch(
                "actions",
                # The Action model lives in a higher layer: reached through the relation, not imported.
                queryset=AgendaItem._meta.get_field("actions")
                .related_model.objects.select_related("owner_person", "owner_organisation")
                .order_by("created_at", "pk"),
            ),
        )
    children = defaultdict(list)
    top = []
    for item in items:
        (children[item.parent_id] if item.parent_id else top).append(item)
    for index, item in enumerate(top):
        item.number = format_number(index)
        item.children = children[item.pk]
        for sub_index, child in enumerate(item.children):
            child.parent = item  # already loaded: spares a query per sub-item
            child.number = format_number(index, sub_index)
            child.children = []
    return top


def flat_agenda(agenda: list[AgendaItem]) -> list[AgendaItem]:
    return [entry for item in agenda for entry in [item, *item.children]]


# The agenda's Welsh ----------------------------------------------------------------------------


def english_only(paper: Paper) -> bool:
    """A paper whose Welsh version has not come yet: it has its English file and no Welsh one.
    Derived from the files, never stored; a paper in Welsh only has its Welsh."""
    return bool(paper.file_en) and not paper.file_cy


def papers_without_welsh(meeting: Meeting) -> list[Paper]:
    """The meeting's papers in English only, in the order of the agenda, each with its item's
    ``number``: what the secretariat still has to add the Welsh of."""
    papers = []
    for item in flat_agenda(numbered_agenda(meeting)):
        for paper in item.papers.all():
            if english_only(paper):
                paper.number = item.number
                papers.append(paper)
    return papers


def agenda_missing_welsh(meeting: Meeting) -> list[str]:
    """Where the agenda's Welsh is missing, said in the page's language as the minutes' check says
    it ("2 a) title"): the place, each item's title and lead, each paper's title. Issuing the
    agenda needs none missing. A paper's Welsh file is not here: a paper may go out in English
    only (``papers_without_welsh``), and the secretariat is warned of it."""
    missing = []
    if meeting.place_en.strip() and not meeting.place_cy.strip():
        missing.append(_("place of the meeting"))
    for item in flat_agenda(numbered_agenda(meeting)):
        texts = [
            (_("%(number)s title") % {"number": item.number}, item.title_en, item.title_cy),
            (_("%(number)s lead") % {"number": item.number}, item.lead_text_en, item.lead_text_cy),
        ]
        texts += [
            (
                _("%(number)s title of the paper ‘%(title)s’") % {"number": item.number, "title": paper.title_en},
                paper.title_en,
                paper.title_cy,
            )
            for paper in item.papers.all()
        ]
        missing += [where for where, english, welsh in texts if english.strip() and not welsh.strip()]
    return missing


def neighbours(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    group_meetings = Meeting.objects.filter(group_id=meeting.group_id)
    previous = group_meetings.filter(starts_at__lt=meeting.starts_at).order_by("-starts_at").first()
    following = group_meetings.filter(starts_at__gt=meeting.starts_at).order_by("starts_at").first()
    return previous, following


@dataclass(frozen=True)
class AttendanceRow:
    """One person in the attendance, as the meeting page lists them."""

    name: str
    member: bool  # False for someone in attendance who is not a member
    deputising_for: str | None = None  # the name of the member they stand in for


@dataclass
class OrganisationAttendance:
    """The people there for one organisation (``organisation_id`` None: for none), with its name in
    both languages, for ``localised``."""

    organisation_id: int | None
    name_en: str = ""
    name_cy: str = ""
    present: list[AttendanceRow] = field(default_factory=list)
    apologies: list[AttendanceRow] = field(default_factory=list)
    absent: list[AttendanceRow] = field(default_factory=list)


@dataclass
class AttendanceSummary:
    by_organisation: list[OrganisationAttendance]
    present_members: int
    apologies: int
    quorum: int | None

    @property
    def quorum_met(self) -> bool | None:
        return None if self.quorum is None else self.present_members >= self.quorum


@dataclass
class ReplyOutlook:
    """What the replies say about the meeting to come (observers do not count to the quorum)."""

    coming: int  # in person, online, or a deputy in their place
    apologies: int
    no_reply: int
    quorum: int | None

    @property
    def at_risk(self) -> bool:
        """Fewer members have said they will come than the quorum needs."""
        return self.quorum is not None and self.coming < self.quorum

    @property
    def cannot_be_met(self) -> bool:
        """Even if everyone who has not replied came, the meeting would not be quorate."""
        return self.quorum is not None and self.coming + self.no_reply < self.quorum


def reply_outlook(meeting: Meeting) -> ReplyOutlook:
    seats = (
        Membership.objects.current(meeting.starts_at.date())
        .filter(group_id=meeting.group_id, person__is_active=True)
        .exclude(role=Role.OBSERVER)
        .values_list("pk", flat=True)
    )
    answers = dict(meeting.replies.filter(membership__in=seats).values_list("membership_id", "answer"))
    coming = sum(answer != ReplyAnswer.APOLOGIES for answer in answers.values())
    return ReplyOutlook(
        coming=coming,
        apologies=len(answers) - coming,
        no_reply=len(seats) - len(answers),
        quorum=meeting.group.quorum,
    )


def attendance_summary(meeting: Meeting) -> AttendanceSummary:
    # Plain values rather than several model instances a person: the list is long.
    rows = meeting.attendance.values_list(
        "status",
        "name",
        "membership_id",
        "membership__role",
        "membership__person__full_name",
        "deputising_for__person__full_name",  # None unless deputising
        # A member is there for their membership's organisation, anyone else for the one recorded.
        "membership__organisation_id",
        "membership__organisation__name_en",
        "membership__organisation__name_cy",
        "organisation_id",
        "organisation__name_en",
        "organisation__name_cy",
    ).order_by("pk")  # within each organisation, names in the order they were recorded, every time
    grouped: dict[int | None, OrganisationAttendance] = {}
    present_members = apologies = 0
    for status, name, membership_id, role, full_name, deputising_for, *organisations in rows:
        member = membership_id is not None
        organisation_id, name_en, name_cy = organisations[:3] if member else organisations[3:]
        entry = grouped.setdefault(
            organisation_id, OrganisationAttendance(organisation_id, name_en or "", name_cy or "")
        )
        getattr(entry, status).append(AttendanceRow(full_name if member else name, member, deputising_for))
        counts_as_member = member or deputising_for is not None
        if status == AttendanceStatus.PRESENT and counts_as_member and role != Role.OBSERVER:
            present_members += 1
        apologies += status == AttendanceStatus.APOLOGIES
    ordered = sorted(
        grouped.values(),
        key=lambda e: (
            e.organisation_id is None,
            str(localised(e, "name")).lower() if e.organisation_id is not None else "",
        ),
    )
    return AttendanceSummary(ordered, present_members, apologies, meeting.group.quorum)


def members_for_attendance(meeting: Meeting):
    """Everyone who was a member on the day of the meeting, with their attendance if recorded
    and their reply to the invitation if they sent one."""
    day = meeting.starts_at.date()
    memberships = (
        Membership.objects.current(day)
        .filter(group_id=meeting.group_id)
        .select_related("person", "organisation")
        .order_by("organisation__name_en", "person__full_name")
    )
    recorded = {row.membership_id: row for row in meeting.attendance.exclude(membership=None)}
    replies = {answer.membership_id: answer for answer in meeting.replies.all()}
    return [(membership, recorded.get(membership.pk), replies.get(membership.pk)) for membership in memberships]


def open_actions(meeting: Meeting):
    """The group's open actions agreed before this meeting, for "minutes and actions of the last meeting"."""
    earlier = Q(item__meeting__starts_at__lt=meeting.starts_at) | Q(item__isnull=True, created_at__lt=meeting.starts_at)
    return (
        meeting.group.actions.open()
        .filter(earlier)
        .select_related("owner_person", "owner_organisation", "item__meeting")
        .order_by("due_date", "pk")
    )


def decisions_for_group(group, person):
    """The group's decisions that ``person`` may see (``meetings.visibility``), each marked ``approved``."""
    decisions = visible_to(person, Decision.objects.filter(item__meeting__group=group), group="item__meeting__group")
    return decisions.select_related("item__meeting", "item__parent").order_by(
        "-item__meeting__starts_at", "item__position", "created_at"
    )


def search_decisions(queryset, words: str):
    query = Q()
    for word in words.split():
        query &= Q(text_en__icontains=word) | Q(text_cy__icontains=word)
    return queryset.filter(query)


def minutes_history(meeting: Meeting):
    return meeting.minutes_events.select_related("actor")


def approved_versions(meeting: Meeting):
    return meeting.minutes_versions.filter(status__in=APPROVED_STATUSES).select_related(
        "approved_by", "agreed_at_meeting"
    )


def latest_publications(group):
    """The latest published version of each of the group's meetings (a correction replaces the
    version it corrects), newest meeting first: one query, however many meetings."""
    latest = (
        Circulation.objects.filter(minutes__meeting=OuterRef("minutes__meeting"))
        .order_by("-minutes__version")
        .values("pk")[:1]
    )
    return (
        Circulation.objects.filter(minutes__meeting__group=group, pk=Subquery(latest))
        .select_related("minutes__meeting")
        .order_by("-minutes__meeting__starts_at", "-minutes__meeting__number")
    )


def reports_to(meeting: Meeting) -> list:
    """The highlight reports of the groups under the meeting's group to this meeting, by group name
    (the reports live in workstreams, reached through their relation to the meeting)."""
    return list(meeting.highlight_reports.select_related("group").order_by("group__name_en"))


def group_reports(meeting: Meeting) -> list[tuple]:
    """Each group under the meeting's group still working (or that reported), with its report to
    this meeting or None: what the item for the groups' reports lists."""
    reports = {report.group_id: report for report in reports_to(meeting)}
    children = meeting.group.children.exclude(Q(status="closed") & ~Q(pk__in=list(reports))).order_by("name_en")
    return [(child, reports.get(child.pk)) for child in children]


def parties_of(group) -> list[str]:
    """The names the group's people and organisations go by, which the minutes importer takes as
    parties who may own actions."""
    names = []
    for seat in Membership.objects.filter(group=group).select_related("person", "organisation"):
        names.append(seat.person.full_name)
        if seat.organisation_id:
            organisation = seat.organisation
            names += [organisation.name_en, organisation.name_cy, organisation.acronym_en, organisation.acronym_cy]
    return [name for name in dict.fromkeys(names) if name]


def bodies_of(group) -> list[str]:
    """The short names the group itself goes by: its short names, and the glossary's acronyms for
    it ("SG": "Steering Group", of the ALN Implementation Steering Group). The minutes importer
    takes "The SG agreed …" as the group's decision even where a draft does not define "SG"."""
    names = {name for name in (group.name_en, group.name_cy, group.short_name_en, group.short_name_cy) if name}
    bodies = [group.short_name_en, group.short_name_cy]
    for entry in group.glossary.all():
        meanings = {entry.expansion_en, entry.expansion_cy} - {""}
        if any(name.lower().endswith(meaning.lower()) for name in names for meaning in meanings):
            bodies += [entry.acronym_en, entry.acronym_cy]
    return [body for body in dict.fromkeys(bodies) if body]
