"""The status bar and its widgets: where the data comes from, the sync state, pending changes.

A temporary message (an export's result, a sync error) that does not fit ends in "…",
and says itself in full in its tooltip (:class:`MessageBar`).

The sync state is one message, "● Online · synced just now" or "○ Offline · last synced
3 min ago" (the times of :mod:`reviewer_app.ui.times`, said again every 30 s; in full in
the tooltip): whether the shared database answered decides both halves, so a failed sync
never shows beside a "synced" that reads as a success. Online is said only once a sync
of this window got through: before, "Connecting…" while its first sync runs, else the
cache's last sync ("Last synced 3 min ago") or "Not synced yet", claiming nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStatusBar,
    QWidget,
)

from reviewer_app.cache import SyncState
from reviewer_app.ui.times import full_time, short_time

REFRESH_MS = 30_000

# The status bar has room for a line, not for a reason naming a path and a remedy:
# that is in the tooltips and behind Details….
FAILED_MESSAGE = "Sync failed; working offline. Details… says why."

PHASES = {
    "demo": "Creating the demo database…",
    "push": "Sending your changes…",
    "pull": "Fetching changes…",
    "check": "Checking…",
}


def waiting_elsewhere(pending: Sequence[tuple[str, int]]) -> str:
    """Says which other databases have changes waiting: "12 changes waiting for team X"."""
    parts = [
        f"{count:,} change{'s' * (count != 1)} waiting for {label}"
        for label, count in pending
        if count > 0
    ]
    return "; ".join(parts)


class MessageLabel(QLabel):
    """A one-line message elided on the right to its width, in full in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusMessage")
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Where Qt draws a message of its own (an indent, as a style sheet resets margins).
        self.setIndent(4)
        # Whatever width is left: a long message never widens the window.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._message = ""

    def show_message(self, message: str) -> None:
        """Shows ``message`` on one line, as Qt shows a status bar's message."""
        self._message = message
        self._elide()

    def message(self) -> str:
        """The whole message, elided or not."""
        return self._message

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Elides the message again to the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        line = " ".join(self._message.splitlines())
        shown = self.fontMetrics().elidedText(
            line, Qt.TextElideMode.ElideRight, self.contentsRect().width() - self.indent()
        )
        self.setText(shown)
        self.setToolTip(self._message if shown != line else "")


