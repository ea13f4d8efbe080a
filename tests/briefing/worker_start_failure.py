"""Preloaded by test workers to fail their start: all of them, or only the first (see test_pipeline_pool)."""

from __future__ import annotations

import os

# A file path: the first worker to create it exits before it is ready; the others start normally.
FAIL_FIRST = "WORKER_START_FAILURE_FIRST"
# Any value: every worker exits before it is ready.
FAIL_ALL = "WORKER_START_FAILURE_ALL"


def _fail_if_asked() -> None:
    """Exit this worker process during its start when the test asked for it."""
    if os.environ.get(FAIL_ALL):
        os._exit(3)
    marker = os.environ.get(FAIL_FIRST)
    if not marker:
        return
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.close(fd)
    os._exit(3)


_fail_if_asked()
