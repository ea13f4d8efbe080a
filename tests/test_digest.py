"""The digest core: grouping the same story across outlets, share counts, ranking, TL;DRs, most quoted."""

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
    """No briefings: no items, no quotes, nothing to post."""
    digest = build_digest([], guild_id=9, start=START, end=END)
    assert digest.is_empty
    assert digest.most_quoted == ()
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
    assert item.tldr.startswith("The harbour bridge in Port Wren reopened")


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


# The same event told by two outlets in their own words (fictional).
GAZETTE_SUMMARY = [
    "Port Wren's harbour bridge reopened to traffic on Monday after two years of repairs, Mayor Ada Quill "
    "announced at a ceremony attended by hundreds of residents.",
    "The Harbour Authority said the repairs cost 40 million and came in under budget.",
]
DAILY_SUMMARY = [
    "Hundreds of residents cheered as Mayor Ada Quill cut the ribbon on the repaired harbour bridge in Port "
    "Wren on Monday.",
    "The two-year repairs cost the Harbour Authority 40 million, less than planned.",
]


def _report(minutes: int, url: str, title: str, summary: list[str], site: str, **kw: Any) -> StoredBriefing:
    return dataclasses.replace(
        shared(minutes=minutes, url=url, title=title, site=site, **kw), summary=summary
    )


def test_the_same_event_from_two_outlets_in_their_own_words_is_one_item() -> None:
    """Different headlines and sentences, but the same people, places and facts: one item, both outlets."""
    gazette = _report(
        1, "https://gazette.example/bridge", "Bridge back in business", GAZETTE_SUMMARY, "Harbour Gazette"
    )
    daily = _report(
        5, "https://daily.example/n/77", "Ribbon cut as crossing returns", DAILY_SUMMARY, "Wren Daily"
    )
    [item] = build_digest([gazette, daily], guild_id=9, start=START, end=END).items
    assert [(o.name, o.url) for o in item.outlets] == [
        ("Harbour Gazette", "https://gazette.example/bridge"),
        ("Wren Daily", "https://daily.example/n/77"),
    ]
    assert item.title == "Bridge back in business"
    assert item.url == "https://gazette.example/bridge"


def test_the_same_long_quote_in_two_reports_makes_them_one_story() -> None:
    """Two reports quoting the same long sentence are the same story, whatever their other words."""
    quote = {
        "text": "We kept our promise to every family in this town, and we did it early",
        "speaker": "Quill",
    }
    a = shared(
        minutes=1,
        url="https://a.example/1",
        title="Quill: promise kept",
        summary="Open at last.",
        quotes=[quote],
    )
    b = shared(
        minutes=2, url="https://b.example/2", title="A crossing reborn", summary="Cars again.", quotes=[quote]
    )
    short = {"text": "It is open", "speaker": "Quill"}
    c = shared(
        minutes=3, url="https://c.example/3", title="Elsewhere today", summary="Other news.", quotes=[short]
    )
    items = build_digest([a, b, c], guild_id=9, start=START, end=END).items
    assert sorted(item.share_count for item in items) == [1, 2]


def test_two_events_in_the_same_town_with_the_same_mayor_stay_apart() -> None:
    """Sharing a town and a person is not enough: the reports must also tell the same thing."""
    bridge = _report(1, "https://gazette.example/bridge", "Bridge back", GAZETTE_SUMMARY, "Harbour Gazette")
    budget = _report(
        2,
        "https://daily.example/budget",
        "Council passes the school budget",
        [
            "Mayor Ada Quill's council in Port Wren approved next year's school budget on Tuesday evening.",
            "Teachers' pay rises by three percent and two new classrooms will be built.",
        ],
        "Wren Daily",
    )
    assert len(build_digest([bridge, budget], guild_id=9, start=START, end=END).items) == 2


def test_tldr_is_one_line_that_says_more_than_the_title() -> None:
    """A first sentence repeating the headline is skipped; an overlong one gives way to a shorter report's."""
    echo = shared(
        title="Harbour bridge reopens after two years of repairs",
        summary="Harbour bridge reopens after two years of repairs.",
    )
    echo = dataclasses.replace(echo, summary=[echo.summary[0], "Traffic was back within the hour."])
    [item] = build_digest([echo], guild_id=9, start=START, end=END).items
    assert item.tldr == "Traffic was back within the hour."
    long_first = _report(1, "https://a.example/1", "Harbour bridge back open", ["word " * 60 + "end."], "A")
    short_second = dataclasses.replace(
        long_first, id=next(_ids), url="https://b.example/2", summary=["Short."]
    )
    [item] = build_digest([long_first, short_second], guild_id=9, start=START, end=END).items
    assert item.tldr == "Short."


