"""Embeds: Discord's limits hold whatever the briefing holds; article text cannot inject Markdown."""

from __future__ import annotations

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.briefing.models import Briefing, Length, Quote
from bot.embeds import (
    ELLIPSIS,
    EMBED_TOTAL_LIMIT,
    briefing_embeds,
    card_quotes,
    check_limits,
    clean,
    enforce_total,
    fit,
    line_fields,
    repeat_embeds,
    safe_url,
    thread_name,
)

ARTICLE = (
    "The Lowmoor town council voted on Tuesday to reopen the old ferry crossing. "
    "“We have waited eleven years for this,” said harbour master Ines Calloway."
)


def make_briefing(**changes: object) -> Briefing:
    base: dict[str, object] = {
        "title": "Lowmoor reopens its ferry",
        "url": "https://news.example/lowmoor-ferry",
        "site_name": "Lowmoor Gazette",
        "author": "Pat Ferrier",
        "published": "2025-03-04",
        "language": "en",
        "summary": ("The council voted to reopen the ferry crossing.",),
        "key_points": ("Vote on Tuesday.", "Crossing closed for eleven years."),
        "quotes": (Quote("We have waited eleven years for this,", "Ines Calloway", 77, 114),),
        "people": ("Ines Calloway",),
        "word_count": 412,
        "reading_minutes": 2,
        "engine": "extractive",
        "article_text": ARTICLE,
    }
    base.update(changes)
    return Briefing(**base)  # type: ignore[arg-type]


def test_fit_keeps_short_text() -> None:
    """fit leaves text within the limit unchanged."""
    assert fit("short text", 20) == "short text"


def test_fit_cuts_at_word_boundary_with_ellipsis() -> None:
    """fit cuts at the last space and appends an ellipsis."""
    out = fit("alpha beta gamma delta", 14)
    assert out == "alpha beta" + ELLIPSIS
    assert len(out) <= 14


def test_fit_cuts_inside_one_long_word() -> None:
    """fit cuts inside a word when there is no space to cut at."""
    out = fit("x" * 50, 10)
    assert out == "x" * 9 + ELLIPSIS


def test_fit_never_leaves_a_dangling_escape() -> None:
    """fit does not end with a backslash that would escape the ellipsis."""
    out = fit("a" * 8 + "\\*" + "b" * 20, 10)
    assert not out[:-1].endswith("\\")
    assert len(out) <= 10


def test_clean_escapes_markdown_and_mentions() -> None:
    """clean neutralises Markdown and @everyone / user mentions in article text."""
    out = clean("**bold** @everyone <@123456789012345678> [x](https://evil.example)")
    assert "**bold**" not in out
    assert "@everyone" not in out
    assert "<@123456789012345678>" not in out
    assert "\\[x\\](https://evil.example)" in out  # a masked link shown as text, not a link


def test_briefing_embed_layout() -> None:
    """The embed links the title, shows site/author/date, summary, bullets, quotes and a footer."""
    (embed,) = briefing_embeds(make_briefing())
    assert embed.title == "Lowmoor reopens its ferry"
    assert embed.url == "https://news.example/lowmoor-ferry"
    assert embed.description is not None
    assert embed.description.startswith("*Lowmoor Gazette · Pat Ferrier · 4 Mar 2025*\n\n")
    assert "reopen the ferry crossing" in embed.description
    names = [f.name for f in embed.fields]
    assert names == ["Key points", "Quotes"]
    assert embed.fields[0].value == "• Vote on Tuesday.\n• Crossing closed for eleven years."
    assert embed.fields[1].value == "“We have waited eleven years for this” — Ines Calloway"
    assert embed.footer.text == "2 min read"


def test_quotes_capped_by_length() -> None:
    """At most length.max_quotes quotes are shown."""
    quotes = tuple(Quote(f"Quote number {i}.", f"Speaker {i}", 0, 5) for i in range(8))
    (embed,) = briefing_embeds(make_briefing(quotes=quotes), length=Length.STANDARD)
    value = next(f.value for f in embed.fields if f.name == "Quotes")
    assert value is not None
    assert value.count("“") == Length.STANDARD.max_quotes


def test_warnings_in_footer() -> None:
    """Warnings appear in the footer after the reading time."""
    (embed,) = briefing_embeds(make_briefing(warnings=("LLM engine not configured.",)))
    assert embed.footer.text == "2 min read · ⚠ LLM engine not configured."


def test_unsafe_url_is_dropped() -> None:
    """Non-http(s) or over-long URLs are not used as the title link."""
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://a.example/" + "x" * 3000) is None
    (embed,) = briefing_embeds(make_briefing(url="ftp://files.example/a"))
    assert embed.url is None


def test_line_fields_continue_past_the_value_limit() -> None:
    """Long lists spill into continued fields, each within the value limit."""
    fields = line_fields("Key points", ["• " + "word " * 100] * 6)
    assert len(fields) > 1
    assert fields[1][0] == "Key points (continued)"
    assert all(len(value) <= 1024 for _, value in fields)


def test_enforce_total_across_several_embeds() -> None:
    """enforce_total brings several full embeds under the 6000-character total."""
    embeds = [discord.Embed(title="t" * 200, description="word " * 800) for _ in range(4)]
    for e in embeds:
        e.add_field(name="n", value="v " * 400)
    out = enforce_total(embeds)
    assert sum(map(len, out)) <= EMBED_TOTAL_LIMIT
    assert check_limits(out) == []


def test_repeat_embed_links_earlier_briefing() -> None:
    """The "already briefed" embed carries the stored summary and the jump link."""
    (embed,) = repeat_embeds(
        title="Old news",
        url="https://news.example/old",
        summary=["It happened before."],
        key_points=["First point."],
        jump_url="https://discord.com/channels/1/2/3",
    )
    assert embed.description is not None
    assert "It happened before." in embed.description
    assert "(https://discord.com/channels/1/2/3)" in embed.description


