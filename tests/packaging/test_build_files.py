"""packaging/: the desktop files, the licences list and the smoke test's own checks.

The build itself (PyInstaller, a minute or more) runs in .ci/run, not here.
"""

from __future__ import annotations

import importlib.util
import random
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from types import ModuleType

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def _load(name: str) -> ModuleType:
    # packaging/ is not a package (the name is the PyPI library's): load files by path.
    spec = importlib.util.spec_from_file_location(
        f"reviewer_packaging_{name}", PACKAGING / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


desktop = _load("desktop")
licences = _load("licences")
smoke = _load("smoke")


def test_the_desktop_entry_opens_invitations() -> None:
    entry = desktop.desktop_entry("1.2.3").splitlines()
    assert entry[0] == "[Desktop Entry]"
    assert "Exec=reviewer-app %f" in entry
    assert "MimeType=application/x-reviewer-invite;" in entry
    assert f"Icon={desktop.APP_ID}" in entry


def test_the_mime_type_names_the_invitation_files() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.fromstring(desktop.mime_info())
    kind = root.find("m:mime-type", ns)
    assert kind is not None and kind.get("type") == "application/x-reviewer-invite"
    glob = kind.find("m:glob", ns)
    assert glob is not None and glob.get("pattern") == "*.reviewer-invite"


def test_the_metainfo_is_appstream() -> None:
    root = ET.fromstring(desktop.metainfo("1.2.3", "2026-12-05", "MIT"))
    assert root.findtext("id") == desktop.APP_ID
    assert root.findtext("project_license") == "MIT"
    assert root.find("launchable").text == f"{desktop.APP_ID}.desktop"  # type: ignore[union-attr]
    assert root.find("releases/release").get("version") == "1.2.3"  # type: ignore[union-attr]


def test_icons_for_every_platform(tmp_path: Path) -> None:
    png = Path(__file__).resolve().parents[2] / "resources" / "icons" / "app.png"
    desktop.icon_files(png, tmp_path)
    data = png.read_bytes()
    assert (tmp_path / "app.png").read_bytes() == data
    ico = (tmp_path / "app.ico").read_bytes()
    assert ico[:6] == struct.pack("<HHH", 0, 1, 1) and ico[22:] == data
    icns = (tmp_path / "app.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert icns[8:12] == b"ic08" and icns[16:] == data


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")
def test_the_bundle_gets_the_linux_files(tmp_path: Path) -> None:
    icons = tmp_path / "icons"
    root = Path(__file__).resolve().parents[2]
    desktop.icon_files(root / "resources" / "icons" / "app.png", icons)
    (icons / "app.svg").write_bytes((root / "resources" / "icons" / "app.svg").read_bytes())
    bundle = tmp_path / "reviewer-app"
    desktop.linux_files(bundle, "1.2.3", "2026-12-05", "MIT", icons)
    app_id = desktop.APP_ID
    for relative in (
        f"share/applications/{app_id}.desktop",
        f"share/mime/packages/{app_id}.xml",
        f"share/metainfo/{app_id}.metainfo.xml",
        f"share/icons/hicolor/scalable/apps/{app_id}.svg",
        f"share/icons/hicolor/256x256/apps/{app_id}.png",
        "README.txt",
    ):
        assert (bundle / relative).is_file(), relative
    script = bundle / "install-desktop-entry.sh"
    assert script.stat().st_mode & 0o111
    assert "@" not in script.read_text(encoding="utf-8")
    subprocess.run(["sh", "-n", str(script)], check=True)


def test_the_install_script_installs_for_the_user(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("a POSIX shell script")
    root = Path(__file__).resolve().parents[2]
    icons = tmp_path / "icons"
    desktop.icon_files(root / "resources" / "icons" / "app.png", icons)
    (icons / "app.svg").write_bytes((root / "resources" / "icons" / "app.svg").read_bytes())
    bundle = tmp_path / "Reviewer App" / "reviewer-app"
    desktop.linux_files(bundle, "1.2.3", "2026-12-05", "MIT", icons)
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    subprocess.run([str(bundle / "install-desktop-entry.sh")], check=True, env=env)
    installed = home / ".local" / "share" / "applications" / f"{desktop.APP_ID}.desktop"
    assert f'Exec="{bundle}/reviewer-app" %f' in installed.read_text(encoding="utf-8")
    assert (home / ".local" / "bin" / "reviewer-app").is_symlink()
    subprocess.run([str(bundle / "install-desktop-entry.sh"), "--uninstall"], check=True, env=env)
    assert not installed.exists()


def test_the_licences_list_names_each_distribution() -> None:
    dists = licences.distributions_of({"sqlalchemy", "PySide6", "shiboken6", "not_a_module"})
    names = {d.metadata["Name"] for d in dists}
    assert {"SQLAlchemy", "PySide6_Essentials", "shiboken6"} <= names | {"PySide6-Essentials"}
    text = licences.render("reviewer_app", "1.2.3", "MIT", dists, ["libfontconfig.so.1"])
    assert text.startswith("reviewer_app 1.2.3 is licensed under MIT.")
    assert "PSF-2.0" in text and "LGPL-3.0-only" in text and "libfontconfig.so.1" in text
    sqlalchemy = next(d for d in dists if d.metadata["Name"] == "SQLAlchemy")
    assert f"SQLAlchemy {sqlalchemy.version}" in text
    assert licences.licence_of(sqlalchemy) == "MIT"


def test_top_level_names() -> None:
    names = licences.top_level_names(
        ["sqlalchemy.orm", "yaml"], ["PySide6/Qt/lib/libQt6Core.so.6", "numpy.libs/x.so"]
    )
    assert names == {"sqlalchemy", "yaml", "PySide6", "numpy"}


def _png(width: int, height: int, pixel: object) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(pixel(x, y) for x in range(width))  # type: ignore[operator]
        for y in range(height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_a_blank_window_fails_the_smoke_test(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    blank.write_bytes(_png(1320, 740, lambda x, y: b"\xf0\xf0\xf0"))
    with pytest.raises(smoke.SmokeFailure, match="blank"):
        smoke.check_window_picture(blank)
    small = tmp_path / "small.png"
    small.write_bytes(_png(64, 64, lambda x, y: bytes([x, y, 0])))
    with pytest.raises(smoke.SmokeFailure, match="smaller"):
        smoke.check_window_picture(small)


def test_a_drawn_window_passes(tmp_path: Path) -> None:
    rng = random.Random(1)
    drawn = tmp_path / "drawn.png"
    drawn.write_bytes(_png(1000, 600, lambda x, y: bytes(rng.randrange(256) for _ in range(3))))
    assert smoke.check_window_picture(drawn).startswith("1000x600")


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script as the bundle")
def test_a_bundle_that_does_not_start_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "reviewer-app"
    bundle.mkdir()
    exe = bundle / "reviewer-app"
    exe.write_text("#!/bin/sh\necho 'error while loading shared libraries' >&2\nexit 127\n")
    exe.chmod(0o755)
    assert smoke.main([str(bundle)]) == 1
    assert "exited 127" in capsys.readouterr().err
