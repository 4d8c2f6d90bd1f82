"""Tests of reviewer_app/review/hints.py: what the answers say about each requirement check."""

from __future__ import annotations

import pytest

from reviewer_app.config.paths import positions_dir
from reviewer_app.positions.parsing import Check, Position, load_position, parse_position
from reviewer_app.review.hints import Hint, hints_for, skill_terms

HOURS_Q = "How many hours per week can you commit?"
MONTHS_Q = "How long can you commit for?"
EXPERIENCE_Q = "Tell us about your relevant experience"
LINK_Q = "GitHub / portfolio link"


@pytest.fixture(scope="module")
def backend() -> Position:
    """The shipped Backend Developer: Python, Git/GitHub, 5 h/week, 3 months."""
    return load_position(positions_dir() / "backend-developer.md")


def _hint(hints: list[Hint], key: str) -> Hint:
    (found,) = [hint for hint in hints if hint.check_key == key]
    return found


def test_hints_follow_the_checks_order_then_links(backend: Position) -> None:
    hints = hints_for(backend, [(LINK_Q, "https://github.com/ada")])
    assert [hint.check_key for hint in hints] == [
        "skill-python",
        "skill-git-github",
        "hours-per-week",
        "months",
        None,
    ]


@pytest.mark.parametrize(
    ("question", "answer", "verdict", "text"),
    [
        ("Anything else?", "I can do 3 hours a week", "below", "States 3 h/week — below"),
        (HOURS_Q, "8h/week", "meets", "States 8 h/week — meets the 5 h/week minimum"),
        (HOURS_Q, "5", "meets", "States 5 h/week"),
        (HOURS_Q, "4-6 hours", "below", "States 4 h/week"),  # a range counts by its low end
        (HOURS_Q, "three hours", "below", "States 3 h/week"),
        (HOURS_Q, "10+", "meets", "States 10 h/week"),
    ],
)
def test_hours_stated_are_compared_with_the_minimum(
    backend: Position, question: str, answer: str, verdict: str, text: str
) -> None:
    hint = _hint(hints_for(backend, [(question, answer)]), "hours-per-week")
    assert hint.kind == "hours"
    assert hint.verdict == verdict
    assert hint.text.startswith(text)


def test_hours_without_a_number_are_info_quoting_the_answer(backend: Position) -> None:
    hint = _hint(hints_for(backend, [(HOURS_Q, "a few hours")]), "hours-per-week")
    assert hint.verdict == "info"
    assert hint.text == "No number of hours: \u201ca few hours\u201d"


def test_hours_not_stated_at_all(backend: Position) -> None:
    hint = _hint(hints_for(backend, [(HOURS_Q, "n/a")]), "hours-per-week")
    assert (hint.verdict, hint.text) == ("not_mentioned", "No hours per week stated")


def test_long_answer_to_the_hours_question_must_state_the_rate(backend: Position) -> None:
    answer = "I have 2 kids and a job so it depends a lot on the season"
    hint = _hint(hints_for(backend, [(HOURS_Q, answer)]), "hours-per-week")
    assert hint.verdict == "info"


def test_the_hours_answer_wins_over_a_rate_mentioned_elsewhere(backend: Position) -> None:
    answers = [("Anything else?", "I did 2 hours a week before"), (HOURS_Q, "6 hours")]
    assert _hint(hints_for(backend, answers), "hours-per-week").text.startswith("States 6")


@pytest.mark.parametrize(
    ("answer", "verdict", "text"),
    [
        ("1 year", "meets", "States 1 year — meets the 3-month minimum"),
        ("2 months", "below", "States 2 months — below the 3-month minimum"),
        ("at least 6 months", "meets", "States 6 months"),
        ("Indefinitely!", "info", "Open-ended: \u201cIndefinitely!\u201d"),
        ("Long term, I hope", "info", "Open-ended"),
        ("Until I finish uni", "info", "No number of months: \u201cUntil I finish uni\u201d"),
        ("", "not_mentioned", "No commitment length stated"),
    ],
)
def test_months_stated_are_compared_with_the_minimum(
    backend: Position, answer: str, verdict: str, text: str
) -> None:
    hint = _hint(hints_for(backend, [(MONTHS_Q, answer)]), "months")
    assert hint.kind == "months"
    assert hint.verdict == verdict
    assert hint.text.startswith(text)


def test_years_of_experience_are_not_a_commitment(backend: Position) -> None:
    hints = hints_for(backend, [(EXPERIENCE_Q, "6 years working with Python.")])
    assert _hint(hints, "months").verdict == "not_mentioned"


def test_a_commitment_sentence_elsewhere_counts(backend: Position) -> None:
    hints = hints_for(backend, [("Anything else?", "Busy now. I can commit for 2 months.")])
    assert _hint(hints, "months").verdict == "below"


