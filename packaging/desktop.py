"""What a desktop needs beside the executable: icons, the Linux desktop entry, the
invitation file type (shared-mime-info), AppStream metainfo and an install script.
"""

from __future__ import annotations

import struct
from pathlib import Path
from xml.sax.saxutils import escape

APP_ID = "org.reviewerapp.ReviewerApp"
EXECUTABLE = "reviewer-app"
MIME_TYPE = "application/x-reviewer-invite"
INVITE_SUFFIX = "reviewer-invite"
SUMMARY = "Triage applications to volunteer positions, online or offline"


def icon_files(png: Path, out: Path) -> None:
    """Writes ``app.png``, ``app.ico`` (Windows) and ``app.icns`` (macOS) to ``out``.

    Both wrap the 256 px PNG as it is, which Windows Vista and later and macOS 10.7 and
    later read, so no image library is needed.
    """
    out.mkdir(parents=True, exist_ok=True)
    data = png.read_bytes()
    (out / "app.png").write_bytes(data)
    # ICONDIR, one ICONDIRENTRY (0 = 256 px), then the PNG.
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(data), 6 + 16)
    (out / "app.ico").write_bytes(header + entry + data)
    # 'ic08' is the 256x256 PNG slot of an icns file.
    chunk = b"ic08" + struct.pack(">I", 8 + len(data)) + data
    (out / "app.icns").write_bytes(b"icns" + struct.pack(">I", 8 + len(chunk)) + chunk)


def desktop_entry(version: str) -> str:
    """The freedesktop.org desktop entry (``Exec`` names the command on the PATH)."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            "Name=Reviewer App",
            "GenericName=Application review",
            f"Comment={SUMMARY}",
            f"Exec={EXECUTABLE} %f",
            f"TryExec={EXECUTABLE}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Office;",
            f"MimeType={MIME_TYPE};",
            "Keywords=volunteer;applications;review;triage;",
            "StartupNotify=true",
            f"StartupWMClass={EXECUTABLE}",
            f"X-AppVersion={version}",
            "",
        ]
    )


def mime_info() -> str:
    """The shared-mime-info package that names ``*.reviewer-invite`` files."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>Reviewer App invitation</comment>
    <sub-class-of type="application/json"/>
    <generic-icon name="{APP_ID}"/>
    <glob pattern="*.{INVITE_SUFFIX}"/>
  </mime-type>
</mime-info>
"""


def metainfo(version: str, date: str, licence: str) -> str:
    """AppStream metainfo (software centres read it)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>{APP_ID}</id>
  <metadata_license>CC0-1.0</metadata_license>
  <project_license>{escape(licence)}</project_license>
  <name>Reviewer App</name>
  <summary>{escape(SUMMARY)}</summary>
  <description>
    <p>
      Reviewers read each application beside the position it is for, record whether
      each requirement is met, take notes and decide, on their own laptop and offline
      too; the work syncs with the team's shared database.
    </p>
    <p>Join a team by opening the invitation file the coordinator sent.</p>
  </description>
  <launchable type="desktop-id">{APP_ID}.desktop</launchable>
  <provides>
    <binary>{EXECUTABLE}</binary>
    <mediatype>{MIME_TYPE}</mediatype>
  </provides>
  <categories>
    <category>Office</category>
  </categories>
  <content_rating type="oars-1.1"/>
  <releases>
    <release version="{escape(version)}" date="{date}"/>
  </releases>
</component>
"""


README = f"""Reviewer App {{version}} for Linux
=================================

Open it: double-click {EXECUTABLE} in this folder, or run ./{EXECUTABLE} in a terminal
(./{EXECUTABLE} --help lists the commands, such as ./{EXECUTABLE} positions).

Join your team: run ./install-desktop-entry.sh once, then double-click the
.{INVITE_SUFFIX} file your coordinator sent you; or run ./{EXECUTABLE} FILE.{INVITE_SUFFIX}.

install-desktop-entry.sh puts Reviewer App in your applications menu and registers the
invitation file type ({MIME_TYPE}, share/mime/packages/{APP_ID}.xml) for you only;
system-wide, copy the files under share/ to /usr/share (or /usr/local/share) and run
update-mime-database and update-desktop-database there.

Your data is kept in ~/.local/share/reviewer_app, not in this folder: to upgrade, unpack
the new version anywhere and delete the old folder.

Licences: THIRD-PARTY-LICENCES.txt (also under Help -> About).
"""


def linux_files(bundle: Path, version: str, date: str, licence: str, icons: Path) -> None:
    """Writes the desktop integration files into the bundle folder."""
    share = bundle / "share"
    files = {
        share / "applications" / f"{APP_ID}.desktop": desktop_entry(version),
        share / "mime" / "packages" / f"{APP_ID}.xml": mime_info(),
        share / "metainfo" / f"{APP_ID}.metainfo.xml": metainfo(version, date, licence),
        bundle / "README.txt": README.format(version=version),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    raster = share / "icons" / "hicolor" / "256x256" / "apps"
    for folder in (scalable, raster):
        folder.mkdir(parents=True, exist_ok=True)
    (scalable / f"{APP_ID}.svg").write_bytes((icons / "app.svg").read_bytes())
    (raster / f"{APP_ID}.png").write_bytes((icons / "app.png").read_bytes())
    template = (Path(__file__).parent / "linux" / "install-desktop-entry.sh").read_text("utf-8")
    script = bundle / "install-desktop-entry.sh"
    script.write_text(
        template.replace("@APP_ID@", APP_ID).replace("@EXECUTABLE@", EXECUTABLE),
        encoding="utf-8",
    )
    script.chmod(0o755)
