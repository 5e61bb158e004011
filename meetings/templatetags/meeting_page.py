"""The meeting page's attendance table, its rows written directly: a hundred and more names
through the template's loops were a sizeable part of the page's time (issue 16's load benchmark)."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from steering.templatetags.bilingual import localised

register = template.Library()


def _lines(names: list[str]) -> str:
    """Names already escaped, one a line; a dash for none."""
    return mark_safe("<br>".join(names)) if names else "–"  # noqa: S308 - each name escaped  # nosec B308 B703


def _present(row, in_attendance: str) -> str:
    """One name in the Present column, with whom a deputy stands in for, and marked if not a member."""
    if row.deputising_for is None and row.member:
        return escape(row.name)  # most rows: the name alone
    return format_html(
        "{}{}{}",
        row.name,
        "" if row.deputising_for is None else f" ({_('for %(name)s') % {'name': row.deputising_for}})",
        "" if row.member else in_attendance,
    )


@register.simple_tag
def attendance_rows(by_organisation) -> str:
    """The table's rows, one an organisation (``selectors.attendance_summary``): its name, then
    those present, those who sent apologies and those absent."""
    in_attendance = format_html(' <span class="govuk-hint app-inline-hint">{}</span>', _("in attendance"))
    no_organisation = _("Not representing an organisation")
    rows = [
        format_html(
            '<tr class="govuk-table__row">\n'
            '<th scope="row" class="govuk-table__header">{}</th>\n'
            '<td class="govuk-table__cell">{}</td>\n'
            '<td class="govuk-table__cell">{}</td>\n'
            '<td class="govuk-table__cell">{}</td>\n'
            "</tr>",
            localised(entry, "name") if entry.organisation_id else no_organisation,
            _lines([_present(row, in_attendance) for row in entry.present]),
            _lines([escape(row.name) for row in entry.apologies]),
            _lines([escape(row.name) for row in entry.absent]),
        )
        for entry in by_organisation
    ]
    return mark_safe("\n".join(rows))  # noqa: S308 - each row made by format_html  # nosec B308 B703
