"""``POST inspect``: the Share preview's checks on the server, and the secret scan's parity with
the page's (one corpus, src/workspace/__tests__/secret-cases.json, read by jest too)."""

from __future__ import annotations

import json
import os
import re
import string
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_artifacts import inspect as inspect_module
from jupyterlab_artifacts.inspect import (
    SCAN_MAX_BYTES,
    SCAN_MAX_NOTEBOOK_BYTES,
    find_secret_in_bytes,
    find_secret_in_text,
    should_scan,
)

from .conftest import REPO

API = ("jupyterlab-artifacts", "api")
# A made-up token of the shape a Zenodo personal token has (letters and digits, all different), built here so
# that no token-like literal is committed: the corpus writes {{token40}} where one goes, and
# secretcases.spec.ts builds the same.
_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits


def made_up_token(length: int) -> str:
    return "".join(_ALPHABET[(i * 11 + 5) % len(_ALPHABET)] for i in range(length))


TOKEN40 = made_up_token(40)
CASES = [
    {**c, "text": re.sub(r"\{\{token(\d+)\}\}", lambda m: made_up_token(int(m[1])), c["text"])}
    for c in json.loads((REPO / "src" / "workspace" / "__tests__" / "secret-cases.json").read_text("utf-8"))
]

AWS = "aws_access_key_id = AKIAIOSFODNN7ABCDEFG\n"
TOKEN = f'ZENODO_TOKEN = "{TOKEN40}"\n'


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_scan_matches_the_shared_corpus(case: dict) -> None:
    assert find_secret_in_text(case["text"]) == case["code"]
    assert find_secret_in_bytes(case["text"].encode("utf-8")) == case["code"]


def test_corpus_covers_every_code() -> None:
    assert {c["code"] for c in CASES} >= {"", "privateKey", "aws", "github", "zenodo", "jupyterUrl"}


def test_binary_and_scan_limits() -> None:
    assert find_secret_in_bytes(b"\0" + AWS.encode()) == ""
    assert find_secret_in_bytes(b"x" * 8192 + b"\0" + AWS.encode()) == "aws"
    assert find_secret_in_bytes(b"\xff\xfe" + AWS.encode()) == "aws"
    assert should_scan("a.txt", SCAN_MAX_BYTES) and not should_scan("a.txt", SCAN_MAX_BYTES + 1)
    assert should_scan("n.IPYNB", SCAN_MAX_NOTEBOOK_BYTES)
    assert not should_scan("n.ipynb", SCAN_MAX_NOTEBOOK_BYTES + 1)


def write(root: Path, files: dict[str, bytes | str]) -> list[dict]:
    listed = []
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        p.write_bytes(data)
        listed.append({"path": rel, "size": len(data)})
    return listed


async def inspect(jp_fetch, body: dict) -> dict:
    r = await jp_fetch(*API, "inspect", method="POST", body=json.dumps(body))
    assert r.code == 200
    return json.loads(r.body)


async def refused_with(jp_fetch, body: dict) -> tuple[int, dict]:
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch(*API, "inspect", method="POST", body=json.dumps(body))
    assert e.value.response is not None
    return e.value.code, json.loads(e.value.response.body)


async def test_info_advertises_inspect(jp_fetch) -> None:
    r = await jp_fetch(*API, "info")
    assert "inspect" in json.loads(r.body)["capabilities"]


async def test_finds_secrets_by_content(jp_fetch, jp_root_dir: Path) -> None:
    nb = json.dumps({"cells": [], "outputs": ["x" * SCAN_MAX_BYTES, "http://h/?token=" + "ab" * 20]})
    listed = write(
        jp_root_dir / "project",
        {
            "README.md": "# clean\n",
            "conf/aws.txt": AWS,
            "keys/k.txt": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n",
            "settings.py": TOKEN,
            "run.ipynb": nb,
            "big.txt": "y" * SCAN_MAX_BYTES + AWS,
            "data.bin": b"\0\1\2" + AWS.encode(),
        },
    )
    found = await inspect(jp_fetch, {"folder": "project", "files": listed})
    assert found["refused"] == []
    assert sorted(found["secrets"], key=lambda f: f["path"]) == [
        {"path": "conf/aws.txt", "code": "aws"},
        {"path": "keys/k.txt", "code": "privateKey"},
        {"path": "run.ipynb", "code": "jupyterUrl"},
        {"path": "settings.py", "code": "zenodo"},
    ]


