"""The cleaner: each furniture rule, Markdown markup, and the offset map back into the source."""

from __future__ import annotations

import pytest

from summarizer.reading._clean import CleanText, clean_text
from tests.conftest import SEED_2

BODY = "The minister said the budget would rise by 6,000 euros next year.\n"


def removed_rules(furniture: str) -> list[str]:
    return [item.rule for item in clean_text(BODY + furniture + "\n" + BODY).removed]


def assert_map_exact(clean: CleanText) -> None:
    """Every character the model sees stands at its mapped place in the source."""
    for i, ch in enumerate(clean.text):
        assert clean.source[clean.to_original(i)] == ch.replace("\n", clean.source[clean.to_original(i)]), i


# -- furniture rules: one case that goes, and a near miss that stays -------------------------------

RULES = [
    ("teaser-read-more", "In Europe, there are some of the most legendary sporting arenas… Read More"),
    ("teaser-read-more", "The awards night made a sudden turn when... Continue reading »"),
    ("lone-read-more", "Read More"),
    ("lone-read-more", "Load more stories"),
    ("lone-read-more", "Continue reading"),
    ("read-more-link", "Read more: Alibaba poised to launch record-breaking $13.4bn Hong Kong listing"),
    ("read-more-link", "[Related: Salesforce Dreamforce Keynote: AI, Integration And Protestors]"),
    ("read-more-link", "Related post: Pickled Brussels Sprouts Recipe"),
    ("cookie-notice", "This website uses cookies."),
    ("cookie-notice", "We use cookies to improve your experience. Accept all cookies"),
    ("cookie-notice", "By continuing to use this site you agree to our Cookie Policy."),
    ("share-bar", "Share this article"),
    ("share-bar", "Share on: Facebook | Twitter | Email"),
    ("share-bar", "Facebook Twitter LinkedIn WhatsApp"),
    ("share-bar", "Click to share on Twitter (Opens in new window)"),
    ("subscribe-prompt", "Sign up for our daily newsletter"),
    ("subscribe-prompt", "Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters."),
    ("subscribe-prompt", "Already a subscriber? Log in"),
    ("advertisement", "Advertisement"),
    ("advertisement", "Story continues below advertisement"),
]

KEPT = [
    "Read more about the plan in the annex, the minister said.",
    "The company uses cookies made by a supplier in Ghent, according to its annual filing.",
    "He refused to subscribe to the newsletter theory, the minister said in a long statement.",
    "Facebook",  # a one-word heading in an article about the company
    "Share prices fell by 4% on Monday.",
    "An advertisement for the bonds ran in three newspapers.",
    "Related: the minister’s own figures, published in March, tell a different story about the budget "
    "and its effect on the regions, which the opposition said it would take to the courts.",
]


@pytest.mark.parametrize(("rule", "line"), RULES)
def test_rule_removes_furniture(rule: str, line: str) -> None:
    assert removed_rules(line) == [rule]


@pytest.mark.parametrize("line", KEPT)
def test_rule_keeps_article_sentences(line: str) -> None:
    assert removed_rules(line) == []


def test_teaser_list_under_a_heading_goes() -> None:
    furniture = "Related stories\n\nDog bites man, again\nCat ignores everybody\nIs the budget too big?\n"
    clean = clean_text(BODY + furniture + "\n" + BODY)
    assert [item.rule for item in clean.removed] == ["teaser-list"] * 4
    assert clean.text.count("The minister said") == 2 and "Dog bites" not in clean.text


def test_teaser_heading_without_a_list_stays() -> None:
    source = "Related stories\nThe minister said the plan was sound, and the budget agreed.\n"
    assert clean_text(source).removed == []


def test_seed_furniture_removed_exactly_as_before() -> None:
    source = SEED_2.read_text(encoding="utf-8")
    clean = clean_text(source)
    assert [item.rule for item in clean.removed] == ["teaser-read-more"] * 6 + [
        "cookie-notice",
        "lone-read-more",
    ]
    assert (clean.removed[0].span.start, clean.removed[-1].span.end) == (2251, 3012)
    assert all(source[r.span.start : r.span.end] == r.text for r in clean.removed)
    assert len(clean.text) == 2250 and clean.text == source[:2250]


def test_removed_furniture_is_skipped_by_the_map() -> None:
    clean = clean_text(BODY + "Advertisement\n" + BODY)
    second = clean.text.rindex("The minister")
    assert clean.to_original(second) == len(BODY) + len("Advertisement\n")
    assert_map_exact(clean)


# -- Markdown markup --------------------------------------------------------------------------------

