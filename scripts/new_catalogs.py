"""Starts an empty catalog (`pybabel init`) for each language of `portal.i18n.LANGUAGES` that has none yet,
so that adding a language is one line there and `make messages`. Run by `make messages`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.i18n import DEFAULT, LANGUAGES, LOCALE_DIR, po_path  # noqa: E402

for code in LANGUAGES:
    if code != DEFAULT and not po_path(code).exists():
        subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", "init", "-l", code,
                        "-i", str(LOCALE_DIR / "messages.pot"), "-d", str(LOCALE_DIR)], check=True)  # fmt: skip
