"""Briefer: any source (text, HTML, URL) -> Briefing. Orchestration only; the work lives in other modules."""

from __future__ import annotations

import asyncio
import logging
import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from bot.briefing import text as textmod
from bot.briefing.errors import BadSource, BinaryInput, EmptyInput, InputTooLarge, NotArticle, Walled
from bot.briefing.models import Article, Briefing, Engine, Length
from bot.briefing.people import People
from bot.briefing.quotes import extract_quotes
from bot.briefing.sources import Source, SourceKind, is_html_file
from bot.briefing.summarise import MAX_SENTENCES, summarise
from bot.briefing.workers import Budget, WorkerPool

if TYPE_CHECKING:
    from bot.briefing.fetch import Fetcher
    from bot.briefing.llm import LLMEngine
    from bot.settings import Settings

log = logging.getLogger(__name__)

WORDS_PER_MINUTE = 230
MIN_ARTICLE_WORDS = 25

# Pasted text shorter than this is briefed on a thread: a round trip to a worker process costs more.
PROCESS_MIN_CHARS = 4_000
# Modules a worker process needs, imported before the first briefing instead of during it.
WORKER_PRELOAD = ("bot.briefing.pipeline", "bot.briefing.extract")
# When the answer is due at a deadline, the LLM must finish this long before it (to send the answer).
ANSWER_RESERVE_SECONDS = 1.0
# Input limits are set in characters; bytes (files, pages, stdin) may hold up to 4 per character (UTF-8).
BYTES_PER_CHAR = 4


