"""One writer per store at a time — `govtasks batch` or `govtasks index`: an exclusive fcntl.flock on
STORE/.lock, held for the run.
The kernel drops it when the process ends, however it ends (a killed run leaves no stale lock)."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import InputError

POLL = 0.1  # seconds between tries while waiting


class StoreBusy(InputError):
    """Another writer holds the store's lock."""


@contextmanager
def store_lock(root: Path, wait: float = 0.0) -> Iterator[Path]:
    """Hold STORE/.lock; wait up to `wait` seconds for another writer to finish, else InputError
    "store busy". An unwritable store folder is an InputError too (nothing is written)."""
    path = root / ".lock"
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(str(root), f"cannot write the store folder ({exc.strerror or exc})", "give a --store folder you can write to")
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(str(root), f"store busy: another `govtasks batch` or `govtasks index` is writing it (waited {wait:g} s)", "wait for it to finish, or pass --wait SECONDS")
                time.sleep(POLL)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock
