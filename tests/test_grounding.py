"""Grounding rules, built from the mistakes the small local model really made on the seeds."""

from __future__ import annotations

import pytest

from summarizer.clean import clean_text
from summarizer.draft import BriefDraft, DraftActor, DraftNumber, DraftQuote, DraftUncertainty
from summarizer.grounding import Grounder
from tests.conftest import SEED_1, SEED_2

SEED_1_TEXT = SEED_1.read_text(encoding="utf-8")
SEED_2_TEXT = SEED_2.read_text(encoding="utf-8")

EXPERT = (
    "Russia may be seeking to stabilise its production and supply of key artillery shells during the "
    "coming winter by seeking ammunition from North Korea and elsewhere, to allow its factories to catch "
    "up with production"
)
KIRBY = "Our information indicates that the DPRK is covertly supplying Russia’s war in Ukraine"
DEMPSEY = (
    "may represent the single biggest source of compatible legacy artillery ammunition outside of Russia"
)


def ground(text: str, **items: list) -> object:  # type: ignore[type-arg]
    draft = BriefDraft(title="t", summary="s", **items)
    return Grounder(clean_text(text)).ground(draft)


def test_unnamed_experts_quote_is_not_given_to_kirby() -> None:
    result = ground(SEED_2_TEXT, quotes=[DraftQuote(text=EXPERT, speaker="John Kirby")])
    assert result.quotes == []
    assert "not attributed to 'John Kirby'" in result.rejected[0].reason


def test_unnamed_experts_quote_without_speaker_is_kept() -> None:
    result = ground(SEED_2_TEXT, quotes=[DraftQuote(text=EXPERT, speaker=None)])
    (quote,) = result.quotes
    assert quote.speaker is None
    assert SEED_2_TEXT[quote.span.start : quote.span.end] == quote.text == EXPERT


def test_kirby_and_dempsey_keep_their_own_quotes() -> None:
    result = ground(
        SEED_2_TEXT,
        quotes=[
            DraftQuote(text=KIRBY, speaker="John Kirby"),
            DraftQuote(text=DEMPSEY, speaker="Joseph Dempsey"),
        ],
    )
    assert [q.speaker for q in result.quotes] == ["John Kirby", "Joseph Dempsey"]
    for quote in result.quotes:
        assert quote.speaker_span is not None
        assert quote.speaker in SEED_2_TEXT[quote.speaker_span.start : quote.speaker_span.end] or (
            SEED_2_TEXT[quote.speaker_span.start : quote.speaker_span.end] in quote.speaker
        )


def test_dempseys_quote_given_to_kirby_is_rejected_though_same_paragraph() -> None:
    result = ground(SEED_2_TEXT, quotes=[DraftQuote(text=DEMPSEY, speaker="John Kirby")])
    assert result.quotes == [] and "John Kirby" in result.rejected[0].reason


def test_straight_apostrophe_matches_curly_and_ships_source_text() -> None:
    result = ground(SEED_2_TEXT, quotes=[DraftQuote(text=KIRBY.replace("’", "'"), speaker="Kirby")])
    (quote,) = result.quotes
    assert quote.status == "normalized"
    assert quote.text == KIRBY  # the source's curly apostrophe, not the model's straight one


def test_reworded_quote_is_rejected() -> None:
    reworded = KIRBY.replace("covertly supplying", "secretly supplying")
    result = ground(SEED_2_TEXT, quotes=[DraftQuote(text=reworded, speaker="John Kirby")])
    assert result.quotes == [] and "not in the document" in result.rejected[0].reason


def test_case_is_not_forgiven_in_quotes() -> None:
    result = ground(SEED_2_TEXT, quotes=[DraftQuote(text=KIRBY.upper(), speaker="John Kirby")])
    assert result.quotes == []


def test_trailing_period_added_by_model_is_trimmed() -> None:
    # Real mistake: the model ended the expert's quote with "production." where the source has "production”,".
    result = ground(SEED_2_TEXT, quotes=[DraftQuote(text=EXPERT + ".", speaker=None)])
    assert [q.text for q in result.quotes] == [EXPERT]


