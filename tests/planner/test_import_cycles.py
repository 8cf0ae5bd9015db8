"""No module of ours imports, at its top level, a module that imports it back (directly or
through others): a newcomer can read and move any module without the order of imports
mattering."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("planner", "regimens")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def our_imports(path: Path, modules: set[str]) -> set[str]:
    """The modules of ours that `path` imports at its top level (not inside functions)."""
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in modules}
    return found


def graph() -> dict[str, set[str]]:
    paths = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py")]
    paths = [p for p in paths if "migrations" not in p.parts]
    modules = {module_name(p) for p in paths}
    return {module_name(p): our_imports(p, modules) - {module_name(p)} for p in paths}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as the list of its modules, or None."""
    done, path = set(), []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if found := visit(target):
                return found
        path.pop()
        done.add(node)
        return None

    return next((found for node in sorted(edges) if (found := visit(node))), None)


def test_our_modules_import_each_other_without_a_cycle():
    assert cycle(graph()) is None


def test_a_cycle_is_found():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
