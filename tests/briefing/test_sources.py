"""What a message offers to brief: article links (no media, at most 3), long pasted text, files."""

from __future__ import annotations

import pytest

from bot.briefing.sources import (
    AUTOBRIEF_MIN_WORDS,
    MAX_LINKS,
    Source,
    autobrief_sources,
    find_article_links,
    is_media_link,
    message_sources,
)


def test_links_found_and_trailing_punctuation_dropped() -> None:
    """Links are found in prose, without the sentence's punctuation or Markdown around them."""
    text = (
        "Read https://news.example/a-story. Also (https://blog.example/post?id=3), **https://x.example/b**!"
    )
    assert find_article_links(text) == [
        "https://news.example/a-story",
        "https://blog.example/post?id=3",
        "https://x.example/b",
    ]


def test_balanced_parentheses_stay_in_the_link() -> None:
    """A Wikipedia-style link keeps its closing parenthesis."""
    assert find_article_links("see https://wiki.example/Foo_(bar)") == ["https://wiki.example/Foo_(bar)"]


def test_suppressed_embed_links_count() -> None:
    """A link in angle brackets (embed suppressed) is still an article link."""
    assert find_article_links("<https://news.example/quiet>") == ["https://news.example/quiet"]


@pytest.mark.parametrize(
    "url",
    [
        "https://media.tenor.com/abc/funny.gif",
        "https://tenor.com/view/cat-dance-123",
        "https://giphy.com/gifs/xyz",
        "https://i.imgur.com/abc.png",
        "https://news.example/photo.JPG",
        "https://cdn.example/clip.mp4?width=640",
        "https://www.youtube.com/watch?v=abc",
        "https://cdn.discordapp.com/attachments/1/2/image.webp",
    ],
)
def test_media_links_ignored(url: str) -> None:
    """Images, videos, GIFs and known media hosts are not articles."""
    assert is_media_link(url)
    assert find_article_links(f"lol {url}") == []


def test_article_on_a_host_named_like_media_is_kept() -> None:
    """Only the host itself or its subdomains count as a media host."""
    assert not is_media_link("https://nottenor.com.example/story")


def test_at_most_three_distinct_links() -> None:
    """Duplicates count once and at most MAX_LINKS links are kept."""
    links = " ".join(f"https://news.example/{i} https://news.example/{i}" for i in range(6))
    assert find_article_links(links) == [f"https://news.example/{i}" for i in range(MAX_LINKS)]


def test_non_http_schemes_ignored() -> None:
    """ftp:, javascript: and bare domains are not links to brief."""
    assert find_article_links("ftp://files.example/a javascript:alert(1) news.example/story") == []


def test_autobrief_prefers_links() -> None:
    """A message with a link is briefed by its link, whatever text surrounds it."""
    words = "word " * (AUTOBRIEF_MIN_WORDS + 10)
    assert autobrief_sources(f"{words} https://news.example/a") == [Source("url", "https://news.example/a")]


def test_autobrief_long_pasted_text() -> None:
    """A pasted text of 150+ words without links is briefed as text; a shorter one is ignored."""
    long_text = "word " * AUTOBRIEF_MIN_WORDS
    assert autobrief_sources(long_text) == [Source("text", long_text)]
    assert autobrief_sources("word " * (AUTOBRIEF_MIN_WORDS - 1)) == []


def test_autobrief_ignores_media_only_messages() -> None:
    """A long text whose only link is a GIF is not briefed (it is a reaction, not an article)."""
    text = "word " * AUTOBRIEF_MIN_WORDS + " https://media.tenor.com/x.gif"
    assert autobrief_sources(text) == []


def test_message_sources_order() -> None:
    """Brief message uses links, else .txt/.md/.html files, else the text."""
    assert message_sources("https://news.example/a", [("notes.txt", 10)]) == [
        Source("url", "https://news.example/a")
    ]
    assert message_sources("see attached", [("pic.png", 10), ("story.md", 10)]) == [
        Source("file", "story.md")
    ]
    assert message_sources("some pasted words", []) == [Source("text", "some pasted words")]
    assert message_sources("   ", [("pic.png", 10)]) == []
