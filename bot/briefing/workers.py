"""Worker processes that run CPU-bound briefing jobs under a budget, and are replaced when one is killed.

Each worker is a small process (the briefing core and trafilatura, no discord) that runs one job at a time.
A job gets a CPU-time budget and the worker a memory cap (``RLIMIT_AS``): past the CPU budget the worker
raises inside the job (``SIGXCPU``); a job stuck in C code past the budget plus a grace period is killed from
outside; past the memory cap an allocation fails (``MemoryError``) or the worker dies. In every case the
caller gets :class:`TooComplex` (one line for the user), and a fresh worker takes the place of a killed or
bloated one. Jobs wait for a free worker in arrival order; no lock is held while a job runs.

Threads cannot give this: a runaway regex or lxml parse in a thread cannot be stopped, and concurrent
trafilatura/lxml in threads of one process can crash it (adbar/trafilatura#840, #925).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import importlib
import json
import logging
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_threads
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from typing import Any, TypeVar

from bot.briefing.errors import BriefingError, TooComplex

log = logging.getLogger(__name__)

T = TypeVar("T")

# A job still running this long after its CPU budget (stuck in C code, or starved of CPU) is killed.
KILL_GRACE_SECONDS = 3.0
# A worker whose resident memory peaked past this during a job is replaced after it, though it shrank since:
# such a job leaves the heap fragmented and lazily loaded tables behind, and an idle worker that big beside
# one at its memory cap would take the bot past 400 MB. Real pages peak well below it (a worker starts at
# ~50 MB and the dearest of 222 dev pages adds 49 MB, a 1,000,000-character article as HTML 85 MB).
RECYCLE_PEAK_MB = 150
# Above this, a worker hands its free heap back to the OS after a job (cheap; keeps the idle pool small).
TRIM_RSS_MB = 60
# A worker that dies this soon after being handed a job was already dead (no page kills one that fast).
ALREADY_DEAD_SECONDS = 0.25
# An error in a job whose worker came this close to its memory cap counts as running out of memory.
CAP_MARGIN_BYTES = 16 * 2**20
# A job running this long is not a normal page (they take a few hundredths; 3 of the 222 dev pages take
# 0.14-1.0 s of CPU): a helper worker starts beside it at once, before anyone waits, since such a job may be
# about to kill its worker (at its memory cap, often within its first second) and a job arriving meanwhile
# would otherwise wait for a fresh worker to start (~0.2 s on an idle machine, 1-3 s on a loaded one). The
# helper stays while a job runs slow, then stops after this many seconds without work.
SLOW_JOB_SECONDS = 0.25
HELPER_IDLE_SECONDS = 10.0
# How long closing the pool waits for workers to finish before killing them.
SHUTDOWN_GRACE_SECONDS = 5.0
# How long stopping a worker waits, once its process is gone, for the thread reading its pipe to see the end;
# and how long closing the pool waits, after its grace, for workers that were starting or being replaced.
STOP_WAIT_SECONDS = 5.0

TOO_COMPLEX = (
    "That page is too complex to brief (it needs more than {budget}); paste the article's text instead."
)


@dataclass(frozen=True)
class Budget:
    """What one job may use: CPU seconds, and the worker's memory beyond its start-up size (MB; 0: no cap)."""

    cpu_seconds: float
    memory_mb: int

    def describe(self) -> str:
        parts = [f"{self.cpu_seconds:g} s of work"]
        if self.memory_mb:
            parts.append(f"{self.memory_mb} MB of memory")
        return " or ".join(parts)


def too_complex(budget: Budget) -> TooComplex:
    """The error a caller gets when a job outgrows its budget."""
    return TooComplex(TOO_COMPLEX.format(budget=budget.describe()))


# --- inside a worker process ------------------------------------------------------------------------------


class _CPUBudgetSpent(Exception):
    """Raised inside a job by the SIGXCPU handler when the job used up its CPU seconds."""


