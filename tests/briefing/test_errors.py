"""Walls (paywalls, consent notices): the answer offers the archived copy and the other ways in."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.briefing.errors import ConsentWall, Paywall, Walled, archive_url, wall_help


def test_archive_url_is_the_wayback_address_of_the_link() -> None:
    """A web link gets the Wayback Machine address that opens its newest archived copy."""
    assert (
        archive_url("https://news.example/a?id=3")
        == "https://web.archive.org/web/https://news.example/a?id=3"
    )
    assert archive_url("  http://news.example/b  ") == "https://web.archive.org/web/http://news.example/b"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "news.example/a",
        "ftp://news.example/a",
        "javascript:alert(1)",
        "https://a.example/x y",
        "https://x/" + "a" * 1500,
    ],
)
def test_archive_url_refuses_what_is_not_a_usable_web_link(bad: str) -> None:
    """Non-web links, links with spaces and overlong links get no archive address (never a cut one)."""
    assert archive_url(bad) is None


def test_wall_help_offers_the_archive_then_pasting_and_attaching() -> None:
    """The reason comes first, the archived copy in <…> (no preview), then pasting or attaching."""
    text = wall_help("This page looks like a paywall.", "https://news.example/a")
    reason, archive, other = text.split("\n")
    assert reason == "This page looks like a paywall."
    assert "<https://web.archive.org/web/https://news.example/a>" in archive
    assert "doesn't open it" in archive
    assert "paste the article's text" in other
    assert "attach it as a .txt, .md or .html file" in other
    assert "web.archive.org" not in wall_help("A wall.", None)
    assert "web.archive.org" not in wall_help("A wall.", "not a link")


@pytest.mark.parametrize("kind", [Paywall, ConsentWall])
def test_a_wall_learns_its_link_and_survives_a_process_boundary(kind: type[Walled]) -> None:
    """at(url) keeps the kind and reason and adds the archive; pickling (worker processes) keeps all of it."""
    plain = kind("Only a notice is shown.")
    assert plain.archive_url is None
    located = plain.at("https://news.example/a")
    assert type(located) is kind
    assert located.reason == "Only a notice is shown."
    assert located.archive_url == "https://web.archive.org/web/https://news.example/a"
    copy = pickle.loads(pickle.dumps(located))
    assert (type(copy), copy.user_message, copy.archive_url) == (
        kind,
        located.user_message,
        located.archive_url,
    )


@settings(max_examples=60, deadline=None)
@given(reason=st.text(max_size=200), path=st.text(max_size=3000))
def test_a_wall_answer_fits_one_discord_message_with_its_link_whole(reason: str, path: str) -> None:
    """Whatever the link, the answer fits Discord's 2,000 characters, so the archive link is never cut."""
    url = "https://news.example/" + path
    text = wall_help(reason, url)
    assert len(text) <= 2000
    archived = archive_url(url)
    assert (archived is not None) == (f"<{archived}>" in text)
