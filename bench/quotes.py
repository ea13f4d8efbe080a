"""Quote extraction on PolNeAR and the hand-labelled gold (real pages, ten languages), beside a naive regex.

Scoring follows ``evaldata/README.md``: gold = ``direct`` quotes of 4+ words; a prediction matches a
gold quote at token-F1 >= 0.6 (lower-cased word tokens, one-to-one, best match first); a prediction
that matches a ``partial`` quote is neither a hit nor a miss (any other unmatched one is a miss).
PolNeAR annotates the two halves of a split quotation ("A," X said, "B.") and each paragraph of a
multi-paragraph one as separate quotes, so each part of a predicted Quote is scored as its own
prediction. Speaker accuracy counts matched quotes whose gold speaker is a name (not a pronoun, with
a capitalised word other than a title): correct when prediction and gold share one.

With ``--gold`` the hand-labelled gold is scored too (``gold/aeb-pages.jsonl``: pages briefed from their
HTML; ``quotes/multilingual-dev.jsonl``: ten languages, with a table per language), as ``evaldata/README.md``
("How the gold is scored") says.

    .venv/bin/python -m bench.quotes [--data ../shared/evaldata] [--split train|dev] [--gold]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.evaldata import read_jsonl
from bot.briefing.models import Length, Quote
from bot.briefing.pipeline import brief_source
from bot.briefing.quotes import extract_quotes
from bot.briefing.sources import Source

_TOKEN = re.compile(r"[^\W_]+")
_CAPITALISED = re.compile(r"[^\W\d_][\w'’.-]*")
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Sen",
        "Rep",
        "Gov",
        "President",
        "Secretary",
        "Senator",
        "Judge",
        "Former",
        "Democratic",
        "Republican",
    ]
)
MATCH_F1 = 0.6
MIN_WORDS = 4

# The naive baseline: a double-quoted span, and "X said" right after it.
_NAIVE_QUOTE = re.compile(r"[“\"]([^“”\"]+)[”\"]")
_NAIVE_SPEAKER = re.compile(r"[\s,]*((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*|he|she|they)\s+(?:said|says)\b")


def naive_quotes(text: str) -> list[Quote]:
    """Quote every double-quoted span; its speaker is the name before a "said" right after it."""
    out = []
    for m in _NAIVE_QUOTE.finditer(text):
        sm = _NAIVE_SPEAKER.match(text, m.end())
        out.append(Quote(m.group(1), sm.group(1) if sm else None, m.start(1), m.end(1)))
    return out


def _tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def token_f1(a: Counter[str], b: Counter[str]) -> float:
    """Return the token-overlap F1 of two bags of words."""
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


def _names(speaker: str | None) -> set[str]:
    if not speaker:
        return set()
    words = {w.rstrip(".").rstrip("’s").rstrip("'s") for w in _CAPITALISED.findall(speaker) if w[0].isupper()}
    return {w for w in words if w and w not in _NOT_NAMES}


@dataclass
class Score:
    """Counts over a set of articles for one method."""

    tp: int = 0
    fp: int = 0
    gold: int = 0
    speaker_total: int = 0
    speaker_right: int = 0
    seconds: float = 0.0
    articles: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_total if self.speaker_total else 0.0

    @property
    def ms_per_article(self) -> float:
        return 1000 * self.seconds / self.articles if self.articles else 0.0


def _units(quotes: Iterable[Quote], text: str) -> list[tuple[str, str | None]]:
    """Each part of each quote as its own prediction (PolNeAR splits them the same way)."""
    out = []
    for q in quotes:
        for s, e in q.parts or ((q.start, q.end),):
            out.append((text[s:e], q.speaker))
    return out


def score_row(row: dict[str, Any], quotes: list[Quote], score: Score) -> None:
    """Add one article's predictions to the counts."""
    text = row["text"]
    gold, neutral = [], []
    for g in row["quotes"]:
        bag = _tokens(g["quote"])
        if g["kind"] == "direct" and len(g["quote"].split()) >= MIN_WORDS:
            gold.append((bag, g))
        elif g["kind"] == "partial":
            neutral.append(bag)
    score.gold += len(gold)
    preds = [(_tokens(t), speaker) for t, speaker in _units(quotes, text)]
    pairs = []
    for pi, (bag, _) in enumerate(preds):
        for gi, (gbag, _) in enumerate(gold):
            f = token_f1(bag, gbag)
            if f >= MATCH_F1:
                pairs.append((f, pi, gi))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        score.tp += 1
        g = gold[gi][1]
        gold_names = _names(g["speaker"])
        if not g.get("speaker_is_pronoun") and gold_names:
            score.speaker_total += 1
            score.speaker_right += bool(gold_names & _names(preds[pi][1]))
    for pi, (bag, _) in enumerate(preds):
        if pi in used_p:
            continue
        if any(token_f1(bag, n) >= MATCH_F1 for n in neutral):
            continue  # a partial quote: neither hit nor miss
        if any(token_f1(bag, gbag) >= MATCH_F1 for gbag, _ in gold):
            continue  # a second part matching an already matched gold quote
        score.fp += 1


