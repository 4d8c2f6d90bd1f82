"""A nice-to-have inside a requirements list is not a requirement (issue 14, class 1).

A marker that qualifies the whole item ("… is a plus", "(optional but encouraged)",
"Bonus: …") moves the item to ``preferred``; a marker that qualifies only a part of it
("Fluent English; other languages are a plus") leaves it a requirement.
"""

from __future__ import annotations

import pytest

from reviewer_app.positions.nice_to_have import (
    is_nice_to_have,
    is_only_a_wish,
    without_wished_parts,
)
from reviewer_app.positions.parsing import Position, parse_position

FRONTMATTER = '---\ntitle: "Test Volunteer"\ndescription: "A position for tests"\n---\n\n'


def page(*items: str, intro: str = "") -> Position:
    """A page in the style of the site: a Requirements list, then the commitment."""
    listed = "".join(f"- {item}\n" for item in items)
    body = (
        "## Position Description\n\n**This is a remote volunteer position**\n\n"
        f"### Requirements\n\n{intro}{listed}\n"
        "### Expectations/Commitment\n\n- At least 5 hours per Week\n- 3 months commitment\n"
    )
    return parse_position(FRONTMATTER + body, "test-volunteer")


def skills(position: Position) -> list[str]:
    return [check.text for check in position.checks if check.kind == "skill"]


@pytest.mark.parametrize(
    "item",
    [
        "Experience with Figma is a plus;",
        "QA experience is a big plus but not required;",
        "Some copywriting experience preferred;",
        "At least one year volunteering (ideal but not required)",
        "A portfolio (optional but encouraged)",
        "**Bonus:** Kotlin",
        "Bonus points for experience with Kotlin;",
        "Knowledge of SQL is a plus, but not required.",
        "Ideally, a degree in graphic design",
        "Experience with CI/CD would be nice;",
        "Being a Couchers.org member is an advantage",
        "Experience with Python, which is a plus",
    ],
)
def test_a_marker_on_the_whole_item_makes_it_preferred(item: str) -> None:
    position = page("Experience with writing tested, production-grade Python code;", item)
    assert skills(position) == ["Experience with writing tested, production-grade Python code"]
    assert len(position.preferred) == 1
    assert position.preferred[0].replace("**", "") in item.replace("**", "")


@pytest.mark.parametrize(
    ("item", "label"),
    [
        ("Fluent English; other languages are a plus;", "Fluent English"),
        ("Experience with Python (Django is a plus);", "Python"),
        ("Experience with Python, Django a plus", "Python"),
        ("Good written English (other languages a plus)", "Written English"),
        ("Experience with Python, ideally with Django", "Python"),
        ("Spanish is a plus, but English is required", "English"),
    ],
)
def test_a_marker_on_a_part_leaves_the_item_required(item: str, label: str) -> None:
    position = page(item)
    (check,) = [check for check in position.checks if check.kind == "skill"]
    assert check.label == label
    assert position.preferred == ()
    # The full text stays as written, the wished-for part included.
    assert check.text == item.rstrip(";")


@pytest.mark.parametrize(
    "item",
    [
        "Ability to work in your preferred time zone",
        "A plus-size sense of humour and patience with newcomers",
        "Attention to detail and consistency.",
        "Kind and patient with members who are new to couch surfing",
        "Experience moderating an online community",
        "Native or near-native command of the language you translate into.",
    ],
)
def test_words_that_only_look_like_markers_leave_a_requirement_alone(item: str) -> None:
    assert not is_nice_to_have(item)
    assert len(skills(page(item))) == 1


def test_an_ideal_candidate_intro_still_introduces_requirements() -> None:
    position = page("Python;", "Git and GitHub.", intro="An ideal candidate would have:\n")
    assert [check.label for check in position.checks][:2] == ["Python", "Git & GitHub"]
    assert position.preferred == ()


@pytest.mark.parametrize(
    "intro", ["Nice to have:", "**Bonus points if you have:**", "Preferred:", "Optional:"]
)
def test_items_below_a_nice_to_have_line_in_the_requirements_are_preferred(intro: str) -> None:
    body = (
        "### Requirements\n\n- Experience with Python;\n- Fluent English\n\n"
        f"{intro}\n- Docker\n- Some copywriting experience\n"
    )
    position = parse_position(FRONTMATTER + body, "x")
    assert [check.label for check in position.checks] == ["Python", "Fluent English"]
    assert position.preferred == ("Docker", "Some copywriting experience")


def test_wishes_join_the_preferred_section_in_the_order_of_the_page() -> None:
    body = (
        "### Requirements\n\n- Python\n- Experience with Figma is a plus\n\n"
        "### Preferred\n\n- Experience with Protocol Buffers and/or gRPC;\n"
    )
    position = parse_position(FRONTMATTER + body, "x")
    assert position.preferred == (
        "Experience with Figma is a plus",
        "Experience with Protocol Buffers and/or gRPC",
    )


def test_a_wish_removed_from_the_checks_leaves_the_other_keys_as_they_were() -> None:
    # The first parser made "skill-figma" of the wish and "skill-python" of the rest.
    position = page("Experience with Figma is a plus;", "Experience with Python;", "Python, again")
    assert [check.key for check in position.checks if check.kind == "skill"] == [
        "skill-python",
        "skill-python-2",
    ]


@pytest.mark.parametrize(
    ("text", "required"),
    [
        ("Fluent English; other languages are a plus", "Fluent English"),
        ("Python (Django is a plus)", "Python"),
        ("Figma, Sketch a bonus", "Figma"),
        ("Clear written English", "Clear written English"),
    ],
)
def test_without_wished_parts_keeps_what_is_required(text: str, required: str) -> None:
    assert without_wished_parts(text) == required


@pytest.mark.parametrize(
    ("text", "only_a_wish"),
    [
        ("Nice to have", True),
        ("Optional", True),
        ("Bonus", True),
        ("Preferred", True),
        ("Not required", True),
        ("a plus", True),
        ("Must have", False),
        ("Nice to have for deployments", False),
        ("Docker", False),
    ],
)
def test_a_table_cell_that_only_marks_a_wish(text: str, only_a_wish: bool) -> None:
    assert is_only_a_wish(text) is only_a_wish
