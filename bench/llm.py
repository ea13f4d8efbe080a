"""LLM engine: its latency overhead against a fake endpoint, and ROUGE when a real endpoint is configured.

Run from the project root::

    .venv/bin/python -m bench.llm [--data ../shared/evaldata] [--articles 40] [--rounds 3] [--limit N]

1. Overhead: the same articles briefed extractively, and extractively plus the LLM round trip to a fake
   OpenAI-compatible server on 127.0.0.1 that answers instantly (prompt building, HTTP, JSON validation,
   cleaning). Figures are medians over rounds, with the ratio to the extractive engine alone.
2. Quality: with BRIEFBOT_LLM_BASE_URL and BRIEFBOT_LLM_MODEL set (environment or .env), ROUGE-1/2/Lsum F1 of
   the LLM summary on ``<data>/summ`` (CNN/DM with 3 sentences, XSum with 1) against Lead-k and the extractive
   summary, scored as the evaluation data's README says. Skipped with a message otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rouge_score import rouge_scorer

from bench.evaldata import DEFAULT_DATA, read_jsonl
from bot.briefing.llm import LLMEngine
from bot.briefing.models import Article, Briefing, Engine, Length
from bot.briefing.pipeline import Briefer, build_briefing, check_text
from bot.briefing.sources import Source
from bot.settings import Settings
from tests.fake_openai import FakeOpenAI, Reply, answer

SETS = (
    ("CNN/DM", "summ/frank_cnndm.jsonl", 3, Length.DETAILED),
    ("XSum", "summ/frank_xsum.jsonl", 1, Length.SHORT),
)

# Used when the evaluation data is absent, so the overhead half still runs on a fresh clone.
FALLBACK_ARTICLE = """Tidewater library to open at night for students during exam season

The public library of Tidewater will stay open until midnight for six weeks from May, the town council said on Monday, after students complained that they had nowhere quiet to revise.
Librarian Marta Quist said the reading rooms were full by nine every morning. "We turn people away at the door, and most of them are teenagers with nowhere else to go," Quist said.
The extra hours will cost about $80,000, paid from the council's youth budget.
"It is the cheapest thing we can do for their grades," said councillor Ben Arkwright, who proposed the plan.
Two security guards will be hired for the evenings, and the café on the ground floor will stay open until ten.
The council will decide in July whether to keep the late hours for the autumn exams."""  # noqa: E501

_QUOTE_ID = re.compile(r"^\[(q\d+)\]", re.MULTILINE)


def instant_answer(body: dict[str, Any]) -> Reply:
    """Answer a chat request at once with a valid briefing built from the article block it carries."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    text = user.split("TEXT:\n", 1)[-1]
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 30]
    summary = sentences[:2] or ["The article reports a local decision."]
    points = sentences[2:5] or summary
    return answer(summary, points, _QUOTE_ID.findall(user)[:3])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def overhead_texts(data: Path, n: int) -> tuple[list[str], str]:
    """Return up to n article texts from the CNN/DM set (paragraphs rebuilt), or the built-in one."""
    path = data / SETS[0][1]
    if not path.exists():
        return [FALLBACK_ARTICLE], "built-in fictional article (no evaluation data found)"
    rows = read_jsonl(path)[:n]
    return ["\n\n".join(line for line in row["text"].split("\n") if line.strip()) for row in rows], path.name


async def measure_overhead(texts: list[str], rounds: int) -> tuple[dict[str, list[float]], int, int]:
    """Brief every text with each engine, interleaved; return per-article medians (ms), fallbacks, body."""
    timings: dict[str, list[list[float]]] = {"extractive": [], "llm": [], "llm step": []}
    fallbacks = 0
    async with FakeOpenAI(responder=instant_answer) as fake:
        settings = Settings(_env_file=None, llm_base_url=fake.url, llm_model="fake-instant", llm_timeout=30.0)
        llm = LLMEngine(settings)
        briefer = Briefer(settings, llm=llm)
        try:
            await briefer.brief(
                Source("text", texts[0]), engine=Engine.LLM
            )  # warm up: session, thread pool, imports
            for text in texts:
                per: dict[str, list[float]] = {key: [] for key in timings}
                for _ in range(rounds):
                    started = time.perf_counter()
                    extractive = await briefer.brief(Source("text", text), engine=Engine.EXTRACTIVE)
                    per["extractive"].append(time.perf_counter() - started)
                    started = time.perf_counter()
                    rewritten = await briefer.brief(Source("text", text), engine=Engine.LLM)
                    per["llm"].append(time.perf_counter() - started)
                    started = time.perf_counter()
                    await llm.rewrite(extractive, length=Length.STANDARD)
                    per["llm step"].append(time.perf_counter() - started)
                    fallbacks += not rewritten.engine.startswith(Engine.LLM)
                for key, values in per.items():
                    timings[key].append(values)
        finally:
            await briefer.aclose()
        prompt_chars = int(statistics.median(len(json.dumps(r.body)) for r in fake.requests))
    medians = {key: [1000 * statistics.median(v) for v in rows] for key, rows in timings.items()}
    return medians, fallbacks, prompt_chars


