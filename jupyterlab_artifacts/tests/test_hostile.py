"""Every case of the shared hostile-archive generator (dev/hostile, also run by jest) through
plan_extraction, and a few through the import job end to end."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from jupyterlab_artifacts import extract, transfers
from jupyterlab_artifacts.extract import plan_extraction

from .conftest import REPO, check_problem, listing, wait_job

# The limits the cases assume (dev/hostile/archives.js: the defaults of the catalogue settings).
_SETTINGS = json.loads((REPO / "schema" / "catalogue.json").read_text())["properties"]
LIMITS = {
    "max_total_bytes": _SETTINGS["maxExtractedBytes"]["default"],
    "max_entries": _SETTINGS["maxEntries"]["default"],
    "max_ratio": _SETTINGS["maxRatio"]["default"],
}


def test_planner_defaults_are_the_schemas():
    assert (extract.DEFAULT_MAX_TOTAL_BYTES, extract.DEFAULT_MAX_ENTRIES, extract.DEFAULT_MAX_RATIO) == (
        LIMITS["max_total_bytes"],
        LIMITS["max_entries"],
        LIMITS["max_ratio"],
    )


@functools.lru_cache(maxsize=1)
def generated() -> tuple[Path, list[dict]]:
    out = Path(tempfile.mkdtemp(prefix="hostile-"))
    atexit.register(shutil.rmtree, out, True)
    subprocess.run(
        ["node", str(REPO / "dev" / "hostile" / "cli.js"), str(out)], check=True, capture_output=True
    )
    return out, json.loads((out / "manifest.json").read_text())


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        cases = generated()[1]
        metafunc.parametrize("case", cases, ids=[c["name"] for c in cases])


def test_manifest_case(case):
    folder, _ = generated()
    path = folder / case["file"]
    if case["expect"] == "ok":
        plan = plan_extraction(path, **LIMITS)
        assert {e["path"] for e in plan["entries"]} == set(case["entries"])
        assert plan["total_bytes"] == sum(e["size"] for e in plan["entries"])
    else:
        with pytest.raises(ValueError) as e:
            plan_extraction(path, **LIMITS)
        assert case["reason"] in str(e.value).lower(), str(e.value)
        # A code of the shared set with exactly its parameters (tests/test_archive_codes.py: the set is
        # the browser's), and the one the manifest gives: both planners raise the same.
        check_problem(e.value)
        if "code" in case:
            assert e.value.code == case["code"], str(e.value)


def test_manifest_covers_issue_10():
    names = {c["name"] for c in generated()[1]}
    for name in (
        "zip-end-record-count-mismatch-bomb",
        "tar-old-style-dir-with-size",
        "tar-gnu-magic-with-prefix",
        "zip-unicode-nfc-nfd-collision",
        "windows-con",
    ):
        assert name in names


IMPORTED = [
    "good-mixed-zip",
    "good-mixed-tar-gz",
    "good-plain-tar",
    "zip-end-record-count-mismatch-bomb",
    "tar-old-style-dir-with-size",
    "tar-gnu-magic-with-prefix",
    "tar-symlink-then-write-through",
    "zip-lying-size",
    "hidden-files-tar-gz",
]


@pytest.mark.parametrize("name", IMPORTED)
async def test_import_job(jp_fetch, standin, jp_root_dir, name):
    folder, cases = generated()
    case = next(c for c in cases if c["name"] == name)
    data = (folder / case["file"]).read_bytes()
    rec = standin.record({case["file"]: data})[case["file"]]
    body = {
        "kind": "import",
        "url": rec["url"],
        "key": case["file"],
        "size": rec["size"],
        "checksum": rec["checksum"],
        "parent": "",
        "name": "imported",
    }
    r = await jp_fetch("jupyterlab-artifacts", "api", "jobs", method="POST", body=json.dumps(body))
    job = await wait_job(jp_fetch, json.loads(r.body)["id"])
    if case["expect"] == "ok":
        assert job["phase"] == "done", job
        written = {
            p.relative_to(jp_root_dir / "imported").as_posix() for p in (jp_root_dir / "imported").rglob("*")
        }
        files = {p for p in written if (jp_root_dir / "imported" / p).is_file()}
        assert files == set(case["entries"])
    else:
        assert job["phase"] == "failed", job
        assert job["error"]["code"] == "unsafe-entry"
        assert case["reason"] in job["error"]["message"].lower()
        assert listing(jp_root_dir) == []


# Hostile cases imported end to end: the failed job's error carries the refusal as a code with its
# parameters (``reason``) and the entry at fault, beside the unchanged code and English message.
REASONS = {
    "zip-slip": ({"code": "path-climbs"}, "../evil.sh"),
    "windows-colon": (
        {"code": "name-windows-character", "segment": "notes:stream.txt", "character": ":"},
        "notes:stream.txt",
    ),
    "tar-pax-size-disagrees": ({"code": "pax-size-mismatch", "paxSize": 1024, "headerSize": 1}, "data.bin"),
    "tar-symlink": ({"code": "special-entry", "kind": "symlink"}, "passwd-link"),
    "zip-local-central-size-mismatch": ({"code": "zip-local-header-mismatch", "what": "sizes"}, "data.csv"),
    "tar-gz-bomb": ({"code": "stream-bomb", "maxRatio": 200}, None),
}


@pytest.mark.parametrize("name", sorted(REASONS))
async def test_import_job_error_carries_the_reason(jp_fetch, standin, jp_root_dir, name):
    folder, cases = generated()
    case = next(c for c in cases if c["name"] == name)
    data = (folder / case["file"]).read_bytes()
    rec = standin.record({case["file"]: data})[case["file"]]
    body = {
        "kind": "import",
        "url": rec["url"],
        "key": case["file"],
        "size": rec["size"],
        "checksum": rec["checksum"],
        "parent": "",
        "name": "imported",
    }
    r = await jp_fetch("jupyterlab-artifacts", "api", "jobs", method="POST", body=json.dumps(body))
    job = await wait_job(jp_fetch, json.loads(r.body)["id"])
    assert job["phase"] == "failed", job
    # The planner's own error, under the companion's limits (its defaults: the traits'), for the English.
    with pytest.raises(extract.ArchiveError) as local:
        extract.plan_archive(str(folder / case["file"]), transfers.Config(root_dir=str(jp_root_dir)).limits())
    reason, entry = REASONS[name]
    message = f"The archive was refused: {local.value}"
    expected = {"code": "unsafe-entry", "message": message, "reason": reason}
    if entry is not None:
        expected["entry"] = entry
    assert job["error"] == expected
    assert listing(jp_root_dir) == []
