"""Where prompts/ and schemas/ are: inside the installed package (a wheel), else at the repository top."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_path(folder: str, name: str) -> Path:
    for base in (_PACKAGE / folder, _PACKAGE.parent / folder):
        candidate = base / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{folder}/{name} is missing from this installation")
