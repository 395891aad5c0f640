"""Fixture make_run: a monitoring run folder from assess_runs.write_run (healthy defaults, tables overridable)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from assess_runs import write_run


@pytest.fixture
def make_run(tmp_path: Path) -> Callable[..., Path]:
    n = iter(range(1000))

    def make(**tables: Any) -> Path:
        return write_run(tmp_path / f"run{next(n)}", **tables)

    return make
