"""Extraction benchmark: our HTML reader against the gold article text of 30 real news pages.

    /work/venv/bin/python bench/extraction.py [DATA_DIR] [--min-f1 0.90]

DATA_DIR holds `html/<id>.html.gz` and `ground-truth.json` ({id: {"url", "articleBody"}}); it
defaults to ../shared/data/article-extraction next to the repository. For each page it prints token
precision, recall and F1 of the reader's text (what spans point into) and F1 of the cleaned text
(what the model sees), then the means. Tokens are lower-cased words, counted as a multiset.
Exits 1 when the mean F1 of the reader's text is under --min-f1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from summarizer.errors import InputError
from summarizer.reading._clean import clean_text
from summarizer.reading._document import document_from_bytes

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "article-extraction"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def token_score(extracted: str, gold: str) -> Score:
    got, want = Counter(_WORD.findall(extracted.lower())), Counter(_WORD.findall(gold.lower()))
    common = sum((got & want).values())
    return Score(common / max(sum(got.values()), 1), common / max(sum(want.values()), 1))


def extracted_texts(html: bytes, name: str) -> tuple[str, str]:
    """The reader's text and the cleaned text the model sees; empty when the reader refuses the page."""
    try:
        document = document_from_bytes(html, name=name)
    except InputError as err:
        print(f"  {err}", file=sys.stderr)
        return "", ""
    return document.text, clean_text(document.text).text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-f1", type=float, default=0.90, help="fail under this mean F1 (default 0.90)")
    args = parser.parse_args(argv)
    gold = json.loads((args.data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    print(f"{'page':<12} {'site':<24} {'P':>6} {'R':>6} {'F1':>6} {'F1 model':>9}")
    reader_f1, model_f1 = [], []
    for page_id, truth in sorted(gold.items()):
        html = gzip.decompress((args.data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        text, shown = extracted_texts(html, f"{page_id}.html")
        score, shown_score = token_score(text, truth["articleBody"]), token_score(shown, truth["articleBody"])
        reader_f1.append(score.f1)
        model_f1.append(shown_score.f1)
        site = urlsplit(truth["url"]).netloc.removeprefix("www.")
        print(f"{page_id[:12]:<12} {site:<24} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f} "
              f"{shown_score.f1:9.3f}")  # fmt: skip
    mean, mean_model = sum(reader_f1) / len(reader_f1), sum(model_f1) / len(model_f1)
    print(f"mean F1 over {len(reader_f1)} pages: {mean:.3f} (reader text), {mean_model:.3f} (model text)")
    return 0 if mean >= args.min_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
