"""Import jobs against the Zenodo stand-in over HTTP: zip, tar.gz, loose file, failures."""

from __future__ import annotations

import asyncio
import io
import json
import os
import tarfile
import zipfile
from datetime import datetime, timedelta

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_artifacts import transfers

from .conftest import WRITE_TOKEN, listing, wait_job

API = ("jupyterlab-artifacts", "api")


def make_zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def make_tgz(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


FILES = {
    "README.md": b"# Hello\n",
    "data/values.csv": b"a,b\n1,2\n" * 1000,
    "data/blob.bin": os.urandom(300_000),
    ".hidden/secret": b"never written",
}


async def post_job(jp_fetch, body: dict, headers: dict | None = None):
    return await jp_fetch(*API, "jobs", method="POST", body=json.dumps(body), headers=headers or {})


async def start_import(jp_fetch, file: dict, key: str, name: str, **extra) -> dict:
    body = {
        "kind": "import",
        "url": file["url"],
        "key": key,
        "size": file["size"],
        "checksum": file["checksum"],
        "parent": "",
        "name": name,
        **extra,
    }
    r = await post_job(jp_fetch, body)
    assert r.code == 202
    return json.loads(r.body)


async def test_info(jp_fetch, standin):
    r = await jp_fetch(*API, "info")
    info = json.loads(r.body)
    assert set(info["capabilities"]) == {"import", "import-upload", "publish", "download", "inspect"}
    assert info["limits"]["maxImportBytes"] == 5 * 10**9
    assert info["allowedHosts"][0] == standin.url
    assert isinstance(info["version"], str) and info["version"]


async def test_import_zip(jp_fetch, standin, jp_root_dir):
    rec = standin.record({"data.zip": make_zip(FILES)})
    job = await start_import(jp_fetch, rec["data.zip"], "data.zip", "imported")
    assert job["kind"] == "import" and job["label"] == "imported"
    job = await wait_job(jp_fetch, job["id"])
    assert job["phase"] == "done", job
    assert job["result"]["path"] == "imported"
    assert job["result"]["files"] == 3
    assert job["filesDone"] == job["filesTotal"] == 3
    assert (
        job["bytesDone"]
        == job["bytesTotal"]
        == sum(len(v) for k, v in FILES.items() if not k.startswith("."))
    )
    assert job["finishedAt"] is not None and job["error"] is None
    root = jp_root_dir
    assert listing(root) == [
        "imported",
        "imported/README.md",
        "imported/data",
        "imported/data/blob.bin",
        "imported/data/values.csv",
    ]
    assert (root / "imported" / "data" / "blob.bin").read_bytes() == FILES["data/blob.bin"]
    r = await jp_fetch(*API, "jobs")
    assert job["id"] in [j["id"] for j in json.loads(r.body)["jobs"]]


async def test_import_tgz_streams(jp_fetch, standin, jp_root_dir):
    files = {"a/b/c.txt": b"x" * 5000, "top.txt": b"top", "big.bin": os.urandom(2_000_000)}
    rec = standin.record({"data.tar.gz": make_tgz(files)})
    job = await start_import(jp_fetch, rec["data.tar.gz"], "data.tar.gz", "tgz")
    job = await wait_job(jp_fetch, job["id"])
    assert job["phase"] == "done", job
    assert job["result"]["files"] == 3
    for name, data in files.items():
        assert (jp_root_dir / "tgz" / name).read_bytes() == data
    assert [p for p in listing(jp_root_dir) if "artifacts-tmp" in p] == []


async def test_import_loose_file(jp_fetch, standin, jp_root_dir):
    (jp_root_dir / "course").mkdir()
    rec = standin.record({"notes.ipynb": b'{"cells": []}'})
    job = await start_import(jp_fetch, rec["notes.ipynb"], "notes.ipynb", "notes", parent="course")
    job = await wait_job(jp_fetch, job["id"])
    assert job["phase"] == "done", job
    assert job["result"] == {"path": "course/notes", "files": 1, "bytes": 13}
    assert listing(jp_root_dir) == ["course", "course/notes", "course/notes/notes.ipynb"]


async def test_upload_source_reports_progress(
    jp_fetch, http_server_client, jp_base_url, jp_auth_header, jp_root_dir
):
    data = make_zip({"one.txt": b"1" * 100_000, "two.bin": os.urandom(400_000)})
    body = {
        "kind": "import",
        "source": "upload",
        "key": "x.zip",
        "size": len(data),
        "checksum": None,
        "parent": "",
        "name": "uploaded",
    }
    job = json.loads((await post_job(jp_fetch, body)).body)
    assert job["phase"] == "waiting-for-data"
    half = len(data) // 2
    gate = asyncio.Event()
    seen: list[dict] = []

    async def producer(write):
        await write(data[:half])
        await gate.wait()
        await write(data[half:])

    url = f"{jp_base_url}jupyterlab-artifacts/api/jobs/{job['id']}/data"
    put = asyncio.ensure_future(
        http_server_client.fetch(
            url,
            method="PUT",
            body_producer=producer,
            headers={
                **jp_auth_header,
                "Content-Type": "application/octet-stream",
                "Content-Length": str(len(data)),
            },
        )
    )
    for _ in range(500):
        seen.append(json.loads((await jp_fetch(*API, "jobs", job["id"])).body))
        if seen[-1]["bytesDone"] >= half:
            break
        await asyncio.sleep(0.01)
    assert seen[-1]["phase"] == "downloading"
    assert seen[-1]["bytesDone"] == half and seen[-1]["bytesTotal"] == len(data)
    gate.set()
    r = await put
    assert r.code == 202
    final = await wait_job(jp_fetch, job["id"])
    assert final["phase"] == "done", final
    assert (jp_root_dir / "uploaded" / "one.txt").read_bytes() == b"1" * 100_000


async def test_checksum_mismatch_leaves_nothing(jp_fetch, standin, jp_root_dir):
    rec = standin.record({"data.zip": make_zip(FILES)})
    file = dict(rec["data.zip"], checksum="md5:" + "0" * 32)
    job = await wait_job(jp_fetch, (await start_import(jp_fetch, file, "data.zip", "bad"))["id"])
    assert job["phase"] == "failed"
    assert job["error"]["code"] == "checksum-mismatch"
    assert listing(jp_root_dir) == []


async def test_size_lie_is_stopped(jp_fetch, standin, jp_root_dir):
    data = make_tgz({"big.bin": os.urandom(1_000_000)})
    rec = standin.record({"data.tar.gz": data})
    file = dict(rec["data.tar.gz"], size=1000, checksum=None)
    job = await wait_job(jp_fetch, (await start_import(jp_fetch, file, "data.tar.gz", "liar"))["id"])
    assert job["phase"] == "failed"
    assert job["error"]["code"] == "size-mismatch"
    assert job["bytesDone"] <= 1000
    assert listing(jp_root_dir) == []


async def test_download_cut_half_way(jp_fetch, standin, jp_root_dir):
    data = make_zip({"blob.bin": os.urandom(2_000_000)})
    rec = standin.record({"data.zip": data})
    standin.fault(path="/api/records/.*/content", cutResponseAfterBytes=len(data) // 2)
    job = await wait_job(jp_fetch, (await start_import(jp_fetch, rec["data.zip"], "data.zip", "cut"))["id"])
    assert job["phase"] == "failed"
    assert job["error"]["code"] in ("network", "size-mismatch"), job
    assert listing(jp_root_dir) == []


async def test_zenodo_error_status(jp_fetch, standin, jp_root_dir):
    rec = standin.record({"data.zip": make_zip(FILES)})
    standin.fault(path="/api/records/.*/content", status=503)
    job = await wait_job(jp_fetch, (await start_import(jp_fetch, rec["data.zip"], "data.zip", "x"))["id"])
    assert job["phase"] == "failed" and job["error"]["code"] == "zenodo-error"
    assert "503" in job["error"]["message"]
    assert listing(jp_root_dir) == []


async def test_cancel_removes_everything(jp_fetch, standin, jp_root_dir):
    data = make_tgz({"big.bin": os.urandom(3_000_000)})
    rec = standin.record({"data.tar.gz": data})
    standin.fault(path="/api/records/.*/content", latencyMs=3000)
    job = await start_import(jp_fetch, rec["data.tar.gz"], "data.tar.gz", "cancelled")
    await asyncio.sleep(0.3)
    r = await jp_fetch(*API, "jobs", job["id"], method="DELETE")
    assert r.code == 202
    job = json.loads(r.body)
    assert job["phase"] == "cancelled"
    assert job["error"]["code"] == "cancelled"
    assert listing(jp_root_dir) == []


async def test_cancel_while_writing(jp_fetch, standin, jp_root_dir):
    data = make_tgz({f"f{i}.bin": os.urandom(200_000) for i in range(40)})
    rec = standin.record({"data.tar.gz": data})
    job = await start_import(jp_fetch, rec["data.tar.gz"], "data.tar.gz", "midway")
    for _ in range(2000):
        state = json.loads((await jp_fetch(*API, "jobs", job["id"])).body)
        if state["bytesDone"] > 0 or state["phase"] != "downloading":
            break
        await asyncio.sleep(0.001)
    r = await jp_fetch(*API, "jobs", job["id"], method="DELETE")
    final = json.loads(r.body)
    assert final["phase"] in ("cancelled", "done")
    if final["phase"] == "cancelled":
        assert listing(jp_root_dir) == []
    else:  # finished before the cancel arrived: all of it, nothing half
        assert len(listing(jp_root_dir / "midway")) == 40


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"url": "https://evil.example.org/x.zip"}, 403, "host-not-allowed"),
        ({"size": 6 * 10**9}, 413, "too-large"),
        ({"name": "exists"}, 409, "exists"),
        ({"name": ".hidden"}, 400, "bad-name"),
        ({"name": "a/b"}, 400, "bad-name"),
        ({"parent": "../outside"}, 400, "bad-path"),
        ({"checksum": "sha1:abc"}, 400, "bad-request"),
        ({"key": "../x.zip"}, 400, "bad-name"),
    ],
)
async def test_refused_before_starting(jp_fetch, standin, jp_root_dir, body, status, code):
    (jp_root_dir / "exists").mkdir()
    base = {
        "kind": "import",
        "url": f"{standin.url}/api/records/1/files/x.zip/content",
        "key": "x.zip",
        "size": 10,
        "checksum": None,
        "parent": "",
        "name": "new",
    }
    with pytest.raises(HTTPClientError) as e:
        await post_job(jp_fetch, {**base, **body})
    assert e.value.code == status
    assert json.loads(e.value.response.body)["code"] == code
    assert listing(jp_root_dir) == ["exists"]


