"""Start the Zenodo stand-in (dev/standin/cli.js) on a free port for the conformance tests."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Standin:
    """A running stand-in: its URL and the demo write token."""

    url: str
    token: str


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the Zenodo stand-in (dev/standin/cli.js)")
    return node


@pytest.fixture(scope="session")
def standin() -> Iterator[Standin]:
    """The stand-in, seeded with nothing: each test publishes what it reads back."""
    node = _node()
    cli = str(ROOT / "dev" / "standin" / "cli.js")
    token = subprocess.run(
        [node, cli, "--print-demo-token"], check=True, capture_output=True, text=True
    ).stdout.strip()
    # Port 0: the system picks a free one and the stand-in prints its URL.
    proc = subprocess.Popen(
        [node, cli, "--host", "127.0.0.1", "--port", "0", "--seed", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        url = None
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            m = re.search(r"listening on (http://\S+)", line)
            if m:
                url = m.group(1)
                break
        if url is None:
            pytest.fail(f"the stand-in did not start (exit code {proc.poll()})")
        yield Standin(url=url, token=token)
    finally:
        # Only the process group this fixture started.
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
