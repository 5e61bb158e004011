"""Groups under another report to it: deliverables with their status over time, and a highlight
report to each of its meetings, listed on that meeting's agenda and kept in its minutes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import record
from meetings import services as meeting_services
from meetings.enums import ItemKind
from meetings.pdf import render_minutes_pdf
from workstreams import charts, services
from workstreams.enums import DeliverableStatus, GroupKind, Role
from workstreams.models import Deliverable, DeliverableChange
from workstreams.tests.factories import MembershipFactory


@pytest.fixture
def child(cast):
    group = services.create_group(
        cast.group, by=cast.secretariat, kind=GroupKind.TASK_AND_FINISH_GROUP, name_en="EHE", name_cy="ADdC"
    )
    services.add_membership(
        group, person=cast.chair, role=Role.CHAIR, organisation=None, start_date=timezone.localdate()
    )
    return group


@pytest.fixture
def parent_meeting(cast):
    meeting = meeting_services.create_meeting(cast.group, starts_at=timezone.now() + datetime.timedelta(days=14))
    meeting_services.add_item(
        meeting, title_en="Group workstreams", title_cy="Ffrydiau gwaith", kind=ItemKind.GROUP_REPORTS
    )
    return meeting


def test_the_sub_group_writes_its_report_and_the_parents_agenda_lists_it(child, parent_meeting, cast, client_as):
    chair = client_as(cast.chair)
    url = reverse("workstreams:report_write", args=[child.slug])
    refused = chair.post(url, {"progress_en": ""})
    assert "Enter the progress in English, or say that nothing has changed" in refused.text
    chair.post(
        url, {"progress_en": "Guidance drafted.", "progress_cy": "Canllawiau wedi'u drafftio.", "asks_en": "Agree it."}
    )
    page = client_as(cast.member).get(parent_meeting.get_absolute_url()).text
    assert "Guidance drafted." in page and "Agree it." in page
    assert client_as(cast.member).get(url).status_code == 404  # not a member of the sub-group
    stranger = MembershipFactory(group=child, role=Role.MEMBER).person
    assert client_as(stranger).get(url).status_code == 403


def test_the_report_goes_into_the_parents_minutes_and_pdf_and_stays_as_approved(child, parent_meeting, cast):
    services.write_report(
        child,
        meeting=parent_meeting,
        by=cast.chair,
        no_change=False,
        progress_en="Guidance drafted.",
        progress_cy="Canllawiau wedi'u drafftio.",
        risks_en="",
        risks_cy="",
        asks_en="",
        asks_cy="",
    )
    minutes = meeting_services.mark_held(parent_meeting, by=cast.secretariat)
    [item] = record.build(minutes).items
    assert item.reports[0].progress.cy == "Canllawiau wedi'u drafftio."
    text = render_minutes_pdf(minutes, preview=True)
    assert text.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(text)).pages)
    assert "Guidance drafted." in words and "Canllawiau wedi'u drafftio." in words


def test_deliverables_keep_their_history_for_the_parents_chart(child, cast, client_as):
    chair = client_as(cast.chair)
    chair.post(
        reverse("workstreams:deliverable_add", args=[child.slug]),
        {"title_en": "Draft guidance", "title_cy": "Canllawiau drafft", "status": DeliverableStatus.ON_TRACK},
    )
    deliverable = Deliverable.objects.get()
    chair.post(
        reverse("workstreams:deliverable_edit", args=[child.slug, deliverable.pk]),
        {"title_en": "Draft guidance", "title_cy": "Canllawiau drafft", "status": DeliverableStatus.AT_RISK},
    )
    assert list(DeliverableChange.objects.values_list("status", flat=True)) == ["on_track", "at_risk"]
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    DeliverableChange.objects.filter(status="on_track").update(
        at=timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(9)))
    )
    data = charts.columns(cast.group)
    assert data[-2].counts[DeliverableStatus.ON_TRACK] == 1 and data[-1].counts[DeliverableStatus.AT_RISK] == 1
    page = client_as(cast.member).get(cast.group.get_absolute_url()).text
    assert '<svg class="app-chart" role="img"' in page and "<desc" in page
    assert "Deliverables of the groups under this one, by status at the end of each month" in page
