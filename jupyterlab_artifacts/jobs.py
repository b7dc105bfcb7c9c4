"""Jobs: long transfers that run in the server's event loop and thread pools.

A job has a phase, bytes and files done out of a total, a rate and the time left; it can
be cancelled (its asyncio task is cancelled and the thread doing its disk or zlib work
stops at the next piece); finished jobs are kept for ``retention`` seconds. While a job
runs, the server counts as active for the idle culler.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

RUNNING_PHASES = {"queued", "waiting-for-data", "downloading", "checking", "writing", "zipping", "uploading"}
ACTIVITY_SECONDS = 5.0


def _iso(t: float | None) -> str | None:
    if t is None:
        return None
    return datetime.fromtimestamp(t, tz=timezone.utc).isoformat().replace("+00:00", "Z")


class JobError(Exception):
    """A job failed for a reason the person can act on; ``code`` is stable for the frontend.

    ``details`` are more fields for the page (JSON values, nothing secret), e.g. an archive
    refusal's ``reason`` (its code with parameters) and ``entry``: a failed job's ``error``
    carries them beside ``code`` and ``message``, an HTTP error body under ``details``.
    """

    def __init__(
        self, code: str, message: str, status: int = 400, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details

    def to_json(self) -> dict[str, Any]:
        """What a failed job's ``error`` says: ``code``, ``message`` and the details."""
        extra = {k: v for k, v in (self.details or {}).items() if k not in ("code", "message")}
        return {"code": self.code, "message": self.message, **extra}


class Job:
    """One transfer: what the ``jobs`` API reports."""

    def __init__(self, kind: str, label: str) -> None:
        self.id = uuid.uuid4().hex[:16]
        self.kind = kind
        self.label = label
        self.phase = "queued"
        self.bytes_done = 0
        self.bytes_total: int | None = None
        self.files_done = 0
        self.files_total: int | None = None
        self.started_at = time.time()
        self.finished_at: float | None = None
        self.result: dict | None = None
        self.error: dict | None = None
        # Whether a page has been told how the job ended (it fetched the job once
        # it was final): only jobs no page saw end are announced at start-up.
        self.end_shown = False
        self.cancel_event = threading.Event()
        self.task: asyncio.Task | None = None
        self._lock = threading.Lock()
        self._samples: deque[tuple[float, int]] = deque()

    @property
    def running(self) -> bool:
        return self.phase in RUNNING_PHASES

    def set_phase(self, phase: str, bytes_total: int | None = None, files_total: int | None = None) -> None:
        """Enter a phase; bytes and the rate start again from zero."""
        with self._lock:
            self.phase = phase
            self.bytes_done = 0
            self.bytes_total = bytes_total
            self.files_done = 0
            self.files_total = files_total
            self._samples.clear()
            self._samples.append((time.monotonic(), 0))

    def progress(self, bytes_done: int, files_done: int | None = None) -> None:
        """Report progress (from any thread)."""
        now = time.monotonic()
        with self._lock:
            self.bytes_done = bytes_done
            if files_done is not None:
                self.files_done = files_done
            if not self._samples or now - self._samples[-1][0] >= 0.2:
                self._samples.append((now, bytes_done))
                while len(self._samples) > 2 and now - self._samples[0][0] > 5.0:
                    self._samples.popleft()

    def rate(self) -> float | None:
        """Bytes per second over the last few seconds, or None before there is a measure."""
        with self._lock:
            if len(self._samples) < 2 and not self._samples:
                return None
            now = time.monotonic()
            t0, b0 = self._samples[0]
            elapsed = now - t0
            if elapsed < 0.2 or self.bytes_done <= b0:
                return None
            return (self.bytes_done - b0) / elapsed

    def finish(self, phase: str, result: dict | None = None, error: dict | None = None) -> None:
        with self._lock:
            self.phase = phase
            self.result = result
            self.error = error
            self.finished_at = time.time()

    def to_json(self) -> dict[str, Any]:
        rate = self.rate() if self.running else None
        left = None
        if rate and self.bytes_total is not None:
            left = max(0.0, (self.bytes_total - self.bytes_done) / rate)
        return {
            "id": self.id,
            "kind": self.kind,
            "phase": self.phase,
            "bytesDone": self.bytes_done,
            "bytesTotal": self.bytes_total,
            "filesDone": self.files_done,
            "filesTotal": self.files_total,
            "rate": round(rate, 1) if rate else None,
            "secondsLeft": round(left, 1) if left is not None else None,
            "startedAt": _iso(self.started_at),
            "finishedAt": _iso(self.finished_at),
            "label": self.label,
            "result": self.result,
            "error": self.error,
            "endShown": self.end_shown,
        }


