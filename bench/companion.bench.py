#!/usr/bin/env python
"""Benchmark the server companion against native tools, in the same run (issue 9).

- import of a ~170 MB mixed zip (and the same files as a tar.gz) from the Zenodo stand-in:
  companion job (POST to done) vs ``curl -o`` + ``unzip -q`` (``tar -xzf``) into the server's folder;
- publish of a ~170 MB mixed folder into a draft's bucket: companion job vs ``zip -r -6`` + ``curl -T``;
- the Jupyter server's RSS growth during each job (psutil, sampled every 20 ms).

Usage: python bench/companion.bench.py [--mb 170] [--runs 3] [--json out.json] [--polls 0.02,1]
(--polls: also run each companion job polled at these intervals, in the same runs, to see how much a
busy event loop slows the job's threads through the GIL; the main figures poll every 0.2 s.)
Uses UI_TEST_PORT / STANDIN_PORT when set, else free ports. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
WRITE_TOKEN = "standin-write-5f0c7d2e9a1b4c3d8e7f6a5b4c3d2e1f"
JUPYTER_TOKEN = "bench-token"
POLL_SECONDS = float(os.environ.get("BENCH_POLL_SECONDS", "0.2"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, *, body=None, raw=None, headers=None, timeout=600):
    headers = dict(headers or {})
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            payload = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        payload, status = e.read(), e.code
    try:
        return status, json.loads(payload) if payload else None
    except ValueError:
        return status, payload


def make_folder(root: Path, mb: int) -> None:
    """A mixed research folder: CSV-like text, binary blobs, 'images', many small files."""
    rnd = random.Random(42)
    root.mkdir(parents=True)
    budget = mb * 1_000_000
    # 35 % CSV-like text (compresses ~2-3x), 25 % incompressible binary, 20 % images (stored),
    # 20 % in ~2,000 small notes and scripts.
    parts = {"csv": 0.35, "bin": 0.25, "png": 0.20, "small": 0.20}
    n = 0
    size = int(budget * parts["csv"])
    for i in range(12):
        lines = []
        target = size // 12
        got = 0
        while got < target:
            row = (
                f"{rnd.random():.6f},{rnd.randint(0, 10**6)},{os.urandom(6).hex()},"
                f"station-{rnd.randint(1, 40)}\n"
            )
            lines.append(row)
            got += len(row)
        (root / "data").mkdir(exist_ok=True)
        (root / "data" / f"series-{i:02d}.csv").write_text("".join(lines))
        n += 1
    size = int(budget * parts["bin"])
    for i in range(5):
        (root / "raw").mkdir(exist_ok=True)
        (root / "raw" / f"blob-{i}.bin").write_bytes(os.urandom(size // 5))
    size = int(budget * parts["png"])
    for i in range(40):
        (root / "figures").mkdir(exist_ok=True)
        (root / "figures" / f"fig-{i:02d}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(size // 40))
    size = int(budget * parts["small"])
    for i in range(2000):
        d = root / "notes" / f"topic-{i % 50:02d}"
        d.mkdir(parents=True, exist_ok=True)
        words = " ".join(
            rnd.choice(["carbon", "flux", "tower", "eddy", "site", "model", "run"]) for _ in range(200)
        )
        text = (
            (words + "\n" + os.urandom(size // 2000 // 4).hex())
            if i % 2
            else words * (size // 2000 // 1400 + 1)
        )
        (d / f"note-{i:04d}.md").write_text(text[: size // 2000])


def zip_folder(folder: Path, out: Path) -> None:
    subprocess.run(["zip", "-q", "-r", "-6", str(out), "."], cwd=folder, check=True)


def tgz_folder(folder: Path, out: Path) -> None:
    subprocess.run(["tar", "-czf", str(out), "-C", str(folder), "."], check=True)


class Sampler:
    """Peak RSS growth of a process while a block runs."""

    def __init__(self, pid: int) -> None:
        self.proc = psutil.Process(pid)
        self.base = self.peak = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self) -> Sampler:
        self.base = self.peak = self.proc.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.base) / 1e6


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=170)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json")
    ap.add_argument("--polls", default="")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-companion-"))
    root = work / "root"
    root.mkdir()
    standin_port = int(os.environ.get("STANDIN_PORT") or free_port())
    jupyter_port = int(os.environ.get("UI_TEST_PORT") or free_port())
    procs: list[subprocess.Popen] = []
    results: dict = {"mb": args.mb, "runs": args.runs, "cores": os.cpu_count(), "load": os.getloadavg()[0]}
    polls = [float(p) for p in args.polls.split(",") if p]
    by_poll: dict[str, dict[str, list[float]]] = {}

    def note_poll(flow: str, poll: float, seconds: float) -> None:
        by_poll.setdefault(flow, {}).setdefault(f"{poll:g}", []).append(round(seconds, 2))
        loads = by_poll.setdefault("loadAverages", {}).setdefault(flow, [])
        loads.append(round(os.getloadavg()[0], 2))

    try:
        standin = subprocess.Popen(
            ["node", str(REPO / "dev/standin/cli.js"), "--port", str(standin_port), "--seed", "none"],
            stdout=subprocess.PIPE,
            text=True,
        )
        procs.append(standin)
        standin.stdout.readline()
        zurl = f"http://127.0.0.1:{standin_port}"
        env = dict(os.environ, PYTHONPATH=str(REPO))
        jupyter = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter_server",
                "--no-browser",
                "--allow-root",
                f"--port={jupyter_port}",
                f"--ServerApp.root_dir={root}",
                f"--IdentityProvider.token={JUPYTER_TOKEN}",
                "--ServerApp.jpserver_extensions={'jupyterlab_artifacts': True}",
                f"--ArtifactsCompanion.zenodo_url={zurl}",
                f"--ArtifactsCompanion.temp_dir={work}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(jupyter)
        jbase = f"http://127.0.0.1:{jupyter_port}/jupyterlab-artifacts/api"
        auth = {"Authorization": f"token {JUPYTER_TOKEN}"}
        for _ in range(120):
            try:
                if http("GET", f"{jbase}/info", headers=auth)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError("the Jupyter server did not start")

        src = work / "source"
        print(f"making a {args.mb} MB mixed folder…", flush=True)
        make_folder(src, args.mb)
        zip_path = work / "data.zip"
        tgz_path = work / "data.tar.gz"
        zip_folder(src, zip_path)
        tgz_folder(src, tgz_path)
        results["folderBytes"] = sum(p.stat().st_size for p in src.rglob("*") if p.is_file())
        results["files"] = sum(1 for p in src.rglob("*") if p.is_file())
        results["zipBytes"] = zip_path.stat().st_size
        results["tgzBytes"] = tgz_path.stat().st_size

        def draft() -> dict:
            status, dep = http(
                "POST",
                f"{zurl}/api/deposit/depositions",
                body={
                    "metadata": {
                        "title": "bench",
                        "upload_type": "dataset",
                        "description": "b",
                        "creators": [{"name": "B, A"}],
                        "publication_date": "2026-01-01",
                    }
                },
                headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
            )
            assert status == 201, dep
            return dep

        def record(path: Path) -> dict:
            dep = draft()
            data = path.read_bytes()
            http(
                "PUT",
                f"{dep['links']['bucket']}/{path.name}",
                raw=data,
                headers={
                    "Authorization": f"Bearer {WRITE_TOKEN}",
                    "Content-Type": "application/octet-stream",
                },
            )
            status, rec = http(
                "POST",
                f"{zurl}/api/deposit/depositions/{dep['id']}/actions/publish",
                headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
            )
            assert status == 202, rec
            return {
                "url": f"{zurl}/api/records/{rec['id']}/files/{path.name}/content",
                "size": len(data),
                "checksum": "md5:" + hashlib.md5(data).hexdigest(),
                "key": path.name,
            }

        def run_job(
            body: dict, headers: dict | None = None, poll: float = POLL_SECONDS
        ) -> tuple[float, float, dict]:
            with Sampler(jupyter.pid) as s:
                t = time.perf_counter()
                status, job = http("POST", f"{jbase}/jobs", body=body, headers={**auth, **(headers or {})})
                assert status == 202, job
                phases = {job["phase"]: 0.0}
                while job["phase"] not in ("done", "failed", "cancelled"):
                    # What a UI does at most (the Jobs panel polls about once a second); polling
                    # every few ms makes the server's event loop compete for the GIL with the job.
                    time.sleep(poll)
                    job = http("GET", f"{jbase}/jobs/{job['id']}", headers=auth)[1]
                    phases.setdefault(job["phase"], round(time.perf_counter() - t, 2))
                if os.environ.get("BENCH_PHASES"):
                    print("  phases (s from POST):", phases, flush=True)
                elapsed = time.perf_counter() - t
            assert job["phase"] == "done", job
            return elapsed, s.growth_mb, job

        def timed(cmds: list[list[str]], cwd: Path | None = None) -> float:
            t = time.perf_counter()
            for c in cmds:
                subprocess.run(c, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
            return time.perf_counter() - t

        for kind, path, unpack in (
            ("zip", zip_path, lambda f, d: ["unzip", "-q", str(f), "-d", str(d)]),
            ("tar.gz", tgz_path, lambda f, d: ["tar", "-xzf", str(f), "-C", str(d)]),
        ):
            rec = record(path)
            native, companion, rss = [], [], []
            for run in range(args.runs):
                dest = root / f"native-{kind}-{run}"
                dest.mkdir()
                dl = root / f"native-{run}.{kind}"
                native.append(timed([["curl", "-s", "-f", "-o", str(dl), rec["url"]], unpack(dl, dest)]))
                dl.unlink()
                body = {
                    "kind": "import",
                    "url": rec["url"],
                    "key": rec["key"],
                    "size": rec["size"],
                    "checksum": rec["checksum"],
                    "parent": "",
                    "name": f"companion-{kind}-{run}",
                }
                elapsed, growth, _ = run_job(body)
                companion.append(elapsed)
                rss.append(growth)
                shutil.rmtree(dest)
                shutil.rmtree(root / f"companion-{kind}-{run}")
                for poll in polls:
                    name = f"companion-{kind}-{run}-poll"
                    note_poll(f"import-{kind}", poll, run_job({**body, "name": name}, poll=poll)[0])
                    shutil.rmtree(root / name)
            results[f"import-{kind}"] = summary(native, companion, rss)
            print(f"import {kind}: {fmt(results[f'import-{kind}'])}", flush=True)

        target = root / "project"
        shutil.copytree(src, target)
        files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
        native, companion, rss = [], [], []
        for run in range(args.runs):
            dep = draft()
            out = work / f"native-{run}.zip"
            native.append(
                timed(
                    [
                        ["zip", "-q", "-r", "-6", str(out), "."],
                        [
                            "curl",
                            "-s",
                            "-f",
                            "-T",
                            str(out),
                            "-H",
                            f"Authorization: Bearer {WRITE_TOKEN}",
                            "-H",
                            "Content-Type: application/octet-stream",
                            f"{dep['links']['bucket']}/native.zip",
                        ],
                    ],
                    cwd=target,
                )
            )
            out.unlink()
            dep = draft()
            body = {
                "kind": "publish",
                "path": "project",
                "files": files,
                "bucket": dep["links"]["bucket"],
                "key": "project.zip",
            }
            elapsed, growth, job = run_job(body, {"X-Zenodo-Token": WRITE_TOKEN})
            companion.append(elapsed)
            rss.append(growth)
            for poll in polls:
                body = {**body, "bucket": draft()["links"]["bucket"]}
                note_poll("publish", poll, run_job(body, {"X-Zenodo-Token": WRITE_TOKEN}, poll=poll)[0])
            results.setdefault("publishZipBytes", job["result"]["bytes"])
        results["publish"] = summary(native, companion, rss)
        print(f"publish: {fmt(results['publish'])}", flush=True)
        if by_poll:
            results["byPollSeconds"] = by_poll
            print(f"by poll interval (s): {by_poll}", flush=True)
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


def summary(native: list[float], companion: list[float], rss: list[float]) -> dict:
    n, c = statistics.median(native), statistics.median(companion)
    return {
        "nativeSeconds": [round(x, 2) for x in native],
        "companionSeconds": [round(x, 2) for x in companion],
        "nativeMedian": round(n, 2),
        "companionMedian": round(c, 2),
        "ratio": round(c / n, 2),
        "rssGrowthMB": round(max(rss), 1),
    }


def fmt(s: dict) -> str:
    return (
        f"native {s['nativeMedian']} s, companion {s['companionMedian']} s, ratio {s['ratio']}, "
        f"server RSS growth ≤ {s['rssGrowthMB']} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
