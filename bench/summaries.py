"""Summary quality and speed: ROUGE of our summariser against Lead-k and sumy's LexRank and TextRank.

Run from the project root: ``.venv/bin/python -m bench.summaries [--data ../shared/evaldata]``.
Prints Markdown tables: ROUGE-1/2/Lsum F1 per method (and its ratio to Lead-k) on FRANK's CNN/DM (3 sentences)
and XSum (1 sentence) sets, milliseconds per article, and the peak memory of briefing 500 articles in a row.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from bench.evaldata import DEFAULT_DATA, read_jsonl
from bot.briefing.summarise import summarise
from bot.briefing.text import normalise, split_sentences

SETS = (("CNN/DM", "summ/frank_cnndm.jsonl", 3), ("XSum", "summ/frank_xsum.jsonl", 1))
MEMORY_ARTICLES = 500
_SUMY_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

Summariser = Callable[[str, int], list[str]]


class OurTokenizer:
    """sumy's Tokenizer interface on our sentence splitter and a word regex (NLTK's data is not installed)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.text for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_SUMY_WORD_RE.findall(sentence))


def _sumy_document(text: str, tokenizer: OurTokenizer) -> Any:
    sentences = [SumySentence(s.text, tokenizer) for s in split_sentences(text)]
    return ObjectDocumentModel([Paragraph(sentences)])


def _sumy(kind: type[Any]) -> Summariser:
    tokenizer = OurTokenizer()
    summariser = kind(Stemmer("english"))
    summariser.stop_words = get_stop_words("english")

    def run(text: str, k: int) -> list[str]:
        return [str(s) for s in summariser(_sumy_document(text, tokenizer), k)]

    return run


def lead(text: str, k: int) -> list[str]:
    """Return the first k sentences (the dataset ships one sentence per line)."""
    return [line for line in text.split("\n") if line.strip()][:k]


def ours(text: str, k: int) -> list[str]:
    return summarise(text, n_summary=k, n_points=0).summary


def rouge(rows: list[dict[str, Any]], method: Summariser, k: int) -> tuple[float, float, float]:
    """Return mean ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (x100) of a method over rows."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    r1, r2, rl = [], [], []
    for row in rows:
        prediction = "\n".join(method(normalise(row["text"]), k))
        scores = scorer.score(row["reference"], prediction)
        r1.append(scores["rouge1"].fmeasure)
        r2.append(scores["rouge2"].fmeasure)
        rl.append(scores["rougeLsum"].fmeasure)
    return 100 * statistics.fmean(r1), 100 * statistics.fmean(r2), 100 * statistics.fmean(rl)


def _quote_extractor() -> Callable[[str], object] | None:
    try:
        from bot.briefing.quotes import extract_quotes
    except ImportError:
        return None
    return extract_quotes


def ms_per_article(texts: list[str], work: Callable[[str], object], repeat: int = 3) -> float:
    """Return the best-of-repeat mean milliseconds per article for work over texts."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            work(text)
        best = min(best, (time.perf_counter() - started) / len(texts))
    return 1000 * best


def _cycle(texts: list[str], n: int) -> Iterator[str]:
    for i in range(n):
        yield texts[i % len(texts)]