MARKDOWN = [
    ("They counted **6,000** troops.", "They counted 6,000 troops."),
    ("See [the report](https://example.org/a_b_c) now.", "See the report now."),
    ("# The budget, explained #", "The budget, explained"),
    ("> “We will not cut pensions,” she said.", "“We will not cut pensions,” she said."),
    ("> > # Nested", "Nested"),
    ("It was *very* clear and _quite_ final.", "It was very clear and quite final."),
    ("**Bold with *em* inside**", "Bold with em inside"),
    ("![A map of the region](map.png)", "A map of the region"),
    ("Run `make all` twice.", "Run make all twice."),
    (r"A literal \*star\* stays.", "A literal *star* stays."),
    ("The figure[^1] is 12%.", "The figure is 12%."),
    ("snake_case_name and 5 * 3 * 2 stay", "snake_case_name and 5 * 3 * 2 stay"),
    ("- a list item with ~~struck~~ text", "- a list item with struck text"),
]


@pytest.mark.parametrize(("line", "shown"), MARKDOWN)
def test_markdown_markup_is_not_shown(line: str, shown: str) -> None:
    clean = clean_text(line + "\n")
    assert clean.text == shown
    assert_map_exact(clean)


def test_markdown_only_lines_vanish() -> None:
    source = (
        "Title\n=====\n\n```\n**kept** in code\n```\n\n---\n"
        "[ref]: https://example.org\n| a | b |\n|---|---|\n"
    )
    assert clean_text(source).text == "Title\n\n**kept** in code\n\n| a | b |"


def test_markup_can_be_kept() -> None:
    assert clean_text("**6,000**\n", markup=False).text == "**6,000**"


def test_number_in_bold_maps_to_the_number_in_the_file() -> None:
    source = "## Results\n\nThe army has **6,000** artillery systems.\n"
    clean = clean_text(source)
    start = clean.text.index("6,000")
    span = clean.span_to_original(start, start + len("6,000"))
    assert source[span.start : span.end] == "6,000"


def test_quote_across_a_link_maps_onto_the_whole_passage() -> None:
    source = "> “The [plan](https://example.org) is sound,” said Ana Ruiz.\n"
    clean = clean_text(source)
    quote = "The plan is sound"
    start = clean.text.index(quote)
    span = clean.span_to_original(start, start + len(quote))
    assert source[span.start : span.end] == "The [plan](https://example.org) is sound"


def test_furniture_in_markdown_is_judged_by_its_visible_text() -> None:
    clean = clean_text(BODY + "**[Read more](https://example.org/more)**\n")
    assert [item.rule for item in clean.removed] == ["lone-read-more"]


# -- pages and line breaks --------------------------------------------------------------------------


def test_form_feeds_are_page_breaks() -> None:
    source = "Page one text.\n\fPage two says 6,000.\n\f"
    clean = clean_text(source)
    assert "\f" not in clean.text
    start = clean.text.index("6,000")
    span = clean.span_to_original(start, start + 5)
    assert (source[span.start : span.end], span.page) == ("6,000", 2)
    assert clean.span_to_original(0, 4).page == 1


def test_spans_without_pages_have_no_page() -> None:
    clean = clean_text(BODY)
    assert clean.span_to_original(0, 3).page is None
    assert "page" not in clean.span_to_original(0, 3).model_dump_json()


def test_windows_line_breaks_keep_offsets() -> None:
    source = "First line.\r\nAdvertisement\r\nSecond **line**.\r\n"
    clean = clean_text(source)
    assert clean.text == "First line.\r\nSecond line."
    assert_map_exact(clean)


# -- the cheap pre-checks give the full patterns' answers ------------------------------------------

# Letters IGNORECASE folds onto ASCII (K is the Kelvin sign, ſ a long s, ı and İ Turkish i's).
PRE_CHECKED_LINES = [
    "We use cookies to improve your experience.",
    "We use cooKies to improve your experience.",
    "We uſe COOKIES to improve your experience.",
    "This ſite uses cookıes.",
    "This site uses cookİes.",
    "By contınuing to browse the site you agree to our use of them.",
    "By CONTİNUING TO USE this site you agree.",
    "Accept all cookies",
    "The cookie jar held 6,000 biscuits.",
    "The minister said the budget would rise.",
    "A teaser about the arenas… Read More",
    "A teaser about the arenas... Continue reading »",
    "A teaser about the arenas.. Read More",
    "A teaser about the arenas . . . Read More",
    "Sign up to our daily newsletter.",
    "SIGN UP FOR THE NEWSLETTER!",
    "Sıgn up to our weekly newsletter.",
    "Subscrİbe now",
    "Already a ſubscriber? Log in here",
    "Get our morning newsletter in your mailbox",
    "Delivered straight to your ınbox every day",
    "Enter your email address",
    "Become a member today",
    "Regıster for updates",
    "The minister will sign up to the treaty.",
    "",
]


@pytest.mark.parametrize("line", PRE_CHECKED_LINES)
def test_pre_checks_agree_with_the_full_patterns(line: str) -> None:
    from summarizer.reading import _clean

    rules = {rule.name: rule.matches for rule in _clean.RULES}
    assert rules["teaser-read-more"](line) == bool(_clean._TEASER.search(line))
    assert rules["cookie-notice"](line) == (len(line) < 200 and bool(_clean._COOKIE.search(line)))
    assert rules["subscribe-prompt"](line) == (len(line) < 200 and bool(_clean._SUBSCRIBE.match(line)))
