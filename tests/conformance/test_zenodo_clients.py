"""Conformance: two Zenodo clients other people wrote, against the stand-in.

``zenodo-client`` (cthoyt) and ``zenodo-get`` (dvolgyes) are used against the
real Zenodo every day. Their flows run here unchanged: create, upload,
publish, new version, download by record id and by DOI with md5 checks, and a
bad token. When the stand-in drifts from what real clients expect, this fails.

How they are pointed at the stand-in, without changing how they build
requests:

* zenodo-client keeps Zenodo's address in three instance attributes set in its
  constructor (``base``, ``api_base``, ``depositions_base``, from the hard-coded
  ``https://zenodo.org``) and has no option for another one. The tests set only
  those three, derived as its constructor derives them; every path, query,
  header and body is still built by the client, and it follows the links the
  stand-in gives.
* zenodo-get hard-codes ``https://zenodo.org/api/records/`` and resolves DOIs at
  ``https://doi.org/``. The tests wrap the transport it creates for itself (its
  ``_create_client_transport``) in a host map: a request for zenodo.org goes to
  the stand-in's address instead, its ``Host`` header left as the client sent it
  (as a reverse proxy does), and a request for doi.org is answered as doi.org
  answers for Zenodo DOIs, with a redirect to ``https://zenodo.org/doi/<doi>``.
  Method, path, query, headers and body stay the client's own. A TLS-terminating
  proxy through ``--proxy`` would do the same, at the price of a certificate
  authority that its TLS stack would have to trust; the host map changes no
  more than that proxy would.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx2
import pytest
import requests
import zenodo_get
import zenodo_get.downloader
from zenodo_client import Creator, Metadata, Zenodo

from .conftest import Standin


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


def point_at(client: Zenodo, standin: Standin) -> Zenodo:
    """Zenodo's address, replaced as zenodo-client's constructor would set it."""
    client.base = standin.url
    client.api_base = client.base + "/api"
    client.depositions_base = client.api_base + "/deposit/depositions"
    return client


class HostMap(httpx2.BaseTransport):
    """Sends zenodo.org requests to the stand-in; answers doi.org as doi.org does."""

    def __init__(self, inner: httpx2.BaseTransport, standin: Standin) -> None:
        self._inner = inner
        target = urlsplit(standin.url)
        self._host = target.hostname
        self._port = target.port

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        host = request.url.host
        if host == "doi.org":
            # doi.org sends a Zenodo DOI to the URL Zenodo registered for it.
            doi = request.url.path.lstrip("/")
            return httpx2.Response(
                302,
                headers={"Location": f"https://zenodo.org/doi/{doi}"},
                request=request,
            )
        if host == "zenodo.org":
            request.url = request.url.copy_with(scheme="http", host=self._host, port=self._port)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@pytest.fixture
def zenodo_get_routed(standin: Standin, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    original = zenodo_get.downloader._create_client_transport

    def routed(*args, **kwargs):
        return HostMap(original(*args, **kwargs), standin)

    monkeypatch.setattr(zenodo_get.downloader, "_create_client_transport", routed)
    yield
    zenodo_get.downloader._close_client()


@pytest.fixture(autouse=True)
def pystow_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """zenodo-client keeps downloads and configuration under PYSTOW_HOME."""
    home = tmp_path / "pystow"
    monkeypatch.setenv("PYSTOW_HOME", str(home))
    return home


def metadata(title: str) -> Metadata:
    # No publication_date: zenodo-client's model has none, Zenodo defaults it.
    return Metadata(
        title=title,
        upload_type="dataset",
        description="Published by the conformance tests.",
        creators=[Creator(name="Tester, Ada", affiliation="Test Lab")],
        keywords=["conformance"],
    )


@pytest.fixture
def published(standin: Standin, tmp_path: Path) -> dict:
    """A record created, uploaded and published by zenodo-client."""
    data = tmp_path / "upload" / "data.csv"
    data.parent.mkdir()
    data.write_bytes(b"station,co2\nHTM,421.3\n")
    notes = tmp_path / "upload" / "README.md"
    notes.write_bytes(b"# Conformance\n\nTwo files.\n")
    client = point_at(Zenodo(access_token=standin.token), standin)
    res = client.create(metadata("Conformance artifact"), [data, notes])
    assert res.status_code == 202, res.text
    return {"deposition": res.json(), "files": {p.name: md5(p) for p in (data, notes)}}


def test_zenodo_client_creates_uploads_publishes(published: dict) -> None:
    dep = published["deposition"]
    assert dep["state"] == "done"
    assert dep["submitted"] is True
    assert dep["doi"].endswith(f"/zenodo.{dep['id']}")
    # Sent as zenodo-client sends them: CC0-1.0 and language eng, no date.
    assert dep["metadata"]["license"] == "cc-zero"
    assert dep["metadata"]["language"] == "eng"
    assert dep["metadata"]["publication_date"] == datetime.date.today().isoformat()
    assert {f["filename"]: f["checksum"] for f in dep["files"]} == published["files"]


def test_zenodo_client_reads_and_downloads_with_md5(published: dict, standin: Standin) -> None:
    client = point_at(Zenodo(access_token=standin.token), standin)
    record_id = published["deposition"]["id"]
    record = client.get_record(record_id).json()
    assert record["metadata"]["language"] == "eng"
    paths = client.download_all(record_id)
    assert {p.name: md5(p) for p in paths} == published["files"]


def test_zenodo_client_new_version(published: dict, standin: Standin, tmp_path: Path) -> None:
    client = point_at(Zenodo(access_token=standin.token), standin)
    first = published["deposition"]
    data = tmp_path / "v2" / "data.csv"
    data.parent.mkdir()
    data.write_bytes(b"station,co2\nHTM,421.3\nSMR,419.8\n")
    res = client.update(str(first["id"]), [data])
    assert res.status_code == 202, res.text
    second = res.json()
    assert second["id"] != first["id"]
    assert second["conceptrecid"] == first["conceptrecid"]
    assert second["state"] == "done"
    files = {f["filename"]: f["checksum"] for f in second["files"]}
    # The new data, and the README carried over from the first version.
    assert files == {
        "data.csv": md5(data),
        "README.md": published["files"]["README.md"],
    }
    # The first version now says where the newest is.
    latest = requests.get(first["links"]["latest"], params={"access_token": standin.token}, timeout=10)
    assert latest.status_code == 200
    assert latest.json()["id"] == second["id"]
    path = client.download(second["id"], "data.csv")
    assert md5(path) == md5(data)


def test_zenodo_client_bad_token(standin: Standin, tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_bytes(b"x\n")
    client = point_at(Zenodo(access_token="not-a-real-token"), standin)
    with pytest.raises(requests.HTTPError) as caught:
        client.create(metadata("Never made"), [data])
    assert caught.value.response.status_code == 401
    assert "not-a-real-token" not in caught.value.response.text


def test_zenodo_get_by_record_id_with_md5(published: dict, zenodo_get_routed: None, tmp_path: Path) -> None:
    out = tmp_path / "by-id"
    zenodo_get.download(record=str(published["deposition"]["id"]), output_dir=out, verbosity=0)
    assert {p.name: md5(p) for p in out.iterdir()} == published["files"]
    # Its md5sums.txt, from the record's checksums, agrees with the bytes.
    sums = tmp_path / "sums"
    zenodo_get.download(
        record=str(published["deposition"]["id"]),
        output_dir=sums,
        md5=True,
        verbosity=0,
    )
    listed = dict(reversed(line.split()) for line in (sums / "md5sums.txt").read_text().splitlines())
    assert listed == published["files"]


def test_zenodo_get_by_doi(published: dict, zenodo_get_routed: None, tmp_path: Path) -> None:
    out = tmp_path / "by-doi"
    zenodo_get.download(doi=published["deposition"]["doi"], output_dir=out, verbosity=0)
    assert {p.name: md5(p) for p in out.iterdir()} == published["files"]
    # And as a person types it, a DOI URL.
    url_out = tmp_path / "by-doi-url"
    zenodo_get.download(published["deposition"]["doi_url"], output_dir=url_out, verbosity=0)
    assert {p.name: md5(p) for p in url_out.iterdir()} == published["files"]


def test_zenodo_get_bad_token(published: dict, zenodo_get_routed: None, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="401"):
        zenodo_get.download(
            record=str(published["deposition"]["id"]),
            output_dir=tmp_path / "bad",
            access_token="not-a-real-token",
            max_http_retries=0,
            verbosity=0,
        )
    assert not any((tmp_path / "bad").iterdir())


def test_zenodo_client_new_version_while_a_draft_is_open(published: dict, standin: Standin) -> None:
    """What Zenodo answers a second newversion while the first draft is open."""
    client = point_at(Zenodo(access_token=standin.token), standin)
    first = published["deposition"]["id"]
    draft = client.new_version(first, sleep=False).json()
    with pytest.raises(requests.HTTPError) as caught:
        client.new_version(first, sleep=False)
    assert caught.value.response.status_code == 400
    assert caught.value.response.json()["errors"] == [
        {"field": "files.enabled", "messages": ["Please remove all files first."]}
    ]
    record = client._get_deposition(first).json()
    assert record["links"]["latest_draft"].split("/")[-1] == str(draft["id"])
