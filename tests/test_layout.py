"""The package layout is the map of the design: each stage imports only the stages below it,
and no module-level import cycle exists. Walks every module's imports with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "briefing"

# What each stage may import besides itself and the shared top-level modules (models, errors,
# config and the package's __init__). Data flows down this table: argv -> cli -> app ->
# (ops, output, brief) -> (llm, evidence) -> ingest.
BELOW: dict[str, set[str]] = {
    "ingest": set(),
    "evidence": {"ingest"},
    "llm": set(),
    "brief": {"ingest", "evidence", "llm"},
    "output": {"ingest", "evidence", "brief"},
    "ops": {"ingest", "evidence", "llm", "brief", "output"},
    "app": {"ingest", "evidence", "llm", "brief", "output", "ops"},
    "cli": {"ingest", "evidence", "llm", "brief", "output", "ops", "app"},
}
SHARED = {"models", "errors", "config", ""}
# The package's front door re-exports the Python API (`from briefing import brief, digest`),
# imported when first used: the one reach from a shared module into a stage.
FRONT_DOOR = {("", "app.api")}


def stage(module: str) -> str:
    """The stage of a dotted module name below `briefing` ('' for the package itself)."""
    return module.split(".")[0] if module else ""


def module_name(path: Path, root: Path = PACKAGE) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, *, top_level_only: bool = False, root: Path = PACKAGE) -> set[str]:
    """The `briefing` modules a file imports (without the 'briefing.' prefix)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    if top_level_only:  # imports under `if TYPE_CHECKING:` do not run
        nodes = [n for n in nodes if not isinstance(n, ast.If)]
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; write `from briefing... import`"
            base = node.module or ""
            names = [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name == "briefing" or name.startswith("briefing."):
                found.add(_existing(name.removeprefix("briefing").lstrip("."), root))
    return found


def _existing(module: str, root: Path) -> str:
    """The longest prefix of a dotted name that is a module or package (drops imported names)."""
    parts = module.split(".") if module else []
    while parts:
        path = root.joinpath(*parts)
        if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
            return ".".join(parts)
        parts.pop()
    return ""


def violations(root: Path = PACKAGE) -> list[str]:
    """Each import that reaches a stage not below the importer's."""
    found = []
    for path in sorted(root.rglob("*.py")):
        source = module_name(path, root)
        here = stage(source)
        for target in imports(path, root=root):
            there = stage(target)
            if (source, target) in FRONT_DOOR:
                continue
            if there == here or there in SHARED:
                if here in SHARED and there not in SHARED:
                    found.append(f"{source} -> {target}")
                continue
            if there not in BELOW.get(here, set()):
                found.append(f"{source} -> {target}")
    return found


def cycles(root: Path = PACKAGE) -> list[list[str]]:
    """Module-level import cycles (imports inside functions run later and break no cycle)."""
    graph = {
        module_name(p, root): imports(p, top_level_only=True, root=root)
        for p in root.rglob("*.py")
    }
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt == node or nxt == "" or node.startswith(nxt + "."):
                continue  # a package's own __init__ is imported on the way down
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_every_module_lives_in_a_stage() -> None:
    loose = [
        p.name
        for p in PACKAGE.glob("*.py")
        if p.stem not in {"__init__", "models", "errors", "config"}
    ]
    assert loose == []
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} == set(BELOW)


def test_each_stage_reaches_only_stages_below_it() -> None:
    assert violations() == []


def test_no_import_cycle() -> None:
    assert cycles() == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """A planted upward import and a planted cycle are both caught."""
    root = tmp_path / "briefing"
    for package in ("ingest", "cli", "brief"):
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "models.py").write_text("")
    (root / "ingest" / "load.py").write_text("from briefing.cli import main\n")
    (root / "brief" / "a.py").write_text("from briefing.brief import b\n")
    (root / "brief" / "b.py").write_text("from briefing.brief.a import x\n")
    (root / "brief" / "late.py").write_text("def f():\n    from briefing.brief import a\n")
    assert violations(root) == ["ingest.load -> cli"]
    assert cycles(root) == [["brief.a", "brief.b", "brief.a"]]
