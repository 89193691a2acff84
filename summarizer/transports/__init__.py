"""HTTP transports under the openai client: retries, and record / replay of chat calls.

_retrying.py    RetryingTransport: transient failures retried here and only here (tenacity)
_recording.py   RecordedTransport (replay) and RecordingTransport (record), keyed by the request and
                named by the call in flight (`recording_as`)
_wrapping.py    the shape both share: a transport over another one, sync and async alike
"""

from summarizer.transports._recording import (
    RecordedTransport,
    RecordingSource,
    RecordingTransport,
    public_base_url,
    recorded_settings,
    recording_as,
    recording_scenario,
)
from summarizer.transports._retrying import AttemptHook, RetryingTransport, RetryPolicy

__all__ = [
    "AttemptHook",
    "RecordedTransport",
    "RecordingSource",
    "RecordingTransport",
    "RetryPolicy",
    "RetryingTransport",
    "public_base_url",
    "recorded_settings",
    "recording_as",
    "recording_scenario",
]
