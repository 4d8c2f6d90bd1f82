"""The requirement-check columns of an export, and the "Reviewer results" cell.

Check columns are grouped per position (by slug) so that exporting several positions
together never shifts or mixes them; see ``docs/export.md``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.storage.spreadsheet_cells import as_text_cell

RESULT_TEXT: Mapping[str, str] = {
    CheckResult.MET.value: "met",
    CheckResult.NOT_MET.value: "not met",
    CheckResult.UNSURE.value: "unsure",
}
MIXED = "mixed"
# Escaped in reviewer names so that the "Reviewer results" grammar stays unambiguous.
_NAME_SPECIALS = re.compile(r"[\\;:,=]")

# (reviewer name, check key, stored result) as read from the cache.
CheckEntry = Sequence[str]


@dataclass(frozen=True)
class ExportedPosition:
    """One published version of a position, parsed once per export.

    Attributes:
        id: The cache's id of this version.
        slug: The position's slug, shared by all its versions.
        version: The version number (higher is newer).
        title: The title of this version.
        check_keys: The keys of its checks, in the description's order.
        check_labels: Their labels, in the same order.
    """

    id: int
    slug: str
    version: int
    title: str
    check_keys: tuple[str, ...]
    check_labels: tuple[str, ...]
    check_order: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "check_order", {k: i for i, k in enumerate(self.check_keys)})


@dataclass(frozen=True)
class CheckLayout:
    """Where each position version's checks go among the check columns.

    Attributes:
        headers: The check columns' headers, in order.
        slots: For each position version id, (column index, check key) pairs.
        labels: For each position version id, its checks' labels by key, with the
            labels of the position's other versions (newest first) for keys it lacks.
    """

    headers: list[str]
    slots: Mapping[int, tuple[tuple[int, str], ...]]
    labels: Mapping[int, Mapping[str, str]] = field(default_factory=dict)

    def empty_cells(self) -> tuple[str, ...]:
        """Returns the check cells of an application that nobody checked."""
        return ("",) * len(self.headers)

    def summarise(
        self, version: ExportedPosition | None, entries: Sequence[CheckEntry]
    ) -> tuple[list[str], str]:
        """Returns one application's check cells and its "Reviewer results" cell.

        A check cell is "met", "not met" or "unsure" when all reviewers agree, "mixed"
        when they differ, and empty when nobody checked it or it is not a check of the
        version applied to. Reviewer results list reviewers in name order, each one's
        results in the version's check order, then other keys alphabetically; each
        result is named by the check's label (as the window shows it), or by its key
        when no version of the position has that check.
        """
        cells = [""] * len(self.headers)
        if not entries:
            return cells, ""
        order = version.check_order if version is not None else {}
        labels = self.labels.get(version.id, {}) if version is not None else {}
        last = len(order)
        # One sort of plain tuples (done in C) orders reviewers and their checks.
        ranked = sorted(
            [
                (name.casefold(), name, order.get(key, last), key, result)
                for name, key, result in entries
            ]
        )
        combined: dict[str, str] = {}
        parts: list[str] = []
        listed: list[str] = []
        current = ranked[0][1]
        for _folded, name, _rank, key, result in ranked:
            if name != current:
                parts.append(f"{_escape_name(current)}: {', '.join(listed)}")
                current, listed = name, []
            listed.append(f"{_escape_name(labels.get(key, key))}={RESULT_TEXT.get(result, result)}")
            seen = combined.get(key)
            combined[key] = result if seen is None or seen == result else MIXED
        parts.append(f"{_escape_name(current)}: {', '.join(listed)}")
        for index, key in self.slots.get(version.id, ()) if version is not None else ():
            value = combined.get(key)
            if value is not None:
                # A result this app does not know (written by another program) is text
                # from elsewhere: neutralised like any other.
                cells[index] = RESULT_TEXT.get(value) or as_text_cell(value)
        return cells, "; ".join(parts)


def check_layout(
    versions: Sequence[ExportedPosition], reserved: Collection[str] = ()
) -> CheckLayout:
    """Returns the check columns for the exported position versions.

    Positions (slugs) come in title order; within one, the newest version's checks come
    first, then checks only older versions have. With one position a header is the check's
    label, with several "<position title>: <label>".

    Args:
        versions: The position versions that exported applications applied to.
        reserved: Headers already used by other columns; a clashing header gets its key
            appended.
    """
    by_slug: dict[str, list[ExportedPosition]] = {}
    for version in versions:
        by_slug.setdefault(version.slug, []).append(version)
    for group in by_slug.values():
        group.sort(key=lambda v: v.version, reverse=True)
    slugs = sorted(by_slug, key=lambda slug: (by_slug[slug][0].title.casefold(), slug))
    several = len(slugs) > 1
    used = set(reserved)
    headers: list[str] = []
    slots: dict[int, tuple[tuple[int, str], ...]] = {}
    labels: dict[int, Mapping[str, str]] = {}
    for slug in slugs:
        group = by_slug[slug]
        column: dict[str, int] = {}
        for version in group:
            for key, label in zip(version.check_keys, version.check_labels, strict=True):
                if key in column:
                    continue
                header = f"{group[0].title}: {label}" if several else label
                if header in used:
                    header = f"{header} ({key})"
                used.add(header)
                column[key] = len(headers)
                headers.append(header)
        known: dict[str, str] = {}
        for version in group:  # newest first: a newer label wins
            for key, label in zip(version.check_keys, version.check_labels, strict=True):
                known.setdefault(key, label)
        for version in group:
            slots[version.id] = tuple((column[key], key) for key in version.check_keys)
            labels[version.id] = {
                **known,
                **dict(zip(version.check_keys, version.check_labels, strict=True)),
            }
    return CheckLayout(headers=headers, slots=slots, labels=labels)


@functools.lru_cache(maxsize=256)
def _escape_name(name: str) -> str:
    return _NAME_SPECIALS.sub(lambda match: "\\" + match.group(0), name)
