"""The digest core: grouping the same story, share counts, ranking and the quote of the day."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest import build_digest, group_briefings, overlap, signature
from bot.storage import StoredBriefing

UTC = datetime.UTC
START = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
END = START + datetime.timedelta(hours=24)
_ids = itertools.count(1)


def shared(
    *,
    minutes: int = 0,
    url: str | None = "https://harbour-gazette.example/bridge",
    title: str | None = "Harbour bridge reopens after two years of repairs",
    summary: str = "The harbour bridge in Port Wren reopened on Monday after two years of repairs.",
    site: str | None = "Harbour Gazette",
    user: int = 1,
    channel: int = 50,
    repeat_of: int | None = None,
    quotes: list[dict[str, Any]] | None = None,
    briefing_id: int | None = None,
) -> StoredBriefing:
    """One fictional share, ``minutes`` after the window opens."""
    new_id = briefing_id if briefing_id is not None else next(_ids)
    return StoredBriefing(
        id=new_id,
        guild_id=9,
        channel_id=channel,
        user_id=user,
        message_id=1000 + new_id,
        jump_url=f"https://discord.com/channels/9/{channel}/{1000 + new_id}",
        url=url,
        title=title,
        site_name=site,
        summary=[summary, "A second sentence."],
        key_points=[],
        quotes=quotes or [],
        created_at=START + datetime.timedelta(minutes=minutes),
        repeat_of=repeat_of,
    )


def test_nothing_shared_gives_an_empty_digest() -> None:
    """No briefings: no items, no quote, nothing to post."""
    digest = build_digest([], guild_id=9, start=START, end=END)
    assert digest.is_empty
    assert digest.quote is None
    assert digest.total_shares == 0


def test_same_url_shared_several_times_is_one_item() -> None:
    """Three shares of one URL by two users become one item counting three shares."""
    briefings = [shared(minutes=1, user=1), shared(minutes=5, user=2), shared(minutes=9, user=1)]
    [item] = build_digest(briefings, guild_id=9, start=START, end=END).items
    assert item.share_count == 3
    assert item.sharers == (1, 2)
    assert item.first_share.jump_url == briefings[0].jump_url
    assert item.latest_at == briefings[2].created_at
    assert item.url == "https://harbour-gazette.example/bridge"
    assert item.summary.startswith("The harbour bridge in Port Wren reopened")


def test_already_briefed_repeats_count_as_shares() -> None:
    """Shares answered "already briefed here" (repeat_of) count, and the item says how many."""
    original = shared(minutes=0, user=1)
    briefings = [original, shared(minutes=30, user=2, repeat_of=original.id, url=None, title=None)]
    [item] = build_digest(briefings, guild_id=9, start=START, end=END).items
    assert item.share_count == 2
    assert item.repeat_count == 1
    assert [s.repeat for s in item.shares] == [False, True]
    assert item.title == original.title


def test_same_story_from_several_outlets_is_grouped() -> None:
    """Near-identical titles from different outlets are one story listing both outlets."""
    briefings = [
        shared(minutes=1, url="https://harbour-gazette.example/bridge", site="Harbour Gazette"),
        shared(
            minutes=2,
            url="https://wren-daily.example/news/123",
            title="Harbour bridge reopens after two years of repairs, city says",
            summary="Port Wren's bridge is open again.",
            site="Wren Daily",
        ),
    ]
    [item] = build_digest(briefings, guild_id=9, start=START, end=END).items
    assert item.share_count == 2
    assert item.site_names == ("Harbour Gazette", "Wren Daily")


def test_near_identical_summaries_group_even_with_different_titles() -> None:
    """Two briefings with different headlines but the same opening summary are one story."""
    summary = "The harbour bridge in Port Wren reopened on Monday after two years of repairs."
    briefings = [
        shared(minutes=1, url="https://a.example/1", title="Finally open", summary=summary),
        shared(
            minutes=2, url="https://b.example/2", title="Traffic returns to the old crossing", summary=summary
        ),
    ]
    assert len(build_digest(briefings, guild_id=9, start=START, end=END).items) == 1


def test_different_stories_stay_apart() -> None:
    """Stories that only share a topic word are separate items."""
    briefings = [
        shared(minutes=1),
        shared(
            minutes=2,
            url="https://wren-daily.example/ferry",
            title="Ferry strike halts harbour crossings for a week",
            summary="Ferry crews in Port Wren walked out over pay on Tuesday.",
        ),
        shared(minutes=3, url=None, title=None, summary="Notes from the library committee meeting."),
    ]
    digest = build_digest(briefings, guild_id=9, start=START, end=END)
    assert len(digest.items) == 3
    assert {item.title for item in digest.items} >= {"Notes from the library committee meeting."}


def test_loosely_related_stories_do_not_chain_into_one() -> None:
    """A ~ B and B ~ C but A !~ C: C is not pulled into A's item through B."""
    a = "Harbour bridge reopens Tuesday morning crowds"
    b = "Harbour bridge reopens Tuesday morning ferries"
    c = "Bridge reopens Tuesday morning ferries delayed"
    assert overlap(signature(a), signature(b)) >= 0.7
    assert overlap(signature(b), signature(c)) >= 0.7
    assert overlap(signature(a), signature(c)) < 0.7
    summaries = ["Crowds cheered.", "Ferries ran late.", "Commuters waited."]  # too short to compare
    briefings = [
        shared(minutes=n, url=f"https://n{n}.example/", title=t, summary=summaries[n])
        for n, t in enumerate([a, b, c])
    ]
    items = build_digest(briefings, guild_id=9, start=START, end=END).items
    assert sorted(item.share_count for item in items) == [1, 2]
    [pair] = [item for item in items if item.share_count == 2]
    assert pair.title == a