@pytest.mark.parametrize(
    ("body", "reason", "entry", "message"),
    [
        ({"name": "a/b"}, {"code": "name-not-single"}, "a/b", 'The folder name "a/b": the name must be'),
        ({"name": ".hidden"}, {"code": "name-hidden"}, ".hidden", 'The folder name ".hidden": hidden names'),
        (
            {"name": "x<y"},
            {"code": "name-windows-character", "segment": "x<y", "character": "<"},
            "x<y",
            'The folder name "x<y": x<y contains <',
        ),
        ({"key": "../x.zip"}, {"code": "name-not-single"}, "../x.zip", 'The file name "../x.zip": '),
        (
            {"key": "COM0.zip"},
            {"code": "name-windows-reserved", "segment": "COM0.zip"},
            "COM0.zip",
            "The file",
        ),
    ],
)
async def test_refused_name_says_why_as_a_code(jp_fetch, standin, jp_root_dir, body, reason, entry, message):
    """A name refused before a job exists: 400 ``bad-name`` with the English message as before, and
    the refusal as a code with its parameters under ``details`` (what companion.ts keeps)."""
    base = {
        "kind": "import",
        "url": f"{standin.url}/api/records/1/files/x.zip/content",
        "key": "x.zip",
        "size": 10,
        "checksum": None,
        "parent": "",
        "name": "new",
    }
    with pytest.raises(HTTPClientError) as e:
        await post_job(jp_fetch, {**base, **body})
    assert e.value.code == 400
    answer = json.loads(e.value.response.body)
    assert answer["code"] == "bad-name"
    assert answer["message"].startswith(message), answer
    assert answer["details"] == {"reason": reason, "entry": entry}
    assert set(answer) == {"code", "message", "details"}
    assert listing(jp_root_dir) == []


