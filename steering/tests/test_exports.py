"""The one writer of CSV and XLSX downloads: what people wrote stays text, never a formula."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from steering import exports

ROW = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "Plain", 3, datetime.date(2022, 9, 22), None]


def test_csv_export_quotes_formulas_and_writes_dates_as_iso():
    response = exports.export(["A"] * len(ROW), [ROW], fmt="csv", filename="x", sheet_title="X")
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "Plain", "3", "2022-09-22", ""]


def test_xlsx_export_keeps_formulas_as_text():
    response = exports.export(
        ["A"] * len(ROW), [ROW], fmt="xlsx", filename="x", sheet_title="A very long sheet title over 31"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "A very long sheet title over 31"[:31]
    cells = next(sheet.iter_rows(min_row=2))
    assert [cell.data_type for cell in cells[:5]] == ["s"] * 5
    assert cells[0].value == ROW[0]


def test_export_refuses_an_unknown_format():
    with pytest.raises(ValueError):
        exports.export([], [], fmt="pdf", filename="x", sheet_title="X")
