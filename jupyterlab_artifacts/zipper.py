"""Build a zip of a folder: deflate level 6 on several cores, already-compressed types stored.

Large files are cut into 1 MiB pieces that worker threads deflate independently (zlib
releases the GIL), each primed with the previous piece's last 32 KiB as a dictionary
and ended with a sync flush, so that the pieces joined are one valid DEFLATE stream (the
way pigz works); the writer puts them out in order. Memory stays bounded by the number
of pieces in flight.

Files are opened without following a final symlink that leads out of the folder; every
file's bytes are compared with the size listed when the job started.
"""

from __future__ import annotations

import os
import stat
import struct
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

from .extract import Cancelled

PIECE = 1024 * 1024
_DICT = 32 * 1024

STORED_SUFFIXES = frozenset(
    """zip gz tgz bz2 xz zst lz4 lzma 7z rar jar whl egg npz docx xlsx pptx odt ods odp epub
    png jpg jpeg gif webp avif heic heif jp2 mp3 mp4 m4a m4v mkv mov avi webm ogg oga ogv opus
    flac aac wma wmv parquet feather arrow h5ad woff woff2 pdf""".split()
)
"""Suffixes whose contents are already compressed: deflating them again wastes cores."""


class ZipError(Exception):
    """A file could not be put in the archive; ``code`` is the API's error code, ``why`` which
    check refused it (``path``, ``link-out``, ``not-regular``, ``missing``; '' otherwise)."""

    def __init__(self, code: str, message: str, why: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.why = why


@dataclass
class Item:
    """One file of the archive: its name inside, where its bytes come from, its listed size."""

    name: str
    source: str | None
    size: int
    data: bytes | None = None
    mtime: float = 0.0


def should_store(name: str) -> bool:
    """Whether ``name`` is a type that is already compressed."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix in STORED_SUFFIXES


def _inside(root: str, path: str) -> bool:
    return os.path.commonpath([root, path]) == root


def list_files(folder: str, files: Iterable[str]) -> list[Item]:
    """Stat the listed files (relative to ``folder``): each must be a regular file whose real
    path stays inside the folder.

    Raises:
        ZipError: ``unsafe-entry`` for a path that climbs out, a link leading out, or
        something that is not a regular file; ``not-found`` for a missing file.
    """
    root = os.path.realpath(folder)
    return [stat_file(root, rel) for rel in files]


def stat_file(root: str, rel: str) -> Item:
    """One file of :func:`list_files` (``root`` already a real path): the same checks.

    Raises:
        ZipError: as :func:`list_files`, with ``why`` saying which check refused it.
    """
    parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or rel.startswith("/"):
        raise ZipError("unsafe-entry", f"{rel!r} is not a path inside the folder.", "path")
    full = os.path.join(root, *parts)
    real = os.path.realpath(full)
    if not _inside(root, real):
        raise ZipError(
            "unsafe-entry",
            f"{'/'.join(parts)!r} is a link to something outside the folder; it is not followed.",
            "link-out",
        )
    try:
        st = os.stat(real)
    except FileNotFoundError:
        raise ZipError("not-found", f"{'/'.join(parts)!r} does not exist any more.", "missing") from None
    if not stat.S_ISREG(st.st_mode):
        raise ZipError("unsafe-entry", f"{'/'.join(parts)!r} is not a regular file.", "not-regular")
    return Item("/".join(parts), real, st.st_size, mtime=st.st_mtime)


def _dos_time(t: float) -> tuple[int, int]:
    lt = time.localtime(t or time.time())
    year = max(1980, lt.tm_year)
    return (
        (lt.tm_hour << 11) | (lt.tm_min << 5) | (lt.tm_sec // 2),
        ((year - 1980) << 9) | (lt.tm_mon << 5) | lt.tm_mday,
    )


def _deflate(data: bytes, zdict: bytes | None, last: bool) -> bytes:
    if zdict:
        c = zlib.compressobj(6, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY, zdict)
    else:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


class _Counter:
    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.offset = 0

    def write(self, b: bytes) -> None:
        if b:
            self.out.write(b)
            self.offset += len(b)


def _open_regular(path: str) -> int:
    """Open without blocking on a FIFO swapped in after the listing; regular files only."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ZipError("unsafe-entry", f"{path!r} is not a regular file any more.")
    return fd


def _drain(w: _Counter, pending: deque[Future[bytes] | bytes], keep: int) -> None:
    """Write finished pieces, oldest first, until at most ``keep`` are in flight."""
    while len(pending) > keep:
        head = pending.popleft()
        w.write(head if isinstance(head, bytes) else head.result())


def _pieces(item: Item) -> Iterator[tuple[bytes, bool]]:
    """The file's bytes in pieces, (piece, is_last); refuses a size other than the listed one."""
    if item.data is not None:
        yield item.data, True
        return
    assert item.source is not None
    fd = _open_regular(item.source)
    try:
        got = 0
        while True:
            chunk = os.read(fd, PIECE)
            got += len(chunk)
            if got > item.size or (got == item.size and os.read(fd, 1)):
                raise ZipError(
                    "changed",
                    f"{item.name!r} grew while it was being archived (listed {item.size} bytes): "
                    "list the folder again.",
                )
            if got == item.size:
                yield chunk, True
                return
            if not chunk:
                raise ZipError(
                    "changed",
                    f"{item.name!r} shrank while it was being archived (listed {item.size} bytes, "
                    f"read {got}): list the folder again.",
                )
            yield chunk, False
    finally:
        os.close(fd)


@dataclass
class _Entry:
    """One file on its way into the archive: what the writer needs once its data is out."""

    item: Item
    name: bytes
    method: int
    zip64: bool
    flags: int
    tm: int
    dt: int
    crc: int = 0
    size: int = 0
    local_at: int = 0
    data_at: int = 0


def _local_header(e: _Entry) -> bytes:
    extra = struct.pack("<HHQQ", 1, 16, 0, 0) if e.zip64 else b""
    return (
        struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            45 if e.zip64 else 20,
            e.flags,
            e.method,
            e.tm,
            e.dt,
            0,
            0xFFFFFFFF if e.zip64 else 0,
            0xFFFFFFFF if e.zip64 else 0,
            len(e.name),
            len(extra),
        )
        + e.name
        + extra
    )