def test_items_rank_by_share_count_then_recency() -> None:
    """More shares rank first; equal counts rank the most recently shared first."""
    popular = "https://a.example/popular"
    briefings = [
        shared(
            minutes=1,
            url=popular,
            title="Council approves the new tram line budget",
            summary="Council approves the new tram line budget.",
        ),
        shared(
            minutes=2,
            url=popular,
            title="Council approves the new tram line budget",
            summary="Council approves the new tram line budget.",
        ),
        shared(
            minutes=3,
            url="https://b.example/old",
            title="Museum opens a lighthouse exhibition",
            summary="Museum opens a lighthouse exhibition.",
        ),
        shared(
            minutes=50,
            url="https://c.example/new",
            title="School choir wins the regional contest",
            summary="School choir wins the regional contest.",
        ),
    ]
    digest = build_digest(briefings, guild_id=9, start=START, end=END)
    assert [item.url for item in digest.items] == [popular, "https://c.example/new", "https://b.example/old"]


def test_only_the_window_is_used() -> None:
    """Briefings outside [start, end) are left out."""
    briefings = [
        shared(minutes=-1, url="https://a.example/x"),
        shared(minutes=60 * 24, url="https://b.example/y"),
    ]
    briefings.append(shared(minutes=0, url="https://c.example/z"))
    digest = build_digest(briefings, guild_id=9, start=START, end=END)
    assert [item.url for item in digest.items] == ["https://c.example/z"]


def test_quote_of_the_day_needs_a_named_speaker() -> None:
    """The quote of the day is a quote with a speaker, preferring a readable length."""
    quotes = [
        {"text": "Nobody said this one aloud, it seems, though it is long enough", "speaker": None},
        {"text": "Yes", "speaker": "Mayor Ada Quill"},
        {"text": "We kept our promise to every family in Port Wren", "speaker": "Mayor Ada Quill"},
    ]
    digest = build_digest([shared(quotes=quotes)], guild_id=9, start=START, end=END)
    assert digest.quote is not None
    assert digest.quote.text == "We kept our promise to every family in Port Wren"
    assert digest.quote.speaker == "Mayor Ada Quill"
    assert digest.quote.title == "Harbour bridge reopens after two years of repairs"
    unnamed = build_digest([shared(quotes=quotes[:1])], guild_id=9, start=START, end=END)
    assert unnamed.quote is None


def test_signature_and_overlap() -> None:
    """Signatures drop stop words and case; overlap is Jaccard similarity."""
    assert signature("The Bridge and the Harbour") == frozenset({"bridge", "harbour"})
    assert overlap(frozenset({"a", "b"}), frozenset({"b", "c"})) == 1 / 3
    assert overlap(frozenset(), frozenset({"a"})) == 0.0


_words = st.sampled_from(
    ["harbour", "bridge", "ferry", "council", "tram", "budget", "choir", "museum", "storm"]
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-60, max_value=60 * 25),
            st.sampled_from([None, "https://a.example/1", "https://b.example/2", "https://c.example/3"]),
            st.lists(_words, min_size=0, max_size=6),
            st.booleans(),
        ),
        max_size=40,
    )
)
def test_every_share_in_the_window_is_counted_once(
    rows: list[tuple[int, str | None, list[str], bool]],
) -> None:
    """Each briefing in the window lands in exactly one item; items are ranked by share count."""
    briefings: list[StoredBriefing] = []
    for n, (minutes, url, title_words, is_repeat) in enumerate(rows):
        repeat_of = briefings[-1].id if is_repeat and briefings else None
        briefings.append(
            shared(
                briefing_id=n + 1,
                minutes=minutes,
                url=url,
                title=" ".join(title_words) or None,
                summary=" ".join(reversed(title_words)),
                repeat_of=repeat_of,
            )
        )
    digest = build_digest(briefings, guild_id=9, start=START, end=END)
    in_window = [b for b in briefings if START <= b.created_at < END]
    assert digest.total_shares == len(in_window)
    counts = [item.share_count for item in digest.items]
    assert counts == sorted(counts, reverse=True)
    assert sorted(len(group) for group in group_briefings(in_window)) == sorted(counts)
    assert all(item.title for item in digest.items)


# --- rendering (bot.embeds.digest_embeds) --------------------------------------------------------------