async def test_refuses_links_out_changed_sizes_and_unreadable(
    jp_fetch, jp_root_dir: Path, tmp_path: Path
) -> None:
    folder = jp_root_dir / "project"
    listed = write(
        folder, {"ok.txt": "fine\n", "grew.txt": "a bit longer now\n", "big.csv": "1,2\n" * 100_000}
    )
    outside = tmp_path / "secret.txt"
    outside.write_text(AWS)
    (folder / "out.txt").symlink_to(outside)
    (folder / "in.txt").symlink_to(folder / "ok.txt")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(folder / "pipe")
    sizes = {f["path"]: f["size"] for f in listed}
    files = [
        {"path": "ok.txt", "size": sizes["ok.txt"]},
        {"path": "grew.txt", "size": 3},
        {"path": "big.csv", "size": sizes["big.csv"] - 1},
        # The Contents API lists a link with its own (lstat) size.
        {"path": "out.txt", "size": os.lstat(folder / "out.txt").st_size},
        {"path": "in.txt", "size": os.lstat(folder / "in.txt").st_size},
        {"path": "dangling.txt", "size": os.lstat(folder / "dangling.txt").st_size},
        {"path": "pipe", "size": 0},
        {"path": "missing.txt", "size": 4},
    ]
    found = await inspect(jp_fetch, {"folder": "project", "files": files})
    assert sorted(found["refused"], key=lambda f: f["path"]) == [
        {"path": "big.csv", "code": "size-mismatch"},
        {"path": "dangling.txt", "code": "unreadable"},
        {"path": "grew.txt", "code": "size-mismatch"},
        {"path": "missing.txt", "code": "unreadable"},
        {"path": "out.txt", "code": "size-mismatch"},
        {"path": "pipe", "code": "unreadable"},
    ]
    # The link out is refused, not searched; the one inside is followed, as the zipper does.
    assert found["secrets"] == []


async def test_unreadable_file(jp_fetch, jp_root_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = write(jp_root_dir / "project", {"locked.txt": AWS, "locked.bin": b"x" * (SCAN_MAX_BYTES + 1)})
    for f in listed:
        os.chmod(jp_root_dir / "project" / f["path"], 0)
    # These tests may run as root, who reads every file: the server is told it may not (it runs
    # in this process).
    locked = {str((jp_root_dir / "project" / f["path"]).resolve()) for f in listed}
    real_access, real_open = os.access, inspect_module._open_regular

    def access(path: str, mode: int) -> bool:
        return path not in locked and real_access(path, mode)

    def open_regular(path: str) -> int:
        if path in locked:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path)

    monkeypatch.setattr(inspect_module.os, "access", access)
    monkeypatch.setattr(inspect_module, "_open_regular", open_regular)
    found = await inspect(jp_fetch, {"folder": "project", "files": listed})
    assert sorted(found["refused"], key=lambda f: f["path"]) == [
        {"path": "locked.bin", "code": "unreadable"},
        {"path": "locked.txt", "code": "unreadable"},
    ]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"folder": "project", "files": [{"path": "../other/a.txt", "size": 1}]}, "bad-path"),
        ({"folder": "project", "files": [{"path": "/etc/passwd", "size": 1}]}, "bad-path"),
        ({"folder": "project", "files": [{"path": ".env", "size": 1}]}, "bad-path"),
        ({"folder": "project", "files": [{"path": "sub/.git/config", "size": 1}]}, "bad-path"),
        ({"folder": "../", "files": []}, "bad-path"),
        ({"folder": ".hidden", "files": []}, "bad-path"),
        ({"folder": "project", "files": [{"path": "a.txt"}]}, "bad-request"),
        ({"folder": "project", "files": [{"path": "a.txt", "size": -1}]}, "bad-request"),
        ({"folder": "project"}, "bad-request"),
    ],
)
async def test_rejects_bad_requests(jp_fetch, jp_root_dir: Path, body: dict, code: str) -> None:
    write(jp_root_dir / "project", {"a.txt": "a"})
    write(jp_root_dir / ".hidden", {"a.txt": "a"})
    status, error = await refused_with(jp_fetch, body)
    assert (status, error["code"]) == (400, code)


@pytest.mark.parametrize("companion_config", [{"max_entries": 3}])
async def test_caps_the_files_per_request(jp_fetch, jp_root_dir: Path) -> None:
    listed = write(jp_root_dir / "project", {f"{i}.txt": AWS for i in range(4)})
    status, error = await refused_with(jp_fetch, {"folder": "project", "files": listed})
    assert (status, error["code"]) == (400, "too-many-files")
    found = await inspect(jp_fetch, {"folder": "project", "files": listed[:3]})
    assert len(found["secrets"]) == 3
