"""Briefer: any source (text, HTML, URL) -> Briefing. Orchestration only; the work lives in other modules."""

from __future__ import annotations

import asyncio
import math
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from bot.briefing import text as textmod
from bot.briefing.errors import BinaryInput, EmptyInput, InputTooLarge, NotArticle
from bot.briefing.models import Article, Briefing, Length
from bot.briefing.people import extract_people
from bot.briefing.quotes import extract_quotes
from bot.briefing.summarise import summarise

if TYPE_CHECKING:
    from bot.briefing.fetch import Fetcher
    from bot.briefing.llm import LLMEngine
    from bot.settings import Settings

T = TypeVar("T")

WORDS_PER_MINUTE = 230
MIN_ARTICLE_WORDS = 25
ENGINE_EXTRACTIVE = "extractive"
ENGINE_LLM = "llm"


def decode_text(data: bytes) -> str:
    """Decode an uploaded or piped text file, refusing binary data with a clear message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise BinaryInput(
            "That looks like a binary file, not text. Send a link, a .txt/.md/.html file or paste the text."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def check_text(raw: str, *, max_chars: int) -> str:
    """Refuse input that cannot be an article: empty, binary, too large, too short; return normalised text."""
    if len(raw) > max_chars:
        raise InputTooLarge(
            f"That text is too long ({len(raw):,} characters; the limit is {max_chars:,}). "
            "Send the article alone."
        )
    if not raw.strip():
        raise EmptyInput("There is no text to brief. Send a link or paste the article's text.")
    sample = raw[:20_000]
    controls = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in "\n\r\t")
    if controls > max(8, len(sample) // 20):
        raise BinaryInput("That looks like binary data, not text. Paste the article's text or send a link.")
    text = textmod.normalise(raw)
    words = textmod.count_words(text)
    if words < MIN_ARTICLE_WORDS:
        raise NotArticle(
            f"That is too short to brief ({words} words). Paste the whole article or send a link to it."
        )
    return text


def build_briefing(
    article: Article, *, length: Length = Length.STANDARD, sentences: int | None = None
) -> Briefing:
    """Make the extractive briefing of an article with normalised text. CPU-bound: run it off the loop."""
    text = article.text
    n_summary = sentences if sentences is not None else length.summary_sentences
    split = textmod.split_sentences(text)
    result = summarise(text, n_summary=n_summary, n_points=length.key_points, sentences=split)
    quotes = extract_quotes(text)
    words = textmod.count_words(text)
    return Briefing(
        title=article.title,
        url=article.url,
        site_name=article.site_name,
        author=article.author,
        published=article.published,
        language=article.language or textmod.detect_language(text),
        summary=tuple(result.summary),
        key_points=tuple(result.key_points),
        quotes=tuple(quotes),
        people=tuple(extract_people(text)),
        word_count=words,
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        engine=ENGINE_EXTRACTIVE,
        article_text=text,
        warnings=article.warnings,
    )


def article_from_text(
    raw: str, *, max_chars: int, title: str | None = None, url: str | None = None
) -> Article:
    """Turn pasted text into an Article, taking a headline-like first line as its title."""
    text = check_text(raw, max_chars=max_chars)
    found_title, body = textmod.split_title(text)
    if textmod.count_words(body) < MIN_ARTICLE_WORDS:
        found_title, body = None, text
    source = textmod.headline_source(text.lstrip().split("\n", 1)[0]) if found_title else None
    return Article(text=body, title=title or found_title, url=url, site_name=source)


class Briefer:
    """The one entry point from a source to a Briefing. Blocking work runs in a small thread pool."""

    def __init__(
        self, settings: Settings, *, fetcher: Fetcher | None = None, llm: LLMEngine | None = None
    ) -> None:
        self._settings = settings
        self._fetcher = fetcher
        self._llm = llm
        self._pool = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="briefer")

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def max_chars(self) -> int:
        return self._settings.max_input_chars

    async def _off_loop(self, func: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, func)

    # --- synchronous entry points (CLI batch, tests) ---------------------------------------------------
    def brief_text_sync(
        self,
        raw: str,
        *,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        title: str | None = None,
    ) -> Briefing:
        """Brief pasted text."""
        article = article_from_text(raw, max_chars=self.max_chars, title=title)
        return build_briefing(article, length=length, sentences=sentences)

    def brief_html_sync(
        self,
        html: str | bytes,
        *,
        url: str | None = None,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
    ) -> Briefing:
        """Brief an HTML page that is already at hand (no network)."""
        from bot.briefing.extract import extract_article

        if len(html) > self.max_chars * 4:
            raise InputTooLarge("That page is too large to brief.")
        article = extract_article(html, url=url)
        text = check_text(article.text, max_chars=self.max_chars)
        return build_briefing(replace(article, text=text), length=length, sentences=sentences)

    def brief_file_sync(
        self, name: str, data: bytes, *, length: Length = Length.STANDARD, sentences: int | None = None
    ) -> Briefing:
        """Brief an uploaded or local .txt, .md or .html file."""
        lowered = name.lower()
        if lowered.endswith((".html", ".htm", ".xhtml")):
            return self.brief_html_sync(data, length=length, sentences=sentences)
        return self.brief_text_sync(decode_text(data), length=length, sentences=sentences)

    # --- asynchronous entry points (the bot) ------------------------------------------------------------
    async def brief_text(
        self,
        raw: str,
        *,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        title: str | None = None,
        engine: str = ENGINE_EXTRACTIVE,
    ) -> Briefing:
        """Brief pasted text without blocking the event loop."""
        briefing = await self._off_loop(
            lambda: self.brief_text_sync(raw, length=length, sentences=sentences, title=title)
        )
        return await self._finish(briefing, engine, length)

    async def brief_file(
        self,
        name: str,
        data: bytes,
        *,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        engine: str = ENGINE_EXTRACTIVE,
    ) -> Briefing:
        """Brief a file's bytes without blocking the event loop."""
        briefing = await self._off_loop(
            lambda: self.brief_file_sync(name, data, length=length, sentences=sentences)
        )
        return await self._finish(briefing, engine, length)

    async def brief_html(
        self,
        html: str | bytes,
        *,
        url: str | None = None,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        engine: str = ENGINE_EXTRACTIVE,
    ) -> Briefing:
        """Brief given HTML without blocking the event loop."""
        briefing = await self._off_loop(
            lambda: self.brief_html_sync(html, url=url, length=length, sentences=sentences)
        )
        return await self._finish(briefing, engine, length)

    async def brief_url(
        self,
        url: str,
        *,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        engine: str = ENGINE_EXTRACTIVE,
    ) -> Briefing:
        """Fetch a link safely and brief the article it holds."""
        page = await self.fetcher.fetch(url)
        if page.is_html:
            briefing = await self._off_loop(
                lambda: self.brief_html_sync(page.text, url=page.url, length=length, sentences=sentences)
            )
        else:
            briefing = await self._off_loop(
                lambda: self.brief_text_sync(page.text, length=length, sentences=sentences)
            )
            briefing = replace(briefing, url=page.url)
        return await self._finish(briefing, engine, length)

    @property
    def fetcher(self) -> Fetcher:
        """The safe fetcher, created on first use."""
        if self._fetcher is None:
            from bot.briefing.fetch import Fetcher

            self._fetcher = Fetcher(self._settings)
        return self._fetcher

    @property
    def llm_available(self) -> bool:
        return self._llm is not None

    async def _finish(self, briefing: Briefing, engine: str, length: Length) -> Briefing:
        """Hand the extractive briefing to the LLM engine when asked; it falls back to it on any failure."""
        if engine != ENGINE_LLM:
            return briefing
        if self._llm is None:
            note = "LLM engine not configured; extractive briefing shown."
            return replace(briefing, warnings=(*briefing.warnings, note))
        return await self._llm.rewrite(briefing, length=length)

    async def aclose(self) -> None:
        """Release the HTTP session and the worker threads."""
        if self._fetcher is not None:
            await self._fetcher.close()
        if self._llm is not None:
            await self._llm.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
