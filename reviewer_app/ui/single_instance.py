"""One window a data folder: a second start brings the first window to the front.

Two windows on one data folder each kept their own undo history and drafts over the
same cache, and the second opened exactly over the first, so that it looked as if
nothing had happened. A lock file in the data folder says a window has it (Qt's
``QLockFile``: a lock whose process is gone is taken over); a local socket named after
the folder lets the second start ask the first to show itself.
"""

from __future__ import annotations

import ctypes
import hashlib
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QSysInfo, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

LOCK_NAME = "window.lock"
_SHOW = b"show\n"
_ANY_PROCESS = -1  # ASFW_ANY
# How long a second start waits for the first to answer.
_WAIT_MS = 1000


class SingleInstance(QObject):
    """The data folder's window lock, and the channel a second start speaks through.

    Signals:
        show_requested: Another start on the same data folder asked for the window.
    """

    show_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # private, as the app makes it
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone
        folder = str(data_dir.resolve()).encode("utf-8", "surrogatepass")
        self.server_name = "reviewer_app-" + hashlib.sha256(folder).hexdigest()[:24]
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Takes the folder for this window; False when another window has it."""
        if not self._lock.tryLock(0) and not self._taken_from_another_machine():
            return False
        QLocalServer.removeServer(self.server_name)  # left by a window that crashed
        server = QLocalServer()
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if server.listen(self.server_name):
            server.newConnection.connect(self._answer)
            self._server = server
        return True

    def _taken_from_another_machine(self) -> bool:
        """Takes a lock written on another machine: a data folder copied, or restored.

        No window of this machine has it, and Qt never takes it as stale by itself.
        """
        info = self._lock.getLockInfo()
        host = info[1] if isinstance(info, tuple) and len(info) == 3 else None
        if not host or host == QSysInfo.machineHostName():
            return False
        return self._lock.removeStaleLockFile() and self._lock.tryLock(0)

    def ask_to_show(self) -> bool:
        """Asks the window that has the folder to come to the front; True if it heard."""
        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        if not socket.waitForConnected(_WAIT_MS):
            socket.abort()
            return False
        _allow_the_window_to_come_forward()
        socket.write(_SHOW)
        heard = socket.waitForBytesWritten(_WAIT_MS)
        # The window closes the connection once it has read it (a named pipe on Windows
        # drops what is written if this side goes first).
        if heard and socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
            socket.waitForDisconnected(_WAIT_MS)
        socket.abort()
        return heard

    def release(self) -> None:
        """Lets the folder go (the window closed)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _answer(self) -> None:
        """Reads each waiting connection at once: a second start writes as it connects."""
        if self._server is None:
            return
        while (socket := self._server.nextPendingConnection()) is not None:
            if socket.bytesAvailable() or socket.waitForReadyRead(_WAIT_MS):
                asked = bytes(socket.readAll().data()).startswith(_SHOW.strip())
            else:
                asked = False
            socket.abort()
            socket.deleteLater()
            if asked:
                self.show_requested.emit()


def _allow_the_window_to_come_forward() -> None:
    """On Windows, lets the window asked to show itself take the foreground.

    Windows keeps a background process's window from coming forward (it flashes in the
    taskbar instead) unless the process in the foreground, this start, allows it.
    """
    if sys.platform == "win32":  # pragma: no cover - Windows only
        user32 = getattr(ctypes, "windll").user32  # noqa: B009 (no such name elsewhere)
        user32.AllowSetForegroundWindow(_ANY_PROCESS)


def bring_to_front() -> None:
    """Brings the window the reviewer works in to the front: a dialog open, else the window."""
    widget = QApplication.activeModalWidget() or next(
        (w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()), None
    )
    if widget is None:
        return
    widget.setWindowState(widget.windowState() & ~Qt.WindowState.WindowMinimized)
    widget.show()
    widget.raise_()
    widget.activateWindow()
