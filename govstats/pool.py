"""Process pools that neither hang nor fail wherever govstats is called from, nor outlive it.

Forking a process that runs helper threads (a Jupyter kernel, a process that already ran a
notebook through jupyter_core's event-loop thread) can leave the child waiting forever on a
lock or thread that fork did not copy: that hung the dashboard build. Spawning (or a fork
server) is safe there but re-imports ``__main__``, which fails for code fed on stdin. So: fork
while the process is single-threaded (the CLI), a fork server as soon as any other thread exists.

Workers die with the process that started them (issue 22.1): a ``kill -9`` of ``govstats
ingest`` used to leave its workers running as orphans, still holding the inherited flock of
``data/processed/.lock``. Each worker asks the kernel for SIGKILL when its parent dies
(prctl PR_SET_PDEATHSIG, Linux) and also waits on its owner's multiprocessing sentinel; the
writer's lock is closed in every forked child (govstats.store).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent() -> None:
    """Pool initializer: end this worker as soon as the process that owns the pool is gone.

    Two ways, because each misses a case: the kernel's PR_SET_PDEATHSIG (Linux) sends SIGKILL
    when the worker's parent dies, which works even if the worker is stuck in C code but only
    for fork-started workers (a fork server's worker has the fork server as parent, and the fork
    server lives as long as any worker holds its "alive" pipe). A thread also waits on the
    multiprocessing parent sentinel, a pipe the pool's owner holds, which reads EOF when the
    owner dies, whichever start method made the worker.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl: the sentinel below still works
            pass
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([parent.sentinel])  # returns when the owner has exited (EOF on its pipe)
        os._exit(1)

    threading.Thread(target=watch, name="govstats-parent-watch", daemon=True).start()


def process_pool(workers: int, preload: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor with a start method that is safe in the current process, whose
    workers exit when their owner dies (see _die_with_parent).

    With threads present, workers come from a fork server: a clean single-threaded process
    that imports ``preload`` once, so each worker starts without re-importing them.
    """
    if threading.active_count() == 1:
        ctx = multiprocessing.get_context("fork")
    else:
        ctx = multiprocessing.get_context("forkserver")
        if preload:
            ctx.set_forkserver_preload(list(preload))
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_die_with_parent)
