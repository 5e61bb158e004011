"""Spreadsheet downloads (CSV and XLSX): one writer for every export, so every export keeps what
people wrote as text, never as a formula a spreadsheet would run.

It sits in the lowest layer because the action log, the feedback answers and the decisions
register all export; each hands it its headers and rows, already in the page's language.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A spreadsheet runs a cell that begins with one of these as a formula (OWASP's "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """What a person wrote, never run as a formula: a leading quote makes the cell plain text."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it begins with "=": openpyxl would write a formula
    return cell


def export(
    headers: Sequence[str], rows: Iterable[Sequence], *, fmt: str, filename: str, sheet_title: str
) -> HttpResponse:
    """A download of ``rows`` under ``headers`` as ``filename.csv`` or ``filename.xlsx``."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format: {fmt}")
    headers = [str(header) for header in headers]
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(sheet_title)[:31])  # the longest title a sheet may have
        sheet.append(headers)
        for row in rows:
            sheet.append([xlsx_cell(sheet, value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so spreadsheet programs read Welsh letters as UTF-8
        writer = csv.writer(response)
        writer.writerow(headers)
        writer.writerows([csv_cell(value) for value in row] for row in rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
