"""Why a row with an earlier row's response id but other content is rejected, said so
that the coordinator can find the two rows and choose.

Without a response-id column the id is made from the email and the submitted time
(:func:`reviewer_app.intake.responses.derived_response_id`): the reason then names
those, which the coordinator sees, not the id, which they never saw.
"""

from __future__ import annotations

from reviewer_app.intake.responses import FormResponse, derived_response_id, folded_position

_QUESTIONS_NAMED = 3
"""Questions named whose answers differ; the rest are counted."""


def repeated_id_reason(first: FormResponse, again: FormResponse, id_header: str | None) -> str:
    """The reason for rejecting ``again``, whose response id ``first`` has already.

    Args:
        first: The response taken, from an earlier row.
        again: The later row's response, with other content.
        id_header: The response-id column's header; None when the file has none.
    """
    differ = _differences(first, again)
    derived = again.response_id == derived_response_id(
        again.submitted_at, again.email, again.position_typed
    )
    if not derived:
        column = f" ({id_header!r} column)" if id_header is not None else ""
        return (
            f"Response id {again.response_id!r}{column} is already used by row "
            f"{first.row_number}, but {differ}: keep one of the two rows."
        )
    same = (
        "submission time"
        if again.submitted_at is not None
        else "position (neither row has a submission time)"
    )
    fix = (
        f"fill in their {id_header!r} cells"
        if id_header is not None
        else 'name the form\'s response id column in a mapping file: [columns] response_id = "..."'
    )
    return (
        f"Same email and {same} as row {first.row_number}, but {differ}: keep one of the "
        f"two rows (or {fix})."
    )


def _differences(first: FormResponse, again: FormResponse) -> str:
    """What differs between two responses, in words: "the answer to 'Why' differs"."""
    typed = first.position_typed, again.position_typed
    # Compared as the derived id compares them; "as typed" when that is all that differs.
    folded = folded_position(typed[0]), folded_position(typed[1])
    position = "the position" if folded[0] != folded[1] else "the position as typed"
    named = [
        label
        for label, before, after in (
            ("the name", first.name, again.name),
            ("the email as typed", first.email, again.email),
            (position, *typed),
            ("the submission time", first.submitted_at, again.submitted_at),
        )
        if before != after
    ]
    answers, others = dict(first.answers), dict(again.answers)
    questions = [q for q in dict.fromkeys([*answers, *others]) if answers.get(q) != others.get(q)]
    if questions:
        shown = [repr(question) for question in questions[:_QUESTIONS_NAMED]]
        if len(questions) > _QUESTIONS_NAMED:
            shown.append(f"{len(questions) - _QUESTIONS_NAMED} more questions")
        noun = "answers" if len(questions) > 1 else "answer"
        named.append(f"the {noun} to {_listed(shown)}")
    if not named:
        return "the content differs"
    plural = len(named) > 1 or len(questions) > 1
    return f"{_listed(named)} {'differ' if plural else 'differs'}"


def _listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
