"""The import and publish jobs, and the folder zip stream, without Tornado handlers.

Import: the bytes (from Zenodo, or from the browser) are counted against the declared
size as they arrive, hashed, and either saved to a temporary file (a zip, whose directory
is at its end; a loose file) or, for a tar or tar.gz, checked and unpacked while they
arrive. Everything is written inside a hidden folder ``.<name>.artifacts-tmp-<id>``
beside the target, which is renamed into place only when all is written and checked;
on failure or cancel that folder is removed and nothing else is touched.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import queue
import shutil
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import quote

from . import zenodo
from .excludes import Excludes
from .extract import (
    ArchiveError,
    Cancelled,
    FolderSink,
    Limits,
    Plan,
    _Ctx,
    archive_kind,
    check_folder_name,
    extract_archive,
    read_tar_stream,
)
from .jobs import Job, JobError, in_thread
from .leftovers import NullLedger, TempLedger
from .zipper import Item, ZipError, list_files, write_zip

_BATCH = 1024 * 1024
_DISK_CHECK_EVERY = 32 * 1024 * 1024


@dataclass
class Config:
    """What the admin set (traitlets) plus where the server's files live."""

    root_dir: str
    zenodo_url: str = "https://zenodo.org"
    allowed_hosts: list[str] = field(default_factory=list)
    max_import_bytes: int = 5 * 10**9
    max_extracted_bytes: int = 10 * 10**9
    max_entries: int = 50000
    max_ratio: float = 200.0
    temp_dir: str = ""
    reserve_bytes: int = 100 * 10**6
    allow_hidden: bool = False
    # Where the temporary paths jobs make are recorded, for the next start if this server is killed.
    ledger: TempLedger = field(default_factory=NullLedger)

    def limits(self) -> Limits:
        return Limits(self.max_extracted_bytes, self.max_entries, self.max_ratio)


@dataclass
class Pools:
    """Threads for disk work and for deflating."""

    io: ThreadPoolExecutor
    compress: ThreadPoolExecutor
    workers: int


def disk_free(path: str) -> int:
    """Free bytes on the file system holding ``path`` (a seam tests can fake)."""
    return shutil.disk_usage(path).free


def check_free(path: str, need: int, reserve: int) -> None:
    free = disk_free(path)
    if free < need + reserve:
        raise JobError(
            "disk-full",
            f"Not enough free space on the server: {need + reserve} bytes needed (with a reserve of "
            f"{reserve}), {free} free.",
            507,
        )


