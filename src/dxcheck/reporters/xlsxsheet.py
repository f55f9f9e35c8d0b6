"""The workbook's worksheet: XlsxWriter's, with its rows copied as bytes and its sparklines written a
string each. Only this module and `xlsx._write_workbook` import XlsxWriter, and only once the first
plan is judged: a check's peak of memory is the reading of its first group, and XlsxWriter's modules
would add to it.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

from xlsxwriter.worksheet import Worksheet

from dxcheck.reporters.xlsxrows import References, escape

CHUNK = 1 << 20  # a sheet's rows are copied a MiB at a time
BATCH = 1024  # sparklines written a string at a time


class Sheet(Worksheet):  # type: ignore[misc]  # XlsxWriter has no types
    """A worksheet whose rows are copied as bytes, and whose sparklines are written a string each.

    XlsxWriter copies constant_memory's rows file into the sheet's as text, decoding and encoding
    again every byte (2 s of a repository 16 times the national one); and it writes a sparkline
    through two escaped elements, at 40,000 sparklines a second of a national workbook.
    """

    def _write_optimized_sheet_data(self) -> None:
        if self.dim_rowmin is None:  # no rows: XlsxWriter writes an empty element
            super()._write_optimized_sheet_data()
            return
        self._xml_start_tag("sheetData")
        self.row_data_fh.close()
        self.fh.flush()  # what the sheet's text holds goes before the rows' bytes
        with open(self.row_data_filename, "rb") as rows:
            shutil.copyfileobj(rows, self.fh.buffer, CHUNK)
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")

    def _write_sparklines(self, sparkline: dict[str, Any]) -> None:
        draws, where = sparkline["ranges"], sparkline["locations"]
        if not (isinstance(draws, References) and isinstance(where, References)):
            super()._write_sparklines(sparkline)
            return
        self._xml_start_tag("x14:sparklines")
        # the pattern is escaped once: a row number, between a column's letters and `:` or the end,
        # never makes or breaks an escape
        cells, place = escape(draws.pattern).format, where.pattern.format
        rows, lines = draws.rows, where.rows
        count, write = sparkline["count"], self.fh.write
        for start in range(0, count, BATCH):
            write(
                "".join(
                    f"<x14:sparkline><xm:f>{cells(rows[k] + 1)}</xm:f>"
                    f"<xm:sqref>{place(lines[k] + 1)}</xm:sqref></x14:sparkline>"
                    for k in range(start, min(start + BATCH, count))
                )
            )
        self._xml_end_tag("x14:sparklines")
