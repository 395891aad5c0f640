"""Legacy Word/WPS/ET files (.doc, .wps, .et): converted by LibreOffice headless, then read.

LibreOffice runs only when `soffice` is on PATH, in a throwaway profile and output folder,
with a time limit; without it the error says how to convert by hand.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import RawBulletin, read_bytes, sha256_of
from govstats.readers.limits import CONVERT_TIMEOUT


def soffice() -> str | None:
    """Path of LibreOffice's soffice (or libreoffice) on PATH, else None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_seconds() -> float:
    """How long one conversion may take: CONVERT_TIMEOUT, cut to fit inside the caller's pending
    SIGALRM timer (ingest's per-file limit) with a margin, so the conversion's own timeout fires
    first and ends LibreOffice with a clear reason (issue 22.3: 120 s never fit in 60 s)."""
    left = signal.getitimer(signal.ITIMER_REAL)[0] if hasattr(signal, "getitimer") else 0.0
    if left <= 0:
        return float(CONVERT_TIMEOUT)
    return max(1.0, min(float(CONVERT_TIMEOUT), left - min(5.0, left / 4)))


# sh as the leader of soffice's process group: on SIGTERM it SIGKILLs the whole group (itself included)
_SUPERVISOR = 'trap "kill -KILL 0" TERM; "$@" & wait $!'


def _supervised(cmd: list[str]) -> list[str]:
    """cmd under a supervisor that ends LibreOffice when this process dies, even by SIGKILL.

    A killed ingest worker (its parent killed with kill -9: govstats.pool) cannot clean up, and
    soffice runs in its own session. util-linux's setpriv gives the supervising sh a parent-death
    signal (SIGTERM), on which it kills the group. Without setpriv (not Linux) cmd runs as is.
    """
    setpriv = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    if setpriv is None:
        return cmd
    return [setpriv, "--pdeathsig", "TERM", "--", "/bin/sh", "-c", _SUPERVISOR, "govstats-soffice", *cmd]


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL soffice's whole process group (the launcher and soffice.bin), then reap the launcher.

    soffice runs in its own session (start_new_session), so its pgid is the launcher's pid.
    """
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:  # every process of the group has exited
        pass
    proc.wait()


def read_legacy(path: Path) -> RawBulletin:
    """Convert a .doc/.wps/.et file with LibreOffice headless and read the result."""
    from govstats.readers import format_of_suffix, read_file

    fmt = format_of_suffix(path.suffix)  # the reader table says what LibreOffice converts each suffix to
    target = fmt.converts_to if fmt is not None else None
    if target is None:
        raise BulletinError(path, f"{path.suffix} files are not bulletins govstats can read")
    data = read_bytes(path)  # size and readability limits before starting LibreOffice
    exe = soffice()
    if exe is None:
        raise BulletinError(
            path, f"{path.suffix} needs LibreOffice to convert it and soffice is not on PATH: install LibreOffice, "
                  f"or save the file as .{target} (soffice --headless --convert-to {target} FILE) and read that"
        )
    with tempfile.TemporaryDirectory(prefix="govstats-convert-") as tmp:
        src = Path(tmp) / f"in{path.suffix.lower()}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        cmd = _supervised([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                           "--convert-to", target, "--outdir", str(out), str(src)])
        try:
            # its own session, so a timeout ends soffice.bin too, not only the launcher script
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            raise BulletinError(path, f"cannot run LibreOffice ({exc.strerror or exc})") from None
        seconds = convert_seconds()
        try:
            rc = proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            raise BulletinError(path, f"LibreOffice did not convert the file within {seconds:.0f} s") from None
        finally:  # also when the caller's per-file alarm (ingest's FileTimeout) interrupts the wait
            _kill_group(proc)
        converted = out / f"in.{target}"
        if rc != 0 or not converted.exists():
            raise BulletinError(path, f"LibreOffice could not convert this {path.suffix} file (not a valid document?)")
        raw = read_file(converted)
    return RawBulletin(path=str(path), format=path.suffix.lower().lstrip("."), text=raw.text, grids=raw.grids,
                       title_hint=raw.title_hint, sha256=sha256_of(data))


def run_soffice(args: list[str], workdir: Path, timeout: float, env: dict[str, str] | None = None) -> int:
    """Run soffice headless with args in a throwaway profile under workdir; its return code.

    Own session, so the time limit ends soffice.bin too, not only the launcher script; TimeoutError
    after killing the group. env: variables added to the environment (FONTCONFIG_FILE for the draft).
    Used by `govstats draft --pdf` (govstats.draft.render.docx_to_pdf).
    """
    exe = soffice()
    if exe is None:
        raise OSError("soffice is not on PATH")
    cmd = [exe, f"-env:UserInstallation=file://{workdir}/profile", "--headless", "--norestore", *args]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env={**os.environ, **env} if env else None)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise TimeoutError(f"soffice did not finish within {timeout} s") from None
