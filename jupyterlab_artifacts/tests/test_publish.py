"""Publish jobs into a draft's bucket on the stand-in, folder zips, auth, and the token's secrecy."""

from __future__ import annotations

import asyncio
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_artifacts import zipper

from .conftest import OTHER_TOKEN, WRITE_TOKEN, listing, wait_job

API = ("jupyterlab-artifacts", "api")


def make_folder(root: Path) -> dict[str, bytes]:
    files = {
        "README.md": b"# Analysis\n",
        "data/values.csv": b"t,co2\n" + b"2020,410.5\n" * 20000,
        "data/random.bin": os.urandom(1_500_000),
        "figures/plot.png": b"\x89PNG\r\n\x1a\n" + os.urandom(20_000),
        "empty.txt": b"",
    }
    for rel, data in files.items():
        p = root / "project" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return files


async def publish(jp_fetch, body: dict, token: str | None = WRITE_TOKEN):
    headers = {"X-Zenodo-Token": token} if token else {}
    return await jp_fetch(
        *API, "jobs", method="POST", body=json.dumps({"kind": "publish", **body}), headers=headers
    )


async def test_publish_into_draft_bucket(jp_fetch, standin, jp_root_dir, caplog, tmp_path):
    caplog.set_level("DEBUG")
    files = make_folder(jp_root_dir)
    dep = standin.draft()
    cff = "cff-version: 1.2.0\ntitle: Analysis\n"
    r = await publish(
        jp_fetch,
        {
            "path": "project",
            "files": sorted(files),
            "extra": [{"path": "CITATION.cff", "content": cff}],
            "bucket": dep["links"]["bucket"],
            "key": "project.zip",
        },
    )
    assert r.code == 202
    job = await wait_job(jp_fetch, json.loads(r.body)["id"])
    assert job["phase"] == "done", job
    assert job["kind"] == "publish" and job["label"] == "project.zip"
    upload = job["result"]["upload"]
    assert upload["key"] == "project.zip"
    assert job["result"]["files"] == len(files) + 1
    assert job["bytesDone"] == job["bytesTotal"] == upload["size"] == job["result"]["bytes"]
    status, raw = standin.call("GET", f"{dep['links']['bucket']}/project.zip")
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert z.testzip() is None
        names = {i.filename: i for i in z.infolist()}
        assert set(names) == set(files) | {"CITATION.cff"}
        for rel, data in files.items():
            assert z.read(rel) == data
        assert z.read("CITATION.cff").decode() == cff
        assert names["figures/plot.png"].compress_type == zipfile.ZIP_STORED
        assert names["data/values.csv"].compress_type == zipfile.ZIP_DEFLATED
        assert names["data/values.csv"].compress_size < len(files["data/values.csv"]) / 10
    # The token: never in a log line, never in a file the server can see.
    assert WRITE_TOKEN not in caplog.text
    for base in (jp_root_dir, tmp_path):
        for top, _, names_ in os.walk(base):
            for n in names_:
                p = os.path.join(top, n)
                if os.path.isfile(p) and not os.path.islink(p):
                    assert WRITE_TOKEN.encode() not in Path(p).read_bytes(), p
    assert [p for p in os.listdir(tmp_path / "companion-temp")] == []


async def test_publish_refuses_symlink_out(jp_fetch, standin, jp_root_dir, tmp_path):
    make_folder(jp_root_dir)
    secret = tmp_path / "credentials"
    secret.write_text("aws_secret_access_key = hunter2")
    os.symlink(secret, jp_root_dir / "project" / "notes.txt")
    dep = standin.draft()
    r = await publish(
        jp_fetch,
        {
            "path": "project",
            "files": ["README.md", "notes.txt"],
            "bucket": dep["links"]["bucket"],
            "key": "p.zip",
        },
    )
    job = await wait_job(jp_fetch, json.loads(r.body)["id"])
    assert job["phase"] == "failed" and job["error"]["code"] == "unsafe-entry"
    assert "notes.txt" in job["error"]["message"]
    status, _ = standin.call("GET", f"{dep['links']['bucket']}/p.zip")
    assert status == 404


