"""The YAML frontmatter of a position file, read so that every mistake in it is named.

A problem is recorded rather than raised: a file with a broken frontmatter is still a
position (see :mod:`reviewer_app.positions.parsing`), and its author sees every mistake at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from reviewer_app.positions.checks import Check, slugify

if TYPE_CHECKING:
    import yaml

# Every field of a frontmatter is text: a plain value is read as typed, never as a number,
# a date or a yes/no ("title: 1.10" stayed 1.1, "title: 010" became 8, "title: No" False,
# "title: 12:30" 750). Only "null", "~" and nothing at all still mean no value.
_NOT_TEXT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp")
)
# Quotes typed around a whole value by a word processor (YAML reads only straight ones).
_CURLY_PAIRS = {"\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_FRONTMATTER_OPEN = re.compile(r"\A---[ \t]*\n")
_FRONTMATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# The YAML starts on the file's second line, below the opening '---'.
_FIRST_YAML_LINE = 2
_CHECKS = "frontmatter field 'checks'"
_KINDS = ("skill", "commitment")
INTERVIEW_FIELD = "interview"
"""The frontmatter field listing a position's interview questions."""


@dataclass(frozen=True)
class Problem:
    """Something wrong with a position file; errors need fixing, warnings were handled."""

    severity: Literal["error", "warning"]
    message: str


@functools.cache
def _repeated_key_loader() -> Callable[[str, list[tuple[str, int, int]]], yaml.SafeLoader]:
    """The loader class; made on first use, PyYAML with it (0.015 s, not at start).

    It is given the stream and the list to note each repeated key in.
    """
    import yaml

    class _RepeatedKeyLoader(yaml.SafeLoader):
        """A safe loader that notes each key given twice in one mapping.

        PyYAML keeps the last value without a word; the YAML specification forbids it.
        """

        def __init__(self, stream: str, repeated: list[tuple[str, int, int]]) -> None:
            super().__init__(stream)
            self.repeated = repeated

        def construct_mapping(
            self, node: yaml.MappingNode, deep: bool = False
        ) -> dict[Hashable, Any]:
            seen: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = (key_node.tag, key_node.value)
                line = key_node.start_mark.line + _FIRST_YAML_LINE
                if key in seen:
                    self.repeated.append((key_node.value, seen[key], line))
                seen[key] = line
            return super().construct_mapping(node, deep)

    _RepeatedKeyLoader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag not in _NOT_TEXT_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return _RepeatedKeyLoader


def split_frontmatter(
    source: str, problems: list[Problem], *, needs: str = "a title"
) -> tuple[dict[str, object] | None, str]:
    """Splits a position file (or a message template) into its frontmatter and its body.

    Args:
        source: The file's text.
        problems: Receives what is wrong with the frontmatter.
        needs: What the frontmatter must hold, for the message when there is none.

    Returns:
        The frontmatter's fields, or None when it cannot be read (an error is then in
        ``problems``); and the body.
    """
    opening = _FRONTMATTER_OPEN.match(source)
    if opening is None and source.startswith("+++"):
        problems.append(
            Problem(
                "error",
                "frontmatter is TOML ('+++' lines): write it as YAML between '---' lines, "
                "e.g. 'title: Backend Developer'",
            )
        )
        return None, source
    if opening is None:
        problems.append(
            Problem("error", f"no frontmatter: the file must start with a '---' block with {needs}")
        )
        return None, source
    closing = _FRONTMATTER_CLOSE.search(source, opening.end())
    if closing is None:
        problems.append(Problem("error", "frontmatter is not closed by a '---' line"))
        return None, source[opening.end() :]
    body = source[closing.end() :].removeprefix("\n")
    import yaml

    repeated: list[tuple[str, int, int]] = []
    loader = _repeated_key_loader()(source[opening.end() : closing.start()], repeated)
    try:
        meta = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + _FIRST_YAML_LINE})" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem("error", f"frontmatter is not valid YAML{where}: {reason}"))
        return None, body
    finally:
        loader.dispose()
    for key, first, again in repeated:
        problems.append(
            Problem(
                "error",
                f"frontmatter key {key!r} is given twice, on lines {first} and {again} "
                "(only the last one would be read): remove one",
            )
        )
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        problems.append(Problem("error", "frontmatter must be a set of 'key: value' lines"))
        return None, body
    return {str(key): value for key, value in meta.items()}, body