def test_thread_name_fits() -> None:
    """Thread names are 1-100 characters."""
    assert thread_name(None) == "Briefing"
    assert len(thread_name("word " * 80)) <= 100


wild_text = st.text(
    alphabet=st.sampled_from([*"ab cd*_~`|>#-[]()@\\\n<>:/!", "é", "“", "”", "\u200b", "😀"]),
    max_size=6000,
)


def briefings(text: st.SearchStrategy[str], *, most: int, **fixed: object) -> st.SearchStrategy[Briefing]:
    """Briefings whose every text field is drawn from ``text``; ``most`` bounds the longest list."""
    return st.builds(
        make_briefing,
        title=st.one_of(st.none(), text),
        site_name=st.one_of(st.none(), text),
        author=st.one_of(st.none(), text),
        summary=st.lists(text, max_size=most // 2).map(tuple),
        key_points=st.lists(text, max_size=most).map(tuple),
        quotes=st.lists(st.tuples(text, st.one_of(st.none(), text)), max_size=most * 2 // 3).map(
            lambda pairs: tuple(Quote(t, s, 0, len(t)) for t, s in pairs)
        ),
        warnings=st.lists(text, max_size=most // 3).map(tuple),
        **{k: st.just(v) for k, v in fixed.items()},
    )


@settings(max_examples=60, deadline=None)
@given(briefing=briefings(wild_text, most=12, word_count=10**9), length=st.sampled_from(list(Length)))
def test_embeds_within_every_limit(briefing: Briefing, length: Length) -> None:
    """Any briefing renders to embeds within every Discord limit, with non-empty fields."""
    embeds = briefing_embeds(briefing, length=length)
    assert check_limits(embeds) == []
    for embed in embeds:
        embed.to_dict()


def _unescaped_link_joints(text: str) -> list[int]:
    """Return where text holds "](" whose "]" is not escaped (an even run of backslashes before it)."""
    found = []
    start = text.find("](")
    while start != -1:
        run = 0
        while start - run - 1 >= 0 and text[start - run - 1] == "\\":
            run += 1
        if run % 2 == 0:
            found.append(start)
        start = text.find("](", start + 1)
    return found


def _embed_texts(embeds: list[discord.Embed]) -> list[str]:
    texts: list[str] = []
    for embed in embeds:
        texts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        texts += [embed.author.name or ""]
        for f in embed.fields:
            texts += [f.name or "", f.value or ""]
    return texts


def test_masked_link_split_across_sentences_stays_escaped() -> None:
    """A masked link split over two summary sentences is not whole again once they are joined."""
    briefing = make_briefing(
        summary=(
            "Bills rise [Official water notice.",
            "Water council says water bills rise here](https://evil.example/phish) for water users.",
        )
    )
    for length in Length:
        for text in _embed_texts(briefing_embeds(briefing, length=length)):
            assert _unescaped_link_joints(text) == []
    (embed,) = repeat_embeds(title="t", url=None, summary=briefing.summary, key_points=(), jump_url=None)
    assert _unescaped_link_joints(embed.description or "") == []


def test_article_backslash_cannot_cancel_an_escape() -> None:
    """A backslash written in the article does not un-escape the bracket after it."""
    assert _unescaped_link_joints(clean("see \\[here\\](https://evil.example)")) == []
    assert _unescaped_link_joints(clean("\\\\](x)")) == []


link_text = st.lists(
    st.sampled_from([*"ab []()\\.:/*_", "evil", "https://x.example", "\n"]), max_size=60
).map("".join)


@settings(max_examples=80, deadline=None)
@given(briefing=briefings(link_text, most=6), length=st.sampled_from(list(Length)))
def test_no_embed_text_holds_an_unescaped_masked_link(briefing: Briefing, length: Length) -> None:
    """For any briefing, no text in any embed holds an unescaped "](" (the joint of a masked link)."""
    for text in _embed_texts(briefing_embeds(briefing, length=length)):
        assert _unescaped_link_joints(text) == [], text


def test_card_shows_no_quote_twice() -> None:
    """A quote already said by a key point, the summary or another quote is left off the card."""
    briefing = make_briefing(
        summary=("The council voted to reopen the ferry crossing after eleven years.",),
        key_points=("“We have waited eleven years for this,” said harbour master Ines Calloway.",),
        quotes=(
            Quote("We have waited eleven years for this,", "Ines Calloway", 77, 114),
            Quote("The boats will run from the first of May", "Tomas Brun", 120, 160),
            Quote("The boats will run from the first of May", "Tomas Brun", 200, 240),
            Quote("reopen the ferry crossing", None, 300, 325),
        ),
    )
    assert card_quotes(briefing, 3) == [briefing.quotes[1]]
    (embed,) = briefing_embeds(briefing)
    assert [f.value for f in embed.fields if f.name == "Quotes"] == [
        "“The boats will run from the first of May” — Tomas Brun"
    ]


def test_footer_names_a_non_extractive_engine() -> None:
    """The footer gives the reading time, and the engine only when it is not the extractive one."""
    (embed,) = briefing_embeds(make_briefing(engine="llm", reading_minutes=4))
    assert embed.footer.text == "4 min read · llm"


def test_meta_line_without_a_repeated_site() -> None:
    """A byline that is just the site's name is not shown twice."""
    (embed,) = briefing_embeds(make_briefing(author="Lowmoor Gazette"))
    assert embed.description is not None
    assert embed.description.startswith("*Lowmoor Gazette · 4 Mar 2025*")
