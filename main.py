"""Starts reviewer_app: `uv run main.py` opens the window; `--help` lists the commands."""

import sys

from reviewer_app.ui.entry import main

if __name__ == "__main__":
    sys.exit(main())