async def test_other_errors_have_no_details(jp_fetch, standin, jp_root_dir):
    """Only errors that have details carry the field: the body of other errors is as before."""
    with pytest.raises(HTTPClientError) as e:
        await post_job(
            jp_fetch, {"kind": "import", "key": "x.zip", "size": 10, "parent": "../up", "name": "n"}
        )
    assert json.loads(e.value.response.body).keys() == {"code", "message"}


async def test_disk_full_is_refused(jp_fetch, standin, jp_root_dir, monkeypatch):
    rec = standin.record({"data.zip": make_zip(FILES)})
    monkeypatch.setattr(transfers, "disk_free", lambda path: 100)
    with pytest.raises(HTTPClientError) as e:
        await start_import(jp_fetch, rec["data.zip"], "data.zip", "full")
    assert e.value.code == 507
    assert json.loads(e.value.response.body)["code"] == "disk-full"
    assert listing(jp_root_dir) == []


async def test_disk_full_after_planning(jp_fetch, standin, jp_root_dir, monkeypatch):
    """The zip fits as downloaded, but not unpacked: refused before writing."""
    data = make_zip({"zeros.bin": bytes(900_000)})
    rec = standin.record({"data.zip": data})
    monkeypatch.setattr(transfers, "disk_free", lambda path: len(data) + 10_000)
    job = await wait_job(jp_fetch, (await start_import(jp_fetch, rec["data.zip"], "data.zip", "full"))["id"])
    assert job["phase"] == "failed" and job["error"]["code"] == "disk-full", job
    assert listing(jp_root_dir) == []


