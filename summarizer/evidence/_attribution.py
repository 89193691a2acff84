"""Each quote's speaker: a reporting verb in the quote's own sentence and that verb's subject.

Then, in order: pronouns and definite descriptions resolve to the nearest earlier named subject
(this paragraph or the one before), and a quote with no verb of its own continues the quote
next to it. A name merely near a quote never gets it: it must be the subject of the verb.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from summarizer.evidence._lexicon import (
    CUE_PARTICIPLES,
    CUE_PHRASES,
    CUE_VERBS,
    NAMING_VERBS,
    PASSIVE_AUXILIARIES,
)
from summarizer.evidence._model import SpeakerFound
from summarizer.evidence._names import run_ending_at, split_titles
from summarizer.evidence._paragraphs import Paragraphs
from summarizer.evidence._quotes import QuoteSpan
from summarizer.evidence._sources import (
    Source,
    clause_subject,
    noun_phrase_after,
    sentence_subject,
    subject_before,
)
from summarizer.evidence._tokens import Tokens

_BEFORE = 40  # tokens read before a quote for its verb
_AFTER = 20  # and after it
_SHORT_QUOTE = 4  # words; a verb search reads past a quote this short


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    found: SpeakerFound
    span: tuple[int, int] | None
    role: str | None
    cue: str | None
    pending: Source | None = None  # a pronoun or a definite description still to resolve


NONE = Attribution(None, "none", None, None, None)
NAMING = Attribution(None, "none", None, None, None)  # a title in quotes: no speaker, and none to inherit


def attribute(tokens: Tokens, quotes: list[QuoteSpan], paragraphs: Paragraphs) -> list[Attribution]:
    short = {i for i, q in enumerate(quotes) if len(tokens.text[q.start : q.end].split()) <= _SHORT_QUOTE}
    found = [_own_attribution(tokens, quotes, paragraphs, short, i) for i in range(len(quotes))]
    mentions = _Mentions(tokens, paragraphs, found)
    found = [_resolve(a, q, mentions) for a, q in zip(found, quotes, strict=True)]
    return _continue(tokens, quotes, paragraphs, found)


def _own_attribution(
    tokens: Tokens, quotes: list[QuoteSpan], paragraphs: Paragraphs, short: set[int], index: int
) -> Attribution:
    quote = quotes[index]
    open_token = tokens.index_at(quote.open_at)
    after_token = tokens.index_at(quote.region_end)
    sentence = tokens.sentence[open_token]
    if tokens.free(open_token - 1, sentence) and tokens.lower[open_token - 1] in NAMING_VERBS:
        return NAMING  # a show titled "Dangerous": a name, not speech
    before = _cue_before(tokens, open_token - 1, sentence, short)
    after = _cue_after(tokens, after_token, sentence)
    if after is not None and not _hands_on(tokens, quote, after_token, after[0]):
        after = None
    candidates = sorted(c for c in (before, after) if c is not None)
    for _, cue in candidates:
        attribution = _from_cue(tokens, cue, open_token if cue < open_token else after_token)
        if attribution is not None:
            return attribution
    return _label(tokens, open_token, sentence) or _introduced(tokens, quote, paragraphs) or NONE


def _hands_on(tokens: Tokens, quote: QuoteSpan, after_token: int, distance: int) -> bool:
    """A verb after a quote reports it only when the quote hands on to it: `"...," X said`."""
    if distance <= 4 or tokens.text[quote.end - 1 : quote.end] in (",", "?", "!", "-", "\u2014"):
        return True
    return after_token < len(tokens) and tokens.words[after_token] in (",", "-", "\u2014", "\u2013")


def _cue_before(tokens: Tokens, last: int, sentence: int, short: set[int]) -> tuple[int, int] | None:
    """The nearest reporting verb before a quote; a short quote on the way (a title, a scare quote)
    is read past, a longer one is someone's words and ends the search."""
    quote, sentences, words = tokens.quote, tokens.sentence, tokens.words
    for i in range(last, max(last - _BEFORE, -1), -1):
        if sentences[i] != sentence or (quote[i] >= 0 and quote[i] not in short):
            return None
        if quote[i] >= 0:
            continue
        if words[i] in _CUE_WORDS and _is_cue(tokens, i):
            return last - i, i
    return None


def _cue_after(tokens: Tokens, first: int, sentence: int) -> tuple[int, int] | None:
    quote, sentences, words = tokens.quote, tokens.sentence, tokens.words
    for i in range(first, min(first + _AFTER, len(tokens))):
        if quote[i] >= 0 or sentences[i] != sentence:  # `tokens.free`, inlined: this loop runs per quote
            return None
        if words[i] in _CUE_WORDS and _is_cue(tokens, i):
            return i - first, i
    return None


