"""Worker processes: same briefings as threads, errors cross the boundary, budgets, recovery, shutdown."""

from __future__ import annotations

import asyncio
import os
import pickle
import re
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import psutil
import pytest

from bot.briefing import errors
from bot.briefing.errors import BriefingError, HttpError, NotArticle, TooComplex
from bot.briefing.pipeline import Briefer
from bot.briefing.sources import Source
from bot.briefing.workers import KILL_GRACE_SECONDS, RECYCLE_PEAK_MB, Budget, WorkerCrashed, WorkerPool
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


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def page(url: str = "https://news.example/bridge") -> Source:
    """The fictional bridge page as an HTML source."""
    return Source("html", PAGE, url=url)


@pytest.fixture
async def pooled() -> AsyncIterator[Briefer]:
    """A Briefer with one worker process, started."""
    briefer = Briefer(_settings(), processes=1)
    await briefer.start()
    try:
        yield briefer
    finally:
        await briefer.aclose()


def _live_workers(briefer: Briefer) -> list[int]:
    """The worker pids (at least one)."""
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
        expected = await threaded.brief(page())
    finally:
        await threaded.aclose()
    got = await pooled.brief(page())
    assert got == expected
    assert "bridge" in (got.title or "")
    assert os.getpid() not in _live_workers(pooled)


async def test_expected_failure_in_worker_reaches_caller(pooled: Briefer) -> None:
    """A BriefingError raised in a worker reaches the caller as the same class and user message."""
    empty = "<html><head><title>x</title></head><body><nav>Home</nav></body></html>"
    with pytest.raises(NotArticle) as info:
        await pooled.brief(Source("html", empty, url="https://news.example/empty"))
    assert info.value.kind == "not_article"
    assert "paste the text" in info.value.user_message


async def test_killed_worker_is_replaced(pooled: Briefer) -> None:
    """After an idle worker is killed, the next briefings succeed on a fresh worker."""
    await pooled.brief(page("https://news.example/first"))
    (pid,) = _live_workers(pooled)
    os.kill(pid, signal.SIGKILL)
    results = await asyncio.gather(*(pooled.brief(page(f"https://news.example/{i}")) for i in range(3)))
    assert all(b.title for b in results)
    assert pid not in _live_workers(pooled)


async def test_close_stops_worker_processes() -> None:
    """Closing the Briefer ends its worker processes (no orphans or zombies left)."""
    briefer = Briefer(_settings(), processes=2)
    await briefer.brief(page())
    pids = _live_workers(briefer)
    assert len(pids) == 2
    await briefer.aclose()
    await briefer.aclose()  # idempotent
    for pid in pids:
        assert not psutil.pid_exists(pid)  # exited and reaped: neither running nor a zombie
    assert briefer.worker_pids() == []


async def test_default_briefer_starts_no_processes() -> None:
    """Without processes the Briefer starts none: the CLI's default Briefer never pays for them."""
    plain = Briefer(_settings(processes=0))
    try:
        text = " ".join(["The council of Lowmoor voted on Tuesday to rebuild the old bridge."] * 5)
        briefing = await plain.brief(Source("text", text))
        assert briefing.word_count > 25
        assert plain.processes == 0
        assert plain.worker_pids() == []
    finally:
        await plain.aclose()


# --- the budget: jobs that run away are stopped, the user told, the worker replaced -----------------------


