"""Text for a person's terminal: what could spoof or garble it is written as an escape.

Names, emails, answers, titles and reasons come from applicants and other reviewers,
and the command line prints them. Printed raw, a right-to-left override (U+202E)
reverses the rest of its line ("Ana" + U+202E + "vsc.exe" shows as "Anaexe.csv"), the
other bidi controls reorder it, an escape sequence (ESC [ ...) moves the cursor, clears
the screen, recolours or retitles the window, and a lone carriage return or a line
separator rewrites what the line seems to say. Each such character is written as a
Python escape instead (``\\u202e``, ``\\x1b``, ``\\r``), not removed: the reader sees that
the text holds one (removed, "Ana" and "Ana" + U+202E look the same, and ESC [2J would
leave "[2J" as if typed), and the text can be found again exactly. Line feeds, tabs and
CR LF line ends stay; zero-width joiners stay too, as emoji and several scripts need
them, and they move nothing.

Only output meant for a person passes through here: ``--json`` and the files written
(CSV, HTML) keep the text as stored.
"""

from __future__ import annotations

import io
import re
from typing import TextIO, cast

import wcwidth

# C0 controls but tab and line feed, DEL and C1 controls (U+009B is a one-byte CSI),
# the bidi controls (Unicode's Bidi_Control: ALM, LRM, RLM, LRE..RLO, LRI..PDI), the
# line and paragraph separators, and a carriage return that ends no line.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|\r(?!\n)"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if match.group() == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Returns ``text`` with every control that could spoof or garble a terminal escaped."""
    return _UNSAFE.sub(_escape, text)


def display_width(text: str) -> int:
    """The columns a terminal gives ``text`` once made safe: an accent or a zero-width
    joiner none, a wide (East Asian) character or an emoji sequence two, so that columns
    of names line up (wcwidth's tables, as terminals use them).
    """
    shown = terminal_safe(text)
    width = wcwidth.wcswidth(shown)
    # -1: a character wcwidth deems unprintable (terminal_safe escapes the controls).
    return width if width >= 0 else sum(max(0, wcwidth.wcwidth(c)) for c in shown)


class _TerminalStream(io.TextIOBase):
    """Writes to a stream what :func:`terminal_safe` makes of each text."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")


def for_terminal(stream: TextIO) -> TextIO:
    """Wraps ``stream`` (standard output or error) so that what is written is terminal-safe."""
    return cast(TextIO, _TerminalStream(stream))


__all__ = ["display_width", "for_terminal", "terminal_safe"]
