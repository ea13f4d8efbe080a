"""The daily digest, pure: a server's briefings of the day -> ranked, de-duplicated stories.

The same story shared several times, or from several outlets, becomes one item with a share count: shares
of the same canonical URL, "already briefed here" repeats of an earlier briefing, and briefings whose titles
or summaries are near-identical by word overlap. Items are ranked by share count, then by recency. Every
share counts, repeats included. A quote of the day is picked from the items' quotes with a named speaker.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.briefing.text import STOPWORDS, words

log = logging.getLogger(__name__)

#: Two titles (or two opening summary sentences) this similar (Jaccard over content words) are one story.
TITLE_OVERLAP = 0.7
SUMMARY_OVERLAP = 0.7
#: Signatures this short are too vague to match by overlap (only URLs and repeats group them).
MIN_SIGNATURE_WORDS = 3
#: A word in more than this many signatures is too common to find candidates with.
_COMMON_WORD_LIMIT = 200
#: Quotes of this length read best as a quote of the day.
_QUOTE_SWEET_SPOT = (40, 220)

_STOP = frozenset().union(*STOPWORDS.values())


class SharedBriefing(Protocol):
    """What the digest needs of a stored briefing (``bot.storage.StoredBriefing`` fits)."""

    @property
    def id(self) -> int: ...
    @property
    def channel_id(self) -> int: ...
    @property
    def user_id(self) -> int: ...
    @property
    def jump_url(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def site_name(self) -> str | None: ...
    @property
    def summary(self) -> list[str]: ...
    @property
    def quotes(self) -> list[dict[str, Any]]: ...
    @property
    def created_at(self) -> datetime.datetime: ...
    @property
    def repeat_of(self) -> int | None: ...


@dataclass(frozen=True)
class Share:
    """One time someone shared the story: who, where, when, and a link to the message."""

    user_id: int
    channel_id: int
    jump_url: str | None
    created_at: datetime.datetime
    repeat: bool  # answered "already briefed here"


@dataclass(frozen=True)
class DigestItem:
    """One story of the day."""

    title: str
    url: str | None
    summary: str
    site_names: tuple[str, ...]
    shares: tuple[Share, ...]  # oldest first

    @property
    def share_count(self) -> int:
        """How many times the story was shared (repeats included)."""
        return len(self.shares)

    @property
    def latest_at(self) -> datetime.datetime:
        """When the story was last shared."""
        return self.shares[-1].created_at

    @property
    def first_share(self) -> Share:
        """The first share (the item's "shared by")."""
        return self.shares[0]

    @property
    def sharers(self) -> tuple[int, ...]:
        """The distinct users who shared it, in order of their first share."""
        return tuple(dict.fromkeys(share.user_id for share in self.shares))

    @property
    def repeat_count(self) -> int:
        """How many shares were answered "already briefed here"."""
        return sum(share.repeat for share in self.shares)


@dataclass(frozen=True)
class QuoteOfTheDay:
    """A verbatim quote by a named speaker from one of the day's stories."""

    text: str
    speaker: str
    title: str
    url: str | None
    jump_url: str | None


@dataclass(frozen=True)
class Digest:
    """What a server shared in ``[start, end)``, as ranked stories."""

    guild_id: int
    start: datetime.datetime
    end: datetime.datetime
    items: tuple[DigestItem, ...]
    quote: QuoteOfTheDay | None

    @property
    def total_shares(self) -> int:
        """Every share in the window, repeats included."""
        return sum(item.share_count for item in self.items)

    @property
    def is_empty(self) -> bool:
        """True when nothing was shared (such a digest is not posted)."""
        return not self.items

    def shared_days(self, zone: datetime.tzinfo) -> tuple[datetime.date, datetime.date]:
        """Return the first and last local day (in ``zone``) on which the digest's stories were shared.

        This names the digest, not the window's end: a digest posted just after midnight is about the
        previous day. An empty digest has no shares and gives the window's local start and end days.
        """
        times = [share.created_at for item in self.items for share in item.shares]
        if not times:
            times = [self.start, self.end]
        return min(times).astimezone(zone).date(), max(times).astimezone(zone).date()


def signature(text: str | None) -> frozenset[str]:
    """Return the content words of a title or sentence, lower-cased, for overlap comparisons."""
    if not text:
        return frozenset()
    return frozenset(w for w in (w.lower() for w in words(text)) if w not in _STOP and len(w) > 1)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the Jaccard similarity of two word sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


class _Groups:
    """Union-find over briefing positions."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)


def _first_sentence(briefing: SharedBriefing) -> str:
    return next((s.strip() for s in briefing.summary if s.strip()), "")


def _similar_leaders(
    words: frozenset[str], index: dict[str, list[int]], sizes: Sequence[int], threshold: float
) -> dict[int, float]:
    """Return the indexed leaders whose word set overlaps ``words`` by ``threshold`` or more (Jaccard)."""
    if len(words) < MIN_SIGNATURE_WORDS:
        return {}
    hits: dict[int, int] = defaultdict(int)
    for word in words:
        postings = index.get(word)
        if postings and len(postings) <= _COMMON_WORD_LIMIT:
            for leader in postings:
                hits[leader] += 1
    size = len(words)
    found = {}
    for leader, common in hits.items():
        score = common / (size + sizes[leader] - common)
        if score >= threshold:
            found[leader] = score / threshold
    return found


def _cluster_similar(
    groups: _Groups, titles: Sequence[frozenset[str]], summaries: Sequence[frozenset[str]]
) -> None:
    """Join each story to the earlier story it most nearly repeats (title or summary overlap).

    Leader clustering rather than single linkage: a story joins a cluster only when it is close to that
    cluster's first story, so a chain of loosely related stories never collapses into one item. Overlaps are
    counted through inverted indexes, so only leaders sharing words are ever looked at.
    """
    title_index: dict[str, list[int]] = defaultdict(list)
    summary_index: dict[str, list[int]] = defaultdict(list)
    title_sizes = [len(t) for t in titles]
    summary_sizes = [len(s) for s in summaries]
    for pos, (title, summary) in enumerate(zip(titles, summaries, strict=True)):
        scores = _similar_leaders(title, title_index, title_sizes, TITLE_OVERLAP)
        for leader, score in _similar_leaders(summary, summary_index, summary_sizes, SUMMARY_OVERLAP).items():
            scores[leader] = max(score, scores.get(leader, 0.0))
        if scores:
            groups.union(pos, max(scores, key=lambda leader: (scores[leader], -leader)))
            continue
        if len(title) >= MIN_SIGNATURE_WORDS:
            for word in title:
                title_index[word].append(pos)
        if len(summary) >= MIN_SIGNATURE_WORDS:
            for word in summary:
                summary_index[word].append(pos)


def group_briefings(briefings: Sequence[SharedBriefing]) -> list[list[SharedBriefing]]:
    """Group the briefings that are the same story (URL, repeat, or near-identical title/summary)."""
    groups = _Groups(len(briefings))
    position = {b.id: i for i, b in enumerate(briefings)}
    by_url: dict[str, int] = {}
    for i, briefing in enumerate(briefings):
        if briefing.repeat_of is not None and briefing.repeat_of in position:
            groups.union(i, position[briefing.repeat_of])
        if briefing.url:
            groups.union(i, by_url.setdefault(briefing.url, i))
    # Compare one representative per group so far: the text of a story shared 50 times is compared once.
    roots = sorted({groups.find(i) for i in range(len(briefings))})
    titles = [signature(briefings[r].title) for r in roots]
    summaries = [signature(_first_sentence(briefings[r])) for r in roots]
    story = _Groups(len(roots))
    _cluster_similar(story, titles, summaries)
    for k, root in enumerate(roots):
        groups.union(root, roots[story.find(k)])
    members: dict[int, list[SharedBriefing]] = defaultdict(list)
    for i, briefing in enumerate(briefings):
        members[groups.find(i)].append(briefing)
    return list(members.values())


def _item(members: list[SharedBriefing]) -> DigestItem:
    members = sorted(members, key=lambda b: (b.created_at, b.id))
    originals = [b for b in members if b.repeat_of is None] or members
    lead = next((b for b in originals if b.title), originals[0])
    title = (lead.title or _first_sentence(lead) or "Pasted text").strip()
    url = lead.url or next((b.url for b in members if b.url), None)
    summary = next((s for s in (_first_sentence(b) for b in [lead, *members]) if s), "")
    sites = tuple(dict.fromkeys(b.site_name for b in members if b.site_name))
    shares = tuple(
        Share(
            user_id=b.user_id,
            channel_id=b.channel_id,
            jump_url=b.jump_url,
            created_at=b.created_at,
            repeat=b.repeat_of is not None,
        )
        for b in members
    )
    return DigestItem(title=title, url=url, summary=summary, site_names=sites, shares=shares)


def _quote_of_the_day(ranked: Iterable[tuple[DigestItem, list[SharedBriefing]]]) -> QuoteOfTheDay | None:
    """Pick a quote by a named speaker, preferring the top stories and a readable length."""
    best: tuple[tuple[int, int, int], QuoteOfTheDay] | None = None
    low, high = _QUOTE_SWEET_SPOT
    for rank, (item, members) in enumerate(ranked):
        for briefing in members:
            for quote in briefing.quotes:
                text = str(quote.get("text") or "").strip()
                speaker = str(quote.get("speaker") or "").strip()
                if not text or not speaker:
                    continue
                off = 0 if low <= len(text) <= high else 1
                key = (off, rank, -len(text) if off == 0 else abs(len(text) - high))
                if best is None or key < best[0]:
                    candidate = QuoteOfTheDay(
                        text=text, speaker=speaker, title=item.title, url=item.url, jump_url=briefing.jump_url
                    )
                    best = (key, candidate)
    return None if best is None else best[1]


def build_digest(
    briefings: Sequence[SharedBriefing],
    *,
    guild_id: int,
    start: datetime.datetime,
    end: datetime.datetime,
) -> Digest:
    """Turn the briefings shared in ``[start, end)`` into a ranked, de-duplicated digest."""
    window = [b for b in briefings if start <= b.created_at < end]
    grouped = [(_item(members), members) for members in group_briefings(window)]
    grouped.sort(key=lambda pair: (-pair[0].share_count, -pair[0].latest_at.timestamp(), pair[0].title))
    return Digest(
        guild_id=guild_id,
        start=start,
        end=end,
        items=tuple(item for item, _ in grouped),
        quote=_quote_of_the_day(grouped),
    )
