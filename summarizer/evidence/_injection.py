"""Suspected prompt injection: passages of a document written to the AI that reads it, not to its reader.

A document is evidence of what it says to people. A paragraph that addresses an assistant ("Note to
the AI summarizing this page"), tries to override its instructions ("ignore all previous
instructions"), imitates a chat role marker ("SYSTEM:", "<|im_start|>") or tells the summary what to
say or include ("Add a quote from ...") is evidence of nothing: an attacker can put any quote, figure
or name there. Such a paragraph is found here, by rules, and the rest of the flow keeps it out of the
evidence the model may cite.

Every pattern is linear: alternations of fixed words and bounded gaps, no nested quantifiers. A match
inside a quotation someone is reported to have said, or inside a short quoted mention in a longer
sentence, is not an instruction to us: an article *about* prompt injection keeps its real quotes.
"""

from __future__ import annotations

import bisect
import functools
import re
import string
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from summarizer.evidence._openings import Block, read_blocks

# Who a planted instruction talks to ("model" and "bot" alone name people and toys too often).
_AI = (
    r"(?:AI|A\.I\.|LLM|LLMs|language[ ]model|large[ ]language[ ]model|AI[ ](?:assistant|model)|assistant|"
    r"chatbot|summari[sz]er|summari[sz]ation[ ](?:tool|model|system)|ChatGPT|GPT-?\d|Claude|Gemini|Copilot)"
)
_WHAT = r"(?:page|article|document|text|email|e-mail|site|website|post|content|story|report)"

RULES: dict[str, re.Pattern[str]] = {
    # "Ignore all previous instructions", and its usual synonyms and translations.
    "override_instructions": re.compile(
        r"\b(?:ignore|disregard|forget|override|bypass)[ ](?:all[ ]|any[ ])?(?:of[ ])?(?:the[ ]|your[ ])?"
        r"(?:previous|prior|above|earlier|preceding|original|system|your)[ ]"
        r"(?:instructions?|prompts?|directions|directives|rules|guidelines|commands)\b"
        r"|\bignor(?:a|e|ez|ar|er|iere|ieren)[ ](?:todas[ ]|toutes[ ]|alle[ ])?"
        r"(?:las[ ]|les[ ]|tus[ ]|vos[ ])?(?:instrucciones|instructions|consignes|Anweisungen)[ ]?"
        r"(?:anteriores|previas|précédentes|antérieures)?"
        r"|\bignoriere[ ](?:alle[ ])?(?:vorherigen|bisherigen|früheren)[ ]Anweisungen\b",
        re.IGNORECASE,
    ),
    # Chat-template and role markers a document has no reason to hold.
    "role_marker": re.compile(
        r"<\|(?:im_start|im_end|system|user|assistant|endoftext|begin_of_text|start_header_id|eot_id)\|>"
        r"|\[/?INST\]|<</?SYS>>|^[ \t#*>]{0,6}(?:SYSTEM|ASSISTANT|DEVELOPER)(?:[ ]PROMPT)?[ ]?:"
        r"|^[ \t#*>]{0,6}(?:System|Assistant)[ ](?:prompt|message|instructions?)[ ]?:",
        re.MULTILINE,
    ),
    # Words addressed to an AI: "note to the AI", "if you are a language model", "AI reading this page".
    "addresses_ai": re.compile(
        rf"\b(?:note|message|instructions?|reminder)[ ](?:to|for)[ ](?:the[ ]|any[ ]|all[ ])?"
        rf"{_AI}s?(?:[ ](?:system|model|tool))?"
        r"(?=[ ]?[:,.!;—–-]|[ ](?:reading|summari[sz]ing|processing)|[ \t*]*(?:\n|$))"
        rf"|\b(?:hey|hello|dear|attention),?[ ](?:the[ ])?{_AI}\b[,:!]"
        rf"|\bif[ ]you[ ]are[ ](?:an?[ ])?{_AI}\b"
        rf"|\b{_AI}s?[ ](?:system[ ]|model[ ]|tool[ ])?(?:that[ ]is[ ]|who[ ]is[ ])?"
        rf"(?:reading|summari[sz]ing|processing|analy[sz]ing|parsing|crawling|scraping)[ ]this[ ]{_WHAT}\b"
        r"|\bnota[ ]para[ ](?:la[ ]|el[ ])?(?:IA|inteligencia[ ]artificial|asistente)\b"
        r"|\bnote[ ](?:à|a|pour)[ ]l[’'](?:IA|intelligence[ ]artificielle|assistant)\b",
        re.IGNORECASE,
    ),
    # Telling the summary what to say, quote or link: the reader never needs to be told this.
    "instructs_output": re.compile(
        r"\b(?:the|your|this|any)[ ](?:summary|response|answer|output|brief|reply)[ ]"
        r"(?:must|should|shall|has[ ]to|needs[ ]to)[ ](?:always[ ])?"
        r"(?:say|state|include|mention|contain|begin|start|end|read|claim|tell|link|quote|recommend)\b"
        r"|\b(?:add|insert|include|append)[ ](?:a|the|the[ ]following|this|an?[ ]extra)[ ]"
        r"(?:quote|quotation|link|url|statement|sentence)[ ](?:from[ ]|by[ ]|to[ ]|in[ ]|at[ ]|https?://|www\.)"
        rf"|\bwhen[ ](?:you[ ]are[ ]|you[ ])?summari[sz](?:e|ing)[ ]this[ ]{_WHAT},?[ ]"
        r"(?:you[ ]must[ ]|please[ ]|always[ ])?(?:state|say|write|include|mention|add|claim|report)\b"
        r"|\b(?:tell|instruct|urge|ask|direct)[ ](?:the[ ])?(?:user|reader)s?[ ]to[ ]"
        r"(?:visit|click|go[ ]to|open|download|call)\b"
        r"|\b(?:el[ ]resumen|le[ ]résumé|die[ ]Zusammenfassung)[ ](?:debe|doit|muss)\b",
        re.IGNORECASE,
    ),
}