async def test_publish_refuses_other_host_and_missing_token(jp_fetch, standin, jp_root_dir):
    make_folder(jp_root_dir)
    body = {
        "path": "project",
        "files": ["README.md"],
        "bucket": "https://evil.example.org/api/files/x",
        "key": "p.zip",
    }
    with pytest.raises(HTTPClientError) as e:
        await publish(jp_fetch, body)
    assert e.value.code == 403 and json.loads(e.value.response.body)["code"] == "host-not-allowed"
    assert WRITE_TOKEN not in e.value.response.body.decode()
    with pytest.raises(HTTPClientError) as e:
        await publish(jp_fetch, {**body, "bucket": f"{standin.url}/api/files/x"}, token=None)
    assert e.value.code == 400 and json.loads(e.value.response.body)["code"] == "token-required"


async def test_publish_zenodo_refusal_is_reported(jp_fetch, standin, jp_root_dir, caplog):
    caplog.set_level("DEBUG")
    make_folder(jp_root_dir)
    dep = standin.draft()
    r = await publish(
        jp_fetch,
        {"path": "project", "files": ["README.md"], "bucket": dep["links"]["bucket"], "key": "p.zip"},
        token=OTHER_TOKEN,
    )
    job = await wait_job(jp_fetch, json.loads(r.body)["id"])
    assert job["phase"] == "failed" and job["error"]["code"] == "zenodo-error"
    assert "403" in job["error"]["message"]
    assert OTHER_TOKEN not in caplog.text and OTHER_TOKEN not in json.dumps(job)


async def test_publish_upload_cut(jp_fetch, standin, jp_root_dir):
    make_folder(jp_root_dir)
    dep = standin.draft()
    standin.fault(method="PUT", path="/api/files/", cutAfterBytes=200_000)
    r = await publish(
        jp_fetch,
        {"path": "project", "files": ["data/random.bin"], "bucket": dep["links"]["bucket"], "key": "p.zip"},
    )
    job = await wait_job(jp_fetch, json.loads(r.body)["id"])
    assert job["phase"] == "failed" and job["error"]["code"] == "network", job


async def test_publish_cancel(jp_fetch, standin, jp_root_dir, tmp_path):
    make_folder(jp_root_dir)
    (jp_root_dir / "project" / "big.bin").write_bytes(os.urandom(8_000_000))
    dep = standin.draft()
    standin.fault(method="PUT", path="/api/files/", latencyMs=5000)
    r = await publish(
        jp_fetch,
        {"path": "project", "files": ["big.bin"], "bucket": dep["links"]["bucket"], "key": "p.zip"},
    )
    job_id = json.loads(r.body)["id"]
    await asyncio.sleep(0.2)
    job = json.loads((await jp_fetch(*API, "jobs", job_id, method="DELETE")).body)
    assert job["phase"] == "cancelled"
    assert os.listdir(tmp_path / "companion-temp") == []


def test_zipper_refuses_a_file_that_changed(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"12345")
    items = zipper.list_files(str(tmp_path), ["a.txt"])
    (tmp_path / "a.txt").write_bytes(b"1234567890")
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool, pytest.raises(zipper.ZipError) as e:
        zipper.write_zip(io.BytesIO(), items, seekable=True, pool=pool)
    assert e.value.code == "changed"


def test_zipper_deflates_large_files_in_pieces(tmp_path):
    """Pieces deflated on several threads join into one valid stream."""
    data = b"".join(os.urandom(64) * 300 for _ in range(2000))  # ~38 MB, compressible, many pieces
    (tmp_path / "big.dat").write_bytes(data)
    items = zipper.list_files(str(tmp_path), ["big.dat"])
    from concurrent.futures import ThreadPoolExecutor

    out = io.BytesIO()
    with ThreadPoolExecutor(4) as pool:
        zipper.write_zip(out, items, seekable=True, pool=pool, workers=4)
    with zipfile.ZipFile(out) as z:
        assert z.read("big.dat") == data
        assert z.infolist()[0].compress_size < len(data) / 20


