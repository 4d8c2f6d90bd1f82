"""Tests of the checks section (offscreen): rows are reused from position to position."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewer_app.positions.checks import Check
from reviewer_app.review.hints import Hint
from reviewer_app.ui.review.checks_widget import LINKS_TITLE, UNATTACHED_TITLE, ChecksWidget


def _checks(*labels: str) -> list[Check]:
    return [
        Check(key=label.lower(), label=label, kind="skill", text=f"{label}, please")
        for label in labels
    ]


def _widget(qtbot: QtBot) -> ChecksWidget:
    widget = ChecksWidget()
    qtbot.addWidget(widget)
    widget.resize(420, 300)  # empty until checks are shown; an empty window is never active
    widget.show()
    widget.activateWindow()  # the focus moves only in an active window
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def test_rows_are_relabelled_not_made_anew(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.show_checks("a", _checks("Python", "Git", "Hours", "Months"), {}, {}, [])
    made = list(widget.rows)
    widget.show_checks("b", _checks("Design", "Figma"), {}, {}, [])
    assert [row.label.text() for row in widget.rows] == ["Design", "Figma"]
    assert widget.rows == made[:2]
    assert [row.isVisible() for row in made] == [True, True, False, False]
    assert widget.rows[1].label.toolTip() == "Figma, please"
    assert widget.rows[1].accessibleName() == "Check: Figma"
    widget.show_checks("c", _checks("Python", "Git", "Hours", "Months", "Spanish"), {}, {}, [])
    assert widget.rows[:4] == made
    assert [row.label.text() for row in widget.rows][-1] == "Spanish"
    assert all(row.isVisible() for row in widget.rows)


def test_keys_act_on_the_check_the_row_shows_now(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.show_checks("a", _checks("Python", "Git"), {}, {}, [])
    widget.show_checks("b", _checks("Design", "Figma", "Writing"), {}, {}, [])
    asked: list[tuple[str, object, str]] = []
    widget.check_requested.connect(
        lambda key, result, comment: asked.append((key, result, comment))
    )
    widget.rows[0].setFocus()
    qtbot.keyClick(widget.rows[0], Qt.Key.Key_1)
    assert asked and asked[0][0] == "design"
    assert widget.rows[1].hasFocus()  # moved on to the next check
    # Down from the second row goes to the third, past no hidden row.
    qtbot.keyClick(widget.rows[1], Qt.Key.Key_Down)
    assert widget.rows[2].hasFocus()


def test_a_focused_row_that_goes_away_hands_the_focus_to_the_first(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.show_checks("a", _checks("Python", "Git", "Hours"), {}, {}, [])
    widget.rows[2].setFocus()
    qtbot.waitUntil(lambda: widget.rows[2].hasFocus())
    widget.show_checks("b", _checks("Design"), {}, {}, [])
    assert widget.rows[0].hasFocus()


def test_a_short_label_never_wraps_and_a_long_one_wraps_at_words(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    # A position whose labels are all short: nothing else widens the labels' column.
    labels = ("Git/GitHub", "≥ 5 h/week", "≥ 3 months", "Instagram/TikTok")
    widget.show_checks("a", _checks(*labels), {}, {}, [])
    widget.resize(widget.minimumSizeHint().width(), widget.height())  # a narrow panel
    qtbot.waitUntil(lambda: widget.width() == widget.minimumSizeHint().width())
    labels = [row.label for row in widget.rows]
    one_line = labels[0].heightForWidth(10_000)
    assert [label.heightForWidth(label.width()) for label in labels] == [one_line] * 4
    # A long label wraps (at words) rather than widen the panel by its whole length.
    long_label = "Experience moderating online communities"
    widget.show_checks("b", _checks(long_label), {}, {}, [])
    label = widget.rows[0].label
    assert label.minimumSizeHint().width() < label.fontMetrics().horizontalAdvance(long_label)


def test_the_section_keeps_the_focus_when_no_row_is_left(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    widget.show_checks("a", _checks("Python", "Git"), {}, {}, [])
    widget.rows[1].setFocus()
    qtbot.waitUntil(lambda: widget.rows[1].hasFocus())
    widget.show_checks("b", None, {}, {}, [])  # unmatched: no checks
    assert widget.hasFocus()  # not nothing: the window's keys still arrive


def test_hints_about_no_check_go_under_their_own_heading(qtbot: QtBot) -> None:
    widget = _widget(qtbot)
    url = "https://github.com/ana"
    hints = [
        Hint(None, "link", f"GitHub: {url}", "info", url),
        Hint(None, "hours", "States 6 h/week", "info"),  # the position checks no hours
        Hint("python", "skill", "Mentions Python", "mentioned"),
    ]
    widget.show_checks("a", _checks("Python"), {}, {}, hints)
    assert [label.text() for label in widget.shown_links] == [f"· GitHub: {url}"]
    assert widget.links.title.text() == LINKS_TITLE
    assert [label.text() for label in widget.unattached.shown] == ["· States 6 h/week"]
    assert widget.unattached.title.text() == UNATTACHED_TITLE and widget.unattached.isVisible()
    assert [label.text() for label in widget.rows[0].shown_hints] == ["· Mentions Python"]
    widget.show_checks("b", _checks("Python"), {}, {}, hints[:1])  # links only
    assert not widget.unattached.isVisible() and widget.links.isVisible()
