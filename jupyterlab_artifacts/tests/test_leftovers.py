"""Temporary folders and zips a server killed mid-job left behind are removed when the next
server starts: only those a companion recorded making, only once their maker is gone, and
only ones older than the new server; each removal is logged."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..leftovers import TempLedger, clean_leftovers
from .conftest import REPO, wait_job

TMP_NAME = ".data.artifacts-tmp-0123456789abcdef"


def killed_server(ledger_dir: Path, paths: list[Path]) -> None:
    """A process that records ``paths`` in its ledger, then dies without cleaning up."""
    # The module alone (not the package, which imports jupyter_server): a quick process.
    code = (
        "import importlib.util, os, sys\n"
        "spec = importlib.util.spec_from_file_location('leftovers', sys.argv[1])\n"
        "mod = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(mod)\n"
        "ledger = mod.TempLedger(sys.argv[2])\n"
        "for p in sys.argv[3:]:\n"
        "    ledger.add(p)\n"
        "os._exit(9)\n"
    )
    module = REPO / "jupyterlab_artifacts" / "leftovers.py"
    run = subprocess.run([sys.executable, "-c", code, str(module), str(ledger_dir), *map(str, paths)])
    assert run.returncode == 9


def leftovers_of_a_killed_server(root: Path, temp: Path, ledger_dir: Path) -> dict[str, Path]:
    """What a server killed mid-import and mid-publish leaves, plus things that must stay."""
    tmp = root / "project" / TMP_NAME
    (tmp / "out" / "sub").mkdir(parents=True)
    (tmp / "out" / "sub" / "a.csv").write_text("1,2\n")
    (tmp / ".jupyterlab-artifacts-abc.zip").write_bytes(b"PK")
    zip_ = temp / ".jupyterlab-artifacts-q1w2e3.zip"
    zip_.write_bytes(b"PK\x03\x04")
    # Listed, but not named like anything the companion makes: a ledger is no licence.
    user_file = root / "project" / "notes.txt"
    user_file.write_text("mine")
    killed_server(ledger_dir, [tmp, zip_, user_file])
    # Named like ours but recorded by no companion (another tool's, or made by hand).
    stranger = root / ".other.artifacts-tmp-fedcba9876543210"
    stranger.mkdir()
    old = time.time() - 60
    for p in (tmp, zip_, stranger, user_file):
        os.utime(p, (old, old))
    return {"tmp": tmp, "zip": zip_, "user_file": user_file, "stranger": stranger}


def test_clean_leftovers_removes_only_what_a_dead_companion_made(tmp_path, caplog):
    root, temp, ledgers = tmp_path / "root", tmp_path / "temp", tmp_path / "runtime"
    for d in (root / "project", temp, ledgers):
        d.mkdir(parents=True)
    left = leftovers_of_a_killed_server(root, temp, ledgers)
    # A live server's ledger (its lock is held) lists a folder that must stay.
    live_tmp = root / ".live.artifacts-tmp-1111111111111111"
    live_tmp.mkdir()
    os.utime(live_tmp, (time.time() - 60,) * 2)
    live = TempLedger(str(ledgers))
    live.add(str(live_tmp))

    log = logging.getLogger("test-leftovers")
    with caplog.at_level(logging.INFO, logger="test-leftovers"):
        removed = clean_leftovers(str(ledgers), started=time.time(), log=log)

    assert sorted(removed) == sorted([str(left["tmp"]), str(left["zip"])])
    assert not left["tmp"].exists()
    assert not left["zip"].exists()
    assert left["user_file"].read_text() == "mine"
    assert left["stranger"].is_dir()
    assert live_tmp.is_dir()
    # The dead server's ledger is gone; the live one stays and still lists its folder.
    names = sorted(p.name for p in ledgers.iterdir())
    assert names == [Path(live.path).name]
    assert json.loads(Path(live.path).read_text()) == [str(live_tmp)]
    messages = [r.getMessage() for r in caplog.records]
    assert any(str(left["tmp"]) in m and "stopped mid-job" in m for m in messages), messages
    assert any(str(left["zip"]) in m for m in messages), messages
    live.close()


def test_clean_leftovers_keeps_what_is_newer_than_this_server(tmp_path):
    root, temp, ledgers = tmp_path / "root", tmp_path / "temp", tmp_path / "runtime"
    for d in (root / "project", temp, ledgers):
        d.mkdir(parents=True)
    left = leftovers_of_a_killed_server(root, temp, ledgers)
    # A server that started before those were made (a clock it cannot trust): it keeps them.
    removed = clean_leftovers(str(ledgers), started=time.time() - 3600, log=logging.getLogger("t"))
    assert removed == []
    assert left["tmp"].is_dir() and left["zip"].is_file()


@pytest.fixture
def left_before_start(jp_runtime_dir, jp_root_dir, tmp_path):
    """Leftovers of a killed server, made before the test's server starts."""
    temp = tmp_path / "killed-temp"
    temp.mkdir()
    (jp_root_dir / "project").mkdir()
    return leftovers_of_a_killed_server(jp_root_dir, temp, Path(jp_runtime_dir))


