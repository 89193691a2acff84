"""What a server is told at start: where it listens, who may call it, how much each caller may ask.

The safe defaults: loopback only; a bearer token is required to bind anywhere else; request bodies
are limited as the CLI limits files (20 MB of document).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.errors import ConfigError
from summarizer.reading import MAX_BYTES

ENV_TOKENS = "SUMMARIZER_SERVER_TOKENS"  # comma-separated bearer tokens
DEFAULT_PORT = 8000
# Room for the JSON or multipart envelope around a document of MAX_BYTES.
ENVELOPE_BYTES = 1024 * 1024


def default_queue_url() -> str:
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return f"sqlite:///{state / 'summarizer' / 'service.db'}"


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    tokens: tuple[str, ...] = field(default=(), repr=False)
    queue_url: str = field(default_factory=default_queue_url)
    concurrency: int = 8  # documents summarized at once by the job workers, and again by POST /v1/briefs
    token_concurrency: int = 32  # requests in flight per token
    token_rpm: float = 600.0  # document submissions per minute per token
    max_document_bytes: int = MAX_BYTES
    lease_s: float = 10.0  # a running job whose worker has been silent this long is resumed elsewhere
    access_log: bool = True

    @property
    def max_body_bytes(self) -> int:
        return self.max_document_bytes + ENVELOPE_BYTES

    @property
    def auth_required(self) -> bool:
        return bool(self.tokens)

    def checked(self) -> ServerConfig:
        if not is_loopback(self.host) and not self.tokens:
            raise ConfigError(
                f"binding to {self.host} exposes the server beyond this machine: set {ENV_TOKENS} "
                "(or --token-file) to require a bearer token, or bind to 127.0.0.1"
            )
        if any(len(token) < 16 for token in self.tokens):
            raise ConfigError("a bearer token must be at least 16 characters long")
        if self.concurrency < 1 or self.token_concurrency < 1 or self.token_rpm <= 0:
            raise ConfigError("concurrency and per-token limits must be positive")
        return self


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name other than localhost may resolve anywhere
        return False


def load_tokens(token_file: Path | None) -> tuple[str, ...]:
    """Tokens from the environment and a file (one per line, # comments); never from a flag."""
    tokens = [t.strip() for t in os.environ.get(ENV_TOKENS, "").split(",")]
    if token_file is not None:
        try:
            lines = token_file.read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise ConfigError(f"cannot read the token file {token_file}: {err.strerror}") from None
        tokens += [line.strip() for line in lines if not line.lstrip().startswith("#")]
    return tuple(dict.fromkeys(t for t in tokens if t))
