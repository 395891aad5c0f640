"""The kernel manager govstats runs notebooks with.

Kernels talk over local IPC sockets instead of TCP on localhost: ipykernel 7 warns on every
start that TCP traffic is unencrypted, and a batch of dashboards would print that warning
once per notebook. IPC sockets live next to the kernel's connection file in the Jupyter
runtime folder and are only reachable by the same user.
"""

from __future__ import annotations

from typing import Any

from jupyter_client.manager import KernelManager

# Dotted path for papermill's / nbclient's kernel_manager_class option.
KERNEL_MANAGER = "govstats.kernel.IPCKernelManager"


class IPCKernelManager(KernelManager):
    """A KernelManager whose kernels use the ipc transport."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("transport", "ipc")
        super().__init__(*args, **kwargs)
