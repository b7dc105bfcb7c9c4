"""HTTP to Zenodo: a streamed download with back-pressure and a streamed bucket PUT.

Tornado's own client (what jupyter_server already depends on). Redirects are followed by
hand, only to allowed origins, and the token never follows a redirect to another origin.
The token travels in an ``Authorization`` header only: never in a URL, a log line or an
error message (:func:`redact` scrubs messages that echo what was sent).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

from tornado.http1connection import HTTP1Connection, HTTP1ConnectionParameters
from tornado.httpclient import HTTPRequest, HTTPResponse
from tornado.iostream import IOStream
from tornado.simple_httpclient import SimpleAsyncHTTPClient

try:  # a private class: without it, Tornado's default 64 KiB pieces work too, only slower
    from tornado.simple_httpclient import _HTTPConnection
except ImportError:  # pragma: no cover
    _HTTPConnection = None  # type: ignore[assignment,misc]

from .jobs import JobError

TRANSFER_TIMEOUT = 24 * 3600.0
CONNECT_TIMEOUT = 30.0
_MAX_REDIRECTS = 5
_READ_CHUNK = 1024 * 1024


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased, default ports dropped."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or (scheme, port) in (("https", 443), ("http", 80)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def host_allowed(url: str, zenodo_url: str, allowed_hosts: list[str]) -> bool:
    """Whether ``url`` goes to the configured Zenodo or a host the admin allows.

    ``allowed_hosts`` entries are origins (``https://data.example.org``) or bare host
    names (``data.example.org``, ``data.example.org:8443``, any of http/https).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return False
    target = origin(url)
    if target == origin(zenodo_url):
        return True
    netloc = target.split("://", 1)[1]
    for entry in allowed_hosts:
        entry = entry.strip().rstrip("/").lower()
        if not entry:
            continue
        if "://" in entry:
            if target == origin(entry):
                return True
        elif netloc == entry or (parts.hostname or "").lower() == entry:
            return True
    return False


class _Stop(Exception):
    """Raised from a body callback to drop the connection when the job stops."""


def redact(text: str, token: str | None) -> str:
    """Remove the token from a text that might echo it."""
    if token:
        text = text.replace(token, "[token]")
    return text


class _BigChunkConnection(_HTTPConnection or object):  # type: ignore[misc]
    """Hands the body over in pieces of up to 1 MiB (Tornado's default is 64 KiB), which
    cuts the per-piece Python work of a large download by as much."""

    def _create_connection(self, stream: IOStream) -> HTTP1Connection:
        stream.set_nodelay(True)
        stream.read_chunk_size = _READ_CHUNK
        return HTTP1Connection(
            stream,
            True,
            HTTP1ConnectionParameters(
                no_keep_alive=True,
                max_header_size=self.max_header_size,
                max_body_size=self.max_body_size,
                decompress=bool(self.request.decompress_response),
                chunk_size=_READ_CHUNK,
            ),
            self._sockaddr,
        )


class _Client(SimpleAsyncHTTPClient):
    def _connection_class(self) -> type:
        return _BigChunkConnection if _HTTPConnection is not None else super()._connection_class()


def _client() -> SimpleAsyncHTTPClient:
    return _Client(force_instance=True, max_body_size=1 << 62, max_buffer_size=1 << 62)


def _zenodo_message(status: int, body: bytes, token: str | None) -> str:
    message = ""
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
        if isinstance(data, dict):
            message = str(data.get("message") or "")
            errors = data.get("errors")
            if isinstance(errors, list) and errors:
                message += " " + "; ".join(
                    str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors
                )
    except (ValueError, UnicodeDecodeError):
        pass
    message = redact(message.strip(), token)[:500]
    return f"Zenodo answered {status}" + (f": {message}" if message else ".")


async def download(
    url: str,
    *,
    token: str | None,
    allowed: Callable[[str], bool],
    on_chunk: Callable[[bytes], Awaitable[None]],
    stopped: Callable[[], bool],
) -> None:
    """Stream ``url``'s body to ``on_chunk`` (awaited: back-pressure reaches the socket).

    Raises:
        JobError: ``host-not-allowed`` for a redirect elsewhere, ``zenodo-error`` for an
        HTTP error status, ``network`` when the connection fails or is cut.
    """
    client = _client()
    try:
        for _ in range(_MAX_REDIRECTS + 1):
            state: dict = {"status": None, "error_body": b""}

            def on_header(line: str, state: dict = state) -> None:
                if line.startswith("HTTP/"):
                    try:
                        state["status"] = int(line.split(" ", 2)[1])
                    except (IndexError, ValueError):
                        state["status"] = 0

            async def on_body(chunk: bytes, state: dict = state) -> None:
                if stopped():
                    raise _Stop()
                if state["status"] == 200:
                    try:
                        await on_chunk(chunk)
                    except BaseException as e:
                        # Tornado turns it into a closed stream: keep the real reason.
                        state["failure"] = e
                        raise
                elif len(state["error_body"]) < 65536:
                    state["error_body"] += chunk

            headers = {"Accept": "*/*"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            request = HTTPRequest(
                url,
                method="GET",
                headers=headers,
                follow_redirects=False,
                decompress_response=False,
                connect_timeout=CONNECT_TIMEOUT,
                request_timeout=TRANSFER_TIMEOUT,
                header_callback=on_header,
                streaming_callback=on_body,
            )
            try:
                response: HTTPResponse = await client.fetch(request, raise_error=False)
            except (asyncio.CancelledError, JobError):
                raise
            except Exception as e:
                if state.get("failure") is not None:
                    raise state["failure"] from None
                if stopped():
                    raise JobError("cancelled", "The download was stopped.", 409) from None
                raise JobError(
                    "network", f"The download failed: {redact(_describe(e), token)}.", 502
                ) from None
            if state.get("failure") is not None:
                raise state["failure"]
            if response.code == 599:
                if isinstance(response.error, JobError):
                    raise response.error
                if stopped() or isinstance(response.error, _Stop):
                    raise JobError("cancelled", "The download was stopped.", 409)
                raise JobError(
                    "network", f"The download failed: {redact(_describe(response.error), token)}.", 502
                )
            if response.code in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise JobError("zenodo-error", "Zenodo redirected without a location.", 502)
                target = urljoin(url, location)
                if not allowed(target):
                    raise JobError(
                        "host-not-allowed",
                        f"The download redirects to {origin(target)}, "
                        "which the server is not allowed to reach.",
                        403,
                    )
                if origin(target) != origin(url):
                    token = None
                url = target
                continue
            if response.code != 200:
                raise JobError(
                    "zenodo-error", _zenodo_message(response.code, state["error_body"], token), 502
                )
            return
        raise JobError("zenodo-error", "Too many redirects.", 502)
    finally:
        client.close()


def _describe(e: BaseException | None) -> str:
    if e is None:
        return "unknown error"
    text = str(e) or type(e).__name__
    return text.replace("Stream closed", "the connection was closed")


async def put_file(
    url: str,
    path: str,
    size: int,
    *,
    token: str,
    pool: ThreadPoolExecutor,
    on_progress: Callable[[int], None],
    stopped: Callable[[], bool],
) -> dict:
    """PUT the file at ``path`` to a bucket URL as ``application/octet-stream``.

    Returns:
        Zenodo's JSON answer (``{"key", "size", "checksum", ...}``).
    """
    loop = asyncio.get_running_loop()
    piece = 1024 * 1024

    async def produce(write: Callable[[bytes], Awaitable[None]]) -> None:
        fd = os.open(path, os.O_RDONLY)
        try:
            sent = 0
            while sent < size:
                if stopped():
                    raise _Stop()
                chunk = await loop.run_in_executor(pool, os.pread, fd, min(piece, size - sent), sent)
                if not chunk:
                    raise JobError("changed", "The archive shrank while it was being uploaded.", 500)
                await write(chunk)
                sent += len(chunk)
                on_progress(sent)
        finally:
            os.close(fd)

    client = _client()
    try:
        request = HTTPRequest(
            url,
            method="PUT",
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/octet-stream",
                "Content-Length": str(size),
                "Accept": "application/json",
            },
            body_producer=produce,
            follow_redirects=False,
            decompress_response=True,
            connect_timeout=CONNECT_TIMEOUT,
            request_timeout=TRANSFER_TIMEOUT,
        )
        try:
            response = await client.fetch(request, raise_error=False)
        except (asyncio.CancelledError, JobError):
            raise
        except Exception as e:
            if stopped():
                raise JobError("cancelled", "The upload was stopped.", 409) from None
            raise JobError("network", f"The upload failed: {redact(_describe(e), token)}.", 502) from None
        if response.code == 599:
            if isinstance(response.error, JobError):
                raise response.error
            if stopped() or isinstance(response.error, _Stop):
                raise JobError("cancelled", "The upload was stopped.", 409)
            raise JobError("network", f"The upload failed: {redact(_describe(response.error), token)}.", 502)
        if response.code not in (200, 201):
            raise JobError("zenodo-error", _zenodo_message(response.code, response.body or b"", token), 502)
        try:
            body = json.loads(response.body or b"{}")
        except ValueError:
            body = {}
        return body if isinstance(body, dict) else {"response": body}
    finally:
        client.close()
