"""Volunteer position descriptions: Markdown files with YAML frontmatter, read leniently.

The files are copied from the organisation's website and edited by many hands, so
parsing never gives up: a file that cannot be read properly still becomes a
``Position``, with its trouble listed in ``problems`` ("error" for a file that needs
fixing, "warning" for something repaired or guessed).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from reviewer_app.errors import UserError
from reviewer_app.positions.checks import MAX_LABEL, Check, LabelledCheck, commitment_checks
from reviewer_app.positions.clashes import with_clashes
from reviewer_app.positions.commitment import Commitment, other_minimums
from reviewer_app.positions.frontmatter import (
    INTERVIEW_FIELD,
    Problem,
    declared_checks,
    split_frontmatter,
    text_field,
    text_list_field,
)
from reviewer_app.positions.markdown_structure import (
    clean_inline,
    first_h1,
    spelled_heading,
    split_sections,
    without_comments,
)
from reviewer_app.positions.rendering import render_markdown
from reviewer_app.positions.requirements import read_requirements
from reviewer_app.positions.site import (
    DEFAULT_SITE_URL,
    folder_site_url,
    normal_site_url,
    page_url,
    shipped_site_url,
    site_url_problem,
)
from reviewer_app.positions.source_text import markdown_files, read_source

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
MAX_SOURCE = 512 * 1024
"""The longest position file read (a real page is a few KB): longer ones are an error."""

# Words that name requirements: a page with them but no list of requirements read is
# one whose requirements are written in a way this reading misses.
_REQUIREMENT_WORDS = re.compile(
    r"\b(requirements?|required skills|qualifications|must[- ]haves?|exigences|prérequis|"
    r"compétences requises|anforderungen|voraussetzungen|requisitos|requisiti)\b",
    re.IGNORECASE,
)
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
    # Where the folder's pages live on the site (see reviewer_app/positions/site.py).
    site_url: str = DEFAULT_SITE_URL

    @property
    def content_hash(self) -> str:
        """The SHA-256 hex digest of the file's bytes (of ``source`` when parsed from text)."""
        return self.raw_digest or hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    @property
    def has_errors(self) -> bool:
        """Whether any problem is an error."""
        return any(problem.severity == "error" for problem in self.problems)

    @property
    def page_url(self) -> str:
        """The page's own address on the site, against which its relative links resolve."""
        return page_url(self.site_url, self.slug)

    @property
    def html(self) -> str:
        """The body rendered to sanitized HTML, relative links made absolute."""
        return render_markdown(self.body, base_url=self.page_url)

    def to_json(self) -> dict[str, object]:
        """Returns the position as plain JSON-ready data (the CLI's ``--json`` output)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "page_url": self.page_url,
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


def _requirements_mention(body: str) -> str | None:
    """The first line that speaks of requirements (in a few languages), shortened."""
    for line in without_comments(body).split("\n"):
        if _REQUIREMENT_WORDS.search(line):
            text = clean_inline(line).lstrip("# ").strip()
            return text if len(text) <= 60 else text[:59] + "…"
    return None


def _spelling_warnings(body: str) -> list[Problem]:
    """A warning for each section heading read only once its spelling was put right."""
    return [
        Problem(
            "warning",
            f"the heading {section.title!r} was read as {spelled!r} (its spelling put "
            "right): correct it on the page, which shows it as written",
        )
        for section in split_sections(body)
        if section.kind != "other" and (spelled := spelled_heading(section.title))
    ]


def _minimum_warnings(commitment: Commitment) -> list[Problem]:
    others = other_minimums(commitment)
    if not others:
        return []
    read = " and ".join(
        text for text in (commitment.rate_text, commitment.stay_text) if text is not None
    )
    listed = "; ".join(repr(line) for line in others)
    return [
        Problem(
            "warning",
            f"the commitment states more than one minimum ({listed} besides the first): "
            f"the checks ask for {read}, the first stated; say on the page which one is "
            "the minimum",
        )
    ]


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


def _site_url(meta: dict[str, object], given: str | None, problems: list[Problem]) -> str:
    value = meta.get("site_url")
    if value is not None:
        problem = site_url_problem(value)
        if problem is None:
            return normal_site_url(str(value))
        problems.append(Problem("error", f"frontmatter field 'site_url' {problem}"))
    return given if given is not None else shipped_site_url()


def _label_warnings(derived: tuple[LabelledCheck, ...]) -> list[Problem]:
    return [
        Problem(
            "warning",
            f'the label "{item.check.label}" had to leave out part of the requirement '
            f'"{item.check.text}" to fit {MAX_LABEL} characters: if it reads wrong, '
            "give the checks a label of your own under 'checks:' in the frontmatter",
        )
        for item in derived
        if item.shortened_hard
    ]


def parse_position(
    data: bytes | str, slug: str, path: Path | None = None, *, site_url: str | None = None
) -> Position:
    """Parses a position file's content; never raises for bad content.

    Args:
        data: The file's bytes (decoded as UTF-8, else Windows-1252) or its text.
        slug: The position's identifier, the file name without ``.md``.
        path: Where the content came from, if a file.
        site_url: Where the page's folder lives on the site; the shipped folder's when
            None. A ``site_url`` in the frontmatter wins over both.

    Returns:
        The position, with anything wrong listed in ``problems``.
    """
    problems: list[Problem] = []
    digest = hashlib.sha256(data).hexdigest() if isinstance(data, bytes) else ""
    if len(data) > MAX_SOURCE:
        problems.append(
            Problem(
                "error",
                f"file is longer than {MAX_SOURCE // 1024} KB, the most a position "
                "description may be (a real one is a few KB): is it the right file?",
            )
        )
        return dataclasses.replace(_empty(slug, path, "", problems), raw_digest=digest)
    source = read_source(data, problems)
    if not source.strip():
        if not any(problem.severity == "error" for problem in problems):
            problems.append(Problem("error", "file is empty"))
        return dataclasses.replace(_empty(slug, path, source, problems), raw_digest=digest)

    read, body = split_frontmatter(source, problems)
    meta = read if read is not None else {}
    title = text_field(meta, "title", problems)
    if title is None:
        title = first_h1(body) or _title_from_slug(slug)
        # A frontmatter that could not be read, or a title that is not text, is an error
        # already; the warning would contradict it.
        if read is not None and (meta.get("title") is None or isinstance(meta["title"], str)):
            problems.append(Problem("warning", f"frontmatter has no title; using '{title}'"))
    description = text_field(meta, "description", problems) or ""
    crumb = text_field(meta, "crumb", problems)
    site = _site_url(meta, site_url, problems)

    asked = read_requirements(body)
    problems += _spelling_warnings(body)
    problems += _minimum_warnings(asked.commitment)
    derived: list[Check] = [item.check for item in asked.checks]
    for_commitment = commitment_checks(asked.commitment)
    declared = declared_checks(meta.get("checks"), problems)
    # Named here, so that `positions` and `publish` refuse a wrong list; the interview
    # kit reads it when asked (reviewer_app/positions/interview.py).
    text_list_field(meta, INTERVIEW_FIELD, problems)
    if declared is not None:
        # Declared checks replace the derived skill checks; the commitment checks stay
        # derived unless the author declared commitment checks too.
        derived = declared
        if any(check.kind == "commitment" for check in declared):
            for_commitment = []
    else:
        problems += _label_warnings(asked.checks)
        mention = None if asked.checks else _requirements_mention(body)
        if mention is not None:
            problems.append(
                Problem(
                    "warning",
                    f"the page speaks of requirements ({mention!r}) but has no list of them "
                    "under a heading such as '## Requirements', so reviewers get no skill "
                    "checks for this position: write them as such a list, or name the "
                    "checks under 'checks:' in the frontmatter",
                )
            )
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
        preferred=asked.preferred,
        commitment=asked.commitment,
        problems=tuple(problems),
        raw_digest=digest,
        site_url=site,
    )


def load_position(path: Path, *, site_url: str | None = None) -> Position:
    """Reads and parses one position file; an unreadable file gives an error problem.

    Args:
        path: The ``.md`` file.
        site_url: Where its folder lives on the site; read from the folder's
            ``_site.toml`` when None (a broken one is an error of this position).
    """
    problems: list[Problem] = []
    if site_url is None:
        try:
            site_url = folder_site_url(path.parent)
        except UserError as exc:
            problems.append(Problem("error", str(exc)))
            site_url = DEFAULT_SITE_URL
    try:
        outside = _outside_folder(path)
        if outside is not None:
            problems.append(
                Problem(
                    "error",
                    f"{path.name} is a link to a file outside its folder ({outside}): "
                    "it was not read; copy the file into the folder instead",
                )
            )
            return _empty(path.stem, path, "", problems)
        with path.open("rb") as handle:  # never more than the most a position may be
            data = handle.read(MAX_SOURCE + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problems.append(Problem("error", f"cannot read {path}: {reason}"))
        return _empty(path.stem, path, "", problems)
    position = parse_position(data, path.stem, path, site_url=site_url)
    if problems:
        position = dataclasses.replace(position, problems=(*problems, *position.problems))
    return position


def _outside_folder(path: Path) -> Path | None:
    """Where a link named ``path`` leads when that is outside the link's folder."""
    if not path.is_symlink():
        return None
    target = path.resolve()
    return None if target.is_relative_to(path.parent.resolve()) else target


def load_positions(directory: Path) -> list[Position]:
    """Loads every ``*.md`` file of a folder, sorted by file name.

    Raises:
        UserError: The folder is missing or cannot be listed, or its ``_site.toml``
            cannot be read.
    """
    paths = markdown_files(directory, "position")
    site_url = folder_site_url(directory)
    return with_clashes([load_position(path, site_url=site_url) for path in paths])
