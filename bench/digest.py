"""The digest's story grouping on real news from several outlets: `python -m bench.digest [--data PATH]`.

PolNeAR (quotes/polnear.jsonl) holds 924 articles of seven outlets on the 2016 US election, a few a day. Each
article is briefed (extractive, as the bot does) and shared on its publication day; the digest then groups
the day's (and the ISO week's, as a weekly digest would) briefings into stories. There are no labels for
"same story", so the figures say how much is merged and print every merged group for a reader to judge;
the baseline is the grouping before cross-outlet matching (shared link, or titles or opening sentences at
least TITLE_OVERLAP alike), run on the same briefings.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.evaldata import DEFAULT_DATA, read_jsonl
from bot.briefing.errors import BriefingError
from bot.briefing.pipeline import Briefer
from bot.briefing.sources import Source
from bot.digest import SUMMARY_OVERLAP, TITLE_OVERLAP, group_briefings, overlap, signature
from bot.settings import Settings
from bot.storage import StoredBriefing

Windows = dict[str, list[StoredBriefing]]


async def brief_all(rows: Sequence[dict[str, Any]]) -> list[StoredBriefing]:
    """Brief every article as the bot would and store it as shared on its publication day."""
    briefer = Briefer(Settings(_env_file=None))  # type: ignore[call-arg]
    shared = []
    try:
        for n, row in enumerate(rows):
            try:
                briefing = await briefer.brief(Source("text", row["text"]))
            except BriefingError:
                continue  # too short to brief: the bot would refuse it too
            day = datetime.date.fromisoformat(row["date"])
            shared.append(
                StoredBriefing(
                    id=n + 1,
                    guild_id=1,
                    channel_id=1,
                    user_id=1,
                    message_id=None,
                    jump_url=None,
                    url=f"https://{row['publisher']}.example/{row['id']}",
                    title=row["title"],
                    site_name=row["publisher"],
                    summary=list(briefing.summary),
                    key_points=list(briefing.key_points),
                    quotes=[q.to_dict() for q in briefing.quotes],
                    created_at=datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC),
                )
            )
    finally:
        await briefer.aclose()
    return shared


def baseline_groups(briefings: Sequence[StoredBriefing]) -> list[list[StoredBriefing]]:
    """Group as the digest did before cross-outlet matching: same link, or near-identical title or opening."""
    parent = list(range(len(briefings)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    titles = [signature(b.title) for b in briefings]
    openings = [signature(b.summary[0] if b.summary else "") for b in briefings]
    for i in range(len(briefings)):
        for j in range(i + 1, len(briefings)):
            alike = overlap(titles[i], titles[j]) >= TITLE_OVERLAP or (
                overlap(openings[i], openings[j]) >= SUMMARY_OVERLAP
            )
            if briefings[i].url == briefings[j].url or alike:
                parent[find(j)] = find(i)
    groups: dict[int, list[StoredBriefing]] = defaultdict(list)
    for i, briefing in enumerate(briefings):
        groups[find(i)].append(briefing)
    return list(groups.values())


def merged(
    windows: Windows, group: Callable[[Sequence[StoredBriefing]], list[list[StoredBriefing]]]
) -> list[tuple[str, list[StoredBriefing]]]:
    """Return the groups of more than one briefing, window by window."""
    return [(key, g) for key, shared in sorted(windows.items()) for g in group(shared) if len(g) > 1]


def main(argv: list[str] | None = None) -> int:
    """Brief PolNeAR, group it by day and by week, print the figures and every merged group."""
    parser = argparse.ArgumentParser(prog="bench.digest", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="evaluation data folder")
    args = parser.parse_args(argv)
    path = args.data / "quotes" / "polnear.jsonl"
    try:
        rows = read_jsonl(path)
    except FileNotFoundError:
        print(f"evaluation data not found: {path}", file=sys.stderr)
        return 2
    shared = asyncio.run(brief_all(rows))
    days: Windows = defaultdict(list)
    weeks: Windows = defaultdict(list)
    for briefing in shared:
        day = briefing.created_at.date()
        days[day.isoformat()].append(briefing)
        year, week, _ = day.isocalendar()
        weeks[f"{year}-W{week:02d}"].append(briefing)
    print(f"{len(shared)} of {len(rows)} articles briefed; {len(days)} days, {len(weeks)} weeks\n")
    print("| window | grouping | stories | merged groups | articles in them |")
    print("|---|---|---:|---:|---:|")
    shown: dict[str, list[tuple[str, list[StoredBriefing]]]] = {}
    for name, windows in (("day", days), ("week", weeks)):
        for label, group in (("briefbot", group_briefings), ("baseline", baseline_groups)):
            found = merged(windows, group)
            stories = sum(len(group(w)) for w in windows.values())
            in_groups = sum(len(g) for _, g in found)
            print(f"| {name} | {label} | {stories} | {len(found)} | {in_groups} |")
            if label == "briefbot":
                shown[name] = found
    for name, found in shown.items():
        print(f"\nMerged by briefbot, per {name} (judge: one story?):")
        for key, group in found:
            print(f"- {key}: " + " || ".join(f"[{b.site_name}] {(b.title or '')[:70]}" for b in group))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