async def test_download_folder_zip(jp_fetch, jp_root_dir, tmp_path):
    files = make_folder(jp_root_dir)
    (jp_root_dir / "project" / "scratch.tmp").write_text("x")
    (jp_root_dir / "project" / ".env").write_text("SECRET=1")
    secret = tmp_path / "credentials"
    secret.write_text("hunter2")
    os.symlink(secret, jp_root_dir / "project" / "link-out.txt")
    os.symlink("README.md", jp_root_dir / "project" / "link-in.md")
    os.mkfifo(jp_root_dir / "project" / "pipe")
    r = await jp_fetch(*API, "download", params={"path": "project", "exclude": "*.tmp"})
    assert r.headers["Content-Type"] == "application/zip"
    assert r.headers["Content-Disposition"] == 'attachment; filename="project.zip"'
    with zipfile.ZipFile(io.BytesIO(r.body)) as z:
        assert z.testzip() is None
        assert set(z.namelist()) == set(files) | {"link-in.md"}
        assert z.read("data/random.bin") == files["data/random.bin"]


async def test_download_excludes_folders(http_server_client, jp_base_url, jp_auth_header, jp_root_dir):
    make_folder(jp_root_dir)
    url = f"{jp_base_url}jupyterlab-artifacts/api/download?path=project&exclude=data/&exclude=*.png"
    r = await http_server_client.fetch(url, headers=jp_auth_header)
    with zipfile.ZipFile(io.BytesIO(r.body)) as z:
        assert sorted(z.namelist()) == ["README.md", "empty.txt"]


@pytest.mark.parametrize(
    ("method", "parts", "body"),
    [
        ("GET", ("info",), None),
        ("GET", ("jobs",), None),
        ("POST", ("jobs",), "{}"),
        ("DELETE", ("jobs", "abc"), None),
        ("GET", ("download",), None),
        ("PUT", ("jobs", "abc", "data"), "bytes"),
    ],
)
@pytest.mark.parametrize("auth", [None, "token wrong-token"])
async def test_unauthenticated_refused(jp_fetch, method, parts, body, auth):
    headers = {"Authorization": auth} if auth else {"Authorization": ""}
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch(
            *API, *parts, method=method, body=body, headers=headers, allow_nonstandard_methods=True
        )
    assert e.value.code in (401, 403)


@pytest.fixture
def jp_server_config(jp_server_config, request):  # noqa: F811 - extends conftest's
    if "deny" in request.node.name:
        jp_server_config["ServerApp"]["authorizer_class"] = (
            "jupyterlab_artifacts.tests.test_publish.NoContents"
        )
    return jp_server_config


try:
    from jupyter_server.auth.authorizer import Authorizer

    class NoContents(Authorizer):
        """A user who may not touch the contents (another user on a shared server)."""

        def is_authorized(self, handler, user, action, resource) -> bool:
            return resource != "contents"

except ImportError:  # pragma: no cover
    pass


async def test_deny_contents_refuses_everything(jp_fetch, jp_root_dir, standin):
    for method, parts, body in (
        ("GET", ("info",), None),
        ("POST", ("jobs",), "{}"),
        ("GET", ("jobs",), None),
    ):
        with pytest.raises(HTTPClientError) as e:
            await jp_fetch(*API, *parts, method=method, body=body)
        assert e.value.code == 403
    assert listing(jp_root_dir) == []


async def test_download_takes_the_name_the_page_asks_for(jp_fetch, jp_root_dir):
    """Download my work names the zip after the user, not after the folder ('' = files)."""
    make_folder(jp_root_dir)
    r = await jp_fetch(*API, "download", params={"path": "", "filename": "alice-work.zip"})
    assert r.headers["Content-Disposition"] == 'attachment; filename="alice-work.zip"'
    # Only a plain name: no folders, no header tricks.
    r = await jp_fetch(*API, "download", params={"path": "project", "filename": '../x"y'})
    assert r.headers["Content-Disposition"] == 'attachment; filename="x_y.zip"'
