"""Main-text extraction: briefbot's extract_article and whole briefing vs trafilatura.extract(), same run.

Run from the project root::

    .venv/bin/python -m bench.extraction [--data ../shared/evaldata] [--set aeb] [--limit N]

Scores bag-of-words precision/recall/F1 of the extracted text against the labelled article body, per page and
averaged (as the evaluation data's README says), milliseconds per page, and how often junk detection refused a
page (it must be 0 on a set of real articles) or added a "partial" warning.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from bot.briefing.errors import BriefingError
from bot.briefing.extract import extract_article
from bot.briefing.pipeline import brief_source
from bot.briefing.sources import Source

MAX_CHARS = 1_000_000
TARGET_TIME_RATIO = 1.0
TARGET_F1 = 0.975

_WORD = re.compile(r"\w+")


def bag_of_words_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Return (precision, recall, F1) of the multiset of lowercased word tokens."""
    pred = Counter(_WORD.findall(predicted.lower()))
    ref = Counter(_WORD.findall(gold.lower()))
    overlap = sum((pred & ref).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(ref.values()) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Score:
    name: str
    prf: list[tuple[float, float, float]] = field(default_factory=list)
    seconds: float = 0.0
    refused: list[str] = field(default_factory=list)
    warned: int = 0

    def mean(self, index: int) -> float:
        return sum(row[index] for row in self.prf) / len(self.prf) if self.prf else 0.0

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / len(self.prf) if self.prf else 0.0


@dataclass(frozen=True)
class Row:
    id: str
    url: str | None
    gold: str
    html: bytes


def load_rows(data: Path, name: str, limit: int | None) -> list[Row]:
    """Read <data>/html/<name>.jsonl and the HTML files beside it."""
    rows: list[Row] = []
    with (data / "html" / f"{name}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            html = (data / "html" / name / f"{item['id']}.html").read_bytes()
            rows.append(Row(item["id"], item.get("url"), item["text"], html))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def _default(row: Row) -> tuple[str, bool]:
    return trafilatura.extract(row.html, url=row.url) or "", False


def _fast(row: Row) -> tuple[str, bool]:
    return trafilatura.extract(row.html, url=row.url, fast=True, include_comments=False) or "", False


def _ours(row: Row) -> tuple[str, bool]:
    article = extract_article(row.html, url=row.url)
    return article.text, bool(article.warnings)


def _whole(row: Row) -> tuple[str, bool]:
    """The whole briefing as a worker makes it (extraction, metadata, junk checks, summary, quotes)."""
    briefing = brief_source(Source("html", "", data=row.html, url=row.url), max_chars=MAX_CHARS)
    return briefing.article_text, bool(briefing.warnings)


EXTRACTORS: dict[str, Callable[[Row], tuple[str, bool]]] = {
    "trafilatura defaults": _default,
    "trafilatura fast, no comments": _fast,
    "briefbot extract_article": _ours,
    "briefbot whole briefing (brief_source)": _whole,
}


def run_all(extractors: dict[str, Callable[[Row], tuple[str, bool]]], rows: list[Row]) -> list[Score]:
    """Score every extractor over every row, taking turns page by page (load on the machine hits all alike).

    A refused page scores zero and is listed.
    """
    scores = {name: Score(name) for name in extractors}
    for row in rows:
        for name, extractor in extractors.items():
            score = scores[name]
            start = time.perf_counter()
            try:
                text, warned = extractor(row)
            except BriefingError as exc:
                text, warned = "", False
                score.refused.append(f"{row.url or row.id}: {exc.kind}")
            score.seconds += time.perf_counter() - start
            score.warned += warned
            score.prf.append(bag_of_words_prf(text, row.gold))
    return list(scores.values())


def run(name: str, extractor: Callable[[Row], tuple[str, bool]], rows: list[Row]) -> Score:
    """Score one extractor over every row; a refused page scores zero and is listed."""
    return run_all({name: extractor}, rows)[0]


def render(scores: list[Score], pages: int, set_name: str) -> str:
    """Render a Markdown table; ratios are against the first (baseline) score."""
    base = scores[0]
    lines = [
        f"### Extraction on `{set_name}` ({pages} pages, bag-of-words, mean per page)",
        "",
        "| extractor | precision | recall | F1 | F1 vs default | ms/page | time vs default "
        "| refused as junk | warned |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        f1_ratio = s.mean(2) / base.mean(2) if base.mean(2) else 0.0
        time_ratio = s.ms_per_page / base.ms_per_page if base.ms_per_page else 0.0
        lines.append(
            f"| {s.name} | {s.mean(0):.3f} | {s.mean(1):.3f} | {s.mean(2):.3f} | {f1_ratio:.3f} | "
            f"{s.ms_per_page:.0f} | {time_ratio:.2f} | {len(s.refused)} | {s.warned} |"
        )
    for s in scores:
        for item in s.refused:
            lines.append(f"\n- {s.name} refused {item}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.extraction", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=Path("../shared/evaldata"), help="evaluation data folder"
    )
    parser.add_argument("--set", default="aeb", help="html set: aeb (human gold) or readability (regression)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args(argv)
    try:
        rows = load_rows(args.data, args.set, args.limit)
    except FileNotFoundError as exc:
        print(f"evaluation data not found: {exc.filename}", file=sys.stderr)
        return 2
    for row in rows[:3]:  # warm up: first-call imports and caches of every extractor
        for extractor in EXTRACTORS.values():
            with contextlib.suppress(BriefingError):
                extractor(row)
    scores = run_all(EXTRACTORS, rows)
    print(render(scores, len(rows), args.set))
    whole = scores[-1]
    ratio = whole.ms_per_page / scores[0].ms_per_page if scores[0].ms_per_page else float("nan")
    print(
        f"\nWhole briefing {ratio:.2f}x trafilatura.extract() defaults (target <= {TARGET_TIME_RATIO:.1f}x); "
        f"extraction F1 {scores[2].mean(2):.3f} (target >= {TARGET_F1:.3f})."
    )
    return 1 if scores[2].refused and args.set == "aeb" else 0


if __name__ == "__main__":
    raise SystemExit(main())
