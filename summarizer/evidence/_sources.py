"""Who a reporting verb's subject is: the noun phrase before it ("X said"), after it ("said X"),
or the subject of its clause ("X attacked Y, saying ...").

A source is named (a capitalized run, titles set apart), a pronoun still to resolve, or a
description ("officials", "an expert who ...") kept as written. Every read is a short token window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from summarizer.evidence._lexicon import (
    CUE_VERBS,
    DETERMINERS,
    INTRO_WORDS,
    OTHER_PRONOUNS,
    PERSONAL_PRONOUNS,
    PREPOSITIONS,
    RELATIVE_PRONOUNS,
    SUBJECT_VERB_FILLERS,
    forms,
)
from summarizer.evidence._names import (
    description_start,
    run_ending_at,
    run_starting_at,
    split_titles,
)
from summarizer.evidence._tokens import Tokens

_CHUNK = 15  # longest noun phrase read, in tokens
_APPOSITIVE = 25
_CLAUSE_INTRO = 25
_DEFINITE = forms("the this that")


@dataclass(frozen=True)
class Source:
    kind: str  # "named", "pronoun" (to resolve), "unnamed"
    speaker: str | None = None
    span: tuple[int, int] | None = None  # the name as written (or the pronoun)
    role: str | None = None
    head: str | None = None  # head noun of a definite description ("the spokesman"), to resolve


def subject_before(tokens: Tokens, cue: int, lo: int) -> Source | None:
    """The subject standing before the verb at `cue`: `X said`, `X, the mayor, said`, `X (D-Mo.) said`."""
    sentence = tokens.sentence[cue]
    j = _skip_fillers(tokens, cue - 1, lo, sentence)
    if j < lo or not tokens.free(j, sentence):
        return None
    if tokens.lower[j] in ("and", "but", "or", "then"):  # a second verb shares the clause's subject
        return clause_subject(tokens, cue, lo)
    j = _skip_parenthesis(tokens, j, lo)
    appositive = None
    if j >= lo and tokens.words[j] == ",":
        comma = _previous_comma(tokens, j - 1, lo, sentence)
        if comma is None:
            return None
        appositive = (comma + 1, j - 1)
        j = _skip_parenthesis(tokens, comma - 1, lo)
    source = noun_phrase_ending_at(tokens, j, lo, appositive)
    if appositive is None or source is None or source.kind != "unnamed":
        return source
    described = _chunk_start(tokens, j, lo) - 1  # the token before the description
    if described >= lo and tokens.words[described] == ",":
        # `X, a philanthropist from Monsey, New York, said`: the name stands one comma further back.
        earlier = noun_phrase_ending_at(tokens, _skip_parenthesis(tokens, described - 1, lo), lo)
        if earlier is not None and earlier.kind == "named":
            return replace(earlier, role=tokens.phrase(described + 1, appositive[1]))
        return source
    return _name_in_apposition(tokens, appositive, source) or source


def _name_in_apposition(tokens: Tokens, appositive: tuple[int, int], described: Source) -> Source | None:
    """`His manager, Ana Ruiz, said`: the description comes first and the name stands in apposition."""
    first, last = appositive
    if run_ending_at(tokens, last, first) != first:
        return None
    name = split_titles(tokens, first, last)
    return None if name is None else _named_source(tokens, name.first, name.last, described.role)


def _skip_fillers(tokens: Tokens, j: int, lo: int, sentence: int) -> int:
    for _ in range(4):
        if j < lo or not tokens.free(j, sentence):
            break
        lower = tokens.lower[j]
        if lower not in SUBJECT_VERB_FILLERS and not (lower.endswith("ly") and tokens.words[j].islower()):
            break
        j -= 1
    return j


def _skip_parenthesis(tokens: Tokens, j: int, lo: int) -> int:
    if j < lo or tokens.words[j] != ")":
        return j
    for i in range(j - 1, max(j - 12, lo - 1), -1):
        if tokens.words[i] == "(":
            return i - 1
    return j


def _previous_comma(tokens: Tokens, j: int, lo: int, sentence: int) -> int | None:
    quote, sentences, words = tokens.quote, tokens.sentence, tokens.words
    for i in range(j, max(j - _APPOSITIVE, lo - 1), -1):
        if i < 0 or quote[i] >= 0 or sentences[i] != sentence:  # `tokens.free`, inlined: a hot loop
            return None
        if words[i] == ",":
            return i
    return None


def noun_phrase_ending_at(
    tokens: Tokens, last: int, lo: int, appositive: tuple[int, int] | None = None
) -> Source | None:
    if last < lo or not tokens.free(last, tokens.sentence[last]) or not tokens.is_word(last):
        return None
    chunk_lo = _chunk_start(tokens, last, lo)
    head = last
    for i in range(chunk_lo + 1, last + 1):  # "an expert who was interviewed by X": the head is "expert"
        if tokens.lower[i] in RELATIVE_PRONOUNS:
            head = i - 1
            break
    lower = tokens.lower[head]
    if lower in PERSONAL_PRONOUNS:
        return Source("pronoun", span=tokens.span(head, head), role=_role(tokens, appositive))
    if lower in OTHER_PRONOUNS:
        return Source("unnamed", role=tokens.words[head])
    named = _named(tokens, head, chunk_lo, appositive)
    if named is not None:
        return named
    return _description(tokens, description_start(tokens, head, chunk_lo), head, last)


def _chunk_start(tokens: Tokens, last: int, lo: int) -> int:
    first = last
    sentence = tokens.sentence[last]
    while first - 1 >= lo and last - first < _CHUNK and tokens.free(first - 1, sentence):
        word = tokens.words[first - 1]
        if not (tokens.is_word(first - 1) or word == ".") or tokens.lower[first - 1] in CUE_VERBS:
            break
        first -= 1
    while tokens.words[first] == "." and first < last:
        first += 1
    return first


def _named(tokens: Tokens, head: int, lo: int, appositive: tuple[int, int] | None) -> Source | None:
    first = run_ending_at(tokens, head, lo)
    if first is None:
        return None
    if first - 1 >= lo and tokens.lower[first - 1] in PREPOSITIONS:
        return None  # "a friend of X": X is not the subject
    name = split_titles(tokens, first, head)
    if name is None:
        return None
    role = _role(tokens, appositive) or _premodifiers(tokens, first, name.first, lo)
    return _named_source(tokens, name.first, name.last, role)


def _named_source(tokens: Tokens, first: int, last: int, role: str | None) -> Source:
    return Source("named", tokens.phrase(first, last), tokens.span(first, last), role)


def _premodifiers(tokens: Tokens, run_first: int, name_first: int, lo: int) -> str | None:
    """The words describing a name before it: "former FBI agent", "Secretary of State"."""
    first = run_first
    while first - 1 >= lo and run_first - first < 8 and tokens.is_word(first - 1):
        lower = tokens.lower[first - 1]
        if lower in INTRO_WORDS or lower in RELATIVE_PRONOUNS or lower in CUE_VERBS:
            break
        first -= 1
        if lower in DETERMINERS:
            break
    return tokens.phrase(first, name_first - 1) if first < name_first else None


def _role(tokens: Tokens, appositive: tuple[int, int] | None) -> str | None:
    """An appositive is a role when it describes ("the mayor"), not when it sets a scene ("in Ohio")."""
    if appositive is None or appositive[0] > appositive[1]:
        return None
    lower = tokens.lower[appositive[0]]
    if lower in PREPOSITIONS or lower.endswith("ing") or lower in ("speaking", "asked"):
        return None
    return tokens.phrase(*appositive)


def _description(tokens: Tokens, first: int, head: int, last: int) -> Source:
    definite = tokens.lower[first] in _DEFINITE and first < head
    return Source("unnamed", role=tokens.phrase(first, last), head=tokens.lower[head] if definite else None)


def noun_phrase_after(tokens: Tokens, first: int) -> Source | None:
    """The source after an inverted verb or "according to": `said X, the mayor`, `according to an expert`."""
    if first >= len(tokens) or tokens.quote[first] >= 0 or not tokens.is_word(first):
        return None
    lower = tokens.lower[first]
    if lower in PERSONAL_PRONOUNS:
        return Source("pronoun", span=tokens.span(first, first))
    if lower in OTHER_PRONOUNS:
        return Source("unnamed", role=tokens.words[first])
    last, name_run, describing = _scan_phrase_after(tokens, first)
    if name_run is not None and not describing and name_run[1] == last:
        name = split_titles(tokens, *name_run)
        if name is not None:
            role = _appositive_after(tokens, last + 1) or _span_text(tokens, first, name.first - 1)
            return Source(
                "named", tokens.phrase(name.first, name.last), tokens.span(name.first, name.last), role
            )
    definite = lower in _DEFINITE
    head = tokens.lower[last] if definite else None
    return Source("unnamed", role=tokens.phrase(first, last), head=head)


def _scan_phrase_after(tokens: Tokens, first: int) -> tuple[int, tuple[int, int] | None, bool]:
    """Last token of the phrase, its last name run, and whether it turned into a description."""
    sentence = tokens.sentence[first]
    hi = min(first + _CHUNK, len(tokens))
    at, last = first, first
    name_run: tuple[int, int] | None = None
    describing = False
    while at < hi and tokens.free(at, sentence) and tokens.is_word(at):
        end = run_starting_at(tokens, at, hi)
        if end is not None:
            name_run, last, at = (at, end), end, end + 1
            if not describing and _ends_name_phrase(tokens, at, sentence):
                break
            continue
        lower = tokens.lower[at]
        if lower in PREPOSITIONS or lower in RELATIVE_PRONOUNS:
            if name_run is not None and not describing:
                break
            describing = True
        last, at = at, at + 1
    return last, name_run, describing


def _ends_name_phrase(tokens: Tokens, at: int, sentence: int) -> bool:
    if not tokens.free(at, sentence) or not tokens.is_word(at):
        return True
    lower = tokens.lower[at]
    return (
        lower in PREPOSITIONS
        or lower in RELATIVE_PRONOUNS
        or lower in CUE_VERBS
        or lower in SUBJECT_VERB_FILLERS
        or lower.endswith(("ing", "ed", "ly"))
        or lower in ("and", "but", "as", "when", "while", "after", "before", "because", "whether", "if")
    )


def _appositive_after(tokens: Tokens, comma: int) -> str | None:
    sentence = tokens.sentence[comma - 1]
    if not tokens.free(comma, sentence) or tokens.words[comma] != ",":
        return None
    end = comma + 1
    while end < min(comma + _APPOSITIVE, len(tokens)) and tokens.free(end, sentence):
        if not tokens.is_word(end) and tokens.words[end] not in ("-", "'", "\u2019", "&"):
            break
        end += 1
    return _role(tokens, (comma + 1, end - 1))


def _span_text(tokens: Tokens, first: int, last: int) -> str | None:
    return tokens.phrase(first, last) if first <= last else None


def clause_subject(tokens: Tokens, cue: int, lo: int) -> Source | None:
    """The subject a participle or a second verb shares: an earlier cue's, else the sentence's.

    `with the campaign saying ...` is the exception: the participle has its own subject.
    """
    sentence = tokens.sentence[cue]
    if tokens.is_word(cue - 1) and tokens.lower[_chunk_start(tokens, cue - 1, lo)] == "with":
        return noun_phrase_ending_at(tokens, cue - 1, _chunk_start(tokens, cue - 1, lo) + 1)
    for i in range(cue - 1, max(cue - 40, lo - 1), -1):
        if tokens.free(i, sentence) and _finite_cue(tokens, i):
            source = subject_before(tokens, i, lo)
            if source is not None and source.kind != "unnamed":
                return source
    return sentence_subject(tokens, _sentence_first(tokens, cue, lo))


def _finite_cue(tokens: Tokens, i: int) -> bool:
    word = tokens.words[i]
    return tokens.lower[i] in CUE_VERBS and word.islower() and not word.endswith("ing")


def _sentence_first(tokens: Tokens, at: int, lo: int) -> int:
    return max(tokens.sentence_start(at), lo)


def sentence_subject(tokens: Tokens, first: int) -> Source | None:
    """A named or pronoun subject opening the sentence at token `first`, after a short intro phrase."""
    if first >= len(tokens) or tokens.quote[first] >= 0:
        return None
    sentence = tokens.sentence[first]
    at = _after_intro(tokens, first, sentence)
    if at is None or not tokens.free(at, sentence):
        return None
    if tokens.lower[at] in PERSONAL_PRONOUNS:
        return Source("pronoun", span=tokens.span(at, at))
    end = run_starting_at(tokens, at, len(tokens))
    if end is None or not tokens.free(end + 1, sentence):
        return None
    follower = tokens.words[end + 1]
    if not (follower in (",", "(") or follower.islower()) or tokens.lower[end + 1] in PREPOSITIONS:
        return None
    name = split_titles(tokens, at, end)
    if name is None:
        return None
    return _named_source(tokens, name.first, name.last, _appositive_after(tokens, end + 1))


def _after_intro(tokens: Tokens, first: int, sentence: int) -> int | None:
    at = first
    if tokens.lower[at] in ("but", "and", "so", "yet", "still", "meanwhile", "however"):
        at += 1 + (tokens.free(at + 1, sentence) and tokens.words[at + 1] == ",")
    if not tokens.free(at, sentence):
        return None
    lower = tokens.lower[at]
    if lower in INTRO_WORDS or lower.endswith(("ing", "ly")):
        return next(
            filter(None, (_after_intro_comma(tokens, i, sentence) for i in range(at, at + _CLAUSE_INTRO))),
            None,
        )
    return at


def _after_intro_comma(tokens: Tokens, i: int, sentence: int) -> int | None:
    """The token after a comma that ends an intro phrase: a free comma, or one that closes a quote
    inside the phrase (`At an event billed as "Hard Hats for Hillary," Clinton unveiled`), where
    the comma stands within the quote marks and the subject right after them."""
    if i >= len(tokens) or tokens.words[i] != "," or tokens.sentence[i] != sentence:
        return None
    if tokens.quote[i] < 0:
        return i + 1
    after = i + 1
    closing = after < len(tokens) and tokens.quote[after] == tokens.quote[i] and not tokens.is_word(after)
    return after + 1 if closing and tokens.free(after + 1, sentence) else None