def _on_cpu_limit(signum: int, frame: object) -> None:
    raise _CPUBudgetSpent


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _set_cpu_limit(seconds: float | None) -> None:
    """Arm SIGXCPU ``seconds`` of CPU from now (None: disarm). Only the soft limit moves; hard stays open."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = resource.RLIM_INFINITY if seconds is None else math.ceil(_cpu_used() + seconds)
    if hard != resource.RLIM_INFINITY and soft != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _statm(field: int) -> int:
    """One field of /proc/self/statm in bytes (0 where there is no /proc)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[field]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _rss_mb() -> float:
    return _statm(1) / 2**20


@functools.cache
def _libc() -> Any:
    # The C library is already loaded: dlopen(NULL) finds it without ctypes.util.find_library, whose
    # ldconfig subprocess is a fork of this worker (counted at the worker's full size until it execs).
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None  # glibc only


def _malloc_trim() -> None:
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def _exit_with_parent(parent: int) -> None:
    """End this worker once its parent is gone (killed bots leave no orphans behind)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def worker_main(conn: Connection, budget: Budget, preload: Sequence[str]) -> None:
    """Serve jobs from ``conn`` one at a time until the parent closes it (a worker process's main)."""
    # Ctrl-C and a service manager's SIGTERM reach the whole process group; the bot stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(
        target=_exit_with_parent, args=(os.getppid(),), name="worker-orphan-watch", daemon=True
    ).start()
    for module in preload:  # import now, not during the first (user-facing) job
        importlib.import_module(module)
    _libc()  # looked up before the memory cap
    cap = 0
    if budget.memory_mb and _statm(0):
        cap = _statm(0) + budget.memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))
    signal.signal(signal.SIGXCPU, _on_cpu_limit)
    conn.send(("ready", os.getpid(), False))
    while True:
        try:
            func, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        reply, recycle = _run_job(func, args, kwargs, budget, cap)
        rss = _rss_mb()
        recycle = recycle or _status_bytes("VmHWM") > RECYCLE_PEAK_MB * 2**20
        try:
            conn.send((*reply, recycle))
        except (EOFError, OSError):
            return
        if recycle:
            return
        # After the reply, so the caller does not wait for it; and only when no job is waiting (in a burst the
        # next one would wait, and the worker trims when the burst is over).
        if rss > TRIM_RSS_MB and not conn.poll():
            _malloc_trim()


def serve() -> None:
    """Run a worker from its command line (the entry point of :class:`_Process`)."""
    fd, cpu_seconds, memory_mb, preload = sys.argv[2:6]
    budget = Budget(float(cpu_seconds), int(memory_mb))
    worker_main(Connection(int(fd)), budget, json.loads(preload))


def _status_bytes(field: str) -> int:
    """Read one field of /proc/self/status in bytes (0 where there is no /proc)."""
    # VmPeak: the most virtual memory this process has had mapped; VmHWM: the most it has had resident.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _run_job(
    func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], budget: Budget, cap: int
) -> tuple[tuple[str, Any], bool]:
    """Run one job under the CPU budget; return ((status, value), whether to replace this worker)."""
    try:
        _set_cpu_limit(budget.cpu_seconds)
        try:
            return ("ok", func(*args, **kwargs)), False
        finally:
            _set_cpu_limit(None)
    except BriefingError as exc:
        if cap and _status_bytes("VmPeak") >= cap - CAP_MARGIN_BYTES:
            # trafilatura swallows a MemoryError and finds "no article": the budget, not the page, decided.
            return ("budget", "memory"), True
        return ("error", exc), False
    except _CPUBudgetSpent:
        return ("budget", "cpu"), True
    except MemoryError:
        return ("budget", "memory"), True
    except RecursionError:
        return ("budget", "depth"), True
    except Exception as exc:  # noqa: BLE001 -- a bug in a job: forwarded to the caller, as a process pool does
        if cap and _status_bytes("VmPeak") >= cap - CAP_MARGIN_BYTES:
            # C libraries report a failed allocation in their own words (lxml: "XPathEvalError: unknown
            # error"); at the memory cap, that is the budget speaking, not a bug.
            return ("budget", "memory"), True
        return ("crash", f"{type(exc).__name__}: {exc}"), True


# --- in the bot -------------------------------------------------------------------------------------------


class WorkerCrashed(RuntimeError):
    """A job failed on a bug (not on its input's size): the caller's global handler logs it."""


