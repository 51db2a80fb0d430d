"""Two ways a translated string silently stays English, or breaks, caught where they are written."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([ROOT / "router.py", *(ROOT / "pages").glob("*.py"),
                  *(p for p in (ROOT / "portal").rglob("*.py") if "migrations" not in p.parts)])  # fmt: skip


def _calls_underscore(node: ast.AST, literal: bool = False) -> list[int]:
    """Lines calling `_()` (with a string literal, if `literal`)."""
    return [n.lineno for n in ast.walk(node)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
            and (not literal or (n.args and isinstance(n.args[0], ast.Constant)))]  # fmt: skip


def _scopes(tree: ast.AST):
    yield tree
    yield from (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))


def _own_stores(scope: ast.AST) -> list[int]:
    """Lines where `_` is assigned in this scope itself (not in a nested function or comprehension)."""
    found, todo = [], list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp,
                             ast.SetComp, ast.DictComp, ast.GeneratorExp)):  # fmt: skip
            continue
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
            found.append(node.lineno)
        todo.extend(ast.iter_child_nodes(node))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_translation_calls_are_extractable_and_callable(path: Path):
    tree = ast.parse(path.read_text())
    # Python 3.11's tokenizer keeps an f-string whole, so the extractor never sees a _() inside one.
    inside_fstrings = [line for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                       for line in _calls_underscore(node, literal=True)]  # fmt: skip

    assert not inside_fstrings, f"_() inside an f-string at lines {inside_fstrings}: format a translated string"
    # A scope that names a throwaway `_` and also calls `_()` calls the throwaway.
    shadowed = [(getattr(s, "name", "module"), _own_stores(s)) for s in _scopes(tree)
                if _own_stores(s) and _calls_underscore(s)]  # fmt: skip
    assert not shadowed, f"`_` assigned where _() is called: {shadowed}"
