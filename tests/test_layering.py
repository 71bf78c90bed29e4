"""Architecture tests: who may import what, and no score-specific code outside scoring/."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from scoring import score_ids

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("scoring", "dialogs", "bot", "bonemet")
SCORE_IDS = frozenset(
    {"mirels", "rades", "sins", "frankel", "tokuhashi", "tomita"} | set(score_ids())
)
"""The catalogue's ids (typed, plus any added since), which only scoring/ may spell out."""


@dataclass(frozen=True)
class Import:
    """One import statement (or importlib call) found in a source file."""

    module: str
    """Absolute dotted name imported."""
    lazy: bool
    """True when the import is inside a function body."""
    line: int

    @property
    def top(self) -> str:
        """The top-level package imported."""
        return self.module.split(".")[0]


def sources(package: str) -> list[Path]:
    """Every .py file of a package."""
    return sorted((ROOT / package).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


class _ImportCollector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool) -> None:
        self.package = module if is_package else module.rpartition(".")[0]
        self.depth = 0
        self.found: list[Import] = []

    def _add(self, name: str, node: ast.AST) -> None:
        self.found.append(Import(name, self.depth > 0, getattr(node, "lineno", 0)))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            name = ".".join([*base, node.module] if node.module else base)
        else:
            name = node.module or ""
        self._add(name, node)
        if node.module is None or node.level:  # `from . import x`: x may be a module
            for alias in node.names:
                self._add(f"{name}.{alias.name}", node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if called in ("import_module", "__import__") and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                self._add(first.value, node)
        self.generic_visit(node)


def imports_of(path: Path) -> list[Import]:
    """Every import in a file, resolved to absolute names."""
    collector = _ImportCollector(_module_name(path), path.name == "__init__.py")
    collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return collector.found


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """Ids of string statements: docstrings of modules, classes, functions and attributes."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for statement in body:
            if (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                ids.add(id(statement.value))
    return ids


def score_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of string literals that name a score, docstrings and comments excepted."""
    tree = ast.parse(source)
    skip = _docstring_nodes(tree)
    pattern = re.compile(
        r"(?<![a-z0-9_])(" + "|".join(sorted(SCORE_IDS)) + r")(?![a-z0-9_])", re.IGNORECASE
    )
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and pattern.search(node.value)
        ):
            found.append((node.lineno, node.value))
    return found


def _violations(
    package: str, forbidden: set[str], *, allow_lazy: frozenset[str] = frozenset()
) -> list[str]:
    """Imports of `forbidden` packages in `package` (lazy ones of `allow_lazy` allowed)."""
    bad: list[str] = []
    for path in sources(package):
        for imp in imports_of(path):
            if imp.top in forbidden and not (imp.lazy and imp.top in allow_lazy):
                bad.append(f"{path.relative_to(ROOT)}:{imp.line} imports {imp.module}")
    return bad


# -- the checker itself -------------------------------------------------------------------


def test_checker_sees_every_package() -> None:
    """Each package has source files for the checks below to read."""
    for package in ("scoring", "dialogs", "bonemet", "bot"):
        assert sources(package), package


def test_checker_resolves_imports(tmp_path: Path) -> None:
    """The import collector resolves relative, dotted, lazy and importlib imports."""
    code = (
        "import telegram.ext\n"
        "from . import engine\n"
        "from ..bot import store\n"
        "def f():\n"
        "    import bot.main\n"
        "    importlib.import_module('transitions')\n"
    )
    collector = _ImportCollector("dialogs.chat", is_package=False)
    collector.visit(ast.parse(code))
    got = {(i.module, i.lazy) for i in collector.found}
    assert ("telegram.ext", False) in got
    assert ("dialogs.engine", False) in got
    assert ("bot.store", False) in got or ("bot", False) in got
    assert ("bot.main", True) in got
    assert ("transitions", True) in got


def test_checker_finds_score_ids_but_not_in_docstrings() -> None:
    """A score id in code is found; the same word in a docstring or comment is not."""
    code = (
        '"""Module about mirels."""\n'
        "def f(s):\n"
        '    """Handles SINS."""\n'
        "    # tomita here is fine\n"
        '    if s == "mirels":\n'
        '        return f"/{s} Tokuhashi"\n'
        '    return isinstance(s, str) and "frankel_grade"\n'
    )
    assert [line for line, _ in score_literals(code)] == [5, 6]


# -- the rules ------------------------------------------------------------------------------


def test_scoring_imports_no_front_end_and_no_state_machine() -> None:
    """scoring/ imports neither telegram, transitions, dialogs nor bot."""
    assert _violations("scoring", {"telegram", "transitions", "dialogs", "bot"}) == []


def test_dialogs_imports_neither_telegram_nor_bot() -> None:
    """dialogs/ never imports telegram or bot."""
    assert _violations("dialogs", {"telegram", "bot"}) == []


def test_dialogs_is_the_state_machine_user() -> None:
    """dialogs/ is where transitions is used (the engine's machines)."""
    used = {imp.top for path in sources("dialogs") for imp in imports_of(path)}
    assert "transitions" in used


@pytest.mark.parametrize("package", ["scoring", "bot", "bonemet"])
def test_only_dialogs_imports_transitions(package: str) -> None:
    """No package but dialogs/ imports transitions."""
    assert _violations(package, {"transitions"}) == []


@pytest.mark.parametrize("package", ["scoring", "dialogs", "bonemet"])
def test_only_bot_imports_telegram(package: str) -> None:
    """No package but bot/ imports telegram."""
    assert _violations(package, {"telegram"}) == []


def test_bonemet_imports_bot_only_lazily() -> None:
    """bonemet/ (the composition root) may import bot/, but only inside a function."""
    assert _violations("bonemet", {"bot"}, allow_lazy=frozenset({"bot"})) == []


@pytest.mark.parametrize("package", ["dialogs", "bot"])
def test_no_score_id_literal_outside_scoring(package: str) -> None:
    """dialogs/ and bot/ never spell a score id in code (no score-specific branch there)."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sources(package)
        for line, text in score_literals(path.read_text(encoding="utf-8"))
    ]
    assert found == []
