"""Briefer with worker processes: same briefings as threads, errors cross the boundary, recovery, shutdown."""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
from collections.abc import AsyncIterator

import psutil
import pytest

from bot.briefing import errors
from bot.briefing.errors import BriefingError, HttpError, NotArticle
from bot.briefing.pipeline import Briefer
from bot.settings import Settings

PAGE = """<!doctype html><html lang="en"><head><title>Lowmoor votes on its old bridge</title>
<meta name="author" content="Elena Brandt"></head><body><article>
<h1>Lowmoor votes to rebuild its old bridge</h1>
<p>The council of Lowmoor voted on Tuesday to spend 40 million on the old stone bridge over the Tiel.</p>
<p>Engineers said the work would take three years and close two of the four lanes at a time.</p>
<p>"We have waited long enough for this," said Tomas Lindqvist, who chairs the works committee.</p>
<p>Shop owners near the river fear that the closures will keep visitors away from the old town.</p>
<p>"Half of my customers cross that bridge every morning," said Ines Okafor, who runs a bakery.</p>
<p>The regional government will pay most of the cost, according to a statement published at night.</p>
</article></body></html>"""

ALL_ERRORS = [
    cls
    for cls in vars(errors).values()
    if isinstance(cls, type) and issubclass(cls, BriefingError) and cls is not HttpError
]


def _settings() -> Settings:
    return Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.fixture
async def pooled() -> AsyncIterator[Briefer]:
    briefer = Briefer(_settings(), processes=1)
    try:
        yield briefer
    finally:
        await briefer.aclose()


def _live_workers(briefer: Briefer) -> list[int]:
    """The worker pids (after a briefing, so that at least one worker has started)."""
    pids = briefer.worker_pids()
    assert pids
    return pids


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.__name__)
def test_briefing_errors_pickle_with_message_and_kind(cls: type[BriefingError]) -> None:
    """Every BriefingError subclass survives pickling with its class, user_message and kind."""
    error = cls("Paste the text instead.")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is cls
    assert back.user_message == error.user_message
    assert back.user_message.startswith("Paste the text instead.")  # walls add the ways round
    assert back.kind == cls.kind


def test_http_error_pickles_with_status() -> None:
    """HttpError keeps its status code across pickling."""
    back = pickle.loads(pickle.dumps(HttpError("The site answered 404.", status=404)))
    assert (type(back), back.user_message, back.kind, back.status) == (
        HttpError,
        "The site answered 404.",
        "http_error",
        404,
    )


async def test_process_briefing_equals_thread_briefing(pooled: Briefer) -> None:
    """A page briefed in a worker process gives the same briefing as the thread path."""
    threaded = Briefer(_settings())
    try:
        expected = await threaded.brief_html(PAGE, url="https://news.example/bridge")
    finally:
        await threaded.aclose()
    got = await pooled.brief_html(PAGE, url="https://news.example/bridge")
    assert got == expected
    assert "bridge" in (got.title or "")
    assert _live_workers(pooled)
    assert os.getpid() not in pooled.worker_pids()


async def test_expected_failure_in_worker_reaches_caller(pooled: Briefer) -> None:
    """A BriefingError raised in a worker reaches the caller as the same class and user message."""
    empty = "<html><head><title>x</title></head><body><nav>Home</nav></body></html>"
    with pytest.raises(NotArticle) as info:
        await pooled.brief_html(empty, url="https://news.example/empty")
    assert info.value.kind == "not_article"
    assert "paste the text" in info.value.user_message


async def test_killed_worker_is_replaced(pooled: Briefer) -> None:
    """After a worker is killed, the next briefings succeed on fresh workers."""
    await pooled.brief_html(PAGE, url="https://news.example/first")
    (pid,) = _live_workers(pooled)
    os.kill(pid, signal.SIGKILL)
    results = await asyncio.gather(
        *(pooled.brief_html(PAGE, url=f"https://news.example/{i}") for i in range(3))
    )
    assert all(b.title for b in results)
    new = _live_workers(pooled)
    assert pid not in new


async def test_close_stops_worker_processes() -> None:
    """Closing the Briefer ends its worker processes (no orphans or zombies left)."""
    briefer = Briefer(_settings(), processes=1)
    await briefer.brief_html(PAGE, url="https://news.example/bridge")
    pids = _live_workers(briefer)
    await briefer.aclose()
    await briefer.aclose()  # idempotent
    for pid in pids:
        assert not psutil.pid_exists(pid)  # exited and reaped: neither running nor a zombie
    assert briefer.worker_pids() == []


async def test_default_briefer_starts_no_processes() -> None:
    """Without processes the Briefer starts none: the CLI's default Briefer never pays for them."""
    plain = Briefer(_settings())
    try:
        text = " ".join(["The council of Lowmoor voted on Tuesday to rebuild the old bridge."] * 5)
        briefing = await plain.brief_text(text)
        assert briefing.word_count > 25
        assert plain.processes == 0
        assert plain.worker_pids() == []
    finally:
        await plain.aclose()
