"""Tests of ``report``: the same figures as the core, as JSON, CSV files or one HTML file."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
from pathlib import Path

import pytest

from reviewer_app.cache import CACHE_FILE, LocalCache
from reviewer_app.cli import build_parser, main, run_command
from reviewer_app.cli.report_command import add_report_command
from reviewer_app.reports import ReportOptions, compute_report, report_to_json
from reviewer_app.reports.csv_files import CSV_FILES
from tests.cache.busy_writer import write_lock_held
from tests.reports.report_cache import NOW, fill_report_cache


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose cache holds report_cache's table; reports are made at NOW."""
    folder = tmp_path / "data"
    with LocalCache.open(folder) as cache:
        fill_report_cache(cache)
    monkeypatch.setattr("reviewer_app.reports.compute.clock", lambda: NOW)
    return folder


def run(*argv: str) -> tuple[int, str]:
    """Runs ``report`` through a parser holding it as the command line will."""
    parser = argparse.ArgumentParser(prog="main.py")
    parser.add_argument("--data-dir", type=Path, default=None)
    add_report_command(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    return run_command(parser.parse_args(argv), out), out.getvalue()


def test_json_equals_the_core_report(data_dir: Path) -> None:
    status, output = run("report", "--json", "--data-dir", str(data_dir))
    assert status == 0
    with LocalCache.open(data_dir) as cache:
        expected = report_to_json(compute_report(cache, ReportOptions(), now=NOW))
    assert json.loads(output) == expected
    assert json.loads(output)["pipeline"]["total"] == 10


def test_range_position_and_waiting_days_reach_the_report(data_dir: Path) -> None:
    status, output = run(
        "report", "--json", "--from", "2026-03-09", "--to", "2026-03-16",
        "--position", "backend", "--waiting-days", "20", "--data-dir", str(data_dir),
    )  # fmt: skip
    data = json.loads(output)
    assert status == 0
    assert data["range"] == {"from": "2026-03-09", "to": "2026-03-16"}
    assert data["position"] == "backend"
    assert data["pipeline"]["total"] == 2
    assert [w["id"] for w in data["waiting"]["applications"]] == ["A4"]


def test_summary_names_the_totals_and_the_last_sync(data_dir: Path) -> None:
    status, output = run("report", "--data-dir", str(data_dir))
    assert status == 0
    assert "Applications: 10 (all applications · all positions)" in output
    assert "As of last sync 2026-03-30 08:00 UTC." in output
    assert "Waiting more than 14 days without a review: 2" in output


def test_report_reads_beside_a_writer_without_waiting_for_it(data_dir: Path) -> None:
    with write_lock_held(data_dir / CACHE_FILE):
        status, output = run("report", "--json", "--data-dir", str(data_dir))
    assert status == 0
    assert json.loads(output)["pipeline"]["total"] == 10


def test_unknown_position_is_an_error_naming_the_known_ones(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run("report", "--position", "nope", "--data-dir", str(data_dir))
    assert status == 1
    assert "known positions: backend, translator, ux" in capsys.readouterr().err


def test_bad_date_is_refused_by_the_parser(data_dir: Path) -> None:
    with pytest.raises(SystemExit):
        run("report", "--from", "March", "--data-dir", str(data_dir))


def test_csv_writes_one_excel_safe_file_per_table(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    status, output = run("report", "--csv", str(folder), "--data-dir", str(data_dir))
    assert status == 0 and "Wrote 8 CSV files" in output
    assert sorted(p.name for p in folder.iterdir()) == sorted(CSV_FILES)
    raw = (folder / "pipeline.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with (folder / "pipeline.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["position"]: row for row in csv.DictReader(handle)}
    assert rows["backend"]["new"] == "2" and rows["(unmatched)"]["withdrawn"] == "1"
    with (folder / "waiting.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [row["id"] for row in csv.DictReader(handle)] == ["A7", "A4"]


def test_html_is_one_self_contained_file_without_remote_references(
    data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "board.html"
    status, _ = run("report", "--html", str(target), "--data-dir", str(data_dir))
    page = target.read_text(encoding="utf-8")
    assert status == 0
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 3  # the pipeline, the funnel, applications per week
    # Nothing loaded from anywhere: no src or href at all, no remote URL, no script.
    assert not re.search(r"""\b(src|href)\s*=""", page, re.IGNORECASE)
    assert "http" not in page and "<script" not in page and "@import" not in page
    assert "As of last sync 2026-03-30 08:00 UTC." in page
    assert "Person A7" in page
    hidden = tmp_path / "blind.html"
    run("report", "--html", str(hidden), "--no-identity", "--data-dir", str(data_dir))
    assert "Person A7" not in hidden.read_text(encoding="utf-8")


def test_html_escapes_text_from_the_cache(data_dir: Path, tmp_path: Path) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.connection().exec_driver_sql(
            "UPDATE applications SET name = '<img src=x onerror=alert(1)>' WHERE id = 'A7'"
        )
    target = tmp_path / "board.html"
    run("report", "--html", str(target), "--data-dir", str(data_dir))
    page = target.read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x" in page


@pytest.mark.skipif(
    "report" not in build_parser()._subparsers._group_actions[0].choices,  # type: ignore[union-attr]
    reason="the report command is not yet added to reviewer_app/cli/parser.py",
)
def test_report_is_a_command_of_the_command_line(data_dir: Path) -> None:
    out = io.StringIO()
    assert main(["report", "--json", "--data-dir", str(data_dir)], out=out) == 0
    assert json.loads(out.getvalue())["pipeline"]["total"] == 10


def test_html_never_replaces_a_device_a_link_or_a_file_unasked(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "board.html"
    existing.write_text("keep", encoding="utf-8")
    status, _ = run("report", "--html", str(existing), "--data-dir", str(data_dir))
    assert status == 1 and existing.read_text(encoding="utf-8") == "keep"
    assert "already exists; choose another file name, or use --force" in capsys.readouterr().err
    status, _ = run("report", "--html", str(existing), "--force", "--data-dir", str(data_dir))
    assert status == 0 and existing.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    status, _ = run("report", "--html", "/dev/null", "--data-dir", str(data_dir))
    assert status == 1
    assert "it is not a regular file" in capsys.readouterr().err
    status, _ = run(
        "report", "--html", str(tmp_path / "nope" / "r.html"), "--data-dir", str(data_dir)
    )
    assert status == 1 and not (tmp_path / "nope").exists()


def test_html_forced_onto_a_symbolic_link_is_refused_as_an_export_is(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.html"
    real.write_text("keep", encoding="utf-8")
    link = tmp_path / "board.html"
    link.symlink_to(real)
    status, _ = run("report", "--html", str(link), "--force", "--data-dir", str(data_dir))
    assert status == 1
    assert f"{link}: it is a symbolic link (to {real})" in capsys.readouterr().err
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("option", ["--to", "--from"])
def test_a_date_far_out_of_range_is_refused(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", option, "9999-12-31"])
    assert "'9999-12-31' is out of range" in capsys.readouterr().err


def test_csv_never_replaces_an_earlier_reports_files_unasked(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "board"
    folder.mkdir()
    (folder / "pipeline.csv").write_text("last month's", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    status, _ = run("report", "--csv", str(folder), "--data-dir", str(data_dir))
    assert status == 1
    assert f"{folder} already holds pipeline.csv; choose another folder, or use --force" in (
        capsys.readouterr().err
    )
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt", "pipeline.csv"]
    assert (folder / "pipeline.csv").read_text(encoding="utf-8") == "last month's"
    status, _ = run("report", "--csv", str(folder), "--force", "--data-dir", str(data_dir))
    assert status == 0
    assert (folder / "pipeline.csv").read_text(encoding="utf-8-sig").startswith("position,")
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_csv_forced_onto_a_symbolic_link_in_the_folder_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "board"
    folder.mkdir()
    real = tmp_path / "elsewhere.txt"
    real.write_text("keep", encoding="utf-8")
    (folder / "checks.csv").symlink_to(real)
    status, _ = run("report", "--csv", str(folder), "--force", "--data-dir", str(data_dir))
    assert status == 1
    assert "checks.csv: it is a symbolic link" in capsys.readouterr().err
    assert real.read_text(encoding="utf-8") == "keep"
    assert [path.name for path in folder.iterdir()] == ["checks.csv"]  # nothing half-written
