"""The dialogs of bulk actions: one stage (and reason) for many, and assignees.

Over :data:`CONFIRM_OVER` applications an action asks again, naming the count: forty
declines are one Enter away otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.name_order import name_order
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.ui.review.review_style import STAGE_LABELS
from reviewer_app.ui.window.dialogs import DIALOG_CHARACTERS, wrapped_label

CONFIRM_OVER = 20


def applications(count: int) -> str:
    """Says a count of applications: "1 application", "38 applications"."""
    return f"{count:,} application" + ("" if count == 1 else "s")


def confirmed(parent: QWidget, count: int, what: str, over: int = CONFIRM_OVER) -> bool:
    """Asks again over ``over`` applications; True when the reviewer goes on.

    Args:
        parent: The dialog's parent.
        count: How many applications the action changes.
        what: The action, as a verb phrase ("Decline", "Assign to Ana").
        over: Asked only for more applications than this.
    """
    if count <= over:
        return True
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Change many applications?",
        f"{what}: {applications(count)}. Each is recorded on its own; Undo takes back "
        "all of them at once.",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    go = box.addButton(f"{what} ({count:,})", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter alone does not do it
    box.exec()
    return box.clickedButton() is go


class StageDialog(QDialog):
    """One stage, and one reason, for the selected applications.

    Args:
        which: The applications: one applicant's name, or a count ("38 applications").
        parent: The window.
    """

    def __init__(self, which: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set the stage")
        self.intro = wrapped_label(self, f"Set the stage of {which}.")
        self.stage_combo = QComboBox(self)
        for stage, label in STAGE_LABELS.items():
            self.stage_combo.addItem(label, stage.value)
        self.reason = QLineEdit(self)
        self.reason.setClearButtonEnabled(True)
        self.problem = wrapped_label(self)
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Stage:", self.stage_combo)
        form.addRow("&Reason:", self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_CHARACTERS)
        self.stage_combo.currentIndexChanged.connect(self._sync)
        self.reason.textChanged.connect(self._sync)
        self._sync()

    def stage(self) -> Stage:
        """The stage chosen."""
        return Stage(str(self.stage_combo.currentData()))

    def choose(self, stage: Stage) -> None:
        """Puts ``stage`` in the form."""
        self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(stage.value)))

    def reason_text(self) -> str | None:
        """The reason typed, or None."""
        return self.reason.text().strip() or None

    def _sync(self) -> None:
        declined = self.stage() == Stage.DECLINED
        self.reason.setPlaceholderText("Required for a decline" if declined else "Optional")
        missing = declined and self.reason_text() is None
        self.problem.setText("A decline needs a reason: the same one goes to each.")
        self.problem.setVisible(missing)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not missing)
            ok.setText(f"Set to {STAGE_LABELS[self.stage()]}")


class AssignDialog(QDialog):
    """Reviewers to assign the selected applications to (or to take them off).

    Args:
        count: How many applications are selected.
        reviewers: The team's reviewers, by name.
        me: This reviewer's name (first, and checked).
        parent: The window.
    """

    def __init__(
        self, count: int, reviewers: Sequence[str], me: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assign")
        self.intro = wrapped_label(self, f"Assign {applications(count)} to:")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Reviewers")
        names = [
            me,
            *sorted({name for name in reviewers if name and name != me}, key=name_order),
        ]
        for name in names:
            item = QListWidgetItem(f"{name} (you)" if name == me else name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setCheckState(Qt.CheckState.Checked if name == me else Qt.CheckState.Unchecked)
        self.list.setCurrentRow(0)
        self.remove = QCheckBox("&Take them off instead", self)
        self.remove.setToolTip("Remove the reviewers checked from these applications")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(self._sync)
        self.remove.toggled.connect(self._sync)
        hint = QLabel("Space checks a name.", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list)
        layout.addWidget(hint)
        layout.addWidget(self.remove)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_CHARACTERS)
        self._sync()

    def chosen(self) -> list[str]:
        """The reviewers checked."""
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.list.item(row) for row in range(self.list.count()))
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def _sync(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.chosen()))
            ok.setText("Take off" if self.remove.isChecked() else "Assign")
