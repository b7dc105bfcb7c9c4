"""REST handlers of the server companion (its API: docs/companion.md).

Every handler is an ``APIHandler`` authenticated and authorized like the Contents API
(resource ``contents``), XSRF as Jupyter does it. The work itself lives in modules that
know nothing of Tornado (``jobs``, ``transfers``, ``extract``, ``zipper``, ``zenodo``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import queue
import threading
from dataclasses import dataclass, field
from typing import Any

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado.iostream import StreamClosedError

from . import transfers
from .extract import Cancelled
from .inspect import inspect_files
from .jobs import Job, JobError, JobRegistry
from .transfers import Config, ImportSink, Pools
from .zipper import ZipError

log = logging.getLogger(__name__)

TOKEN_HEADER = "X-Zenodo-Token"  # noqa: S105 - a header name, not a secret
UPLOAD_WAIT_SECONDS = 600.0
_DEFAULT_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "not-allowed",
}


@dataclass
class Upload:
    """An import whose bytes the browser will PUT (``source: upload``)."""

    sink: ImportSink
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    claimed: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    async def fill(self) -> None:
        self.sink.job.set_phase("waiting-for-data", self.sink.req.size, None)
        self.ready.set()
        try:
            await asyncio.wait_for(self.claimed.wait(), UPLOAD_WAIT_SECONDS)
        except asyncio.TimeoutError:
            raise JobError("network", "No data arrived from the browser.", 408) from None
        await asyncio.shield(self.done)


@dataclass
class State:
    """What the handlers share: the config, the jobs, the thread pools."""

    config: Config
    registry: JobRegistry
    pools: Pools
    version: str
    uploads: dict[str, Upload] = field(default_factory=dict)
    busy: set[str] = field(default_factory=set)


class ApiError(tornado.web.HTTPError):
    """An HTTP error with the stable ``code`` the frontend switches on (and ``details``, if any)."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(status, "%s", message)
        self.code = code
        self.message = message
        self.details = details


class BaseHandler(APIHandler):
    """JSON errors as ``{"message", "code"}`` (plus ``details`` when the error has them, e.g. an
    archive refusal's ``reason`` and ``entry``); never echoes request headers."""

    auth_resource = "contents"

    @property
    def state(self) -> State:
        return self.settings["jupyterlab_artifacts"]

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json")
        exc = kwargs.get("exc_info", (None, None, None))[1]
        code = getattr(exc, "code", None) or _DEFAULT_CODES.get(status_code, "error")
        if isinstance(exc, ApiError):
            message = exc.message
        elif isinstance(exc, tornado.web.HTTPError) and exc.log_message and not exc.args:
            message = exc.log_message
        else:
            message = self._reason or "Error"
        body: dict[str, Any] = {"message": message, "code": code}
        if isinstance(exc, ApiError) and exc.details:
            body["details"] = exc.details
        self.finish(json.dumps(body))

    def fail(self, error: JobError) -> None:
        raise ApiError(error.status, error.code, error.message, error.details)


class InfoHandler(BaseHandler):
    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        cfg = self.state.config
        self.finish(
            {
                "version": self.state.version,
                "capabilities": ["import", "import-upload", "publish", "download", "inspect"],
                "limits": {
                    "maxImportBytes": cfg.max_import_bytes,
                    "maxExtractedBytes": cfg.max_extracted_bytes,
                    "maxEntries": cfg.max_entries,
                    "maxRatio": cfg.max_ratio,
                },
                "allowedHosts": [cfg.zenodo_url, *cfg.allowed_hosts],
            }
        )


class JobsHandler(BaseHandler):
    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        self.finish({"jobs": [j.to_json() for j in self.state.registry.list()]})

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise ApiError(400, "bad-request", "The body is not JSON.") from None
        if not isinstance(body, dict):
            raise ApiError(400, "bad-request", "The body must be a JSON object.")
        token = self.request.headers.get(TOKEN_HEADER) or None
        state = self.state
        try:
            if body.get("kind") == "import":
                job = self._start_import(body, token)
            elif body.get("kind") == "publish":
                job = self._start_publish(body, token)
            else:
                raise JobError("bad-request", "kind must be 'import' or 'publish'.", 400)
        except JobError as e:
            self.fail(e)
        upload = state.uploads.get(job.id)
        if upload is not None and job.task is not None:
            # Answer once the job waits for data (or has already failed, e.g. could not write).
            ready = asyncio.ensure_future(upload.ready.wait())
            await asyncio.wait([ready, job.task], return_when=asyncio.FIRST_COMPLETED)
            ready.cancel()
        self.set_status(202)
        self.set_header(
            "Location", url_path_join(self.base_url, "jupyterlab-artifacts", "api", "jobs", job.id)
        )
        self.finish(job.to_json())

    def _start_import(self, body: dict, token: str | None) -> Job:
        state = self.state
        req = transfers.validate_import(state.config, body, token, state.busy)
        job = Job("import", req.name)
        sink = ImportSink(job, state.config, req, state.pools)
        if req.url is None:
            upload = Upload(sink)
            state.uploads[job.id] = upload
            fill = upload.fill
        else:
            fill = transfers.download_into(sink, state.config)
        state.busy.add(req.target)

        async def work(job: Job) -> dict:
            try:
                return await transfers.run_import(job, sink, state.config, fill)
            finally:
                state.busy.discard(req.target)
                state.uploads.pop(job.id, None)

        return state.registry.start(job, work)

    def _start_publish(self, body: dict, token: str | None) -> Job:
        state = self.state
        req = transfers.validate_publish(state.config, body, token)
        job = Job("publish", req.key)

        async def work(job: Job) -> dict:
            return await transfers.run_publish(job, req, state.config, state.pools)

        return state.registry.start(job, work)


