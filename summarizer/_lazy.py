"""Names a package lists but loads on first use: those whose modules pull in openai and instructor,
which importing the package (and `summarizer --help`) must not."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    namespace: dict[str, Any], modules: Mapping[str, str], *, report_as_ours: bool = False
) -> Callable[[str], Any]:
    """A module `__getattr__` that imports the module of each listed name when it is first asked for,
    and keeps the name in the namespace after; `report_as_ours`: the name says the package is its
    module (see `report_as`)."""
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        found = getattr(importlib.import_module(modules[name]), name)
        if report_as_ours:
            report_as(found, package)
        namespace[name] = found
        return found

    return __getattr__


def report_as(value: Any, package: str) -> None:
    """A public name says the package is its module, wherever inside it the name is defined."""
    with contextlib.suppress(AttributeError, TypeError):  # a value has no module (`__version__`)
        value.__module__ = package
