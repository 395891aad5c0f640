"""Warm kernels: run many parameterized notebooks in one kernel instead of one kernel each.

A fresh Papermill run costs ~1.2-1.5 s before the first cell does any work (kernel start,
pandas/pyarrow imports); the cells of a dashboard take ~0.1 s. A :class:`WarmKernel` keeps
one kernel per worker and, for each page:

1. injects the parameters exactly as Papermill does (``papermill.parameterize``: the same
   ``injected-parameters`` cell after the ``parameters`` cell),
2. runs the cells with nbclient against the running kernel,
3. resets the user namespace (``%reset -f``; imported modules and their caches stay warm),

and a page that fails (a cell error, a dead kernel, a timeout) restarts the kernel and runs
that page once more in the fresh kernel: state left by an earlier page can never be the cause
of a reported failure, and the next page gets a clean kernel.

    with WarmKernel(cwd=data_dir) as k:
        nb = k.run(NOTEBOOK, {"region": "咸阳市", "quarter": "2025Q1", ...})
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from govstats.errors import GovstatsError

__all__ = ["WarmKernel", "load_notebook", "parameterize"]

#: nbformat cell id of the injected parameters cell: Papermill gives it a random id, which
#: would differ in every rendered page; a fixed id keeps warm and fresh pages identical.
INJECTED_ID = "injected-parameters"


@functools.lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> str:
    """The notebook as Papermill reads it (upgraded, tags and papermill metadata on every cell), as JSON."""
    import nbformat
    from papermill.iorw import load_notebook_node

    return nbformat.writes(load_notebook_node(path))


def load_notebook(path: str | Path) -> Any:
    """A fresh notebook node of the file at path, read as Papermill reads it.

    Parsed from cached JSON (no validation: it was validated when first read), which is
    cheaper than copy.deepcopy of a NotebookNode (~10 ms of every page).
    """
    import json

    import nbformat
    from nbformat.v4.rwbase import rejoin_lines

    p = Path(path)
    return rejoin_lines(nbformat.from_dict(json.loads(_read(str(p), p.stat().st_mtime))))


def parameterize(nb: Any, parameters: dict[str, Any]) -> Any:
    """The notebook with Papermill's injected-parameters cell (Papermill's own function)."""
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = INJECTED_ID
    return nb


class WarmKernel:
    """One long-lived ipykernel (IPC transport) that runs notebooks one after the other."""

    def __init__(self, cwd: str | Path | None = None, timeout: int = 300, startup_timeout: int = 60) -> None:
        self.cwd = str(cwd) if cwd else None
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.km: Any = None
        self.kc: Any = None
        self.pages = 0  # notebooks run since the kernel (re)started
        self.restarts = 0

    # -- lifecycle
    def start(self) -> WarmKernel:
        """Start the kernel and its client (idempotent)."""
        if self.km is not None:
            return self
        from govstats.report.kernel import IPCKernelManager

        km = IPCKernelManager(kernel_name="python3")
        # as nbclient does for every kernel it starts: IPython history in memory, not in the
        # user's history.sqlite (a write per cell, and a lock shared by every kernel)
        km.start_kernel(cwd=self.cwd, extra_arguments=["--HistoryManager.hist_file=:memory:"])
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=self.startup_timeout)
        except Exception:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            raise
        kc.allow_stdin = False
        self.km, self.kc, self.pages = km, kc, 0
        return self

    def close(self) -> None:
        """Stop the client and the kernel now (no graceful shutdown: nothing is left to save)."""
        kc, km, self.kc, self.km = self.kc, self.km, None, None
        if kc is not None:
            kc.stop_channels()
        if km is not None and km.has_kernel:
            km.shutdown_kernel(now=True)
        if km is not None:
            km.cleanup_resources()

    def restart(self) -> None:
        """A brand-new kernel process (after a failure)."""
        self.close()
        self.restarts += 1
        self.start()

    def __enter__(self) -> WarmKernel:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- work
    def execute(self, nb: Any) -> Any:
        """Run every code cell of nb in the running kernel; returns nb with its outputs."""
        from nbclient import NotebookClient

        self.start()
        client = NotebookClient(nb, km=self.km, kernel_name="python3", timeout=self.timeout,
                                allow_errors=False, resources={"metadata": {"path": self.cwd}} if self.cwd else {})
        client.kc = self.kc
        client.execute(cleanup_kc=False)
        self.pages += 1
        return nb

    def reset(self) -> None:
        """Empty the user namespace (%reset -f): the next page sees no variable of this one.

        After the first page the objects left (modules, their caches) are moved out of the
        collector's reach with gc.freeze(): %reset -f runs a full gc.collect(), which would
        otherwise walk pandas, pyarrow and plotly's objects after every page (~0.1 s). This
        is the kernel's own process, owned by this class, not a library call in someone's session.
        """
        code = "%reset -f" if self.pages > 1 else "%reset -f\nimport gc\ngc.freeze()\ndel gc"
        reply = self.kc.execute_interactive(code, store_history=False, silent=True, timeout=self.timeout,
                                            output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            raise GovstatsError(f"kernel reset failed: {reply['content'].get('evalue')}")

    def run(self, notebook: str | Path, parameters: dict[str, Any]) -> Any:
        """Parameterize, execute, reset; on failure restart the kernel and run this page once more."""
        try:
            nb = self.execute(parameterize(load_notebook(notebook), parameters))
            self.reset()
            return nb
        except Exception:  # any failure: the kernel may be dirty or dead
            self.restart()
        try:
            nb = self.execute(parameterize(load_notebook(notebook), parameters))
            self.reset()
            return nb
        except Exception as exc:
            self.restart()  # the next page starts clean whatever happened here
            raise GovstatsError(f"notebook {Path(notebook).name} failed: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    """One line: the cell's exception name and value, or the client error."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
