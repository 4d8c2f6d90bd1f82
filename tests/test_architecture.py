"""The floor plan of docs/architecture.md, checked against the imports of every module.

Each package of the core may import only the packages below it (the table below is the
one the page shows); a read never imports a write; the core never imports ``ui``; and no
module grows past the size at which it asks to be split.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import reviewer_app

PACKAGE_DIR = Path(reviewer_app.__file__).resolve().parent
ARCHITECTURE_PAGE = PACKAGE_DIR.parent / "docs" / "architecture.md"

# What each part of the package may import of the others (itself always).
ALLOWED: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "domain": frozenset(),
    "storage": frozenset({"errors"}),
    "server": frozenset({"errors", "domain", "storage"}),
    "cache": frozenset({"errors", "domain", "storage"}),
    "config": frozenset({"errors", "storage", "server"}),
    "positions": frozenset({"errors", "storage", "config"}),
    "applicants": frozenset({"errors", "domain", "storage", "cache", "positions"}),
    "review": frozenset({"errors", "domain", "storage", "cache", "positions", "applicants"}),
    "sync": frozenset({"errors", "domain", "storage", "cache", "server", "review"}),
    "export": frozenset({"errors", "domain", "storage", "cache", "positions"}),
    "intake": frozenset({"errors", "domain", "storage", "config", "server", "positions"}),
    "reports": frozenset({"errors", "domain", "storage", "cache", "positions"}),
    "contact": frozenset({"errors", "domain", "storage", "cache", "positions", "applicants"}),
}
# The command line and the window sit above every package of the core.
ALLOWED["cli"] = frozenset().union(*ALLOWED.values(), ALLOWED)
ALLOWED["ui"] = ALLOWED["cli"] | {"cli"}
# Reads never import writes: what both need lives below both.
READS = ("applicants", "review.state", "review.selection", "export")
WRITES = ("review.actions",)
# Sync replays operations; it takes their vocabulary, never the reviewer's service.
SYNC_MAY_USE_OF_REVIEW = ("review.operations",)
TOP_LEVEL_MODULES = {"__init__", "errors"}
MAX_LINES = 420


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if "migrations" in path.relative_to(PACKAGE_DIR).parts:
            continue
        parts = path.relative_to(PACKAGE_DIR).with_suffix("").parts
        found[".".join(parts)] = path
    return found


def _imports(path: Path) -> set[str]:
    """The modules of reviewer_app that ``path`` imports, without the package's name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    prefix = "reviewer_app."
    return {name[len(prefix) :] for name in names if name.startswith(prefix)}


def _part(module: str) -> str:
    return module.split(".", 1)[0]


MODULES = _modules()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_only_what_its_package_may(module: str) -> None:
    part = _part(module)
    if part == "__init__":
        return
    allowed = ALLOWED[part] | {part}
    wrong = sorted(
        name
        for name in _imports(MODULES[module])
        if _part(name) not in allowed and _part(name) in ALLOWED
    )
    assert not wrong, f"{module} ({part}/) may not import {wrong}: see docs/architecture.md"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(READS)))
def test_reads_never_import_writes(module: str) -> None:
    imported = _imports(MODULES[module])
    assert not [name for name in imported if name.startswith(WRITES)], module


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("sync")))
def test_sync_takes_only_the_operations_of_review(module: str) -> None:
    of_review = {name for name in _imports(MODULES[module]) if _part(name) == "review"}
    assert all(name.startswith(SYNC_MAY_USE_OF_REVIEW) for name in of_review), of_review


def test_every_package_has_a_row_in_the_table_and_on_the_page() -> None:
    parts = {_part(module) for module in MODULES} - {"__init__"}
    assert parts == set(ALLOWED)
    page = ARCHITECTURE_PAGE.read_text(encoding="utf-8")
    missing = sorted(part for part in parts if f"`{part}" not in page)
    assert not missing, f"docs/architecture.md does not describe {missing}"


def test_the_top_level_holds_a_handful_of_modules() -> None:
    top = {path.stem for path in PACKAGE_DIR.glob("*.py")}
    assert top == TOP_LEVEL_MODULES


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_grows_past_the_size_that_asks_for_a_split(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it along a seam"


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from reviewer_app.review.actions import ReviewService\n")
    assert _imports(sample) == {"review.actions", "review.actions.ReviewService"}
    assert "review" not in ALLOWED["cache"]
