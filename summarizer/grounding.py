"""Ground a draft in its document: each item is found, or rejected with a reason the model can act on.

One pass produces both the verified items (with source spans and statuses) and the list of
problems; the problems are the re-ask feedback while attempts remain, and the rejected list after.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from summarizer.brief import (
    Actor,
    GroundingStatus,
    KeyNumber,
    Quote,
    RejectedItem,
    Span,
    Uncertainty,
)
from summarizer.clean import CleanText
from summarizer.draft import BriefDraft, DraftActor, DraftNumber, DraftQuote, DraftUncertainty
from summarizer.locate import DocumentIndex, Match, NumberToken, number_tokens, same_number

_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e "
# Where a closing comma or period sits relative to the closing quote mark is a house-style
# (typographic) convention, so it is trimmed from the model's copy; the brief ships the source's text.
_EDGE_PUNCTUATION = ".,;:"
_QUALIFIER_WORDS = re.compile(
    r"(approximately|about|around|roughly|nearly|almost|some|an estimated|estimated|up to|"
    r"more than|over|at least|upwards of|fewer than|less than|under|at most)\s+$",
    re.IGNORECASE,
)
_MIN_QUOTE_WORDS = 3
_Item = TypeVar("_Item", DraftActor, DraftNumber, DraftQuote, DraftUncertainty)
_Grounded = TypeVar("_Grounded", Actor, KeyNumber, Quote, Uncertainty)
ItemKind = Literal["actor", "number", "quote", "uncertainty"]


@dataclass
class GroundedDraft:
    actors: list[Actor] = field(default_factory=list)
    numbers: list[KeyNumber] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    uncertainties: list[Uncertainty] = field(default_factory=list)
    rejected: list[RejectedItem] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [r.reason for r in self.rejected]

    def absorb(self, earlier: GroundedDraft, attempt: int) -> list[str]:
        """Add the verified items of an earlier attempt that this one lacks; say which were added.

        Told to fix one item and keep the rest, a small model often drops good items too. Each item
        is verified on its own against the source, so one verified in any attempt is safe to keep.
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


class ItemRejected(Exception):
    """Raised inside the per-item rules; the message is written for the model to act on."""


