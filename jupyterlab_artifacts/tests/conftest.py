"""Fixtures: a real Zenodo stand-in (dev/standin) over HTTP and a Jupyter server with the companion."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest_plugins = ["pytest_jupyter.jupyter_server"]

REPO = Path(__file__).resolve().parents[2]
WRITE_TOKEN = "standin-write-5f0c7d2e9a1b4c3d8e7f6a5b4c3d2e1f"
OTHER_TOKEN = "standin-other-7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b"


class Standin:
    """The stand-in process, and helpers that drive it the way Zenodo is driven."""

    def __init__(self, url: str) -> None:
        self.url = url

    def call(
        self, method: str, path: str, body=None, *, token: str | None = WRITE_TOKEN, raw: bytes | None = None
    ):
        url = path if path.startswith("http") else self.url + path
        data = raw
        headers = {}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif raw is not None:
            headers["Content-Type"] = "application/octet-stream"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                payload = r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            payload = e.read()
            status = e.code
        try:
            return status, json.loads(payload) if payload else None
        except ValueError:
            return status, payload

    def draft(self) -> dict:
        status, dep = self.call(
            "POST",
            "/api/deposit/depositions",
            {
                "metadata": {
                    "title": "Companion test",
                    "upload_type": "dataset",
                    "description": "test",
                    "creators": [{"name": "Doe, Jane"}],
                    "publication_date": "2026-01-01",
                }
            },
        )
        assert status == 201, dep
        return dep

    def record(self, files: dict[str, bytes]) -> dict:
        """Publish a record holding ``files``; returns {key: {url, size, checksum}}."""
        dep = self.draft()
        for key, data in files.items():
            status, body = self.call("PUT", f"{dep['links']['bucket']}/{key}", raw=data)
            assert status == 201, body
        status, rec = self.call("POST", f"/api/deposit/depositions/{dep['id']}/actions/publish")
        assert status == 202, rec
        return {
            key: {
                "url": f"{self.url}/api/records/{rec['id']}/files/{key}/content",
                "size": len(data),
                "checksum": "md5:" + hashlib.md5(data).hexdigest(),
            }
            for key, data in files.items()
        }

    def fault(self, **rule) -> None:
        status, _ = self.call("POST", "/__standin/faults", {"rules": [rule]}, token=None)
        assert status == 200

    def clear(self) -> None:
        self.call("DELETE", "/__standin/faults", token=None)


@pytest.fixture(scope="session")
def standin():
    proc = subprocess.Popen(
        [
            "node",
            str(REPO / "dev" / "standin" / "cli.js"),
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--seed",
            "demo",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"the stand-in did not start: {line} {proc.stderr.read()}")
    yield Standin(match.group(1))
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def companion_config() -> dict:
    """Per-test overrides of ArtifactsCompanion's traits."""
    return {}


@pytest.fixture
def jp_server_config(standin, companion_config, tmp_path):
    temp = tmp_path / "companion-temp"
    temp.mkdir()
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_artifacts": True}},
        "ArtifactsCompanion": {
            "zenodo_url": standin.url,
            "reserve_bytes": 0,
            "temp_dir": str(temp),
            **companion_config,
        },
    }


@pytest.fixture(autouse=True)
def _clear_faults(standin):
    yield
    standin.clear()


async def wait_job(jp_fetch, job_id: str, timeout: float = 60.0) -> dict:
    """Poll a job until it finishes; returns its last state."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        r = await jp_fetch("jupyterlab-artifacts", "api", "jobs", job_id)
        job = json.loads(r.body)
        if job["phase"] in ("done", "failed", "cancelled"):
            return job
        if loop.time() > end:
            raise AssertionError(f"job still {job['phase']} after {timeout} s: {job}")
        await asyncio.sleep(0.02)


def listing(root: Path) -> list[str]:
    """Every path under ``root`` (hidden ones too), relative, sorted."""
    out = []
    for top, dirs, files in os.walk(root):
        for n in dirs + files:
            out.append(os.path.relpath(os.path.join(top, n), root))
    return sorted(out)


# What each archive-refusal parameter may hold (JSON values; sizes in bytes as integers).
_COUNTS = ("maxBytes", "maxEntries", "archiveBytes", "totalBytes", "size", "declared", "stored", "actual")
_PARAM_CHECKS = {
    **{name: lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0 for name in _COUNTS},
    "paxSize": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "headerSize": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "maxRatio": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0,
    "kind": lambda v: v in ("symlink", "hardlink", "device"),
    "what": lambda v: v in ("method", "sizes"),
    "keys": lambda v: isinstance(v, list) and v != [] and all(isinstance(k, str) for k in v),
    "type": lambda v: isinstance(v, str) and len(v) == 1,
    "character": lambda v: isinstance(v, str) and len(v) == 1 and v in '<>:"|?*',
    "segment": lambda v: isinstance(v, str) and v != "",
    "other": lambda v: isinstance(v, str) and v != "",
    "path": lambda v: isinstance(v, str) and v != "",
    "name": lambda v: isinstance(v, str),
    "detail": lambda v: isinstance(v, str),
}


def check_problem(error: BaseException) -> None:
    """An archive refusal is well formed: a code of ARCHIVE_CODES with exactly its parameters,
    each a JSON value of its kind, and the English message (for logs) as before."""
    from jupyterlab_artifacts.extract import ARCHIVE_CODES, ArchiveError

    assert isinstance(error, ArchiveError), repr(error)
    assert error.code in ARCHIVE_CODES, error.code
    assert sorted(error.params) == sorted(ARCHIVE_CODES[error.code]), (error.code, error.params)
    for name, value in error.params.items():
        assert _PARAM_CHECKS[name](value), (error.code, name, value)
    assert json.loads(json.dumps(error.problem, allow_nan=False)) == {"code": error.code, **error.params}
    assert error.entry is None or isinstance(error.entry, str)
    prefix = "" if error.entry is None else json.dumps(error.entry, ensure_ascii=False) + ": "
    assert str(error) == prefix + error.reason
    assert isinstance(error, ValueError)
