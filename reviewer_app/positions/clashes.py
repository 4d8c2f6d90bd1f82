"""Positions of one folder that applicants could not tell apart: same title or name.

Applicants are matched to a position by its title, crumb and "apply as" name (see
:mod:`reviewer_app.intake.matching`): two positions answering to one name leave those who
type it matched to neither.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from reviewer_app.positions.frontmatter import Problem
from reviewer_app.positions.name_words import tokens

if TYPE_CHECKING:
    from reviewer_app.positions.parsing import Position

_APPLY_AS_NAME = '"apply as" name'


def _name_key(text: str) -> str:
    """A name as the import matches it: its words, without case, punctuation or "the"."""
    return " ".join(tokens(text))


def _other_names(position: Position) -> list[tuple[str, str]]:
    """The crumb and the "apply as" name of a position (field, text), those it has."""
    named = [("crumb", position.crumb), (_APPLY_AS_NAME, position.apply_as)]
    return [(field, text) for field, text in named if text and text.strip()]


def _name_clashes(
    position: Position,
    same_title: bool,
    title_words: dict[str, str],
    others: dict[str, tuple[str, str]],
) -> list[str]:
    """Names this position answers to that an earlier one answers to as well.

    Applicants are matched by the words of a title, crumb and "apply as" name
    (intake.matching): a position copied from another with only its title changed still
    answers to the other's name, and applicants who type it are matched to neither.
    Warnings, not errors: a crumb that many pages share ("Volunteer") is no one's title,
    and is not said at all.

    Args:
        position: The position.
        same_title: An earlier one has its very title (an error said already).
        title_words: The earlier positions' files by the words of their titles.
        others: The earlier crumbs and "apply as" names by their words: (file, field).
    """
    said: list[str] = []
    title_key = _name_key(position.title)
    alike, holder = title_words.get(title_key), others.get(title_key)
    if alike is not None:
        if not same_title:
            said.append(
                f"its title {position.title!r} has the words of {alike}'s title: applicants "
                f"who type it could be matched to neither; change this title, or {alike}'s"
            )
    elif holder is not None:
        said.append(
            f"{holder[0]} answers to {position.title!r} too (its {holder[1]}), this "
            f"position's title: applicants who type it could be matched to neither; change "
            f"{holder[0]}'s {holder[1]}, or this title"
        )
    for kind, text in _other_names(position):
        key = _name_key(text)
        earlier = others.get(key)
        if key == title_key:
            continue
        if key in title_words:
            earlier = (title_words[key], "title")
        elif earlier is None or kind != _APPLY_AS_NAME or earlier[1] != _APPLY_AS_NAME:
            continue
        said.append(
            f"its {kind} {text!r} is {earlier[0]}'s {earlier[1]} too: applicants who type it "
            f"could be matched to neither; change this {kind}, or {earlier[0]}'s"
        )
    return said


def with_clashes(positions: list[Position]) -> list[Position]:
    """Adds an error to each position whose title or file name an earlier one has.

    Applicants are matched to positions by title, so two of the same title leave their
    applicants matched to neither; file names that differ only in case are one file on
    Windows and macOS. Names that have the same words are warned of (:func:`_name_clashes`).
    """
    titles: dict[str, str] = {}
    words: dict[str, str] = {}  # titles by their words (see _name_key)
    others: dict[str, tuple[str, str]] = {}  # a crumb or "apply as" name: (file, field)
    slugs: dict[str, str] = {}
    result = []
    for position in positions:
        name = position.path.name if position.path is not None else position.slug
        clashes = []
        title_key = " ".join(position.title.casefold().split())
        if title_key in titles:
            clashes.append(
                f"{titles[title_key]} has the same title, {position.title!r}: applicants "
                "could be matched to neither; give each position its own title"
            )
        warnings = _name_clashes(position, title_key in titles, words, others)
        if position.slug.casefold() in slugs:
            clashes.append(
                f"its file name differs from {slugs[position.slug.casefold()]}'s only in "
                "case: they are one file on Windows and macOS; rename one"
            )
        titles.setdefault(title_key, name)
        words.setdefault(_name_key(position.title), name)
        for kind, text in _other_names(position):
            others.setdefault(_name_key(text), (name, kind))
        slugs.setdefault(position.slug.casefold(), name)
        if clashes or warnings:
            problems = (
                *position.problems,
                *(Problem("error", text) for text in clashes),
                *(Problem("warning", text) for text in warnings),
            )
            position = dataclasses.replace(position, problems=problems)
        result.append(position)
    return result