async def test_token_header_used_for_draft_download(jp_fetch, standin, jp_root_dir, caplog):
    """A draft's file needs the owner's token: it travels in X-Zenodo-Token, never in a log."""
    dep = standin.draft()
    data = make_zip({"a.txt": b"a"})
    standin.call("PUT", f"{dep['links']['bucket']}/d.zip", raw=data)
    url = f"{standin.url}/api/records/{dep['id']}/draft/files/d.zip/content"
    body = {
        "kind": "import",
        "url": url,
        "key": "d.zip",
        "size": len(data),
        "checksum": None,
        "parent": "",
        "name": "draft",
    }
    caplog.set_level("DEBUG")
    job = json.loads((await post_job(jp_fetch, body, {"X-Zenodo-Token": WRITE_TOKEN})).body)
    job = await wait_job(jp_fetch, job["id"])
    assert job["phase"] == "done", job
    assert WRITE_TOKEN not in caplog.text
    job2 = json.loads((await post_job(jp_fetch, {**body, "name": "anon"})).body)
    job2 = await wait_job(jp_fetch, job2["id"])
    assert job2["phase"] == "failed" and job2["error"]["code"] == "zenodo-error"


async def test_running_job_counts_as_activity(jp_fetch, jp_serverapp, standin):
    rec = standin.record({"data.zip": make_zip(FILES)})
    jp_serverapp.web_app.settings.pop("api_last_activity", None)
    job = await start_import(jp_fetch, rec["data.zip"], "data.zip", "active")
    assert jp_serverapp.web_app.settings.get("api_last_activity") is not None
    await wait_job(jp_fetch, job["id"])


@pytest.fixture
def companion_config(standin, request):
    if "allowed_host" in request.node.name:
        port = standin.url.rsplit(":", 1)[1]
        return {"allowed_hosts": [f"http://localhost:{port}"]}
    return {}


async def test_allowed_host_gets_no_token(jp_fetch, standin, jp_root_dir):
    """An admin-allowed host may be downloaded from, but the user's token only ever goes to Zenodo."""
    rec = standin.record({"data.zip": make_zip(FILES)})
    other = standin.url.replace("127.0.0.1", "localhost")
    public = dict(rec["data.zip"], url=rec["data.zip"]["url"].replace(standin.url, other))
    job = await wait_job(jp_fetch, (await start_import(jp_fetch, public, "data.zip", "public"))["id"])
    assert job["phase"] == "done", job
    dep = standin.draft()
    data = make_zip({"a.txt": b"a"})
    standin.call("PUT", f"{dep['links']['bucket']}/d.zip", raw=data)
    body = {
        "kind": "import",
        "url": f"{other}/api/records/{dep['id']}/draft/files/d.zip/content",
        "key": "d.zip",
        "size": len(data),
        "checksum": None,
        "parent": "",
        "name": "draft",
    }
    r = await post_job(jp_fetch, body, {"X-Zenodo-Token": WRITE_TOKEN})
    job = await wait_job(jp_fetch, json.loads(r.body)["id"])
    assert job["phase"] == "failed" and job["error"]["code"] == "zenodo-error", job
    assert "403" in job["error"]["message"]


