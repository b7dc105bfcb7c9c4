"""plan_extraction and the writer against hostile archives made here (issue 10's cases and more)."""

from __future__ import annotations

import io
import json
import os
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest

from jupyterlab_artifacts.extract import ArchiveError, Limits, extract_archive, plan_extraction

LIMITS = {"max_total_bytes": 64 * 1024 * 1024, "max_entries": 1000, "max_ratio": 100}


def zip_bytes(files: list[tuple[str, bytes]], level: int = 6, unix: dict | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if unix and name in unix:
                info.create_system = 3
                info.external_attr = unix[name] << 16
            z.writestr(info, data)
    return buf.getvalue()


def tar_header(
    name: bytes,
    size: int = 0,
    typeflag: bytes = b"0",
    magic: bytes = b"ustar\x0000",
    prefix: bytes = b"",
    linkname: bytes = b"",
) -> bytes:
    h = bytearray(512)
    h[0 : len(name)] = name
    h[100:108] = b"0000644\x00"
    h[108:116] = b"0000000\x00"
    h[116:124] = b"0000000\x00"
    h[124:136] = b"%011o\x00" % size
    h[136:148] = b"%011o\x00" % 0
    h[148:156] = b" " * 8
    h[156:157] = typeflag
    h[157 : 157 + len(linkname)] = linkname
    h[257:265] = magic
    h[345 : 345 + len(prefix)] = prefix
    h[148:156] = b"%06o\x00 " % sum(h)
    return bytes(h)


def tar_entry(name: bytes, data: bytes = b"", **kw) -> bytes:
    pad = (-len(data)) % 512
    return tar_header(name, len(data), **kw) + data + bytes(pad)


def tar_end() -> bytes:
    return bytes(1024)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def refused(path: Path, reason: str, entry: str | None = None, **limits) -> ArchiveError:
    with pytest.raises(ValueError) as e:
        plan_extraction(path, **{**LIMITS, **limits})
    assert isinstance(e.value, ArchiveError)
    assert reason in str(e.value).lower(), str(e.value)
    if entry is not None:
        assert json.dumps(entry, ensure_ascii=False) in str(e.value)
    return e.value


def test_good_zip_plans_exactly(tmp_path):
    data = os.urandom(200_000)
    p = write(
        tmp_path, "a.zip", zip_bytes([("README.md", b"# hi\n"), ("d/blob.bin", data), ("empty.txt", b"")])
    )
    plan = plan_extraction(p, **LIMITS)
    assert plan == {
        "entries": [
            {"path": "README.md", "size": 5},
            {"path": "d/blob.bin", "size": 200_000},
            {"path": "empty.txt", "size": 0},
        ],
        "total_bytes": 200_005,
    }


def test_hidden_entries_are_left_out(tmp_path):
    p = write(
        tmp_path, "a.zip", zip_bytes([("ok.txt", b"1"), (".git/config", b"x"), ("__MACOSX/._ok.txt", b"y")])
    )
    assert [e["path"] for e in plan_extraction(p, **LIMITS)["entries"]] == ["ok.txt", "__MACOSX/._ok.txt"][:1]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.sh", "climb out"),
        ("a/../../evil.sh", "climb out"),
        ("/etc/passwd", "absolute"),
        ("C:/Windows/evil.dll", "drive letter"),
        ("..\\evil.sh", "backslash"),
        ("CON", "windows-reserved"),
        ("docs/aux.txt", "windows-reserved"),
        ("trailing.", "windows-reserved"),
        ("trailing ", "windows-reserved"),
        ("dir/a:b.txt", "windows-reserved"),
        ("a:b.txt", "drive letter"),
        ("bell\x07.txt", "control characters"),
    ],
)
def test_bad_names_in_zip_and_tar(tmp_path, name, reason):
    z = write(tmp_path, "x.zip", zip_bytes([("fine.txt", b"ok"), (name, b"pwned")]))
    refused(z, reason, name)
    t = write(
        tmp_path, "x.tar", tar_entry(b"fine.txt", b"ok") + tar_entry(name.encode(), b"pwned") + tar_end()
    )
    refused(t, reason, name)


