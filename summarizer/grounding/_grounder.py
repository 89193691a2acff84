"""Check a draft against the document's evidence index: every reference resolves, or is rejected with why.

The model answers by reference (quote numbers, sentence numbers, figures as written), so checking is
mostly looking up: a quote number must be one the model was offered, a sentence number must exist, a
figure must have its value in the text. Where the model's words meet the evidence, the checks are
strict: a speaker it names must be the one local attribution found (or one the quote resolves to),
otherwise its speaker is rejected and the quote ships with the source's own attribution.

Nothing here is re-asked: each item is decided once, after the call, rejected with its reason or
flagged, so one call per document is the norm (a re-ask costs a whole generation).
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, TypeVar

from summarizer.brief import (
    Actor,
    ActorKindName,
    GroundingStatus,
    KeyNumber,
    KeyPoint,
    Quote,
    RejectedItem,
    Span,
    SuspectedInjection,
    Uncertainty,
)
from summarizer.drafting import BriefDraft, DraftDoubt, DraftNumber, DraftPoint, DraftQuote, offered_quotes
from summarizer.evidence import (
    CueEvidence,
    DocumentIndex,
    Evidence,
    Match,
    NumberEvidence,
    NumberValues,
    QuoteEvidence,
    number_tokens,
    same_person,
)
from summarizer.reading import CleanText

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][a-z]+)?")
# Words that carry no claim: a key point sharing only these with its sentences is not supported by them.
_FUNCTION_WORDS_TEXT = (
    "a an the and or but of to in on at by for with from as is are was were be been being has have had "
    "it its this that these those there their they them he she his her we our you your i not no will "
    "would can could may might should than then also into over about after before more most some such "
    "which who whom whose what when where while said says say"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
# A key point is supported when its cited sentences hold this share of its content words.
_SUPPORT_SHARE = 0.4
_DUPLICATE_SHARE = 0.8


_Item = TypeVar("_Item", DraftQuote, DraftNumber, DraftDoubt)
_Grounded = TypeVar("_Grounded", Quote, KeyNumber, Uncertainty)
ItemKind = Literal["quote", "number", "uncertainty"]


class ItemRejected(Exception):
    """Raised inside the per-item rules; the message says what is wrong with the item."""


@dataclass
class GroundedDraft:
    key_points: list[KeyPoint] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    numbers: list[KeyNumber] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    uncertainties: list[Uncertainty] = field(default_factory=list)
    rejected: list[RejectedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def absorb(self, earlier: GroundedDraft, attempt: int) -> list[str]:
        """Add the verified items of an earlier attempt that this one lacks; say which were added.

        Told to fix one reference and keep the rest, a small model often drops good items too. Each
        item is verified on its own against the source, so one verified in any attempt is safe to keep.
        """
        kept: list[str] = []
        have = {a.name.casefold() for a in self.actors}
        for actor in earlier.actors:
            if actor.name.casefold() not in have:
                self.actors.append(actor)
                kept.append(f"actor {actor.name!r} (attempt {attempt})")
        for kind, mine, theirs in (
            ("number", self.numbers, earlier.numbers),
            ("quote", self.quotes, earlier.quotes),
            ("uncertainty", self.uncertainties, earlier.uncertainties),
        ):
            for item in theirs:
                if not any(_overlaps(item.span, other.span) for other in mine):
                    mine.append(item)  # type: ignore[arg-type]
                    kept.append(f"{kind} at {item.span.start}-{item.span.end} (attempt {attempt})")
        return kept


class Grounder:
    """Checks drafts against one cleaned document and its evidence."""

    def __init__(self, clean: CleanText, evidence: Evidence) -> None:
        self.clean = clean
        self.evidence = evidence
        self.index = DocumentIndex(clean.text, evidence.numbers)
        self._offered = {q.id: q for q in offered_quotes(evidence)}
        # Content words of each sentence asked about, read once: a figure written a thousand times in
        # one long sentence would otherwise read that sentence a thousand times.
        self._words: dict[int, set[str]] = {}
        self._lacking: dict[tuple[int, frozenset[str]], bool] = {}

    def ground(self, draft: BriefDraft) -> GroundedDraft:
        grounded = GroundedDraft()
        grounded.key_points, grounded.warnings = self._key_points(draft.points)
        kept = [q for q in draft.quotes if q.keep]
        grounded.quotes = self._each("quote", kept, self._quote, grounded.rejected)
        grounded.actors = self._actors(draft.actors, grounded.rejected)
        grounded.numbers = self._each("number", draft.numbers, self._number, grounded.rejected)
        grounded.warnings += self._unlabelled(grounded.numbers)
        grounded.uncertainties = self._each("uncertainty", draft.doubts, self._doubt, grounded.rejected)
        return grounded

    def suspected_injections(self) -> list[SuspectedInjection]:
        """The passages left out as suspected prompt injection, with spans into the source file."""
        found = []
        for suspect in self.evidence.suspects:
            span = self._span(suspect.start, suspect.end)
            found.append(SuspectedInjection(span=span, rule=suspect.rule, text=self._source_text(span)))
        return found

    # -- key points -------------------------------------------------------------------------

    def _key_points(self, points: list[DraftPoint]) -> tuple[list[KeyPoint], list[str]]:
        """Each point with its cited sentences; repeats collapse; weak support is flagged."""
        kept: list[KeyPoint] = []
        seen: list[set[str]] = []
        warnings = []
        for point in points:
            words = content_words(point.text)
            if not point.text.strip() or any(_similar(words, other) for other in seen):
                continue
            seen.append(words)
            cited = [s for s in dict.fromkeys(point.s) if self.evidence.sentence(s) is not None]
            suspect = [s for s in cited if self.evidence.suspect_at(self._sentence_start(s))]
            if suspect:
                warnings.append(
                    f"key_points[{len(kept)}]: cites sentences ({', '.join(map(str, suspect))}) of a "
                    "suspected prompt injection, which support nothing; those citations are dropped"
                )
                cited = [s for s in cited if s not in suspect]
            sentences = " ".join(self._sentence_text(s) for s in cited)
            support: Literal["supported", "weak", "uncited"] = (
                _support(words, content_words(sentences)) if cited else "uncited"
            )
            if support == "weak":
                warnings.append(
                    f"key_points[{len(kept)}]: its cited sentences ({', '.join(map(str, cited))}) "
                    "share too few of its words to support it"
                )
            spans = [self._sentence_span(s) for s in cited]
            kept.append(KeyPoint(text=point.text, sentences=spans, support=support))
        return kept, warnings

    # -- quotes -----------------------------------------------------------------------------

    def _quote(self, item: DraftQuote, rejected: list[RejectedItem], n: int) -> Quote:
        asked = self.evidence.quote(item.q)
        if asked is not None:
            self._refuse_suspect(asked.start, f"Q{item.q}")
        found = self._offered.get(item.q)
        if found is None:
            raise ItemRejected(f"there is no quote Q{item.q} in the document")
        if item.speaker is not None and not _same_speaker(item.speaker, found):
            why = (
                f"quote {n} (Q{item.q}): the document does not attribute it to {item.speaker!r}; "
                + (f"it is {found.speaker!r}'s ({found.found})" if found.speaker else "it names no speaker")
                + ", and the quote ships with that attribution"
            )
            rejected.append(RejectedItem(kind="speaker", item=item.model_dump(), reason=why))
        span = self._span(found.start, _trimmed_end(self.evidence.text, found.start, found.end))
        speaker_span = self._span(*found.speaker_span) if found.speaker_span else None
        return Quote(
            text=self._source_text(span),
            speaker=found.speaker,
            speaker_found=found.found,
            speaker_role=found.role,
            speaker_span=speaker_span,
            span=span,
            status="exact",
        )

    # -- actors -----------------------------------------------------------------------------

    def _actors(self, actors: Mapping[str, ActorKindName], rejected: list[RejectedItem]) -> list[Actor]:
        # A person's role as the source gives it where they speak ("John Kirby, spokesperson for ...").
        roles = {q.speaker: q.role for q in self.evidence.quotes if q.speaker and q.role}
        grounded = []
        for n, (name, kind) in enumerate(actors.items(), 1):
            try:
                grounded.append(self._actor(name.strip(), kind, roles))
            except ItemRejected as why:
                item = {"name": name, "kind": kind}
                rejected.append(RejectedItem(kind="actor", item=item, reason=f"actor {n}: {why}"))
        return grounded

    def _actor(self, name: str, kind: ActorKindName, roles: Mapping[str, str]) -> Actor:
        match = _first(self._outside_suspects(self.index.find_all(name, ignore_case=True)))
        status: GroundingStatus = "exact" if match and match.exact else "normalized"
        if match is None and kind == "person" and len(name.split()) > 1:
            match = self._whole_word(name.split()[-1])
            status = "alias"
        if match is None:
            raise ItemRejected(f"{name!r} is not named in the document")
        role = next((r for speaker, r in roles.items() if same_person(name, speaker)), None)
        span = self._span(match.start, match.end)
        return Actor(name=name, kind=kind, role=role, span=span, status=status)

    # -- numbers ----------------------------------------------------------------------------

    def _number(self, item: DraftNumber, rejected: list[RejectedItem], n: int) -> KeyNumber:
        values = [v for token in number_tokens(item.n) for v in token.values]
        if not values:
            raise ItemRejected(f"{_clip(item.n)!r} is not a figure")
        same = self._numbers_valued(values)
        if same and all(self.evidence.suspect_at(e.start) for e in same):
            self._refuse_suspect(same[0].start, repr(_clip(item.n)))
        same = [e for e in same if self.evidence.suspect_at(e.start) is None]
        if not same:
            raise ItemRejected(f"{_clip(item.n)!r} is not a figure the document gives")
        described = frozenset(content_words(f"{item.counts or ''} {item.of or ''}"))
        best = max(same, key=lambda e: (self._shared_words(e, described), e.text == item.n.strip(), -e.start))
        span = self._span(best.start, best.end)
        return KeyNumber(
            text=self._source_text(span),
            value=min(best.values, key=lambda v: abs(v - values[0])),
            counts=item.counts,
            of=item.of,
            qualifier=best.qualifier,
            claimed_by=self._claimed_by(best),
            span=span,
            sentence=self._sentence_span(best.sentence),
            status="exact" if best.text == item.n.strip() else "normalized",
        )

    def _unlabelled(self, numbers: list[KeyNumber]) -> list[str]:
        """Figures whose labels share no word with their sentence: a small model copies the prompt's
        example labels ("ports closed", "Vell") onto a real figure. The figure is the source's; its
        labels are the model's and are flagged, not shipped as if they were read there."""
        warnings = []
        for i, number in enumerate(numbers):
            labels = content_words(f"{number.counts or ''} {number.of or ''}")
            sentence = self.clean.source[number.sentence.start : number.sentence.end]
            if labels and not labels & content_words(sentence):
                warnings.append(
                    f"numbers[{i}]: what {number.text!r} counts and whose it is "
                    f"({number.counts!r}, {number.of!r}) are not in its sentence"
                )
            elif not self._owner_named(number):
                warnings.append(
                    f"numbers[{i}]: whose {number.text!r} is ({number.of!r}) is named neither in its "
                    "sentence nor in the one before"
                )
        return warnings

    def _owner_named(self, number: KeyNumber) -> bool:
        """Whether the figure's owner, as the model gives it, is named where the figure stands: in its
        sentence, or in the one before ("Emirates ordered jets. It has 123 A380s"). A small model
        hands a figure to the wrong company in the story ("Boeing's 123 A380s")."""
        owner = content_words(number.of or "")
        if not owner:
            return True
        sentences = self.evidence.sentences
        at = bisect.bisect_left(
            sentences, number.sentence.start, key=lambda s: self.clean.to_original(s.start)
        )
        around = sentences[max(at - 1, 0) : at + 1]
        if not around:
            return True
        text = self.clean.source[self.clean.to_original(around[0].start) : number.sentence.end]
        return bool(owner & content_words(text))

    def _shared_words(self, number: NumberEvidence, described: frozenset[str]) -> int:
        if number.sentence not in self._words and self._cannot_hold(number.sentence, described):
            return 0
        return len(described & self._sentence_words(number.sentence))

    def _cannot_hold(self, sentence: int, described: frozenset[str]) -> bool:
        """Whether a sentence holds none of the described words even as a piece of its text lower-cased
        (every content word is one): then it is not read word by word, since a figure given thousands of
        times has thousands of sentences. Kept per sentence and description: one long sentence can
        hold thousands of figures."""
        key = (sentence, described)
        if key not in self._lacking:
            text = self._sentence_text(sentence).lower().replace("’", "'")
            self._lacking[key] = not any(word in text for word in described)
        return self._lacking[key]

    def _claimed_by(self, number: NumberEvidence) -> str | None:
        """A figure inside a quote is its speaker's claim."""
        around = next((q for q in self.evidence.quotes if q.start <= number.start < q.end), None)
        return around.speaker if around else None

    # -- doubts -----------------------------------------------------------------------------

    def _doubt(self, item: DraftDoubt, rejected: list[RejectedItem], n: int) -> Uncertainty:
        """The hedging cue of the cited sentence; if that sentence has none, the hedged sentence that
        shares most of the claim's words (small models cite a neighbour of the right sentence)."""
        sentence = self._hedged_sentence(item)
        self._refuse_suspect(self._sentence_start(sentence), f"sentence {sentence}")
        if not content_words(item.claim) & self._sentence_words(sentence):
            raise ItemRejected(f"the claim {_clip(item.claim)!r} is not what sentence {sentence} says")
        cues = self._cues_of(sentence)
        claim = item.claim.casefold()
        cue = next((c for c in cues if c.text.casefold() in claim), cues[0])
        span = self._span(cue.start, cue.end)
        text = self._source_text(span)
        return Uncertainty(
            claim=item.claim,
            reason=f"the source hedges it: “{text}”",
            cue=text,
            span=span,
            sentence=self._sentence_span(sentence),
            status="exact",
        )

    def _hedged_sentence(self, item: DraftDoubt) -> int:
        """The cited sentence if it hedges and no other hedged sentence makes the claim better; a small
        model often cites a neighbour of the sentence it paraphrases."""
        hedged = self._hedged
        if item.s not in hedged.ids:
            self._refuse_suspect(self._sentence_start(item.s), f"sentence {item.s}")
        claim = content_words(item.claim)
        best, most = hedged.sharing_most(claim)
        makes_claim = best is not None and most >= max(2, _SUPPORT_SHARE * len(claim))
        if item.s in hedged.ids and not (makes_claim and most > hedged.shared(item.s, claim)):
            return item.s
        if best is None or not makes_claim:
            raise ItemRejected(
                f"sentence {item.s} holds no hedging words, and no hedged sentence makes the claim"
            )
        return best

    @cached_property
    def _hedged(self) -> _HedgedSentences:
        ids = sorted({c.sentence for c in self.evidence.cues if self.evidence.suspect_at(c.start) is None})
        return _HedgedSentences(ids, self._sentence_texts(ids))

    @cached_property
    def _cue_sentences(self) -> array[int]:
        return array("q", (c.sentence for c in self.evidence.cues))

    def _cues_of(self, sentence: int) -> list[CueEvidence]:
        """The cues of one sentence, in text order (cues are in text order, so their sentences ascend)."""
        first = bisect.bisect_left(self._cue_sentences, sentence)
        return list(self.evidence.cues[first : bisect.bisect_right(self._cue_sentences, sentence)])

    @cached_property
    def _values(self) -> NumberValues:
        return NumberValues((i, n.values) for i, n in enumerate(self.evidence.numbers))

    def _numbers_valued(self, values: list[float]) -> list[NumberEvidence]:
        """The figures with a reading that is the same number as one of `values`, in text order."""
        return [self.evidence.numbers[i] for i in self._values.same_as(values)]

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _each(
        kind: ItemKind,
        items: Sequence[_Item],
        rule: Callable[[_Item, list[RejectedItem], int], _Grounded],
        rejected: list[RejectedItem],
    ) -> list[_Grounded]:
        """Apply one kind's rule to each item; a failure becomes a rejection numbered as the model sees it.

        An item repeated word for word is one item; two items that land on the same span are one too.
        """
        grounded: list[_Grounded] = []
        seen: set[str] = set()
        for n, item in enumerate(items, 1):
            key = item.model_dump_json()
            if key in seen:
                continue
            seen.add(key)
            try:
                found = rule(item, rejected, n)
            except ItemRejected as why:
                rejected.append(RejectedItem(kind=kind, item=item.model_dump(), reason=f"{kind} {n}: {why}"))
                continue
            if not any(other.span == found.span for other in grounded):
                grounded.append(found)
        return grounded

    def _whole_word(self, word: str) -> Match | None:
        matches = self._outside_suspects(self.index.find_all(word))
        return next((m for m in matches if _is_whole_word(self.index.text, m)), None)

    def _outside_suspects(self, matches: list[Match]) -> list[Match]:
        """A name given only in a suspected injection is not named by the document."""
        return [m for m in matches if self.evidence.suspect_at(m.start) is None]

    def _refuse_suspect(self, offset: int, what: str) -> None:
        suspect = self.evidence.suspect_at(offset)
        if suspect is not None:
            raise ItemRejected(
                f"{what} stands in a suspected prompt injection ({suspect.rule}), text written to the AI "
                "that reads the document: it is evidence of nothing"
            )

    def _sentence_start(self, sentence_id: int) -> int:
        sentence = self.evidence.sentence(sentence_id)
        return sentence.start if sentence else -1

    def _sentence_words(self, sentence_id: int) -> set[str]:
        if sentence_id not in self._words:
            self._words[sentence_id] = content_words(self._sentence_text(sentence_id))
        return self._words[sentence_id]

    def _sentence_text(self, sentence_id: int) -> str:
        sentence = self.evidence.sentence(sentence_id)
        return self.evidence.text[sentence.start : sentence.end] if sentence else ""

    def _sentence_texts(self, sentence_ids: list[int]) -> Iterator[str]:
        """`_sentence_text` of each of `sentence_ids`, all of which exist: read without the check and the
        call per sentence, for the tens of thousands of hedged sentences of a long document."""
        text, sentences = self.evidence.text, self.evidence.sentences
        for sentence in map(sentences.__getitem__, map((-1).__add__, sentence_ids)):
            yield text[sentence.start : sentence.end]

    def _sentence_span(self, sentence_id: int) -> Span:
        sentence = self.evidence.sentence(sentence_id)
        assert sentence is not None, sentence_id
        return self._span(sentence.start, sentence.end)

    def _span(self, start: int, end: int) -> Span:
        return self.clean.span_to_original(start, end)

    def _source_text(self, span: Span) -> str:
        return self.clean.source[span.start : span.end]


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry meaning, with a plural or possessive 's' taken off."""
    return _content_words(text, _ContentForms())


def _content_words(text: str, forms: _ContentForms) -> set[str]:
    """`content_words`, with `forms` keeping each written word's form across calls: a long document
    repeats its words, and looking a word up is cheaper than working out its form again."""
    found = set(map(forms.__getitem__, set(_WORD.findall(text))))
    found.discard("")
    return found


class _ContentForms(dict[str, str]):
    """Each written word's content form, worked out the first time it is asked for ("": no content)."""

    def __missing__(self, written: str) -> str:
        word = written.lower().replace("’", "'").removesuffix("'s")
        self[written] = _content_form(word) if word not in _FUNCTION_WORDS else ""
        return self[written]