def test_digest_embeds_link_titles_shares_and_messages() -> None:
    """Each item links its article, names who shared it where, and links to the message."""
    from bot.embeds import check_limits, digest_embeds

    original = shared(minutes=1, user=11, channel=60)
    briefings = [original, shared(minutes=9, user=12, channel=61, repeat_of=original.id)]
    quote = {"text": "We kept our promise to every family in Port Wren", "speaker": "Mayor Ada Quill"}
    briefings.append(
        shared(
            minutes=3,
            url="https://b.example/ferry",
            title="Ferry strike",
            summary="Crews out.",
            quotes=[quote],
        )
    )
    digest = build_digest(briefings, guild_id=9, start=START, end=END)
    [message] = digest_embeds(digest, timezone="Europe/Berlin")
    assert check_limits(message) == []
    text = "\n".join(e.description or "" for e in message)
    assert (
        "[Harbour bridge reopens after two years of repairs](https://harbour-gazette.example/bridge)" in text
    )
    assert f"shared by <@11> in <#60> · [message]({original.jump_url})" in text
    assert "shared 2 times by <@11>, <@12>" in text
    assert "already briefed here" in text
    assert message[0].title is not None
    # The stories were shared around 11:00 on 1 June in Berlin (the window ends on 2 June).
    assert message[0].title.endswith("1 Jun 2026")
    [field] = [f for e in message for f in e.fields]
    assert field.name == "Quote of the day"
    assert "Mayor Ada Quill" in (field.value or "")


def test_empty_digest_renders_nothing() -> None:
    """An empty digest has no messages to post."""
    from bot.embeds import digest_embeds

    assert digest_embeds(build_digest([], guild_id=9, start=START, end=END)) == []


@settings(max_examples=25, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=80),
    title=st.text(min_size=0, max_size=400),
    summary=st.text(min_size=0, max_size=800),
)
def test_digest_embeds_stay_within_discord_limits(count: int, title: str, summary: str) -> None:
    """However many and however long the stories, every message fits Discord's limits."""
    from bot.embeds import EMBEDS_PER_MESSAGE, check_limits, digest_embeds

    briefings = [
        shared(
            briefing_id=n + 1,
            minutes=n,
            url=f"https://n{n}.example/{'x' * (n % 7) * 50}",
            title=f"{title} {n}",
            summary=f"{summary} number {n}",
            quotes=[{"text": summary or "words", "speaker": title or "Someone"}],
        )
        for n in range(count)
    ]
    messages = digest_embeds(build_digest(briefings, guild_id=9, start=START, end=END))
    assert messages
    for message in messages:
        assert 1 <= len(message) <= EMBEDS_PER_MESSAGE
        assert check_limits(message) == []


def _heading(digest_start: datetime.datetime, minutes: list[int], zone: str) -> str:
    """The heading of a digest of shares ``minutes`` after ``digest_start``, ending one day later."""
    from bot.embeds import digest_embeds

    briefings = [
        shared(minutes=0, url=f"https://s{m}.example/", title=f"Story number {m} of many", summary=f"S {m}.")
        for m in minutes
    ]
    moved = [
        dataclasses.replace(b, created_at=digest_start + datetime.timedelta(minutes=m))
        for b, m in zip(briefings, minutes, strict=True)
    ]
    end = digest_start + datetime.timedelta(hours=24)
    [message, *_] = digest_embeds(build_digest(moved, guild_id=9, start=digest_start, end=end), timezone=zone)
    assert message[0].title is not None
    return message[0].title


def test_heading_names_the_local_day_the_stories_were_shared() -> None:
    """A digest posted just after midnight is headed with the previous day, when the stories were shared."""
    # Window 00:05 on 27 Nov -> 00:05 on 28 Nov, Berlin (UTC+1); every share on 27 Nov local.
    start = datetime.datetime(2026, 11, 26, 23, 5, tzinfo=UTC)
    title = _heading(start, [60, 600, 1430], "Europe/Berlin")
    assert title.endswith("27 Nov 2026")
    assert "28 Nov" not in title


def test_heading_names_both_days_when_the_shares_span_midnight() -> None:
    """Shares on both sides of local midnight give a range of the two days."""
    start = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 10:00 Berlin
    assert _heading(start, [60, 900], "Europe/Berlin").endswith("27–28 Nov 2026")
    month_end = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert _heading(month_end, [60, 900], "Europe/Berlin").endswith("30 Nov – 1 Dec 2026")
    year_end = datetime.datetime(2026, 12, 31, 9, 0, tzinfo=UTC)
    assert _heading(year_end, [60, 900], "Europe/Berlin").endswith("31 Dec 2026 – 1 Jan 2027")


def test_heading_uses_the_servers_time_zone() -> None:
    """The same instants can be one local day in one zone and another day elsewhere."""
    start = datetime.datetime(2026, 11, 27, 23, 0, tzinfo=UTC)
    assert _heading(start, [30, 60], "UTC").endswith("27–28 Nov 2026")  # 23:30 and 00:00 UTC
    assert _heading(start, [30, 50], "UTC").endswith("27 Nov 2026")
    assert _heading(start, [30, 50], "Asia/Tokyo").endswith("28 Nov 2026")
