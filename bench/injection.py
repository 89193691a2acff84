"""Prompt-injection rules on both sides: planted passages caught, real articles falsely flagged.

    .venv/bin/python bench/injection.py [SHARED_DATA_DIR]

Caught: each planted passage of tests/injection_variants.py, added to seed 1 as text (every one of its
paragraphs must be inside a suspected passage), or as hidden HTML (dropped by extraction, or caught).
Flagged: the 30 attribution articles (`attribution/texts/*.txt`) and the 30 news pages
(`article-extraction/html/*.html[.gz]`) read as the summarizer reads them; every suspected passage
there is a false positive and is printed with its rule.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

from summarizer.evidence import Evidence, build_evidence  # noqa: E402
from summarizer.reading._clean import clean_text  # noqa: E402
from summarizer.reading._html import read_html  # noqa: E402
from tests.injection_variants import (  # noqa: E402
    HIDDEN_HTML,
    ISSUE_PASSAGE,
    TEXT_VARIANTS,
    planted,
    planted_html,
)

SEED_1 = ROOT / "seeds" / "000_c06b8918ef9a6c16.txt"


def evidence_of(text: str) -> Evidence:
    return build_evidence(clean_text(text).text)


def caught(text: str, passage: str) -> bool:
    """Every paragraph of the passage lies in a suspected passage (markup aside)."""
    evidence = evidence_of(text)
    inside = "".join(evidence.text[s.start : s.end] for s in evidence.suspects)
    words = [w for w in passage.split() if w.isalpha() and len(w) > 3]
    return bool(words) and all(w in inside for w in words)


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED_DATA
    article = SEED_1.read_text(encoding="utf-8")
    missed = [
        name for name, passage in TEXT_VARIANTS.items() if not caught(planted(article, passage), passage)
    ]
    hidden_missed = []
    for name, element in HIDDEN_HTML.items():
        text = read_html(planted_html(article, element).encode(), name=name).text
        if "evil.example" in text and not caught(text, ISSUE_PASSAGE):
            hidden_missed.append(name)
    total = len(TEXT_VARIANTS) + len(HIDDEN_HTML)
    print(f"caught: {total - len(missed) - len(hidden_missed)}/{total} planted passages", end="")
    print(f" (missed: {', '.join(missed + hidden_missed)})" if missed or hidden_missed else "")

    flagged = 0
    texts = sorted((data / "attribution" / "texts").glob("*.txt"))
    pages = sorted((data / "article-extraction" / "html").glob("*.html*"))
    for path in [*texts, *pages]:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = read_html(raw, name=path.name).text if ".html" in path.name else raw.decode("utf-8")
        evidence = evidence_of(text)
        for suspect in evidence.suspects:
            excerpt = " ".join(evidence.text[suspect.start : suspect.end].split())[:160]
            print(f"  flagged {path.name} ({suspect.rule}): {excerpt}")
        flagged += bool(evidence.suspects)
    print(
        f"flagged: {flagged}/{len(texts) + len(pages)} real articles ({len(texts)} texts, {len(pages)} pages)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