def test_narration_passed_off_as_quote_is_rejected() -> None:
    # Real mistake: the model "quoted" a narrative sentence that stands in no quotation marks.
    narration = "Moscow is continuing its seemingly urgent efforts to procure more and more weapons"
    result = ground(SEED_2_TEXT, quotes=[DraftQuote(text=narration, speaker=None)])
    assert result.quotes == [] and "not inside quotation marks" in result.rejected[0].reason


def test_furniture_cannot_ground_anything() -> None:
    result = ground(
        SEED_2_TEXT,
        actors=[DraftActor(name="Nestle", kind="organization")],
        numbers=[DraftNumber(text="2026", value=2026, counts="awards night")],
    )
    assert result.actors == [] and result.numbers == []
    assert len(result.rejected) == 2


def test_sentence_posing_as_number_is_rejected() -> None:
    # Real mistake on seed 2, which has no figures: whole sentences listed as "numbers".
    sentence = "Missiles, kamikaze and other drones bought from Iran."
    result = ground(SEED_2_TEXT, numbers=[DraftNumber(text=sentence, counts="drones")])
    assert result.numbers == [] and len(result.rejected) == 1


@pytest.mark.parametrize(
    ("written", "value", "qualifier"),
    [
        ("6,000", 6000, "approximately"),
        ("5,500", 5500, "around"),
        ("4,000", 4000, None),
        ("2,500", 2500, None),
        ("10,000", 10000, "over"),
    ],
)
def test_seed_one_figures_ground_with_qualifiers(written: str, value: float, qualifier: str | None) -> None:
    result = ground(SEED_1_TEXT, numbers=[DraftNumber(text=written, value=value, counts="x")])
    (number,) = result.numbers
    assert SEED_1_TEXT[number.span.start : number.span.end] == written == number.text
    assert number.qualifier_in_text == qualifier


def test_number_written_without_separator_is_found_normalized() -> None:
    result = ground(SEED_1_TEXT, numbers=[DraftNumber(text="6000", value=6000, counts="artillery systems")])
    (number,) = result.numbers
    assert number.status == "normalized" and number.text == "6,000"


def test_wrong_value_for_a_written_number_is_rejected() -> None:
    result = ground(SEED_1_TEXT, numbers=[DraftNumber(text="6,000", value=60000, counts="artillery")])
    assert result.numbers == [] and "does not match" in result.rejected[0].reason


def test_invented_number_is_rejected_and_computed_one_is_marked() -> None:
    invented = DraftNumber(text="18,000", value=18000, counts="systems")
    computed = DraftNumber(
        text="9,500", value=9500, counts="rocket systems and tanks", derived_from=["5,500", "4,000"]
    )
    result = ground(SEED_1_TEXT, numbers=[invented, computed])
    assert [n.status for n in result.numbers] == ["computed"]
    assert [SEED_1_TEXT[p.start : p.end] for p in result.numbers[0].parts] == ["5,500", "4,000"]
    assert "18,000" in result.rejected[0].reason


def test_actor_by_surname_alias_and_invented_actor() -> None:
    result = ground(
        SEED_1_TEXT,
        actors=[
            DraftActor(name="Vladimir Putin", kind="person"),
            DraftActor(name="President Putin", kind="person"),
            DraftActor(name="Xi Jinping", kind="person"),
        ],
    )
    assert [(a.name, a.status) for a in result.actors] == [
        ("Vladimir Putin", "exact"),
        ("President Putin", "alias"),
    ]
    assert "'Xi Jinping' is not named" in result.rejected[0].reason


def test_uncertainty_cue_found_near_its_claim() -> None:
    cue = DraftUncertainty(
        claim="stockpiles may be aging", reason="reports only", cue="may be aging and unreliable"
    )
    missing = DraftUncertainty(claim="x", reason="y", cue="it is rumoured")
    result = ground(SEED_1_TEXT, uncertainties=[cue, missing])
    (found,) = result.uncertainties
    assert SEED_1_TEXT[found.span.start : found.span.end] == "may be aging and unreliable"
    assert "'it is rumoured' is not in the document" in result.rejected[0].reason


