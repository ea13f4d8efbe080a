"""The briefing card a reader sees, over the dev AEB pages: sentences that stand alone, no repeats, length.

Run from the project root::

    .venv/bin/python -m bench.card [--data ../shared/evaldata] [--show]

Each page of ``html/aeb.jsonl`` is briefed from its HTML at the standard length, as the bot does, and the
card rendered by ``bot.embeds.briefing_embeds``. The figures (issue 10's "Done when"):

- summaries opening with a dateline ("BUFFALO, N.Y. —", "NEW DELHI:", "SAN FRANCISCO (AP) —");
- shown sentences (summary and key points) opening dangling: a connective or bare pronoun that needs the
  sentence before it, unless that sentence is shown right before it;
- key points cut from inside a quotation (an unbalanced quotation mark) or restating a shown quote;
- quotes shown twice (a quote's words again in the summary, a key point or another quote);
- shown sentences missing from the labelled article body (``text``);
- the median length of the standard card (characters, as Discord counts them).

The detectors here are the bench's own, written from the issue's wording, not the ones the core uses.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.evaldata import DEFAULT_DATA, read_jsonl
from bot.briefing.errors import BriefingError
from bot.briefing.models import Briefing, Length, display_quote
from bot.briefing.pipeline import brief_source
from bot.briefing.sources import Source
from bot.embeds import briefing_embeds, card_quotes

# Apostrophes split words: the labelled bodies write "Boeing 's" where the page has "Boeing's". They also
# split words where a link starts or ends inside one ("Arte mis m oon" for "Arte<a>mis m</a><a>oon</a>"),
# so a sentence is looked for in the body with the spaces between words left out.
_WORD = re.compile(r"[^\W_]+")
# An all-capitals place (with an optional ", N.Y." and wire credit) then a dash or colon.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)*)?"
    r"(?:\s*\((?:AP|Reuters|AFP|UPI|IANS|PTI|dpa|Xinhua)\))?\s*(?:[—–]|-{1,2}|:)\s+"
    r"|\((?:AP|Reuters|AFP|UPI|IANS|PTI)\)\s*[—–-]+\s+"
    r"|[A-Z][a-z]+\s+\d{1,2}\s*\((?:Reuters|AP|AFP)\)\s*[—–-]+\s+)"
)
_DANGLING = re.compile(
    r"^(?:(?:but|and|or|so|yet|still|also|instead|however|meanwhile|moreover|furthermore|additionally"
    r"|notably|nevertheless|nonetheless|thus|therefore|hence|then|otherwise|similarly|likewise|indeed"
    r"|besides|he|she|they|it|his|her|their|its|him|them|this|these|those|that)\b(?![’'-])"
    r"|(?:in addition|as a result|on the other hand|that said|even so|by contrast|in contrast"
    r"|at the same time),)",
    re.IGNORECASE,
)
# "This week", "That morning": a demonstrative before a time word points at the calendar, not back.
_CALENDAR = re.compile(
    r"^(?:this|that|these|those)\s+(?:week|weekend|month|year|morning|afternoon|evening|night|season"
    r"|summer|winter|spring|fall|autumn|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _norm(text: str) -> str:
    return " ".join(_words(text))


def unbalanced(text: str) -> bool:
    """Tell whether a sentence has an unclosed or unopened quotation mark (cut from inside a quotation)."""
    if text.count('"') % 2 or text.count("«") != text.count("»"):
        return True
    opening = text.count("“") + text.count("„")
    closing = text.count("”") + (text.count("“") if "„" in text else 0)  # German „…“ closes with “
    if "„" in text:
        opening -= text.count("“")
    return opening != closing


def restates(sentence: str, quote: str) -> bool:
    """Tell whether a shown sentence carries most of a shown quote's words (4+ words) in order."""
    q = _norm(quote)
    if len(q.split()) < 4:
        return False
    if q in _norm(sentence):
        return True
    qw, sw = Counter(q.split()), Counter(_words(sentence))
    return sum((qw & sw).values()) >= 0.8 * sum(qw.values())


@dataclass
class Card:
    pages: int = 0
    refused: list[str] = field(default_factory=list)
    dateline_summaries: list[str] = field(default_factory=list)
    shown: int = 0
    dangling: list[str] = field(default_factory=list)
    cut_points: list[str] = field(default_factory=list)
    restating_points: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    points: int = 0  # key points shown
    quotes: int = 0  # quotes shown


def _previous_sentence(text: str, sentence: str) -> str | None:
    at = text.find(sentence)
    if at <= 0:
        return None
    before = text[:at].rstrip()
    return before or None


