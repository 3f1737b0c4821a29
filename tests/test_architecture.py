"""The house rules of docs/architecture.md, checked on the source so they stay true.

- Layers: measures and planning know no file, country or language; report is below the
  shells; nothing imports a layer above it.
- No module imports another module's private name.
- ``lang`` appears in no planning or measures signature.
- Every entry point reads files through the io layer (no pandas readers in the shells).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import advantage

SRC = Path(advantage.__file__).resolve().parent
ROOT = SRC.parents[1]

#: Package (or module) -> packages of advantage it must not import.
FORBIDDEN = {
    "panel": {"measures", "planning", "report", "cli", "web", "io", "reference", "i18n"},
    "columns": {"measures", "planning", "report", "cli", "web", "io", "reference", "i18n"},
    "labels": {"measures", "planning", "report", "cli", "web", "io", "reference", "i18n"},
    "reasons": {"measures", "planning", "report", "cli", "web", "io", "reference", "i18n"},
    "measures": {"planning", "report", "cli", "web", "io", "reference", "i18n"},
    "planning": {"report", "cli", "web", "io", "reference", "i18n"},
    "i18n": {"measures", "planning", "report", "cli", "web", "io", "reference"},
    "reference": {"measures", "planning", "report", "cli", "web", "io", "i18n"},
    "io": {"planning", "report", "cli", "web", "i18n"},
    "report": {"cli", "web"},
}


def modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(["advantage", *parts]).removesuffix(".__init__")
        out.append((name, path))
    return out


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names imported from it) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_layer_imports_a_layer_above_it() -> None:
    broken = []
    for name, path in modules():
        banned = FORBIDDEN.get(layer(name), set())
        for target, _ in imports(path):
            if target.startswith("advantage.") and layer(target) in banned:
                broken.append(f"{name} imports {target}")
    assert broken == []


def test_no_module_imports_another_modules_private_name() -> None:
    broken = []
    for name, path in modules():
        for target, names in imports(path):
            if not target.startswith("advantage"):
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                broken.append(f"{name} imports {private} from {target}")
    assert broken == []


def test_lang_is_in_no_planning_or_measures_signature() -> None:
    found = []
    for package in ("advantage.planning", "advantage.measures"):
        root = importlib.import_module(package)
        for info in pkgutil.iter_modules(root.__path__):
            module = importlib.import_module(f"{package}.{info.name}")
            for obj_name, obj in vars(module).items():
                if getattr(obj, "__module__", None) != module.__name__:
                    continue
                members = [obj] + ([m for _, m in inspect.getmembers(obj, inspect.isfunction)]
                                   if inspect.isclass(obj) else [])
                for member in members:
                    if callable(member):
                        try:
                            params = inspect.signature(member).parameters
                        except (TypeError, ValueError):
                            continue
                        if "lang" in params:
                            found.append(f"{module.__name__}.{obj_name}")
    assert found == []


@pytest.mark.parametrize("folder", ["cli", "web", "report", "planning", "measures"])
def test_entry_points_read_files_only_through_io(folder: str) -> None:
    readers = ("read_csv", "read_excel", "read_parquet", "load_workbook", "read_table(")
    broken = []
    for path in sorted((SRC / folder).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for reader in readers:
            if f"pd.{reader}" in text or (reader == "load_workbook" and reader in text
                                           and folder != "report"):
                broken.append(f"{path.relative_to(SRC)} calls {reader}")
    demo = (ROOT / "scripts" / "demo.py").read_text(encoding="utf-8")
    if folder == "cli":
        broken += [f"scripts/demo.py calls {r}" for r in ("pd.read_csv", "pd.read_excel",
                                                          "pd.read_parquet") if r in demo]
    assert broken == []


def test_commands_are_registered_statically() -> None:
    from advantage.cli import app

    names = [c.name for c in app.registered_commands]
    assert names == ["indicators", "structure", "linkages", "ingest", "export", "advantages",
                     "opportunities", "chains", "transfer", "pairs", "portfolio",
                     "diagnostics", "monitor", "leads", "backtest", "report", "serve",
                     "doctor"]
    assert [g.name for g in app.registered_groups] == ["datasets"]
    text = (SRC / "cli" / "__init__.py").read_text(encoding="utf-8")
    assert "importlib" not in text
