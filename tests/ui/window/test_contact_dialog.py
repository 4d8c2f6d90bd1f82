"""Email applicant…: the message filled in, flagged fields, one link or many, recorded."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from pytestqt.qtbot import QtBot

from reviewer_app.config.paths import templates_dir
from reviewer_app.contact.compose import ApplicantFields
from reviewer_app.contact.templates import load_templates
from reviewer_app.ui.window.contact_dialog import ContactDialog, Recipient

ANA = Recipient("a1", ApplicantFields("Ana Souza", "ana@example.org", "Backend Developer"))
BO = Recipient("b2", ApplicantFields("Bo Li", "bo@example.org", "Backend Developer"))
NOBODY = Recipient("c3", ApplicantFields("", "c3@example.org", "Backend Developer"))


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The links the dialog opened, instead of a real mail client."""
    links: list[str] = []

    def open_url(url: QUrl) -> bool:
        links.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return links


def _dialog(qtbot: QtBot, *recipients: Recipient) -> ContactDialog:
    dialog = ContactDialog(load_templates(templates_dir()), list(recipients), "Rae")
    qtbot.addWidget(dialog)
    dialog.choose_template("decline")
    return dialog


def test_one_applicant_gets_the_template_filled_in_and_opened(
    qtbot: QtBot, opened: list[str]
) -> None:
    dialog = _dialog(qtbot, ANA)
    recorded: list[tuple[list[str], str, str]] = []
    dialog.contacted.connect(lambda ids, slug, subject: recorded.append((ids, slug, subject)))
    body = dialog.body.toPlainText()
    assert "Hi Ana," in body and "Backend Developer" in body and "{" not in body
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert len(opened) == 1
    assert opened[0].startswith("mailto:ana@example.org?subject=")
    assert "Hi Ana," in unquote(opened[0])
    assert recorded == [(["a1"], "decline", dialog.subject.text())]


def test_a_missing_field_is_flagged_until_it_is_written_out(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, NOBODY)
    assert "{first_name}" in dialog.body.toPlainText()
    assert dialog.warning.isVisibleTo(dialog) and "{first_name}" in dialog.warning.text()
    assert not dialog.open_button.isEnabled() and not dialog.copy_button.isEnabled()
    dialog.body.setPlainText(dialog.body.toPlainText().replace("{first_name}", "there"))
    assert not dialog.warning.isVisibleTo(dialog)
    assert dialog.open_button.isEnabled()


def test_a_selection_in_bcc_must_write_out_the_names(qtbot: QtBot, opened: list[str]) -> None:
    dialog = _dialog(qtbot, ANA, BO)
    assert dialog.together.isChecked()
    assert not dialog.open_button.isEnabled()  # "Hi {first_name}," cannot be one name
    dialog.body.setPlainText(dialog.body.toPlainText().replace("{first_name}", "there"))
    dialog.open_button.click()
    assert len(opened) == 1
    link = unquote(opened[0])
    assert "bcc=ana@example.org,bo@example.org" in link
    assert "Backend Developer" in link  # shared by both: filled in


def test_one_message_each_is_copied_in_turn(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ANA, BO)
    recorded: list[list[str]] = []
    dialog.contacted.connect(lambda ids, _slug, _subject: recorded.append(ids))
    dialog.each.setChecked(True)
    assert "Hi Ana," in dialog.body.toPlainText()
    dialog.copy_button.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None and "Hi Ana," in clipboard.text()
    assert "Hi Bo," in dialog.body.toPlainText() and "2 of 2" in dialog.to_label.text()
    dialog.copy_button.click()
    assert recorded == [["a1"], ["b2"]]
    assert dialog.result() == ContactDialog.DialogCode.Accepted


def test_a_message_too_long_for_a_link_can_only_be_copied(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ANA)
    dialog.body.setPlainText("Ольга " * 400)
    assert not dialog.open_button.isEnabled()
    assert "copy" in dialog.open_button.toolTip().lower()
    assert dialog.copy_button.isEnabled()


def test_without_a_mail_app_the_message_is_copied_and_said(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    dialog = _dialog(qtbot, ANA)
    said: list[str] = []
    dialog.said.connect(said.append)
    dialog.open_button.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None and "To: ana@example.org" in clipboard.text()
    assert "Hi Ana," in clipboard.text()
    assert said and "No mail app" in said[0]