def test_links_and_devices(tmp_path):
    z = write(
        tmp_path, "l.zip", zip_bytes([("ok.txt", b"ok"), ("link", b"/etc/passwd")], unix={"link": 0o120777})
    )
    refused(z, "symbolic links", "link")
    z = write(tmp_path, "d.zip", zip_bytes([("dev", b"")], unix={"dev": 0o020666}))
    refused(z, "devices", "dev")
    for flag, reason in (
        (b"2", "symbolic links"),
        (b"1", "hard links"),
        (b"3", "devices"),
        (b"6", "devices"),
    ):
        t = write(
            tmp_path,
            "l.tar",
            tar_entry(b"ok.txt", b"ok") + tar_header(b"x", typeflag=flag, linkname=b"/etc") + tar_end(),
        )
        refused(t, reason, "x")


def test_zip_end_record_must_count_every_entry(tmp_path):
    """Issue 10: the end record says 1 entry, the central directory holds 3."""
    data = bytearray(zip_bytes([("README.md", b"hi"), (".hidden", b"x"), ("bomb.bin", bytes(100_000))]))
    eocd = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, eocd + 8, 1, 1)
    refused(write(tmp_path, "x.zip", bytes(data)), "disagree")


def test_zip_central_directory_size_must_match(tmp_path):
    data = bytearray(zip_bytes([("a.txt", b"a"), ("b.txt", b"b")]))
    eocd = data.rfind(b"PK\x05\x06")
    size = struct.unpack_from("<I", data, eocd + 12)[0]
    struct.pack_into("<I", data, eocd + 12, size - 46 - 5)
    refused(write(tmp_path, "x.zip", bytes(data)), "disagree")


def test_zip_local_name_must_match_central(tmp_path):
    data = bytearray(zip_bytes([("safe.txt", b"a")]))
    data[30:38] = b"../x.txt"
    refused(write(tmp_path, "x.zip", bytes(data)), "differently", "safe.txt")


def test_zip_overlapping_entries(tmp_path):
    """Central entries pointing at the same data (a 'better zip bomb') are refused."""
    one = zip_bytes([("a.txt", b"a" * 100)])
    z = zipfile.ZipFile(io.BytesIO(one))
    info = z.infolist()[0]
    eocd = one.rfind(b"PK\x05\x06")
    cd_off = struct.unpack_from("<I", one, eocd + 16)[0]
    record = one[cd_off:eocd]
    second = bytearray(record)
    second[46 : 46 + 5] = b"b.txt"
    body = one[:cd_off] + record + bytes(second)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(record) * 2, cd_off, 0)
    assert info.filename == "a.txt"
    refused(write(tmp_path, "x.zip", body + end), "differently")  # local header names a.txt


def test_zip_lying_sizes(tmp_path):
    data = bytearray(zip_bytes([("liar.bin", bytes(5_000_000))], level=9))
    # Declare 1,000 bytes everywhere the size is written.
    struct.pack_into("<I", data, 22, 1000)
    eocd = data.rfind(b"PK\x05\x06")
    cd = struct.unpack_from("<I", data, eocd + 16)[0]
    struct.pack_into("<I", data, cd + 24, 1000)
    p = write(tmp_path, "x.zip", bytes(data))
    refused(p, "lying size", "liar.bin", max_ratio=1_000_000)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ArchiveError):
        extract_archive(str(p), str(out), Limits(64 * 1024 * 1024, 1000, 1_000_000))
    # What was written stops at the declared size: a lying header cannot fill the disk.
    assert (out / "liar.bin").stat().st_size <= 1000


def test_zip_bombs_and_caps(tmp_path):
    refused(
        write(tmp_path, "b.zip", zip_bytes([("bomb.bin", bytes(20_000_000))], 9)),
        "times its compressed size",
        "bomb.bin",
    )
    files = [("a.bin", os.urandom(600_000)), ("b.bin", os.urandom(600_000))]
    refused(write(tmp_path, "c.zip", zip_bytes(files)), "exceed", "b.bin", max_total_bytes=1_000_000)
    many = [(f"f{i}.txt", b"x") for i in range(12)]
    refused(write(tmp_path, "m.zip", zip_bytes(many)), "more than 10 entries", "f10.txt", max_entries=10)


