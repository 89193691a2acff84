"""How to reach a model: from arguments first, then the environment, then the recordings."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from summarizer.drafting import DEFAULT_PROMPT_ID, MODE_NAMES
from summarizer.errors import ConfigError
from summarizer.transports import RetryPolicy

if TYPE_CHECKING:
    import httpx2

DEFAULT_BASE_URL = "https://api.openai.com/v1"
ENV_MODEL = "SUMMARIZER_MODEL"
DEFAULT_CONTEXT_TOKENS = 3000
DEFAULT_MODE = "json"  # json_object: accepted by OpenAI and by llama.cpp, which rejects json_schema


@dataclass(frozen=True)
class Settings:
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: str | None = None
    timeout_s: float = 600.0
    max_tokens: int = 2048
    temperature: float = 0.0
    max_reasks: int = 2
    prompt_id: str = DEFAULT_PROMPT_ID
    # Estimated tokens of document per call (summarizer.long_documents); a longer document goes in parts.
    # Sized for the reference server's 8192-token context, which must hold the prompt with its schema
    # (about 1,300 tokens in the seed recordings), each re-ask's previous answer and feedback (instructor
    # keeps them all, ~1,000 tokens each), and the answer itself. Larger-context models take far more.
    context_tokens: int = DEFAULT_CONTEXT_TOKENS
    replay_dir: Path | None = None
    record_dir: Path | None = None
    retry_policy: RetryPolicy | None = None

    @property
    def api_base_url(self) -> str:
        return self.base_url or DEFAULT_BASE_URL

    def resolved(self) -> Settings:
        """Fill gaps from the environment (OPENAI_API_KEY, OPENAI_BASE_URL, SUMMARIZER_MODEL).

        Under replay the recordings fill them instead: the user's environment must not change the
        requests, or they would no longer match what was recorded.
        """
        if self.replay_dir is not None and self.record_dir is not None:
            raise ConfigError("use either --replay or --record, not both")
        if self.replay_dir is not None:
            return self._for_replay()._checked()
        return replace(
            self,
            model=self.model or os.environ.get(ENV_MODEL) or None,
            base_url=self.base_url or os.environ.get("OPENAI_BASE_URL") or None,
            api_key=self.api_key or os.environ.get("OPENAI_API_KEY") or None,
            mode=self.mode or DEFAULT_MODE,
        )._checked()

    def _for_replay(self) -> Settings:
        from summarizer.transports import recorded_settings

        assert self.replay_dir is not None
        recorded = recorded_settings(self.replay_dir, model=self.model)
        return replace(
            self,
            model=self.model or recorded["model"],
            mode=self.mode or recorded["mode"] or DEFAULT_MODE,
            base_url=self.base_url or recorded["base_url"] or None,
            api_key=None,
        )

    def _checked(self) -> Settings:
        if not self.model:
            raise ConfigError(
                f"no model configured: pass --model or set {ENV_MODEL} "
                "(and OPENAI_BASE_URL / OPENAI_API_KEY for the server), or use --replay DIR"
            )
        if self.context_tokens < 1:
            raise ConfigError(f"the context budget must be at least 1 token, not {self.context_tokens}")
        if self.mode not in MODE_NAMES:
            raise ConfigError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODE_NAMES)}")
        return self


class Overrides(TypedDict, total=False):
    """What every entry point (`summarize`, `Summarizer`, `summarize_folder`) may be told, besides the
    model it takes first, about reaching it; anything left out comes from `settings`, then the
    environment, then the recordings."""

    base_url: str | None
    api_key: str | None
    mode: str | None
    replay: str | Path | None  # answer from the recordings in this folder (offline)
    record: str | Path | None  # write every answer into this folder
    settings: Settings | None  # everything else: timeouts, context budget, retry policy ...
    transport: httpx2.BaseTransport | None  # answers instead of the network (retries still apply)


def settings_from(model: str | None, overrides: Overrides) -> Settings:
    """The settings the model and overrides describe, gaps filled (see `Settings.resolved`)."""
    base = overrides.get("settings") or Settings()
    replay, record = overrides.get("replay"), overrides.get("record")
    return replace(
        base,
        model=model or base.model,
        base_url=overrides.get("base_url") or base.base_url,
        api_key=overrides.get("api_key") or base.api_key,
        mode=overrides.get("mode") or base.mode,
        replay_dir=Path(replay) if replay else base.replay_dir,
        record_dir=Path(record) if record else base.record_dir,
    ).resolved()