# Reporting verbs and "according" (to); with the first words of the cue phrases, every word `_is_cue`
# can accept: a cheap test that rules out most tokens before the full one.
_REPORTING_WORDS = CUE_VERBS | {"according"}
_CUE_WORDS = _REPORTING_WORDS | {first for first, _ in CUE_PHRASES}


def _is_cue(tokens: Tokens, i: int) -> bool:
    word = tokens.words[i]
    if not word.islower():
        return False
    if word == "according":
        return i + 1 < len(tokens) and tokens.lower[i + 1] == "to"
    if word in CUE_VERBS:
        return True
    return i + 1 < len(tokens) and (word, tokens.lower[i + 1]) in CUE_PHRASES


def _cue_text(tokens: Tokens, cue: int) -> str:
    two_words = tokens.words[cue] == "according" or tokens.words[cue] not in CUE_VERBS
    return tokens.phrase(cue, cue + 1) if two_words else tokens.words[cue]


def _from_cue(tokens: Tokens, cue: int, boundary: int) -> Attribution | None:
    """The source of the verb at `cue`; `boundary` is the quote-side token no phrase may cross."""
    lo = boundary if boundary < cue else _sentence_start(tokens, cue)
    word = tokens.words[cue]
    if word == "according":
        source = noun_phrase_after(tokens, cue + 2)
    elif word in CUE_PARTICIPLES:
        source = clause_subject(tokens, cue, lo)
    elif _inverted(tokens, cue, lo):
        source = noun_phrase_after(tokens, cue + 1 + (word not in CUE_VERBS))
    elif _passive(tokens, cue, lo):
        source = _agent(tokens, cue)
    else:
        source = subject_before(tokens, cue, lo)
    return None if source is None else _attribution(source, _cue_text(tokens, cue))


def _inverted(tokens: Tokens, cue: int, lo: int) -> bool:
    """`"...," said X`: nothing but punctuation between the quote (or the sentence start) and the verb."""
    sentence = tokens.sentence[cue]
    i = cue - 1
    while i >= lo and tokens.free(i, sentence) and tokens.words[i] in (",", "\u2014", "-", "\u2013"):
        i -= 1
    return i < lo or not tokens.free(i, sentence)


def _passive(tokens: Tokens, cue: int, lo: int) -> bool:
    """`X was asked by Y`: X is spoken to; the speaker, if any, follows "by"."""
    i = cue - 1
    while i >= lo and tokens.lower[i] in ("also", "not", "then", "later", "repeatedly"):
        i -= 1
    return i >= lo and tokens.lower[i] in PASSIVE_AUXILIARIES


def _agent(tokens: Tokens, cue: int) -> Source | None:
    for i in (cue + 1, cue + 2):
        if i < len(tokens) and tokens.lower[i] == "by" and tokens.sentence[i] == tokens.sentence[cue]:
            return noun_phrase_after(tokens, i + 1)
    return None


def _sentence_start(tokens: Tokens, at: int) -> int:
    return tokens.sentence_start(at)


def _attribution(source: Source, cue: str | None) -> Attribution:
    if source.kind == "named":
        return Attribution(source.speaker, "named", source.span, source.role, cue)
    if source.kind == "pronoun" or source.head is not None:
        return Attribution(None, "unnamed", None, source.role, cue, pending=source)
    return Attribution(None, "unnamed", None, source.role, cue)


def _label(tokens: Tokens, open_token: int, sentence: int) -> Attribution | None:
    """`Smith: "..."` or `SMITH: "..."`: a name opening the sentence, then a colon, then the quote."""
    colon = open_token - 1
    if not tokens.free(colon, sentence) or tokens.words[colon] != ":":
        return None
    first = run_ending_at(tokens, colon - 1, _sentence_start(tokens, colon))
    if first is None or first != _sentence_start(tokens, colon):
        return None
    name = split_titles(tokens, first, colon - 1)
    if name is None:
        return None
    speaker = tokens.phrase(name.first, name.last)
    return Attribution(speaker, "named", tokens.span(name.first, name.last), None, None)