def test_problems_are_the_re_ask_feedback() -> None:
    from pydantic import ValidationError

    grounder = Grounder(clean_text(SEED_2_TEXT))
    payload = {"title": "t", "summary": "s", "quotes": [{"text": EXPERT, "speaker": "John Kirby"}]}
    with pytest.raises(ValidationError, match=r"quote 1: the quote .* is not attributed to 'John Kirby'"):
        BriefDraft.model_validate(payload, context={"grounding": grounder})
    assert BriefDraft.model_validate(payload).quotes[0].speaker == "John Kirby"


def test_figures_in_free_text_are_checked_against_the_source() -> None:
    from summarizer.freetext import free_text_warnings

    draft = BriefDraft(
        title="North Korea's 6000 guns",
        summary="It holds 6,000 artillery systems and 7,500 tanks.",
        # Real slip on seed 1: the model gave North Korea's 6,000 artillery systems to Russia.
        key_points=[
            "Russia currently maintains approximately 6,000 deadly artillery systems",
            "North Korea possesses around 5,500 rocket artillery systems",
            "3 reasons",
        ],
    )
    grounder = Grounder(clean_text(SEED_1_TEXT))
    actors = grounder.ground(
        BriefDraft(title="t", summary="s", actors=[DraftActor(name="Russia"), DraftActor(name="North Korea")])
    ).actors
    assert free_text_warnings(grounder.index, draft, actors) == [
        "summary: '7,500' is not a figure the source gives",
        "key_points[0]: '6,000' is said of Russia, but the source gives it in a passage "
        "that does not name Russia",
        "key_points[2]: '3' is not a figure the source gives",
    ]


def test_counts_left_out_by_the_model_come_from_its_text() -> None:
    # Real output on seed 1: {"text": "4,000 tanks", "value": 4000} with no "counts".
    result = ground(SEED_1_TEXT, numbers=[DraftNumber(text="4,000 tanks", value=4000)])
    (number,) = result.numbers
    assert (number.text, number.counts) == ("4,000", "tanks")


def test_another_listed_actor_is_not_an_alias() -> None:
    # Real mistake on seed 2: Russia with aliases ["DPRK", "North Korea"] beside a "North Korea" actor.
    result = ground(
        SEED_2_TEXT,
        actors=[
            DraftActor(name="Russia", kind="country", aliases=["DPRK", "North Korea"]),
            DraftActor(name="North Korea", kind="country", aliases=["DPRK"]),
        ],
    )
    assert [(a.name, a.aliases) for a in result.actors] == [("Russia", ["DPRK"]), ("North Korea", ["DPRK"])]
    (rejected,) = result.rejected
    assert rejected.item == {"name": "Russia", "aliases": ["North Korea"]}
    assert "'North Korea' as an alias, but that is another actor" in rejected.reason


def test_an_invented_alias_is_rejected_but_the_actor_ships_without_it() -> None:
    # Real mistake on seed 1: {"name": "North Korea", "aliases": ["Korea DPR"]}, kept through both re-asks.
    result = ground(
        SEED_1_TEXT, actors=[DraftActor(name="North Korea", kind="country", aliases=["Korea DPR"])]
    )
    assert [(a.name, a.aliases) for a in result.actors] == [("North Korea", [])]
    assert result.rejected[0].reason == (
        "actor 1: 'North Korea' has aliases the document never uses ('Korea DPR'); "
        "list only other names the document itself uses for this actor"
    )


def test_feedback_numbers_items_as_the_model_listed_them() -> None:
    repeated = DraftActor(name="Iran", kind="country")
    result = ground(SEED_2_TEXT, actors=[repeated, repeated, DraftActor(name="Xi Jinping", kind="person")])
    assert len(result.actors) == 1 and result.rejected[0].reason.startswith("actor 3:")