def _content_form(word: str) -> str:
    """A content word without its plural 's'."""
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _support(point: set[str], sentences: set[str]) -> Literal["supported", "weak"]:
    if not point:
        return "supported"
    return "supported" if len(point & sentences) >= _SUPPORT_SHARE * len(point) else "weak"


def _similar(a: set[str], b: set[str]) -> bool:
    return bool(a | b) and len(a & b) >= _DUPLICATE_SHARE * len(a | b)


def _same_speaker(named: str, quote: QuoteEvidence) -> bool:
    """The model's speaker names the attributed (or resolved) source, by the same name words."""
    return quote.speaker is not None and same_person(named, quote.speaker)


def _trimmed_end(text: str, start: int, end: int) -> int:
    """The end of a quote without the comma or colon that hands it to its attribution (“..., ” he said):
    where that mark sits against the closing quote mark is house style, not the speaker's words."""
    while end > start and text[end - 1] in _HANDOVER:
        end -= 1
    return end


_HANDOVER = frozenset(",;: \t")


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _first(matches: list[Match]) -> Match | None:
    return matches[0] if matches else None


def _is_whole_word(text: str, match: Match) -> bool:
    before = text[match.start - 1] if match.start > 0 else " "
    after = text[match.end] if match.end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _HedgedSentences:
    """The hedged sentences and, for each content word, the hedged sentences holding it: a doubt is
    checked against every hedged sentence, and reading each one per doubt was most of grounding's
    time on a long document."""

    def __init__(self, ids: list[int], texts: Iterable[str]) -> None:
        """`ids` ascending, `texts` the text of each in the same order."""
        self.ids = frozenset(ids)
        self._first = ids[0] if ids else None
        # Lists, not arrays: converting tens of thousands of them saved no memory (a list holds the same
        # id objects the loop appended), and counting over an array makes an int object per element.
        self._holding: Mapping[str, list[int]] = _by_content_word(_by_written_word(ids, texts))

    def shared(self, sentence: int, claim: set[str]) -> int:
        """How many of the claim's words a hedged sentence holds."""
        return sum(1 for word in claim if _holds(self._holding.get(word), sentence))

    def sharing_most(self, claim: set[str]) -> tuple[int | None, int]:
        """The first hedged sentence holding the most of the claim's words, and how many it holds."""
        counts: Counter[int] = Counter()
        for word in claim:
            counts.update(self._holding.get(word, ()))
        most = max(counts.values(), default=0)
        if most == 0:
            return self._first, 0
        return min(s for s, count in counts.items() if count == most), most


