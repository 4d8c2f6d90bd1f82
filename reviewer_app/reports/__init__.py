"""Reports over the local cache: the pipeline, the funnel, waiting times, the team's load.

Qt-free and offline: every figure is read from the laptop's cache and stamped "as of"
its last sync. The window's Reports, ``report --json``, ``--csv`` and ``--html`` show the
one :class:`Report` that :func:`compute_report` makes (see ``docs/reports.md``).
"""

from __future__ import annotations

from reviewer_app.reports.compute import UnknownReportPosition, compute_report
from reviewer_app.reports.figures import (
    PIPELINE_STAGES,
    STAGE_TITLES,
    Report,
    ReportOptions,
    report_to_json,
)

__all__ = [
    "PIPELINE_STAGES",
    "STAGE_TITLES",
    "Report",
    "ReportOptions",
    "UnknownReportPosition",
    "compute_report",
    "report_to_json",
]