def _introduced(tokens: Tokens, quote: QuoteSpan, paragraphs: Paragraphs) -> Attribution | None:
    """A paragraph that is a quote, after one ending in a colon: `Ana Ruiz said:` / `"..."`."""
    p_start = paragraphs.spans[quote.paragraph][0]
    if quote.open_at != p_start or quote.paragraph == 0:
        return None
    colon = tokens.index_at(p_start) - 1
    if colon < 0 or tokens.words[colon] != ":" or tokens.quote[colon] >= 0:
        return None
    sentence = tokens.sentence[colon]
    for i in range(colon - 1, max(colon - _BEFORE, -1), -1):
        if not tokens.free(i, sentence):
            return None
        if _is_cue(tokens, i):
            return _from_cue(tokens, i, _sentence_start(tokens, i))
    return None


_Mention = tuple[int, str, tuple[int, int], str | None]  # start, name, span, role


class _Mentions:
    """Named subjects in text order: sentence subjects and named speakers, for pronouns to resolve to.

    A pronoun or description looks back only through its own paragraph and the one before, so the
    subjects are found a paragraph at a time, when a lookup first needs that paragraph: a document
    pays for the paragraphs around its unresolved quotes, not for every sentence it holds.
    """

    def __init__(self, tokens: Tokens, paragraphs: Paragraphs, found: list[Attribution]) -> None:
        self._paragraphs = paragraphs
        self._tokens = tokens
        self._speakers: dict[int, list[_Mention]] = defaultdict(list)  # named speakers of the quotes
        for a in found:
            if a.found == "named" and a.span and a.speaker:
                self._speakers[paragraphs.index_at(a.span[0])].append((a.span[0], a.speaker, a.span, a.role))
        self._by_paragraph: dict[int, list[_Mention]] = {}

    def nearest(
        self, before: int, head: str | None, pronoun: str | None = None
    ) -> tuple[str, tuple[int, int]] | None:
        """The latest named subject before `before`, in its paragraph or the previous one; for "he" or
        "she", not one the text itself calls by the other pronoun."""
        paragraph = self._paragraphs.index_at(before)
        wanted = _GENDER.get(pronoun or "")
        for _, speaker, span, role in self._looking_back(paragraph, before):
            called = self.called(span)
            if wanted is not None and called is not None and called != wanted:
                continue
            if head is None or (role is not None and head in role.lower()):
                return speaker, span
        return None

    def _looking_back(self, paragraph: int, before: int) -> Iterator[_Mention]:
        own = self._in_paragraph(paragraph)
        yield from reversed(own[: bisect.bisect_left([m[0] for m in own], before)])
        if paragraph > 0:
            yield from reversed(self._in_paragraph(paragraph - 1))

    def _in_paragraph(self, paragraph: int) -> list[_Mention]:
        found = self._by_paragraph.get(paragraph)
        if found is None:
            found = self._by_paragraph[paragraph] = self._find_in(paragraph)
        return found

    def _find_in(self, paragraph: int) -> list[_Mention]:
        """Sentence subjects, then quotes' speakers, then subjects of reporting verbs: in text order,
        ties in that order."""
        tokens, spans = self._tokens, self._paragraphs.spans
        first = tokens.index_at(spans[paragraph][0])
        last = tokens.index_at(spans[paragraph + 1][0]) if paragraph + 1 < len(spans) else len(tokens)
        mentions: list[_Mention] = []
        for i in _sentence_openings(tokens, first, last):
            source = sentence_subject(tokens, i)
            if source is not None and source.kind == "named" and source.span and source.speaker:
                mentions.append((source.span[0], source.speaker, source.span, source.role))
        mentions += self._speakers.get(paragraph, [])
        for a in _reported_speakers(tokens, first, last):
            if a.span and a.speaker:
                mentions.append((a.span[0], a.speaker, a.span, a.role))
        mentions = [m for m in mentions if self._paragraphs.index_at(m[0]) == paragraph]
        mentions.sort(key=lambda mention: mention[0])
        return mentions

    def word_at(self, offset: int) -> str | None:
        i = self._tokens.index_at(offset)
        return self._tokens.lower[i] if i < len(self._tokens) else None

    def called(self, span: tuple[int, int]) -> str | None:
        """ "m" or "f" when the first personal pronoun after a mention, in its sentence, says which
        ("Martin Doe, who said he ..."): a "she" three sentences on is someone else."""
        tokens = self._tokens
        first = tokens.index_at(span[1])
        sentence = tokens.sentence[first - 1] if first > 0 else 0
        for i in range(first, min(first + _PRONOUN_WINDOW, len(tokens))):
            if tokens.sentence[i] != sentence:
                break
            if tokens.quote[i] < 0 and tokens.lower[i] in _GENDER:
                return _GENDER[tokens.lower[i]]
        return None