# A worker's interpreter finds the code where this one does, then serves (see serve()).
_BOOT = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); from bot.briefing.workers import serve; serve()"
)


class _Process:
    """A worker process: a fresh interpreter that imports only the briefing core.

    Not multiprocessing's spawn, which would also re-run the bot's ``__main__`` module in every worker (its
    settings, pydantic, discord.py's imports: ~10 MB each and twice the start-up time) and keep a resource
    tracker process beside them (~13 MB). The worker talks over ``fd``, one end of a socket pair.
    """

    def __init__(self, fd: int, budget: Budget, preload: Sequence[str]) -> None:
        args = [sys.executable, "-c", _BOOT, json.dumps(sys.path), str(fd)]
        args += [repr(budget.cpu_seconds), str(budget.memory_mb), json.dumps(list(preload))]
        self._popen = subprocess.Popen(args, pass_fds=(fd,), stdin=subprocess.DEVNULL)

    @property
    def pid(self) -> int:
        return self._popen.pid

    def is_alive(self) -> bool:
        return self._popen.poll() is None

    def kill(self) -> None:
        if self.is_alive():
            self._popen.kill()

    def join(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for the process to end (and reap it)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._popen.wait(timeout)


@dataclass(eq=False)  # identity: a set holds the live workers
class _Worker:
    process: _Process
    conn: Connection
    helper: bool = False  # started for a backlog behind a slow job; retired when idle
    busy_since: float | None = None
    idle_since: float = 0.0
    # The I/O thread's send-and-read on ``conn`` (None before the first). The pipe is closed only once it is
    # done: a descriptor closed under a blocked read frees its number for the next file opened, and a read
    # that starts late would then read that file, or end in a TypeError inside multiprocessing.
    io: Future[Any] | None = None


def _roundtrip(conn: Connection, message: Any) -> Any:
    """Send a job and wait for its reply (blocking: runs on one of the pool's I/O threads)."""
    if message is not None:
        conn.send(message)
    return conn.recv()


class WorkerPool:
    """``size`` worker processes running jobs under ``budget``; jobs wait for a free worker in arrival order.

    A job that runs longer than ``slow_after`` seconds (a normal page takes a few hundredths) while no worker
    is free gets up to ``helpers`` extra workers started beside it at once, so one heavy or hostile page never
    holds up everyone else's, and when it kills its worker the helper takes its place. A helper stays while
    a job runs slow, then stops after ``helper_idle`` seconds without work. The pool thus costs one small
    process most of the time and more only while something is slow.
    """

    def __init__(
        self,
        size: int,
        budget: Budget,
        *,
        preload: Sequence[str] = (),
        helpers: int = 1,
        slow_after: float = SLOW_JOB_SECONDS,
        helper_idle: float = HELPER_IDLE_SECONDS,
    ) -> None:
        if size < 1 or helpers < 0:
            raise ValueError("a worker pool needs at least one process and no negative helpers")
        self.size = size
        self.helpers = helpers
        self.budget = budget
        self._preload = tuple(preload)
        self._slow_after = slow_after
        self._helper_idle = helper_idle
        # Each busy worker ties up one thread waiting for its reply, and a starting one more for a moment.
        most = size + helpers
        self._io = ThreadPoolExecutor(max_workers=2 * most + 2, thread_name_prefix="worker-io")
        self._free: deque[_Worker] = deque()
        self._waiters: deque[asyncio.Future[_Worker]] = deque()
        self._all: set[_Worker] = set()
        self._starting_helper: asyncio.Task[_Worker | None] | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        self._starting: asyncio.Task[None] | None = None
        self._closed = False
        self.replaced = 0  # workers replaced after a kill, a crash or growing too big (for tests, monitoring)
        self.helpers_started = 0  # helper workers started for a backlog behind a slow job

    @property
    def busy(self) -> int:
        """How many workers are running a job now (for tests and monitoring)."""
        return sum(1 for w in self._all if w.busy_since is not None)

    def pids(self) -> list[int]:
        """The pids of the live worker processes."""
        return [w.process.pid for w in list(self._all) if w.process.pid and w.process.is_alive()]

    async def start(self) -> None:
        """Start the workers and wait until each has imported the core or failed to (idempotent).

        Callers at the same moment share one start. Workers that fail to start are started again in the
        background, and the others serve meanwhile; only when none starts does this raise (RuntimeError),
        and the next call tries again.
        """
        if self._starting is None:
            # A background task, so that close() waits for a start it interrupts (each spawn stops its own
            # process) and a caller giving up does not cancel the start others wait for.
            self._starting = self._background(self._start())
        starting = self._starting
        try:
            await asyncio.shield(starting)
        except RuntimeError:
            if self._starting is starting:
                self._starting = None  # nothing started: the next caller tries again
            raise

    async def _start(self) -> None:
        results = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        for worker in results:
            if isinstance(worker, _Worker):
                self._release(worker)  # whatever became of the others
        if self._closed:
            raise RuntimeError("the worker pool closed while it started")
        if len(failed) == len(results):
            raise RuntimeError("no briefing worker process could start") from failed[0]
        for error in failed:
            log.error("a briefing worker process failed to start; starting another", exc_info=error)
            self._background(self._start_fresh())

    async def _start_fresh(self) -> None:
        """Start a worker and hand it to the line (logged, not raised, when it cannot start)."""
        try:
            fresh = await self._spawn()  # raises if the pool closed meanwhile (close() stops the worker)
        except RuntimeError:
            if not self._closed:
                log.exception("could not start a briefing worker")
            return
        self._release(fresh)

    async def _spawn(self, *, helper: bool = False) -> _Worker:
        parent_end, child_end = Pipe()
        loop = asyncio.get_running_loop()
        try:
            process = await loop.run_in_executor(
                self._io, _Process, child_end.fileno(), self.budget, self._preload
            )
        except (OSError, RuntimeError) as exc:  # RuntimeError: the pool closed (its threads are gone)
            parent_end.close()
            raise RuntimeError("a briefing worker process failed to start") from exc
        finally:
            child_end.close()
        worker = _Worker(process, parent_end, helper=helper)
        if self._closed:  # closed while it launched: close() never saw it, so stop it here
            await asyncio.to_thread(_discard, worker)
            raise RuntimeError("the worker pool closed while a worker started")
        # From here the worker is in the set, and whoever takes it out (close(), or this method when the start
        # fails) stops it, no one else: two threads stopping one worker at once race on its pipe and process.
        self._all.add(worker)
        try:
            await self._talk(worker, None)  # "ready"
        except (EOFError, OSError) as exc:
            if worker in self._all:  # else close() took it, and stops it
                self._all.discard(worker)
                await asyncio.to_thread(_discard, worker)
            raise RuntimeError("a briefing worker process failed to start") from exc
        if self._closed:  # closed while it started: close() took it, and stops it
            raise RuntimeError("the worker pool closed while a worker started")
        return worker

    def _talk(self, worker: _Worker, message: Any) -> asyncio.Future[Any]:
        """Send ``message`` (None: nothing) to a worker and read its answer on an I/O thread."""
        worker.io = self._io.submit(_roundtrip, worker.conn, message)
        return asyncio.wrap_future(worker.io)

    def _replace_soon(self, worker: _Worker) -> None:
        """Replace a spent or dead worker in the background: its caller gets the answer without waiting."""
        if self._closed:  # closing the pool stops every worker it has, this one included
            return
        self.replaced += 1
        self._background(self._replace(worker))

    def _background(self, job: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        task = asyncio.ensure_future(job)
        self._tasks.add(task)  # keep a reference until it is done (the loop holds only a weak one)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _replace(self, worker: _Worker) -> None:
        """Drop a spent or dead worker; start a fresh one in its place (a helper is not replaced).

        The old process is reaped before anything starts: a worker at its memory cap and a fresh one never
        run side by side. A helper running or starting already becomes the replacement (no third process).
        """
        if self._closed:  # closed since: the pool stopped this worker with the others
            return
        self._all.discard(worker)  # taken out of the set: this task, not close(), stops it
        await asyncio.to_thread(_discard, worker)
        if self._closed or worker.helper:
            return
        helper = next((w for w in self._all if w.helper), None)
        if helper is None and self._starting_helper is not None:
            helper = await asyncio.shield(self._starting_helper)
        if helper is not None and helper in self._all:
            helper.helper = False
            return
        await self._start_fresh()

    # --- the line of jobs waiting for a worker -----------------------------------------------------------

    async def _acquire(self) -> _Worker:
        """Take a free worker, or wait for one in arrival order."""
        if self._closed:  # a job retried after its worker died as the pool closed: nothing will come
            raise RuntimeError("the worker pool is closed")
        while self._free:
            worker = self._free.popleft()
            if worker.process.is_alive():
                return worker
            self._replace_soon(worker)  # died while idle (killed by an admin or the OOM killer)
        waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        self._maybe_add_helper()
        try:
            worker = await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._release(waiter.result())  # handed a worker just as the caller gave up: pass it on
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)
            raise
        if not worker.process.is_alive():
            self._replace_soon(worker)
            return await self._acquire()
        return worker

    def _release(self, worker: _Worker) -> None:
        """Hand a free worker to the first job in line, or keep it (a helper retires when left idle)."""
        worker.busy_since = None
        if self._closed:  # close() took every worker and stops them; the line was told
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        worker.idle_since = time.monotonic()
        self._free.append(worker)
        if worker.helper:
            asyncio.get_running_loop().call_later(self._helper_idle, self._retire_if_idle, worker)

    def _retire_if_idle(self, worker: _Worker) -> None:
        idle = time.monotonic() - worker.idle_since
        if self._closed or not worker.helper or worker not in self._free or idle < self._helper_idle * 0.99:
            return
        if self._slow_job_runs():  # still the spare beside it: look again later
            asyncio.get_running_loop().call_later(self._helper_idle, self._retire_if_idle, worker)
            return
        self._free.remove(worker)
        self._all.discard(worker)
        self._background(asyncio.to_thread(_discard, worker))  # close() waits for it

    def _slow_job_runs(self) -> bool:
        """Whether a job has been running for longer than slow_after."""
        now = time.monotonic()
        return any(w.busy_since is not None and now - w.busy_since >= self._slow_after for w in self._all)

    def _maybe_add_helper(self) -> None:
        """Start a helper worker while a job runs slow and no worker is free.

        At once, whether or not a job waits yet: a slow job is often one that is about to kill its worker
        (at its memory cap), and the helper, ready by then, serves the jobs behind it and takes its place.
        """
        if self._closed or any(w.process.is_alive() for w in self._free):
            return
        helpers = sum(1 for w in self._all if w.helper) + (self._starting_helper is not None)
        if helpers >= self.helpers or not self._slow_job_runs():
            return
        self.helpers_started += 1
        log.info("a briefing runs slow: starting a helper worker beside it")
        self._starting_helper = self._background(self._start_helper())

    async def _start_helper(self) -> _Worker | None:
        """Start a helper and hand it to the line; return it (None if it could not start)."""
        try:
            worker = await self._spawn(helper=True)  # raises if the pool closed meanwhile
        except RuntimeError:
            if not self._closed:  # closing the pool stops a helper that is starting: nothing went wrong
                log.exception("could not start a helper briefing worker")
            return None
        finally:
            self._starting_helper = None
        self._release(worker)
        return worker

    # --- running a job -----------------------------------------------------------------------------------

    async def run(self, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``func(*args, **kwargs)`` in a worker under the budget; raise TooComplex past it."""
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        await self.start()
        worker = await self._acquire()
        status, value = await self._send(worker, (func, args, kwargs))
        if status == "died" and value < ALREADY_DEAD_SECONDS:
            # The worker was gone before it could start (killed while idle, an instant before the job
            # reached it): the job is innocent, so it goes to the fresh worker.
            worker = await self._acquire()
            status, value = await self._send(worker, (func, args, kwargs))
        if status == "ok":
            return value  # type: ignore[no-any-return]
        if status == "error":
            raise value
        if status == "crash":
            raise WorkerCrashed(f"briefing job failed in a worker: {value}")
        # Over the budget, or the worker died during the job. Not retried: a worker dies mid-job almost
        # always because of the job (a C library crashing at the memory cap), and a retry would make
        # everyone wait behind the same page twice.
        if status == "died":
            log.warning("a briefing worker died %.1f s into a job; told the user it is too complex", value)
        else:
            log.warning("briefing job over its budget (%s); told the user it is too complex", value)
        raise too_complex(self.budget)

    async def _send(self, worker: _Worker, job: Any) -> tuple[str, Any]:
        """Run one job on ``worker``; hand the worker on, or replace it when it is spent or dead."""
        loop = asyncio.get_running_loop()
        started = worker.busy_since = time.monotonic()
        reply = self._talk(worker, job)
        # Once this job counts as slow, a helper starts beside it (unless a worker is free).
        slow_check = loop.call_later(self._slow_after, self._maybe_add_helper)
        try:
            status, value, recycle = await asyncio.wait_for(
                reply, self.budget.cpu_seconds + KILL_GRACE_SECONDS
            )
        except TimeoutError:
            self._replace_soon(worker)  # killing it ends the waiting thread (EOF)
            return "budget", "wall clock"
        except (EOFError, OSError):
            self._replace_soon(worker)
            return "died", time.monotonic() - started
        except asyncio.CancelledError:
            # The caller gave up (shutdown, its deadline): the worker is busy with a job nobody wants;
            # replace it rather than wait.
            self._replace_soon(worker)
            raise
        finally:
            slow_check.cancel()
        if recycle:
            self._replace_soon(worker)
        else:
            self._release(worker)
        return status, value

    async def close(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Stop the workers: close their pipes (they exit), wait ``grace`` seconds, kill what remains."""
        if self._closed:
            return
        self._closed = True
        for waiter in self._waiters:
            waiter.cancel()
        workers = list(self._all)  # this method stops these; a worker out of the set is stopped by its task
        self._all.clear()
        self._free.clear()
        await asyncio.to_thread(_stop_all, workers, grace)
        if self._tasks:  # starts and replacements under way see the pool closed and stop their own worker
            _, pending = await asyncio.wait(list(self._tasks), timeout=STOP_WAIT_SECONDS)
            if pending:
                log.warning("%d briefing worker task(s) still running after the pool closed", len(pending))
        self._io.shutdown(wait=False, cancel_futures=True)


def _hang_up(worker: _Worker) -> None:
    """Tell a worker that no job follows: it reads the end after its job, and exits.

    A shutdown of our end for writing, not a close: a thread may be reading the worker's reply, and a
    close would free the descriptor under it (see :attr:`_Worker.io`).
    """
    with contextlib.suppress(OSError):  # the worker is gone already
        sock = socket.socket(fileno=worker.conn.fileno())
        try:
            sock.shutdown(socket.SHUT_WR)
        finally:
            sock.detach()  # the descriptor stays the pipe's


def _close_pipe(worker: _Worker) -> None:
    """Close our end of a worker's pipe once no thread reads it (its process is gone, so the read ends)."""
    if worker.io is not None:
        _, reading = wait_for_threads([worker.io], timeout=STOP_WAIT_SECONDS)
        if reading:  # never seen: something else holds the worker's end; leave ours open rather than race
            log.warning("a briefing worker's pipe is still read after it stopped; leaving it open")
            return
    worker.conn.close()


def _discard(worker: _Worker) -> None:
    """Kill (if needed) and reap a worker, then close its pipe (blocking for a moment: runs on a thread)."""
    worker.process.kill()
    worker.process.join(0.5)  # reap it (no zombie); a killed process exits at once
    _close_pipe(worker)


def _stop_all(workers: list[_Worker], grace: float) -> None:
    """Hang up on the workers (they exit after their job), wait up to ``grace`` s, kill the rest, reap all."""
    for worker in workers:
        _hang_up(worker)
    deadline = time.monotonic() + grace
    for worker in workers:
        worker.process.join(max(0.0, deadline - time.monotonic()))
        if worker.process.is_alive():
            log.warning("a briefing worker did not stop within %g s; killing it", grace)
            worker.process.kill()
            worker.process.join(1.0)
    for worker in workers:
        _close_pipe(worker)