def run(rows: list[dict[str, Any]], method: Callable[[str], list[Quote]]) -> Score:
    """Score one extraction method over the rows."""
    score = Score()
    for row in rows:
        started = time.process_time()  # CPU time: other processes on a shared machine do not count
        quotes = method(row["text"])
        score.seconds += time.process_time() - started
        score.articles += 1
        score_row(row, quotes, score)
    return score


def load(data: Path, split: str | None) -> list[dict[str, Any]]:
    """Read the PolNeAR rows, optionally one split."""
    rows = read_jsonl(data / "quotes" / "polnear.jsonl")
    return [r for r in rows if split is None or r.get("split") == split]


# --- the hand-labelled gold: real pages and ten languages ------------------------------------------------
# Scored as evaldata/README.md ("How the gold is scored") says; bench.gate reads these figures.

_GOLD_WORD = re.compile(r"\w+")
_GOLD_MAX_CHARS = 2_000_000


def _overlap(a: str, b: str) -> float:
    return token_f1(_tokens(a), _tokens(b))


def speaker_match(predicted: str | None, gold: str) -> bool:
    """Tell whether a speaker is right: a shared capitalised word, or half the words of a described one."""
    if not predicted or not gold:
        return False
    capitalised = {w.lower() for w in _GOLD_WORD.findall(gold) if w[0].isupper() and len(w) > 1}
    if not capitalised:  # "an insider", "the ministry's spokesperson"
        return _overlap(predicted, gold) >= 0.5
    return bool(capitalised & {w.lower() for w in _GOLD_WORD.findall(predicted)})


@dataclass
class GoldScore:
    """Counts over a gold set: matched (shown speaker, gold speaker) pairs, shown, gold and wrong quotes."""

    pairs: list[tuple[str | None, str]] = field(default_factory=list)
    shown: int = 0
    gold: int = 0
    wrong: int = 0

    @property
    def precision(self) -> float:
        return len(self.pairs) / self.shown if self.shown else 0.0

    @property
    def recall(self) -> float:
        return len(self.pairs) / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return sum(speaker_match(p, g) for p, g in self.pairs) / len(self.pairs) if self.pairs else 0.0

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.shown if self.shown else 0.0

    @property
    def unattributed(self) -> float:
        return sum(1 for p, _ in self.pairs if not p) / len(self.pairs) if self.pairs else 0.0

    def add(self, shown: list[tuple[str, str | None]], golds: list[dict[str, Any]]) -> None:
        """Match one document's shown quotes to its gold quotes one to one, in reading order."""
        used: set[int] = set()
        self.shown += len(shown)
        self.gold += len(golds)
        for text, speaker in shown:
            best, best_index = 0.0, -1
            for i, g in enumerate(golds):
                overlap = _overlap(text, g["quote"]) if i not in used else 0.0
                if overlap > best:
                    best, best_index = overlap, i
            if best >= MATCH_F1:
                used.add(best_index)
                gold_speaker = golds[best_index]["speaker"]
                self.pairs.append((speaker, gold_speaker))
                self.wrong += bool(speaker) and not speaker_match(speaker, gold_speaker)
            elif len(_GOLD_WORD.findall(text)) >= MIN_WORDS:
                self.wrong += 1


def total(scores: Iterable[GoldScore]) -> GoldScore:
    """Add several gold scores up (the ten languages into one)."""
    out = GoldScore()
    for s in scores:
        out.pairs += s.pairs
        out.shown += s.shown
        out.gold += s.gold
        out.wrong += s.wrong
    return out


def _naive_shown(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in naive_quotes(text)]