def spin(seconds: float) -> str:
    """Burn CPU in Python for ``seconds`` (a job that runs away in interpreted code)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return "done"


def spin_in_c() -> bool:
    """Burn CPU inside one regex call (a runaway that Python signal handlers cannot interrupt)."""
    return re.match(r"(a+)+$", "a" * 40 + "!") is not None


def hoard(megabytes: int) -> int:
    """Allocate ``megabytes`` of memory and keep it until the job ends."""
    blocks = [bytearray(2**20) for _ in range(megabytes)]
    return len(blocks)


def hoard_then_fail_in_own_words(megabytes: int) -> int:
    """Run out of memory and report it as a C library does: in its own words, not as MemoryError."""
    try:
        return hoard(megabytes)
    except MemoryError:
        raise ValueError("unknown error") from None


def hoard_then_find_nothing(megabytes: int) -> int:
    """Run out of memory and answer "no article", as trafilatura does when it swallows a MemoryError."""
    try:
        return hoard(megabytes)
    except MemoryError:
        raise NotArticle("briefbot couldn't find an article on that page.") from None


def fail_on_a_bug() -> None:
    """Raise an unexpected error, as a bug in a job would."""
    raise KeyError("oops")


@pytest.fixture
async def tight_pool() -> AsyncIterator[WorkerPool]:
    """A one-worker pool with a 1 s CPU budget and 100 MB of memory, started."""
    pool = WorkerPool(1, Budget(cpu_seconds=1.0, memory_mb=100))
    await pool.start()
    try:
        yield pool
    finally:
        await pool.close()


async def test_job_over_its_cpu_budget_is_too_complex(tight_pool: WorkerPool) -> None:
    """A job that spins past its CPU seconds ends with TooComplex; the next job runs on a fresh worker."""
    (first,) = tight_pool.pids()
    with pytest.raises(TooComplex, match="too complex to brief"):
        await tight_pool.run(spin, 30.0)
    assert await tight_pool.run(spin, 0.01) == "done"
    assert tight_pool.pids() != [first]


async def test_job_stuck_in_c_code_is_killed(tight_pool: WorkerPool) -> None:
    """A job stuck inside one C call past its budget and the grace period is killed: TooComplex."""
    with pytest.raises(TooComplex):
        await tight_pool.run(spin_in_c)
    assert tight_pool.replaced == 1
    assert await tight_pool.run(spin, 0.01) == "done"


async def test_job_over_its_memory_cap_is_too_complex(tight_pool: WorkerPool) -> None:
    """A job that allocates past the memory cap ends with TooComplex; a small one then succeeds."""
    with pytest.raises(TooComplex, match="100 MB"):
        await tight_pool.run(hoard, 400)
    assert await tight_pool.run(hoard, 10) == 10


async def test_failure_at_the_memory_cap_counts_as_too_complex(tight_pool: WorkerPool) -> None:
    """An error raised at the memory cap (a library's own words for a failed allocation) is TooComplex."""
    with pytest.raises(TooComplex, match="100 MB"):
        await tight_pool.run(hoard_then_fail_in_own_words, 400)
    assert await tight_pool.run(hoard, 10) == 10


async def test_worker_that_peaked_high_is_replaced_after_its_job() -> None:
    """A job that peaks past RECYCLE_PEAK_MB succeeds, then its worker is replaced; small jobs keep theirs."""
    pool = WorkerPool(1, Budget(cpu_seconds=10.0, memory_mb=0))
    await pool.start()
    try:
        assert await pool.run(hoard, 10) == 10
        assert pool.replaced == 0
        assert await pool.run(hoard, RECYCLE_PEAK_MB + 20) == RECYCLE_PEAK_MB + 20
        assert pool.replaced == 1
        assert await pool.run(hoard, 10) == 10
        assert pool.replaced == 1
    finally:
        await pool.close()


async def test_no_article_at_the_memory_cap_counts_as_too_complex(tight_pool: WorkerPool) -> None:
    """A "no article" answer from a job that hit the memory cap is TooComplex, not a wrong "no article"."""
    with pytest.raises(TooComplex):
        await tight_pool.run(hoard_then_find_nothing, 400)


async def test_bug_in_a_job_is_raised_not_hidden(tight_pool: WorkerPool) -> None:
    """An unexpected error in a job reaches the caller as WorkerCrashed naming it."""
    with pytest.raises(WorkerCrashed, match="KeyError"):
        await tight_pool.run(fail_on_a_bug)
    assert await tight_pool.run(spin, 0.01) == "done"


async def test_other_jobs_keep_flowing_while_one_runs_away() -> None:
    """With one worker, short jobs behind a runaway one get a helper and finish before it is stopped."""
    pool = WorkerPool(1, Budget(cpu_seconds=3.0, memory_mb=0), slow_after=0.2, helper_idle=0.3)
    await pool.start()
    try:
        runaway = asyncio.ensure_future(pool.run(spin, 60.0))
        await asyncio.sleep(0.05)  # the runaway job has the only worker
        quick = [await pool.run(spin, 0.01) for _ in range(5)]
        assert quick == ["done"] * 5
        assert not runaway.done()
        assert pool.helpers_started == 1
        assert len(pool.pids()) == 2
        with pytest.raises(TooComplex):
            await runaway
        for _ in range(50):  # the idle helper retires; the pool is back to its one worker
            if len(pool.pids()) == 1:
                break
            await asyncio.sleep(0.1)
        assert len(pool.pids()) == 1
    finally:
        await pool.close()


async def test_a_slow_job_gets_a_helper_before_anyone_waits() -> None:
    """A job past slow_after gets a helper at once, kept while it runs though idle; a later job uses it."""
    pool = WorkerPool(1, Budget(cpu_seconds=4.0, memory_mb=0), slow_after=0.2, helper_idle=0.3)
    await pool.start()
    try:
        (first,) = pool.pids()
        runaway = asyncio.ensure_future(pool.run(spin, 60.0))
        for _ in range(500):  # no other job yet: the helper starts for the slow job alone
            if pool.helpers_started:
                break
            await asyncio.sleep(0.02)
        assert pool.helpers_started == 1
        await asyncio.sleep(1.0)  # the helper is idle for longer than helper_idle, beside the slow job
        (helper,) = set(pool.pids()) - {first}
        assert await pool.run(spin, 0.01) == "done"
        assert not runaway.done()
        assert set(pool.pids()) == {first, helper}
        with pytest.raises(TooComplex):
            await runaway
        for _ in range(250):  # the runaway's worker is reaped; the helper takes its place
            if pool.pids() == [helper]:
                break
            await asyncio.sleep(0.02)
        assert pool.pids() == [helper]
        assert await pool.run(spin, 0.01) == "done"
        assert pool.helpers_started == 1
    finally:
        await pool.close()


async def test_a_burst_of_quick_jobs_needs_no_helper() -> None:
    """Many short jobs at once wait their turn on the one worker without starting a helper."""
    pool = WorkerPool(1, Budget(cpu_seconds=5.0, memory_mb=0), slow_after=2.0)
    await pool.start()
    try:
        assert await asyncio.gather(*(pool.run(spin, 0.005) for _ in range(20))) == ["done"] * 20
        assert pool.helpers_started == 0
    finally:
        await pool.close()


async def test_a_helper_takes_the_place_of_a_worker_stopped_by_the_budget() -> None:
    """When the runaway job's worker is stopped, the helper started beside it stays as the one worker."""
    # The runaway is stopped at the latest its CPU budget plus the kill grace after it began, so a helper
    # idle for longer is still there to be promoted (with a shorter idle it retires first, and a fresh
    # worker takes the place: the promotion would go untested).
    budget = Budget(cpu_seconds=1.0, memory_mb=0)
    helper_idle = budget.cpu_seconds + KILL_GRACE_SECONDS + 1.0
    pool = WorkerPool(1, budget, slow_after=0.2, helper_idle=helper_idle)
    await pool.start()
    try:
        (first,) = pool.pids()
        runaway = asyncio.ensure_future(pool.run(spin, 60.0))
        await asyncio.sleep(0.05)
        assert await pool.run(spin, 0.01) == "done"  # served by the helper
        released = time.monotonic()
        (helper,) = set(pool.pids()) - {first}
        with pytest.raises(TooComplex):
            await runaway
        await asyncio.sleep(helper_idle + 0.5 - (time.monotonic() - released))  # past helper_idle
        assert pool.pids() == [helper]  # promoted, and not retired when its idle time came
        assert pool.helpers_started == 1
        assert await pool.run(spin, 0.01) == "done"
        assert pool.pids() == [helper]
    finally:
        await pool.close()


async def test_closing_while_a_helper_starts_logs_no_error(caplog: pytest.LogCaptureFixture) -> None:
    """Closing the pool while a helper worker is still starting stops it quietly: no error, no traceback."""
    before = _children()
    pool = WorkerPool(1, Budget(cpu_seconds=5.0, memory_mb=0), slow_after=0.1)
    await pool.start()
    runaway = asyncio.ensure_future(pool.run(spin, 60.0))
    await asyncio.sleep(0.05)  # the runaway job has the only worker
    waiting = asyncio.ensure_future(pool.run(spin, 0.01))
    for _ in range(100):  # until the helper is being started (it takes a new interpreter a while)
        if pool.helpers_started:
            break
        await asyncio.sleep(0.02)
    assert pool.helpers_started == 1
    await pool.close(grace=0.5)
    assert not _children_since(before)  # the helper, started or still starting, was stopped by close()
    await asyncio.gather(runaway, waiting, return_exceptions=True)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def _children_since(before: set[int]) -> list[psutil.Process]:
    """This process's children (running or zombie) not among the pids in ``before``."""
    return [child for child in psutil.Process().children() if child.pid not in before]


def _children() -> set[int]:
    """The pids of this process's children now."""
    return {child.pid for child in psutil.Process().children()}


def mark_then_sleep(marker: str, seconds: float) -> str:
    """Create the file ``marker`` (the job has reached the worker), then sleep ``seconds``."""
    with open(marker, "w", encoding="ascii"):
        pass
    time.sleep(seconds)
    return "slept"


async def test_job_that_answers_while_the_pool_closes_gets_its_answer(tmp_path: Path) -> None:
    """A job a worker is running when the pool closes gets its answer within the grace; nothing is left."""
    before = _children()
    pool = WorkerPool(1, Budget(cpu_seconds=5.0, memory_mb=0))
    await pool.start()
    marker = tmp_path / "started"
    job = asyncio.ensure_future(pool.run(mark_then_sleep, str(marker), 0.3))
    for _ in range(500):  # until the worker has the job (its read of the reply is under way)
        if marker.exists():
            break
        await asyncio.sleep(0.02)
    assert marker.exists()
    await pool.close(grace=30.0)
    assert await job == "slept"
    assert not _children_since(before)


@pytest.mark.parametrize("turns", [0, 1, 2, 3, 5, 8])
async def test_job_sent_as_the_pool_closes_ends_cleanly(turns: int, caplog: pytest.LogCaptureFixture) -> None:
    """A job meeting close() early on gets its answer or "pool closed", never a hang or a TypeError."""
    before = _children()
    pool = WorkerPool(1, Budget(cpu_seconds=5.0, memory_mb=0))
    await pool.start()
    job = asyncio.ensure_future(pool.run(spin, 0.01))
    for _ in range(turns):
        await asyncio.sleep(0)
    await pool.close()
    (outcome,) = await asyncio.gather(asyncio.wait_for(job, 60.0), return_exceptions=True)
    if outcome != "done":
        assert isinstance(outcome, RuntimeError)
        assert "closed" in str(outcome)
    assert not _children_since(before)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


@pytest.mark.parametrize("turns", [0, 1, 2, 5, 20])
async def test_closing_while_the_pool_starts_leaves_no_process(turns: int) -> None:
    """Closing the pool while its workers are launching or importing stops every one of them."""
    before = _children()
    pool = WorkerPool(2, Budget(cpu_seconds=5.0, memory_mb=0))
    starting = asyncio.ensure_future(pool.start())
    for _ in range(turns):
        await asyncio.sleep(0.01)
    await pool.close(grace=0.5)
    assert not _children_since(before)
    (outcome,) = await asyncio.gather(starting, return_exceptions=True)
    assert outcome is None or isinstance(outcome, RuntimeError)


# --- workers that fail to start ---------------------------------------------------------------------------

# Preloaded by the workers below; it reads these variables (the test process never imports it: it would exit).
FAILING_START = ("tests.briefing.worker_start_failure",)
FAIL_FIRST = "WORKER_START_FAILURE_FIRST"
FAIL_ALL = "WORKER_START_FAILURE_ALL"


async def test_pool_serves_when_one_worker_fails_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """One of two workers dying during start-up is logged and started again; the other serves meanwhile."""
    before = _children()
    monkeypatch.setenv(FAIL_FIRST, str(tmp_path / "failed-once"))
    pool = WorkerPool(2, Budget(cpu_seconds=5.0, memory_mb=0), preload=FAILING_START)
    try:
        await pool.start()
        assert (tmp_path / "failed-once").exists()
        assert "failed to start" in caplog.text
        jobs = [asyncio.wait_for(pool.run(spin, 0.01), 60.0) for _ in range(4)]
        assert await asyncio.gather(*jobs) == ["done"] * 4
        for _ in range(500):  # the worker started in place of the failed one joins the pool
            if len(pool.pids()) == 2:
                break
            await asyncio.sleep(0.02)
        assert len(pool.pids()) == 2
    finally:
        await pool.close()
    assert not _children_since(before)


async def test_pool_whose_workers_all_fail_to_start_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    """When no worker starts, start() and every job raise RuntimeError (no hang); nothing is left running."""
    before = _children()
    monkeypatch.setenv(FAIL_ALL, "1")
    pool = WorkerPool(2, Budget(cpu_seconds=5.0, memory_mb=0), preload=FAILING_START)
    try:
        with pytest.raises(RuntimeError, match="could start"):
            await pool.start()
        outcomes = await asyncio.gather(
            *(asyncio.wait_for(pool.run(spin, 0.01), 60.0) for _ in range(3)), return_exceptions=True
        )
        assert all(isinstance(o, RuntimeError) and "could start" in str(o) for o in outcomes)
    finally:
        await pool.close()
    assert not _children_since(before)
