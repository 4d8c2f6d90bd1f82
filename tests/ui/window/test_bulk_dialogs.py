"""The dialogs of bulk actions: one stage and reason, assignees, and asking again."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.ui.window.bulk_dialogs import (
    CONFIRM_OVER,
    AssignDialog,
    StageDialog,
    confirmed,
)


def test_a_decline_for_many_needs_one_reason(qtbot: QtBot) -> None:
    dialog = StageDialog("38 applications")
    qtbot.addWidget(dialog)
    assert "38 applications" in dialog.intro.text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    dialog.choose(Stage.DECLINED)
    assert not ok.isEnabled() and dialog.problem.isVisibleTo(dialog)
    dialog.reason.setText("Spam")
    assert ok.isEnabled() and ok.text() == "Set to Declined"
    assert (dialog.stage(), dialog.reason_text()) == (Stage.DECLINED, "Spam")


def test_assign_offers_the_team_with_me_first_and_checked(qtbot: QtBot) -> None:
    dialog = AssignDialog(3, ["Zoe", "ana", "Rae", ""], "Rae")
    qtbot.addWidget(dialog)
    texts = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert texts == ["Rae (you)", "ana", "Zoe"]
    assert dialog.chosen() == ["Rae"]
    dialog.list.item(2).setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen() == ["Rae", "Zoe"]
    dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.list.item(2).setCheckState(Qt.CheckState.Unchecked)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()


def _answer(button_text: str | None) -> None:
    """Presses a button of the question shown (None: Cancel)."""
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    assert "40 applications" in box.text()
    for button in box.buttons():
        if (
            button_text is None and box.buttonRole(button) == QMessageBox.ButtonRole.RejectRole
        ) or (button_text is not None and button.text().startswith(button_text)):
            button.click()
            return
    raise AssertionError([b.text() for b in box.buttons()])


def test_more_than_twenty_asks_again_with_the_count(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    assert confirmed(parent, CONFIRM_OVER, "Decline")  # 20: no question
    QTimer.singleShot(0, lambda: _answer("Decline"))
    assert confirmed(parent, 40, "Decline")
    QTimer.singleShot(0, lambda: _answer(None))
    assert not confirmed(parent, 40, "Decline")