async def test_the_companion_cleans_up_at_start(capfd, left_before_start, jp_serverapp):
    # The extension's log goes to the server's stderr (it does not propagate to the root logger).
    log = capfd.readouterr().err
    assert f"removed the temporary folder {left_before_start['tmp']}, left by a server stopped mid-job" in log
    assert f"removed the temporary file {left_before_start['zip']}, left by a server stopped mid-job" in log
    assert not left_before_start["tmp"].exists()
    assert not left_before_start["zip"].exists()
    assert left_before_start["user_file"].read_text() == "mine"
    assert left_before_start["stranger"].is_dir()


async def test_a_running_import_is_in_the_ledger_and_leaves_it(jp_fetch, jp_serverapp, jp_root_dir, standin):
    files = standin.record({"data.csv": b"a,b\n" * 1000})
    standin.fault(path="/api/records/.*/content", latencyMs=4000)
    entry = files["data.csv"]
    r = await jp_fetch(
        "jupyterlab-artifacts",
        "api",
        "jobs",
        method="POST",
        body=json.dumps(
            {
                "kind": "import",
                "url": entry["url"],
                "size": entry["size"],
                "checksum": entry["checksum"],
                "parent": "",
                "name": "imported",
                "key": "data.csv",
            }
        ),
    )
    job = json.loads(r.body)
    runtime = Path(jp_serverapp.runtime_dir)
    # The job prepares its folder (and the ledger lists it) in a worker thread
    # after the POST has been answered; the download is held back 4 s, so it
    # is listed well before the job can end.
    ledgers: list[Path] = []
    listed: list[str] = []
    for _ in range(60):
        ledgers = list(runtime.glob("jupyterlab-artifacts-temp-*.json"))
        listed = json.loads(ledgers[0].read_text()) if len(ledgers) == 1 else []
        if listed:
            break
        await asyncio.sleep(0.05)
    assert len(ledgers) == 1
    assert [Path(p).name for p in listed] == [f".imported.artifacts-tmp-{job['id']}"]
    done = await wait_job(jp_fetch, job["id"])
    assert done["phase"] == "done", done
    assert json.loads(ledgers[0].read_text()) == []


def test_the_ledger_is_valid_json_at_every_step_of_a_write(tmp_path, monkeypatch):
    # A server killed between two system calls of a write, or a reader looking at that
    # moment, must find the old list or the new one, never an empty or torn file (the
    # full run once read '' between the truncation and the write).
    ledger = TempLedger(str(tmp_path))
    seen: list[bytes] = []
    real_pwrite, real_ftruncate = os.pwrite, os.ftruncate

    def pwrite(fd: int, data: bytes, offset: int) -> int:
        n = real_pwrite(fd, data, offset)
        seen.append(Path(ledger.path).read_bytes())
        return n

    def ftruncate(fd: int, length: int) -> None:
        real_ftruncate(fd, length)
        seen.append(Path(ledger.path).read_bytes())

    monkeypatch.setattr(os, "pwrite", pwrite)
    monkeypatch.setattr(os, "ftruncate", ftruncate)
    long_name = str(tmp_path / (".folder-with-a-long-name.artifacts-tmp-" + "0" * 16))
    ledger.add(long_name)
    ledger.add(str(tmp_path / ".b.artifacts-tmp-1111111111111111"))
    ledger.discard(long_name)
    ledger.discard(str(tmp_path / ".b.artifacts-tmp-1111111111111111"))
    assert seen, "the ledger was never written"
    for state in seen:
        assert isinstance(json.loads(state), list), state
    assert json.loads(Path(ledger.path).read_bytes()) == []
    ledger.close()
