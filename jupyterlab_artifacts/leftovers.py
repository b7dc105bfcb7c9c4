"""What a server killed mid-job leaves behind, and its removal when the next server starts.

A job's temporary folder (``.<name>.artifacts-tmp-<id>`` beside an import's target) or zip
(``.jupyterlab-artifacts-*.zip`` in the temporary folder) is removed by the job itself when
it ends, fails or is cancelled; a server that is killed (out of memory, ``kill -9``, a pod
evicted) cannot. So each server records the temporary paths it makes in a ledger of its own
(``jupyterlab-artifacts-temp-<pid>-<random>.json`` in Jupyter's runtime folder), which it
holds locked (``flock``) while it runs. At start, a server reads the ledgers nobody holds
any more (their server is gone: the kernel drops the lock when a process dies, whatever
its pid is reused for) and removes what they list, but only:

- paths named like what the companion makes (a ledger is no licence to remove a user's file);
- paths older than this server (what a clock-skewed or still-running job made stays);
- never through a symbolic link.

Nothing is searched for: a folder named like ours that no ledger lists is left alone.
Where ``fcntl`` is missing (Windows), nothing is recorded and nothing is removed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import shutil
import stat
import threading

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LEDGER_PREFIX = "jupyterlab-artifacts-temp-"
_OURS = (
    re.compile(r"^\..+\.artifacts-tmp-[0-9a-f]{16}$"),
    re.compile(r"^\.jupyterlab-artifacts-[^/]*\.zip$"),
)


def is_ours(path: str) -> bool:
    """Whether ``path`` is named like a temporary folder or zip the companion makes."""
    name = os.path.basename(path.rstrip(os.sep))
    return any(p.match(name) for p in _OURS)


def _rewrite(fd: int, data: bytes) -> None:
    """Replace the file's JSON so that it is valid JSON after every system call.

    The new text is written over the old one padded with spaces (trailing whitespace is
    valid JSON), then the file is cut to length: a reader, or a server killed in between,
    never finds it empty or torn.
    """
    old = os.fstat(fd).st_size
    os.pwrite(fd, data + b" " * max(0, old - len(data)), 0)
    if old > len(data):
        os.ftruncate(fd, len(data))


class TempLedger:
    """The temporary paths this server has made and not yet removed, kept on disk."""

    def __init__(self, folder: str) -> None:
        self._lock = threading.Lock()
        self._paths: list[str] = []
        self.path = ""
        self._fd: int | None = None
        if fcntl is None or not folder:  # pragma: no cover - Windows
            return
        os.makedirs(folder, exist_ok=True)
        name = f"{LEDGER_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.json"
        self.path = os.path.join(folder, name)
        # Locked under a name no other server reads, then renamed: a server starting at the
        # same moment never sees it unlocked (the lock stays with the file across the rename).
        making = os.path.join(folder, "." + name)
        fd = os.open(making, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.rename(making, self.path)
        self._fd = fd
        self._write()

    def add(self, path: str) -> None:
        """Record ``path`` before (or right after) it is made."""
        with self._lock:
            self._paths.append(os.path.abspath(path))
            self._write()

    def discard(self, path: str) -> None:
        """Forget ``path`` once it is removed (or renamed into place)."""
        with self._lock:
            full = os.path.abspath(path)
            if full in self._paths:
                self._paths.remove(full)
                self._write()

    def _write(self) -> None:
        if self._fd is None:
            return
        _rewrite(self._fd, json.dumps(self._paths).encode())

    def close(self) -> None:
        """At a clean stop: the jobs removed their paths, so the ledger goes too."""
        with self._lock:
            if self._fd is None:
                return
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            os.close(self._fd)
            self._fd = None


class NullLedger(TempLedger):
    """Records nothing (tests and scripts that run jobs without a server)."""

    def __init__(self) -> None:
        super().__init__("")


def clean_leftovers(folder: str, *, started: float, log: logging.Logger) -> list[str]:
    """Remove what the ledgers of stopped servers in ``folder`` list; returns the paths removed."""
    removed: list[str] = []
    if fcntl is None or not os.path.isdir(folder):  # pragma: no cover - Windows
        return removed
    for name in sorted(os.listdir(folder)):
        if not (name.startswith(LEDGER_PREFIX) and name.endswith(".json")):
            continue
        ledger = os.path.join(folder, name)
        try:
            fd = os.open(ledger, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its server is running
            try:
                with open(fd, "rb", closefd=False) as f:
                    paths = json.loads(f.read() or b"[]")
            except ValueError:
                paths = []
            kept = []
            for path in paths if isinstance(paths, list) else []:
                if not isinstance(path, str) or not os.path.isabs(path) or not is_ours(path):
                    continue
                try:
                    st = os.lstat(path)
                except FileNotFoundError:
                    continue
                except OSError:
                    kept.append(path)
                    continue
                if st.st_mtime >= started or stat.S_ISLNK(st.st_mode):
                    kept.append(path)
                    continue
                try:
                    if stat.S_ISDIR(st.st_mode):
                        shutil.rmtree(path)
                    else:
                        os.unlink(path)
                except OSError as e:
                    log.warning(
                        "jupyterlab-artifacts: could not remove %s, left by a server stopped mid-job: %s",
                        path,
                        e.strerror or e,
                    )
                    kept.append(path)
                    continue
                removed.append(path)
                log.warning(
                    "jupyterlab-artifacts: removed %s %s, left by a server stopped mid-job",
                    "the temporary folder" if stat.S_ISDIR(st.st_mode) else "the temporary file",
                    path,
                )
            if kept:
                # Left for a later start (e.g. newer than this server): keep the record.
                _rewrite(fd, json.dumps(kept).encode())
            else:
                with contextlib.suppress(OSError):
                    os.unlink(ledger)
        finally:
            os.close(fd)
    return removed
