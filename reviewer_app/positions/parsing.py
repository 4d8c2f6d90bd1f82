"""Volunteer position descriptions: Markdown files with YAML frontmatter, read leniently.

The files are copied from the organisation's website and edited by many hands, so
parsing never gives up: a file that cannot be read properly still becomes a
``Position``, with its trouble listed in ``problems`` ("error" for a file that needs
fixing, "warning" for something repaired or guessed).
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reviewer_app.errors import UserError
from reviewer_app.positions.checks import (
    Check,
    commitment_checks,
    skill_checks,
)
from reviewer_app.positions.commitment import Commitment, hours_per_week, months, parse_commitment
from reviewer_app.positions.frontmatter import (
    Problem,
    declared_checks,
    split_frontmatter,
    text_field,
)
from reviewer_app.positions.markdown_structure import (
    Section,
    clean_inline,
    clean_item,
    first_h1,
    section_items,
    section_lines,
    split_sections,
)
from reviewer_app.positions.rendering import render_markdown
from reviewer_app.storage.text_repair import UndecodableText, decode_text, repair_mojibake

__all__ = [
    "Check",
    "Commitment",
    "Position",
    "Problem",
    "load_position",
    "load_positions",
    "parse_position",
]

# 'Under "Position Applying For", put "Backend Developer".' with straight or curly quotes.
_APPLY_AS = re.compile(
    r"""\b(?:put|write|enter|select|choose)\s+["'\u201c\u201d\u2018](?P<name>[^"\u201c\u201d\n]+?)["'\u201c\u201d\u2019]"""
)


