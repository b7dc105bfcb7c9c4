"""The exclusion patterns' table shared with jest (src/workspace/__tests__/excludes.spec.ts):
the companion's folder zip keeps exactly what the browser's walk keeps, ``!`` included."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest

from ..transfers import walk_folder

CASES = json.loads((Path(__file__).parent / "exclude_cases.json").read_text())["cases"]


def make_tree(root: Path, tree: list[str]) -> None:
    for rel in tree:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_walk_keeps_what_the_browser_keeps(case, tmp_path):
    make_tree(tmp_path, case["tree"])
    kept = [item.name for item in walk_folder(str(tmp_path), case["exclude"], allow_hidden=False)]
    assert sorted(kept) == sorted(case["kept"])


async def test_download_honours_negation(http_server_client, jp_base_url, jp_auth_header, jp_root_dir):
    make_tree(jp_root_dir / "project", ["a.tmp", "keep.tmp", "sub/keep.tmp", "b.txt"])
    query = urlencode({"path": "project", "exclude": ["*.tmp", "!keep.tmp"]}, doseq=True)
    url = f"{jp_base_url}jupyterlab-artifacts/api/download?{query}"
    r = await http_server_client.fetch(url, headers=jp_auth_header)
    names = zipfile.ZipFile(io.BytesIO(r.body)).namelist()
    assert sorted(n for n in names if not n.endswith("/")) == ["b.txt", "keep.tmp", "sub/keep.tmp"]
