"""The job queue and its storage, from one URL: huey with SQLite (one machine) or Redis (many).

    sqlite:///var/lib/summarizer/service.db    the default: a file, nothing to start
    redis://host:6379/0                        workers on many machines share one queue

huey delivers each task once and forgets it when a worker takes it, so the job records beside the
queue (`summarizer.server.jobs`) are what make a job survive a killed worker. Both live in the same
backend, in separate namespaces of huey's key/value storage:

    <name>          the queue (task messages)
    <name>.jobs     job records, inputs, heartbeats, claims and cancel flags
    <name>.active   the ids of jobs not yet finished, listed by the sweep that resumes lost jobs
    <name>.briefs   finished briefs by input and settings fingerprint: a document is not paid twice
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey
from huey.storage import BaseStorage, RedisStorage, SqliteStorage

from summarizer.errors import ConfigError

NAME = "summarizer"


@dataclass
class Backend:
    url: str
    huey: Huey
    jobs: BaseStorage
    active: BaseStorage
    briefs: BaseStorage

    @property
    def kind(self) -> str:
        return "redis" if isinstance(self.jobs, RedisStorage) else "sqlite"

    def ping(self) -> None:
        """Raises when the backend cannot be reached."""
        self.huey.storage.queue_size()

    def queued_job_ids(self) -> set[str]:
        """Job ids of the task messages waiting in the queue (and in its schedule)."""
        storage = self.huey.storage
        ids = set()
        for data in [*storage.enqueued_items(), *storage.scheduled_items()]:
            message = self.huey.serializer.deserialize(data)
            if message.args:
                ids.add(str(message.args[0]))
        return ids


def open_backend(url: str, name: str = NAME) -> Backend:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return _redis(url, name)
    if url.startswith("sqlite:"):
        return _sqlite(Path(url.removeprefix("sqlite:").removeprefix("//")), url, name)
    raise ConfigError(
        f"unknown queue URL {_without_password(url)!r}: use sqlite:///PATH or redis://HOST:PORT/DB"
    )


def _sqlite(path: Path, url: str, name: str) -> Backend:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError(f"cannot create the queue's folder {path.parent}: {err.strerror}") from None

    def storage(suffix: str) -> SqliteStorage:
        return SqliteStorage(name=f"{name}.{suffix}", filename=str(path))

    huey = SqliteHuey(name, filename=str(path), results=False, utc=True)
    return Backend(url, huey, storage("jobs"), storage("active"), storage("briefs"))


def _redis(url: str, name: str) -> Backend:
    try:
        import redis  # noqa: F401  (huey imports it lazily; fail here with a clear line)
    except ImportError:
        raise ConfigError("a Redis queue needs the redis client: pip install 'summarizer[server]'") from None

    def storage(suffix: str) -> RedisStorage:
        return RedisStorage(name=f"{name}.{suffix}", url=url)

    huey = RedisHuey(name, url=url, results=False, utc=True, blocking=True, read_timeout=1)
    return Backend(url, huey, storage("jobs"), storage("active"), storage("briefs"))


def _without_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    return f"{scheme}{sep}***@{rest.split('@', 1)[1]}"


def describe(backend: Backend) -> dict[str, Any]:
    return {"kind": backend.kind, "url": _without_password(backend.url)}
