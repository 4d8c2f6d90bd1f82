"""The interview kit of a position: the questions to ask, and the note they start.

A position lists its questions in the frontmatter (``interview:``, a list of lines) or
in a section "Interview questions" of its body; otherwise they come from what the
reviewers check: one question per skill, one about the time the role asks for, with a
question to open the call and one to close it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.errors import UserError
from reviewer_app.positions.frontmatter import (
    INTERVIEW_FIELD,
    Problem,
    split_frontmatter,
    text_list_field,
)
from reviewer_app.positions.markdown_structure import (
    clean_inline,
    normalise_heading,
    section_items,
    split_sections,
)
from reviewer_app.positions.site import organisation_name

if TYPE_CHECKING:  # the parser imports Markdown and YAML: not on the window's start
    from reviewer_app.positions.parsing import Position

INTERVIEW_SECTIONS = frozenset({"interview questions", "interview", "questions for the interview"})
"""Headings (as :func:`normalise_heading` gives them) of a body's interview section."""


def interview_questions(position: Position) -> list[str]:
    """Returns the questions to ask an applicant to ``position``, in order.

    From the frontmatter's ``interview:`` list, else from the body's "Interview
    questions" section, else from the position's checks (see :func:`default_questions`).

    Raises:
        UserError: ``interview:`` is there but is not a list of lines of text (the
            message names the file and the field).
    """
    problems: list[Problem] = []
    meta, _ = split_frontmatter(position.source, problems)
    listed = text_list_field(meta or {}, INTERVIEW_FIELD, problems)
    wrong = [p.message for p in problems if f"'{INTERVIEW_FIELD}'" in p.message]
    if wrong:
        where = position.path or f"{position.slug}.md"
        raise UserError(f"{where}: {'; '.join(wrong)}.")
    if listed:
        return list(listed)
    return section_questions(position.body) or default_questions(position)


def section_questions(body: str) -> list[str]:
    """Returns the items of a body's "Interview questions" section; [] when it has none."""
    for section in split_sections(body):
        if section.level and normalise_heading(section.title) in INTERVIEW_SECTIONS:
            questions = [clean_inline(item) for item in section_items(section.lines)]
            return [question for question in questions if question]
    return []


def default_questions(position: Position) -> list[str]:
    """Returns the questions that the position's checks suggest.

    One to open the call, one per skill check ("Tell us about your experience with
    Python."), one about the time the role asks for, and one to close.
    """
    organisation = organisation_name(position.site_url)
    questions = [f"What draws you to the {position.title} role at {organisation}?"]
    questions += [
        f"Tell us about your experience with {check.label}."
        for check in position.checks
        if check.kind == "skill"
    ]
    commitment = _commitment_question(position)
    if commitment is not None:
        questions.append(commitment)
    questions.append("What would you like to ask us?")
    return questions


def interview_note(position: Position, questions: list[str]) -> str:
    """Returns the text that an interview note starts with: each question a heading.

    The reviewer writes the answers below each heading during the call.
    """
    lines = [f"# Interview: {position.title}", ""]
    for question in questions:
        lines += [f"## {' '.join(question.split())}", "", ""]
    return "\n".join(lines).rstrip("\n") + "\n\n"


def _commitment_question(position: Position) -> str | None:
    # As the page states them: "at least 10 h/month", "at least 12 weeks".
    hours = position.commitment.rate_text
    stay = position.commitment.stay_text
    if hours is not None and stay is not None:
        asked = f"at least {hours} for at least {stay}"
    elif hours is not None:
        asked = f"at least {hours}"
    elif stay is not None:
        asked = f"a commitment of at least {stay}"
    else:
        return None
    return f"The role asks for {asked}: how would that fit into your life right now?"


__all__ = [
    "INTERVIEW_SECTIONS",
    "default_questions",
    "interview_note",
    "interview_questions",
    "section_questions",
]