class Grounder:
    """Checks drafts against one cleaned document. Satisfies `draft.GroundingCheck`."""

    def __init__(self, clean: CleanText) -> None:
        self.clean = clean
        self.index = DocumentIndex(clean.text)
        # Words of each sentence asked about: a figure written a thousand times in one long sentence
        # compares its description with that sentence a thousand times, and reading it once is enough.
        self._sentence_words: dict[tuple[int, int], set[str]] = {}

    def problems(self, draft: BriefDraft) -> list[str]:
        return self.ground(draft).problems()

    def ground(self, draft: BriefDraft) -> GroundedDraft:
        aliases = {a.name: a.aliases for a in draft.actors}
        names = frozenset(a.name.casefold() for a in draft.actors)
        rejected: list[RejectedItem] = []
        return GroundedDraft(
            actors=self._ground_actors(draft.actors, names, rejected),
            numbers=_each("number", draft.numbers, self.ground_number, rejected),
            quotes=_each("quote", draft.quotes, lambda q: self.ground_quote(q, aliases), rejected),
            uncertainties=_each("uncertainty", draft.uncertainties, self.ground_uncertainty, rejected),
            rejected=rejected,
        )

    # -- per kind ---------------------------------------------------------------------------

    def _ground_actors(
        self, actors: list[DraftActor], names: frozenset[str], rejected: list[RejectedItem]
    ) -> list[Actor]:
        """An actor named in the text ships; a bad alias of it is rejected on its own, not the actor."""
        grounded = []
        for n, actor in _unique(actors):
            try:
                found = self.ground_actor(actor)
            except ItemRejected as why:
                rejected.append(
                    RejectedItem(kind="actor", item=actor.model_dump(), reason=f"actor {n}: {why}")
                )
                continue
            dropped: set[str] = set()
            for aliases, why_not in self._bad_aliases(actor, names):
                item = {"name": actor.name, "aliases": aliases}
                rejected.append(RejectedItem(kind="actor", item=item, reason=f"actor {n}: {why_not}"))
                dropped.update(aliases)
            found.aliases = [alias for alias in found.aliases if alias not in dropped]
            grounded.append(found)
        return grounded

    def ground_actor(self, actor: DraftActor) -> Actor:
        match = _first(self.index.find_all(actor.name, ignore_case=True))
        status: GroundingStatus = "exact" if match and match.exact else "normalized"
        if match is None:
            match = self._find_alias(actor)
            status = "alias"
        if match is None:
            raise ItemRejected(
                f"{actor.name!r} is not named in the document; "
                "use the name as written there or drop this actor"
            )
        return Actor(**actor.model_dump(), span=self._span(match), status=status)

    def _bad_aliases(self, actor: DraftActor, other_names: frozenset[str]) -> list[tuple[list[str], str]]:
        """Aliases that name another listed actor, and aliases the document never uses, with the why."""
        bad = []
        others = [
            alias for alias in actor.aliases if alias.casefold() in other_names - {actor.name.casefold()}
        ]
        if others:
            bad.append((others, (
                f"{actor.name!r} lists {', '.join(map(repr, others))} as an alias, but that is another actor "
                "in your list; an alias is another name for the same actor, so remove it"
            )))  # fmt: skip
        missing = [alias for alias in actor.aliases if not self.index.find_all(alias, ignore_case=True)]
        if missing:
            bad.append((missing, (
                f"{actor.name!r} has aliases the document never uses ({', '.join(map(repr, missing))}); "
                "list only other names the document itself uses for this actor"
            )))  # fmt: skip
        return bad

    def ground_number(self, number: DraftNumber) -> KeyNumber:
        if number.derived_from and not self.index.find_all(number.text.strip(), ignore_case=True):
            return self._ground_computed(number)
        found = self._locate_number(number)
        qualifier_in_text = self._qualifier_before(found.start)
        span = self._span(found)
        text = self._source_text(span)
        return KeyNumber(
            **number.model_dump(exclude={"text", "derived_from", "counts"}),
            # Small models often write "6,000 tanks" as the text and leave `counts` out: the rest is it.
            counts=number.counts or _without(number.text, text),
            text=text,
            qualifier_in_text=qualifier_in_text,
            span=span,
            status="exact" if found.exact else "normalized",
        )

    def _ground_computed(self, number: DraftNumber) -> KeyNumber:
        """A number the model derived: not in the text, so each part it came from must be."""
        parts = []
        for part in number.derived_from:
            match = _first(self.index.find_all(part.strip(), ignore_case=True))
            if match is None or not self.index.numbers_in(match.start, match.end):
                raise ItemRejected(
                    f"{number.text!r} is derived from {part!r}, which is not in the document; "
                    "list only numbers as written there, or drop this number"
                )
            parts.append(self._span(match))
        return KeyNumber(
            **number.model_dump(exclude={"derived_from"}), span=parts[0], parts=parts, status="computed"
        )

    def ground_quote(self, quote: DraftQuote, aliases: dict[str, list[str]]) -> Quote:
        text = quote.text.strip(_QUOTE_MARKS).rstrip(_EDGE_PUNCTUATION).strip(_QUOTE_MARKS)
        if len(text.split()) < _MIN_QUOTE_WORDS:
            raise ItemRejected(
                f"{quote.text!r} is too short to be a quote; give the full quoted words or drop it"
            )
        matches = self.index.find_all(text)
        if not matches:
            raise ItemRejected(
                f"{_clip(text)!r} is not in the document as written; copy only the words between the "
                "quotation marks, exactly, or drop this quote"
            )
        inside = [m for m in matches if self.index.quoted_region_containing(m.start, m.end)]
        if not inside:
            raise ItemRejected(
                f"{_clip(text)!r} is not inside quotation marks in the document; "
                "a quote is someone's words in "
                "quotation marks, so copy only those words or drop it"
            )
        match = inside[0]
        speaker_span = None
        if quote.speaker:
            speaker_span = self._speaker_near(quote.speaker, aliases.get(quote.speaker, []), match)
        span = self._span(match)
        return Quote(
            text=self._source_text(span),
            speaker=quote.speaker,
            speaker_role=quote.speaker_role,
            speaker_span=speaker_span,
            span=span,
            status="exact" if match.exact else "normalized",
        )

    def ground_uncertainty(self, item: DraftUncertainty) -> Uncertainty:
        matches = self.index.find_all(item.cue.strip(), ignore_case=True)
        if not matches:
            raise ItemRejected(
                f"the cue {item.cue!r} is not in the document; give the hedging words exactly as written "
                "(such as 'may' or 'suggesting') or drop this uncertainty"
            )
        match = max(matches, key=lambda m: self._overlap(item.claim, m))
        span = self._span(match)
        return Uncertainty(
            claim=item.claim,
            reason=item.reason,
            cue=self._source_text(span),
            span=span,
            status="exact" if match.exact else "normalized",
        )

    # -- helpers ----------------------------------------------------------------------------

    def _locate_number(self, number: DraftNumber) -> Match:
        matches = self.index.find_all(number.text.strip(), ignore_case=True)
        tokens = [t for m in matches for t in self.index.numbers_in(m.start, m.end)]
        if matches and not tokens:
            raise ItemRejected(
                f"{_clip(number.text)!r} is not a figure: a number item must be a figure written in digits "
                "in the document, so drop this item (and leave numbers empty if the document has none)"
            )
        if tokens:
            self._sentence_words.clear()  # kept for one figure's occurrences only: memory stays small
            token = max(
                tokens, key=lambda t: self._overlap(number.counts or number.text, Match(t.start, t.end, True))
            )
            self._check_value(number, token)
            return Match(token.start, token.end, all(m.exact for m in matches))
        wanted = _values_of(number)
        same = [t for t in self.index.all_numbers if any(same_number(v, w) for v in t.values for w in wanted)]
        if not same:
            raise ItemRejected(
                f"{_clip(number.text)!r} is not in the document; copy the figure as written there or drop it"
            )
        best = max(
            same, key=lambda t: self._overlap(number.counts or number.text, Match(t.start, t.end, True))
        )
        return Match(best.start, best.end, False)

    @staticmethod
    def _check_value(number: DraftNumber, token: NumberToken) -> None:
        if number.value is not None and not any(same_number(number.value, v) for v in token.values):
            raise ItemRejected(
                f"value {number.value:g} does not match {number.text!r} in the document; fix the value"
            )

    def _qualifier_before(self, start: int) -> str | None:
        window = self.index.text[max(0, start - 30) : start]
        found = _QUALIFIER_WORDS.search(window)
        return found.group(1) if found else None

    def _find_alias(self, actor: DraftActor) -> Match | None:
        candidates = list(actor.aliases)
        if actor.kind == "person" and len(actor.name.split()) > 1:
            candidates.append(actor.name.split()[-1])
        for candidate in candidates:
            match = _first(self.index.find_all(candidate))
            if match is not None and _is_whole_word(self.index.text, match):
                return match
        return None

    def _speaker_near(self, speaker: str, aliases: list[str], quote: Match) -> Span:
        w_start, w_end = self._attribution_window(quote)
        names = [speaker, *aliases]
        if len(speaker.split()) > 1:
            names.append(speaker.split()[-1])
        region = self.index.quoted_region_containing(quote.start, quote.end) or (quote.start, quote.end)
        for name in names:
            for m in self.index.find_all(name):
                outside_quote = m.end <= region[0] or m.start >= region[1]
                if (
                    w_start <= m.start
                    and m.end <= w_end
                    and outside_quote
                    and _is_whole_word(self.index.text, m)
                ):
                    return self._span(m)
        raise ItemRejected(
            f"the quote {_clip(self.index.text[quote.start : quote.end])!r} "
            f"is not attributed to {speaker!r}: "
            "that name does not appear beside it. Set the speaker to the person named beside the quote, "
            "or to null if the document names nobody"
        )

    def _attribution_window(self, quote: Match) -> tuple[int, int]:
        """The quote's sentence; the previous sentence too when the quote stands alone in its own."""
        region = self.index.quoted_region_containing(quote.start, quote.end) or (quote.start, quote.end)
        start, end = self.index.sentence_around(*region)
        rest = self.index.text[start : region[0]] + self.index.text[region[1] : end]
        p_start, _ = self.index.paragraph_of(start)
        if len(rest.split()) < 2 and start > p_start:
            prev_start, _ = self.index.sentence_around(start - 1, start - 1)
            if not any(prev_start <= r0 < start for r0, _ in self.index.quoted_regions):
                start = prev_start
        return start, end

    def _overlap(self, description: str, match: Match) -> int:
        bounds = self.index.sentence_around(match.start, match.end)
        if (sentence := self._sentence_words.get(bounds)) is None:
            sentence = self._sentence_words[bounds] = set(
                re.findall(r"\w+", self.index.text[slice(*bounds)].lower())
            )
        return len(sentence & set(re.findall(r"\w+", description.lower())))

    def _span(self, match: Match) -> Span:
        return self.clean.span_to_original(match.start, match.end)

    def _source_text(self, span: Span) -> str:
        return self.clean.source[span.start : span.end]


def _each(
    kind: ItemKind, items: list[_Item], rule: Callable[[_Item], _Grounded], rejected: list[RejectedItem]
) -> list[_Grounded]:
    """Apply one kind's rule to each item; a failure becomes a rejection numbered as the model sees it."""
    grounded = []
    for n, item in _unique(items):
        try:
            grounded.append(rule(item))
        except ItemRejected as why:
            rejected.append(RejectedItem(kind=kind, item=item.model_dump(), reason=f"{kind} {n}: {why}"))
    return grounded


def _unique(items: list[_Item]) -> list[tuple[int, _Item]]:
    """Items with their 1-based position in the model's list; an identical repeat carries nothing."""
    seen: set[str] = set()
    out = []
    for n, item in enumerate(items, 1):
        key = item.model_dump_json()
        if key not in seen:
            seen.add(key)
            out.append((n, item))
    return out


def _values_of(number: DraftNumber) -> list[float]:
    values = [v for t in number_tokens(number.text) for v in t.values]
    return [*values, number.value] if number.value is not None else values


def _without(written: str, figure: str) -> str | None:
    rest = " ".join(written.replace(figure, " ").split()).strip(" ,.;:-")
    return rest or None


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
