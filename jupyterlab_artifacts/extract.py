"""Safe extraction of ``.zip``, ``.tar.gz``/``.tgz`` and ``.tar`` archives on the server.

The same rules as the browser's ``planExtraction`` (src/workspace/extract.ts), with the
same messages, plus what the security review asked for (issue 10): the zip end record and
central directory must agree exactly with the entries, local headers must agree with the
central directory, tar headers that readers interpret differently are refused, names that
collide after Unicode normalisation or that Windows cannot store are refused.

The archive is read by this module's own readers (never ``extractall``, never
``tarfile``'s filters): the check and the writing are one piece of code, so nothing the
check did not see can be written. Writing happens only into a folder this module is given
(a hidden temporary folder the import job made); every file is created exclusively,
never through a link, and capped at its declared size while it is inflated.
"""

from __future__ import annotations

import functools
import json
import os
import re
import stat
import threading
import unicodedata
import zlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

RATIO_FLOOR_BYTES = 1024 * 1024
"""Below this inflated size the compression ratio is not checked."""

MAX_NAME_BYTES = 255
"""The longest file or folder name (one path segment), in UTF-8 bytes."""

MAX_PATH_BYTES = 1024
"""The longest relative path accepted, in UTF-8 bytes."""

# The planner's own defaults are the catalogue settings' (schema/catalogue.json: maxExtractedBytes,
# maxEntries, maxRatio), so that both planners refuse the same archives; tests/test_hostile.py checks.
DEFAULT_MAX_TOTAL_BYTES = 2_000_000_000
DEFAULT_MAX_ENTRIES = 20000
DEFAULT_MAX_RATIO = 200

HIDDEN = "hidden files and folders cannot be written through the Contents API"

_PIECE = 1024 * 1024
_SMALL = 256 * 1024
# Device names Windows reserves, with or without an extension (CON, con.txt, COM1.tar.gz, LPT¹): the
# browser's WINDOWS_RESERVED as JavaScript reads it (case-insensitive on ASCII letters; its \s; "." stops
# at line terminators).
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WINDOWS_RESERVED = re.compile(
    "^(?:[cC][oO][nN]|[pP][rR][nN]|[aA][uU][xX]|[nN][uU][lL]|[cC][oO][mM][0-9\u00b9\u00b2\u00b3]"
    f"|[lL][pP][tT][0-9\u00b9\u00b2\u00b3])[{_JS_SPACE}]*(?:\\.[^\n\r\u2028\u2029]*)?\\Z"
)
_WINDOWS_CHARS = set('<>:"|?*')


ARCHIVE_CODES: dict[str, tuple[str, ...]] = {
    # Names and paths (check_entry_name, check_folder_name).
    "name-not-utf8": (),
    "name-control": (),
    "name-backslash": (),
    "path-absolute": (),
    "path-drive": (),
    "path-climbs": (),
    "name-windows-reserved": ("segment",),
    "name-windows-trailing": ("segment",),
    "name-windows-character": ("segment", "character"),
    "path-too-long": ("maxBytes",),
    "name-too-long": ("maxBytes",),
    "name-not-single": (),
    "name-hidden": (),
    # The whole archive, the collector, the writer.
    "not-archive": ("name",),
    "too-many-entries": ("maxEntries",),
    "special-entry": ("kind",),
    "empty-name": (),
    "over-total": ("maxBytes",),
    "archive-bomb": ("maxRatio", "archiveBytes", "totalBytes"),
    "name-unicode-twin": ("other",),
    "name-case-twin": ("other",),
    "file-and-folder": ("path",),
    "duplicate-file": (),
    "outside-folder": (),
    "parent-not-folder": (),
    # Zip.
    "zip-unreadable": ("detail",),
    "zip-folder-data": ("size",),
    "encrypted": (),
    "unsupported-method": (),
    "stored-size-mismatch": ("declared", "stored"),
    "lying-size": ("declared",),
    "entry-bomb": ("maxRatio",),
    "inflated-size-mismatch": ("declared", "actual"),
    "data-corrupt": ("detail",),
    "crc-mismatch": (),
    "zip-unicode-path-mismatch": (),
    "zip-overlap": (),
    "zip-local-name-mismatch": (),
    "zip-local-header-mismatch": ("what",),
    # Gzip stream.
    "gzip-unreadable": ("detail",),
    "unpacks-over-total": ("maxBytes",),
    "stream-bomb": ("maxRatio",),
    # Tar.
    "tar-unreadable": ("detail",),
    "tar-checksum": (),
    "tar-prefix-not-ustar": (),
    "tar-data-after-end": (),
    "pax-too-large": (),
    "pax-sparse": (),
    "pax-global": ("keys",),
    "tar-extended-twice": (),
    "pax-size-mismatch": ("paxSize", "headerSize"),
    "file-name-slash": (),
    "tar-old-folder-size": ("size",),
    "tar-folder-size": ("size",),
    "tar-entry-type": ("type",),
    "pax-malformed": (),
}
"""Why an archive (entry) is refused: code -> its parameters' names.

The same set as the ``ArchiveProblem`` union of src/workspace/extract.ts (the browser's
planner); the frontend's ``workspace/words.ts`` says each one. tests/test_archive_codes.py
checks both sides agree.
"""


class ArchiveError(ValueError):
    """Why an archive was refused, naming the entry when one is at fault.

    ``code`` (a key of :data:`ARCHIVE_CODES`) and ``params`` (exactly its parameters,
    camelCase, JSON values) are what the page words; ``reason`` is the English for logs.
    """

    def __init__(self, code: str, reason: str, entry: str | None = None, /, **params: object) -> None:
        expected = ARCHIVE_CODES.get(code)
        if expected is None or set(params) != set(expected):
            raise TypeError(f"ArchiveError {code!r} takes {expected!r}, not {sorted(params)!r}")
        self.code = code
        self.params: dict[str, object] = {k: params[k] for k in expected}
        self.reason = reason
        self.entry = entry
        message = reason if entry is None else f"{json.dumps(entry, ensure_ascii=False)}: {reason}"
        super().__init__(message)

    def __reduce__(self) -> tuple:
        return (_archive_error, (self.code, self.reason, self.entry, self.params))

    @property
    def problem(self) -> dict[str, object]:
        """The code with its parameters, as the job error's ``reason`` carries it."""
        return {"code": self.code, **self.params}


def _archive_error(code: str, reason: str, entry: str | None, params: dict) -> ArchiveError:
    return ArchiveError(code, reason, entry, **params)


class Cancelled(Exception):
    """The work was cancelled from outside (the job's cancel event was set)."""


def format_bytes(n: int) -> str:
    """Sizes as the frontend prints them (``formatBytes`` in src/format.ts)."""
    units = ["bytes", "KB", "MB", "GB", "TB"]
    value = float(n)
    unit = 0
    while value >= 1000 and unit < len(units) - 1:
        value /= 1000
        unit += 1
    if unit == 0:
        return f"{n} bytes"
    return f"{value:.1f} {units[unit]}" if value < 10 else f"{value:.0f} {units[unit]}"