@dataclass(frozen=True)
class Position:
    """One volunteer position as described by its Markdown file."""

    slug: str
    path: Path | None
    title: str
    description: str
    crumb: str | None
    apply_as: str | None
    source: str
    body: str
    checks: tuple[Check, ...]
    preferred: tuple[str, ...]
    commitment: Commitment
    problems: tuple[Problem, ...]
    # The digest of the bytes as read; empty when parsed from text.
    raw_digest: str = field(default="", repr=False, compare=False)

    @property
    def content_hash(self) -> str:
        """The SHA-256 hex digest of the file's bytes (of ``source`` when parsed from text)."""
        return self.raw_digest or hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    @property
    def has_errors(self) -> bool:
        """Whether any problem is an error."""
        return any(problem.severity == "error" for problem in self.problems)

    @property
    def html(self) -> str:
        """The body rendered to sanitized HTML."""
        return render_markdown(self.body)

    def to_json(self) -> dict[str, object]:
        """Returns the position as plain JSON-ready data (the CLI's ``--json`` output)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "apply_as": self.apply_as,
            "html": self.html,
            "checks": [dataclasses.asdict(check) for check in self.checks],
            "preferred": list(self.preferred),
            "commitment": {
                "min_hours_per_week": self.commitment.min_hours_per_week,
                "min_months": self.commitment.min_months,
                "lines": list(self.commitment.lines),
            },
            "problems": [dataclasses.asdict(problem) for problem in self.problems],
        }


_COMMITMENT_WORDS = re.compile(r"\b(commit|stay|remain|minimum|at least)", re.IGNORECASE)


def _states_commitment(item: str) -> bool:
    # Hours per week are always time given; a duration only with words of commitment,
    # so that "3 years of Python experience" stays a skill.
    if hours_per_week(item) is not None:
        return True
    return months(item) is not None and _COMMITMENT_WORDS.search(item) is not None


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
    fixed = repair_mojibake(text)
    if fixed == text:
        return fixed
    repairs: Counter[tuple[str, str]] = Counter()
    matcher = difflib.SequenceMatcher(None, text, fixed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            repairs[(text[i1:i2], fixed[j1:j2])] += 1
    shown = ", ".join(
        f'"{old}" → "{new}"' + (f" (x{count})" if count > 1 else "")
        for (old, new), count in repairs.most_common(5)
    )
    problems.append(Problem("warning", f"repaired mojibake (garbled characters): {shown}"))
    return fixed


def _apply_as(body: str) -> str | None:
    sections = split_sections(body)
    # The Apply section is the right place; anywhere else is a fallback.
    texts = ["\n".join(s.lines) for s in sections if s.kind == "apply"] + [body]
    for text in texts:
        for line in text.split("\n"):
            if "applying for" not in line.lower():
                continue
            match = _APPLY_AS.search(clean_inline(line))
            if match:
                return match["name"].strip()
    return None


def _title_from_slug(slug: str) -> str:
    return " ".join(word.capitalize() for word in re.split(r"[-_\s]+", slug) if word) or slug


def _empty(slug: str, path: Path | None, source: str, problems: list[Problem]) -> Position:
    return Position(
        slug=slug,
        path=path,
        title=_title_from_slug(slug),
        description="",
        crumb=None,
        apply_as=None,
        source=source,
        body="",
        checks=(),
        preferred=(),
        commitment=Commitment(None, None, ()),
        problems=tuple(problems),
    )


def parse_position(data: bytes | str, slug: str, path: Path | None = None) -> Position:
    """Parses a position file's content; never raises for bad content.

    Args:
        data: The file's bytes (decoded as UTF-8, else Windows-1252) or its text.
        slug: The position's identifier, the file name without ``.md``.
        path: Where the content came from, if a file.

    Returns:
        The position, with anything wrong listed in ``problems``.
    """
    problems: list[Problem] = []
    if isinstance(data, bytes):
        digest = hashlib.sha256(data).hexdigest()
        text = _decode(data, problems)
    else:
        digest = ""
        text = data.removeprefix("\ufeff")
    source = _repair(text.replace("\r\n", "\n").replace("\r", "\n"), problems)
    if not source.strip():
        problems.append(Problem("error", "file is empty"))
        return dataclasses.replace(_empty(slug, path, source, problems), raw_digest=digest)

    read, body = split_frontmatter(source, problems)
    meta = read if read is not None else {}
    title = text_field(meta, "title", problems)
    if title is None:
        title = first_h1(body) or _title_from_slug(slug)
        # A frontmatter that could not be read is an error already; its title may be there.
        if read is not None:
            problems.append(Problem("warning", f"frontmatter has no title; using '{title}'"))
    description = text_field(meta, "description", problems) or ""
    crumb = text_field(meta, "crumb", problems)

    requirement_items: list[str] = []
    preferred: list[str] = []
    commitment_lines: list[str] = []
    owner: Section | None = None
    for section in split_sections(body):
        kind = section.kind
        # An empty "### Requirements" with "#### Technical" and "#### People" below holds
        # its items in subsections; one with items of its own is followed by other topics.
        if kind == "other" and owner is not None and section.level > owner.level:
            kind = owner.kind
        else:
            empty = kind != "other" and not section_items(section.lines)
            owner = section if empty else None
        if kind == "requirements":
            for item in section_items(section.lines):
                # "At least 4 hours per week" among the requirements is a commitment.
                target = commitment_lines if _states_commitment(item) else requirement_items
                target.append(item)
        elif kind == "preferred":
            preferred += section_items(section.lines)
        elif kind == "commitment":
            commitment_lines += section_lines(section.lines)
    commitment = parse_commitment(tuple(commitment_lines))

    derived = skill_checks(requirement_items)
    for_commitment = commitment_checks(commitment)
    declared = declared_checks(meta.get("checks"), problems)
    if declared is not None:
        # Declared checks replace the derived skill checks; the commitment checks stay
        # derived unless the author declared commitment checks too.
        derived = declared
        if any(check.kind == "commitment" for check in declared):
            for_commitment = []
    checks = [*derived, *(c for c in for_commitment if c.key not in {d.key for d in derived})]

    return Position(
        slug=slug,
        path=path,
        title=title,
        description=description,
        crumb=crumb,
        apply_as=_apply_as(body),
        source=source,
        body=body,
        checks=tuple(checks),
        preferred=tuple(clean_item(item) for item in preferred if clean_item(item)),
        commitment=commitment,
        problems=tuple(problems),
        raw_digest=digest,
    )


def load_position(path: Path) -> Position:
    """Reads and parses one position file; an unreadable file gives an error problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _empty(path.stem, path, "", [Problem("error", f"cannot read {path}: {reason}")])
    return parse_position(data, path.stem, path)


def load_positions(directory: Path) -> list[Position]:
    """Loads every ``*.md`` file of a folder, sorted by file name.

    Raises:
        UserError: The folder is missing or cannot be listed.
    """
    if not directory.is_dir():
        problem = "is a file, not a folder" if directory.exists() else "does not exist"
        raise UserError(
            f"The positions folder {directory} {problem}; "
            "choose the folder that holds the position .md files."
        )
    try:
        paths = sorted(
            (p for p in directory.glob("*.md") if not p.name.startswith(".")),
            key=lambda p: p.name,
        )
    except OSError as exc:
        raise UserError(
            f"Cannot list the positions folder {directory}: {exc.strerror or exc}; "
            "check that it exists and that you may read it."
        ) from exc
    return [load_position(path) for path in paths]