class JobRegistry:
    """The server's jobs, their tasks, and the activity they give the idle culler."""

    def __init__(
        self,
        settings: MutableMapping[str, Any],
        retention_seconds: float,
        io_pool: ThreadPoolExecutor,
    ) -> None:
        self.settings = settings
        self.retention_seconds = retention_seconds
        self.io_pool = io_pool
        self.jobs: dict[str, Job] = {}
        self._activity: asyncio.Task | None = None

    def list(self) -> list[Job]:
        self.prune()
        return sorted(self.jobs.values(), key=lambda j: j.started_at)

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def prune(self) -> None:
        now = time.time()
        for job in list(self.jobs.values()):
            if job.finished_at is not None and now - job.finished_at > self.retention_seconds:
                del self.jobs[job.id]

    def start(self, job: Job, work: Callable[[Job], Awaitable[dict]]) -> Job:
        """Run ``work(job)`` as a task; its return value becomes the job's result."""
        self.prune()
        self.jobs[job.id] = job
        job.task = asyncio.ensure_future(self._run(job, work))
        self.touch()
        if self._activity is None or self._activity.done():
            self._activity = asyncio.ensure_future(self._keep_active())
        return job

    def cancel(self, job: Job) -> None:
        job.cancel_event.set()
        if job.task is not None and not job.task.done():
            job.task.cancel()

    async def shutdown(self) -> None:
        """Cancel every running job and wait (briefly) for their clean-up."""
        tasks = [j.task for j in self.jobs.values() if j.task is not None and not j.task.done()]
        for job in self.jobs.values():
            if job.running:
                self.cancel(job)
        if self._activity is not None:
            self._activity.cancel()
            tasks.append(self._activity)
        if tasks:
            await asyncio.wait(tasks, timeout=10)

    def touch(self) -> None:
        """Count as activity for the idle culler (``/api/status``'s ``last_activity``)."""
        self.settings["api_last_activity"] = datetime.now(timezone.utc)

    async def _keep_active(self) -> None:
        while any(j.running for j in self.jobs.values()):
            self.touch()
            await asyncio.sleep(ACTIVITY_SECONDS)
        self.touch()

    async def _run(self, job: Job, work: Callable[[Job], Awaitable[dict]]) -> None:
        try:
            result = await work(job)
        except asyncio.CancelledError:
            job.finish("cancelled", error={"code": "cancelled", "message": "The job was cancelled."})
        except JobError as e:
            job.finish("failed", error=e.to_json())
        except OSError as e:
            log.warning("jupyterlab-artifacts job %s failed: %s", job.id, e.strerror or type(e).__name__)
            code = "disk-full" if e.errno == 28 else "io-error"
            job.finish(
                "failed", error={"code": code, "message": f"The server could not write: {e.strerror}."}
            )
        except Exception as e:  # a bug: say so without leaking anything
            log.exception("jupyterlab-artifacts job %s failed", job.id)
            job.finish(
                "failed", error={"code": "internal", "message": f"The server failed ({type(e).__name__})."}
            )
        else:
            job.finish("done", result=result)
        finally:
            self.touch()


async def in_thread(job: Job | None, pool: ThreadPoolExecutor, fn: Callable[..., T], *args: Any) -> T:
    """Run blocking work in ``pool``; on cancel, stop it and wait until the thread has let go."""
    loop = asyncio.get_running_loop()
    fut = loop.run_in_executor(pool, fn, *args)
    try:
        return await asyncio.shield(fut)
    except asyncio.CancelledError:
        if job is not None:
            job.cancel_event.set()
        try:
            await fut
        except BaseException:  # noqa: S110 - the thread's own error is moot once cancelled
            pass
        raise
