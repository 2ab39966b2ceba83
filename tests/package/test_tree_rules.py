"""The rules docs/architecture.md gives for the tree, checked on the source: no module much over
300 lines, no import of another module's private names, and a function-level import only with a
comment saying why (a heavy optional dependency, or a cycle it breaks)."""

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "pipeline"
MAX_LINES = 310  # "~300": a module past this has more than one job


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _function_imports(tree: ast.AST):
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    yield node


def test_no_module_is_much_over_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_module_imports_another_modules_private_names():
    private = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline"):
                private += [f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []


def test_every_function_level_import_says_why():
    """The comment is on the import's line, or on the line above the block of imports it opens."""
    silent = []
    for path in _modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in _function_imports(ast.parse("\n".join(lines))):
            i = node.lineno - 1
            while i > 0 and lines[i - 1].strip().startswith(("import ", "from ")) and "#" not in lines[i]:
                i -= 1  # a block of imports: its comment stands above the first
            if "#" not in lines[node.lineno - 1] and not lines[i - 1].strip().startswith("#") and "#" not in lines[i]:
                silent.append(f"{path.relative_to(ROOT)}:{node.lineno} {lines[node.lineno - 1].strip()}")
    assert silent == []


def test_the_cli_imports_nothing_inside_its_commands():
    inside = [f"{p.relative_to(ROOT)}:{n.lineno}" for p in sorted((PACKAGE / "cli").glob("*.py")) for n in _function_imports(ast.parse(p.read_text(encoding="utf-8")))]
    assert inside == []