class JobHandler(BaseHandler):
    def _job(self, job_id: str) -> Job:
        job = self.state.registry.get(job_id)
        if job is None:
            raise ApiError(404, "not-found", "No such job (finished jobs are kept for a while only).")
        return job

    @tornado.web.authenticated
    @authorized
    def get(self, job_id: str) -> None:
        job = self._job(job_id)
        body = job.to_json()
        if not job.running:
            # The page asking now shows how the job ended.
            job.end_shown = True
        self.finish(body)

    @tornado.web.authenticated
    @authorized
    async def delete(self, job_id: str) -> None:
        job = self._job(job_id)
        if job.running:
            self.state.registry.cancel(job)
            if job.task is not None:
                try:
                    await asyncio.wait_for(asyncio.shield(job.task), 30)
                except (asyncio.TimeoutError, asyncio.CancelledError):
                    pass
        self.set_status(202)
        body = job.to_json()
        if not job.running:
            job.end_shown = True
        self.finish(body)


@tornado.web.stream_request_body
class JobDataHandler(BaseHandler):
    """``PUT jobs/<id>/data``: the raw bytes of an ``upload`` import, streamed, never buffered."""

    upload: Upload | None = None
    error: JobError | None = None

    async def prepare(self) -> None:  # type: ignore[override]
        await super().prepare()
        if self.request.method != "PUT":
            return
        # With a streamed body, the checks run here, before any byte is read.
        if not self.current_user:
            raise ApiError(403, "forbidden", "Not authenticated.")
        if not self.authorizer.is_authorized(self, self.current_user, "write", self.auth_resource):
            raise ApiError(403, "forbidden", "Not authorized.")
        job_id = self.path_kwargs.get("job_id") or (self.path_args[0] if self.path_args else "")
        upload = self.state.uploads.get(job_id)
        if upload is None or upload.claimed.is_set():
            raise ApiError(409, "not-waiting", "This job is not waiting for data.")
        upload.claimed.set()
        self.upload = upload
        await upload.ready.wait()
        upload.sink.job.set_phase("downloading", upload.sink.req.size, None)
        # Our own count refuses bytes beyond the declared size with a clear code; this only caps the rest.
        self.request.connection.set_max_body_size(self.state.config.max_import_bytes + 1)  # type: ignore[attr-defined]

    async def data_received(self, chunk: bytes) -> None:
        if self.upload is None or self.error is not None:
            return
        if self.upload.sink.job.cancel_event.is_set():
            self.error = JobError("cancelled", "The job was cancelled.", 409)
            return
        try:
            await self.upload.sink.feed(chunk)
        except JobError as e:
            self.error = e
            if not self.upload.done.done():
                self.upload.done.set_exception(e)
        except (asyncio.CancelledError, Cancelled):
            self.error = JobError("cancelled", "The job was cancelled.", 409)
        except Exception as e:  # the job stopped under us (cancelled, disk error): stop reading
            self.error = JobError("cancelled", f"The job stopped ({type(e).__name__}).", 409)
            if not self.upload.done.done():
                self.upload.done.set_exception(self.error)

    @tornado.web.authenticated
    @authorized
    async def put(self, job_id: str) -> None:
        assert self.upload is not None
        if self.error is not None:
            self.fail(self.error)
        if not self.upload.done.done():
            self.upload.done.set_result(None)
        self.set_status(202)
        self.finish(self.upload.sink.job.to_json())

    def on_connection_close(self) -> None:
        upload = self.upload
        if upload is not None and not upload.done.done():
            upload.done.set_exception(JobError("network", "The browser stopped sending the file.", 400))
        super().on_connection_close()


