"""Value objects of the briefing core: Article in, Briefing out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Engine(StrEnum):
    """What writes a briefing's summary and key points."""

    EXTRACTIVE = "extractive"  # built in, offline
    LLM = "llm"  # an OpenAI-compatible model, when the bot's owner configured one


class Length(StrEnum):
    """How much of the article a briefing keeps."""

    SHORT = "short"
    STANDARD = "standard"
    DETAILED = "detailed"

    @property
    def summary_sentences(self) -> int:
        return {Length.SHORT: 1, Length.STANDARD: 2, Length.DETAILED: 3}[self]

    @property
    def key_points(self) -> int:
        return {Length.SHORT: 3, Length.STANDARD: 3, Length.DETAILED: 6}[self]

    @property
    def max_quotes(self) -> int:
        return {Length.SHORT: 2, Length.STANDARD: 3, Length.DETAILED: 5}[self]


def display_quote(text: str) -> str:
    """Return a quotation as shown to readers: without the comma or colon that led into its attribution."""
    return text.strip().rstrip(",;:").rstrip()


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation, verbatim: ``article_text[start:end] == text``.

    A split quotation ("A," she said. "B.") is one Quote whose ``parts`` hold the (start, end) of each
    verbatim piece; then ``text`` is the pieces joined by " … " where words stood between them (by a space
    where only marks did), ``start`` the first piece's start and ``end`` the last piece's end.
    """

    text: str
    speaker: str | None
    start: int
    end: int
    parts: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "speaker": self.speaker,
            "start": self.start,
            "end": self.end,
        }
        if len(self.parts) > 1:
            data["parts"] = [list(p) for p in self.parts]
        return data


@dataclass(frozen=True, slots=True)
class Article:
    """The main text of an article and what is known about it; ``text`` has blank lines between paragraphs."""

    text: str
    title: str | None = None
    url: str | None = None
    site_name: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date, as precise as the source says
    language: str | None = None
    image: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Briefing:
    """What happened, who said what, and where it came from."""

    title: str | None
    url: str | None
    site_name: str | None
    author: str | None
    published: str | None
    language: str | None
    summary: tuple[str, ...]
    key_points: tuple[str, ...]
    quotes: tuple[Quote, ...]
    people: tuple[str, ...]
    word_count: int
    reading_minutes: int
    engine: str  # the Engine that wrote it, "llm:<model>" for a model
    article_text: str
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        """Return the briefing as the JSON object the CLI prints."""
        data: dict[str, Any] = {
            "title": self.title,
            "url": self.url,
            "site_name": self.site_name,
            "author": self.author,
            "published": self.published,
            "language": self.language,
            "summary": list(self.summary),
            "key_points": list(self.key_points),
            "quotes": [q.to_dict() for q in self.quotes],
            "people": list(self.people),
            "word_count": self.word_count,
            "reading_minutes": self.reading_minutes,
            "warnings": list(self.warnings),
            "engine": self.engine,
        }
        if with_text:
            data["article_text"] = self.article_text
        return data
