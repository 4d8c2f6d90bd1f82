#!/bin/sh
# Adds Reviewer App to your applications menu and opens *.reviewer-invite files with it,
# for you only (no root needed). Run it again after moving this folder; run it with
# --uninstall to take the entries away (the folder itself stays where it is).
# (packaging/build.py copies this into the bundle, @APP_ID@ and @EXECUTABLE@ filled in.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
id=@APP_ID@
exe=@EXECUTABLE@
if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$bin/$exe" "$data/applications/$id.desktop" "$data/mime/packages/$id.xml" \
        "$data/metainfo/$id.metainfo.xml" "$data/icons/hicolor/scalable/apps/$id.svg" \
        "$data/icons/hicolor/256x256/apps/$id.png"
else
    mkdir -p "$bin" "$data/applications" "$data/mime/packages" "$data/metainfo" \
        "$data/icons/hicolor/scalable/apps" "$data/icons/hicolor/256x256/apps"
    # `reviewer-app` on the PATH, as the desktop entry's Exec= names it.
    ln -sf "$here/$exe" "$bin/$exe"
    # The installed entry runs the executable by its full path, so ~/.local/bin need not
    # be on the desktop session's PATH.
    sed -e "s|^Exec=$exe |Exec=\"$here/$exe\" |" -e "s|^TryExec=.*|TryExec=$here/$exe|" \
        "$here/share/applications/$id.desktop" > "$data/applications/$id.desktop"
    cp "$here/share/mime/packages/$id.xml" "$data/mime/packages/"
    cp "$here/share/metainfo/$id.metainfo.xml" "$data/metainfo/"
    cp "$here/share/icons/hicolor/scalable/apps/$id.svg" "$data/icons/hicolor/scalable/apps/"
    cp "$here/share/icons/hicolor/256x256/apps/$id.png" "$data/icons/hicolor/256x256/apps/"
fi
if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime"; fi
if command -v update-desktop-database >/dev/null; then
    update-desktop-database "$data/applications"
fi
if command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi
echo "Done: Reviewer App is in your applications menu and opens .reviewer-invite files."
