"""One brief from the briefs of a long document's parts.

Every part is grounded against the whole document, so when two parts report the same quote, figure or
cue, both point at the same place: a span is an item's identity, and the same span is the same item.
Actors are one actor when they share a name or alias (or a person is named by surname alone). Figures
for the same thing that differ are both kept, side by side, each with its span: choosing between them
is the reader's call, not the merger's. What a part rejected or kept from an earlier attempt, and each
re-ask it sent, stays in the brief with the part's number in front. The parts' free-text warnings do
not: their words are not shipped, the overview's are (and the service checks those).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

from summarizer.brief import (
    Actor,
    Brief,
    KeyNumber,
    KeyPoint,
    Provenance,
    Quote,
    RejectedItem,
    Uncertainty,
    Verification,
)
from summarizer.drafting import BriefOverview
from summarizer.long_documents._parts import estimate_tokens

_T = TypeVar("_T")
_WORD = re.compile(r"\w+")
# Key points per part in the overview's notes, tried in turn until the notes fit the context budget.
_KEY_POINT_LIMITS = (None, 3, 1, 0)


def merge_briefs(
    parts: Sequence[Brief],
    overview: BriefOverview,
    provenance: Provenance,
    overview_feedback: Sequence[str],
) -> Brief:
    """The document's brief: the overview's words, the parts' items merged, the parts' verification kept.

    The overview writes from the parts' notes, not from the document, so its key points cite no sentence.
    """
    return Brief(
        title=overview.title,
        summary=overview.summary,
        key_points=[KeyPoint(text=point, support="uncited") for point in overview.key_points],
        actors=merge_actors(p.actors for p in parts),
        numbers=merge_numbers(p.numbers for p in parts),
        quotes=merge_quotes(p.quotes for p in parts),
        uncertainties=merge_uncertainties(p.uncertainties for p in parts),
        verification=merge_verification(parts, overview_feedback),
        source=parts[0].source,
        provenance=provenance,
    )


# -- actors ---------------------------------------------------------------------------------------


def merge_actors(per_part: Iterable[Sequence[Actor]]) -> list[Actor]:
    """Actors that name each other become one, in order of first appearance."""
    groups: list[list[Actor]] = []
    for actor in itertools.chain.from_iterable(per_part):
        same = [g for g in groups if any(_same_actor(actor, other) for other in g)]
        if not same:
            groups.append([actor])
            continue
        # The newcomer may join groups that did not know each other ("Kim" and "Kim Jong Un" via an alias).
        same[0].append(actor)
        for other in same[1:]:
            same[0].extend(other)
            groups.remove(other)
    return [_one_actor(group) for group in groups]


def _same_actor(a: Actor, b: Actor) -> bool:
    if _names(a) & _names(b):
        return True
    return _surname_of(a, b) or _surname_of(b, a)


def _names(actor: Actor) -> set[str]:
    return {n.casefold() for n in [actor.name, *actor.aliases]}


def _surname_of(short: Actor, full: Actor) -> bool:
    """ "Putin" in one part is "Vladimir Putin" in another: grounding accepts a surname for a person."""
    words = full.name.split()
    return full.kind == "person" and len(words) > 1 and short.name.casefold() == words[-1].casefold()


def _one_actor(group: list[Actor]) -> Actor:
    # The fullest name stands for the group (where it stands first in the document); every other name
    # the parts used becomes an alias.
    main = max(group, key=lambda a: (len(a.name.split()), len(a.name), -a.span.start))
    names = [n for a in group for n in [a.name, *a.aliases]]
    aliases = _unique_by((n for n in names if n.casefold() != main.name.casefold()), str.casefold)
    kind = next((a.kind for a in [main, *group] if a.kind != "other"), main.kind)
    role = next((a.role for a in [main, *group] if a.role), None)
    return main.model_copy(update={"aliases": aliases, "kind": kind, "role": role})


# -- numbers, quotes, uncertainties ---------------------------------------------------------------


def merge_numbers(per_part: Iterable[Sequence[KeyNumber]]) -> list[KeyNumber]:
    """One item per span, in document order, with figures for the same thing next to each other."""
    unique = _unique_by(itertools.chain.from_iterable(per_part), _number_key)
    unique.sort(key=lambda n: n.span.start)
    by_thing: dict[Hashable, list[KeyNumber]] = {}
    for number in unique:
        by_thing.setdefault(_thing(number), []).append(number)
    return [n for same in by_thing.values() for n in same]


def conflicting_figures(numbers: Sequence[KeyNumber]) -> list[list[KeyNumber]]:
    """Groups of figures that count the same thing but disagree on its value."""
    by_thing: dict[Hashable, list[KeyNumber]] = {}
    for number in numbers:
        by_thing.setdefault(_thing(number), []).append(number)
    return [same for same in by_thing.values() if len({_value(n) for n in same}) > 1]


def _number_key(number: KeyNumber) -> Hashable:
    return (number.span.start, number.span.end)


def _thing(number: KeyNumber) -> Hashable:
    """What a figure counts, compared word by word; a figure that does not say stands alone."""
    words = _WORD.findall((number.counts or "").casefold())
    return " ".join(words) if words else _number_key(number)


def _value(number: KeyNumber) -> Hashable:
    return number.value if number.value is not None else number.text


def merge_quotes(per_part: Iterable[Sequence[Quote]]) -> list[Quote]:
    """One item per span, in document order; a quote inside a longer one is the longer one, and an
    attributed copy beats an unattributed one."""
    kept: list[Quote] = []
    for quote in itertools.chain.from_iterable(per_part):
        around = next((k for k in kept if _within(quote, k)), None)
        if around is not None:
            if _within(around, quote) and around.speaker is None and quote.speaker is not None:
                kept[kept.index(around)] = quote
            continue
        kept = [k for k in kept if not _within(k, quote)] + [quote]
    return sorted(kept, key=lambda q: q.span.start)


def _within(inner: Quote, outer: Quote) -> bool:
    return outer.span.start <= inner.span.start and inner.span.end <= outer.span.end


def merge_uncertainties(per_part: Iterable[Sequence[Uncertainty]]) -> list[Uncertainty]:
    unique = _unique_by(itertools.chain.from_iterable(per_part), lambda u: (u.span.start, u.span.end))
    return sorted(unique, key=lambda u: u.span.start)


# -- verification and the overview's notes --------------------------------------------------------


def merge_verification(parts: Sequence[Brief], overview_feedback: Sequence[str]) -> Verification:
    rejected = [
        RejectedItem(kind=r.kind, item=r.item, reason=f"part {n}: {r.reason}")
        for n, part in enumerate(parts, 1)
        for r in part.verification.rejected
    ]
    return Verification(
        rejected=rejected,
        feedback=[*_per_part(parts, "feedback"), *(f"overview: {f}" for f in overview_feedback)],
        kept_from_earlier_attempts=_per_part(parts, "kept_from_earlier_attempts"),
    )


def _per_part(parts: Sequence[Brief], field: str) -> list[str]:
    """A list of notes from every part's verification, each with its part's number in front."""
    return [
        f"part {n}: {note}" for n, part in enumerate(parts, 1) for note in getattr(part.verification, field)
    ]


def overview_notes(parts: Sequence[Brief], budget_tokens: int) -> str:
    """What the overview call reads: each part's title, summary and key points, then the figures the
    parts disagree on. Key points are cut down, then left out, until the notes fit the budget."""
    conflicts = _conflict_lines(merge_numbers(p.numbers for p in parts))
    notes = ""
    for limit in _KEY_POINT_LIMITS:
        notes = "\n\n".join(
            [*(_part_note(n, len(parts), p, limit) for n, p in enumerate(parts, 1)), *conflicts]
        )
        if estimate_tokens(notes) <= budget_tokens:
            break
    return notes


def _part_note(n: int, total: int, part: Brief, key_points: int | None) -> str:
    lines = [f"Part {n} of {total}", f"Title: {part.title}", f"Summary: {part.summary}"]
    points = part.key_points[:key_points]
    if points:
        lines += ["Key points:", *(f"- {p.text}" for p in points)]
    return "\n".join(lines)


def _conflict_lines(numbers: Sequence[KeyNumber]) -> list[str]:
    conflicts = conflicting_figures(numbers)
    if not conflicts:
        return []
    lines = [f"- {same[0].counts}: {'; '.join(n.text for n in same)}" for same in conflicts]
    return ["\n".join(["Figures the document gives differently in different places:", *lines])]


def _unique_by(items: Iterable[_T], key: Callable[[_T], Hashable]) -> list[_T]:
    """The first of each kind, in order."""
    seen: set[Hashable] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out
