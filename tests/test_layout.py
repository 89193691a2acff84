"""The package's shape: what is public, and that imports point only downward through the flow."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import summarizer
from tests.conftest import ROOT

PACKAGE = ROOT / "summarizer"
# Bottom to top: a unit (a top-level module or a stage package) imports only units listed before it.
LAYERS = [
    "errors", "_version", "_lazy", "_resources", "_atomic", "brief",
    "reading", "evidence", "transports", "drafting", "grounding", "long_documents", "rendering",
    "settings", "_connection", "service", "batch", "server", "cli", "__init__",
]  # fmt: skip
STAGE_PACKAGES = [
    "reading", "evidence", "drafting", "grounding", "long_documents", "transports", "rendering", "batch",
]  # fmt: skip


# Names every module may import for its own use: they are not part of its interface.
_IMPORTED_FOR_TYPING = {"TYPE_CHECKING", "annotations"}


def _ours(value: Any) -> bool:
    """Defined in the package: a class or function from it, or a constant (which has no module)."""
    module = getattr(value, "__module__", None)
    return module is None or (isinstance(module, str) and module.split(".")[0] == "summarizer")


def _public_names(module: ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and name not in _IMPORTED_FOR_TYPING
        and not isinstance(value, ModuleType)
        and _ours(value)
    }


def test_every_listed_name_resolves_and_reports_summarizer_as_its_module() -> None:
    for name in summarizer.__all__:
        value = getattr(summarizer, name)
        if hasattr(value, "__module__") and name != "__version__":
            assert value.__module__ == "summarizer", name


def test_every_public_name_is_listed() -> None:
    for name in summarizer.__all__:
        getattr(summarizer, name)  # the lazy ones land in the namespace
    assert _public_names(summarizer) <= set(summarizer.__all__)


def test_the_public_api_is_what_the_readme_promises() -> None:
    promised = {"summarize", "Summarizer", "summarize_folder", "Brief", "Settings", "SummarizerError"}
    assert promised <= set(summarizer.__all__)


@pytest.mark.parametrize("package", STAGE_PACKAGES)
def test_each_stage_package_lists_its_public_names_both_ways(package: str) -> None:
    module = importlib.import_module(f"summarizer.{package}")
    listed = set(module.__all__)
    assert all(hasattr(module, name) for name in listed)
    assert _public_names(module) <= listed
    private = [p.stem for p in (PACKAGE / package).glob("*.py") if p.stem != "__init__"]
    assert private and all(stem.startswith("_") for stem in private)


def _unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """Every summarizer module a file imports, at the top, inside functions or for type checking."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("summarizer"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("summarizer")}
    return found


def test_imports_point_only_downward_through_the_layers() -> None:
    upward = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(ROOT).with_suffix("")
        unit = _unit_of(".".join(relative.parts))
        for target in _imports(path):
            other = _unit_of(target)
            if other != unit and LAYERS.index(other) > LAYERS.index(unit):
                upward.append(f"{relative} imports {target}")
    assert upward == []


def test_no_module_outside_a_package_imports_its_private_modules() -> None:
    reaching_in = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(ROOT).with_suffix("")
        for target in _imports(path):
            parts = target.split(".")
            if len(parts) > 2 and parts[2].startswith("_") and relative.parts[1] != parts[1]:
                reaching_in.append(f"{relative} imports {target}")
    assert reaching_in == []


def test_importing_the_package_and_the_local_stages_loads_no_llm_stack() -> None:
    """`import summarizer` and the stages that work without a model stay light: openai and instructor
    load with the flow that calls one."""
    script = (
        "import sys, summarizer, summarizer.reading, summarizer.evidence, summarizer.rendering,"
        " summarizer.grounding, summarizer.long_documents, summarizer.drafting;"
        "print(sorted(m for m in ('openai', 'instructor') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_package_is_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()
