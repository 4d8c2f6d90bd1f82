"""Requirements written as a table, read as the list a careful reviewer sees in it.

Pages copied from an organisation's site sometimes state their requirements as a
Markdown table ("| Requirement | Details |") or an HTML ``<table>``. Each body row is
one list item: "| Python | 2+ years writing production code |" reads as "Python: 2+
years writing production code". The header row names the columns and is never an
item. A column that says nothing but whether the row is required ("Must have", "Nice
to have", "Optional"; "Yes"/"No" under a "Required?" header) is no part of the item:
it marks the row as :mod:`reviewer_app.positions.nice_to_have` reads a list's intro.
Columns headed only by such markers ("| Must have | Nice to have |") are two lists.

Tables are found as the renderer (Python-Markdown's tables) finds them: a header row
and a delimiter row of as many cells, pipes escaped ("\\|") or inside a code span
splitting nothing, extra cells dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from reviewer_app.positions.nice_to_have import is_nice_to_have_intro, is_only_a_wish

WISHED = "nice to have"
"""The intro of a row a marker makes a wish."""
REQUIRED = "required"
"""The intro of a row a marker makes required, whatever the list's intro says."""

_DELIMITER_CELL = re.compile(r"^:?-+:?$")
_HTML_START = re.compile(r"^\s*<table(?:\s[^<>]{0,500})?>", re.IGNORECASE)
_HTML_END = re.compile(r"</table\s*>", re.IGNORECASE)
_REQUIRED_VALUE = re.compile(
    r"must(?:[- ]haves?)?|required|requirement|essential|mandatory|necessary|needed|core"
    r"|[\u2713\u2714]",
    re.IGNORECASE,
)
_YES = frozenset({"yes", "y", "true"})
_NO = frozenset({"no", "n", "false"})
# A header that asks whether a row is required, so that "Yes" means required.
_ASKS_REQUIRED = re.compile(r"\b(?:must|required|essential|mandatory|necessary)\b", re.I)
_MARKUP = " \t*_`.!:?"
# A cell holding only a dash says "nothing here".
_BLANK = _MARKUP + "-\u2013\u2014"