def check(card: Card, page_id: str, briefing: Briefing, body: str) -> None:
    """Add one briefing's figures to the card totals."""
    card.pages += 1
    text = briefing.article_text
    shown = [*briefing.summary, *briefing.key_points]
    if briefing.summary and _DATELINE.match(briefing.summary[0]):
        card.dateline_summaries.append(f"{page_id}: {briefing.summary[0][:90]}")
    body_joined = "".join(_words(body))
    previous: str | None = None
    for sentence in shown:
        card.shown += 1
        opening = sentence.lstrip("“\"‘'(")
        if _DANGLING.match(opening) and not _CALENDAR.match(opening):
            before = _previous_sentence(text, sentence) or ""
            if previous is None or not before.casefold().endswith(previous.rstrip().casefold()):
                card.dangling.append(f"{page_id}: {sentence[:90]}")
        if "".join(_words(sentence)) not in body_joined:
            card.missing.append(f"{page_id}: {sentence[:90]}")
        previous = sentence
    quotes = [display_quote(q.text) for q in card_quotes(briefing, Length.STANDARD.max_quotes)]
    card.points += len(briefing.key_points)
    card.quotes += len(quotes)
    for point in briefing.key_points:
        if unbalanced(point):
            card.cut_points.append(f"{page_id}: {point[:90]}")
        if any(restates(point, q) for q in quotes):
            card.restating_points.append(f"{page_id}: {point[:90]}")
    for i, quote in enumerate(quotes):
        others = [*shown, *(q for j, q in enumerate(quotes) if j != i)]
        if any(restates(other, quote) for other in others):
            card.twice.append(f"{page_id}: {quote[:90]}")
    card.lengths.append(sum(len(e) for e in briefing_embeds(briefing, length=Length.STANDARD)))


def render(card: Card) -> str:
    """Render the figures as a Markdown table."""
    share = len(card.dangling) / card.shown if card.shown else 0.0
    median = statistics.median(card.lengths) if card.lengths else 0
    rows = [
        ("summaries opening with a dateline", f"{len(card.dateline_summaries)} of {card.pages}", "0"),
        ("shown sentences opening dangling", f"{share:.1%} ({len(card.dangling)} of {card.shown})", "≤ 1%"),
        ("key points cut from inside a quotation", str(len(card.cut_points)), "0"),
        ("key points restating a shown quote", str(len(card.restating_points)), "0"),
        ("quotes shown twice", str(len(card.twice)), "0"),
        ("shown sentences missing from the labelled body", f"{len(card.missing)} of {card.shown}", "0"),
        ("median standard card (characters)", f"{median:.0f}", "≤ 1,000"),
    ]
    lines = [
        f"### The briefing card over the dev AEB pages ({card.pages} briefed, {len(card.refused)} refused)",
        "",
        "| figure | value | target |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {value} | {target} |" for name, value, target in rows]
    return "\n".join(lines)


def measure(data: Path) -> Card:
    """Brief every dev AEB page from its HTML at the standard length and add up the card figures."""
    card = Card()
    for row in read_jsonl(data / "html" / "aeb.jsonl"):
        html = (data / "html" / "aeb" / f"{row['id']}.html").read_bytes()
        try:
            briefing = brief_source(
                Source("html", "", data=html, url=row.get("url")), max_chars=1_000_000, length=Length.STANDARD
            )
        except BriefingError as exc:
            card.refused.append(f"{row['id'][:8]}: {exc.kind}")
            continue
        check(card, row["id"][:8], briefing, row["text"])
    return card


def figures(card: Card) -> dict[str, float]:
    """Return the card figures as shares where higher is better (the quality gate's convention)."""
    shown = max(card.shown, 1)
    points = max(card.points, 1)
    median = statistics.median(card.lengths) if card.lengths else 0.0
    return {
        "card: summaries without a dateline": 1 - len(card.dateline_summaries) / max(card.pages, 1),
        "card: shown sentences standing alone": 1 - len(card.dangling) / shown,
        "card: key points clear of quotations": 1
        - len(set(card.cut_points) | set(card.restating_points)) / points,
        "card: quotes shown once": 1 - len(card.twice) / max(card.quotes, 1),
        "card: shown sentences in the labelled body": 1 - len(card.missing) / shown,
        "card: 1,000 characters / median standard card": 1000 / median if median else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.card", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="evaluation data folder")
    parser.add_argument("--show", action="store_true", help="list every page behind a figure")
    args = parser.parse_args(argv)
    try:
        card = measure(args.data)
    except FileNotFoundError as exc:
        print(f"evaluation data not found: {exc.filename}", file=sys.stderr)
        return 2
    print(render(card))
    if args.show:
        for name in ("dateline_summaries", "dangling", "cut_points", "restating_points", "twice", "missing"):
            items = getattr(card, name)
            if items:
                print(f"\n{name}:\n" + "\n".join(f"- {item}" for item in items))
        if card.refused:
            print("\nrefused:\n" + "\n".join(f"- {item}" for item in card.refused))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
