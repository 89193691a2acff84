"""Grounding: every reference in a draft checked against the evidence, once, after the call.

_grounder.py    Grounder: quotes, speakers, figures, doubts, actors and key points, each kept
                with its span or rejected with why
_free_text.py   checks on the model's own words (title, summary, key points): figures the source
                does not give, claims and links only a suspected prompt injection makes
"""

from summarizer.grounding._free_text import FreeText, free_text_warnings, suspect_echo_warnings
from summarizer.grounding._grounder import GroundedDraft, Grounder

__all__ = ["FreeText", "GroundedDraft", "Grounder", "free_text_warnings", "suspect_echo_warnings"]
