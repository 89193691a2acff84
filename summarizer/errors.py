"""Every error the library raises, in one place.

SummarizerError                 base; `str()` is one line naming the document when there is one
├── InputError                  the document cannot be read as text
│   ├── EmptyInput              empty or whitespace-only
│   ├── BinaryInput             bytes that are not text in any supported encoding
│   ├── UnsupportedInput        a type the reader does not handle (or whose extra is not installed)
│   ├── UnreadableInput         missing, a directory, no permission, too large, a corrupt file
│   ├── NoArticleFound          a web page with no article in it (only menus, banners, links)
│   └── NoTextLayer             a PDF without text (scanned pages); it needs OCR first
├── ConfigError                 no model configured, bad flags, bad recording directory
│   ├── UnwritableOutput        an output path that is a directory or cannot be written (checked first)
│   └── OutputLocked            another batch is writing to the same output folder
├── RecordingMissing            replay found no recording for a request (names its key)
├── NotStarted                  batch: a document left undone (cost cap reached, batch stopped)
└── LLMError                    the model did not produce a usable draft; never retried
    ├── ContextTooLong          the server says the prompt does not fit
    ├── OutputTruncated         the answer stopped at the token limit
    ├── Refusal                 the model refused
    ├── ContentFiltered         the provider's content filter stopped the answer
    ├── EmptyChoices            the server answered with no choices
    ├── AuthenticationFailed    the server refused the key (the key is never shown)
    ├── ServiceUnavailable      429 / 5xx / timeouts still failing after bounded retries
    │   └── ServerUnreachable   no connection at all (refused, unknown host) after a few quick tries
    └── DraftInvalid            the answer never matched the draft schema within the re-ask budget
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class. `document` names the file (or "-" for stdin) the error belongs to."""

    def __init__(self, message: str, *, document: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.document = document

    def __str__(self) -> str:
        # Messages carry text from documents and servers: whitespace folds, control characters show.
        one_line = printable(" ".join(self.message.split()))
        return f"{printable(self.document)}: {one_line}" if self.document else one_line

    def for_document(self, document: str | None) -> SummarizerError:
        """Attach the document name if the raiser did not know it."""
        if self.document is None:
            self.document = document
        return self


class InputError(SummarizerError):
    pass


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class UnsupportedInput(InputError):
    pass


class UnreadableInput(InputError):
    pass


class NoArticleFound(InputError):
    pass


class NoTextLayer(InputError):
    pass


class ConfigError(SummarizerError):
    pass


class UnwritableOutput(ConfigError):
    pass


class OutputLocked(ConfigError):
    pass


class RecordingMissing(SummarizerError):
    pass


class NotStarted(SummarizerError):
    """Never raised: names why a batch left a document undone in its manifest row and result."""


class LLMError(SummarizerError):
    pass


class ContextTooLong(LLMError):
    pass


class OutputTruncated(LLMError):
    pass


class Refusal(LLMError):
    pass


class ContentFiltered(LLMError):
    pass


class EmptyChoices(LLMError):
    pass


class AuthenticationFailed(LLMError):
    pass


class ServiceUnavailable(LLMError):
    pass


class ServerUnreachable(ServiceUnavailable):
    pass


class DraftInvalid(LLMError):
    pass


def printable(name: str) -> str:
    """A file name as it can be printed: a newline or a terminal escape in a name is shown, not obeyed."""
    if name.isprintable():
        return name
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in name)