async def test_upload_more_than_declared(jp_fetch, jp_root_dir):
    data = make_zip({"one.txt": b"1" * 10_000})
    body = {
        "kind": "import",
        "source": "upload",
        "key": "x.zip",
        "size": len(data) - 100,
        "checksum": None,
        "parent": "",
        "name": "uploaded",
    }
    job = json.loads((await post_job(jp_fetch, body)).body)
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch(
            *API,
            "jobs",
            job["id"],
            "data",
            method="PUT",
            body=data,
            headers={"Content-Type": "application/octet-stream"},
        )
    assert e.value.code == 400
    assert json.loads(e.value.response.body)["code"] == "size-mismatch"
    final = await wait_job(jp_fetch, job["id"])
    assert final["phase"] == "failed" and final["error"]["code"] == "size-mismatch"
    assert listing(jp_root_dir) == []


async def test_upload_refused_archive(jp_fetch, jp_root_dir):
    data = make_tgz({"ok.txt": b"fine", "../evil.sh": b"pwned"})
    body = {
        "kind": "import",
        "source": "upload",
        "key": "x.tgz",
        "size": len(data),
        "checksum": None,
        "parent": "",
        "name": "uploaded",
    }
    job = json.loads((await post_job(jp_fetch, body)).body)
    r = await jp_fetch(
        *API,
        "jobs",
        job["id"],
        "data",
        method="PUT",
        body=data,
        headers={"Content-Type": "application/octet-stream"},
        raise_error=False,
    )
    assert r.code in (202, 400)
    final = await wait_job(jp_fetch, job["id"])
    assert final["phase"] == "failed" and final["error"]["code"] == "unsafe-entry"
    assert "../evil.sh" in final["error"]["message"]
    assert final["error"]["reason"] == {"code": "path-climbs"}
    assert final["error"]["entry"] == "../evil.sh"
    if r.code == 400:  # the refusal came while the bytes were still arriving: the PUT says it too
        answer = json.loads(r.body)
        assert answer["code"] == "unsafe-entry"
        assert answer["details"] == {"reason": {"code": "path-climbs"}, "entry": "../evil.sh"}
    assert listing(jp_root_dir) == []


async def test_end_shown_once_a_page_fetched_the_final_job(jp_fetch, standin, jp_root_dir):
    """A job whose end a page saw is not announced again in another browser."""
    rec = standin.record({"data.zip": make_zip(FILES)})
    job = await start_import(jp_fetch, rec["data.zip"], "data.zip", "seen-end")
    assert job["endShown"] is False
    # Nobody fetched it since it ended: the list says its end is unshown.
    for _ in range(3000):
        jobs = {j["id"]: j for j in json.loads((await jp_fetch(*API, "jobs")).body)["jobs"]}
        if jobs[job["id"]]["phase"] in ("done", "failed", "cancelled"):
            break
        await asyncio.sleep(0.02)
    assert jobs[job["id"]]["phase"] == "done"
    assert jobs[job["id"]]["endShown"] is False
    # A page that watched it fetches the final state once: from then on it is shown.
    final = json.loads((await jp_fetch(*API, "jobs", job["id"])).body)
    assert final["phase"] == "done"
    listed = {j["id"]: j for j in json.loads((await jp_fetch(*API, "jobs")).body)["jobs"]}
    assert listed[job["id"]]["endShown"] is True


async def test_server_last_activity_moves_during_a_job_without_requests(
    jp_fetch, jp_serverapp, standin, monkeypatch
):
    """What the idle culler reads (``/api/status``'s ``last_activity``, which JupyterHub's
    single-user server also reports) keeps moving while a job runs and no page asks anything."""
    from .. import jobs

    monkeypatch.setattr(jobs, "ACTIVITY_SECONDS", 0.2)
    rec = standin.record({"data.zip": make_zip(FILES)})
    standin.fault(path="/api/records/.*/content", latencyMs=3000)

    async def last_activity() -> datetime:
        # /api/status does not count as activity itself.
        r = await jp_fetch("api", "status")
        return datetime.fromisoformat(json.loads(r.body)["last_activity"].replace("Z", "+00:00"))

    job = await start_import(jp_fetch, rec["data.zip"], "data.zip", "quiet")
    await asyncio.sleep(0.5)
    first = await last_activity()
    await asyncio.sleep(1.0)
    second = await last_activity()
    assert second - first >= timedelta(seconds=0.5), (first, second)
    done = await wait_job(jp_fetch, job["id"])
    assert done["phase"] == "done", done
    # Once it ended, only requests move it: a quiet second leaves it alone.
    await asyncio.sleep(0.5)
    ended = await last_activity()
    await asyncio.sleep(1.0)
    assert await last_activity() == ended