def resolve_folder(cfg: Config, rel: str, *, must_exist: bool = True) -> str:
    """The absolute path of a server-relative folder, refusing anything that leaves the root."""
    root = os.path.realpath(cfg.root_dir)
    parts = [p for p in (rel or "").replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        raise JobError("bad-path", f"{rel!r} leaves the server's root folder.", 400)
    if not cfg.allow_hidden and any(p.startswith(".") for p in parts):
        raise JobError("bad-path", f"{rel!r} is hidden.", 400)
    full = os.path.realpath(os.path.join(root, *parts))
    if os.path.commonpath([root, full]) != root:
        raise JobError("bad-path", f"{rel!r} leads outside the server's root folder.", 400)
    if must_exist and not os.path.isdir(full):
        raise JobError("not-found", f"The folder {rel!r} does not exist.", 404)
    return full


def check_name(name: str, what: str) -> str:
    try:
        return check_folder_name(name)
    except ArchiveError as e:
        raise JobError("bad-name", f"The {what} {e}", 400, archive_details(e)) from None


def archive_details(e: ArchiveError) -> dict:
    """A refusal as the page words it: ``reason`` (the code with its parameters) and ``entry``."""
    details: dict = {"reason": e.problem}
    if e.entry is not None:
        details["entry"] = e.entry
    return details


def _refused(e: ArchiveError) -> JobError:
    return JobError("unsafe-entry", f"The archive was refused: {e}", 400, archive_details(e))


@dataclass
class ImportRequest:
    """A validated import job request."""

    key: str
    size: int
    md5: str | None
    parent: str
    name: str
    url: str | None = None
    token: str | None = field(default=None, repr=False)

    @property
    def target(self) -> str:
        return os.path.join(self.parent, self.name)

    def tmp(self, job: Job) -> str:
        return os.path.join(self.parent, f".{self.name}.artifacts-tmp-{job.id}")


def validate_import(cfg: Config, body: dict, token: str | None, busy: set[str]) -> ImportRequest:
    """Check an import request (``POST jobs`` with ``kind: import``) before a job starts."""
    key = body.get("key")
    size = body.get("size")
    if not isinstance(key, str) or not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise JobError("bad-request", "An import needs a file key and its size in bytes.", 400)
    key = check_name(key, "file name")
    checksum = body.get("checksum")
    md5 = None
    if checksum is not None:
        if not isinstance(checksum, str) or not checksum.lower().startswith("md5:"):
            raise JobError("bad-request", "The checksum must be 'md5:<hex>' or null.", 400)
        md5 = checksum[4:].lower()
        if len(md5) != 32 or any(c not in "0123456789abcdef" for c in md5):
            raise JobError("bad-request", "The checksum must be 'md5:<32 hex digits>'.", 400)
    if size > cfg.max_import_bytes:
        raise JobError(
            "too-large",
            f"The file is {size} bytes; this server imports at most {cfg.max_import_bytes} bytes.",
            413,
        )
    url = None
    if body.get("source") == "upload":
        pass
    else:
        url = body.get("url")
        if not isinstance(url, str) or not url:
            raise JobError("bad-request", "An import needs the file's URL (or source: upload).", 400)
        if not zenodo.host_allowed(url, cfg.zenodo_url, cfg.allowed_hosts):
            raise JobError(
                "host-not-allowed",
                f"The server may only download from {zenodo.origin(cfg.zenodo_url)}"
                + (" and the hosts its admin allows" if cfg.allowed_hosts else "")
                + f", not from {zenodo.origin(url)}.",
                403,
            )
    parent_rel = body.get("parent", "")
    if not isinstance(parent_rel, str):
        raise JobError("bad-request", "parent must be a folder path.", 400)
    parent = resolve_folder(cfg, parent_rel)
    name_raw = body.get("name")
    if not isinstance(name_raw, str):
        raise JobError("bad-request", "An import needs the new folder's name.", 400)
    name = check_name(name_raw, "folder name")
    target = os.path.join(parent, name)
    if os.path.lexists(target) or target in busy:
        raise JobError("exists", f"{name!r} already exists in that folder.", 409)
    check_free(parent, size, cfg.reserve_bytes)
    if cfg.temp_dir and archive_kind(key) == "zip":
        check_free(cfg.temp_dir, size, cfg.reserve_bytes)
    return ImportRequest(key=key, size=size, md5=md5, parent=parent, name=name, url=url, token=token)


class _Pipe:
    """Hands byte pieces from the event loop to the thread unpacking a tar as it arrives."""

    def __init__(self, cancel: threading.Event) -> None:
        self.q: queue.Queue[bytes | None] = queue.Queue(maxsize=16)
        self.cancel = cancel
        self.buf = b""
        self.pos = 0
        self.ended = False
        self.reader_done: Future | None = None

    def put(self, data: bytes | None) -> None:
        while True:
            if self.cancel.is_set() or (self.reader_done is not None and self.reader_done.done()):
                return
            try:
                self.q.put(data, timeout=0.2)
                return
            except queue.Full:
                continue

    def read(self, n: int) -> bytes:
        while self.pos >= len(self.buf) and not self.ended:
            if self.cancel.is_set():
                raise Cancelled()
            try:
                item = self.q.get(timeout=0.2)
            except queue.Empty:
                continue
            if item is None:
                self.ended = True
            else:
                self.buf, self.pos = item, 0
        out = self.buf[self.pos : self.pos + n]
        self.pos += len(out)
        return out


class ImportSink:
    """Receives an import's bytes (from Zenodo or the browser) and turns them into a folder."""

    def __init__(self, job: Job, cfg: Config, req: ImportRequest, pools: Pools) -> None:
        self.job = job
        self.cfg = cfg
        self.req = req
        self.pools = pools
        self.kind = archive_kind(req.key)
        self.tmp = req.tmp(job)
        self.out = os.path.join(self.tmp, "out")
        self.received = 0
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.file: BinaryIO | None = None
        self.download_path: str | None = None
        self.pipe: _Pipe | None = None
        self.reader: Future | None = None
        self.pending: list[bytes] = []
        self.pending_bytes = 0
        self.files_written = 0
        self.bytes_written = 0

    async def start(self) -> None:
        await in_thread(self.job, self.pools.io, self._prepare)

    def _prepare(self) -> None:
        self.cfg.ledger.add(self.tmp)
        os.mkdir(self.tmp, 0o755)
        os.mkdir(self.out, 0o755)
        if self.kind in ("tar", "tar.gz"):
            self.pipe = _Pipe(self.job.cancel_event)
            self.reader = self.pools.io.submit(self._unpack_stream, self.pipe)
            self.pipe.reader_done = self.reader
            return
        if self.kind == "zip":
            where = self.cfg.temp_dir or self.tmp
            fd, self.download_path = tempfile.mkstemp(
                prefix=".jupyterlab-artifacts-", suffix=".zip", dir=where
            )
            if self.cfg.temp_dir:
                self.cfg.ledger.add(self.download_path)
            self.file = os.fdopen(fd, "wb")
        else:
            self.download_path = os.path.join(self.out, self.req.key)
            fd = os.open(
                self.download_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644
            )
            self.file = os.fdopen(fd, "wb")

    def _progress_writer(self) -> Callable[[int, int], None]:
        checked = [0]

        def progress(done: int, files: int) -> None:
            self.bytes_written = done
            self.files_written = files
            if self.job.phase == "writing":
                self.job.progress(done, files)
            else:
                self.job.files_done = files
            if done - checked[0] >= _DISK_CHECK_EVERY:
                checked[0] = done
                check_free(self.req.parent, 0, self.cfg.reserve_bytes)

        return progress

    def _unpack_stream(self, pipe: _Pipe) -> Plan:
        ctx = _Ctx(self.job.cancel_event, self._progress_writer())
        return read_tar_stream(
            pipe,
            self.cfg.limits(),
            max(1, self.req.size),
            gzipped=self.kind == "tar.gz",
            sink=FolderSink(self.out),
            ctx=ctx,
            executor=self.pools.compress,
            workers=self.pools.workers,
        )

    async def feed(self, chunk: bytes) -> None:
        """Take the next bytes; awaiting this is the back-pressure on the sender."""
        self.received += len(chunk)
        if self.received > self.req.size:
            raise JobError(
                "size-mismatch",
                f"More bytes arrived than the {self.req.size} declared: the download was stopped.",
                400,
            )
        self.pending.append(chunk)
        self.pending_bytes += len(chunk)
        if self.pending_bytes >= _BATCH:
            await self._flush()
        self.job.progress(self.received)

    async def _flush(self) -> None:
        data = b"".join(self.pending)
        self.pending = []
        self.pending_bytes = 0
        if data:
            await in_thread(self.job, self.pools.io, self._consume, data)
        self._raise_reader_error()

    def _consume(self, data: bytes) -> None:
        self.md5.update(data)
        if self.file is not None:
            self.file.write(data)
        elif self.pipe is not None:
            self.pipe.put(data)

    def _raise_reader_error(self) -> None:
        if self.reader is not None and self.reader.done():
            error = self.reader.exception()
            if error is not None:
                raise _as_job_error(error)

    async def finish(self) -> dict:
        """All bytes are in: check size and checksum, unpack, rename into place."""
        await self._flush()
        if self.received != self.req.size:
            raise JobError(
                "size-mismatch",
                f"Only {self.received} of the {self.req.size} declared bytes arrived.",
                400,
            )
        if self.file is not None:
            await in_thread(self.job, self.pools.io, self.file.close)
            self.file = None
        if self.req.md5 is not None and self.md5.hexdigest() != self.req.md5:
            raise JobError(
                "checksum-mismatch",
                "The file's MD5 checksum does not match the one Zenodo gives: it was not imported.",
                400,
            )
        plan: Plan | None = None
        if self.pipe is not None and self.reader is not None:
            await in_thread(self.job, self.pools.io, self.pipe.put, None)
            try:
                plan = await asyncio.wrap_future(self.reader)
            except Exception as e:
                raise _as_job_error(e) from None
            self.job.set_phase("writing", plan.total_bytes, len(plan.entries))
            self.job.progress(plan.total_bytes, len(plan.entries))
        elif self.kind == "zip":
            self.job.set_phase("checking", None, None)
            plan = await in_thread(self.job, self.pools.io, self._unzip)
        files = len(plan.entries) if plan is not None else 1
        total = plan.total_bytes if plan is not None else self.req.size
        await in_thread(self.job, self.pools.io, self._commit)
        result: dict = {"path": self._relative(self.req.target), "files": files, "bytes": total}
        if plan is not None and plan.skipped:
            result["skipped"] = plan.skipped[:100]
        return result

    def _unzip(self) -> Plan:
        assert self.download_path is not None

        def on_plan(plan: Plan) -> None:
            check_free(self.req.parent, plan.total_bytes, self.cfg.reserve_bytes)
            self.job.set_phase("writing", plan.total_bytes, len(plan.entries))

        try:
            return extract_archive(
                self.download_path,
                self.out,
                self.cfg.limits(),
                kind="zip",
                cancel=self.job.cancel_event,
                progress=self._progress_writer(),
                on_plan=on_plan,
                executor=self.pools.compress,
                workers=self.pools.workers,
            )
        finally:
            _unlink(self.download_path)

    def _commit(self) -> None:
        target = self.req.target
        try:
            os.mkdir(target, 0o755)
        except FileExistsError:
            raise JobError(
                "exists", f"{self.req.name!r} appeared in the folder meanwhile; nothing was changed.", 409
            ) from None
        try:
            # Replaces only the empty folder made just above: rename(2) refuses a non-empty one.
            os.rename(self.out, target)
        except OSError:
            try:
                os.rmdir(target)
            except OSError:
                pass
            raise JobError(
                "exists", f"{self.req.name!r} changed in the folder meanwhile; nothing was changed.", 409
            ) from None

    def _relative(self, path: str) -> str:
        root = os.path.realpath(self.cfg.root_dir)
        return os.path.relpath(path, root).replace(os.sep, "/")

    async def abort(self) -> None:
        """Stop any unpacking thread and remove everything this job wrote."""
        self.job.cancel_event.set()
        if self.reader is not None:
            try:
                await asyncio.wrap_future(self.reader)
            except BaseException:  # noqa: S110 - its error was reported already (or is moot)
                pass
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.pools.io, self._remove)

    def _remove(self) -> None:
        if self.file is not None:
            try:
                self.file.close()
            except OSError:
                pass
        if self.download_path and self.cfg.temp_dir:
            _unlink(self.download_path)
            self.cfg.ledger.discard(self.download_path)
        shutil.rmtree(self.tmp, ignore_errors=True)
        if not os.path.lexists(self.tmp):
            self.cfg.ledger.discard(self.tmp)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _as_job_error(e: BaseException) -> BaseException:
    if isinstance(e, JobError):
        return e
    if isinstance(e, ArchiveError):
        return _refused(e)
    if isinstance(e, Cancelled):
        return asyncio.CancelledError()
    if isinstance(e, OSError) and e.errno == 28:
        return JobError("disk-full", "The server's disk is full; nothing was imported.", 507)
    return e