def print_overhead(texts: list[str], source: str, rounds: int) -> int:
    medians, fallbacks, prompt_chars = asyncio.run(measure_overhead(texts, rounds))
    base = statistics.median(medians["extractive"]) or 1e-9
    print(
        f"## Latency overhead of the LLM engine ({len(texts)} articles from {source}, median of {rounds})\n"
    )
    print("Fake OpenAI-compatible server on 127.0.0.1 answering instantly; same Briefer, same process.\n")
    print("| engine | median ms/article | p95 ms/article | ratio to extractive | paired ms added (median) |")
    print("|---|---|---|---|---|")
    labels = {
        "extractive": "extractive",
        "llm": "extractive + LLM round trip",
        "llm step": "LLM step alone (rewrite)",
    }
    for key, label in labels.items():
        values = medians[key]
        median = statistics.median(values)
        if key == "llm step":
            added = "-"
        else:  # per article, so a slow article does not hide in one column and not the other
            paired = [m - e for m, e in zip(values, medians["extractive"], strict=True)]
            added = f"{statistics.median(paired):+.2f}"
        p95 = _percentile(values, 0.95)
        print(f"| {label} | {median:.2f} | {p95:.2f} | {median / base:.3f} | {added} |")
    print(
        f"\nMedian request body: {prompt_chars:,} characters. "
        f"Fallbacks to extractive: {fallbacks} (must be 0)."
    )
    return 1 if fallbacks else 0


# --- quality with a real endpoint ------------------------------------------------------------------


def real_settings() -> Settings | None:
    """Return settings from BRIEFBOT_* variables and .env when they name an LLM endpoint, else None."""
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"ROUGE skipped: the BRIEFBOT_* settings are invalid ({exc.error_count()} errors).")
        return None
    if not settings.llm_enabled:
        print(
            "ROUGE skipped: no real endpoint configured "
            "(set BRIEFBOT_LLM_BASE_URL and BRIEFBOT_LLM_MODEL, e.g. Ollama's http://localhost:11434/v1)."
        )
        return None
    return settings


def _scores(scorer: Any, reference: str, summary: list[str]) -> tuple[float, float, float]:
    result = scorer.score(reference, "\n".join(summary))
    return result["rouge1"].fmeasure, result["rouge2"].fmeasure, result["rougeLsum"].fmeasure


def _extractive(row: dict[str, Any], k: int, length: Length) -> Briefing:
    text = check_text(row["text"], max_chars=10_000_000)
    return build_briefing(Article(text=text, title=row.get("title")), length=length, sentences=k)


async def measure_rouge(settings: Settings, data: Path, limit: int) -> int:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    llm = LLMEngine(settings)
    print(f"## Summary quality with the LLM engine ({settings.llm_model} at {settings.llm_base_url})\n")
    print("ROUGE F1 x100 (stemmed, Lsum over lines); ratio = R-1 / Lead-k's R-1.\n")
    print("| set | k | method | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | R-1 ratio | s/article | fallbacks |")
    print("|---|---|---|---|---|---|---|---|---|")
    try:
        for name, rel, k, length in SETS:
            path = data / rel
            if not path.exists():
                print(f"| {name} | {k} | (missing {path}) | | | | | | |")
                continue
            rows = read_jsonl(path)[: limit or None]
            results: dict[str, list[tuple[float, float, float]]] = {"Lead-k": [], "extractive": [], "LLM": []}
            seconds = 0.0
            fallbacks = 0
            for i, row in enumerate(rows, 1):
                lead = [line for line in row["text"].split("\n") if line.strip()][:k]
                briefing = _extractive(row, k, length)
                started = time.perf_counter()
                rewritten = await llm.rewrite(briefing, length=length)
                seconds += time.perf_counter() - started
                fallbacks += not rewritten.engine.startswith(Engine.LLM)
                results["Lead-k"].append(_scores(scorer, row["reference"], lead))
                results["extractive"].append(_scores(scorer, row["reference"], list(briefing.summary)))
                results["LLM"].append(_scores(scorer, row["reference"], list(rewritten.summary)))
                print(f"\r{name}: {i}/{len(rows)}", end="", file=sys.stderr, flush=True)
            print(file=sys.stderr)
            base = 100 * statistics.fmean(r[0] for r in results["Lead-k"]) or 1e-9
            for label, scores in results.items():
                r1, r2, rl = (100 * statistics.fmean(s[j] for s in scores) for j in range(3))
                extra = f"{seconds / len(rows):.2f} | {fallbacks}" if label == "LLM" else " | "
                shown = label.replace("-k", f"-{k}")
                print(f"| {name} ({len(rows)}) | {k} | {shown} | {r1:.2f} | {r2:.2f} | {rl:.2f} | "
                      f"{r1 / base:.3f} | {extra} |")  # fmt: skip
    finally:
        await llm.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown tables."""
    parser = argparse.ArgumentParser(
        prog="bench.llm", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="evaluation data folder")
    parser.add_argument("--articles", type=int, default=40, help="articles for the overhead measurement")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per article and engine")
    parser.add_argument("--limit", type=int, default=0, help="ROUGE on only the first N rows of each set")
    args = parser.parse_args(argv)

    texts, source = overhead_texts(args.data, max(1, args.articles))
    code = print_overhead(texts, source, max(1, args.rounds))
    print()
    settings = real_settings()
    if settings is not None:
        code |= asyncio.run(measure_rouge(settings, args.data, args.limit))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