def text_field(meta: dict[str, object], name: str, problems: list[Problem]) -> str | None:
    """Returns a frontmatter field as one line of text, or None when absent or empty."""
    value = meta.get(name)
    if value is None:
        return None
    if isinstance(value, dict | list):
        found = "a list" if isinstance(value, list) else "a set of 'key: value' lines"
        problems.append(
            Problem(
                "error",
                f"frontmatter field '{name}' must be one line of text, not {found} "
                "(a value holding ': ' or starting with '- ' or '[' needs quotes)",
            )
        )
        return None
    text = " ".join(str(value).split())
    if len(text) > 2 and _CURLY_PAIRS.get(text[0]) == text[-1]:
        problems.append(
            Problem(
                "warning",
                f"frontmatter field '{name}' is in curly quotes ({text}): they were left out; "
                'write straight quotes ("...") or none',
            )
        )
        text = text[1:-1].strip()
    return text or None


def text_list_field(
    meta: dict[str, object], name: str, problems: list[Problem]
) -> tuple[str, ...] | None:
    """Returns a frontmatter field that lists lines of text, or None when absent or wrong.

    Every wrong entry is named with its number, so that one run shows them all.
    """
    value = meta.get(name)
    if value is None:
        return None
    if not isinstance(value, list):
        problems.append(
            Problem("error", f"frontmatter field '{name}' must be a list of lines, each '- text'")
        )
        return None
    lines: list[str] = []
    wrong = False
    for number, entry in enumerate(value, start=1):
        if isinstance(entry, dict | list) or entry is None:
            problems.append(
                Problem(
                    "error",
                    f"frontmatter field '{name}', entry {number} must be text "
                    "(a line holding ': ' needs quotes)",
                )
            )
            wrong = True
        elif text := " ".join(str(entry).split()):
            lines.append(text)
    return None if wrong else tuple(lines)


def declared_checks(value: object, problems: list[Problem]) -> list[Check] | None:
    """Reads the optional ``checks`` field; None when absent or when any entry is wrong.

    Every wrong entry is named, with its number, so that one run shows them all.
    """
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        problems.append(
            Problem(
                "error",
                f"{_CHECKS} must be a list of entries, each with a 'key' and a 'label' "
                "(and optionally 'text' and 'kind')",
            )
        )
        return None
    checks: list[Check] = []
    keys: set[str] = set()
    wrong: list[str] = []
    for number, entry in enumerate(value, start=1):
        where = f"{_CHECKS}, entry {number}"
        if not isinstance(entry, dict):
            wrong.append(f"{where} must be 'key: value' lines with a 'key' and a 'label'")
            continue
        mistakes = _entry_mistakes(entry, keys)
        wrong += [f"{where}: {mistake}" for mistake in mistakes]
        if not mistakes:
            label = entry["label"].strip()
            text = entry.get("text", label).strip()
            checks.append(
                Check(key=entry["key"], label=label, kind=entry.get("kind", "skill"), text=text)
            )
    problems.extend(Problem("error", message) for message in wrong)
    return None if wrong else checks


def _entry_mistakes(entry: dict[Any, Any], keys: set[str]) -> list[str]:
    """Names what is wrong with one entry of ``checks``; adds its key to ``keys``."""
    mistakes: list[str] = []
    key, label = entry.get("key"), entry.get("label")
    if key is None:
        mistakes.append("'key' is missing")
    elif not (isinstance(key, str) and key and slugify(key) == key):
        mistakes.append(f"'key' must be lower-case words joined by '-' (found {key!r})")
    if label is None:
        mistakes.append("'label' is missing")
    elif not isinstance(label, str):
        mistakes.append("'label' must be text (put it in quotes)")
    elif not label.strip():
        mistakes.append("'label' is empty")
    if not isinstance(entry.get("text", ""), str):
        mistakes.append("'text', when given, must be text (put it in quotes)")
    if entry.get("kind", "skill") not in _KINDS:
        mistakes.append(f"'kind' must be {' or '.join(_KINDS)}")
    if isinstance(key, str):
        if key in keys:
            mistakes.append(f"key {key!r} is used twice")
        keys.add(key)
    return mistakes
