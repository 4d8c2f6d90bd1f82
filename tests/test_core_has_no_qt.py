"""The core (everything in reviewer_app outside reviewer_app.ui) never imports Qt.

The core runs in the CLI, in tests and on servers without a display; Qt stays in the UI.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import reviewer_app

PACKAGE_DIR = Path(reviewer_app.__file__).resolve().parent
UI_DIR = PACKAGE_DIR / "ui"
QT_ROOTS = frozenset({"PySide6", "shiboken6", "PySide2", "shiboken2", "PyQt5", "PyQt6"})


def _core_files() -> list[Path]:
    return sorted(path for path in PACKAGE_DIR.rglob("*.py") if UI_DIR not in path.parents)


def _is_importable(path: Path) -> bool:
    # Alembic's migrations folder is not a package: its scripts run inside Alembic.
    return all(
        (folder / "__init__.py").is_file()
        for folder in [path.parent, *path.parent.parents]
        if folder == PACKAGE_DIR or PACKAGE_DIR in folder.parents
    )


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def core_modules() -> list[str]:
    """Returns the dotted names of every importable core module."""
    return [_module_name(path) for path in _core_files() if _is_importable(path)]


def test_core_modules_are_found() -> None:
    modules = core_modules()
    assert "reviewer_app" in modules
    assert "reviewer_app.positions.rendering" in modules
    assert not any(name.startswith("reviewer_app.ui") for name in modules)


def test_no_core_file_has_a_qt_import_statement() -> None:
    offenders = []
    for path in _core_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offenders += [
                f"{path.relative_to(PACKAGE_DIR.parent)}:{node.lineno}: {name}"
                for name in names
                if name.split(".")[0] in QT_ROOTS
            ]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    # A fresh interpreter: this test process may already have Qt loaded by pytest-qt.
    script = textwrap.dedent(
        """
        import importlib, json, sys
        qt_roots = set(json.loads(sys.argv[1]))
        report = {}
        for name in json.loads(sys.argv[2]):
            importlib.import_module(name)
            loaded = sorted(m for m in sys.modules if m.split(".")[0] in qt_roots)
            if loaded:
                report[name] = loaded
                break
        print(json.dumps(report))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(sorted(QT_ROOTS)), json.dumps(core_modules())],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PACKAGE_DIR.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # The first module after which Qt is loaded is the one to fix.
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}
