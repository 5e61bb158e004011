"""The deliverables of the groups under a group, by status over time: one small stacked bar chart,
drawn on the server as SVG, with the same numbers in a table beside it for anyone who cannot see
the chart (the SVG is an image with a title and a description; the table is the data)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .enums import DeliverableStatus
from .models import Deliverable, DeliverableChange, Group

# Status colours from GOV.UK Frontend's palette, each at least 3:1 against white; done at the bottom.
ORDER = [
    DeliverableStatus.DONE,
    DeliverableStatus.ON_TRACK,
    DeliverableStatus.NOT_STARTED,
    DeliverableStatus.AT_RISK,
    DeliverableStatus.LATE,
]
COLOURS = {
    DeliverableStatus.DONE: "#00703c",
    DeliverableStatus.ON_TRACK: "#1d70b8",
    DeliverableStatus.NOT_STARTED: "#505a5f",
    DeliverableStatus.AT_RISK: "#f47738",
    DeliverableStatus.LATE: "#d4351c",
}
MONTHS = 6
BAR, GAP, HEIGHT = 30, 14, 120


@dataclass
class Column:
    day: datetime.date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _month_ends(today: datetime.date) -> list[datetime.date]:
    days, day = [today], today.replace(day=1) - datetime.timedelta(days=1)
    while len(days) < MONTHS:
        days.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return list(reversed(days))


def has_deliverables(group: Group) -> bool:
    return Deliverable.objects.filter(group__parent=group).exists()


def columns(group: Group, today: datetime.date | None = None) -> list[Column]:
    """For the end of each of the last months and today: how many deliverables of the groups under
    ``group`` stood at each status (each deliverable at its latest status by then). One query."""
    today = today or timezone.localdate()
    days = _month_ends(today)
    changes = (
        DeliverableChange.objects.filter(deliverable__group__parent=group)
        .order_by("at", "pk")
        .values_list("deliverable_id", "status", "at")
    )
    history: dict[int, list[tuple[datetime.date, str]]] = {}
    for deliverable_id, status, at in changes:
        history.setdefault(deliverable_id, []).append((timezone.localtime(at).date(), status))
    result = []
    for day in days:
        counts = dict.fromkeys(ORDER, 0)
        for steps in history.values():
            known = [status for when, status in steps if when <= day]
            if known:
                counts[known[-1]] += 1
        result.append(Column(day, counts))
    return result


def svg(data: list[Column], *, title: str, description: str) -> dict:
    """What the template draws: bars as rectangles with their sizes worked out here."""
    tallest = max((column.total for column in data), default=0) or 1
    bars = []
    for index, column in enumerate(data):
        x, y = GAP + index * (BAR + GAP), HEIGHT
        parts = []
        for status in ORDER:
            height = round(column.counts[status] * HEIGHT / tallest)
            if height:
                y -= height
                parts.append({"y": y, "height": height, "colour": COLOURS[status], "status": status})
        bars.append({"x": x, "parts": parts, "day": column.day})
    return {
        "width": GAP + len(data) * (BAR + GAP),
        "height": HEIGHT + 24,
        "bar": BAR,
        "bars": bars,
        "label_y": HEIGHT + 16,
        "title": title,
        "description": description,
        "legend": [
            {"status": status, "label": DeliverableStatus(status).label, "colour": COLOURS[status]} for status in ORDER
        ],
    }