@dataclass(frozen=True)
class Table:
    """A table's cells as written: its header row and its body rows, as wide as the header."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def read_table(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    """Returns the table that begins at ``lines[start]`` and the index of the line after it."""
    return _pipe_table(lines, start) or _html_table(lines, start)


def table_items(table: Table) -> list[tuple[str, str | None]]:
    """Returns each row as a raw list item, with the intro its marker gives it, if any.

    The intro is :data:`WISHED` or :data:`REQUIRED` for a row a marker column or header
    marks, else None (the intro of the list the table stands in, if any, counts).
    """
    width = len(table.header)
    markers = [_marker_column(table, column) for column in range(width)]
    marker = next((column for column, found in enumerate(markers) if found), None)
    content = [column for column in range(width) if column != marker]
    if marker is None and width > 1 and _headed_by_markers(table.header):
        # "| Must have | Nice to have |": each column is a list of its own.
        return [
            (row[column], _meaning(table.header[column]))
            for column in range(width)
            for row in table.rows
            if row[column].strip(_BLANK)
        ]
    items: list[tuple[str, str | None]] = []
    for row in table.rows:
        text = _row_text([row[column] for column in content])
        if not text:
            continue
        if marker is not None:
            intro = markers[marker].get(row[marker].strip(_MARKUP).lower())
        else:
            intro = _meaning(table.header[content[0]]) if len(content) == 1 else None
        items.append((text, intro))
    return items


def _row_text(cells: list[str]) -> str:
    """ "Python: 2+ years" from the cells "Python" and "2+ years"; empty cells left out."""
    filled = [cell.strip() for cell in cells if cell.strip(_BLANK)]
    if not filled:
        return ""
    name, details = filled[0], filled[1:]
    if not details:
        return name
    # "Why us? Listen for motivation", not "Why us?: …".
    joiner = " " if name.rstrip(" *_`").endswith((":", "?", "!", ".")) else ": "
    return name + joiner + "; ".join(details)


def _meaning(marker: str) -> str | None:
    """:data:`WISHED` or :data:`REQUIRED` for a cell that is only a marker, else None."""
    plain = marker.strip(_MARKUP)
    if not plain:
        return None
    if _REQUIRED_VALUE.fullmatch(plain):
        return REQUIRED
    return WISHED if is_only_a_wish(plain) else None


def _headed_by_markers(header: tuple[str, ...]) -> bool:
    meanings = [_meaning(cell) for cell in header]
    return WISHED in meanings and all(meanings)


def _marker_column(table: Table, column: int) -> dict[str, str]:
    """What each value of a column means, if every value of it is a marker; else empty."""
    heading = table.header[column].strip(_MARKUP)
    says_required = bool(_ASKS_REQUIRED.search(heading)) and not is_nice_to_have_intro(heading)
    says_wished = is_only_a_wish(heading) if heading else False
    meanings: dict[str, str] = {}
    for row in table.rows:
        value = row[column].strip(_MARKUP).lower()
        if not value.strip(_BLANK):
            continue
        meaning = _meaning(value)
        if meaning is None and value in _YES | _NO and (says_required or says_wished):
            meaning = REQUIRED if (value in _YES) == says_required else WISHED
        if meaning is None:
            return {}
        meanings[value] = meaning
    # A table of markers alone is a table of nothing to check: read it as written.
    others = any(row[c].strip(_BLANK) for row in table.rows for c in range(len(row)) if c != column)
    return meanings if others else {}


def _pipe_table(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    if start + 1 >= len(lines) or "|" not in lines[start]:
        return None
    head_line = lines[start].strip()
    header = _split_row(head_line)
    bordered = head_line.startswith("|") or _ends_in_pipe(head_line)
    if len(header) < 2 and not bordered:
        return None
    delimiter = _split_row(lines[start + 1].strip())
    if len(delimiter) != len(header) or not all(
        _DELIMITER_CELL.match(cell.strip()) for cell in delimiter
    ):
        return None
    rows: list[tuple[str, ...]] = []
    end = start + 2
    while end < len(lines) and lines[end].strip() and "|" in lines[end]:
        cells = _split_row(lines[end].strip())
        rows.append(tuple((cells + [""] * len(header))[: len(header)]))
        end += 1
    return Table(tuple(header), tuple(rows)), end


def _ends_in_pipe(line: str) -> bool:
    backslashes = len(line[:-1]) - len(line[:-1].rstrip("\\"))
    return line.endswith("|") and backslashes % 2 == 0


def _split_row(line: str) -> list[str]:
    """The cells of a table row, without its border pipes; "\\|" is a pipe in a cell."""
    if line.startswith("|"):
        line = line[1:]
    if _ends_in_pipe(line):
        line = line[:-1]
    in_code = _code_spans(line)
    cells: list[str] = []
    start = index = 0
    while index < len(line):
        char = line[index]
        if char == "\\":
            index += 2
            continue
        if char == "|" and not in_code(index):
            cells.append(line[start:index])
            start = index + 1
        index += 1
    cells.append(line[start:])
    return [cell.strip().replace("\\|", "|") for cell in cells]


def _code_spans(line: str) -> _Spans:
    """Where the code spans of a line are: a run of backticks up to the next of its length."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"(?<!\\)`+", line)]
    spans: list[tuple[int, int]] = []
    open_at: dict[int, int] = {}
    for start, end in runs:
        length = end - start
        if length in open_at:
            spans.append((open_at.pop(length), end))
            open_at.clear()  # what was open inside a span was no opening
        else:
            open_at[length] = start
    return _Spans(spans)


class _Spans:
    """A sorted list of disjoint [start, end) ranges, asked in increasing order."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = spans
        self._next = 0

    def __call__(self, index: int) -> bool:
        while self._next < len(self._spans) and self._spans[self._next][1] <= index:
            self._next += 1
        return self._next < len(self._spans) and self._spans[self._next][0] <= index


def _html_table(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    if not _HTML_START.match(lines[start]):
        return None
    end = start
    while end < len(lines) and not _HTML_END.search(lines[end]):
        end += 1
    end = min(end + 1, len(lines))
    cells = _HtmlCells()
    cells.feed("\n".join(lines[start:end]))
    cells.close()
    header_rows = [cells_ for cells_, is_header in cells.rows if is_header]
    body = [cells_ for cells_, is_header in cells.rows if not is_header and cells_]
    width = max((len(row) for row in [*header_rows, *body]), default=0)
    if width == 0:
        return None
    header = header_rows[0] if header_rows else []
    padded = tuple(tuple((row + [""] * width)[:width]) for row in body)
    return Table(tuple((header + [""] * width)[:width]), padded), end


class _HtmlCells(HTMLParser):
    """The text of each cell of an HTML table, row by row, and whether a row is a header."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[list[str], bool]] = []
        self._cell: list[str] | None = None
        self._in_head = False
        self._hidden = 0  # inside <script> or <style>, which the page never shows

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._close_cell()
            self.rows.append(([], self._in_head))
        elif tag in {"td", "th"}:
            self._close_cell()
            if not self.rows:
                self.rows.append(([], self._in_head))
            self._cell = []
            if tag == "td" and not self._in_head:
                self.rows[-1] = (self.rows[-1][0], False)
            elif not self.rows[-1][0]:
                self.rows[-1] = (self.rows[-1][0], True)
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "thead":
            self._in_head = False
        elif tag in {"td", "th", "tr", "table"}:
            self._close_cell()

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None and self.rows:
            self.rows[-1][0].append(" ".join("".join(self._cell).split()))
        self._cell = None