async def run_import(job: Job, sink: ImportSink, cfg: Config, fill: Callable[[], object]) -> dict:
    """Run an import whose bytes come from ``fill`` (an awaitable that feeds the sink)."""
    try:
        await sink.start()
        await fill()  # type: ignore[misc]
        result = await sink.finish()
    except ArchiveError as e:
        await sink.abort()
        raise _refused(e) from None
    except Cancelled:
        await sink.abort()
        raise asyncio.CancelledError() from None
    except BaseException:
        await sink.abort()
        raise
    # The tmp folder now holds at most the downloaded zip: remove it.
    await asyncio.get_running_loop().run_in_executor(sink.pools.io, sink._remove)
    return result


def download_into(sink: ImportSink, cfg: Config) -> Callable[[], object]:
    """The ``fill`` for an import from a URL: stream it from Zenodo into the sink."""
    req = sink.req
    assert req.url is not None
    url = req.url

    async def fill() -> None:
        sink.job.set_phase("downloading", req.size, None)
        # The token goes to the configured Zenodo only, never to another allowed host.
        same = zenodo.origin(url) == zenodo.origin(cfg.zenodo_url)
        await zenodo.download(
            url,
            token=req.token if same else None,
            allowed=lambda u: zenodo.host_allowed(u, cfg.zenodo_url, cfg.allowed_hosts),
            on_chunk=sink.feed,
            stopped=sink.job.cancel_event.is_set,
        )

    return fill


