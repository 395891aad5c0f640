"""The kernel manager govstats runs notebooks with.

Kernels talk over local IPC sockets instead of TCP on localhost: ipykernel 7 warns on every
start that TCP traffic is unencrypted, and a batch of dashboards would print that warning
once per notebook. Each kernel gets its own private folder for its sockets: jupyter_client's
default IPC path is "kernel-ipc" in the current folder, so two kernels started at once (the
2-process dashboard pool) would pick the same socket names and read each other's messages.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from jupyter_client.manager import KernelManager

# Dotted path for papermill's / nbclient's kernel_manager_class option.
KERNEL_MANAGER = "govstats.report.kernel.IPCKernelManager"


class IPCKernelManager(KernelManager):
    """A KernelManager whose kernel uses the ipc transport in a private temporary folder."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("transport", "ipc")
        self._ipc_dir: str | None = None
        if kwargs["transport"] == "ipc" and "ip" not in kwargs:
            self._ipc_dir = tempfile.mkdtemp(prefix="govstats-kernel-")  # mode 0700: this user only
            kwargs["ip"] = os.path.join(self._ipc_dir, "ipc")
        super().__init__(*args, **kwargs)

    def cleanup_resources(self, restart: bool = False) -> None:
        super().cleanup_resources(restart=restart)
        if not restart and self._ipc_dir:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)