def _sentence_openings(tokens: Tokens, first: int, last: int) -> Iterator[int]:
    """Each token from `first` to `last` whose sentence differs from the token before it's (compared in
    C, not token by token in Python: a paragraph can be long)."""
    column = tokens.sentence
    if first == 0 and last > 0:
        yield 0
    lo = max(first, 1)
    yield from itertools.compress(
        range(lo, last), map(operator.ne, column[lo:last], column[lo - 1 : last - 1])
    )


# Personal pronouns and what they say of the person they stand for.
_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
}
_PRONOUN_WINDOW = 12  # tokens after a mention read for a pronoun that refers back to it


def _reported_speakers(tokens: Tokens, first: int, last: int) -> list[Attribution]:
    """Named subjects of the reporting verbs from `first` to `last` outside quotes: `X said he would...`
    names a speaker too."""
    found = []
    # Picked out in C, not token by token in Python: a paragraph can be long.
    is_candidate = map(_REPORTING_WORDS.__contains__, itertools.islice(tokens.words, first, last))
    candidates = itertools.compress(range(first, last), is_candidate)
    for i in candidates:
        if tokens.quote[i] < 0 and _is_cue(tokens, i) and tokens.words[i] not in CUE_PARTICIPLES:
            attribution = _from_cue(tokens, i, _sentence_start(tokens, i))
            if attribution is not None and attribution.found == "named":
                found.append(attribution)
    return found


def _resolve(attribution: Attribution, quote: QuoteSpan, mentions: _Mentions) -> Attribution:
    source = attribution.pending
    if source is None:
        return attribution
    at = source.span[0] if source.span else quote.open_at
    pronoun = mentions.word_at(source.span[0]) if source.kind == "pronoun" and source.span else None
    nearest = mentions.nearest(min(at, quote.open_at), source.head, pronoun)
    if nearest is None:
        return replace(attribution, pending=None)
    speaker, span = nearest
    return Attribution(speaker, "resolved", span, attribution.role, attribution.cue)


def _continue(
    tokens: Tokens, quotes: list[QuoteSpan], paragraphs: Paragraphs, found: list[Attribution]
) -> list[Attribution]:
    """A quote without a verb of its own takes the speaker of the quote it continues."""
    firsts = [tokens.index_at(q.open_at) for q in quotes]
    sentences = [tokens.sentence[i] for i in firsts]
    opens = [tokens.opens_sentence(i) for i in firsts]
    result = list(found)
    for i in range(1, len(quotes)):
        if _open(result[i]) and _continues_previous(quotes, sentences, opens, paragraphs, i):
            result[i] = _inherit(result[i - 1])
    for i in range(len(quotes) - 2, -1, -1):
        if _open(result[i]) and _continued_by_next(quotes, sentences, opens, i):
            result[i] = _inherit(result[i + 1])
    return result


def _open(attribution: Attribution) -> bool:
    """No source of its own, and free to inherit one (a quoted title is not)."""
    return attribution is not NAMING and attribution.found == "none"


def _continues_previous(
    quotes: list[QuoteSpan], sentences: list[int], opens: list[bool], paragraphs: Paragraphs, i: int
) -> bool:
    quote, previous = quotes[i], quotes[i - 1]
    if quote.continues == i - 1 or sentences[i] == sentences[i - 1]:
        return True
    if not opens[i]:
        return False  # a quoted word inside someone else's sentence is not a continuation
    if quote.paragraph == previous.paragraph:
        return sentences[i] - sentences[i - 1] <= 1
    opens_paragraph = paragraphs.spans[quote.paragraph][0] == quote.open_at
    return (
        opens_paragraph
        and quote.paragraph == previous.paragraph + 1
        and _ends_paragraph(previous, paragraphs)
    )


def _ends_paragraph(quote: QuoteSpan, paragraphs: Paragraphs) -> bool:
    """The quote stands in its paragraph's last sentence: little but punctuation or a cue follows it."""
    return paragraphs.spans[quote.paragraph][1] - quote.region_end < 120


def _continued_by_next(quotes: list[QuoteSpan], sentences: list[int], opens: list[bool], i: int) -> bool:
    quote, following = quotes[i], quotes[i + 1]
    if following.continues == i or sentences[i + 1] == sentences[i]:
        return True
    return opens[i] and following.paragraph == quote.paragraph and sentences[i + 1] - sentences[i] == 1


def _inherit(attribution: Attribution) -> Attribution:
    if attribution.speaker is None:
        return attribution if attribution.found == "none" else replace(attribution, cue=None)
    return Attribution(attribution.speaker, "continuation", attribution.span, attribution.role, None)
