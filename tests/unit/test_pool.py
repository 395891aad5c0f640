"""Pool workers die with their parent and never keep the writer's lock (issue 22.1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    """True while pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    end = time.monotonic() + seconds
    while time.monotonic() < end and any(_alive(p) for p in pids):
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


def _run_and_kill(code: str, sig: int, *args: str) -> list[int]:
    """Run code in a fresh interpreter; it prints its worker pids and waits: kill it with sig.
    Returns the pids it printed."""
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    try:
        line = proc.stdout.readline()
        pids = [int(x) for x in line.split()]
        assert pids, line
        proc.send_signal(sig)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    return pids


POOL_CODE = """
    import os, sys, threading, time
    from govstats.pool import process_pool
    if sys.argv[1:] == ["threads"]:  # another thread: the pool's workers come from a fork server
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    pool = process_pool(2)
    pids = set(pool.submit(os.getpid).result() for _ in range(20))
    print(*sorted(pids), flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("start", ["fork", "threads"])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.timeout(90)
def test_workers_die_with_a_killed_parent(sig, start):
    pids = _run_and_kill(POOL_CODE, sig, start)
    left = _wait_gone(pids, 5)
    for p in left:  # never leave them behind, whatever the assertion says
        os.kill(p, signal.SIGKILL)
    assert left == [], f"workers {left} outlived their parent killed with {signal.Signals(sig).name}"


@pytest.mark.timeout(90)
def test_forked_child_does_not_keep_the_writers_lock(tmp_path):
    """A writer forks a child (what a fork-started pool worker is) and is killed: the child's
    inherited copy of the lock fd was closed at fork, so the lock dies with the writer."""
    code = f"""
    import os, sys, time
    from pathlib import Path
    from govstats.store import _lock
    with _lock(Path({str(tmp_path)!r})):
        r, w = os.pipe()
        child = os.fork()
        if child == 0:  # fork copied the fd table; the at-fork hook has run by the time this line does
            os.write(w, b"x")
            time.sleep(60)
            os._exit(0)
        os.read(r, 1)  # the child is running (under load it may not be scheduled for a while)
        print(child, flush=True)
        time.sleep(60)
    """
    (child,) = _run_and_kill(code, signal.SIGKILL)
    try:
        assert _alive(child)  # the orphan is still there, as after a kill -9 of ingest...
        from govstats.store import _lock

        with _lock(tmp_path):  # ...and the lock is free all the same
            pass
    finally:
        os.kill(child, signal.SIGKILL)