def archive_kind(name: str) -> str | None:
    """Which kind of archive a file name says it is (``zip``, ``tar.gz``, ``tar``), or None."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return "zip"
    if lower.endswith(".tar.gz") or lower.endswith(".tgz"):
        return "tar.gz"
    if lower.endswith(".tar"):
        return "tar"
    return None


def _sniff_kind(path: str) -> str | None:
    with open(path, "rb") as f:
        head = f.read(512)
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if head[:2] == b"\x1f\x8b":
        return "tar.gz"
    if len(head) == 512 and head[257:262] == b"ustar":
        return "tar"
    return None


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def has_control_characters(name: str) -> bool:
    """Whether a name holds control characters (U+0000–U+001F, U+007F)."""
    return _CONTROL.search(name) is not None


def check_entry_name(name: str) -> str:
    """Check one entry name and return it normalised (``./`` and empty segments dropped).

    The checks run in the order of the browser's ``checkEntryName``, so that a name
    with several faults gets the same code from both planners.

    Raises:
        ArchiveError: naming the entry and why it is refused.
    Returns:
        the relative ``/``-separated path, or ``''`` for the archive's root.
    """
    if "\ufffd" in name:
        raise ArchiveError(
            "name-not-utf8", "the name is not valid UTF-8; the server cannot store it faithfully.", name
        )
    if has_control_characters(name):
        raise ArchiveError("name-control", "the name contains control characters.", name)
    if "\\" in name:
        raise ArchiveError(
            "name-backslash",
            "the name contains a backslash, which could climb out of the folder on Windows and is refused.",
            name,
        )
    if name.startswith("/"):
        raise ArchiveError(
            "path-absolute", "absolute paths are refused: every entry must stay inside the new folder.", name
        )
    if len(name) >= 2 and name[1] == ":" and name[0].isascii() and name[0].isalpha():
        raise ArchiveError("path-drive", "paths with a drive letter are refused.", name)
    segments = [s for s in name.split("/") if s not in ("", ".")]
    if ".." in segments:
        raise ArchiveError("path-climbs", '".." would climb out of the new folder (zip slip); refused.', name)
    for segment in segments:
        _check_windows(segment, name)
    path = "/".join(segments)
    if len(path.encode("utf-8")) > MAX_PATH_BYTES:
        raise ArchiveError(
            "path-too-long", f"the path is longer than {MAX_PATH_BYTES} bytes.", name, maxBytes=MAX_PATH_BYTES
        )
    for segment in segments:
        if len(segment.encode("utf-8")) > MAX_NAME_BYTES:
            raise ArchiveError(
                "name-too-long",
                f"a name is longer than {MAX_NAME_BYTES} bytes, which the server's file system cannot store.",
                name,
                maxBytes=MAX_NAME_BYTES,
            )
    return path


def _check_windows(segment: str, name: str) -> None:
    """Refuse what Windows (and so a download of the folder there) cannot store.

    In the order of the browser's ``windowsProblem``: a device name, a trailing dot or
    space, then a forbidden character (the first one in the name).
    """
    if _WINDOWS_RESERVED.match(segment):
        raise ArchiveError(
            "name-windows-reserved",
            f'"{segment}" is a device name Windows reserves (Windows-reserved); refused.',
            name,
            segment=segment,
        )
    if segment.endswith(".") or segment.endswith(" "):
        raise ArchiveError(
            "name-windows-trailing",
            "a name ends with a dot or a space, which Windows cannot store (Windows-reserved); refused.",
            name,
            segment=segment,
        )
    bad = [c for c in segment if c in _WINDOWS_CHARS]
    if bad:
        raise ArchiveError(
            "name-windows-character",
            f"{segment} contains {' '.join(sorted(set(bad)))}, a character Windows reserves "
            "(Windows-reserved); refused.",
            name,
            segment=segment,
            character=bad[0],
        )


def check_folder_name(name: str) -> str:
    """Check a single new folder or file name (the import target, a record's file key).

    Raises:
        ArchiveError: when the name is empty, hidden, has a ``/`` or breaks a name rule.
    """
    if not name or "/" in name or name in (".", ".."):
        raise ArchiveError(
            "name-not-single", "the name must be a single, non-empty file or folder name.", name
        )
    path = check_entry_name(name)
    if path.startswith("."):
        raise ArchiveError("name-hidden", "hidden names are refused: " + HIDDEN + ".", name)
    return path


@dataclass
class Limits:
    """Caps that protect the server from hostile or accidental archive bombs."""

    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES
    max_entries: int = DEFAULT_MAX_ENTRIES
    max_ratio: float = DEFAULT_MAX_RATIO


@dataclass
class Plan:
    """What an archive produces: files (path, size), their total, what is left out."""

    entries: list[dict] = field(default_factory=list)
    total_bytes: int = 0
    skipped: list[dict] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)

    def public(self) -> dict:
        """The contract's shape: ``{"entries": [{"path", "size"}], "total_bytes"}``."""
        return {"entries": [dict(e) for e in self.entries], "total_bytes": self.total_bytes}


class _Collector:
    """Gathers entries, applying every rule that does not depend on the format."""

    def __init__(self, limits: Limits, archive_bytes: int) -> None:
        self.limits = limits
        self.archive_bytes = archive_bytes
        self._count = 0
        self._total = 0
        self._names: dict[str, tuple[str, bool]] = {}
        self.plan = Plan()

    def count(self, name: str) -> None:
        self._count += 1
        if self._count > self.limits.max_entries:
            raise ArchiveError(
                "too-many-entries",
                f"the archive has more than {self.limits.max_entries} entries (the limit).",
                name,
                maxEntries=int(self.limits.max_entries),
            )

    @property
    def remaining(self) -> int:
        return self.limits.max_total_bytes - self._total

    def refuse_type(self, name: str, kind: str) -> None:
        """Refuse a link or special entry; ``kind``: ``symlink``, ``hardlink`` or ``device``
        (devices, sockets and pipes)."""
        what = _SPECIAL_KINDS[kind]
        raise ArchiveError(
            "special-entry",
            f"{what} are refused: they could point outside the new folder or at the server's devices.",
            name,
            kind=kind,
        )

    def add_folder(self, name: str) -> str | None:
        self.count(name)
        path = check_entry_name(name)
        if path == "":
            return None
        if _is_hidden(path):
            self.plan.skipped.append({"path": path, "reason": HIDDEN})
            return None
        self._claim(path, name, True)
        self.plan.folders.append(path)
        return path

    def check_file(self, name: str) -> str | None:
        self.count(name)
        path = check_entry_name(name)
        if path == "":
            raise ArchiveError("empty-name", "a file entry has an empty name.", name)
        if _is_hidden(path):
            self.plan.skipped.append({"path": path, "reason": HIDDEN})
            return None
        self._claim(path, name, False)
        return path

    def check_size(self, path: str, size: int) -> None:
        """Refuse a declared size that alone would pass the total cap."""
        if self._total + size > self.limits.max_total_bytes:
            raise _over_total(self.limits, path)

    def add_file(self, path: str, size: int) -> None:
        self.check_size(path, size)
        self._total += size
        self.plan.entries.append({"path": path, "size": size})
        self.plan.total_bytes = self._total

    def finish(self) -> Plan:
        ratio = self.limits.max_ratio
        if self._total > RATIO_FLOOR_BYTES and self._total > ratio * max(1, self.archive_bytes):
            raise ArchiveError(
                "archive-bomb",
                f"the archive inflates more than {_num(ratio)} times ({format_bytes(self.archive_bytes)} "
                f"to {format_bytes(self._total)}): refused as a likely archive bomb.",
                maxRatio=_ratio(ratio),
                archiveBytes=int(self.archive_bytes),
                totalBytes=int(self._total),
            )
        files = [e["path"] for e in self.plan.entries]
        self.plan.folders = [f for f in self.plan.folders if not any(p.startswith(f + "/") for p in files)]
        return self.plan

    def _claim(self, path: str, name: str, is_folder: bool) -> None:
        """Refuse duplicates, names differing only in case or normalisation, file/folder clashes."""
        segments = path.split("/")
        for i in range(1, len(segments) + 1):
            prefix = "/".join(segments[:i])
            folder = i < len(segments) or is_folder
            key = collision_key(prefix)
            seen = self._names.get(key)
            if seen is None:
                self._names[key] = (prefix, folder)
                continue
            seen_path, seen_folder = seen
            if seen_path != prefix:
                if unicodedata.normalize("NFC", seen_path) == unicodedata.normalize("NFC", prefix):
                    raise ArchiveError(
                        "name-unicode-twin",
                        f'the name differs only in Unicode normalisation from "{seen_path}" '
                        "(the same name once normalized); both cannot live on macOS "
                        "and one would overwrite the other.",
                        name,
                        other=seen_path,
                    )
                raise ArchiveError(
                    "name-case-twin",
                    f'the name differs only in case from "{seen_path}"; both cannot live on '
                    "case-insensitive file systems and one would overwrite the other.",
                    name,
                    other=seen_path,
                )
            if seen_folder != folder:
                raise ArchiveError(
                    "file-and-folder",
                    f'"{prefix}" is both a file and a folder in this archive.',
                    name,
                    path=prefix,
                )
            if i == len(segments) and not folder:
                raise ArchiveError(
                    "duplicate-file",
                    "the archive holds this file more than once; one copy would overwrite the other.",
                    name,
                )


def collision_key(name: str) -> str:
    """The key two names collide under on case- and normalisation-insensitive file systems
    (macOS, Windows): NFC, then upper then lower case (so that ``ß``/``ss`` and ``ς``/``σ``
    meet), as the browser's ``collisionKey``."""
    return unicodedata.normalize("NFC", name).upper().lower()


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _ratio(x: float) -> int | float:
    """A ratio as a JSON number: an integer when it is one (``200``, not ``200.0``)."""
    return int(x) if float(x).is_integer() else float(x)


def _over_total(limits: Limits, entry: str) -> ArchiveError:
    return ArchiveError(
        "over-total",
        f"the extracted files would exceed {format_bytes(limits.max_total_bytes)} (the limit).",
        entry,
        maxBytes=int(limits.max_total_bytes),
    )


_SPECIAL_KINDS = {
    "symlink": "symbolic links",
    "hardlink": "hard links",
    "device": "devices, sockets and pipes",
}


def _is_hidden(path: str) -> bool:
    return any(s.startswith(".") for s in path.split("/"))


# ---------------------------------------------------------------- writing


class Sink(Protocol):
    """Where the bytes of planned entries go."""

    def folder(self, path: str) -> None: ...

    def open(self, path: str, executable: bool) -> BinaryIO: ...


class FolderSink:
    """Writes planned entries into ``root``, a fresh folder only this job writes into.

    Every file is created exclusively (``O_EXCL``) and never through a link
    (``O_NOFOLLOW``); every path is checked to stay inside ``root``.
    """

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self._made: set[str] = set()

    def _inside(self, path: str) -> str:
        # The segments were checked (no "..", no absolute part) and every folder on the way
        # was made here by _parents (a link is refused there), so a lexical check suffices.
        full = os.path.normpath(os.path.join(self.root, *path.split("/")))
        if not full.startswith(self.root + os.sep):
            raise ArchiveError("outside-folder", "the entry would be written outside the new folder.", path)
        return full

    def _parents(self, path: str) -> None:
        segments = path.split("/")[:-1]
        for i in range(1, len(segments) + 1):
            sub = "/".join(segments[:i])
            if sub in self._made:
                continue
            full = os.path.join(self.root, *segments[:i])
            try:
                os.mkdir(full, 0o755)
            except FileExistsError:
                if os.path.islink(full) or not os.path.isdir(full):
                    raise ArchiveError(
                        "parent-not-folder", "a folder on the way is not a folder.", path
                    ) from None
            self._made.add(sub)

    def folder(self, path: str) -> None:
        self._parents(path + "/x")

    def open(self, path: str, executable: bool) -> BinaryIO:
        self._parents(path)
        full = self._inside(path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        flags |= getattr(os, "O_CLOEXEC", 0)
        fd = os.open(full, flags, 0o755 if executable else 0o644)
        return os.fdopen(fd, "wb", buffering=0)


Progress = Callable[[int, int], None]
"""Called with (bytes written so far, files written so far)."""


class _Ctx:
    """Cancellation and progress for a reader."""

    def __init__(self, cancel: threading.Event | None, progress: Progress | None) -> None:
        self.cancel = cancel
        self.progress = progress
        self.bytes = 0
        self.files = 0
        self._lock = threading.Lock()

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    def add(self, n: int, files: int = 0) -> None:
        with self._lock:  # entries may be written on several threads
            self.bytes += n
            self.files += files
            done, count = self.bytes, self.files
        if self.progress is not None:
            self.progress(done, count)


# ---------------------------------------------------------------- zip


_S_IFMT = 0o170000
_S_IFLNK = 0o120000
_S_IFREG = 0o100000
_S_IFDIR = 0o040000


@dataclass
class ZipEntry:
    """One entry of a zip's central directory, cross-checked with its local header."""

    name: str
    flags: int
    method: int
    crc: int
    compressed_size: int
    declared_size: int
    unix_mode: int
    dos_directory: bool
    local_offset: int
    data_start: int = 0


def _corrupt(what: str) -> ArchiveError:
    """A zip whose structure cannot be read or is ambiguous; ``what`` is the technical detail."""
    return ArchiveError(
        "zip-unreadable",
        f"this is not a readable zip archive: it is corrupt or truncated ({what}).",
        detail=what,
    )


def _data_corrupt(detail: str, name: str) -> ArchiveError:
    return ArchiveError("data-corrupt", f"the data is corrupt ({detail}).", name, detail=detail)


def _entry_bomb(limits: Limits, name: str) -> ArchiveError:
    return ArchiveError(
        "entry-bomb",
        f"the entry inflates more than {_num(limits.max_ratio)} times its compressed size: "
        "refused as a likely archive bomb.",
        name,
        maxRatio=_ratio(limits.max_ratio),
    )


def _u16(b: bytes, at: int) -> int:
    return int.from_bytes(b[at : at + 2], "little")


def _u32(b: bytes, at: int) -> int:
    return int.from_bytes(b[at : at + 4], "little")


def _u64(b: bytes, at: int) -> int:
    return int.from_bytes(b[at : at + 8], "little")


def _pread(fd: int, n: int, at: int) -> bytes:
    out = os.pread(fd, n, at)
    if len(out) != n:
        raise _corrupt("unexpected end of file")
    return out


def read_zip_directory(fd: int, size: int) -> list[ZipEntry]:
    """Read and cross-check a zip's structure; nothing is inflated.

    The end record, the zip64 records, the central directory's size and the number of
    entries it holds must agree exactly; each local header must agree with its central
    entry; entries' data may not overlap (a known bomb trick) or run into the directory.
    """
    if size < 22:
        raise _corrupt("no end of central directory")
    tail_len = min(size, 65557)
    tail = _pread(fd, tail_len, size - tail_len)
    at = tail.rfind(b"PK\x05\x06")
    while at >= 0 and at + 22 > len(tail):
        at = tail.rfind(b"PK\x05\x06", 0, at)
    if at < 0:
        raise _corrupt("no end of central directory")
    eocd = size - tail_len + at
    disk, cd_disk = _u16(tail, at + 4), _u16(tail, at + 6)
    on_disk, count = _u16(tail, at + 8), _u16(tail, at + 10)
    cd_size, cd_offset = _u32(tail, at + 12), _u32(tail, at + 16)
    comment_len = _u16(tail, at + 20)
    if eocd + 22 + comment_len != size:
        raise _corrupt("the end record's comment length does not match the end of the file")
    cd_end = eocd
    if eocd >= 20 and _u32(_pread(fd, 4, eocd - 20), 0) == 0x07064B50:
        loc = _pread(fd, 20, eocd - 20)
        z64_at = _u64(loc, 8)
        if _u32(loc, 4) != 0 or _u32(loc, 16) > 1 or z64_at + 56 > eocd - 20:
            raise _corrupt("bad zip64 end of central directory locator")
        z64 = _pread(fd, 56, z64_at)
        if _u32(z64, 0) != 0x06064B50:
            raise _corrupt("bad zip64 end of central directory")
        if z64_at + 12 + _u64(z64, 4) != eocd - 20:
            raise _corrupt("the zip64 end record's size does not match its place")
        z_disk, z_cd_disk = _u32(z64, 16), _u32(z64, 20)
        z_on_disk, z_count = _u64(z64, 24), _u64(z64, 32)
        z_cd_size, z_cd_offset = _u64(z64, 40), _u64(z64, 48)
        for small, big, mask in (
            (disk, z_disk, 0xFFFF),
            (cd_disk, z_cd_disk, 0xFFFF),
            (on_disk, z_on_disk, 0xFFFF),
            (count, z_count, 0xFFFF),
            (cd_size, z_cd_size, 0xFFFFFFFF),
            (cd_offset, z_cd_offset, 0xFFFFFFFF),
        ):
            if small != mask and small != big:
                raise _corrupt("the end record and the zip64 end record disagree")
        disk, cd_disk, on_disk, count = z_disk, z_cd_disk, z_on_disk, z_count
        cd_size, cd_offset = z_cd_size, z_cd_offset
        cd_end = z_at_start = z64_at
        del z_at_start
    if disk != 0 or cd_disk != 0 or on_disk != count:
        raise _corrupt("multi-disk archives are not supported")
    if cd_offset + cd_size != cd_end:
        raise _corrupt(
            "the central directory's size and offset do not match the end record "
            "(the end record and central directory disagree)"
        )
    if cd_size > 256 * 1024 * 1024:
        raise _corrupt("the central directory is too large")
    cd = _pread(fd, cd_size, cd_offset) if cd_size else b""
    entries: list[ZipEntry] = []
    pos = 0
    n = 0
    while pos < len(cd):
        n += 1
        if pos + 46 > len(cd) or _u32(cd, pos) != 0x02014B50:
            raise _corrupt(f"bad central directory entry {n}")
        if n > count:
            raise _corrupt(
                f"the central directory holds more entries than the {count} its end record counts "
                "(the end record and central directory disagree)"
            )
        made_by = _u16(cd, pos + 4) >> 8
        flags = _u16(cd, pos + 8)
        method = _u16(cd, pos + 10)
        crc = _u32(cd, pos + 16)
        csize = _u32(cd, pos + 20)
        usize = _u32(cd, pos + 24)
        name_len, extra_len, comment_len = _u16(cd, pos + 28), _u16(cd, pos + 30), _u16(cd, pos + 32)
        disk_start = _u16(cd, pos + 34)
        external = _u32(cd, pos + 38)
        local = _u32(cd, pos + 42)
        name_at = pos + 46
        extra_at = name_at + name_len
        end = extra_at + extra_len + comment_len
        if end > len(cd):
            raise _corrupt(f"entry {n} runs past the end of the central directory")
        raw_name = cd[name_at:extra_at]
        name = _decode_name(raw_name)
        extra = cd[extra_at : extra_at + extra_len]
        e = 0
        while e < len(extra):
            if e + 4 > len(extra):
                raise _corrupt(f"bad extra field in {json.dumps(name)}")
            xid, xlen = _u16(extra, e), _u16(extra, e + 2)
            body = extra[e + 4 : e + 4 + xlen]
            if len(body) != xlen:
                raise _corrupt(f"bad extra field in {json.dumps(name)}")
            if xid == 0x0001:
                p = 0
                for attr in ("usize", "csize", "local", "disk"):
                    value = {"usize": usize, "csize": csize, "local": local, "disk": disk_start}[attr]
                    wide = 4 if attr == "disk" else 8
                    full = 0xFFFF if attr == "disk" else 0xFFFFFFFF
                    if value == full:
                        if p + wide > len(body):
                            raise _corrupt(f"bad zip64 field in {json.dumps(name)}")
                        v = int.from_bytes(body[p : p + wide], "little")
                        p += wide
                        if attr == "usize":
                            usize = v
                        elif attr == "csize":
                            csize = v
                        elif attr == "local":
                            local = v
                        else:
                            disk_start = v
            elif xid == 0x7075 and xlen >= 5:
                try:
                    other = body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    other = "\ufffd"
                if other != name:
                    raise ArchiveError(
                        "zip-unicode-path-mismatch",
                        "the entry carries a second (Unicode path) name that differs from its name; "
                        "readers disagree on which one to use, so it is refused.",
                        name,
                    )
            e += 4 + xlen
        if disk_start != 0:
            raise _corrupt("multi-disk archives are not supported")
        entries.append(
            ZipEntry(
                name=name,
                flags=flags,
                method=method,
                crc=crc,
                compressed_size=csize,
                declared_size=usize,
                unix_mode=(external >> 16) if made_by == 3 else 0,
                dos_directory=bool(external & 0x10),
                local_offset=local,
            )
        )
        entries[-1].data_start = _check_local(fd, entries[-1], raw_name, cd_offset)
        pos = end
    if n != count:
        raise _corrupt(
            f"the end record counts {count} entries but the central directory holds {n} "
            "(the end record and central directory disagree)"
        )
    ordered = sorted(entries, key=lambda x: x.local_offset)
    for a, b in zip(ordered, ordered[1:]):
        if a.data_start + a.compressed_size > b.local_offset:
            raise ArchiveError(
                "zip-overlap",
                "the entry's data overlaps another entry's (a zip bomb trick); refused.",
                b.name,
            )
    # Entries and directory must tile the file: bytes nobody accounts for (a prefix, a local
    # entry the directory does not list) are what streaming readers see and others skip.
    ends = {0}
    for entry in [*ordered, None]:
        start = cd_offset if entry is None else entry.local_offset
        if start not in ends:
            at = min(ends)
            raise _corrupt(
                f"{start - at} bytes at offset {at} belong to no entry the central directory "
                "lists (the central directory and the entries disagree)"
            )
        if entry is not None:
            ends = _entry_ends(fd, entry)
    return entries


def _entry_ends(fd: int, entry: ZipEntry) -> set[int]:
    """Where an entry's bytes may end: its data, then its data descriptor if it has one
    (with or without its signature, with 4- or 8-byte sizes: writers differ)."""
    end = entry.data_start + entry.compressed_size
    if not entry.flags & 0x8:
        return {end}
    head = os.pread(fd, 4, end)
    signed = 4 if len(head) == 4 and _u32(head, 0) == 0x08074B50 else 0
    return {end + signed + 4 + 8, end + signed + 4 + 16}


def _decode_name(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def _check_local(fd: int, entry: ZipEntry, raw_name: bytes, cd_offset: int) -> int:
    name = entry.name
    if entry.local_offset + 30 > cd_offset:
        raise _corrupt(f"no local header for {json.dumps(name, ensure_ascii=False)}")
    head = _pread(fd, 30, entry.local_offset)
    if _u32(head, 0) != 0x04034B50:
        raise _corrupt(f"no local header for {json.dumps(name, ensure_ascii=False)}")
    flags, method = _u16(head, 6), _u16(head, 8)
    crc, csize, usize = _u32(head, 14), _u32(head, 18), _u32(head, 22)
    name_len, extra_len = _u16(head, 26), _u16(head, 28)
    local_name = _pread(fd, name_len, entry.local_offset + 30) if name_len else b""
    if local_name != raw_name:
        raise ArchiveError(
            "zip-local-name-mismatch",
            "the local header names the entry differently from the central directory; "
            "readers disagree on which one to use, so it is refused.",
            name,
        )
    if method != entry.method or (flags & 1) != (entry.flags & 1):
        raise ArchiveError(
            "zip-local-header-mismatch",
            "the local header disagrees with the central directory (method or encryption).",
            name,
            what="method",
        )
    if not flags & 0x8:
        sizes_ok = (csize in (entry.compressed_size, 0xFFFFFFFF)) and (
            usize in (entry.declared_size, 0xFFFFFFFF)
        )
        if crc != entry.crc or not sizes_ok:
            raise ArchiveError(
                "zip-local-header-mismatch",
                "the local header disagrees with the central directory (sizes or checksum).",
                name,
                what="sizes",
            )
    data_start = entry.local_offset + 30 + name_len + extra_len
    if data_start + entry.compressed_size > cd_offset:
        raise _corrupt(f"the data of {json.dumps(name, ensure_ascii=False)} runs past the end")
    return data_start


def _zip_plan(fd: int, size: int, limits: Limits) -> tuple[_Collector, list[tuple[ZipEntry, str | None]]]:
    """Check every entry's name, type and declared size; returns files to inflate."""
    collector = _Collector(limits, size)
    todo: list[tuple[ZipEntry, str | None]] = []
    for entry in read_zip_directory(fd, size):
        name = entry.name
        kind = entry.unix_mode & _S_IFMT
        if kind == _S_IFLNK:
            collector.count(name)
            check_entry_name(name)
            collector.refuse_type(name, "symlink")
        if kind not in (0, _S_IFREG, _S_IFDIR):
            collector.count(name)
            collector.refuse_type(name, "device")
        if kind == _S_IFDIR or entry.dos_directory or name.endswith("/"):
            if entry.declared_size != 0:
                raise ArchiveError(
                    "zip-folder-data",
                    f"a folder entry declares {entry.declared_size} bytes of data; readers disagree "
                    "on what to do with them, so it is refused.",
                    name,
                    size=entry.declared_size,
                )
            folder = collector.add_folder(name)
            if folder is not None:
                todo.append((entry, None))
            continue
        path = collector.check_file(name)
        if entry.flags & 0x1:
            raise ArchiveError("encrypted", "encrypted entries are not supported.", name)
        if entry.method not in (0, 8):
            raise ArchiveError(
                "unsupported-method",
                "the entry uses a compression method other than DEFLATE or none, which is not supported.",
                name,
            )
        declared = entry.declared_size
        if entry.method == 0 and entry.compressed_size != declared:
            raise ArchiveError(
                "stored-size-mismatch",
                f"the archive says {declared} bytes but stores {entry.compressed_size}.",
                name,
                declared=declared,
                stored=entry.compressed_size,
            )
        if path is None:
            continue
        if declared > max(RATIO_FLOOR_BYTES, limits.max_ratio * max(1, entry.compressed_size)):
            raise _entry_bomb(limits, name)
        collector.add_file(path, declared)
        todo.append((entry, path))
    return collector, todo


def _inflate(
    fd: int,
    entry: ZipEntry,
    cap: int,
    on_exceed: Callable[[int], ArchiveError],
    out: BinaryIO | None,
    ctx: _Ctx,
) -> int:
    """Inflate (or copy) one entry, refusing as soon as it produces more than ``cap`` bytes."""
    name = entry.name
    produced = 0
    crc = 0
    remaining = entry.compressed_size
    at = entry.data_start
    inflater = zlib.decompressobj(-15) if entry.method == 8 else None

    def emit(chunk: bytes) -> None:
        nonlocal produced, crc
        if not chunk:
            return
        produced += len(chunk)
        if produced > cap:
            raise on_exceed(produced)
        crc = zlib.crc32(chunk, crc)
        if out is not None:
            out.write(chunk)
            ctx.add(len(chunk))

    try:
        while remaining > 0:
            ctx.check()
            piece = _pread(fd, min(_PIECE, remaining), at)
            at += len(piece)
            remaining -= len(piece)
            if inflater is None:
                emit(piece)
                continue
            data = piece
            while data and not inflater.eof:
                emit(inflater.decompress(data, min(_PIECE, cap - produced + 1)))
                data = inflater.unconsumed_tail
            if inflater.eof:
                break
        if inflater is not None:
            while not inflater.eof:
                chunk = inflater.decompress(b"", min(_PIECE, cap - produced + 1))
                if not chunk:
                    raise _data_corrupt("the compressed stream is truncated", name)
                emit(chunk)
    except zlib.error as e:
        raise _data_corrupt(str(e), name) from None
    if produced != entry.declared_size:
        raise ArchiveError(
            "inflated-size-mismatch",
            f"the archive says {entry.declared_size} bytes but the entry inflates to {produced}.",
            name,
            declared=entry.declared_size,
            actual=produced,
        )
    if crc != entry.crc:
        raise ArchiveError("crc-mismatch", "the data does not match its CRC-32 checksum (corrupt).", name)
    return produced


def _zip_inflate_all(
    fd: int,
    collector: _Collector,
    todo: list[tuple[ZipEntry, str | None]],
    sink: Sink | None,
    ctx: _Ctx,
    executor: Executor | None = None,
    workers: int = 1,
) -> None:
    """Inflate every planned entry under its cap (into ``sink`` if given).

    With an ``executor``, up to ``2 * workers`` entries are inflated and written at once
    (zlib and file writes release the GIL); the first error is raised once those in
    flight have stopped, and the caller removes the folder.
    """
    limits = collector.limits
    done = 0
    running: deque[Future] = deque()
    try:
        for entry, path in todo:
            ctx.check()
            if path is None:
                if sink is not None:
                    sink.folder(check_entry_name(entry.name))
                continue
            job = functools.partial(_inflate_one, fd, entry, path, limits, done, sink, ctx)
            done += entry.declared_size
            if executor is None or sink is None:
                job()
                continue
            running.append(executor.submit(job))
            while len(running) > 2 * workers or (running and running[0].done()):
                running.popleft().result()
        while running:
            running.popleft().result()
    finally:
        for f in running:
            f.cancel()
        for f in running:
            if not f.cancelled():
                try:
                    f.result()
                except BaseException:  # noqa: S110 - the first error is already on its way up
                    pass


def _inflate_one(
    fd: int, entry: ZipEntry, path: str, limits: Limits, done: int, sink: Sink | None, ctx: _Ctx
) -> None:
    """Inflate one zip entry under its cap: its declared size, the total left, the ratio."""
    declared = entry.declared_size
    cap = min(
        declared,
        limits.max_total_bytes - done,
        int(max(RATIO_FLOOR_BYTES, limits.max_ratio * max(1, entry.compressed_size))),
    )

    def exceed(
        produced: int, declared: int = declared, name: str = entry.name, done: int = done
    ) -> ArchiveError:
        if produced > declared:
            return ArchiveError(
                "lying-size",
                f"the archive says {declared} bytes but the entry inflates to more: a lying size, refused.",
                name,
                declared=declared,
            )
        if produced > limits.max_total_bytes - done:
            return _over_total(limits, name)
        return _entry_bomb(limits, name)

    executable = bool(entry.unix_mode & 0o111)
    if sink is None:
        _inflate(fd, entry, cap, exceed, None, ctx)
    else:
        with sink.open(path, executable) as out:
            _inflate(fd, entry, cap, exceed, out, ctx)
        ctx.add(0, 1)


# ---------------------------------------------------------------- tar


class _Reader(Protocol):
    def read(self, n: int) -> bytes: ...


class _Gunzip:
    """A gunzipping reader that refuses output beyond the total or the ratio cap."""

    def __init__(self, raw: _Reader, limits: Limits, archive_bytes: int) -> None:
        self.raw = raw
        overhead = (limits.max_entries + 2) * 1024 + 10240
        by_total = limits.max_total_bytes + overhead
        by_ratio = max(RATIO_FLOOR_BYTES + overhead, limits.max_ratio * archive_bytes + overhead)
        self.cap = min(by_total, by_ratio)
        self.by_total = self.cap == by_total
        self.limits = limits
        self.produced = 0
        self._d = zlib.decompressobj(31)
        self._buf = b""
        self._pos = 0
        self._pending = b""

    def _refuse(self) -> ArchiveError:
        if self.by_total:
            return ArchiveError(
                "unpacks-over-total",
                f"the archive unpacks to more than {format_bytes(self.limits.max_total_bytes)} (the limit).",
                maxBytes=int(self.limits.max_total_bytes),
            )
        return ArchiveError(
            "stream-bomb",
            f"the archive inflates more than {_num(self.limits.max_ratio)} times its size: "
            "refused as a likely archive bomb.",
            maxRatio=_ratio(self.limits.max_ratio),
        )

    def _fill(self) -> bool:
        """Produce more output into the buffer; False at the end of the data."""
        while True:
            if self._d.eof:
                # Another gzip member may follow (gzip(1) and Python read them all).
                rest = self._d.unused_data + self._pending
                if not rest:
                    rest = self.raw.read(_PIECE)
                    if not rest:
                        return False
                self._d = zlib.decompressobj(31)
                self._pending = rest
            if not self._pending:
                self._pending = self.raw.read(_PIECE)
                if not self._pending:
                    try:
                        chunk = self._d.decompress(b"", _PIECE)
                    except zlib.error as e:
                        raise _gzip_corrupt(str(e)) from None
                    if chunk:
                        self._take(chunk)
                        return True
                    raise _gzip_corrupt("")
            try:
                chunk = self._d.decompress(self._pending, _PIECE)
            except zlib.error as e:
                raise _gzip_corrupt(str(e)) from None
            self._pending = self._d.unconsumed_tail
            if chunk:
                self._take(chunk)
                return True

    def _take(self, chunk: bytes) -> None:
        self.produced += len(chunk)
        if self.produced > self.cap:
            raise self._refuse()
        self._buf = chunk
        self._pos = 0

    def read(self, n: int) -> bytes:
        # An offset into the last piece, not slicing off its head: small reads of a large
        # piece must not copy the rest of it each time.
        if self._pos >= len(self._buf) and not self._fill():
            return b""
        out = self._buf[self._pos : self._pos + n]
        self._pos += len(out)
        return out


def _gzip_corrupt(detail: str) -> ArchiveError:
    """A gzip stream that does not inflate; ``detail`` is zlib's message, or '' when it is cut short."""
    if detail:
        return ArchiveError(
            "gzip-unreadable", f"this is not a readable gzip file: it is corrupt ({detail}).", detail=detail
        )
    return ArchiveError(
        "gzip-unreadable", "this is not a readable gzip file: it is corrupt or truncated.", detail=""
    )


class _Exact:
    """Reads exactly ``n`` bytes (or fewer only at the very end)."""

    def __init__(self, raw: _Reader) -> None:
        self.raw = raw

    def read(self, n: int) -> bytes:
        parts = []
        got = 0
        while got < n:
            chunk = self.raw.read(n - got)
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)


_ZERO_BLOCK = bytes(512)
_TWICE = "{} give one entry's name or size; tar readers pick different ones, so it is refused."


def _tar_corrupt(what: str) -> ArchiveError:
    """A tar whose headers cannot be read; ``what`` is the technical detail."""
    return ArchiveError(
        "tar-unreadable",
        f"this is not a readable tar archive: it is corrupt or truncated ({what}).",
        detail=what,
    )


def _pax_malformed(what: str) -> ArchiveError:
    return ArchiveError(
        "pax-malformed", f"this is not a readable tar archive: it is corrupt or truncated ({what})."
    )


def _tar_number(field: bytes, what: str) -> int:
    if field and field[0] & 0x80:
        if field[0] != 0x80:
            raise _tar_corrupt(f"negative or unusual {what}")
        return int.from_bytes(field[1:], "big")
    text = field.strip(b" \x00")
    if not text:
        return 0
    if any(c not in b"01234567" for c in text):
        raise _tar_corrupt(f"bad {what} field")
    return int(text, 8)


def _tar_name(field: bytes) -> str:
    raw = field.split(b"\x00", 1)[0]
    return _decode_name(raw)


def _parse_pax(data: bytes) -> dict[str, str]:
    records: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        if data[pos:].strip(b"\x00") == b"":
            break
        space = data.find(b" ", pos)
        if space < 0:
            raise _pax_malformed("bad pax header")
        try:
            length = int(data[pos:space])
        except ValueError:
            raise _pax_malformed("bad pax header") from None
        record = data[pos : pos + length]
        if length <= space - pos + 1 or len(record) != length or not record.endswith(b"\n"):
            raise _pax_malformed("bad pax header")
        key, sep, value = record[space - pos + 1 : -1].partition(b"=")
        if not sep:
            raise _pax_malformed("bad pax header")
        k = _decode_name(key)
        if k in records:
            raise _pax_malformed(f"the pax header repeats {k}")
        records[k] = _decode_name(value)
        pos += length
    return records


class _PoolWriter:
    """Writes small files on an executor, a bounded number at a time; errors come back here."""

    def __init__(self, sink: Sink, ctx: _Ctx, executor: Executor, workers: int) -> None:
        self.sink = sink
        self.ctx = ctx
        self.executor = executor
        self.limit = max(2, 4 * workers)
        self.running: deque[Future] = deque()

    def _one(self, path: str, executable: bool, data: bytes) -> None:
        with self.sink.open(path, executable) as out:
            out.write(data)
        self.ctx.add(len(data), 1)

    def write(self, path: str, executable: bool, data: bytes) -> None:
        self.running.append(self.executor.submit(self._one, path, executable, data))
        while len(self.running) > self.limit or (self.running and self.running[0].done()):
            self.running.popleft().result()

    def close(self, ok: bool) -> None:
        """Wait for every write; raise the first error only when nothing else is on its way up."""
        first: BaseException | None = None
        while self.running:
            try:
                self.running.popleft().result()
            except BaseException as e:  # noqa: BLE001 - kept and raised below
                first = first or e
        if ok and first is not None:
            raise first


def _read_tar(
    stream: _Reader,
    collector: _Collector,
    sink: Sink | None,
    ctx: _Ctx,
    executor: Executor | None = None,
    workers: int = 1,
) -> None:
    """Read a tar strictly, header by header, writing planned files to ``sink`` if given."""
    writer = _PoolWriter(sink, ctx, executor, workers) if sink is not None and executor is not None else None
    ok = False
    try:
        _read_tar_entries(stream, collector, sink, ctx, writer)
        ok = True
    finally:
        if writer is not None:
            writer.close(ok)


def _read_tar_entries(
    stream: _Reader, collector: _Collector, sink: Sink | None, ctx: _Ctx, writer: _PoolWriter | None
) -> None:
    src = _Exact(stream)
    pax: dict[str, str] | None = None
    long_name: str | None = None
    while True:
        ctx.check()
        block = src.read(512)
        if not block:
            if pax is not None or long_name is not None:
                raise _tar_corrupt("truncated after an extended header")
            return
        if len(block) != 512:
            raise _tar_corrupt("truncated header")
        if block == _ZERO_BLOCK:
            if pax is not None or long_name is not None:
                raise _tar_corrupt("an extended header with no entry after it")
            while True:
                rest = src.read(_PIECE)
                if not rest:
                    return
                if rest.count(0) != len(rest):
                    raise ArchiveError(
                        "tar-data-after-end",
                        "the archive has data after its end marker; readers disagree on whether to read "
                        "it, so it is refused.",
                    )
        header_name = _tar_name(block[0:100])
        try:
            checksum = _tar_number(block[148:156], "checksum")
        except ArchiveError:
            checksum = -1
        unsigned = sum(block[:148]) + 256 + sum(block[156:])
        # Old tars summed signed bytes: each byte over 127 then counts 256 less.
        if checksum != unsigned and checksum != unsigned - 256 * sum(
            1 for b in block[:148] + block[156:] if b > 127
        ):
            raise ArchiveError(
                "tar-checksum",
                "this is not a readable tar archive: it is corrupt or truncated (bad header checksum).",
                header_name,
            )
        magic = block[257:265]
        prefix_field = block[345:500]
        typeflag = block[156:157]
        if magic[:6] == b"ustar\x00":
            prefix = _tar_name(prefix_field)
            name = f"{prefix}/{header_name}" if prefix else header_name
        elif magic == b"ustar  \x00" or magic == bytes(8):
            if prefix_field.strip(b"\x00"):
                raise ArchiveError(
                    "tar-prefix-not-ustar",
                    "the header is not POSIX ustar but has bytes in the ustar prefix field; tar readers "
                    "disagree on the name (GNU magic with a prefix), so it is refused.",
                    header_name,
                )
            name = header_name
        else:
            raise _tar_corrupt("unknown header format")
        size = _tar_number(block[124:136], "size")
        if typeflag in (b"x", b"g", b"L", b"K"):
            if size > 1024 * 1024:
                raise ArchiveError(
                    "pax-too-large",
                    "this is not a readable tar archive: it is corrupt or truncated "
                    "(an extended header is too large).",
                )
            data = src.read(size)
            if len(data) != size:
                raise _tar_corrupt("truncated extended header")
            _skip(src, (-size) % 512)
            if typeflag == b"x":
                if pax is not None:
                    raise _extended_twice(_TWICE.format("two pax headers"))
                pax = _parse_pax(data)
                _refuse_sparse(pax, header_name)
            elif typeflag == b"g":
                glob = _parse_pax(data)
                _refuse_sparse(glob, header_name)
                keys = [k for k in ("path", "linkpath", "size") if k in glob]
                if keys:
                    raise ArchiveError(
                        "pax-global",
                        "a global pax header renames or resizes entries; tar readers disagree on it, "
                        "so it is refused.",
                        keys=keys,
                    )
            elif typeflag == b"L":
                if long_name is not None:
                    raise _extended_twice(_TWICE.format("two GNU long-name headers"))
                long_name = _decode_name(data.split(b"\x00", 1)[0])
            continue
        if pax is not None and "path" in pax and long_name is not None:
            raise _extended_twice(
                f"the entry has both a pax path ({json.dumps(pax['path'], ensure_ascii=False)}) and a GNU "
                f"long name ({json.dumps(long_name, ensure_ascii=False)}); tar readers disagree on which "
                "to use, so it is refused.",
                name,
            )
        if long_name is not None:
            name = long_name
        if pax is not None and "path" in pax:
            name = pax["path"]
        if pax is not None and "size" in pax:
            try:
                pax_size = int(pax["size"])
            except ValueError:
                raise _pax_malformed("bad pax size") from None
            if size not in (0, pax_size):
                raise ArchiveError(
                    "pax-size-mismatch",
                    "the pax size and the header size disagree; refused.",
                    name,
                    paxSize=pax_size,
                    headerSize=size,
                )
            size = pax_size
        pax = None
        long_name = None
        mode = _tar_number(block[100:108], "mode")
        if typeflag == b"0" and name.endswith("/"):
            raise ArchiveError(
                "file-name-slash",
                'a file entry whose name ends with "/": readers make it a file or a folder; refused.',
                name,
            )
        if typeflag == b"5" or (typeflag == b"\x00" and name.endswith("/")):
            if size != 0:
                raise ArchiveError(
                    "tar-folder-size" if typeflag == b"5" else "tar-old-folder-size",
                    f"a folder entry declares {size} bytes of data; tar readers disagree on whether they "
                    "are more entries or its body, so it is refused.",
                    name,
                    size=size,
                )
            path = collector.add_folder(name)
            if path is not None and sink is not None:
                sink.folder(path)
            continue
        if typeflag in (b"2", b"1"):
            collector.count(name)
            check_entry_name(name)
            collector.refuse_type(name, "symlink" if typeflag == b"2" else "hardlink")
        if typeflag in (b"3", b"4", b"6"):
            collector.count(name)
            collector.refuse_type(name, "device")
        if typeflag not in (b"0", b"\x00"):
            kind = typeflag.decode("latin-1")
            raise ArchiveError(
                "tar-entry-type",
                f"the entry type {json.dumps(kind)} is not supported (some readers would write it as a "
                "file, others skip it).",
                name,
                type=kind,
            )
        path = collector.check_file(name)
        if path is None:
            _skip(src, size + (-size) % 512, ctx)
            continue
        collector.check_size(path, size)
        if writer is not None and size <= _SMALL:
            # Small files: read here, create and write on the pool (creating files is what
            # takes the time on many file systems, and it overlaps well).
            data = src.read(size)
            if len(data) != size:
                raise _tar_corrupt(f"the data of {json.dumps(name, ensure_ascii=False)} is truncated")
            writer.write(path, bool(mode & 0o111), data)
            _skip(src, (-size) % 512)
            collector.add_file(path, size)
            continue
        out = sink.open(path, bool(mode & 0o111)) if sink is not None else None
        try:
            left = size
            while left > 0:
                ctx.check()
                chunk = src.read(min(_PIECE, left))
                if not chunk:
                    raise _tar_corrupt(f"the data of {json.dumps(name, ensure_ascii=False)} is truncated")
                left -= len(chunk)
                if out is not None:
                    out.write(chunk)
                    ctx.add(len(chunk))
        finally:
            if out is not None:
                out.close()
        if out is not None:
            ctx.add(0, 1)
        _skip(src, (-size) % 512)
        collector.add_file(path, size)


def _extended_twice(reason: str, name: str | None = None) -> ArchiveError:
    """More than one extended header gives an entry's name or size (``name``: that entry, when known)."""
    return ArchiveError("tar-extended-twice", reason, name)


def _refuse_sparse(records: dict[str, str], name: str) -> None:
    """GNU sparse files (pax ``GNU.sparse.*`` records) are refused, as in the browser."""
    if any(k.startswith("GNU.sparse.") for k in records):
        raise ArchiveError("pax-sparse", "GNU sparse files (a pax header) are not supported.", name)


def _skip(src: _Exact, n: int, ctx: _Ctx | None = None) -> None:
    while n > 0:
        if ctx is not None:
            ctx.check()
        chunk = src.read(min(_PIECE, n))
        if not chunk:
            raise _tar_corrupt("truncated")
        n -= len(chunk)


# ---------------------------------------------------------------- entry points


def _limits(max_total_bytes: int, max_entries: int, max_ratio: float) -> Limits:
    return Limits(int(max_total_bytes), int(max_entries), float(max_ratio))


def plan_extraction(
    path: str | os.PathLike,
    *,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    max_ratio: float = DEFAULT_MAX_RATIO,
) -> dict:
    """Plan the extraction of the archive at ``path`` without writing anything.

    Every entry is inflated (and the bytes dropped) so that sizes an archive lies about
    cannot slip through. The format comes from the file name (``.zip``, ``.tar.gz``,
    ``.tgz``, ``.tar``) or, failing that, from the file's first bytes.

    Returns:
        ``{"entries": [{"path": str, "size": int}], "total_bytes": int}``; hidden entries
        (which the Contents API cannot show) are left out.
    Raises:
        ArchiveError: (a ``ValueError``) naming the entry and the reason.
    """
    return plan_archive(str(path), _limits(max_total_bytes, max_entries, max_ratio)).public()


def plan_archive(path: str, limits: Limits, kind: str | None = None) -> Plan:
    """:func:`plan_extraction` with the full result (skipped entries, folders)."""
    return _run(path, limits, kind, sink=None, ctx=_Ctx(None, None))


def _run(path: str, limits: Limits, kind: str | None, sink: Sink | None, ctx: _Ctx) -> Plan:
    kind = kind or archive_kind(os.path.basename(path)) or _sniff_kind(path)
    if kind is None:
        name = os.path.basename(path)
        raise ArchiveError(
            "not-archive", f'"{name}" is not a .zip, .tar.gz, .tgz or .tar archive.', name=name
        )
    size = os.path.getsize(path)
    if kind == "zip":
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            collector, todo = _zip_plan(fd, size, limits)
            _zip_inflate_all(fd, collector, todo, sink, ctx)
        finally:
            os.close(fd)
        return collector.finish()
    with open(path, "rb") as f:
        return read_tar_stream(f, limits, size, gzipped=kind == "tar.gz", sink=sink, ctx=ctx)


def read_tar_stream(
    stream: _Reader,
    limits: Limits,
    archive_bytes: int,
    *,
    gzipped: bool,
    sink: Sink | None,
    ctx: _Ctx | None = None,
    executor: Executor | None = None,
    workers: int = 1,
) -> Plan:
    """Check (and, given a sink, write) a tar or tar.gz read from a stream, in one pass.

    Entries come in order, so each is checked before its bytes are written; the caller
    writes into a hidden folder and removes it if this raises.
    """
    ctx = ctx or _Ctx(None, None)
    collector = _Collector(limits, archive_bytes)
    reader: _Reader = _Gunzip(stream, limits, archive_bytes) if gzipped else stream
    _read_tar(reader, collector, sink, ctx, executor, workers)
    return collector.finish()


def extract_archive(
    path: str,
    dest: str,
    limits: Limits,
    *,
    kind: str | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
    on_plan: Callable[[Plan], None] | None = None,
    executor: Executor | None = None,
    workers: int = 1,
) -> Plan:
    """Check the archive and write its planned entries into ``dest`` (a fresh, empty folder).

    A zip's structure and declared sizes are checked first (``on_plan`` is told the plan),
    then each entry is inflated under a cap of its declared size. A tar is checked and
    written in one pass. On any error the caller removes ``dest``.
    """
    sink = FolderSink(dest)
    ctx = _Ctx(cancel, progress)
    kind = kind or archive_kind(os.path.basename(path)) or _sniff_kind(path)
    if kind == "zip":
        size = os.path.getsize(path)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            collector, todo = _zip_plan(fd, size, limits)
            plan = collector.finish()
            if on_plan is not None:
                on_plan(plan)
            _zip_inflate_all(fd, collector, todo, sink, ctx, executor, workers)
        finally:
            os.close(fd)
        return plan
    return _run(path, limits, kind, sink, ctx)


def is_regular_file(path: str) -> bool:
    """Whether ``path`` is a regular file (not following a final symlink)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
