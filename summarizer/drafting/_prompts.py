"""Prompt templates, loaded from prompts/ and identified by id and content hash.

The document goes in fenced by a marker derived from its own hash, so no text inside it can close
the fence early, and the same document always yields the same request (recordings stay valid).

instructor renders every message as a Jinja template whenever a context is passed, and the document
travels in that context: the message holds the placeholder `{{ document }}`, so the document never
becomes template source and its braces stay literal. Grounding does not use the context; it runs
after the call (`summarizer.grounding`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from string import Template

from summarizer._resources import resource_path

DEFAULT_PROMPT_ID = "brief.v3"
DOCUMENT_PLACEHOLDER = "{{ document }}"
_SECTION = re.compile(r"^## (system|user)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PromptTemplate:
    id: str
    sha256: str
    system: Template
    user: Template

    def messages(self, document: str) -> list[dict[str, str]]:
        """Messages whose `{{ document }}` placeholder instructor fills from `template_context`."""
        fence = f"=== DOC {fence_word(document)} ==="
        values = {"fence": fence, "document": DOCUMENT_PLACEHOLDER}
        return [
            {"role": "system", "content": self.system.substitute(values).strip()},
            {"role": "user", "content": self.user.substitute(values).strip()},
        ]


def fence_word(document: str) -> str:
    """Eight letters from the document's hash: no text can hold its own hash, and letters cost the
    model's tokenizer a fraction of what hex digits do (each digit is a token)."""
    digest = hashlib.sha256(document.encode()).digest()
    return "".join(_FENCE_LETTERS[b % len(_FENCE_LETTERS)] for b in digest[:8])


_FENCE_LETTERS = "bcdfghjklmnpqrstvwxz"


def load_prompt(prompt_id: str = DEFAULT_PROMPT_ID) -> PromptTemplate:
    raw = resource_path("prompts", f"{prompt_id}.md").read_text(encoding="utf-8")
    parts = _SECTION.split(raw)
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    return PromptTemplate(
        id=prompt_id,
        sha256=hashlib.sha256(raw.encode()).hexdigest(),
        system=Template(sections["system"]),
        user=Template(sections["user"]),
    )


def template_context(document: str) -> dict[str, str]:
    return {"document": document}