def test_outlets_without_a_site_name_are_named_by_host() -> None:
    """A link without a site name is listed under its host."""
    [item] = build_digest(
        [shared(site=None, url="https://www.wren-daily.example/a")], guild_id=9, start=START, end=END
    ).items
    assert item.site_names == ("wren-daily.example",)


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


def test_most_quoted_names_who_was_quoted_most_with_a_telling_quote() -> None:
    """People are ranked by distinct quotes; each gets one quote, readable and about the story."""
    quill = [
        {"text": "Yes", "speaker": "Mayor Ada Quill"},
        {
            "text": "We kept our promise to every family in Port Wren, and the bridge is open",
            "speaker": "Quill",
        },
        {"text": "It was a long two years for all of us here at city hall", "speaker": "Ada Quill"},
    ]
    nobody = [{"text": "Nobody said this one aloud, it seems, though it is long enough", "speaker": None}]
    ferry = [{"text": "We will not sail until the pay offer is a real one", "speaker": "Bo Tern"}]
    briefings = [
        shared(minutes=1, quotes=quill + nobody),
        shared(
            minutes=2,
            url="https://b.example/ferry",
            title="Ferry strike halts crossings",
            summary="Ferry crews in Port Wren walked out over pay on Tuesday.",
            quotes=ferry,
        ),
    ]
    original = briefings[0]
    briefings.append(shared(minutes=3, repeat_of=original.id, quotes=quill))  # a repeat says nothing new
    most = build_digest(briefings, guild_id=9, start=START, end=END).most_quoted
    assert [(p.speaker, p.quote_count, p.story_count) for p in most] == [
        ("Mayor Ada Quill", 3, 1),
        ("Bo Tern", 1, 1),
    ]
    assert most[0].text == "We kept our promise to every family in Port Wren, and the bridge is open"
    assert most[0].title == "Harbour bridge reopens after two years of repairs"
    assert most[0].jump_url == original.jump_url
    assert build_digest([shared(quotes=nobody)], guild_id=9, start=START, end=END).most_quoted == ()


def test_most_quoted_lists_at_most_three_people() -> None:
    """Only the people quoted most are named."""
    quotes = [
        {"text": f"Words number {n} said at the meeting", "speaker": f"Person {name}"}
        for n, name in enumerate(["Arden", "Bel", "Cato", "Dorn", "Ezra"])
        for _ in range(n + 1)
    ]
    most = build_digest([shared(quotes=quotes)], guild_id=9, start=START, end=END).most_quoted
    assert [p.speaker for p in most] == ["Person Arden", "Person Bel", "Person Cato"]


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
    assert f"· messages [2]({briefings[1].jump_url})" in text  # every share's message is a jump away
    assert "TL;DR: The harbour bridge in Port Wren reopened on Monday" in text
    assert "· [Harbour Gazette](https://harbour-gazette.example/bridge)" in text
    [field] = [f for e in message for f in e.fields]
    assert field.name == "Most quoted"
    assert (field.value or "").startswith("**Mayor Ada Quill** (1 quote): “We kept our promise")
    assert "([Ferry strike](https://b.example/ferry))" in (field.value or "")


def test_empty_digest_renders_nothing() -> None:
    """An empty digest has no messages to post."""
    from bot.embeds import digest_embeds

    assert digest_embeds(build_digest([], guild_id=9, start=START, end=END)) == []


@settings(max_examples=25, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=80),
    title=st.text(min_size=0, max_size=400),
    summary=st.text(min_size=0, max_size=800),
    outlets=st.integers(min_value=1, max_value=12),
    site=st.text(min_size=0, max_size=300),
)
def test_digest_embeds_stay_within_discord_limits(
    count: int, title: str, summary: str, outlets: int, site: str
) -> None:
    """However many, long and widely reported the stories, and whoever is quoted, every message fits."""
    from bot.embeds import EMBEDS_PER_MESSAGE, check_limits, digest_embeds, digest_post_name

    long_quote = "We said it " + summary + " and we meant every word of it, said twice"
    briefings = [
        shared(
            briefing_id=n + 1,
            minutes=n,
            # Every story is told by up to ``outlets`` outlets with the same headline: one item, many links.
            url=f"https://n{n}.example/{'x' * (n % 7) * 50}",
            title=f"{title} story number {n // outlets} harbour bridge",
            summary=f"{summary} number {n}",
            site=f"{site} {n}" if site else None,
            user=n % 9,
            quotes=[
                {"text": summary or "words", "speaker": title or "Someone"},
                {"text": long_quote, "speaker": f"{site} Speaker {n % 5}"},
            ],
        )
        for n in range(count)
    ]
    digest = build_digest(briefings, guild_id=9, start=START, end=END)
    messages = digest_embeds(digest)
    assert messages
    for message in messages:
        assert 1 <= len(message) <= EMBEDS_PER_MESSAGE
        assert check_limits(message) == []
    assert 1 <= len(digest_post_name(digest)) <= 100


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