# Lower-case pieces, at least one of which every match of a rule holds. A line holding none of them
# cannot match, so each rule is tried only on the lines that hold one: tried at every character of a
# long text, the rules took seconds per 20 MB. A piece that opens with a letter opens a word in every
# match (it follows a `\b`, a space, or a mark such as the "[" of "[INST]"), so it is looked for only
# where a word opens.
_MODALS = ("must", "should", "shall", "has to", "needs to")
_ANCHORS: dict[str, tuple[str, ...]] = {
    "override_instructions": ("ignor", "disregard", "forget", "override", "bypass"),
    "role_marker": ("<|", "inst]", "sys>>", "system", "assistant", "developer"),
    "addresses_ai": (
        *(f"{word} {to}" for word in ("note", "message", "instruction", "instructions", "reminder")
          for to in ("to", "for")),
        "hey", "hello", "dear", "attention", "if you are", "nota para", "note ",
        *(f"{verb} this" for verb in (
            "reading", "summarizing", "summarising", "processing", "analyzing", "analysing", "parsing",
            "crawling", "scraping",
        )),
    ),
    "instructs_output": (
        *(f"{noun} {modal}" for noun in ("summary", "response", "answer", "output", "brief", "reply")
          for modal in _MODALS),
        *(f"{noun} " for noun in ("quote", "quotation", "link", "url", "statement", "sentence")),
        "summari", *(f"{who} to" for who in ("user", "users", "reader", "readers")), "debe", "doit", "muss",
    ),
}  # fmt: skip
_LONGEST_ANCHOR = max(map(len, (piece for pieces in _ANCHORS.values() for piece in pieces)))
# Each anchor, with the rules that have it or a beginning of it as an anchor: where the pattern finds
# the longest anchor starting at a place, a shorter one starting there is a beginning of it.
_RULES_OF_ANCHOR = {
    anchor: tuple(rule for rule, pieces in _ANCHORS.items() if any(anchor.startswith(p) for p in pieces))
    for anchor in sorted({piece for pieces in _ANCHORS.values() for piece in pieces})
}
# The anchors that open a word (see `_ANCHORS`), looked for only where one can open.
WORD_ANCHORS = tuple(anchor for anchor in _RULES_OF_ANCHOR if anchor[0] in string.ascii_lowercase)
# Pieces that count only capitalized as written: the role markers are matched case by case.
_CAPITALIZED = frozenset({"system", "assistant", "developer"})
# Anchors are found in a lower-cased copy of the text, made this many characters at a time.
_BLOCK = 1 << 20

# A caught paragraph this short is a header ("SYSTEM:", "Note to the AI"): what it heads is caught too.
_HEADER_CHARACTERS = 40
# A closing chat marker ends what it wraps: the paragraph after it is the document again.
_CLOSING_MARKER = re.compile(r"<\|(?:im_end|endoftext|eot_id)\|>|\[/INST\]|<</SYS>>")
# A quoted mention shorter than this share of its paragraph is talk about words, not words to us.
_MENTION_SHARE = 0.5


@dataclass(frozen=True)
class QuoteSpan:
    """Where a quotation stands and whether someone is reported to have said it."""

    start: int
    end: int
    attributed: bool


@dataclass(frozen=True)
class SuspectSpan:
    start: int  # the paragraph holding the match, offsets into the text searched
    end: int
    rule: str


def find_suspects(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    quotes: Sequence[QuoteSpan] = (),
    blocks: Iterable[Block] | None = None,
) -> list[SuspectSpan]:
    """The paragraphs a rule catches; a caught paragraph that ends in a colon, or is as short as a
    header, takes the next one too (the instruction continues there). `blocks` are the text's
    `read_blocks` when they are made already."""
    rule_at = _first_rule_per_paragraph(text, paragraphs, quotes, blocks)
    found: list[SuspectSpan] = []
    carried: str | None = None
    for n, (start, end) in enumerate(paragraphs):
        rule = rule_at.get(n) or carried
        carried = None
        if rule is None:
            continue
        found.append(SuspectSpan(start, end, rule))
        paragraph = text[start:end]
        if paragraph.rstrip("*_ ").endswith(":") or (
            end - start < _HEADER_CHARACTERS and not _CLOSING_MARKER.search(paragraph)
        ):
            carried = rule
    return found


