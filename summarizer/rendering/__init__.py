"""Rendering: briefs as JSON (the schema), Markdown for people, HTML with the evidence highlighted,
and what `summarizer extract` shows of a document.

    _text_formats.py   to_json, to_markdown (every field escaped), render (either, by name)
    _html.py           to_html: one self-contained page, the source with every verified item marked
    _extraction.py     extract: the text the model will see and the evidence index, as JSON
"""

from summarizer.rendering._extraction import Extraction, extract
from summarizer.rendering._html import evidence_marks, highlight, html_list, to_html
from summarizer.rendering._text_formats import render, to_json, to_markdown

__all__ = [
    "Extraction",
    "evidence_marks",
    "extract",
    "highlight",
    "html_list",
    "render",
    "to_html",
    "to_json",
    "to_markdown",
]
