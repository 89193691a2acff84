"""Tokens: the columns `tokenize` builds in C loops equal a plain token-by-token reading of the text."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.evidence import _tokens
from summarizer.evidence._paragraphs import find_paragraphs
from summarizer.evidence._quotes import QuoteSpan, find_quotes
from summarizer.evidence._sentences import split_sentences
from summarizer.evidence._tokens import _TOKEN, Tokens, _KnownPieces, tokenize

# Words, marks and every kind of whitespace: double spaces, tabs, no-break spaces, blank lines.
ATOMS = [
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\n\n",
    " \n",
    "\t",
    "\xa0",
    "said",
    "The",
    "it's",
    "D-Mo",
    "U.S.",
    "Mr.",
    "Ana",
    '"',
    "\u201c",
    "\u201d",
    "'",
    "(",
    ")",
    ":",
    ".",
    ",",
    "?",
    "_x",
    "\u00e9t\u00e9",
    "--",
]


def reference(text: str, sentences: list[tuple[int, int]], quotes: list[QuoteSpan]) -> dict[str, object]:
    """Every column, token by token."""
    matches = list(_TOKEN.finditer(text))
    starts = [m.start() for m in matches]
    words = [m.group() for m in matches]
    firsts = [bisect.bisect_left(starts, s) for s, _ in sentences]
    sentence = [max(bisect.bisect_right(firsts, i) - 1, 0) for i in range(len(words))]
    quote = [-1] * len(words)
    for index, q in enumerate(quotes):
        for i in range(bisect.bisect_left(starts, q.open_at), bisect.bisect_left(starts, q.region_end)):
            quote[i] = index
    capitals = {
        words[i].lower()
        for i in range(1, len(words))
        if words[i][0].isupper()
        and sentence[i - 1] == sentence[i]
        and words[i - 1] not in "\"'\u201c\u2018(:"
    }
    ends = [m.end() for m in matches]
    return dict(
        starts=starts,
        ends=ends,
        words=words,
        lower=[w.lower() for w in words],
        quote=quote,
        sentence=sentence,
        firsts=firsts,
        capitals=capitals,
    )


def columns(tokens: Tokens) -> dict[str, object]:
    return dict(
        starts=list(tokens.starts),
        ends=[tokens.end(i) for i in range(len(tokens))],
        words=tokens.words,
        lower=[tokens.lower[i] for i in range(len(tokens))],
        quote=list(tokens.quote),
        sentence=list(tokens.sentence),
        firsts=tokens.first_of_sentence,
        capitals=tokens.mid_sentence_capitals,
    )


def assert_like_reference(text: str) -> None:
    paragraphs = find_paragraphs(text)
    quotes = find_quotes(text, paragraphs)
    sentences = split_sentences(text, paragraphs, quotes)
    assert columns(tokenize(text, sentences, quotes)) == reference(text, sentences, quotes)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(ATOMS), max_size=60),
    st.integers(1, 40),
    st.lists(st.sampled_from(ATOMS), max_size=6),
)
def test_tokens_equal_a_plain_reading(atoms: list[str], repeats: int, tail: list[str]) -> None:
    # Repeated text takes the path that copies known pieces; a text mostly new, the pattern's path.
    assert_like_reference("".join(atoms) * repeats + "".join(tail))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=40), st.integers(20, 60), st.integers(5, 40))
def test_tokens_equal_a_plain_reading_across_blocks(atoms: list[str], repeats: int, block: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_tokens, "_BLOCK", block)  # many blocks, some opening with whitespace
        assert_like_reference("".join(atoms) * repeats)


def test_a_repeated_text_is_cut_into_known_pieces() -> None:
    known = _KnownPieces()
    entries = known.cut('Ana said: "It\'s done." ' * 10)
    assert entries is not None and len(entries) == 41
    assert known.entries['done."'] == (("done", ".", '"'), (4, 1, 2)) == entries[3]


@pytest.mark.parametrize("body", ["a  b " * 10, "a \nb " * 10, "a \tb " * 10, "a b c d e f g"])
def test_text_with_loose_spaces_or_mostly_new_is_left_to_the_pattern(body: str) -> None:
    assert _KnownPieces().cut(body) is None


def test_after_a_mostly_new_block_the_rest_is_left_to_the_pattern() -> None:
    known = _KnownPieces()
    assert known.cut("a b c d e f g") is None
    assert known.cut("said " * 10) is None


def known_a() -> _KnownPieces:
    known = _KnownPieces()
    assert known.cut("a " * 20) is not None  # "a" and the empty piece after the last space
    return known


@pytest.mark.parametrize(("body", "cut"), [("a a a b", True), ("a a b c", False), ("b a b a b a b b", True)])
def test_a_block_is_cut_while_no_more_than_one_piece_in_four_is_new(body: str, cut: bool) -> None:
    assert (known_a().cut(body) is not None) == cut


def test_pieces_known_are_capped() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_tokens, "_MAX_KNOWN", 3)
        assert known_a().cut("a a a a a a a b") is not None
        assert known_a().cut("a a a a a a a b c") is None


def test_every_character_str_isalnum_accepts_is_one_whole_token() -> None:
    # A new piece that `str.isalnum` accepts is learned as one word without the pattern: exact only if
    # every such character is a word character to the pattern too.
    letters = "".join(c for c in map(chr, range(0x110000)) if c.isalnum())
    assert _TOKEN.fullmatch(letters)


@pytest.mark.parametrize("piece", ["said", "Ana", "\u00e9t\u00e9", "2024", "\u00b2", "\u0663\u0664", "x1y2"])
def test_a_new_one_word_piece_is_learned_as_the_pattern_reads_it(piece: str) -> None:
    known = _KnownPieces()
    assert known.cut(f"{piece} " * 10) == [_tokens._piece_tokens(piece)] * 10 + [_tokens._piece_tokens("")]
    assert known.entries[piece] == _tokens._piece_tokens(piece)


def test_the_lower_cased_column_reads_like_a_list_of_the_words_lower_cased() -> None:
    text = 'Ana said: "It\'s DONE." \u00c9T\u00c9 Stra\u00dfe'
    tokens = tokenize(text, [(0, len(text))], [])
    expected = [word.lower() for word in tokens.words]
    assert [tokens.lower[i] for i in range(-len(tokens), len(tokens))] == expected * 2
    assert len(tokens.lower) == len(expected)
    with pytest.raises(IndexError):
        tokens.lower[len(tokens)]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from([*ATOMS, "\u00c9mile", "\u0391\u03b8\u03ae\u03bd\u03b1", "\u2018", "\u00bfS\u00ed"]),
        max_size=60,
    )
)
def test_capitals_equal_a_plain_reading_however_many_characters_outside_ascii(atoms: list[str]) -> None:
    # Few such first characters are replaced one by one, many read through a dict: both exact.
    for few in (0, 16):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_tokens, "_FEW_OTHERS", few)
            assert_like_reference("".join(atoms) * 3)
