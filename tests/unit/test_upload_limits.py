"""Every uploader says the limit the portal keeps: photos 10 MB (per widget), Street Bump CSVs the server's cap."""

import ast
import tomllib
from pathlib import Path

import pytest

from portal.reports.photos import MAX_PHOTO_BYTES, MAX_PHOTO_MB, PhotoError, clean_photo
from portal.streetbump.formats import MAX_UPLOAD_MB

ROOT = Path(__file__).resolve().parents[2]
UPLOADERS = {"portal/ui/report_widgets.py": "MAX_PHOTO_MB", "portal/ui/case_widgets.py": "MAX_PHOTO_MB",
             "pages/streetbump.py": "MAX_UPLOAD_MB"}  # fmt: skip


def test_the_server_cap_is_the_largest_uploader_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == max(MAX_PHOTO_MB, MAX_UPLOAD_MB) == MAX_UPLOAD_MB


@pytest.mark.parametrize(("path", "limit"), UPLOADERS.items())
def test_each_uploader_sets_its_own_limit_and_says_what_it_takes(path, limit):
    calls = [node for node in ast.walk(ast.parse((ROOT / path).read_text()))
             if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "file_uploader"]  # fmt: skip
    assert calls, f"no uploader in {path}"
    for call in calls:
        keywords = {k.arg: k.value for k in call.keywords}
        assert ast.unparse(keywords["max_upload_size"]) == limit
        assert "help" in keywords


def test_a_photo_over_the_limit_is_refused_in_words():
    with pytest.raises(PhotoError, match=f"photos can be at most {MAX_PHOTO_MB} MB"):
        clean_photo(b"\xff" * (MAX_PHOTO_BYTES + 1), "big.jpg")
