"""Tests of ``compose`` and ``templates``: messages from the local cache, templates linted."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer_app.cache import CACHE_FILE, LocalCache
from reviewer_app.cache.models import CachedApplication, CachedDecision, CachedPosition
from reviewer_app.cli import main
from reviewer_app.config.settings import Settings
from reviewer_app.domain.vocabulary import Stage
from tests.cache.busy_writer import write_lock_held


@pytest.fixture
def cached(data_dir: Path) -> Path:
    """A data folder whose cache holds a matched, an unmatched and a nameless application."""
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add(
            CachedPosition(
                id=1,
                slug="backend-developer",
                version=1,
                title="Backend Developer",
                source="---\ntitle: Backend Developer\n---\nVolunteer with us.\n",
                content_hash="hash-1",
                revision=1,
            )
        )
        for app_id, name, position_id, typed in (
            ("a1", "Zoë Łukasiewicz-Nowak", 1, "Backend Developer"),
            ("a2", "山田太郎", None, "Translator"),
            ("a3", "", None, ""),
        ):
            session.add(
                CachedApplication(
                    id=app_id,
                    response_id=f"resp-{app_id}",
                    submitted_at=datetime(2026, 11, 1, tzinfo=UTC),
                    name=name,
                    email=f"{app_id}@example.org",
                    position_typed=typed,
                    position_id=position_id,
                    content_hash=f"hash-{app_id}",
                    revision=1,
                )
            )
        session.flush()
        session.add(
            CachedDecision(
                application_id="a1",
                stage=Stage.DECLINED,
                reason="we need at least 5 hours a week for this role.",
                decided_by_name="Bo",
                revision=2,
            )
        )
    return data_dir


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def test_compose_prints_the_filled_subject_and_body(
    cached: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run(
        "compose", "a1", "decline-specific", "--reviewer", "Ana Pop", "--data-dir", str(cached)
    )
    assert status == 0
    assert capsys.readouterr().err == ""
    head, body = output.split("\n\n", 1)
    assert head == (
        "To: a1@example.org\nSubject: Your application for Backend Developer at Couchers.org"
    )
    assert body.startswith("Hi Zoë,\n\nThank you for applying for the Backend Developer role")
    assert "> we need at least 5 hours a week for this role." in body
    assert body.endswith("Ana Pop\nfor the Couchers.org volunteer team\n")


def test_compose_signs_with_the_settings_name_and_takes_the_typed_position(
    cached: Path,
) -> None:
    Settings(reviewer_name="Bo Chen").save(cached)
    status, output = run("compose", "a2", "acknowledgement", "--data-dir", str(cached))
    assert status == 0
    assert "Subject: We got your application: Translator at Couchers.org" in output
    assert "Hi 山田太郎," in output
    assert "Bo Chen\n" in output


def test_compose_json(cached: Path) -> None:
    status, output = run(
        "compose", "a1", "acceptance", "--json", "--reviewer", "Ana", "--data-dir", str(cached)
    )
    data = json.loads(output)
    assert status == 0
    assert data["template"] == "acceptance"
    assert data["to"] == "a1@example.org"
    assert data["subject"] == "Welcome to Couchers.org, Zoë!"
    assert data["missing"] == []


def test_compose_reads_beside_a_writer_without_waiting_for_it(cached: Path) -> None:
    with write_lock_held(cached / CACHE_FILE):
        status, output = run(
            "compose", "a1", "acceptance", "--json", "--reviewer", "Ana", "--data-dir", str(cached)
        )
    assert status == 0
    assert json.loads(output)["to"] == "a1@example.org"


def test_missing_fields_are_reported_and_exit_1(
    cached: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run(
        "compose", "a3", "decline-specific", "--reviewer", "", "--data-dir", str(cached)
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "Hi {first_name}," in output
    assert "warning: not filled in: {position}, {first_name}, {reason}, {reviewer}" in err
    assert "the applicant has no name" in err
    assert "the decision has no reason" in err
    assert "--reviewer NAME" in err


def test_missing_fields_are_a_field_of_the_json_and_exit_0(cached: Path) -> None:
    status, output = run(
        "compose", "a3", "decline", "--json", "--reviewer", "Bo", "--data-dir", str(cached)
    )
    assert status == 0
    assert json.loads(output)["missing"] == ["position", "first_name"]


@pytest.mark.parametrize(
    ("app_id", "template", "said"),
    [
        ("nope", "decline", "No application has the id 'nope' in the local cache"),
        ("a1", "declin", "No message template 'declin': did you mean 'decline'?"),
    ],
)
def test_an_unknown_application_or_template_exits_2(
    cached: Path, capsys: pytest.CaptureFixture[str], app_id: str, template: str, said: str
) -> None:
    status, output = run("compose", app_id, template, "--data-dir", str(cached))
    assert status == 2
    assert output == ""
    assert said in capsys.readouterr().err


def test_compose_refuses_a_template_with_errors(
    cached: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "bad.md").write_text("---\nstage: new\n---\nHi\n", encoding="utf-8")
    status, _ = run("compose", "a1", "bad", "--templates", str(folder), "--data-dir", str(cached))
    assert status == 1
    assert "has errors (frontmatter has no subject" in capsys.readouterr().err


def test_templates_lints_the_shipped_templates_clean() -> None:
    status, output = run("templates")
    assert status == 0
    assert "decline.md: Decline (kind, general)  (stage: declined)\n" in output
    assert "  fields: {position} · {organisation} · {first_name} · {reviewer}\n" in output
    assert output.endswith(": 0 with errors, 0 warning(s)\n")
    assert "error:" not in output


def test_templates_names_every_mistake_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(
        "---\nsubject: Hi {first_name}\nstage: new\n---\nHello\n", encoding="utf-8"
    )
    (tmp_path / "bad.md").write_text("---\nstage: hired\n---\nHi {frist_name}\n", encoding="utf-8")
    status, output = run("templates", str(tmp_path))
    assert status == 1
    assert "bad.md: Bad\n" in output
    assert "  error: frontmatter has no subject: add 'subject: ...'\n" in output
    assert "  error: frontmatter field 'stage' is 'hired'" in output
    assert "  error: unknown merge field {frist_name} in the text" in output
    assert output.endswith(f"2 template file(s) in {tmp_path}: 1 with errors, 0 warning(s)\n")


def test_templates_json(tmp_path: Path) -> None:
    (tmp_path / "t.md").write_text("---\nsubject: S\nstage: new\n---\n{name}\n", encoding="utf-8")
    status, output = run("templates", str(tmp_path), "--json")
    assert status == 0
    assert json.loads(output) == [
        {
            "slug": "t",
            "title": "T",
            "subject": "S",
            "stage": "new",
            "fields": ["name"],
            "body": "{name}",
            "problems": [],
        }
    ]


def test_templates_in_an_empty_folder_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run("templates", str(tmp_path))
    assert status == 1
    assert "no template files (*.md)" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["compose", "templates"])
def test_both_commands_have_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert f"usage: main.py {command}" in capsys.readouterr().out