# ---------------------------------------------------------------- publish


@dataclass
class PublishRequest:
    """A validated publish job request."""

    folder: str
    files: list[str]
    extra: list[tuple[str, bytes]]
    url: str
    key: str
    token: str = field(repr=False)


def validate_publish(cfg: Config, body: dict, token: str | None) -> PublishRequest:
    """Check a publish request (``POST jobs`` with ``kind: publish``)."""
    if not token:
        raise JobError(
            "token-required", "Publishing needs the Zenodo token in the X-Zenodo-Token header.", 400
        )
    path = body.get("path")
    files = body.get("files")
    bucket = body.get("bucket")
    key = body.get("key")
    if not isinstance(path, str) or not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise JobError("bad-request", "A publish needs the folder's path and its list of files.", 400)
    if not isinstance(bucket, str) or not isinstance(key, str):
        raise JobError("bad-request", "A publish needs the draft's bucket link and a file key.", 400)
    key = check_name(key, "archive name")
    if not zenodo.host_allowed(bucket, cfg.zenodo_url, []):
        raise JobError(
            "host-not-allowed",
            f"The token is only ever sent to {zenodo.origin(cfg.zenodo_url)}, "
            f"not to {zenodo.origin(bucket)}.",
            403,
        )
    folder = resolve_folder(cfg, path)
    extra: list[tuple[str, bytes]] = []
    for item in body.get("extra") or []:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("path"), str)
            or not isinstance(item.get("content"), str)
        ):
            raise JobError("bad-request", "Each extra file needs a path and a text content.", 400)
        parts = [p for p in item["path"].split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            raise JobError("bad-request", f"{item['path']!r} is not a path inside the archive.", 400)
        extra.append(("/".join(parts), item["content"].encode("utf-8")))
    url = bucket.rstrip("/") + "/" + quote(key, safe="")
    return PublishRequest(folder=folder, files=list(files), extra=extra, url=url, key=key, token=token)


def temp_folder(cfg: Config) -> str:
    return cfg.temp_dir or tempfile.gettempdir()


async def run_publish(job: Job, req: PublishRequest, cfg: Config, pools: Pools) -> dict:
    """Zip the listed files (and the generated extras) and PUT the zip to the bucket."""
    job.set_phase("zipping", None, None)
    extra_names = {name for name, _ in req.extra}
    files = [f for f in req.files if f.strip("/") not in extra_names]
    try:
        items = await in_thread(job, pools.io, list_files, req.folder, files)
    except ZipError as e:
        raise JobError(e.code, str(e), 400) from None
    items += [Item(name, None, len(data), data=data) for name, data in req.extra]
    total = sum(i.size for i in items)
    job.set_phase("zipping", total, len(items))
    where = temp_folder(cfg)
    check_free(where, total, cfg.reserve_bytes)
    fd, path = tempfile.mkstemp(prefix=".jupyterlab-artifacts-", suffix=".zip", dir=where)
    cfg.ledger.add(path)
    try:
        with os.fdopen(fd, "w+b") as out:

            def build() -> int:
                return write_zip(
                    out,
                    items,
                    seekable=True,
                    pool=pools.compress,
                    cancel=job.cancel_event,
                    progress=job.progress,
                    workers=pools.workers,
                )

            try:
                size = await in_thread(job, pools.io, build)
            except ZipError as e:
                raise JobError(e.code, str(e), 400) from None
            except Cancelled:
                raise asyncio.CancelledError() from None
        job.set_phase("uploading", size, None)
        body = await zenodo.put_file(
            req.url,
            path,
            size,
            token=req.token,
            pool=pools.io,
            on_progress=job.progress,
            stopped=job.cancel_event.is_set,
        )
        job.progress(size)
        return {
            "path": os.path.relpath(req.folder, os.path.realpath(cfg.root_dir)).replace(os.sep, "/"),
            "files": len(items),
            "bytes": size,
            "upload": body,
        }
    finally:
        await asyncio.get_running_loop().run_in_executor(pools.io, _unlink, path)
        cfg.ledger.discard(path)


# ---------------------------------------------------------------- download folder as zip


def walk_folder(folder: str, patterns: list[str], allow_hidden: bool) -> list[Item]:
    """The files to put in a folder's zip: no links out of the folder, no special files."""
    root = os.path.realpath(folder)
    excludes = Excludes(patterns)
    items: list[Item] = []
    for top, dirs, names in os.walk(root, followlinks=False):
        rel_top = os.path.relpath(top, root).replace(os.sep, "/")
        rel_top = "" if rel_top == "." else rel_top + "/"
        keep = []
        for d in sorted(dirs):
            full = os.path.join(top, d)
            if os.path.islink(full) or (not allow_hidden and d.startswith(".")):
                continue
            if excludes.excluded(rel_top + d, True):
                continue
            keep.append(d)
        dirs[:] = keep
        for n in sorted(names):
            if not allow_hidden and n.startswith("."):
                continue
            rel = rel_top + n
            if excludes.excluded(rel, False):
                continue
            full = os.path.join(top, n)
            real = os.path.realpath(full)
            if os.path.commonpath([root, real]) != root:
                continue
            try:
                st = os.stat(real)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            items.append(Item(rel, real, st.st_size, mtime=st.st_mtime))
    return items


class _QueueWriter:
    """A file-like sink for a streamed zip: pieces go to a bounded queue the handler drains."""

    def __init__(self, q: queue.Queue[bytes | None], cancel: threading.Event) -> None:
        self.q = q
        self.cancel = cancel
        self.buf = bytearray()

    def write(self, b: bytes) -> int:
        self.buf += b
        if len(self.buf) >= _BATCH:
            self.flush()
        return len(b)

    def flush(self) -> None:
        if self.buf:
            self._put(bytes(self.buf))
            self.buf = bytearray()

    def _put(self, item: bytes | None) -> None:
        while True:
            if self.cancel.is_set():
                raise Cancelled()
            try:
                self.q.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        self.flush()
        self._put(None)


def stream_zip(
    items: list[Item], pools: Pools, cancel: threading.Event
) -> tuple[queue.Queue[bytes | None], Future]:
    """Start zipping ``items`` in a thread; the queue yields pieces, then None."""
    q: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
    writer = _QueueWriter(q, cancel)

    def run() -> None:
        write_zip(writer, items, seekable=False, pool=pools.compress, cancel=cancel, workers=pools.workers)
        writer.close()

    return q, pools.io.submit(run)


def iter_queue(q: queue.Queue[bytes | None]) -> Iterator[bytes]:  # pragma: no cover - helper for scripts
    while True:
        item = q.get()
        if item is None:
            return
        yield item
