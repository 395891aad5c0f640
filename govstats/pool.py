"""Process pools that neither hang nor fail wherever govstats is called from.

Forking a process that runs helper threads (a Jupyter kernel, a process that already ran a
notebook through jupyter_core's event-loop thread) can leave the child waiting forever on a
lock or thread that fork did not copy: that hung the dashboard build. Spawning (or a fork
server) is safe there but re-imports ``__main__``, which fails for code fed on stdin. So: fork
while the process is single-threaded (the CLI), a fork server as soon as any other thread exists.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor


def process_pool(workers: int, preload: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor with a start method that is safe in the current process.

    With threads present, workers come from a fork server: a clean single-threaded process
    that imports ``preload`` once, so each worker starts without re-importing them.
    """
    if threading.active_count() == 1:
        ctx = multiprocessing.get_context("fork")
    else:
        ctx = multiprocessing.get_context("forkserver")
        if preload:
            ctx.set_forkserver_preload(list(preload))
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