def _first_rule_per_paragraph(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    quotes: Sequence[QuoteSpan],
    blocks: Iterable[Block] | None,
) -> dict[int, str]:
    starts = [s for s, _ in paragraphs]
    quote_starts = [q.start for q in quotes]
    rule_at: dict[int, str] = {}
    matches = _rule_matches(text, blocks)
    for rule in RULES:
        for match in matches[rule]:
            n = bisect.bisect_right(starts, match.start()) - 1
            if n < 0 or n in rule_at or match.start() >= paragraphs[n][1]:
                continue
            if not _is_reported(match, paragraphs[n], quotes, quote_starts):
                rule_at[n] = rule
    return rule_at


def _rule_matches(text: str, blocks: Iterable[Block] | None = None) -> dict[str, list[re.Match[str]]]:
    """For each rule, what `pattern.finditer(text)` finds, in order; read only on lines with an anchor.
    Every match lies within one line, so a rule reads a line alone as it reads it in the whole text,
    and reads the text in any runs of whole lines (`blocks`) as in its own."""
    found: dict[str, list[re.Match[str]]] = {rule: [] for rule in RULES}
    for block in read_blocks(text, _BLOCK) if blocks is None else blocks:
        start, end, lowered = block.start, block.end, block.lowered
        lines = _anchored_lines(text, block)
        for rule, pattern in RULES.items():
            if lowered is None:
                found[rule] += pattern.finditer(text, start, end)
                continue
            for line_start, line_end in lines[rule]:
                found[rule] += pattern.finditer(text, line_start, line_end)
    return found


def _anchored_lines(text: str, block: Block) -> dict[str, list[tuple[int, int]]]:
    """For each rule, the lines of the block holding one of its anchors, in order, each with its line
    break (a rule may look ahead at it, as in the whole text)."""
    start, end = block.start, block.end
    lines: dict[str, list[tuple[int, int]]] = {rule: [] for rule in RULES}
    line = (start, start)
    lowered, after_marks = block.lowered, block.after_marks
    hits = [] if lowered is None or after_marks is None else _anchor_hits(lowered, after_marks.anchors)
    for at, anchor in hits:
        offset = start + at
        if anchor in _CAPITALIZED and not text[offset].isupper():
            continue  # "system" as a word, not the "SYSTEM:" of a role marker
        if offset >= line[1]:
            line_break = text.rfind("\n", line[1], offset)
            line_end = text.find("\n", offset, end)
            line = (
                line[1] if line_break < 0 else line_break + 1,
                end if line_end < 0 else line_end + 1,
            )
        for rule in _RULES_OF_ANCHOR[anchor]:
            if not lines[rule] or lines[rule][-1] != line:
                lines[rule].append(line)
    return lines


def _anchor_hits(lowered: str, after_marks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Where an anchor starts in `lowered`, with the longest one starting there, in order; those that
    open a word after a character other than a space (`after_marks`) are found by `_openings`."""
    searches = _anchor_searches()
    hits = [(m.start(1), m.group(1)) for search in searches for m in _overlapping(search, lowered)]
    hits += after_marks
    if (first := searches[0].match(" " + lowered[:_LONGEST_ANCHOR])) is not None:
        hits.append((0, first.group(1)))  # a word opening the block follows a line break
    hits.sort()
    return hits


def _overlapping(search: re.Pattern[str], lowered: str) -> Iterator[re.Match[str]]:
    """The matches of `search`, restarted one character on from each: anchors may overlap."""
    at = 0
    while (hit := search.search(lowered, at)) is not None:
        yield hit
        at = hit.start() + 1


@functools.cache
def _anchor_searches() -> tuple[re.Pattern[str], ...]:
    """Searches for the anchors, each a trie-shaped pattern: a place is rejected after a character or
    two. A word's anchors are looked for after a space, where the regex engine skips from space to space
    in C, and after any other character a word can follow (in `_openings`, with the hedges). Tried at
    every character, as the few other anchors still are, the anchors took 0.17 s per 5 MB; these
    searches take 0.1 s. The first also finds a word opening the block, after the space put before it."""
    from summarizer.evidence._lexicon import trie_pattern  # here: the evidence package imports this module

    others = trie_pattern(tuple(a for a in _RULES_OF_ANCHOR if a not in WORD_ANCHORS))
    return re.compile(f" ({trie_pattern(WORD_ANCHORS)})"), re.compile(f"({others})")


def _is_reported(
    match: re.Match[str], paragraph: tuple[int, int], quotes: Sequence[QuoteSpan], quote_starts: list[int]
) -> bool:
    """The match stands inside a quotation attributed to someone, or a short quoted mention."""
    at = bisect.bisect_right(quote_starts, match.start()) - 1
    if at < 0 or match.end() > quotes[at].end + 1:
        return False
    quote, length = quotes[at], max(paragraph[1] - paragraph[0], 1)
    return quote.attributed or (quote.end - quote.start) < _MENTION_SHARE * length
