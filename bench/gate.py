"""The quality gate: briefbot's quality figures on the evaluation data, each against a pinned floor.

    make gate                      # or: .venv/bin/python -m bench.gate [--data ../shared/evaldata]

Measures, the way the benchmarks and ``evaldata/README.md`` score them: ROUGE on CNN/DM and XSum
(bench.summaries), quotes on PolNeAR and on both hand-labelled gold sets (bench.quotes), main-text extraction
F1 (bench.extraction), metadata (bench.metadata) and the standard card (bench.card). Prints one table and
exits 1 when a figure is below its floor, or when a floor names a figure nothing measured (a renamed figure
fails, it never passes unseen).

FLOORS is the one table to edit: when a change raises a figure, raise its floor to a little under the new
figure (about 0.5 ROUGE point or 0.01-0.02 of a share), so the gain cannot slide back unnoticed.
Without the data the gate fails under CI (``CI`` set) and is skipped elsewhere; ``make test`` never needs it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.evaldata import DEFAULT_DATA

# fmt: off
#: The pinned minimums. Raise them as the figures improve; never lower one to let a change through.
FLOORS: dict[str, float] = {
    # ROUGE F1 x100 (rouge-score, stemming), briefbot's summary: CNN/DM 3 sentences, XSum 1
    "summaries: CNN/DM ROUGE-1":               41.0,
    "summaries: CNN/DM ROUGE-2":               19.0,
    "summaries: CNN/DM ROUGE-Lsum":            37.5,
    "summaries: XSum ROUGE-1":                 19.0,
    "summaries: XSum ROUGE-2":                 2.3,
    "summaries: XSum ROUGE-Lsum":              13.0,
    # PolNeAR direct quotes of 4+ words
    "quotes: PolNeAR precision":               0.92,
    "quotes: PolNeAR recall":                  0.965,
    "quotes: PolNeAR F1":                      0.945,
    "quotes: PolNeAR speaker accuracy":        0.935,
    # hand-labelled gold: real pages briefed from their HTML, and ten languages pasted as text
    "quotes: gold pages F1":                   0.96,
    "quotes: gold pages precision":            0.975,
    # shown quotes that are gold quotes with the right speaker (1 - the "wrong shown" share; issue 9: >= 0.96)
    "quotes: gold pages shown right":          0.96,
    "quotes: gold pages speaker accuracy":     0.95,
    "quotes: ten languages F1":                0.99,
    "quotes: ten languages precision":         0.985,
    "quotes: ten languages recall":            0.985,
    "quotes: ten languages speaker accuracy":  0.94,
    "quotes: worst language speaker accuracy": 0.85,
    # main text of 92 labelled news/blog pages, bag-of-words, mean per page
    "extraction: AEB precision":               0.965,
    "extraction: AEB recall":                  0.97,
    "extraction: AEB F1":                      0.97,
    # metadata on the gold pages, share correct
    "metadata: title":                         0.97,
    "metadata: authors":                       0.97,
    "metadata: site":                          0.95,
    "metadata: date":                          0.98,
    # the standard card over the 92 dev AEB pages (bench.card), shares where higher is better
    "card: summaries without a dateline":      0.98,
    "card: shown sentences standing alone":    0.99,
    "card: key points clear of quotations":    0.98,
    "card: quotes shown once":                 0.98,
    "card: shown sentences in the labelled body": 0.99,
    "card: 1,000 characters / median standard card": 1.0,
}
# fmt: on

Figures = dict[str, float]


@dataclass(frozen=True)
class Verdict:
    """One figure against its floor."""

    name: str
    figure: float | None  # None: nothing measured it
    floor: float

    @property
    def ok(self) -> bool:
        return self.figure is not None and self.figure >= self.floor


def judge(figures: Mapping[str, float], floors: Mapping[str, float] = FLOORS) -> list[Verdict]:
    """Compare every floored figure with its floor, in the order of the floors."""
    return [Verdict(name, figures.get(name), floor) for name, floor in floors.items()]


def render(verdicts: list[Verdict]) -> str:
    """Render the verdicts as a Markdown table."""
    lines = ["| figure | now | floor | |", "|---|---:|---:|---|"]
    for v in verdicts:
        now = "not measured" if v.figure is None else _number(v.figure)
        lines.append(f"| {v.name} | {now} | {_number(v.floor)} | {'ok' if v.ok else '**BELOW**'} |")
    return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:.2f}" if value >= 1.5 else f"{value:.3f}"


# --- the measurements: each reuses its benchmark's own scoring -----------------------------------------


def measure_summaries(data: Path) -> Figures:
    """ROUGE-1/2/Lsum of briefbot's summariser on CNN/DM (3 sentences) and XSum (1 sentence)."""
    from bench.evaldata import read_jsonl
    from bench.summaries import SETS, ours, rouge

    figures: Figures = {}
    for label, path, k in SETS:
        r1, r2, rl = rouge(read_jsonl(data / path), ours, k)
        figures |= {
            f"summaries: {label} ROUGE-1": r1,
            f"summaries: {label} ROUGE-2": r2,
            f"summaries: {label} ROUGE-Lsum": rl,
        }
    return figures