class DownloadHandler(BaseHandler):
    """``GET download?path=&exclude=``: a folder as a zip, streamed with back-pressure."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        state = self.state
        rel = self.get_argument("path", "")
        patterns = self.get_arguments("exclude")
        try:
            folder = transfers.resolve_folder(state.config, rel)
        except JobError as e:
            self.fail(e)
        loop = asyncio.get_running_loop()
        items = await loop.run_in_executor(
            state.pools.io, transfers.walk_folder, folder, patterns, state.config.allow_hidden
        )
        # The page may name the zip (Download my work: "<user>-work.zip"); a plain
        # name only, whatever it sends.
        asked = self.get_argument("filename", "").replace("\\", "/").rsplit("/", 1)[-1]
        name = asked.removesuffix(".zip") if asked.strip(". ") else ""
        name = name or rel.strip("/").rsplit("/", 1)[-1] or "files"
        self.set_header("Content-Type", "application/zip")
        self.set_header("Content-Disposition", f'attachment; filename="{_header_safe(name)}.zip"')
        self.set_header("Cache-Control", "no-cache")
        cancel = threading.Event()
        pieces, done = transfers.stream_zip(items, state.pools, cancel)
        try:
            while True:
                piece = await loop.run_in_executor(state.pools.io, _get, pieces, done)
                if piece is None:
                    break
                self.write(piece)
                await self.flush()
                state.registry.touch()
            await asyncio.wrap_future(done)
        except (StreamClosedError, asyncio.CancelledError):
            cancel.set()
            return
        except Exception:
            cancel.set()
            log.exception("jupyterlab-artifacts: the folder zip failed")
            # Headers are gone: the only signal left is a cut connection.
            self.request.connection.stream.close()  # type: ignore[attr-defined]
            return
        finally:
            cancel.set()
        self.finish()


class InspectHandler(BaseHandler):
    """``POST inspect``: the Share preview's checks of a folder's listed files, on the server
    (links leading out and changed sizes refused, text searched for secrets)."""

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        state = self.state
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise ApiError(400, "bad-request", "The body is not JSON.") from None
        try:
            folder, files = _inspect_request(state.config, body)
        except JobError as e:
            self.fail(e)
        cancel = threading.Event()
        loop = asyncio.get_running_loop()
        try:
            found = await loop.run_in_executor(state.pools.io, inspect_files, folder, files, cancel.is_set)
        except ZipError as e:
            raise ApiError(400, "bad-path", str(e)) from None
        finally:
            # Stops the thread if this request goes away.
            cancel.set()
        state.registry.touch()
        self.finish(found.to_json())


def _inspect_request(cfg: Config, body: Any) -> tuple[str, list[tuple[str, int]]]:
    """The folder (absolute) and the (path, listed size) pairs of a ``POST inspect`` body."""
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("folder"), str)
        or not isinstance(body.get("files"), list)
    ):
        raise JobError("bad-request", "An inspection needs a folder and its list of files.", 400)
    listed = body["files"]
    if len(listed) > cfg.max_entries:
        raise JobError(
            "too-many-files",
            f"At most {cfg.max_entries} files are inspected at a time; {len(listed)} were sent.",
            400,
        )
    folder = transfers.resolve_folder(cfg, body["folder"])
    files: list[tuple[str, int]] = []
    for entry in listed:
        path = entry.get("path") if isinstance(entry, dict) else None
        size = entry.get("size") if isinstance(entry, dict) else None
        if not isinstance(path, str) or not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise JobError("bad-request", "Each file needs a path and its listed size.", 400)
        parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
        if not parts or ".." in parts or path.startswith("/"):
            raise JobError("bad-path", f"{path!r} is not a path inside the folder.", 400)
        if not cfg.allow_hidden and any(p.startswith(".") for p in parts):
            raise JobError("bad-path", f"{path!r} is hidden.", 400)
        files.append((path, size))
    return folder, files


def _get(q: queue.Queue[bytes | None], done: Any) -> bytes | None:
    while True:
        try:
            return q.get(timeout=0.2)
        except queue.Empty:
            if done.done():
                error = done.exception()
                if error is not None:
                    raise error from None
                if q.empty():
                    return None


def _header_safe(name: str) -> str:
    return "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)


def routes() -> list[tuple[str, type]]:
    """The routes, relative to ``<base_url>`` (the extension app prefixes it)."""
    base = url_path_join("jupyterlab-artifacts", "api")
    job = r"(?P<job_id>[0-9a-f]+)"
    return [
        (url_path_join(base, "info"), InfoHandler),
        (url_path_join(base, "jobs"), JobsHandler),
        (url_path_join(base, "jobs", job), JobHandler),
        (url_path_join(base, "jobs", job, "data"), JobDataHandler),
        (url_path_join(base, "download"), DownloadHandler),
        (url_path_join(base, "inspect"), InspectHandler),
    ]
