"""Imports run one way: pages → `portal.ui` → domains → foundations, as each package's docstring says.

A domain importing Streamlit or `portal.ui`, or a foundation importing a domain, fails here before it
becomes a tangle. Any module may import any domain's `models` (the shared schema).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parents[2] / "portal"
BASE = {"config", "db", "display", "i18n"}
# What each part of `portal` may import besides `BASE` and any `*.models`; mirrors the docstrings.
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "db": {"config"},
    "display": {"config"},
    "i18n": {"config"},
    "locale": set(),
    "accounts": {"messages.notify"},
    "maps": set(),
    "triage": set(),
    "reports": {"accounts", "maps", "triage", "recognition.events", "recognition.rules", "messages.notify",
                "messages.addresses", "open311.routing"},
    "analytics": {"maps", "reports"},
    "imports": {"maps", "reports", "analytics"},
    "open311": {"accounts", "maps", "analytics", "reports", "messages.feeds"},
    "projects": {"accounts", "maps", "reports", "recognition.events", "messages.notify"},
    "messages": {"accounts", "maps", "reports", "projects", "recognition.sql"},
    "recognition": {"accounts", "maps", "analytics", "streetbump.coverage"},
    "streetbump": {"accounts", "maps", "imports", "reports", "triage", "recognition.events", "recognition.rules",
                   "open311.routing"},
    "startup": {"accounts", "imports", "projects", "reports"},
    "cli": {"accounts", "analytics", "imports", "maps", "messages", "open311", "reports", "startup", "streetbump",
            "triage"},
    "models": {"accounts", "analytics", "open311", "projects", "recognition", "reports", "streetbump", "triage"},
    "__main__": {"cli"},
}


def _part(path: Path) -> str:
    relative = path.relative_to(PORTAL).with_suffix("")
    return relative.parts[0]


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def _allowed(part: str, module: str) -> bool:
    if module == "portal" or not module.startswith("portal."):
        return True
    target = module.removeprefix("portal.")
    if target.split(".")[0] in {part, *BASE} - ({"db", "display"} if part in BASE else set()):
        return True
    if target.endswith(".models") or target == "models" or ".models." in target:
        return part not in BASE
    return any(target == rule or target.startswith(rule + ".") for rule in ALLOWED[part])


MODULES = sorted(p for p in PORTAL.rglob("*.py") if "migrations" not in p.parts and _part(p) != "ui")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PORTAL)))
def test_imports_run_downward(path: Path):
    part = _part(path)
    bad = [m for m in _imports(path) if m.split(".")[0] == "streamlit" or not _allowed(part, m)]
    assert not bad, f"{path.relative_to(PORTAL)} imports {bad}, which {part} may not"


@pytest.mark.parametrize(
    ("part", "module", "allowed"),
    [
        ("reports", "portal.ui.resources", False),
        ("reports", "streamlit", False),
        ("maps", "portal.reports.filing", False),
        ("maps", "portal.reports.models.Report", True),
        ("db", "portal.reports.models", False),
        ("reports", "portal.maps.geo.boston", True),
        ("reports", "portal.recognition.events", True),
        ("reports", "portal.recognition.ledger", False),
    ],
)
def test_rule_table_itself(part, module, allowed):
    assert (_allowed(part, module) and module.split(".")[0] != "streamlit") is allowed
