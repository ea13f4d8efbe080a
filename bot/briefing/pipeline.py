"""Briefer: any source (text, HTML, URL) -> Briefing. Orchestration only; the work lives in other modules."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import multiprocessing
import os
import signal
import threading
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from bot.briefing import text as textmod
from bot.briefing.errors import BinaryInput, EmptyInput, InputTooLarge, NotArticle, Walled
from bot.briefing.models import Article, Briefing, Engine, Length
from bot.briefing.people import People
from bot.briefing.quotes import extract_quotes
from bot.briefing.summarise import summarise

if TYPE_CHECKING:
    from bot.briefing.fetch import Fetcher
    from bot.briefing.llm import LLMEngine
    from bot.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")

WORDS_PER_MINUTE = 230
MIN_ARTICLE_WORDS = 25

# Pasted text shorter than this is briefed on a thread: a round trip to a worker process costs more.
PROCESS_MIN_CHARS = 4_000
# How long closing the Briefer waits for worker processes to finish before killing them.
SHUTDOWN_GRACE_SECONDS = 5.0
# Modules a worker process needs, imported before the first briefing instead of during it.
WORKER_PRELOAD = ["bot.briefing.pipeline", "bot.briefing.extract"]


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
    people = People.from_text(text)  # one pass over the names serves quotes and the people list
    quotes = extract_quotes(text, people=people)
    # Key points tell what the quotes do not: none restates a quotation (the card shows those as quotes).
    spans = [part for q in quotes for part in (q.parts or ((q.start, q.end),))]
    result = summarise(text, n_summary=n_summary, n_points=length.key_points, sentences=split, avoid=spans)
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
    if textmod.count_words(body) < MIN_ARTICLE_WORDS:
        found_title, body = None, text
    source = textmod.headline_source(text.lstrip().split("\n", 1)[0]) if found_title else None
    return Article(text=body, title=title or found_title, url=url, site_name=source)


def brief_text_job(
    raw: str, *, max_chars: int, length: Length, sentences: int | None, title: str | None
) -> Briefing:
    """Brief pasted text (CPU-bound; module-level so that a worker process can run it)."""
    article = article_from_text(raw, max_chars=max_chars, title=title)
    return build_briefing(article, length=length, sentences=sentences)


def brief_html_job(
    html: str | bytes, *, max_chars: int, url: str | None, length: Length, sentences: int | None
) -> Briefing:
    """Brief an HTML page (CPU-bound; module-level so that a worker process can run it)."""
    from bot.briefing.extract import extract_article

    if len(html) > max_chars * 4:
        raise InputTooLarge("That page is too large to brief.")
    article = extract_article(html, url=url)
    text = check_text(article.text, max_chars=max_chars)
    return build_briefing(replace(article, text=text), length=length, sentences=sentences)


def brief_file_job(
    name: str, data: bytes, *, max_chars: int, length: Length, sentences: int | None
) -> Briefing:
    """Brief a .txt, .md or .html file's bytes (CPU-bound; module-level for worker processes)."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return brief_html_job(data, max_chars=max_chars, url=None, length=length, sentences=sentences)
    return brief_text_job(
        decode_text(data), max_chars=max_chars, length=length, sentences=sentences, title=None
    )


# --- worker processes -------------------------------------------------------------------------------------


def _init_worker() -> None:
    """Prepare a worker process: the bot owns its lifetime, so signals meant for the bot leave it alone."""
    # Ctrl-C and a service manager's SIGTERM reach the whole process group; the bot then finishes the
    # briefings in progress and stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid()
    threading.Thread(
        target=_exit_with_parent, args=(parent,), name="briefer-orphan-watch", daemon=True
    ).start()


def _exit_with_parent(parent: int) -> None:
    """End this worker once its parent is gone (killed bots leave no orphans behind)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _ready() -> int:
    """Return the worker's pid (a no-op job that makes the pool start its processes)."""
    return os.getpid()


