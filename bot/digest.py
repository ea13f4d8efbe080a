"""The digest, pure: a server's briefings of the day (or week) -> the story of the day.

The same story shared several times, or from several outlets, becomes one item with a share count and every
outlet linked: shares of the same canonical URL, "already briefed here" repeats of an earlier briefing,
briefings whose titles or summaries are near-identical by word overlap, and reports of the same event by
different outlets (they quote the same words, or they name the same people and places and tell much the
same thing). Items are ranked by share count, then by recency; each has a one-line TL;DR. Every share counts,
repeats included. The "most quoted" line names the people quoted most, each with their most telling quote.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from bot.briefing.text import STOPWORDS, words

log = logging.getLogger(__name__)

#: Two titles (or two opening summary sentences) this similar (Jaccard over content words) are one story.
TITLE_OVERLAP = 0.7
SUMMARY_OVERLAP = 0.7
#: Two outlets' reports are one story when their title-and-summary words overlap this much (Jaccard) and
#: they name at least STORY_SHARED_NAMES of the same people or places: different headlines, same event.
STORY_OVERLAP = 0.2
STORY_SHARED_NAMES = 2
#: Two reports quoting the same words (a quotation of this many words or more, this similar) are one story.
QUOTE_MIN_WORDS = 8
QUOTE_OVERLAP = 0.8
#: Signatures this short are too vague to match by overlap (only URLs and repeats group them).
MIN_SIGNATURE_WORDS = 3
#: A word in more than this many signatures is too common to find candidates with.
_COMMON_WORD_LIMIT = 200
#: A TL;DR longer than this is not one line; a shorter first sentence from another outlet is preferred.
TLDR_CHARS = 200
#: The "most quoted" line names at most this many people.
MOST_QUOTED_PEOPLE = 3
#: Quotes of this length read best on their own.
_QUOTE_SWEET_SPOT = (40, 220)

_STOP = frozenset().union(*STOPWORDS.values())
_POSSESSIVE = re.compile(r"['’]s$")
# Capitalised, but not names: a story on Monday and another on Monday are not the same story.
_NOT_NAMES = frozenset(
    {
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "mr", "mrs", "ms", "dr"),
    }
)


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
class Outlet:
    """One outlet's report of a story: the site's name (or the link's host) and the article's link."""

    name: str
    url: str | None


@dataclass(frozen=True)
class DigestItem:
    """One story of the day."""

    title: str
    url: str | None
    tldr: str  # one line: the story in a sentence
    outlets: tuple[Outlet, ...]  # every outlet that reported it, first shared first
    shares: tuple[Share, ...]  # oldest first

    @property
    def site_names(self) -> tuple[str, ...]:
        """The outlets' names, without repeats."""
        return tuple(dict.fromkeys(outlet.name for outlet in self.outlets))

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
class QuotedPerson:
    """Someone quoted in the day's stories: how often, and their most telling quote (verbatim)."""

    speaker: str
    quote_count: int  # distinct quotes
    story_count: int  # stories quoting them
    text: str
    title: str  # the story the quote is from
    url: str | None
    jump_url: str | None


@dataclass(frozen=True)
class Digest:
    """What a server shared in ``[start, end)``, as ranked stories."""

    guild_id: int
    start: datetime.datetime
    end: datetime.datetime
    items: tuple[DigestItem, ...]
    most_quoted: tuple[QuotedPerson, ...] = ()

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
    return frozenset(w for w in words(text.lower()) if len(w) > 1 and w not in _STOP)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the Jaccard similarity of two word sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def names(sentences: Iterable[str]) -> frozenset[str]:
    """Return the names a text mentions, each as its last word lower-cased ("Port Wren" -> "wren").

    A name is a run of capitalised words that does not start a sentence; its last word is the surname or
    the place, so "Ada Quill", "Mayor Ada Quill" and "Quill" are one name.
    """
    found: set[str] = set()
    for sentence in sentences:
        run: list[str] = []
        for pos, word in enumerate([*words(sentence), ""]):
            if word[:1].isupper() and pos > 0:
                run.append(_POSSESSIVE.sub("", word.lower()))
                continue
            if run and run[-1] not in _STOP and run[-1] not in _NOT_NAMES and len(run[-1]) > 1:
                found.add(run[-1])
            run = []
    return frozenset(found)


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


@dataclass(frozen=True)
class _Traits:
    """What one story's report is compared by."""

    title: frozenset[str]
    summary: frozenset[str]  # the opening sentence
    story: frozenset[str]  # title and whole summary
    names: frozenset[str]
    quotes: tuple[frozenset[str], ...]  # long quotations, as word sets

    @classmethod
    def of(cls, briefing: SharedBriefing) -> _Traits:
        summary = [s for s in briefing.summary if s.strip()]
        quotes = []
        for quote in briefing.quotes:
            quoted = [w.lower() for w in words(str(quote.get("text") or ""))]
            if len(quoted) >= QUOTE_MIN_WORDS:
                quotes.append(frozenset(quoted))
        title = signature(briefing.title)
        first = signature(summary[0] if summary else "")
        return cls(
            title=title,
            summary=first,
            story=title | first | signature(" ".join(summary[1:])),
            names=names(summary),
            quotes=tuple(quotes),
        )


class _Index:
    """An inverted index of word sets: which leaders share words with a new set, and how many."""

    def __init__(self, min_words: int) -> None:
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._sizes: dict[int, int] = {}
        self._min_words = min_words

    def add(self, leader: int, items: frozenset[str]) -> None:
        if len(items) < self._min_words:
            return
        self._sizes[leader] = len(items)
        for item in items:
            self._postings[item].append(leader)

    def common(self, items: frozenset[str]) -> dict[int, int]:
        """Return, for each leader sharing items with ``items``, how many it shares."""
        hits: dict[int, int] = defaultdict(int)
        if len(items) < self._min_words:
            return hits
        for item in items:
            postings = self._postings.get(item)
            if postings and len(postings) <= _COMMON_WORD_LIMIT:
                for leader in postings:
                    hits[leader] += 1
        return hits

    def similar(self, items: frozenset[str], threshold: float) -> dict[int, float]:
        """Return the leaders whose set overlaps ``items`` by ``threshold`` or more, with score/threshold."""
        found = {}
        for leader, common in self.common(items).items():
            score = common / (len(items) + self._sizes[leader] - common)
            if score >= threshold:
                found[leader] = score / threshold
        return found


def _same_quote(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> bool:
    return any(overlap(x, y) >= QUOTE_OVERLAP for x in a for y in b)


def _cluster_similar(groups: _Groups, traits: Sequence[_Traits]) -> None:
    """Join each story to the earlier story it most nearly repeats, or reports from another outlet.

    Leader clustering rather than single linkage: a story joins a cluster only when it is close to that
    cluster's first story, so a chain of loosely related stories never collapses into one item. Overlaps are
    counted through inverted indexes, so only leaders sharing words are ever looked at.
    """
    titles, summaries = _Index(MIN_SIGNATURE_WORDS), _Index(MIN_SIGNATURE_WORDS)
    people, quoted = _Index(STORY_SHARED_NAMES), _Index(QUOTE_MIN_WORDS)
    leaders: list[int] = []
    for pos, this in enumerate(traits):
        scores = titles.similar(this.title, TITLE_OVERLAP)
        for leader, score in summaries.similar(this.summary, SUMMARY_OVERLAP).items():
            scores[leader] = max(score, scores.get(leader, 0.0))
        # Another outlet's report: the same people and places, much the same words.
        for leader, shared_names in people.common(this.names).items():
            if shared_names >= STORY_SHARED_NAMES:
                score = overlap(this.story, traits[leaders[leader]].story) / STORY_OVERLAP
                if score >= 1.0:
                    scores[leader] = max(score / 2, scores.get(leader, 0.0))
        # Or the same words quoted: a long quotation is not said twice by chance.
        for quote in this.quotes:
            for leader, common in quoted.common(quote).items():
                if common >= QUOTE_MIN_WORDS and _same_quote(this.quotes, traits[leaders[leader]].quotes):
                    scores[leader] = max(1.0, scores.get(leader, 0.0))
        if scores:
            best = max(scores, key=lambda leader: (scores[leader], -leader))
            groups.union(pos, leaders[best])
            continue
        number = len(leaders)
        leaders.append(pos)
        titles.add(number, this.title)
        summaries.add(number, this.summary)
        people.add(number, this.names)
        for quote in this.quotes:
            quoted.add(number, quote)


def group_briefings(briefings: Sequence[SharedBriefing]) -> list[list[SharedBriefing]]:
    """Group the briefings that are the same story (URL, repeat, near-identical text, same event)."""
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
    story = _Groups(len(roots))
    _cluster_similar(story, [_Traits.of(briefings[r]) for r in roots])
    for k, root in enumerate(roots):
        groups.union(root, roots[story.find(k)])
    members: dict[int, list[SharedBriefing]] = defaultdict(list)
    for i, briefing in enumerate(briefings):
        members[groups.find(i)].append(briefing)
    return list(members.values())


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _tldr(title: str, members: Sequence[SharedBriefing]) -> str:
    """Pick the story's one line: the first summary sentence that says more than the title, and fits."""
    heading = signature(title)
    candidates: list[str] = []
    reports: dict[object, SharedBriefing] = {}
    for briefing in members:  # one report per link, the first
        reports.setdefault(briefing.url or briefing.id, briefing)
    for briefing in reports.values():
        sentences = [s.strip() for s in briefing.summary[:3] if s.strip()]
        # A first sentence that only repeats the headline tells nothing new: take the next one.
        telling = [s for s in sentences if overlap(signature(s), heading) < TITLE_OVERLAP]
        candidates.extend(telling[:1] or sentences[:1])
    short = [c for c in candidates if len(c) <= TLDR_CHARS]
    if short:
        return short[0]
    return min(candidates, key=len, default="")


def _item(members: list[SharedBriefing]) -> DigestItem:
    members = sorted(members, key=lambda b: (b.created_at, b.id))
    originals = [b for b in members if b.repeat_of is None] or members
    lead = next((b for b in originals if b.title), originals[0])
    title = (lead.title or _first_sentence(lead) or "Pasted text").strip()
    url = lead.url or next((b.url for b in members if b.url), None)
    outlets: dict[str, Outlet] = {}
    for b in [lead, *originals]:
        name = (b.site_name or "").strip() or _host(b.url)
        key = b.url or name
        if name and key and key not in outlets:
            outlets[key] = Outlet(name=name, url=b.url)
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
    return DigestItem(
        title=title,
        url=url,
        tldr=_tldr(title, [lead, *originals]),
        outlets=tuple(outlets.values()),
        shares=shares,
    )


@dataclass
class _Speaker:
    forms: dict[str, int]  # how the speaker was written, and how often
    quotes: dict[frozenset[str], tuple[tuple[int, int, int, int], str, DigestItem, SharedBriefing]]
    stories: set[int]


def _surname(speaker: str) -> str:
    parts = words(speaker)
    return parts[-1].lower() if parts else ""


def _telling(text: str, story: frozenset[str], rank: int) -> tuple[int, int, int, int]:
    """Sort key of a quote: a readable length, about the story, in a top story, with more to say."""
    low, high = _QUOTE_SWEET_SPOT
    off = 0 if low <= len(text) <= high else 1
    said = signature(text)
    return (off, -len(said & story), rank, -len(said))


def _most_quoted(ranked: Sequence[tuple[DigestItem, list[SharedBriefing]]]) -> tuple[QuotedPerson, ...]:
    """Name the people quoted most (distinct quotes, then stories), each with their most telling quote."""
    speakers: dict[str, _Speaker] = {}
    for rank, (item, members) in enumerate(ranked):
        story = signature(" ".join([item.title, item.tldr]))
        for briefing in members:
            if briefing.repeat_of is not None:
                continue  # a repeat carries the original's quotes: not said again
            for quote in briefing.quotes:
                text = str(quote.get("text") or "").strip()
                speaker = " ".join(str(quote.get("speaker") or "").split())
                key = _surname(speaker)
                if not text or not key:
                    continue
                entry = speakers.setdefault(key, _Speaker({}, {}, set()))
                entry.forms[speaker] = entry.forms.get(speaker, 0) + 1
                entry.stories.add(rank)
                said = frozenset(w.lower() for w in words(text))
                candidate = (_telling(text, story, rank), text, item, briefing)
                known = entry.quotes.get(said)
                if known is None or candidate[0] < known[0]:
                    entry.quotes[said] = candidate
    people = []
    for entry in speakers.values():
        # The fullest common spelling: "Mayor Ada Quill" over "Quill".
        name = max(entry.forms, key=lambda form: (len(words(form)) > 1, entry.forms[form], len(form)))
        _, text, item, briefing = min(entry.quotes.values(), key=lambda q: q[0])
        people.append(
            QuotedPerson(
                speaker=name,
                quote_count=len(entry.quotes),
                story_count=len(entry.stories),
                text=text,
                title=item.title,
                url=item.url,
                jump_url=briefing.jump_url,
            )
        )
    people.sort(key=lambda p: (-p.quote_count, -p.story_count, p.speaker))
    return tuple(people[:MOST_QUOTED_PEOPLE])


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
        most_quoted=_most_quoted(grouped),
    )
