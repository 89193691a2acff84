"""Grounding steps written for speed equal their plain readings: words looked up in C loops."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from summarizer.evidence import build_evidence
from summarizer.grounding._grounder import _FUNCTION_WORDS, Grounder, _HedgedSentences, content_words
from summarizer.reading._clean import clean_text

WORD_ATOMS = [*" \n.'\u2019sS1", "the", "Said", "cats", "cat", "Cat's", "ideas", "don", "rock", "n"]
word_texts = st.lists(st.sampled_from(WORD_ATOMS), max_size=40).map("".join)
PLAIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][a-z]+)?")


def plain_content_words(text: str) -> set[str]:
    found = set()
    for written in PLAIN_WORD.findall(text):
        word = written.lower().replace("\u2019", "'").removesuffix("'s")
        if word not in _FUNCTION_WORDS:
            found.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return found


@given(word_texts)
@example("Cat's cats cat\u2019s the ideas idea rock'n'roll don\u2019t")
def test_content_words_are_each_written_words_form(text: str) -> None:
    assert content_words(text) == plain_content_words(text)


@given(st.lists(word_texts, max_size=8))
@example(["cats and cat", "", "Cat's", "the"])
@example(["Cat", "cats", "CATS cat’s", "", "cat", "Cats"])
def test_each_word_is_held_by_the_hedged_sentences_with_it(texts: list[str]) -> None:
    ids = [3 * i + 1 for i in range(len(texts))]
    hedged = _HedgedSentences(ids, iter(texts))
    held = {s: plain_content_words(text) for s, text in zip(ids, texts, strict=True)}
    words = set().union(*held.values())
    assert {word: list(hedged._holding[word]) for word in hedged._holding} == {
        word: [s for s in ids if word in held[s]] for word in words
    }


SENTENCE_ATOMS = [*WORD_ATOMS, ". ", "? ", "\n\n", " may ", "“", "”"]


@given(st.lists(st.sampled_from(SENTENCE_ATOMS), max_size=60).map("".join))
def test_sentence_texts_read_as_each_sentence_text(text: str) -> None:
    clean = clean_text(text)
    grounder = Grounder(clean, build_evidence(clean.text))
    ids = [s.id for s in grounder.evidence.sentences]
    assert list(grounder._sentence_texts(ids)) == [grounder._sentence_text(s) for s in ids]