def peak_memory_mib(texts: list[str], work: Callable[[str], object]) -> float:
    """Return the peak traced allocation (MiB) while doing work on MEMORY_ARTICLES articles in a row."""
    gc.collect()
    tracemalloc.start()
    for text in _cycle(texts, MEMORY_ARTICLES):
        work(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="evaluation data folder")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N rows of each set")
    args = parser.parse_args(argv)

    methods: dict[str, Summariser] = {
        "briefbot": ours,
        "Lead-k": lead,
        "sumy LexRank": _sumy(LexRankSummarizer),
        "sumy TextRank": _sumy(TextRankSummarizer),
    }
    all_texts: list[str] = []
    print("## Summary quality (ROUGE F1 x100; ratio = R-1 / Lead-k's R-1)\n")
    print("| set | k | method | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | R-1 ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, rel, k in SETS:
        rows = read_jsonl(args.data / rel)
        if args.limit:
            rows = rows[: args.limit]
        all_texts.extend(normalise(row["text"]) for row in rows)
        results = {label: rouge(rows, method, k) for label, method in methods.items()}
        base = results["Lead-k"][0] or 1.0
        for label, (r1, r2, rl) in results.items():
            shown = label.replace("-k", f"-{k}")
            print(
                f"| {name} ({len(rows)}) | {k} | {shown} | {r1:.2f} | {r2:.2f} | {rl:.2f} | {r1 / base:.3f} |"
            )

    extract_quotes = _quote_extractor()

    def briefing_work(text: str) -> object:
        sentences = split_sentences(text)
        result = summarise(text, n_summary=2, n_points=4, sentences=sentences)
        return result, extract_quotes(text) if extract_quotes is not None else None

    lexrank = methods["sumy LexRank"]
    ours_ms = ms_per_article(all_texts, briefing_work)
    lex_ms = ms_per_article(all_texts, lambda t: lexrank(t, 3))
    what = (
        "split + summary + quotes" if extract_quotes is not None else "split + summary (quotes not available)"
    )
    print("\n## Speed (ms per article, best of 3 passes over both sets)\n")
    print("| method | work | ms/article | ratio to LexRank |")
    print("|---|---|---|---|")
    print(f"| briefbot | {what} | {ours_ms:.2f} | {ours_ms / lex_ms:.3f} |")
    print(f"| sumy LexRank | split + summary | {lex_ms:.2f} | 1.000 |")

    ours_mib = peak_memory_mib(all_texts, briefing_work)
    lex_mib = peak_memory_mib(all_texts, lambda t: lexrank(t, 3))
    print(f"\n## Peak traced memory over {MEMORY_ARTICLES} articles in a row (tracemalloc)\n")
    print("| method | peak MiB | ratio to LexRank |")
    print("|---|---|---|")
    print(f"| briefbot | {ours_mib:.2f} | {ours_mib / lex_mib:.3f} |")
    print(f"| sumy LexRank | {lex_mib:.2f} | 1.000 |")

    one_mib, batch_mib, batch_s = cli_batch_rss(all_texts)
    print(
        f"\n## `briefbot brief --batch` of {MEMORY_ARTICLES} articles: peak resident memory of the process\n"
    )
    print("| run | peak RSS MiB | ratio to one article |")
    print("|---|---|---|")
    print(f"| `briefbot brief` of one article | {one_mib:.1f} | 1.000 |")
    print(
        f"| `briefbot brief --batch` of {MEMORY_ARTICLES} ({batch_s:.1f} s) | {batch_mib:.1f} | "
        f"{batch_mib / one_mib:.3f} |"
    )
    return 0


# Runs the CLI in a child process and reports that process's own peak RSS (KiB) on stderr's last line.
_MEASURED_CLI = (
    "import resource, runpy, sys\n"
    "sys.argv = ['briefbot', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('bot', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def _cli_peak_kib(args: list[str], cwd: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_CLI, *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=cwd,
        text=True,
    )
    return int(done.stderr.strip().splitlines()[-1])


def cli_batch_rss(texts: list[str]) -> tuple[float, float, float]:
    """Run the CLI on one article, then on a batch; return both peak RSS (MiB) and the batch's seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(texts[0], encoding="utf-8")
        batch = Path(tmp) / "batch.jsonl"
        with batch.open("w", encoding="utf-8") as out:
            for i, text in enumerate(_cycle(texts, MEMORY_ARTICLES)):
                out.write(json.dumps({"id": i, "text": text}) + "\n")
        one_kib = _cli_peak_kib(["brief", str(one)], tmp)
        started = time.perf_counter()
        batch_kib = _cli_peak_kib(["brief", "--batch", str(batch)], tmp)
        seconds = time.perf_counter() - started
    return one_kib / 1024, batch_kib / 1024, seconds


if __name__ == "__main__":
    raise SystemExit(main())
