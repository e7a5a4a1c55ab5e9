"""Who may open a store folder: one writer, or any number of readers, never both.

Oxigraph's own lock keeps out a second writer but not readers, and a reader
opened beside a writer can lose the files that the writer's compaction deletes
("IO error: No such file", "MANIFEST may be corrupted"). So every process that
opens an embedded store also takes an advisory ``flock`` on ``akg.lock`` in the
folder: exclusive to write (``akg build``, ``akg remove``, ``akg serve
--allow-updates``), shared to read (``akg query``, ``akg serve`` and its query
workers). The kernel releases it when the process ends, however it ends, so a
killed process never leaves a stale lock. A writer records its process id and
command in the file, so that the others can say what holds the store.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .errors import StoreError

LOCK_FILE = "akg.lock"


def _command() -> str:
    args = [Path(sys.argv[0]).name, *sys.argv[1:2]] if sys.argv and sys.argv[0] else ["python"]
    if args[0] in ("__main__.py", "-m", "-c"):
        args[0] = "akg"
    return " ".join(args)


class StoreLock:
    """An advisory lock on a store folder, held until :meth:`release` or process exit.

    Args:
        location: the store folder (it must exist).
        shared: a reader's lock (True) or a writer's (False).
    """

    def __init__(self, location: str, *, shared: bool) -> None:
        self.location = location
        self.shared = shared
        self._fd: int | None = None

    def acquire(
        self,
        *,
        wait: bool = False,
        patience: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        """Take the lock, trying for ``patience`` seconds; with ``wait``, block until it is free.

        ``on_wait`` is told once when the wait begins.

        Raises:
            StoreError: the store is held the other way and ``wait`` is false,
                or the folder cannot hold a lock file.
        """
        path = Path(self.location) / LOCK_FILE
        writable = True
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError as exc:
            if not self.shared:
                raise StoreError(
                    f"{self.location}: the store folder is read-only for you ({exc.strerror}); "
                    "build into a --store you can write, or ask its owner"
                ) from None
            try:  # a store shared read-only: readers lock through the file as it is
                fd, writable = os.open(path, os.O_RDONLY), False
            except FileNotFoundError:  # nor can anyone without write access create one
                return
            except OSError as again:
                raise StoreError(self._unlockable(again)) from None
        except OSError as exc:
            raise StoreError(self._unlockable(exc)) from None
        mode = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
        deadline = time.monotonic() + patience
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:  # a short reader may be about to finish
                    time.sleep(0.1)
                    continue
                holder = _holder(fd)
                if not wait:
                    os.close(fd)
                    raise StoreError(self._busy_message(holder)) from None
                if on_wait is not None:
                    on_wait(f"waiting for {holder} to finish writing {self.location}...")
                fcntl.flock(fd, mode)
                break
        if writable:
            os.ftruncate(fd, 0)  # a writer killed earlier may have left its name
        if not self.shared:
            os.pwrite(fd, f"{os.getpid()} {_command()}\n".encode(), 0)
        self._fd = fd

    def _unlockable(self, exc: OSError) -> str:
        return (
            f"{self.location}: cannot open the store's lock file ({exc.strerror}); "
            "check the folder's permissions, or pass another --store"
        )

    def _busy_message(self, holder: str) -> str:
        if self.shared:
            return f"{self.location}: {holder} is writing this store; wait for it to finish"
        return (
            f"{self.location}: the store is in use by {holder}; "
            "wait for it to finish or stop it, or pass another --store"
        )

    def release(self) -> None:
        """Give the lock back (a writer first clears its name from the file)."""
        if self._fd is None:
            return
        if not self.shared:
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing the last descriptor releases the flock
        self._fd = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._fd is not None


def _holder(fd: int) -> str:
    """What holds the lock, as recorded by a writer; readers record nothing."""
    deadline = time.monotonic() + 0.2  # a writer that just took the lock writes its name next
    while True:
        text = os.pread(fd, 200, 0).decode(errors="replace").strip()
        if text or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    if not text:
        return "another process reading it (a running `akg serve` or `akg query`)"
    pid, _, command = text.partition(" ")
    return f"`{command or 'akg'}` (process {pid})"