def score_pages(data: Path) -> tuple[GoldScore, GoldScore]:
    """Brief each gold page from its HTML as the bot does; score briefbot and the naive regex on its text."""
    ours, naive = GoldScore(), GoldScore()
    for row in read_jsonl(data / "gold" / "aeb-pages.jsonl"):
        html = (data / "html" / "aeb" / f"{row['id']}.html").read_bytes()
        briefing = brief_source(
            Source("html", "", data=html, url=row["url"]), max_chars=_GOLD_MAX_CHARS, length=Length.STANDARD
        )
        ours.add(_units(briefing.quotes, briefing.article_text), row["quotes"])
        naive.add(_naive_shown(briefing.article_text), row["quotes"])
    return ours, naive


def score_languages(data: Path) -> dict[str, tuple[GoldScore, GoldScore]]:
    """Brief each ten-language passage as pasted text; briefbot's and the naive regex's score per language."""
    out: dict[str, tuple[GoldScore, GoldScore]] = {}
    for row in read_jsonl(data / "quotes" / "multilingual-dev.jsonl"):
        briefing = brief_source(
            Source("text", row["text"]), max_chars=_GOLD_MAX_CHARS, length=Length.STANDARD
        )
        ours, naive = out.setdefault(row["lang"], (GoldScore(), GoldScore()))
        ours.add(_units(briefing.quotes, briefing.article_text), row["expected"])
        naive.add(_naive_shown(row["text"]), row["expected"])
    return out


def print_gold(data: Path) -> None:
    """Print the gold tables (real pages, ten languages, each language), briefbot beside the naive regex."""
    pages = score_pages(data)
    languages = score_languages(data)
    together = (total(s[0] for s in languages.values()), total(s[1] for s in languages.values()))
    print("\nHand-labelled gold (scored as evaldata/README.md says)\n")
    print("| set | method | precision | recall | F1 | speaker accuracy | wrong shown | unattributed |")
    print("|---|---|---|---|---|---|---|---|")
    for set_name, (ours, naive) in (("real pages", pages), ("ten languages", together)):
        for name, sc in (("naive regex", naive), ("briefbot", ours)):
            print(
                f"| {set_name} | {name} | {sc.precision:.3f} | {sc.recall:.3f} | {sc.f1:.3f} "
                f"| {sc.speaker_accuracy:.3f} | {sc.wrong_share:.1%} | {sc.unattributed:.1%} |"
            )
    print("\n| language | quotes | ours P | ours R | ours speaker | naive P | naive R | naive speaker |")
    print("|---|---|---|---|---|---|---|---|")
    for lang, (ours, naive) in sorted(languages.items()):
        print(
            f"| {lang} | {ours.gold} | {ours.precision:.2f} | {ours.recall:.2f} "
            f"| {ours.speaker_accuracy:.2f} | {naive.precision:.2f} | {naive.recall:.2f} "
            f"| {naive.speaker_accuracy:.2f} |"
        )


def main(argv: list[str] | None = None) -> int:
    """Print the Markdown table of briefbot's extractor against the naive baseline."""
    parser = argparse.ArgumentParser(prog="bench.quotes", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/evaldata", type=Path, help="path to the evaluation data")
    parser.add_argument("--split", default=None, help="only this split of the rows (train or dev)")
    parser.add_argument("--gold", action="store_true", help="also score the hand-labelled gold sets")
    args = parser.parse_args(argv)
    try:
        rows = load(args.data, args.split)
        if args.gold:
            print_gold(args.data)
    except FileNotFoundError as exc:
        print(f"no evaluation data: {exc}", file=sys.stderr)
        return 2
    naive = run(rows, naive_quotes)
    ours = run(rows, extract_quotes)
    print(f"PolNeAR direct quotes: {len(rows)} articles, {ours.gold} gold quotes of {MIN_WORDS}+ words\n")
    print("| method | precision | recall | F1 | speaker accuracy | CPU ms/article |")
    print("|---|---|---|---|---|---|")
    for name, s in (("naive regex", naive), ("briefbot", ours)):
        print(
            f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.speaker_accuracy:.3f} "
            f"| {s.ms_per_article:.2f} |"
        )

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}x" if b else "n/a"

    print(
        f"| briefbot / naive | {ratio(ours.precision, naive.precision)} | {ratio(ours.recall, naive.recall)} "
        f"| {ratio(ours.f1, naive.f1)} | {ratio(ours.speaker_accuracy, naive.speaker_accuracy)} "
        f"| {ratio(ours.ms_per_article, naive.ms_per_article)} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
