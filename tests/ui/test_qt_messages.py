"""Qt's warnings never carry an applicant's address or message."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from reviewer_app.ui import qt_messages

LINK = "mailto:ana.secret@example.org?subject=Your%20application&body=Private%20text"


def test_a_mailto_link_is_hidden_to_the_end_of_the_message() -> None:
    message = f"This plugin does not support openUrl() for '{LINK}'."
    assert qt_messages.redact(message) == (
        f"This plugin does not support openUrl() for '{qt_messages.HIDDEN}"
    )
    assert qt_messages.redact("nothing to hide") == "nothing to hide"


@pytest.mark.qt_log_ignore("openUrl")  # the warning is expected: its text is the test
def test_qts_warning_about_a_link_no_app_opens_names_no_address(
    qtbot: QtBot, qtlog: object, capfd: object
) -> None:
    qt_messages.install()
    QDesktopServices.openUrl(QUrl(LINK))  # offscreen: no service opens links
    records = [record.message for record in qtlog.records]  # type: ignore[attr-defined]
    assert any(qt_messages.HIDDEN in record for record in records)
    out, err = capfd.readouterr()  # type: ignore[attr-defined]
    assert "ana.secret" not in " ".join(records) + out + err