def _by_written_word(ids: list[int], texts: Iterable[str]) -> dict[str, list[int]]:
    """For each word as written, the sentences holding it, in the order of `ids`."""
    holding: defaultdict[str, list[int]] = defaultdict(list)
    for sentence, text in zip(ids, texts, strict=True):
        for written in set(_WORD.findall(text)):
            holding[written].append(sentence)
    return holding


def _by_content_word(by_written: Mapping[str, list[int]]) -> dict[str, list[int]]:
    """For each content word, the sentences holding it, ascending, from those holding each way it is
    written. Each written word's form is read once per document, not once per sentence holding it (that
    was a fifth of the build); most words are written one way and keep their list as it is, and the
    lists of a word written several ways ("Cats", "cat's") are merged once, at the end."""
    forms = _ContentForms()
    holding: dict[str, list[int]] = {}
    other_ways: defaultdict[str, list[list[int]]] = defaultdict(list)
    for written, sentences in by_written.items():
        word = forms[written]
        if word and holding.setdefault(word, sentences) is not sentences:
            other_ways[word].append(sentences)
    for word, lists in other_ways.items():
        holding[word] = sorted(set(holding[word]).union(*lists))
    return holding


def _holds(sentences: list[int] | None, sentence: int) -> bool:
    if not sentences:
        return False
    i = bisect.bisect_left(sentences, sentence)
    return i < len(sentences) and sentences[i] == sentence