def _central_record(e: _Entry, csize: int) -> bytes:
    big = e.zip64 or e.local_at >= 0xFFFFFFFF
    extra = struct.pack("<HHQQQ", 1, 24, e.size, csize, e.local_at) if big else b""
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            (3 << 8) | (45 if big else 20),
            45 if big else 20,
            e.flags,
            e.method,
            e.tm,
            e.dt,
            e.crc,
            0xFFFFFFFF if big else csize,
            0xFFFFFFFF if big else e.size,
            len(e.name),
            len(extra),
            0,
            0,
            0,
            (0o100644 << 16),
            0xFFFFFFFF if big else e.local_at,
        )
        + e.name
        + extra
    )


def write_zip(
    out: BinaryIO,
    items: list[Item],
    *,
    seekable: bool,
    pool: ThreadPoolExecutor,
    cancel: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 2,
) -> int:
    """Write a zip of ``items`` to ``out``; returns its size.

    Files are read (and their CRC computed) in order on this thread while up to
    ``2 * workers`` pieces, of this file or the next ones, are deflated on ``pool``; a
    queue of events (a file starts, a piece, a file ends) is written out in order. With
    ``seekable`` the local headers are patched with each file's CRC and sizes; else data
    descriptors follow the data (for a stream). ``progress`` gets (bytes read, files
    written). Raises :class:`ZipError` (``changed``) when a file's bytes differ from its
    listed size.
    """
    w = _Counter(out)
    central: list[bytes] = []
    in_flight = max(2, workers * 2)
    queue: deque[tuple[str, _Entry, Future[bytes] | bytes | None]] = deque()
    counts = {"read": 0, "written": 0, "pieces": 0}

    def emit(kind: str, e: _Entry, piece: Future[bytes] | bytes | None) -> None:
        if kind == "start":
            e.local_at = w.offset
            w.write(_local_header(e))
            e.data_at = w.offset
        elif kind == "piece":
            assert piece is not None
            counts["pieces"] -= 1
            w.write(piece if isinstance(piece, bytes) else piece.result())
        else:
            csize = w.offset - e.data_at
            if seekable:
                end = w.offset
                if e.zip64:
                    out.seek(e.local_at + 14)
                    out.write(struct.pack("<I", e.crc))
                    out.seek(e.local_at + 30 + len(e.name) + 4)
                    out.write(struct.pack("<QQ", e.size, csize))
                else:
                    out.seek(e.local_at + 14)
                    out.write(struct.pack("<III", e.crc, csize, e.size))
                out.seek(end)
            elif e.zip64:
                w.write(struct.pack("<IIQQ", 0x08074B50, e.crc, csize, e.size))
            else:
                w.write(struct.pack("<IIII", 0x08074B50, e.crc, csize, e.size))
            central.append(_central_record(e, csize))
            counts["written"] += 1
            if progress is not None:
                progress(counts["read"], counts["written"])

    def drain(keep: int) -> None:
        # Write events in order; wait for a piece only while more than ``keep`` are in flight.
        while queue:
            kind, e, piece = queue[0]
            waiting = isinstance(piece, Future) and not piece.done()
            if kind == "piece" and waiting and 0 < keep and counts["pieces"] <= keep:
                return
            queue.popleft()
            emit(kind, e, piece)

    try:
        for item in items:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            store = should_store(item.name) or item.size == 0
            tm, dt = _dos_time(item.mtime)
            e = _Entry(
                item=item,
                name=item.name.encode("utf-8"),
                method=0 if store else 8,
                zip64=item.size >= 0xFFFFFFFF - 0xFFFF,
                flags=0x800 | (0 if seekable else 0x8),
                tm=tm,
                dt=dt,
            )
            queue.append(("start", e, None))
            previous = b""
            for chunk, last in _pieces(item):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                e.crc = zlib.crc32(chunk, e.crc)
                e.size += len(chunk)
                counts["read"] += len(chunk)
                if store:
                    queue.append(("piece", e, chunk))
                else:
                    queue.append(("piece", e, pool.submit(_deflate, chunk, previous[-_DICT:], last)))
                    previous = chunk
                counts["pieces"] += 1
                drain(in_flight)
            if not store and e.size == 0:
                queue.append(("piece", e, _deflate(b"", None, True)))
                counts["pieces"] += 1
            queue.append(("end", e, None))
            if progress is not None:
                progress(counts["read"], counts["written"])
        drain(0)
    finally:
        for _, _, piece in queue:
            if isinstance(piece, Future):
                piece.cancel()
    cd_at = w.offset
    for record in central:
        w.write(record)
    cd_size = w.offset - cd_at
    count = len(central)
    if count >= 0xFFFF or cd_at >= 0xFFFFFFFF or cd_size >= 0xFFFFFFFF:
        z64_at = w.offset
        w.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, cd_size, cd_at))
        w.write(struct.pack("<IIQI", 0x07064B50, 0, z64_at, 1))
        w.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
    else:
        w.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, cd_size, cd_at, 0))
    return w.offset
