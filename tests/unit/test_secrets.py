"""No password, hash or key is kept in the repository."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tracked_files() -> list[str]:
    return subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()


def test_secret_files_are_ignored_not_tracked():
    tracked = tracked_files()
    assert not [f for f in tracked if f.startswith("var/") or f.endswith("secrets.toml")]
    ignored = (ROOT / ".gitignore").read_text()
    assert "/var/" in ignored and ".streamlit/secrets.toml" in ignored


def test_no_bcrypt_hash_is_committed():
    for name in tracked_files():
        path = ROOT / name
        if path.suffix in {".py", ".toml", ".md", ".txt", ".ini", ".cfg", ".json", ".yaml", ".yml"}:
            assert "$2b$" not in path.read_text(errors="ignore").replace('"$2b$"', ""), name