def measure_polnear(data: Path) -> Figures:
    """Precision, recall, F1 and speaker accuracy of the quote extractor on PolNeAR."""
    from bench.quotes import load, run
    from bot.briefing.quotes import extract_quotes

    score = run(load(data, None), extract_quotes)
    return {
        "quotes: PolNeAR precision": score.precision,
        "quotes: PolNeAR recall": score.recall,
        "quotes: PolNeAR F1": score.f1,
        "quotes: PolNeAR speaker accuracy": score.speaker_accuracy,
    }


def measure_gold_quotes(data: Path) -> Figures:
    """Quotes on the hand-labelled gold: real pages from their HTML, and the ten-language passages."""
    from bench.quotes import score_languages, score_pages, total

    pages, _ = score_pages(data)
    by_language = list(score_languages(data).values())
    languages = total(ours for ours, _ in by_language)
    return {
        "quotes: gold pages F1": pages.f1,
        "quotes: gold pages precision": pages.precision,
        "quotes: gold pages shown right": 1 - pages.wrong_share,
        "quotes: gold pages speaker accuracy": pages.speaker_accuracy,
        "quotes: ten languages F1": languages.f1,
        "quotes: ten languages precision": languages.precision,
        "quotes: ten languages recall": languages.recall,
        "quotes: ten languages speaker accuracy": languages.speaker_accuracy,
        "quotes: worst language speaker accuracy": min(ours.speaker_accuracy for ours, _ in by_language),
    }


def measure_extraction(data: Path) -> Figures:
    """Bag-of-words precision, recall and F1 of briefbot's main-text extraction on the AEB pages."""
    from bench.extraction import _ours, load_rows, run

    score = run("briefbot", _ours, load_rows(data, "aeb", None))
    return {
        "extraction: AEB precision": score.mean(0),
        "extraction: AEB recall": score.mean(1),
        "extraction: AEB F1": score.mean(2),
    }


def measure_metadata(data: Path) -> Figures:
    """Share of gold pages whose title, authors, site and date briefbot reads right."""
    from bench.evaldata import read_jsonl
    from bench.metadata import FIELDS, _briefbot, run

    gold = read_jsonl(data / "gold" / "aeb-pages.jsonl")
    rows = [(g, (data / "html" / "aeb" / f"{g['id']}.html").read_bytes()) for g in gold]
    score = run("briefbot", _briefbot, rows)
    return {f"metadata: {name}": score.share(name) for name in FIELDS}


def measure_card(data: Path) -> Figures:
    """The standard card over the dev AEB pages: sentences that stand alone, nothing twice, its length."""
    from bench.card import figures, measure

    return figures(measure(data))


MEASURES: tuple[Callable[[Path], Figures], ...] = (
    measure_summaries,
    measure_polnear,
    measure_gold_quotes,
    measure_extraction,
    measure_metadata,
    measure_card,
)


def main(argv: list[str] | None = None) -> int:
    """Measure every figure, print the table and fail when one is below its floor."""
    parser = argparse.ArgumentParser(prog="bench.gate", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="path to the evaluation data")
    args = parser.parse_args(argv)
    if not (args.data / "README.md").is_file():
        if os.environ.get("CI"):
            print(f"bench.gate: no evaluation data at {args.data} (set EVALDATA=path)", file=sys.stderr)
            return 2
        print(f"bench.gate: skipped, no evaluation data at {args.data} (set EVALDATA=path)")
        return 0
    figures: Figures = {}
    started = time.perf_counter()
    for measure in MEASURES:
        begun = time.perf_counter()
        figures |= measure(args.data)
        print(f"{measure.__name__}: {time.perf_counter() - begun:.1f} s", file=sys.stderr, flush=True)
    verdicts = judge(figures)
    print(render(verdicts))
    below = [v.name for v in verdicts if not v.ok]
    print(
        f"\n{len(verdicts) - len(below)}/{len(verdicts)} figures at or above their floor "
        f"({time.perf_counter() - started:.0f} s)"
    )
    if below:
        print(f"bench.gate: below the floor: {', '.join(below)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
