"""Web pages: the article and its metadata in, menus, cookie notices, newsletter boxes and teasers out."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from summarizer.reading._clean import clean_text
from summarizer.reading._document import document_from_bytes

PAGES = Path(__file__).parent / "data" / "article-extraction"
GOLD = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
CITYAM = "360c732d1fdbfc6895d7096c0c0b8c0d581bb1af80160f4c6a0f1fd9ff85e469"
NEWSNATION = "076f4f33bf75059db581bedf36e76fb65e89a8f7752db3339aa3ea11c5122f32"

FURNITURE_ON_THE_PAGE = {
    CITYAM: [
        "Read more:",
        "Sign up to our",
        "daily newsletters",
        "Stay up to date",
        "Related articles",
        "Five at 5",
        "Share",
    ],
    NEWSNATION: ["uses cookie", "Cookie Policy", "Read More", "Related Tags", "All rights reserved"],
}


def model_text(page_id: str) -> str:
    html = gzip.decompress((PAGES / f"{page_id}.html.gz").read_bytes())
    return clean_text(document_from_bytes(html, name=f"{page_id}.html").text).text


@pytest.mark.parametrize("page_id", [CITYAM, NEWSNATION])
def test_page_furniture_does_not_reach_the_model(page_id: str) -> None:
    html = gzip.decompress((PAGES / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
    text = model_text(page_id)
    for furniture in FURNITURE_ON_THE_PAGE[page_id]:
        assert furniture in html  # it really is on the page...
        assert furniture not in text  # ...and the model never sees it


@pytest.mark.parametrize("page_id", [CITYAM, NEWSNATION])
def test_page_article_reaches_the_model(page_id: str) -> None:
    gold = [line.strip() for line in GOLD[page_id]["articleBody"].splitlines() if line.strip()]
    text = model_text(page_id)
    assert gold[0] in text and gold[-1] in text


def test_metadata_of_a_real_page() -> None:
    html = gzip.decompress((PAGES / f"{CITYAM}.html.gz").read_bytes())
    metadata = document_from_bytes(html, name="cityam.html").metadata
    assert metadata["url"] == GOLD[CITYAM]["url"]
    assert metadata["title"].startswith("Alibaba")
    assert metadata["date"] == "2019-11-20"
    assert metadata["encoding"] == "utf-8"


ARTICLE = """<!DOCTYPE html><html><head><meta charset="windows-1252">
<title>Budget rises | Example Times</title>
<meta name="author" content="Ana Ruiz"><meta property="article:published_time" content="2024-03-05">
<link rel="canonical" href="https://example.org/budget"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Budget rises</h1>
<p>The council approved a budget of 78 million euros on Tuesday, up from 70 million a year earlier.</p>
<p>“We will not cut pensions,” said the mayor, Ana Ruiz, after a vote of 7 to 2 in the café.</p>
<div class="newsletter">Sign up for our daily newsletter</div>
<p>The opposition said the figures were optimistic and would ask the regional auditor to check them.</p>
</article><footer>This website uses cookies.</footer></body></html>"""


def test_declared_charset_and_metadata() -> None:
    document = document_from_bytes(ARTICLE.encode("cp1252"), name="budget.html")
    assert document.metadata["encoding"] == "cp1252 (declared)"
    assert document.metadata["author"] == "Ana Ruiz"
    assert document.metadata["url"] == "https://example.org/budget"
    assert "“We will not cut pensions,” said the mayor" in document.text and "café" in document.text
    shown = clean_text(document.text).text
    assert "newsletter" not in shown and "cookies" not in shown and "Home" not in shown
