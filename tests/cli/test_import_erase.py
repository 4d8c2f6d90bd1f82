"""The import and erase commands as a coordinator runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer_app.cli import main
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from tests.intake.read_only_support import make_read_only


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def stored(url: str) -> dict[str, str]:
    """Response id to name of every application in the shared database."""
    db = SharedDatabase(url)
    try:
        with db.session() as session:
            query = select(models.Application.response_id, models.Application.name)
            return {response_id: name for response_id, name in session.execute(query)}
    finally:
        db.dispose()


# A cumulative form export: every import sees every response ever given.
EXPORT = (
    "ID,Submitted at,Full name,Email address,Why?\n"
    "r1,2026-10-01 09:00,Ada Lovelace,ada@example.org,engines\n"
    "r2,2026-10-02 09:00,Bo Berg,bo@example.org,ships\n"
    "r3,2026-10-03 09:00,Ada L.,\uff41\uff44\uff41@Example.org,again\n"  # full-width letters
)


@pytest.fixture
def shared(shared_url: str, tmp_path: Path) -> list[str]:
    """The --shared and --data-dir options of a migrated shared database."""
    options = ["--shared", shared_url, "--data-dir", str(tmp_path / "data")]
    assert run("migrate", *options)[0] == 0
    return options


def test_an_erasure_stays_erased_when_the_export_is_imported_again(
    shared: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    status, output = run("import", str(export), "--json", *shared)
    assert status == 0
    assert json.loads(output)["duplicates"] == 1  # r3 is Ada's address, full-width

    status, output = run("erase", "r1", *shared)
    assert status == 0
    assert "1 other application(s) share its email address (" in output
    assert "and were kept; to erase them too, run: uv run main.py erase " in output
    assert output.rstrip().endswith("--all-for-email")

    capsys.readouterr()
    status, output = run("import", str(export), "--json", *shared)
    assert status == 0
    assert json.loads(output) == {
        "imported": 0, "updated": 0, "unchanged": 2, "rejected": 0,
        "unmatched": 0, "duplicates": 0, "erased": 1,
    }  # fmt: skip
    err = capsys.readouterr().err
    assert "erased: export.csv row 2: skipped, this application was erased" in err
    assert "Ada" not in err and "ada@" not in err
    assert stored(shared[1]) == {"r2": "Bo Berg", "r3": "Ada L."}

    # The rest of the person's applications, by the id erased before.
    status, output = run("erase", "r1", "--all-for-email", *shared)
    assert status == 0 and "was erased before; erased 1 other application(s)" in output
    status, output = run("import", str(export), *shared)
    assert status == 0
    assert "0 imported, 0 updated, 1 unchanged, 0 rejected" in output
    assert output.rstrip().endswith("2 erased (skipped)")
    assert stored(shared[1]) == {"r2": "Bo Berg"}


def test_erase_all_for_email_erases_the_person_s_applications_together(
    shared: list[str], tmp_path: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    assert run("import", str(export), *shared)[0] == 0

    status, output = run("erase", "r3", "--all-for-email", *shared)

    assert status == 0
    assert "and 1 other application(s) with its email address" in output
    assert stored(shared[1]) == {"r2": "Bo Berg"}
    status, output = run("import", str(export), "--json", *shared)
    assert json.loads(output)["erased"] == 2


def test_erase_compact_runs_on_either_database(
    shared: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    assert run("import", str(export), *shared)[0] == 0

    status, output = run("erase", "r2", "--compact", *shared)
    assert status == 0
    erased, compacted = output.splitlines()
    assert erased.startswith("erased application ")
    assert compacted.startswith("compacted (VACUUM")
    assert run("erase", "--compact", *shared)[0] == 0

    assert run("erase", *shared)[0] == 1
    assert "Name the application to erase" in capsys.readouterr().err


def test_over_long_values_are_rejected_by_row_and_never_quote_other_rows(
    shared: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # PostgreSQL refused the whole import with a traceback quoting every applicant.
    long_email = "a" * 60 + "@" + ".".join(["b" * 60] * 5) + ".org"
    long_id = "x" * 250
    export = tmp_path / "export.csv"
    export.write_text(
        "ID,Full name,Email address\n"
        "r1,Ada Lovelace,ada@example.org\n"
        f"r2,Long Email,{long_email}\n"
        f"{long_id},Long Id,long@example.org\n"
        "r4,Bo Berg,bo@example.org\n",
        encoding="utf-8",
    )

    status, output = run("import", str(export), "--json", *shared)

    assert status == 0
    counts = json.loads(output)
    assert (counts["imported"], counts["rejected"]) == (2, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "rejected: export.csv row 3: The 'Email address' cell '" in err
    assert f"is not an email address: it is {len(long_email)} characters long" in err
    assert "rejected: export.csv row 4: The response id is 250 characters long; the shared " in err
    for other in ("Ada", "ada@", "Bo Berg", "bo@"):
        assert other not in err
    assert stored(shared[1]) == {"r1": "Ada Lovelace", "r4": "Bo Berg"}
    rejected = (tmp_path / "export.csv.rejected.csv").read_text(encoding="utf-8-sig")
    assert [line.split(",")[0] for line in rejected.splitlines()] == ["row", "3", "4"]


def test_import_from_a_read_only_folder_writes_the_rejected_rows_to_the_data_folder(
    shared: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A read-only share, simulated by the writer failing there (tests run as root).
    share = tmp_path / "share"
    share.mkdir()
    export = share / "export.csv"
    export.write_text("Full name,Email address\nAda,ada@example.org\nBo,bo@x\n", encoding="utf-8")
    make_read_only(monkeypatch, share)

    status, output = run("import", str(export), *shared)

    target = tmp_path / "data" / "rejected" / "export.csv.rejected.csv"
    assert status == 0
    assert output == (
        f"{export}: 1 imported, 0 updated, 0 unchanged, 1 rejected, 1 unmatched, "
        f"0 possible duplicates, 0 erased (skipped); rejected rows in {target}\n"
    )
    assert target.read_text(encoding="utf-8-sig").splitlines()[1].startswith("3,")
    err = capsys.readouterr().err
    assert f"they were written to {target} instead" in err
    assert list(stored(shared[1]).values()) == ["Ada"]


def test_import_with_nowhere_to_write_rejected_rows_stops_before_the_database(
    shared_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run("migrate", "--shared", shared_url)[0] == 0
    share = tmp_path / "share"
    share.mkdir()
    export = share / "export.csv"
    export.write_text("Full name,Email address\nAda,ada@example.org\nBo,bo@x\n", encoding="utf-8")
    make_read_only(monkeypatch, share)
    # A data folder under a regular file cannot be made, by root neither.
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    data_dir = tmp_path / "a-file" / "data"

    status, output = run("import", str(export), "--shared", shared_url, "--data-dir", str(data_dir))

    assert (status, output) == (1, "")
    assert "error: Cannot write the rejected rows of export.csv" in capsys.readouterr().err
    assert stored(shared_url) == {}  # nothing imported, nothing committed


def test_import_from_a_read_only_folder_without_rejected_rows_writes_nothing(
    shared: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    export = share / "export.csv"
    export.write_text("Full name,Email address\nAda,ada@example.org\n", encoding="utf-8")
    make_read_only(monkeypatch, share)

    status, output = run("import", str(export), *shared)

    assert status == 0 and "1 imported" in output and "rejected rows in" not in output
    assert capsys.readouterr().err == ""
    assert sorted(p.name for p in share.iterdir()) == ["export.csv"]
    assert not (tmp_path / "data" / "rejected").exists()
