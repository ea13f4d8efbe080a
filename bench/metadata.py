"""Metadata quality on the hand-labelled dev gold: briefbot's reading vs trafilatura's own, same run.

Run from the project root::

    .venv/bin/python -m bench.metadata [--data ../shared/evaldata] [--show-misses]

Scores title, authors, site and date on ``gold/aeb-pages.jsonl`` exactly as the evaluation data's README
("How the gold is scored") says: title equal after lower-casing and dropping punctuation (or token F1 >= 0.9);
authors when every gold surname is there and no other word; site when one contains the other or token F1
>= 0.5, ignoring a leading "the"; date when the same day. Exit 1 when briefbot is behind trafilatura on any.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from bench.evaldata import DEFAULT_DATA, read_jsonl
from bot.briefing.errors import BriefingError
from bot.briefing.extract import extract_article

FIELDS = ("title", "authors", "site", "date")
_WORD = re.compile(r"\w+")


def _words(text: str | None) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def _f1(a: str, b: str) -> float:
    ca, cb = Counter(_words(a)), Counter(_words(b))
    common = sum((ca & cb).values())
    if not common:
        return 0.0
    p, r = common / sum(ca.values()), common / sum(cb.values())
    return 2 * p * r / (p + r)


def _norm(text: str | None) -> str:
    return " ".join(_words(text))


def field_ok(name: str, predicted: str | None, gold: object) -> bool:
    """Score one metadata field as the evaluation data's README says."""
    pred = predicted or ""
    if name == "title":
        a, b = _norm(pred), _norm(str(gold))
        return bool(a) and (a == b or _f1(a, b) >= 0.9)
    if name == "authors":
        names = [str(n) for n in gold] if isinstance(gold, list) else []
        gold_words = {w for n in names for w in _norm(n).split()}
        pred_words = set(_norm(pred).split()) - {"and", "by"}
        if not names:
            return not pred_words
        surnames = {_norm(n).split()[-1] for n in names if _norm(n)}
        return surnames <= pred_words and pred_words <= gold_words
    if name == "site":
        a, b = (re.sub(r"^the ", "", _norm(x)) for x in (pred, str(gold)))
        return bool(a) and (a == b or a in b or b in a or _f1(a, b) >= 0.5)
    if name == "date":
        return bool(pred) and pred[:10] == gold
    raise ValueError(name)


Reading = dict[str, str | None]


@dataclass
class Score:
    name: str
    hits: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def share(self, name: str) -> float:
        return self.hits[name] / self.pages if self.pages else 0.0


def _trafilatura(html: bytes, url: str) -> Reading:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {}
    return {"title": doc.title, "authors": doc.author, "site": doc.sitename, "date": doc.date}


def _briefbot(html: bytes, url: str) -> Reading:
    try:
        article = extract_article(html, url=url)
    except BriefingError:
        return {}
    return {
        "title": article.title,
        "authors": article.author,
        "site": article.site_name,
        "date": article.published,
    }


def run(name: str, reader: Callable[[bytes, str], Reading], rows: list[tuple[dict, bytes]]) -> Score:
    """Score one metadata reader over the gold pages."""
    score = Score(name)
    for gold, html in rows:
        started = time.perf_counter()
        reading = reader(html, gold["url"])
        score.seconds += time.perf_counter() - started
        score.pages += 1
        meta = gold["meta"]
        expected = {"title": meta["title"], "authors": meta["authors"], "site": meta["site"]}
        expected["date"] = meta["published"]
        for key in FIELDS:
            if field_ok(key, reading.get(key), expected[key]):
                score.hits[key] += 1
            else:
                score.misses.append(f"{gold['id'][:8]} {key}: {reading.get(key)!r} (gold {expected[key]!r})")
    return score


def render(scores: list[Score]) -> str:
    """Render the Markdown table; the first score is the baseline."""
    lines = [
        f"### Metadata on the dev gold ({scores[0].pages} pages, share correct)",
        "",
        "| reader | title | authors | site | date | ms/page |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        cells = " | ".join(f"{s.share(k):.2f}" for k in FIELDS)
        lines.append(f"| {s.name} | {cells} | {1000 * s.seconds / max(s.pages, 1):.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.metadata", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="evaluation data folder")
    parser.add_argument("--show-misses", action="store_true", help="list briefbot's wrong fields")
    args = parser.parse_args(argv)
    try:
        gold = read_jsonl(args.data / "gold" / "aeb-pages.jsonl")
        rows = [(g, (args.data / "html" / "aeb" / f"{g['id']}.html").read_bytes()) for g in gold]
    except FileNotFoundError as exc:
        print(f"evaluation data not found: {exc.filename}", file=sys.stderr)
        return 2
    scores = [run("trafilatura metadata", _trafilatura, rows), run("briefbot metadata", _briefbot, rows)]
    print(render(scores))
    if args.show_misses:
        print("\n" + "\n".join(f"- {m}" for m in scores[1].misses))
    behind = [k for k in FIELDS if scores[1].share(k) < scores[0].share(k)]
    return 1 if behind else 0


if __name__ == "__main__":
    raise SystemExit(main())
