"""Process pools that neither hang nor fail wherever govstats is called from, nor outlive it.

Forking a process that runs helper threads (a Jupyter kernel, a process that already ran a
notebook through jupyter_core's event-loop thread) can leave the child waiting forever on a
lock or thread that fork did not copy: that hung the dashboard build. Spawning (or a fork
server) is safe there but re-imports ``__main__``, which fails for code fed on stdin. So: fork
while the process is single-threaded (the CLI), a fork server as soon as any other thread exists.

Workers die with the process that started them (issue 22.1): a ``kill -9`` of ``govstats
ingest`` used to leave its workers running as orphans, still holding the inherited flock of
``data/processed/.lock``. Each worker asks the kernel for SIGKILL when its parent dies
(prctl PR_SET_PDEATHSIG, Linux) and also polls its parent's pid (other systems, and the window
before prctl ran); the writer's lock is closed in every forked child (govstats.store).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_POLL_SECONDS = 0.5


def _die_with_parent(parent: int) -> None:
    """Pool initializer: end this worker as soon as the process that started it is gone.

    parent is the pid the worker was started from (the CLI, or the fork server, which exits
    with the CLI); once the worker is re-parented its getppid() differs and it exits.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl (musl without it): the poll below still works
            pass
    if os.getppid() != parent:  # the parent died before prctl ran
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="govstats-parent-watch", daemon=True).start()


def process_pool(workers: int, preload: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor with a start method that is safe in the current process, whose
    workers exit when their parent dies.

    With threads present, workers come from a fork server: a clean single-threaded process
    that imports ``preload`` once, so each worker starts without re-importing them.
    """
    if threading.active_count() == 1:
        ctx = multiprocessing.get_context("fork")
        parent = os.getpid()
    else:
        ctx = multiprocessing.get_context("forkserver")
        if preload:
            ctx.set_forkserver_preload(list(preload))
        parent = 0  # the fork server's pid is known only in the worker: _init_worker reads it
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(parent,))


def _init_worker(parent: int) -> None:
    """Initializer of every pool worker (module-level so a fork server can pickle it)."""
    _die_with_parent(parent or os.getppid())
