"""Reading skips work that cannot change the document: ftfy is not even imported for clean text, and
blocks without a mojibake suspect are ruled out by counting."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.errors import EmptyInput
from summarizer.reading._document import document_from_bytes, document_from_text
from summarizer.reading._encoding import _SUSPECT, TYPOGRAPHIC_PUNCTUATION


def test_text_without_mojibake_characters_does_not_import_ftfy() -> None:
    code = (
        "import sys\n"
        "from summarizer.reading._encoding import repair_mojibake\n"
        "assert repair_mojibake('Curly “quotes”, dashes — and an ellipsis…') == "
        "('Curly “quotes”, dashes — and an ellipsis…', None)\n"
        "assert 'ftfy' not in sys.modules\n"
        "assert repair_mojibake('It cost â‚¬78bn.')[0] == 'It cost €78bn.'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("blank", [b"", b" ", b"\t\r\n\x0b\x0c ", b"\n\n"])
def test_blank_bytes_are_empty_input(blank: bytes) -> None:
    with pytest.raises(EmptyInput):
        document_from_bytes(blank, name="x.txt")


@pytest.mark.parametrize("blank", ["", " ", "\u2028\u3000\x1c\x85 \n"])
def test_blank_text_is_empty_input(blank: str) -> None:
    with pytest.raises(EmptyInput):
        document_from_text(blank)


@pytest.mark.parametrize("text", ["a", " a ", "\u3000x"])
def test_text_with_a_character_is_not_blank(text: str) -> None:
    assert document_from_text(text).text == text


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(["a", " ", "\n", "é", "\udc80", "€", *TYPOGRAPHIC_PUNCTUATION]), max_size=40
    )
)
def test_blocks_with_suspects_are_the_blocks_the_pattern_finds_a_suspect_in(text: str) -> None:
    from summarizer.reading import _encoding

    for block in (1, 3, 7, 1 << 16):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_encoding, "_SUSPECT_BLOCK", block)
            found = list(_encoding._blocks_with_suspects(text))
        starts = range(0, len(text), block)
        expected = [(s, min(s + block, len(text))) for s in starts if _SUSPECT.search(text, s, s + block)]
        assert found == expected
