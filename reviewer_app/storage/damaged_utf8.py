"""UTF-8 with a few damaged bytes: read as UTF-8, each damaged byte named by its line.

A file cut mid-character by a tool, or with one stray byte, is not valid UTF-8; read
in a legacy code page instead, every other accented letter of it became mojibake. When
the bytes are UTF-8 but for a few, they are read as UTF-8 with each damaged sequence
shown as "�", and the lines that hold one are named.
"""

from __future__ import annotations

from dataclasses import dataclass

# At most this many damaged sequences, each among at least this many good characters
# beyond ASCII: a legacy code page's text is damaged UTF-8 at nearly every such letter.
MOST_DAMAGED = 50
GOOD_PER_DAMAGED = 10
_BOM = "\ufeff"


@dataclass(frozen=True)
class DamagedUtf8:
    """Text read as UTF-8 but for a few damaged sequences.

    Attributes:
        text: The text, each damaged sequence replaced by U+FFFD, without a BOM.
        lines: The line number (from 1) of each damaged sequence, in order.
    """

    text: str
    lines: tuple[int, ...]


def mostly_utf8(data: bytes) -> DamagedUtf8 | None:
    """Reads ``data`` as UTF-8 if only a few of its sequences are damaged, else None."""
    pieces: list[str] = []
    damaged: list[int] = []
    cut_short = False  # the last character is cut: the file was, whatever came before
    start = 0
    while True:
        try:
            pieces.append(data[start:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            cut = exc.reason == "unexpected end of data"
            if len(damaged) == MOST_DAMAGED or (exc.end - exc.start < 2 and not cut):
                # A lone byte beyond ASCII is a legacy code page's letter ("Renée" saved
                # in Windows-1252 among UTF-8 rows), read by the detector and repaired
                # cell by cell; only a character cut after its first bytes is damage.
                return None
            pieces.append(data[start : start + exc.start].decode("utf-8"))
            pieces.append("\ufffd")
            damaged.append(start + exc.start)
            cut_short = cut
            start += exc.end
    text = "".join(pieces)
    good = len(text) - len(text.encode("ascii", "ignore")) - len(damaged)
    inside = len(damaged) - cut_short
    if not damaged or good < max(1, GOOD_PER_DAMAGED * inside):
        return None
    lines = tuple(data.count(b"\n", 0, offset) + 1 for offset in damaged)
    return DamagedUtf8(text.removeprefix(_BOM), lines)


def damaged_lines_text(lines: tuple[int, ...], shown: int = 5) -> str:
    """The damaged lines for a message: "line 3", "lines 3, 9 and 2 more"."""
    distinct = list(dict.fromkeys(lines))
    named = ", ".join(str(line) for line in distinct[:shown])
    more = f" and {len(distinct) - shown} more" if len(distinct) > shown else ""
    return f"{'line' if len(distinct) == 1 else 'lines'} {named}{more}"
