"""What a batch costs: token prices per model, and a budget that stops new documents before a cap.

Prices are USD per million tokens (input, output). The table is a convenience with list prices at
the time of writing; they change, so the user can override or add any model (`--price MODEL=IN,OUT`).
An unknown model has no estimate, and a cost cap then needs a price: guessing would defeat the cap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from summarizer.errors import ConfigError
from summarizer.long_documents import CHARS_PER_TOKEN

# Prompt text around the document (instructions, schema), in tokens, until real answers show it.
PROMPT_OVERHEAD_TOKENS = 600  # the brief.v3 prompt with its markers, on the seeds: about 540


@dataclass(frozen=True)
class Price:
    input_per_million: float
    output_per_million: float

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        return (tokens_in * self.input_per_million + tokens_out * self.output_per_million) / 1_000_000


DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "o4-mini": Price(1.10, 4.40),
    "gpt-5": Price(1.25, 10.00),
    "gpt-5-mini": Price(0.25, 2.00),
    "gpt-5-nano": Price(0.05, 0.40),
}


def parse_price(text: str) -> tuple[str, Price]:
    """`MODEL=IN,OUT` (USD per million tokens) to a table entry."""
    model, sep, amounts = text.partition("=")
    parts = amounts.split(",")
    if not sep or not model.strip() or len(parts) != 2:
        raise ConfigError(f"--price {text!r}: expected MODEL=IN,OUT, e.g. gpt-4o-mini=0.15,0.60")
    try:
        price = Price(float(parts[0]), float(parts[1]))
    except ValueError:
        raise ConfigError(f"--price {text!r}: IN and OUT must be numbers (USD per million tokens)") from None
    if price.input_per_million < 0 or price.output_per_million < 0:
        raise ConfigError(f"--price {text!r}: prices cannot be negative")
    return model.strip(), price


def price_for(model: str, overrides: Mapping[str, Price] | None = None) -> Price | None:
    """The user's price for the model, else the table's, else None. Dated names match their base name."""
    table = {**DEFAULT_PRICES, **(overrides or {})}
    if model in table:
        return table[model]
    # "gpt-4o-mini-2024-07-18" is priced as "gpt-4o-mini": the longest known name it starts with.
    prefixes = [name for name in table if model.startswith(name + "-")]
    return table[max(prefixes, key=len)] if prefixes else None


class Budget:
    """Tracks spent and in-flight cost; says whether one more document still fits under the cap."""

    def __init__(self, price: Price | None, max_cost: float | None, max_tokens: int) -> None:
        if max_cost is not None and price is None:
            raise ConfigError("a cost cap needs a price for the model: pass --price MODEL=IN,OUT")
        self.price = price
        self.max_cost = max_cost
        self.spent = 0.0
        self._reserved: dict[str, float] = {}
        self._overheads: list[int] = []  # tokens in beyond the document itself, re-asks included
        self._tokens_out: list[int] = []
        self._max_tokens = max_tokens

    def projected(self, characters: int) -> float:
        """A document's likely cost, from its size and what documents so far cost beyond their size.

        Before any answer: a fixed prompt overhead in, and the whole `max_tokens` out (pessimistic).
        """
        if self.price is None:
            return 0.0
        overhead = _mean(self._overheads, PROMPT_OVERHEAD_TOKENS)
        tokens_out = _mean(self._tokens_out, self._max_tokens)
        return self.price.cost(characters // CHARS_PER_TOKEN + overhead, tokens_out)

    def try_reserve(self, key: str, characters: int) -> bool:
        """Reserve a document's projected cost, unless it would take the total past the cap."""
        projected = self.projected(characters)
        if (
            self.max_cost is not None
            and self.spent + sum(self._reserved.values()) + projected > self.max_cost
        ):
            return False
        self._reserved[key] = projected
        return True

    def settle(self, key: str, characters: int, tokens_in: int, tokens_out: int) -> float | None:
        """Replace the reservation by what the document actually cost; returns that cost."""
        self._reserved.pop(key, None)
        if self.price is None:
            return None
        if tokens_in:  # the document got answers: learn from them (a failed read teaches nothing)
            self._overheads.append(max(tokens_in - characters // CHARS_PER_TOKEN, 0))
            self._tokens_out.append(tokens_out)
        cost = self.price.cost(tokens_in, tokens_out)
        self.spent += cost
        return cost


def _mean(values: list[int], default: int) -> int:
    return sum(values) // len(values) if values else default
