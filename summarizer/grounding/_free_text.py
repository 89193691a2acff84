"""Checks on the model's free text (title, summary, key points), which is not grounded item by item.

Cheap checks catch the small model's commonest slips there, as warnings (never a re-ask):
a figure the source never gives, and a figure said of an actor whose name does not appear in the
source paragraph that holds that figure (seed 1: "Russia currently maintains approximately 6,000
artillery systems", where the source says it of North Korea).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.brief import Actor
from summarizer.evidence import DocumentIndex, Evidence, number_tokens

# A link as written: a scheme or "www." and then anything up to a space, bracket or quote mark.
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
_LINE = re.compile(r"[^\n]+")
# A free-text sentence of at least this many content words that takes this share of them from a
# suspected injection, and less from any other paragraph, repeats it.
_ECHO_WORDS = 4
_ECHO_SHARE = 0.6
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
# A sentence ends at . ! or ? before a capital or the end: "U.S. officials" and "6.5" do not end one.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+[A-Z\"“‘(]|\s*$)")


@dataclass(frozen=True)
class FreeText:
    """The model's own words in a brief, and how long its summary was asked to be."""

    title: str
    summary: str
    key_points: list[str]
    summary_sentences: int


def free_text_warnings(index: DocumentIndex, words: FreeText, actors: list[Actor]) -> list[str]:
    names = sorted({name for actor in actors for name in (actor.name, *actor.aliases)}, key=len, reverse=True)
    texts = [("title", words.title), ("summary", words.summary)]
    texts += [(f"key_points[{i}]", point) for i, point in enumerate(words.key_points)]
    warnings = []
    written = max(1, len(_SENTENCE_END.findall(words.summary.strip())))
    if written > words.summary_sentences:
        warnings.append(f"summary: {written} sentences, longer than the {words.summary_sentences} asked")
    for where, text in texts:
        for sentence in _SENTENCE.findall(text):
            warnings += _check_sentence(index, where, sentence, names)
    return warnings


def _check_sentence(index: DocumentIndex, where: str, sentence: str, names: list[str]) -> list[str]:
    warnings = []
    said_of = [name for name in names if re.search(rf"\b{re.escape(name)}\b", sentence)]
    for token in number_tokens(sentence):
        figure = sentence[token.start : token.end]
        in_source = index.number_values.same_as(token.values)  # where the source gives it
        if not in_source:
            warnings.append(f"{where}: {figure!r} is not a figure the source gives")
            continue
        # Each paragraph once: a figure written a thousand times in one long paragraph is one passage.
        bounds = dict.fromkeys(index.paragraph_of(start) for start in in_source)
        paragraphs = [index.text[start:end] for start, end in bounds]
        if said_of and not any(name in paragraph for name in said_of for paragraph in paragraphs):
            who = " / ".join(said_of)
            warnings.append(f"{where}: {figure!r} is said of {who}, but the source gives it in a passage "
                            f"that does not name {who}")  # fmt: skip
    return warnings


def suspect_echo_warnings(evidence: Evidence, words: FreeText) -> list[str]:
    """The title, summary or key points repeating a suspected injection: a link the source gives there,
    or a sentence whose words come from it more than from any other paragraph (the model did what the
    planted text told it)."""
    if not evidence.suspects:
        return []
    from summarizer.grounding._grounder import content_words

    suspects = [evidence.text[s.start : s.end] for s in evidence.suspects]
    links = {_bare(m.group()) for passage in suspects for m in _LINK.finditer(passage)}
    planted = [content_words(passage) for passage in suspects]
    others = [
        content_words(m.group()) for m in _LINE.finditer(evidence.text) if not evidence.suspect_at(m.start())
    ]
    texts = [("title", words.title), ("summary", words.summary)]
    texts += [(f"key_points[{i}]", point) for i, point in enumerate(words.key_points)]
    warnings = []
    for where, text in texts:
        warnings += [
            f"{where}: {m.group()!r} is a link the source gives in a suspected prompt injection"
            for m in _LINK.finditer(text)
            if _bare(m.group()) in links
        ]
        for sentence in _SENTENCE.findall(text):
            said = content_words(sentence)
            if len(said) >= _ECHO_WORDS and _share(said, planted) >= _ECHO_SHARE > _share(said, others):
                warnings.append(f"{where}: {_clip(sentence.strip())!r} repeats a suspected prompt injection")
    return warnings


def _share(words: set[str], paragraphs: list[set[str]]) -> float:
    return max((len(words & p) / len(words) for p in paragraphs), default=0.0)


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bare(link: str) -> str:
    """A link without scheme, "www." or trailing punctuation, lower-cased: the same link however written."""
    link = re.sub(r"^(?:https?://)?(?:www\.)?", "", link.lower())
    return link.rstrip(".,;:!?/")