class MessageBar(QStatusBar):
    """A status bar whose temporary message ends in "…" when it does not fit.

    Qt draws the message itself, cut silently where the permanent widgets begin. Here
    it is shown by a :class:`MessageLabel`, the first permanent widget, stretched over
    the free width: Qt draws only left of that widget, so it draws nothing, and the
    label follows ``messageChanged``. Timeouts, status tips, ``currentMessage`` and
    ``clearMessage`` stay Qt's.

    Args:
        widgets: Permanent widgets, right of the message.
        parent: The window.
    """

    def __init__(self, widgets: Sequence[QWidget] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = MessageLabel(self)
        self.addPermanentWidget(self.message_label, 1)
        self.messageChanged.connect(self.message_label.show_message)
        for widget in widgets:
            self.addPermanentWidget(widget)


class SyncStatus(QWidget):
    """Permanent status bar widgets; the window feeds them.

    Signals:
        details_requested: "Details…" was clicked (after a failed sync).
    """

    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_label = QLabel(self)
        self.source_label.setObjectName("sourceLabel")
        self.elsewhere_label = QLabel(self)
        self.elsewhere_label.setObjectName("pendingElsewhere")
        self.elsewhere_label.hide()
        self.online_label = QLabel(self)
        self.online_label.setObjectName("onlineLabel")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("pendingLabel")
        self.synced_label = QLabel(self)
        self.synced_label.setObjectName("syncedLabel")
        self.synced_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 27)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.details_button = QPushButton("Details…", self)
        self.details_button.setObjectName("syncDetails")
        self.details_button.setToolTip("Why the last sync failed")
        self.details_button.setFlat(True)
        self.details_button.hide()
        self.details_button.clicked.connect(self.details_requested)
        self._last_sync: datetime | None = None
        self._online: bool | None = None
        self._connecting = False  # this window's first sync is running
        self.failure: str | None = None  # why the last sync failed
        self._ticker = QTimer(self)
        self._ticker.setInterval(REFRESH_MS)
        self._ticker.timeout.connect(self._show_last_sync)
        self._ticker.start()
        self._show_last_sync()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(12)
        layout.addWidget(self.progress)
        layout.addWidget(self.details_button)
        layout.addWidget(self.elsewhere_label)
        layout.addWidget(self.pending_label)
        layout.addWidget(self.online_label)
        layout.addWidget(self.synced_label)
        layout.addWidget(self.source_label)

    def set_source(self, text: str, tooltip: str = "") -> None:
        """Shows where the data comes from: "Demo data" or "Team: NAME (host/db) as LOGIN"."""
        self.source_label.setText(text)
        self.source_label.setToolTip(tooltip)

    def set_pending_elsewhere(self, pending: Sequence[tuple[str, int]]) -> None:
        """Shows the changes that wait in the caches of other databases (never sent here)."""
        text = waiting_elsewhere(pending)
        self.elsewhere_label.setText(text)
        self.elsewhere_label.setToolTip(
            "Sent when you switch back to that database (File → Join a team…)." if text else ""
        )
        self.elsewhere_label.setVisible(bool(text))

    def set_online(self, online: bool | None, reason: str | None = None) -> None:
        """Shows whether the shared database answered the last sync, and why not.

        Args:
            online: Whether it answered; None before the first sync.
            reason: Why the last sync failed (offline only), shown in the tooltips.
        """
        self._online = online
        self._connecting = False
        self.failure = reason if online is False else None
        tip = "Working offline: changes wait in the outbox until the next sync."
        if self.failure:
            tip += f"\n\nThe last sync failed: {self.failure}"
        self.online_label.setToolTip(tip if online is False else "")
        self.details_button.setToolTip(self.failure or "Why the last sync failed")
        self.details_button.setVisible(online is False)
        self._show_last_sync()

    def set_connecting(self) -> None:
        """Says a sync is trying to reach the shared database (before one got through).

        Once a sync has answered, online or offline, the state stays what it said
        until the next one answers: the progress bar shows the attempt.
        """
        if self._online is None:
            self._connecting = True
            self.online_label.setToolTip(
                "Reaching the shared database: whether you are online is known once it answers."
            )
            self._show_last_sync()

    def set_pending(self, count: int) -> None:
        """Shows how many local changes wait to be sent."""
        self.pending_label.setText(
            "No pending changes" if count == 0 else f"{count:,} pending change" + "s" * (count != 1)
        )

    def set_last_sync(self, when: datetime | None) -> None:
        """Shows when the cache last synced (refreshed every 30 s)."""
        self._last_sync = when
        self._show_last_sync()

    def show_cache_state(self, state: SyncState, pending: int) -> None:
        """Shows the cache's pending changes and last sync.

        Never whether the shared database answers: that is for this window's sync to
        say (:meth:`set_online`); a sync of an earlier session, or its failure, says
        nothing of the network now.

        Args:
            state: The cache's sync bookkeeping.
            pending: How many local changes wait in the outbox.
        """
        self.set_pending(pending)
        self.set_last_sync(state.last_sync_at)

    def show_failure_details(self, reason: str | None, dialogs: list[QWidget]) -> None:
        """Opens a message with why the last sync failed (kept in ``dialogs`` while open)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Sync failed",
            "The last sync failed; you can go on working offline. Your changes wait "
            "until the next sync.",
            QMessageBox.StandardButton.Close,
            self.window(),
        )
        box.setDetailedText(reason or "No reason was recorded.")
        box.setInformativeText(reason or "")
        dialogs.append(box)
        box.open()

    def set_progress(self, phase: str | None, done: int = 0, total: int = 0) -> None:
        """Shows sync progress; None hides the bar."""
        if phase is None:
            self.progress.hide()
            return
        self.progress.setRange(0, max(total, 0))  # total 0: a busy indicator
        self.progress.setValue(min(done, total) if total else 0)
        self.progress.setToolTip(PHASES.get(phase, "Syncing…"))
        self.progress.show()

    def _show_last_sync(self) -> None:
        # Offline, or before a sync of this window answered, the time is that of the
        # last sync that worked, said as such; "· synced" only beside "● Online".
        when = short_time(self._last_sync) if self._last_sync is not None else ""
        if self._online is None and not self._connecting:
            # No sync running or answered: the cache's last sync is the whole state.
            state = "" if when else "Not synced yet"
            text = f"Last synced {when}" if when else ""
        else:
            state = {None: "Connecting…", True: "● Online", False: "○ Offline"}[self._online]
            if not when:
                text = ""  # never synced: the state says it all
            elif self._online:
                text = f"· synced {when}"
            else:
                text = f"· last synced {when}"
        self.online_label.setText(state)
        self.online_label.setVisible(bool(state))
        self.synced_label.setText(text)
        self.synced_label.setToolTip(
            f"Last synced {full_time(self._last_sync)}" if self._last_sync else ""
        )
        self.synced_label.setVisible(bool(text))