def test_tgz_bomb_stops_while_gunzipping(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        info = tarfile.TarInfo("zeros.bin")
        info.size = 30_000_000
        t.addfile(info, io.BytesIO(bytes(30_000_000)))
    refused(write(tmp_path, "x.tgz", buf.getvalue()), "inflates more than 100 times")


def test_tar_old_style_folder_with_a_size(tmp_path):
    """Issue 10: `d/` with type NUL and a size: one reader skips the body, another reads entries in it."""
    hidden = tar_entry(b".ssh/authorized_keys", b"ssh-rsa AAAA") + tar_header(
        b"link", typeflag=b"2", linkname=b"/"
    )
    t = (
        tar_entry(b"README.md", b"hi")
        + tar_header(b"d/", size=len(hidden), typeflag=b"\x00")
        + hidden
        + tar_end()
    )
    refused(write(tmp_path, "x.tar", t), "folder entry declares", "d/")


def test_tar_gnu_magic_with_prefix(tmp_path):
    """Issue 10: GNU magic plus bytes in the ustar prefix: Python prepends them, modern-tar does not."""
    t = tar_entry(b"README.md", b"hi", magic=b"ustar  \x00", prefix=b".ipynb_checkpoints/deep") + tar_end()
    refused(write(tmp_path, "x.tar", t), "prefix", "README.md")


def test_tar_posix_prefix_is_used(tmp_path):
    t = tar_entry(b"file.txt", b"hi", prefix=b"some/dir") + tar_end()
    assert plan_extraction(write(tmp_path, "x.tar", t), **LIMITS)["entries"] == [
        {"path": "some/dir/file.txt", "size": 2}
    ]


def test_tar_data_after_the_end(tmp_path):
    t = tar_entry(b"a.txt", b"a") + tar_end() + tar_entry(b".bashrc", b"evil")
    refused(write(tmp_path, "x.tar", t), "after its end")


def test_tar_bad_checksum(tmp_path):
    h = bytearray(tar_entry(b"a.txt", b"a"))
    h[0] = ord("b")
    refused(write(tmp_path, "x.tar", bytes(h) + tar_end()), "checksum")


def test_tar_pax_path_and_gnu_long_name(tmp_path):
    pax = b"20 path=other/x.txt\n"
    t = (
        tar_entry(b"././@LongLink", b"long/name.txt\x00", typeflag=b"L")
        + tar_entry(b"pax", pax, typeflag=b"x")
        + tar_entry(b"x.txt", b"data")
        + tar_end()
    )
    refused(write(tmp_path, "x.tar", t), "disagree")


def test_pax_and_gnu_long_names_alone(tmp_path):
    t = tar_entry(b"pax", b"20 path=other/x.txt\n", typeflag=b"x") + tar_entry(b"x.txt", b"data") + tar_end()
    assert plan_extraction(write(tmp_path, "p.tar", t), **LIMITS)["entries"] == [
        {"path": "other/x.txt", "size": 4}
    ]
    t = (
        tar_entry(b"././@LongLink", b"long/name.txt\x00", typeflag=b"L")
        + tar_entry(b"x.txt", b"data")
        + tar_end()
    )
    assert plan_extraction(write(tmp_path, "l.tar", t), **LIMITS)["entries"] == [
        {"path": "long/name.txt", "size": 4}
    ]


@pytest.mark.parametrize(
    ("names", "entry", "reason"),
    [
        (["a.txt", "a.txt"], "a.txt", "more than once"),
        (["README.md", "readme.md"], "readme.md", "differs only in case"),
        (["Data/a.csv", "data/b.csv"], "data/b.csv", "differs only in case"),
        (["caf\u00e9.txt", "cafe\u0301.txt"], "cafe\u0301.txt", "normalisation"),
        (["a", "a/b"], "a/b", "both a file and a folder"),
    ],
)
def test_collisions(tmp_path, names, entry, reason):
    t = b"".join(tar_entry(n.encode(), b"x") for n in names) + tar_end()
    refused(write(tmp_path, "x.tar", t), reason, entry)
    if len(set(names)) == len(names):
        refused(write(tmp_path, "x.zip", zip_bytes([(n, b"x") for n in names])), reason, entry)


def test_not_archives(tmp_path):
    refused(write(tmp_path, "x.zip", b"not a zip at all"), "not a readable zip")
    refused(write(tmp_path, "x.tgz", b"not gzip"), "not a readable gzip")
    refused(write(tmp_path, "x.bin", b"plain"), "is not a .zip")


def test_extract_writes_only_planned_entries(tmp_path):
    data = zip_bytes([("ok/a.txt", b"a"), (".hidden", b"h"), ("ok/b.txt", b"b"), ("empty/", b"")])
    out = tmp_path / "out"
    out.mkdir()
    plan = extract_archive(str(write(tmp_path, "x.zip", data)), str(out), Limits())
    assert [e["path"] for e in plan.entries] == ["ok/a.txt", "ok/b.txt"]
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == ["empty", "ok", "ok/a.txt", "ok/b.txt"]