def _process_context() -> multiprocessing.context.BaseContext:
    """Forkserver where available (workers fork from one process that preloaded the core), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(WORKER_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


class Briefer:
    """The one entry point from a source to a Briefing.

    CPU-bound work (extraction, summarising) runs in a small thread pool, or with ``processes > 0`` in that
    many worker processes, which use every core (threads share one, because of the GIL). The bot takes the
    count from BRIEFBOT_PROCESSES (default 0: threads, the least memory); the CLI always uses threads, so
    briefing one article does not pay for starting workers.
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
        self._pool = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="briefer")
        self._processes = processes
        self._process_pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._closed = False
        if processes > 0:
            self._process_pool = self._start_processes()

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def max_chars(self) -> int:
        return self._settings.max_input_chars

    @property
    def processes(self) -> int:
        """Worker processes used for CPU-bound work (0: threads only)."""
        return self._processes

    def worker_pids(self) -> list[int]:
        """The pids of the live worker processes (for monitoring and tests)."""
        pool = self._process_pool
        procs = getattr(pool, "_processes", None) or {}  # no public API lists a pool's processes
        return [pid for pid, proc in list(procs.items()) if proc.is_alive()]

    def _start_processes(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=self._processes, mp_context=_process_context(), initializer=_init_worker
        )
        for _ in range(self._processes):  # start the workers now, not on the first (user-facing) briefing
            pool.submit(_ready)
        return pool

    def _replace_broken(self, broken: ProcessPoolExecutor) -> None:
        """Swap a broken process pool (a worker was killed) for a fresh one, once per breakage."""
        with self._pool_lock:
            if self._closed or self._process_pool is not broken:
                return
            log.warning("a briefing worker process died; starting new workers")
            self._process_pool = self._start_processes()
        broken.shutdown(wait=False, cancel_futures=True)

    async def _off_loop(self, func: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, func)

    async def _cpu(self, job: Callable[[], Briefing], *, light: bool = False) -> Briefing:
        """Run a module-level briefing job in a worker process (or on a thread when light or no processes)."""
        if light or self._process_pool is None:
            return await self._off_loop(job)
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            pool = self._process_pool
            if pool is None or self._closed:
                return await self._off_loop(job)
            try:
                return await loop.run_in_executor(pool, job)
            except BrokenProcessPool:
                self._replace_broken(pool)
                # One retry on fresh workers: the job may have been innocent (a worker killed by the OOM
                # killer or an admin); a job that kills its worker twice fails for its caller only.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

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
        return brief_text_job(raw, max_chars=self.max_chars, length=length, sentences=sentences, title=title)

    def brief_html_sync(
        self,
        html: str | bytes,
        *,
        url: str | None = None,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
    ) -> Briefing:
        """Brief an HTML page that is already at hand (no network)."""
        return brief_html_job(html, max_chars=self.max_chars, url=url, length=length, sentences=sentences)

    def brief_file_sync(
        self, name: str, data: bytes, *, length: Length = Length.STANDARD, sentences: int | None = None
    ) -> Briefing:
        """Brief an uploaded or local .txt, .md or .html file."""
        return brief_file_job(name, data, max_chars=self.max_chars, length=length, sentences=sentences)

    # --- asynchronous entry points (the bot) ------------------------------------------------------------
    async def brief_text(
        self,
        raw: str,
        *,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        title: str | None = None,
        engine: Engine = Engine.EXTRACTIVE,
    ) -> Briefing:
        """Brief pasted text without blocking the event loop."""
        job = partial(
            brief_text_job, raw, max_chars=self.max_chars, length=length, sentences=sentences, title=title
        )
        briefing = await self._cpu(job, light=len(raw) < PROCESS_MIN_CHARS)
        return await self._finish(briefing, engine, length)

    async def brief_file(
        self,
        name: str,
        data: bytes,
        *,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        engine: Engine = Engine.EXTRACTIVE,
    ) -> Briefing:
        """Brief a file's bytes without blocking the event loop."""
        job = partial(
            brief_file_job, name, data, max_chars=self.max_chars, length=length, sentences=sentences
        )
        briefing = await self._cpu(job, light=len(data) < PROCESS_MIN_CHARS)
        return await self._finish(briefing, engine, length)

    async def brief_html(
        self,
        html: str | bytes,
        *,
        url: str | None = None,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        engine: Engine = Engine.EXTRACTIVE,
    ) -> Briefing:
        """Brief given HTML without blocking the event loop."""
        job = partial(
            brief_html_job, html, max_chars=self.max_chars, url=url, length=length, sentences=sentences
        )
        briefing = await self._cpu(job)
        return await self._finish(briefing, engine, length)

    async def brief_url(
        self,
        url: str,
        *,
        length: Length = Length.STANDARD,
        sentences: int | None = None,
        engine: Engine = Engine.EXTRACTIVE,
    ) -> Briefing:
        """Fetch a link safely and brief the article it holds.

        A page that shows only a paywall or a consent notice is refused with its archived copy offered.
        """
        try:
            return await self._brief_fetched(url, length=length, sentences=sentences, engine=engine)
        except Walled as exc:
            from bot.briefing.fetch import canonical_url  # fetch (aiohttp) loads only where links are fetched

            raise exc.at(canonical_url(url)) from None

    async def _brief_fetched(
        self, url: str, *, length: Length, sentences: int | None, engine: Engine
    ) -> Briefing:
        page = await self.fetcher.fetch(url)
        if page.is_html:
            job = partial(
                brief_html_job,
                page.text,
                max_chars=self.max_chars,
                url=page.url,
                length=length,
                sentences=sentences,
            )
            briefing = await self._cpu(job)
        else:
            job = partial(
                brief_text_job,
                page.text,
                max_chars=self.max_chars,
                length=length,
                sentences=sentences,
                title=None,
            )
            briefing = await self._cpu(job, light=len(page.text) < PROCESS_MIN_CHARS)
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

    async def _finish(self, briefing: Briefing, engine: Engine, length: Length) -> Briefing:
        """Hand the extractive briefing to the LLM engine when asked; it falls back to it on any failure."""
        if engine != Engine.LLM:
            return briefing
        if self._llm is None:
            note = "LLM engine not configured; extractive briefing shown."
            return replace(briefing, warnings=(*briefing.warnings, note))
        return await self._llm.rewrite(briefing, length=length)

    async def aclose(self) -> None:
        """Release the HTTP session, the worker threads and the worker processes (idempotent)."""
        if self._fetcher is not None:
            await self._fetcher.close()
        if self._llm is not None:
            await self._llm.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._pool_lock:
            self._closed = True
            pool, self._process_pool = self._process_pool, None
        if pool is not None:
            await self._stop_processes(pool)

    @staticmethod
    async def _stop_processes(pool: ProcessPoolExecutor) -> None:
        """Let the workers finish their briefings and exit; kill any that outlast the grace period."""
        procs = list((getattr(pool, "_processes", None) or {}).values())
        try:
            await asyncio.wait_for(
                asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True), SHUTDOWN_GRACE_SECONDS
            )
        except TimeoutError:
            log.warning("briefing workers did not stop within %.0f s; killing them", SHUTDOWN_GRACE_SECONDS)
            for proc in procs:
                with contextlib.suppress(ProcessLookupError, ValueError):
                    proc.kill()
            for proc in procs:
                await asyncio.to_thread(proc.join, 1.0)
