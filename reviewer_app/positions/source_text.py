"""A content file's text as its author meant it: decoded, newlines made "\\n", mojibake repaired.

Position files and message templates are both Markdown with YAML frontmatter, edited by
many hands in many editors; both are read this way, and every repair is named.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

from reviewer_app.errors import UserError
from reviewer_app.positions.frontmatter import Problem
from reviewer_app.storage.mojibake_repair import repair_mojibake
from reviewer_app.storage.text_repair import UndecodableText, decode_text


def read_source(data: bytes | str, problems: list[Problem]) -> str:
    """Returns a content file's text: decoded, with "\\n" newlines and mojibake repaired.

    Args:
        data: The file's bytes (UTF-8, UTF-16/32 with a byte-order mark, else detected)
            or its text.
        problems: Receives an error for damaged UTF-16, and a warning for a legacy
            encoding or a repair.
    """
    text = _decode(data, problems) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    text = _without_controls(text, problems)
    return _repair(text.replace("\r\n", "\n").replace("\r", "\n"), problems)


def _without_controls(text: str, problems: list[Problem]) -> str:
    """The text without control characters (NUL, escape sequences); binary data refused."""
    found = len(_CONTROLS.findall(text))
    if not found:
        return text
    if found > max(8, len(text) // 100):
        problems.append(
            Problem("error", "file is not text (it holds binary data): is it the right file?")
        )
        return ""
    problems.append(
        Problem(
            "warning",
            f"removed {found} control character(s) (NUL, escape, ...): a damaged file? "
            "Check the text around them",
        )
    )
    return _CONTROLS.sub("", text)


_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# C0 controls but tab and line ends, and DEL: never in a page, and a terminal runs the
# escape sequences they make.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def markdown_files(directory: Path, kind: str) -> list[Path]:
    """Returns the ``*.md`` files of a folder of content, sorted by name, hidden ones left out.

    Args:
        directory: The folder.
        kind: What its files are, for messages: "position", "message template".

    Raises:
        UserError: The folder is missing or cannot be listed.
    """
    if not directory.is_dir():
        problem = "is a file, not a folder" if directory.exists() else "does not exist"
        raise UserError(
            f"The {kind}s folder {directory} {problem}; "
            f"choose the folder that holds the {kind} .md files."
        )
    try:
        return sorted(
            (
                p
                for p in directory.iterdir()
                if p.suffix.casefold() in _MARKDOWN_SUFFIXES and not p.name.startswith(".")
            ),
            key=lambda p: p.name,
        )
    except OSError as exc:
        raise UserError(
            f"Cannot list the {kind}s folder {directory}: {exc.strerror or exc}; "
            "check that it exists and that you may read it."
        ) from exc


def _decode(data: bytes, problems: list[Problem]) -> str:
    try:
        text, fallback = decode_text(data)
    except UndecodableText as exc:
        problems.append(Problem("error", f"file is damaged UTF-16 text ({exc}): save it as UTF-8"))
        return ""
    if fallback is not None:
        problems.append(
            Problem(
                "warning",
                f"file is not UTF-8; read it as {fallback}: "
                "check accented letters, and save it as UTF-8",
            )
        )
    return text


def _repair(text: str, problems: list[Problem]) -> str:
    """Repairs mojibake line by line, and names the repairs made.

    Line by line: a diff of the whole text grew with the square of its length (a 25 KB
    page with one "â€”" took 9 s to read).
    """
    if text.isascii():
        return text
    lines = text.split("\n")
    repairs: Counter[tuple[str, str]] = Counter()
    for number, line in enumerate(lines):
        fixed = repair_mojibake(line)  # at once for ASCII lines
        if fixed == line:
            continue
        lines[number] = fixed
        # Only the part between what the two share at each end is compared.
        head = _shared_start(line, fixed)
        tail = _shared_start(line[head:][::-1], fixed[head:][::-1])
        before, after = line[head : len(line) - tail], fixed[head : len(fixed) - tail]
        if len(before) + len(after) > _DIFFED:  # named by its start
            repairs[(before[:_SHOWN] + "…", after[:_SHOWN] + "…")] += 1
            continue
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                repairs[(before[i1:i2], after[j1:j2])] += 1
    if not repairs:
        return text
    shown = ", ".join(
        f'"{old}" → "{new}"' + (f" (x{count})" if count > 1 else "")
        for (old, new), count in repairs.most_common(5)
    )
    problems.append(Problem("warning", f"repaired mojibake (garbled characters): {shown}"))
    return "\n".join(lines)


def _shared_start(one: str, other: str) -> int:
    """How many characters the two texts share at their start (halving, in C)."""
    low, high = 0, min(len(one), len(other))
    while low < high:
        middle = (low + high + 1) // 2
        if one[:middle] == other[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


# A repaired stretch longer than this is named by its start instead of its changes.
_DIFFED = 4_000
_SHOWN = 40


__all__ = ["markdown_files", "read_source"]
