"""Prompt tokens beyond the document's own, and output tokens, per seed brief: now against a baseline.

    python bench/tokens.py [--server http://127.0.0.1:8089] [--baseline 8a9ef79]

Both figures come from the model's own tokenizer. Calls: the usage the server reported in the
recordings (tests/recordings/seeds now, and the same folder at the baseline commit, read from git).
The document's own tokens: its cleaned text counted by the server's `/extras/tokenize/count`
(`../shared/tools/local-llm start` gives one), so the overhead is what the prompt, the schema and
the evidence markers cost. Without a server only the totals are printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.reading._clean import clean_text  # noqa: E402

RECORDINGS = "tests/recordings/seeds"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def calls_for(seed_text: str, recordings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The recorded calls whose prompt holds this seed (its first line is enough to tell them apart)."""
    first_line = seed_text.strip().splitlines()[0][:60]
    return [r for r in recordings if first_line in json.dumps(r["request"]["body"], ensure_ascii=False)]


def usage(calls: list[dict[str, Any]]) -> tuple[int, int, int, int]:
    """Prompt and output tokens of the first call, output tokens of all calls, and the number of calls.

    The first call is the one with the shortest prompt: each re-ask adds the previous answer to it.
    """
    answers = sorted(
        (a["body"]["usage"] for r in calls for a in r["responses"]), key=lambda u: u["prompt_tokens"]
    )
    first = answers[0]
    total_out = sum(u["completion_tokens"] for u in answers)
    return first["prompt_tokens"], first["completion_tokens"], total_out, len(answers)


def recordings_now() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / RECORDINGS).glob("*.json")]


def recordings_at(commit: str) -> list[dict[str, Any]]:
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{commit}:{RECORDINGS}"], cwd=ROOT, capture_output=True, text=True,
        check=True,
    ).stdout.split()  # fmt: skip
    shown = (
        subprocess.run(["git", "show", f"{commit}:{RECORDINGS}/{name}"], cwd=ROOT, capture_output=True)
        for name in names
        if name.endswith(".json")
    )
    return [json.loads(s.stdout) for s in shown]


def document_tokens(server: str, text: str) -> int | None:
    try:
        answer = httpx2.post(f"{server}/extras/tokenize/count", json={"input": text}, timeout=30)
        return int(answer.json()["count"])
    except (httpx2.HTTPError, KeyError, ValueError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8089")
    parser.add_argument("--baseline", default="8a9ef79", help="commit whose seed recordings are the baseline")
    args = parser.parse_args()
    now, before = recordings_now(), recordings_at(args.baseline)
    print("seed | document tokens | prompt now / baseline | beyond document now / baseline "
          "| first answer's output now / baseline (ratio) | output of all calls now / baseline "
          "| calls now / baseline")  # fmt: skip
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        doc = document_tokens(args.server, clean_text(text).text)
        p_now, o_now, all_now, c_now = usage(calls_for(text, now))
        p_then, o_then, all_then, c_then = usage(calls_for(text, before))
        beyond = f"{p_now - doc} / {p_then - doc}" if doc is not None else "n/a (no tokenizer server)"
        print(f"{seed.name} | {doc if doc is not None else 'n/a'} | {p_now} / {p_then} | {beyond} "
              f"| {o_now} / {o_then} ({o_now / o_then:.2f}) | {all_now} / {all_then} "
              f"| {c_now} / {c_then}")  # fmt: skip


if __name__ == "__main__":
    main()
