"""Message templates: Markdown files with YAML frontmatter in ``content/templates/``, linted.

A template has a ``subject`` and the ``stage`` it fits in its frontmatter (and
optionally a ``title``, the name the window shows), and a plain-text body. The subject
and the body may hold merge fields such as ``{first_name}`` (see :data:`MERGE_FIELDS`);
``{{first_name}}`` stands for the literal text ``{first_name}``, and any other brace is
text. Like positions, a template is read leniently: whatever is wrong is listed in
``problems`` ("error" to fix, "warning" for something repaired or guessed).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.errors import UserError
from reviewer_app.positions.frontmatter import Problem, split_frontmatter, text_field
from reviewer_app.positions.source_text import markdown_files, read_source

MERGE_FIELDS: dict[str, str] = {
    "first_name": "the applicant's first name, from their full name",
    "name": "the applicant's full name",
    "position": "the title of the position applied to",
    "reviewer": "your name, as in the settings",
    "organisation": "the organisation's name (Couchers.org)",
    "reason": "the reason given with the applicant's decision",
}
"""The merge fields a template may use, and what each is replaced with."""

_FRONTMATTER_KEYS = ("subject", "stage", "title")
# YAML reads an unquoted value starting with "{" as a mapping, or fails on it.
_UNQUOTED_FIELD = re.compile(r"^(?:subject|title):[ \t]*\{", re.MULTILINE)
_QUOTE_IT = (
    "a frontmatter value that starts with a merge field needs quotes, "
    'e.g. subject: "{first_name}, welcome"'
)
_STAGES = ", ".join(stage.value for stage in Stage)
# "{{name}}" (the literal text "{name}") or "{name}"; any other brace is text.
FIELD_PATTERN = re.compile(
    r"\{\{(?P<escaped>[A-Za-z_][A-Za-z0-9_]*)\}\}|\{(?P<field>[A-Za-z_][A-Za-z0-9_]*)\}"
)


@dataclass(frozen=True)
class Template:
    """One message template as its file describes it."""

    slug: str
    path: Path | None
    title: str
    subject: str
    stage: Stage | None
    body: str
    problems: tuple[Problem, ...]

    @property
    def has_errors(self) -> bool:
        """Whether any problem is an error."""
        return any(problem.severity == "error" for problem in self.problems)

    @property
    def fields(self) -> tuple[str, ...]:
        """The merge fields the subject and body use, known or not, in order of appearance."""
        return tuple(dict.fromkeys([*used_fields(self.subject), *used_fields(self.body)]))

    def to_json(self) -> dict[str, object]:
        """Returns the template as plain JSON-ready data."""
        return {
            "slug": self.slug,
            "title": self.title,
            "subject": self.subject,
            "stage": self.stage.value if self.stage is not None else None,
            "fields": list(self.fields),
            "body": self.body,
            "problems": [{"severity": p.severity, "message": p.message} for p in self.problems],
        }


class UnknownTemplate(UserError):
    """No template of that name."""


def used_fields(text: str) -> list[str]:
    """Returns the merge fields ``text`` uses, in order, repeats included."""
    return [match["field"] for match in FIELD_PATTERN.finditer(text) if match["field"]]


MAX_TEMPLATE = 256 * 1024
"""The longest template file read; a longer one is an error."""


def parse_template(data: bytes | str, slug: str, path: Path | None = None) -> Template:
    """Parses a template file's content; never raises for bad content.

    Args:
        data: The file's bytes (decoded as position files are) or its text.
        slug: The template's name, the file name without ``.md``.
        path: Where the content came from, if a file.
    """
    problems: list[Problem] = []
    title = _title_from_slug(slug)
    if len(data) > MAX_TEMPLATE:
        problems.append(
            Problem(
                "error",
                f"file is longer than {MAX_TEMPLATE // 1024} KB, the most a message template "
                "may be (a message is a few KB): is it the right file?",
            )
        )
        return Template(slug, path, title, "", None, "", tuple(problems))
    source = read_source(data, problems)
    if not source.strip():
        problems.append(Problem("error", "file is empty"))
        return Template(slug, path, title, "", None, "", tuple(problems))
    read, body = split_frontmatter(source, problems, needs="a subject and a stage")
    meta = read if read is not None else {}
    subject = _subject(meta, problems) if read is not None else ""
    if read is None and _UNQUOTED_FIELD.search(source):
        problems.append(Problem("error", _QUOTE_IT))
    stage = _stage(meta, problems) if read is not None else None
    title = text_field(meta, "title", problems) or title
    problems += _unknown_keys(meta)
    body = body.strip("\n").rstrip()
    if not body.strip():
        problems.append(Problem("error", "the message has no text below the frontmatter"))
    problems += _field_problems("subject", subject) + _field_problems("text", body)
    return Template(slug, path, title, subject, stage, body, tuple(problems))


def load_template(path: Path) -> Template:
    """Reads and parses one template file; an unreadable file gives an error problem."""
    try:
        with path.open("rb") as handle:  # never more than the most a template may be
            data = handle.read(MAX_TEMPLATE + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = Problem("error", f"cannot read {path}: {reason}")
        return Template(path.stem, path, _title_from_slug(path.stem), "", None, "", (problem,))
    return parse_template(data, path.stem, path)


def load_templates(directory: Path) -> list[Template]:
    """Loads every ``*.md`` file of a folder, sorted by file name.

    Raises:
        UserError: The folder is missing or cannot be listed.
    """
    paths = markdown_files(directory, "message template")
    return [load_template(path) for path in paths]


def find_template(templates: Iterable[Template], slug: str) -> Template:
    """Returns the template named ``slug`` (its file name without ``.md``).

    Raises:
        UnknownTemplate: None has that name; the message lists those there are.
    """
    known = {template.slug: template for template in templates}
    wanted = slug.removesuffix(".md")
    if wanted in known:
        return known[wanted]
    close = difflib.get_close_matches(wanted, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    names = ", ".join(sorted(known)) or "none"
    raise UnknownTemplate(f"No message template {slug!r}: {hint}the templates are {names}.")


def _title_from_slug(slug: str) -> str:
    words = [word for word in re.split(r"[-_\s]+", slug) if word]
    return " ".join(words).capitalize() or slug


def _subject(meta: dict[str, object], problems: list[Problem]) -> str:
    if isinstance(meta.get("subject"), dict):
        problems.append(Problem("error", _QUOTE_IT))
        return ""
    subject = text_field(meta, "subject", problems) or ""
    if not subject and "subject" not in meta:
        problems.append(Problem("error", "frontmatter has no subject: add 'subject: ...'"))
    elif not subject and not any("'subject'" in p.message for p in problems):
        problems.append(Problem("error", "frontmatter field 'subject' is empty"))
    return subject


def _stage(meta: dict[str, object], problems: list[Problem]) -> Stage | None:
    value = meta.get("stage")
    if value is None:
        problems.append(
            Problem("error", f"frontmatter has no stage: add 'stage: ...', one of {_STAGES}")
        )
        return None
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Stage(text)
    except ValueError:
        problems.append(
            Problem("error", f"frontmatter field 'stage' is {value!r}; use one of {_STAGES}")
        )
        return None


def _unknown_keys(meta: dict[str, object]) -> list[Problem]:
    found: list[Problem] = []
    for key in meta:
        if key in _FRONTMATTER_KEYS:
            continue
        close = difflib.get_close_matches(key, _FRONTMATTER_KEYS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        found.append(
            Problem(
                "warning",
                f"frontmatter key {key!r} is not read{hint}; "
                f"a template has {', '.join(_FRONTMATTER_KEYS)}",
            )
        )
    return found


def _field_problems(where: str, text: str) -> list[Problem]:
    found: list[Problem] = []
    for name in dict.fromkeys(used_fields(text)):
        if name in MERGE_FIELDS:
            continue
        close = difflib.get_close_matches(name.lower(), MERGE_FIELDS, n=1)
        hint = f"did you mean {{{close[0]}}}? " if close else ""
        found.append(
            Problem(
                "error",
                f"unknown merge field {{{name}}} in the {where}: {hint}the fields are "
                + ", ".join(f"{{{known}}}" for known in MERGE_FIELDS)
                + f" (write {{{{{name}}}}} for the text {{{name}}} itself)",
            )
        )
    return found


__all__ = [
    "FIELD_PATTERN",
    "MERGE_FIELDS",
    "Template",
    "UnknownTemplate",
    "find_template",
    "load_template",
    "load_templates",
    "parse_template",
    "used_fields",
]
