"""Main-text extraction quality: briefbot's extract_article vs trafilatura with default options, same run.

Run from the project root::

    .venv/bin/python -m bench.extraction [--data ../shared/evaldata] [--set aeb] [--limit N]

Scores bag-of-words precision/recall/F1 of the extracted text against the labelled article body, per page and
averaged (as the evaluation data's README says), milliseconds per page, and how often junk detection refused a
page (it must be 0 on a set of real articles) or added a "partial" warning.
"""

from __future__ import annotations

import argparse
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


def _ours(row: Row) -> tuple[str, bool]:
    article = extract_article(row.html, url=row.url)
    return article.text, bool(article.warnings)


def run(name: str, extractor: Callable[[Row], tuple[str, bool]], rows: list[Row]) -> Score:
    """Score one extractor over every row; a refused page scores zero and is listed."""
    score = Score(name)
    for row in rows:
        start = time.perf_counter()
        try:
            text, warned = extractor(row)
        except BriefingError as exc:
            text, warned = "", False
            score.refused.append(f"{row.url or row.id}: {exc.kind}")
        score.seconds += time.perf_counter() - start
        score.warned += warned
        score.prf.append(bag_of_words_prf(text, row.gold))
    return score


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
    scores = [run("trafilatura defaults", _default, rows), run("briefbot extract_article", _ours, rows)]
    print(render(scores, len(rows), args.set))
    return 1 if scores[1].refused and args.set == "aeb" else 0


if __name__ == "__main__":
    raise SystemExit(main())
