"""Bytes to str, and mojibake repaired where the repair is unambiguous.

Order: a byte-order mark decides; then UTF-16 recognised by its NUL pattern; then strict UTF-8;
then Windows-1252 (a superset of Latin-1 for printable text). Statistical detectors guess badly on
the short Western texts this tool reads, so a legacy file is taken as cp1252, the most common one.

Mojibake ("â‚¬78bn" for "€78bn": UTF-8 once decoded as cp1252) is undone with ftfy, limited to
encoding fixes so nothing else in the text changes. The repaired text becomes the reference text,
so the repair is reported and recorded in the document's metadata.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer.errors import BinaryInput

if TYPE_CHECKING:
    import ftfy

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 8192
# Text has almost no C0 control characters besides tab, newlines and form feed.
_CONTROL = frozenset(chr(c) for c in range(32)) - set("\t\n\r\f\v\x1b")
_MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    repair: str | None = None  # what ftfy undid, e.g. "encode sloppy-windows-1252, decode utf-8"


def decode_bytes(data: bytes, *, name: str | None) -> DecodedText:
    text, encoding = _decode(data, name)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise BinaryInput("this is a binary file, not text", document=name)
    repaired, repair = repair_mojibake(text)
    return DecodedText(repaired, encoding, repair)


def _decode(data: bytes, name: str | None) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, name), f"{encoding} (BOM)"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _strict(data, utf16, name), utf16
    if b"\x00" in data[:_SAMPLE]:
        raise BinaryInput("this is a binary file, not text", document=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # Five bytes are unassigned in cp1252; Latin-1 maps every byte, so it always decodes.
        return data.decode("latin-1"), "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 of mostly-ASCII text has a NUL in every other byte: odd bytes for LE, even for BE."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, name: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise BinaryInput(f"the bytes are not valid {encoding} text", document=name) from None


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    return sum(ch in _CONTROL for ch in sample) / max(len(sample), 1)


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Undo text decoded with the wrong codec; only when ftfy is sure, and only that."""
    if text.isascii() or not _may_hold_mojibake(text):
        return text, None
    import ftfy

    fixed = ftfy.fix_and_explain(text, _encoding_fixes_only())
    if fixed.text == text or not fixed.explanation:
        return text, None
    steps = ", ".join(f"{action} {arg}" for action, arg in fixed.explanation)
    return fixed.text, steps


def _encoding_fixes_only() -> ftfy.TextFixerConfig:
    import ftfy

    # Everything but the encoding repair is off: quotes, widths, line breaks and
    # normalization are the author's, and the reference text keeps them.
    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


def _may_hold_mojibake(text: str) -> bool:
    """ftfy's own test, run only around the characters mojibake is made of.

    Every sequence ftfy takes for mojibake is at most four characters long and holds at least one
    character that is neither ASCII nor typographic punctuation (curly quotes, dashes, an ellipsis).
    Most text has few such characters, so looking near each one instead of running ftfy's test over
    the whole text saves seconds on a long document (tests/test_hostile_input.py checks the premise
    against ftfy's tables).
    """
    segments: list[tuple[int, int]] = []
    for block_start, block_end in _blocks_with_suspects(text):
        # A run cut at a block's end is found in two pieces, which merge back into one segment.
        for m in _SUSPECT.finditer(text, block_start, block_end):
            start, end = max(m.start() - _MOJIBAKE_REACH, 0), m.end() + _MOJIBAKE_REACH
            if segments and start <= segments[-1][1]:
                segments[-1] = (segments[-1][0], end)
            else:
                segments.append((start, end))
    if not segments:
        return False  # most text: no need to import ftfy, which takes 0.1 s
    from ftfy.badness import is_bad

    return any(is_bad(text[start:end]) for start, end in segments)


def _blocks_with_suspects(text: str) -> Iterator[tuple[int, int]]:
    """The blocks of the text holding a character `_SUSPECT` matches. English text is mostly ASCII and
    typographic punctuation, and ruling a block out with str methods is three times faster than
    searching it with the regex: its ASCII characters and its typographic marks are counted (no copy
    of the block per mark), and a block holds a suspect when they do not add up to its length."""
    for start in range(0, len(text), _SUSPECT_BLOCK):
        end = min(start + _SUSPECT_BLOCK, len(text))
        ascii_count = len(text[start:end].encode("ascii", "ignore"))
        marks = sum(text.count(mark, start, end) for mark in TYPOGRAPHIC_PUNCTUATION)
        if ascii_count + marks < end - start:
            yield start, end


TYPOGRAPHIC_PUNCTUATION = "‘’“”–—…"
_SUSPECT = re.compile(f"[^\\x00-\\x7f{TYPOGRAPHIC_PUNCTUATION}]+")
_MOJIBAKE_REACH = 3  # characters either side: a four-character sequence around one suspect fits
_SUSPECT_BLOCK = 1 << 16
