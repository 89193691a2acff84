"""Long documents: past the context budget, drafted in parts and merged into one brief.

_parts.py    split_into_parts: between paragraphs or sentences, never inside a quote, overlapping
_merge.py    merge_briefs: the parts' briefs into one; overview_notes: what the overview call sees
"""

from summarizer.long_documents._merge import merge_briefs, overview_notes
from summarizer.long_documents._parts import CHARS_PER_TOKEN, Part, estimate_tokens, split_into_parts

__all__ = ["CHARS_PER_TOKEN", "Part", "estimate_tokens", "merge_briefs", "overview_notes", "split_into_parts"]
