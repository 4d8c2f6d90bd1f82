"""Coordinating the team from the window: assignment, bulk stage, email, interviews.

Each acts on the list's selection (Shift/Ctrl-click, Shift+J/K, Ctrl+A) or, with one
row selected, on the applicant shown. Writes run on the window's database worker
through :class:`EditFlow` (so they undo like any other); over CONFIRM_OVER
applications the reviewer is asked again, with the count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from reviewer_app.applicants.coordination_rows import count_assigned_to
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedReviewer
from reviewer_app.config.paths import templates_dir
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.identity import blind_id
from reviewer_app.domain.vocabulary import NoteKind, Stage
from reviewer_app.errors import UserError
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.positions.interview import interview_note, interview_questions
from reviewer_app.review.actions import ReviewService
from reviewer_app.storage.atomic_files import atomic_writer
from reviewer_app.ui.detail.applicant_view import ApplicantView
from reviewer_app.ui.list.applicant_labels import NAME
from reviewer_app.ui.list.applicant_list import ApplicantList
from reviewer_app.ui.review.review_panel import ReviewPanel
from reviewer_app.ui.review.review_style import STAGE_LABELS
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.bulk_dialogs import (
    CONFIRM_OVER,
    AssignDialog,
    StageDialog,
    applications,
    confirmed,
)
from reviewer_app.ui.window.edit_flow import EditFlow
from reviewer_app.ui.window.window_menus import MenuEntry

if TYPE_CHECKING:
    # Messages and interview times are imported when first used (~40 ms of the start).
    from reviewer_app.contact.templates import Template
    from reviewer_app.ui.window.contact_dialog import Recipient

# The template each stage suggests first in Email applicant….
_TEMPLATE_FOR = {
    Stage.NEW: "acknowledgement",
    Stage.SCREENING: "more-information",
    Stage.INTERVIEW: "interview-invitation",
    Stage.ACCEPTED: "acceptance",
    Stage.DECLINED: "decline",
}


def calendar_file_name(name: str, starts_at: datetime) -> str:
    """ "interview-ana-souza-2026-12-09.ics": the applicant and the day, safe everywhere."""
    words = re.findall(r"\w+", name.lower()) or ["applicant"]
    return f"interview-{'-'.join(words[:4])}-{starts_at:%Y-%m-%d}.ics"


class CoordinationFlow(QObject):
    """The Review menu's team actions over the selection.

    Args:
        window: The main window (dialogs' parent).
        listing: The applicant list (its selection).
        applicant: The applicant pane (the detail shown).
        panel: The review panel (its state: assignees, interview; its notes).
        review: Records the writes.
        cache: The local cache (reviewers, applicant fields; read on the worker).
        worker: The window's database worker.
        edit: Runs writes on the worker; their Changes reach the panes.
        catalogue: Parsed positions (interview questions).
        say: A line in the status bar.
        export: Starts the export of these applications (the window's export flow).
    """

    def __init__(
        self,
        window: QWidget,
        listing: ApplicantList,
        applicant: ApplicantView,
        panel: ReviewPanel,
        review: ReviewService,
        cache: LocalCache,
        worker: TaskRunner,
        edit: EditFlow,
        catalogue: PositionCatalogue,
        say: Callable[[str], None],
        export: Callable[[list[str]], None],
    ) -> None:
        super().__init__(window)
        self._export = export
        self._window = window
        self._listing = listing
        self._applicant = applicant
        self._panel = panel
        self._review = review
        self._cache = cache
        self._worker = worker
        self._edit = edit
        self._catalogue = catalogue
        self._say = say
        self._templates_dir: Path = templates_dir()
        self.dialogs: list[QWidget] = []

    def entries(self) -> list[MenuEntry | None]:
        """The Review menu's entries for the team's work."""
        return [
            None,
            ("assign_me", "Assign to &me", "A", self.assign_to_me,
             "Assign the selected applications to you (again: take them off)"),
            ("assign", "Assi&gn…", "Ctrl+Shift+A", self.assign,
             "Assign the selected applications to reviewers of the team"),
            ("bulk_stage", "Set the stage of the se&lection…", "Ctrl+Shift+S", self.bulk_stage,
             "One stage, and one reason, for every selected application"),
            ("export_selection", "E&xport the selection…", "Ctrl+Shift+E", self.export,
             "Export the selected applications' decisions to a CSV file"),
            None,
            ("email", "&Email applicant…", "E", self.email,
             "A message from a template, opened in your mail app"),
            ("interview", "&Interview notes", "I", self.interview_notes,
             "An interview note with the position's questions"),
            ("interview_time", "Interview &time…", "Ctrl+Shift+I", self.interview_time,
             "Set the interview's date and time; save it to your calendar"),
        ]  # fmt: skip

    # --- selection -----------------------------------------------------------------------

    def _selected(self) -> list[str]:
        ids = self._listing.table.selected_ids()
        if not ids:
            self._say("Select an applicant first.")
        return ids

    def _which(self, ids: list[str]) -> str:
        """One applicant by the name the list shows (blind review's, if on), else a count."""
        model = self._listing.model
        row = model.row_of(ids[0]) if len(ids) == 1 else -1
        name = model.data(model.index(row, NAME)) if row >= 0 else None
        return name if isinstance(name, str) and name else applications(len(ids))

    # --- assignment ----------------------------------------------------------------------

    def assign_to_me(self) -> None:
        """Assigns the selection to me; if every one of them is mine already, takes me off."""
        ids = self._selected()
        if not ids:
            return
        me = self._review.reviewer_name
        state = self._panel.state
        if len(ids) == 1:  # the panel shows whether it is mine
            shown = state if state is not None and state.application_id == ids[0] else None
            self._assign_to_me(ids, shown is not None and me in shown.assignees)
            return
        cache = self._cache

        def mine() -> int:
            with cache.read_session() as session:
                return count_assigned_to(session, ids, me)

        self._worker.run(
            mine,
            on_done=lambda count: self._assign_to_me(ids, count == len(ids)),
            on_error=self._failed,
        )

    def _assign_to_me(self, ids: list[str], remove: bool) -> None:
        me = self._review.reviewer_name
        verb = "Unassign yourself" if remove else "Assign to you"
        # Taking several off is asked for every time: A pressed twice to be sure of it
        # undid the first press for all of them.
        if not confirmed(self._window, len(ids), verb, over=1 if remove else CONFIRM_OVER):
            return
        review = self._review
        which = self._which(ids)
        done = _assigned(
            ids,
            "No longer assigned to you" if remove else "Assigned to you",
            which,
            "not yours" if remove else "already yours",
        )
        doing = f"{'Unassigning you' if remove else 'Assigning to you'}: {which}…"
        self._edit.run_write(
            lambda: review.assign(ids, [me], remove=remove), done=done, doing=doing
        )

    def assign(self) -> None:
        """Asks which reviewers, then assigns the selection to them (or takes them off)."""
        ids = self._selected()
        if not ids:
            return
        cache = self._cache

        def names() -> list[str]:
            with cache.read_session() as session:
                return [reviewer.name for reviewer in session.query(CachedReviewer).all()]

        self._worker.run(
            names, on_done=lambda found: self._ask_assign(ids, found), on_error=self._failed
        )

    def _ask_assign(self, ids: list[str], names: list[str]) -> None:
        dialog = AssignDialog(len(ids), names, self._review.reviewer_name, self._window)
        if not dialog.exec():
            return
        chosen, remove = dialog.chosen(), dialog.remove.isChecked()
        verb = ("Take off " if remove else "Assign to ") + ", ".join(chosen)
        if not confirmed(self._window, len(ids), verb):
            return
        review = self._review
        which = self._which(ids)
        done = _assigned(ids, verb, which, "already as asked")
        doing = ("Taking off " if remove else "Assigning to ") + ", ".join(chosen)
        doing += f": {which}…"
        self._edit.run_write(
            lambda: review.assign(ids, chosen, remove=remove), done=done, doing=doing
        )

    # --- one stage for many --------------------------------------------------------------

    def bulk_stage(self) -> None:
        """Asks one stage and reason, then records it for every selected application."""
        ids = self._selected()
        if not ids:
            return
        which = self._which(ids)
        dialog = StageDialog(which, self._window)
        if not dialog.exec():
            return
        stage, reason = dialog.stage(), dialog.reason_text()
        if not confirmed(self._window, len(ids), f"Set to {STAGE_LABELS[stage]}"):
            return
        review = self._review
        done = f"{STAGE_LABELS[stage]}: {which} (Undo takes it back)."
        doing = f"Setting {which} to {STAGE_LABELS[stage]}…"
        self._edit.run_write(
            lambda: review.set_decisions(ids, stage, reason), done=done, doing=doing
        )

    def export(self) -> None:
        """Exports the selected applications (the export dialog names them "the selection")."""
        ids = self._selected()
        if ids:
            self._export(ids)

    # --- email ---------------------------------------------------------------------------

    def email(self) -> None:
        """Reads the selected applicants' details, then shows the message to send."""
        ids = self._selected()
        if not ids:
            return
        from reviewer_app.contact.applicant import read_applicant_fields
        from reviewer_app.contact.templates import load_templates
        from reviewer_app.ui.window.contact_dialog import Recipient

        cache, directory = self._cache, self._templates_dir

        def read() -> tuple[list[Template], list[Recipient]]:
            recipients = [Recipient(i, read_applicant_fields(cache, i)) for i in ids]
            return load_templates(directory), recipients

        self._worker.run(read, on_done=self._show_email, on_error=self._failed)

    def _show_email(self, found: tuple[list[Template], list[Recipient]]) -> None:
        from reviewer_app.ui.window.contact_dialog import ContactDialog

        templates, recipients = found
        dialog = ContactDialog(templates, recipients, self._review.reviewer_name, self._window)
        state = self._panel.state
        decision = state.decision if state is not None else None
        stage = decision.stage if decision is not None else Stage.NEW
        if stage in _TEMPLATE_FOR:
            dialog.choose_template(_TEMPLATE_FOR[stage])
        dialog.contacted.connect(self._record_contact)
        dialog.said.connect(self._say)
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _code: self.dialogs.remove(dialog))
        dialog.open()

    def _record_contact(self, ids: list[str], template: str, subject: str) -> None:
        review = self._review
        self._edit.run_write(lambda: review.record_contact(ids, template, subject))

    # --- interviews ----------------------------------------------------------------------

    def interview_notes(self) -> None:
        """Opens an interview note with the position's questions as headings."""
        detail = self._applicant.detail
        if detail is None or self._panel.state is None:
            self._say("Select an applicant first.")
            return
        if detail.position is None:
            self._say("Match the applicant to a position first (Ctrl+M).")
            return
        try:
            position = self._catalogue.parsed(detail.position.slug, detail.position.source)
            text = interview_note(position, interview_questions(position))
        except UserError as exc:
            self._say(str(exc))
            return
        self._panel.start_new_note(NoteKind.INTERVIEW, text)

    def interview_time(self) -> None:
        """Asks the interview's date, time and zone; saves it, and a calendar file."""
        detail = self._applicant.detail
        state = self._panel.state
        if detail is None or state is None:
            self._say("Select an applicant first.")
            return
        from reviewer_app.ui.window.interview_dialog import InterviewDialog

        dialog = InterviewDialog(state.interview, self._window)
        if not dialog.exec():
            return
        application_id = detail.id
        starts_at, zone = dialog.chosen()
        review = self._review
        self._edit.run_write(lambda: review.set_interview(application_id, starts_at, zone))
        if starts_at is None or zone is None or not dialog.wants_calendar():
            return
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DownloadLocation
        ) or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(
            self._window, "Save the interview to your calendar",
            str(Path(folder) / calendar_file_name(
                blind_id(detail.id) if self._panel.blind else detail.name, starts_at
            )),
            "Calendar files (*.ics)",
        )  # fmt: skip
        if not path:
            self._say("The interview time is saved; no calendar file was written.")
            return
        # icalendar takes ~80 ms to import: not on the way to the window's first paint.
        from reviewer_app.contact.calendar import interview_ics

        data = interview_ics(
            application_id=application_id,
            starts_at=starts_at,
            timezone=zone,
            applicant_name=detail.name,
            applicant_email=detail.email,
            reviewer_name=self._review.reviewer_name,
            position=detail.position.title if detail.position else "",
        )
        try:
            # As the library wrote it: UTF-8, lines ending in CRLF (RFC 5545).
            with atomic_writer(Path(path)) as handle:
                handle.write(data.decode("utf-8"))
        except OSError as exc:
            self._say(f"Could not save {path}: {exc.strerror or exc}")
            return
        self._say(f"Saved {path}: open it to add the interview to your calendar.")

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        self._say(str(exc))


def _assigned(ids: list[str], done: str, which: str, already: str) -> Callable[[Changes], str]:
    """What an assignment says once written: how many it changed, if not all of them.

    Args:
        ids: The applications asked for.
        done: What was done ("Assigned to you").
        which: The applicant's name, or how many applications.
        already: How those left unchanged were ("already yours").
    """
    asked = set(ids)

    def said(changes: Changes) -> str:
        changed = len(changes.applications & asked)
        if changed == len(asked):
            return f"{done}: {which}."
        if changed == 0:
            return f"{which}: nothing changed ({already})."
        return f"{done}: {applications(changed)} ({len(asked) - changed} {already})."

    return said
