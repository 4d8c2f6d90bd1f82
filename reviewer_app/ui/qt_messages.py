"""Qt's own warnings, without the applicants' data they may quote.

When no mail app takes a ``mailto:`` link, Qt warns with the whole link: the applicants'
addresses, the subject and the message, on the terminal and in any log collected from
it. The app's handler passes every Qt message on with such links cut short.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

# From the scheme to the end of the message: the link's own text may hold spaces.
_MAILTO = re.compile(r"mailto:.*", re.IGNORECASE | re.DOTALL)
HIDDEN = "mailto:(a message, hidden)"


def redact(message: str) -> str:
    """``message`` with everything from a ``mailto:`` link on hidden."""
    return _MAILTO.sub(HIDDEN, message)


class _Redacting:
    """A Qt message handler: :func:`redact`, then the handler it replaced."""

    def __init__(self, previous: Any) -> None:
        self.previous = previous

    def __call__(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        text = redact(message)
        if self.previous is not None:
            self.previous(mode, context, text)
        else:
            print(text, file=sys.stderr)


def install() -> None:
    """Routes Qt's messages through :func:`redact`, then to the handler before.

    Qt keeps one handler a process: installed again, it is not wrapped twice.
    """
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(previous if isinstance(previous, _Redacting) else _Redacting(previous))
