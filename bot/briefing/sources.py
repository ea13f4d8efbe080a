"""What a Discord message offers to brief: article links (no media, at most three), long pasted text, files.

Pure functions, no discord import: the brief cog hands them a message's text and attachment names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from bot.briefing.text import count_words

MAX_LINKS = 3
AUTOBRIEF_MIN_WORDS = 150
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FILE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES  # what a file must be called to be briefed

MEDIA_SUFFIXES = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".gifv",
        ".webp",
        ".avif",
        ".bmp",
        ".svg",
        ".ico",
        ".tif",
        ".tiff",
        ".heic",
        ".mp4",
        ".m4v",
        ".mov",
        ".webm",
        ".mkv",
        ".avi",
        ".mp3",
        ".m4a",
        ".wav",
        ".ogg",
        ".oga",
        ".flac",
        ".opus",
        ".pdf",
        ".zip",
    ]
)
MEDIA_HOSTS = frozenset(
    [
        "tenor.com",
        "giphy.com",
        "gfycat.com",
        "imgur.com",
        "imgflip.com",
        "redgifs.com",
        "streamable.com",
        "youtube.com",
        "youtu.be",
        "twitch.tv",
        "clips.twitch.tv",
        "vimeo.com",
        "tiktok.com",
        "i.redd.it",
        "v.redd.it",
        "cdn.discordapp.com",
        "media.discordapp.net",
        "discord.com",
        "discord.gg",
        "discordapp.com",
        "spotify.com",
    ]
)
_LINK = re.compile(r"https?://[^\s<>|\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"*_~>"


def is_media_link(url: str) -> bool:
    """Tell whether a link points at an image, video, GIF or a known media host rather than an article."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    host = (parts.hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in MEDIA_HOSTS):
        return True
    path = parts.path.lower()
    return any(path.endswith(suffix) for suffix in MEDIA_SUFFIXES)


def find_article_links(text: str, limit: int = MAX_LINKS) -> list[str]:
    """Return up to ``limit`` distinct http(s) links of a message that may be articles (no media)."""
    links: list[str] = []
    for match in _LINK.finditer(text):
        url = match.group(0)
        while url and url[-1] in _TRAILING:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break  # a balanced parenthesis belongs to the URL (Wikipedia style)
            url = url[:-1]
        if len(url) <= len("https://") or is_media_link(url) or url in links:
            continue
        links.append(url)
        if len(links) >= limit:
            break
    return links


def is_html_file(name: str) -> bool:
    """Tell whether a file is briefed as HTML (by its name; anything else readable is text)."""
    return name.lower().endswith(HTML_SUFFIXES)


def is_briefable_file(name: str) -> bool:
    """Tell whether a file's name says it holds text or HTML that briefbot can read."""
    return name.lower().endswith(FILE_SUFFIXES)


SourceKind = Literal["url", "text", "html", "file"]


@dataclass(frozen=True)
class Source:
    """One thing to brief: a link, pasted text, a page's HTML, or an uploaded file.

    ``value`` is the URL, the text, the HTML (or "" when ``data`` holds its bytes), or the file's name;
    ``data`` holds a file's (or a page's) bytes; ``url`` says where text or HTML came from.
    """

    kind: SourceKind
    value: str
    data: bytes = b""
    url: str | None = None


def autobrief_sources(content: str) -> list[Source]:
    """What an auto-brief channel message offers: its article links, else a pasted text of 150+ words."""
    links = find_article_links(content)
    if links:
        return [Source("url", url) for url in links]
    if _LINK.search(content) is None and count_words(content) >= AUTOBRIEF_MIN_WORDS:
        return [Source("text", content)]
    return []


def message_sources(content: str, attachments: Sequence[tuple[str, int]]) -> list[Source]:
    """What "Brief message" can brief: links, else text files (names; read later), else the text."""
    links = find_article_links(content)
    if links:
        return [Source("url", url) for url in links]
    files = [Source("file", name) for name, _ in attachments if is_briefable_file(name)]
    if files:
        return files[:MAX_LINKS]
    if content.strip():
        return [Source("text", content)]
    return []