@pytest.mark.parametrize(
    ("answer", "site", "url"),
    [
        ("https://github.com/ada.", "GitHub", "https://github.com/ada"),
        ("see gitlab.com/ada/tools", "GitLab", "https://gitlab.com/ada/tools"),
        ("https://www.linkedin.com/in/ada", "LinkedIn", "https://www.linkedin.com/in/ada"),
        ("(https://www.behance.net/ada)", "Behance", "https://www.behance.net/ada"),
        ("https://dribbble.com/ada", "Dribbble", "https://dribbble.com/ada"),
        ("https://ada.example.dev", "Portfolio", "https://ada.example.dev"),
    ],
)
def test_links_are_found_and_named(backend: Position, answer: str, site: str, url: str) -> None:
    links = [hint for hint in hints_for(backend, [(LINK_Q, answer)]) if hint.kind == "link"]
    assert links == [Hint(None, "link", f"{site}: {url}", "info", url)]


def test_a_link_outside_a_portfolio_question_is_just_a_link(backend: Position) -> None:
    hints = hints_for(backend, [("Anything else?", "my blog https://ada.example and again")])
    assert [hint.text for hint in hints if hint.kind == "link"] == ["Link: https://ada.example"]


def test_the_same_link_twice_is_one_hint(backend: Position) -> None:
    answers = [(LINK_Q, "https://github.com/ada"), ("Anything else?", "https://GitHub.com/ada")]
    assert len([hint for hint in hints_for(backend, answers) if hint.kind == "link"]) == 1


def test_skill_terms_come_from_label_and_key() -> None:
    check = Check("skill-git-github", "Git/GitHub", "skill", "Git and GitHub")
    assert skill_terms(check) == ["git", "github"]
    numbered = Check("skill-python-2", "Python", "skill", "More Python")
    assert skill_terms(numbered) == ["python"]


def test_skills_mentioned_in_answers_case_insensitively(backend: Position) -> None:
    hints = hints_for(backend, [(EXPERIENCE_Q, "Mostly PYTHON, some git.")])
    assert _hint(hints, "skill-python") == Hint(
        "skill-python", "skill", "Mentions Python", "mentioned"
    )
    assert _hint(hints, "skill-git-github").text == "Mentions Git"


def test_skills_match_whole_words_only(backend: Position) -> None:
    hints = hints_for(backend, [(EXPERIENCE_Q, "I use pythonic legit digital tools")])
    assert _hint(hints, "skill-python").verdict == "not_mentioned"
    assert _hint(hints, "skill-git-github").text == "No mention of Git, GitHub"


def test_skills_in_questions_are_not_mentions(backend: Position) -> None:
    hints = hints_for(backend, [(LINK_Q, "n/a")])
    assert _hint(hints, "skill-git-github").verdict == "not_mentioned"


def test_position_without_commitment_only_hints_at_stated_rates() -> None:
    source = "---\ntitle: Helper\n---\n\n### Requirements\n\n- Experience with Canva\n"
    helper = parse_position(source, "helper")
    assert [hint.check_key for hint in hints_for(helper, [])] == ["skill-canva"]
    hints = hints_for(helper, [(HOURS_Q, "4 hours")])
    assert Hint(None, "hours", "States 4 h/week", "info") in hints


def _page(requirements: str) -> Position:
    source = f"---\ntitle: Helper\n---\n\n### Requirements\n\n{requirements}\n"
    return parse_position(source, "helper")


@pytest.mark.parametrize(
    ("answer", "verdict", "text"),
    [
        ("about 6 hours a week", "meets", "States 6 h/week — meets the 10 h/month (2.31 h/week)"),
        ("2 hours a month", "below", "States 2 h/month — below the 10 h/month (2.31 h/week)"),
    ],
)
def test_a_monthly_minimum_is_named_as_the_page_states_it(
    answer: str, verdict: str, text: str
) -> None:
    monthly = _page("- At least 10 hours per month\n- At least 3 months")
    hint = _hint(hints_for(monthly, [(HOURS_Q, answer)]), "hours-per-week")
    assert (hint.verdict, hint.text[: len(text)]) == (verdict, text)


@pytest.mark.parametrize(
    ("answer", "verdict", "text"),
    [
        ("I can stay 6 months", "meets", "States 6 months — meets the 12-week minimum"),
        ("for 8 weeks", "below", "States 8 weeks — below the 12-week minimum"),
    ],
)
def test_a_stay_in_weeks_is_read_and_named_in_weeks(answer: str, verdict: str, text: str) -> None:
    weekly = _page("- 5 hours per week\n- At least 12 weeks")
    hint = _hint(hints_for(weekly, [(MONTHS_Q, answer)]), "months")
    assert (hint.verdict, hint.text) == (verdict, text)


def test_an_answer_in_hours_a_day_is_compared_by_the_week(backend: Position) -> None:
    hint = _hint(hints_for(backend, [(HOURS_Q, "1 hour a day")]), "hours-per-week")
    assert (hint.verdict, hint.text) == ("meets", "States 1 h/day — meets the 5 h/week minimum")