# Control, surrogate and private-use characters (Unicode categories Cc, Cs, Co) other than tab and line ends:
# binary data decoded as text is full of them. A character class counts them in C, not per character.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)


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
    controls = len(_CONTROL_RE.findall(sample))
    if controls > max(8, len(sample) // 20):
        raise BinaryInput("That looks like binary data, not text. Paste the article's text or send a link.")
    text = textmod.normalise(raw)
    if textmod.has_words(text, MIN_ARTICLE_WORDS):
        return text
    words = textmod.count_words(text)
    raise NotArticle(
        f"That is too short to brief ({words} words). Paste the whole article or send a link to it."
    )


def build_briefing(
    article: Article, *, length: Length = Length.STANDARD, sentences: int | None = None
) -> Briefing:
    """Make the extractive briefing of an article with normalised text. CPU-bound: run it off the loop."""
    text = article.text
    n_summary = sentences if sentences is not None else length.summary_sentences
    split = textmod.split_sentences(text, limit=MAX_SENTENCES)  # the summariser ranks no more than these
    detected = textmod.detect_language(text)  # once, for the quotes' and the summary's word lists
    people = People.from_text(text)  # one pass over the names serves quotes and the people list
    quotes = extract_quotes(text, people=people, language=detected)
    # Key points tell what the quotes do not: none restates a quotation (the card shows those as quotes).
    spans = [part for q in quotes for part in (q.parts or ((q.start, q.end),))]
    result = summarise(
        text,
        n_summary=n_summary,
        n_points=length.key_points,
        sentences=split,
        avoid=spans,
        language=detected,
    )
    words = textmod.count_words(text)
    return Briefing(
        title=article.title,
        url=article.url,
        site_name=article.site_name,
        author=article.author,
        published=article.published,
        language=article.language or detected,
        summary=tuple(result.summary),
        key_points=tuple(result.key_points),
        quotes=tuple(quotes),
        people=tuple(people.names),
        word_count=words,
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        engine=Engine.EXTRACTIVE.value,
        article_text=text,
        warnings=article.warnings,
    )


def article_from_text(
    raw: str, *, max_chars: int, title: str | None = None, url: str | None = None
) -> Article:
    """Turn pasted text into an Article, taking a headline-like first line as its title."""
    text = check_text(raw, max_chars=max_chars)
    found_title, body = textmod.split_title(text)
    if not textmod.has_words(body, MIN_ARTICLE_WORDS):
        found_title, body = None, text
    source = textmod.headline_source(text.lstrip().split("\n", 1)[0]) if found_title else None
    return Article(text=body, title=title or found_title, url=url, site_name=source)


def brief_source(
    source: Source, *, max_chars: int, length: Length = Length.STANDARD, sentences: int | None = None
) -> Briefing:
    """Brief text, HTML or a file's bytes at hand (no network). CPU-bound: a worker process runs it."""
    if source.kind == "file":
        if is_html_file(source.value):
            source = Source("html", "", data=source.data)
        else:
            source = Source("text", decode_text(source.data))
    if source.kind == "html":
        from bot.briefing.extract import extract_article  # workers preload it; the bot process never does

        html: str | bytes = source.data or source.value
        if len(html) > input_byte_limit(max_chars):
            raise InputTooLarge("That page is too large to brief.")
        article = extract_article(html, url=source.url)
        text = check_text(article.text, max_chars=max_chars)
        return build_briefing(replace(article, text=text), length=length, sentences=sentences)
    if source.kind == "text":
        article = article_from_text(source.value, max_chars=max_chars, url=source.url)
        return build_briefing(article, length=length, sentences=sentences)
    raise BadSource("A link must be fetched before it is briefed.")  # the Briefer fetches URLs first


def input_byte_limit(max_chars: int) -> int:
    """The most bytes read for ``max_chars`` characters (files, pages, stdin): UTF-8 takes up to 4 a char."""
    return max_chars * BYTES_PER_CHAR


class Briefer:
    """The one entry point from a source (text, HTML, a file or a URL) to a Briefing: :meth:`brief`.

    CPU-bound work runs in ``processes`` worker processes under a per-briefing budget (CPU seconds and
    memory, see bot.briefing.workers); past it the caller gets TooComplex. With ``processes=0`` (the CLI)
    it runs on a thread instead, without a budget. Short pasted text always runs on a thread: a round trip
    to a worker costs more than briefing it.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        fetcher: Fetcher | None = None,
        llm: LLMEngine | None = None,
        processes: int = 0,
    ) -> None:
        self._settings = settings
        self._fetcher = fetcher
        self._llm = llm
        self._threads = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="briefer")
        self._workers: WorkerPool | None = None
        if processes > 0:
            budget = Budget(settings.briefing_cpu_seconds, settings.briefing_memory_mb)
            self._workers = WorkerPool(processes, budget, preload=WORKER_PRELOAD)

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def max_chars(self) -> int:
        return self._settings.max_input_chars

    @property
    def max_bytes(self) -> int:
        """The most bytes of a file, page or stdin the Briefer reads."""
        return input_byte_limit(self._settings.max_input_chars)

    @property
    def processes(self) -> int:
        """Worker processes used for CPU-bound work (0: threads only)."""
        return 0 if self._workers is None else self._workers.size

    @property
    def worker_stats(self) -> tuple[int, int]:
        """Workers running a job now, and helper workers started so far (for monitoring and tests)."""
        return (0, 0) if self._workers is None else (self._workers.busy, self._workers.helpers_started)

    def worker_pids(self) -> list[int]:
        """The pids of the live worker processes (for monitoring and tests)."""
        return [] if self._workers is None else self._workers.pids()

    async def start(self) -> None:
        """Start the worker processes now rather than on the first (user-facing) briefing."""
        if self._workers is not None:
            await self._workers.start()

    async def brief(
        self,
        source: Source,
        *,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        engine: Engine = Engine.EXTRACTIVE,
        deadline: float | None = None,
    ) -> Briefing:
        """Brief a source: fetch a link safely, then extract and summarise off the event loop.

        A page that shows only a paywall or a consent notice is refused with its archived copy offered.
        ``deadline`` (the event loop's clock) is when the answer is due: the LLM gets only the time left
        before it, and the extractive briefing is returned when too little is left.
        """
        if source.kind != "url":
            return await self._brief_at_hand(
                source, length=length, sentences=sentences, engine=engine, deadline=deadline
            )
        try:
            page = await self.fetcher.fetch(source.value)  # HTTP 402 is a paywall too
            kind: SourceKind = "html" if page.is_html else "text"
            return await self._brief_at_hand(
                Source(kind, page.text, url=page.url),
                length=length,
                sentences=sentences,
                engine=engine,
                deadline=deadline,
            )
        except Walled as exc:
            from bot.briefing.fetch import canonical_url  # fetch (aiohttp) loads only where links are fetched

            raise exc.at(canonical_url(source.value)) from None

    async def _brief_at_hand(
        self,
        source: Source,
        *,
        length: Length,
        sentences: int | None,
        engine: Engine,
        deadline: float | None = None,
    ) -> Briefing:
        if len(source.data) > self.max_bytes:
            raise InputTooLarge(
                f"That file is too large to brief (over {self.max_bytes // 1_000_000 or 1} MB)."
            )
        job = partial(brief_source, source, max_chars=self.max_chars, length=length, sentences=sentences)
        light = source.kind == "text" and len(source.value) < PROCESS_MIN_CHARS
        if self._workers is None or light:
            briefing = await asyncio.get_running_loop().run_in_executor(self._threads, job)
        else:
            briefing = await self._workers.run(job)
        return await self._finish(briefing, engine, length, deadline)

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

    async def _finish(
        self, briefing: Briefing, engine: Engine, length: Length, deadline: float | None
    ) -> Briefing:
        """Hand the extractive briefing to the LLM engine when asked; it falls back to it on any failure."""
        if engine != Engine.LLM:
            return briefing
        if self._llm is None:
            note = "LLM engine not configured; extractive briefing shown."
            return replace(briefing, warnings=(*briefing.warnings, note))
        time_left = None
        if deadline is not None:
            time_left = deadline - asyncio.get_running_loop().time() - ANSWER_RESERVE_SECONDS
        return await self._llm.rewrite(briefing, length=length, time_left=time_left)

    async def aclose(self) -> None:
        """Release the HTTP session, the worker threads and the worker processes (idempotent)."""
        if self._fetcher is not None:
            await self._fetcher.close()
        if self._llm is not None:
            await self._llm.close()
        self._threads.shutdown(wait=False, cancel_futures=True)
        if self._workers is not None:
            await self._workers.close()
