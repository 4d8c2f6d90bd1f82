"""Builds XLSX files whose sheet XML a test writes by hand.

openpyxl cannot store a formula's result (only Excel or LibreOffice, which calculate,
do), nor leave out cell positions; these files show what such programs write.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def text_cell(ref: str, text: str) -> str:
    """Returns a cell holding text, e.g. ``text_cell("A1", "Name")``."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def write_sheet_xml(path: Path, rows: str, *, prefix: str = "", after: str = "") -> Path:
    """Writes an XLSX whose first sheet holds ``rows`` (``<row>`` elements) as its cells.

    Args:
        path: The file to write.
        rows: The XML inside ``<sheetData>``.
        prefix: A namespace prefix (e.g. ``"x"``) used on every element, as some tools do.
        after: XML after ``<sheetData>`` (e.g. ``<extLst>``).
    """
    Workbook().save(path)
    name = f"{prefix}:" if prefix else ""
    declaration = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    document = (
        f"<{name}worksheet {declaration}><{name}sheetData>{rows}</{name}sheetData>"
        f"{after}</{name}worksheet>"
    )
    with zipfile.ZipFile(path) as source:
        members = [(item, source.read(item)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in members:
            target.writestr(item, document.encode() if item.filename == SHEET else data)
    return path
