"""Why an archive is refused, as a code with parameters (issue 13.1): the Python planner's set
(ARCHIVE_CODES) is the browser's (the ``ArchiveProblem`` union of src/workspace/extract.ts), every
refusal raises one of its codes with exactly its parameters, and every code is raised somewhere."""

from __future__ import annotations

import gzip
import io
import pickle
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from jupyterlab_artifacts.extract import (
    ARCHIVE_CODES,
    ArchiveError,
    FolderSink,
    check_entry_name,
    check_folder_name,
    plan_extraction,
)

from .conftest import REPO, check_problem
from .test_extract import LIMITS, tar_end, tar_entry, tar_header, write, zip_bytes
from .test_hostile import LIMITS as HOSTILE_LIMITS
from .test_hostile import generated

EXTRACT_TS = REPO / "src" / "workspace" / "extract.ts"


# ---------------------------------------------------------------- the set itself


def test_codes_and_parameters_are_named_alike():
    for code, params in ARCHIVE_CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert isinstance(params, tuple)
        assert len(set(params)) == len(params), code
        for p in params:
            assert re.fullmatch(r"[a-z]+([A-Z][a-z]*)*", p), (code, p)
            assert p != "code", code


def test_an_error_outside_the_set_is_a_bug():
    with pytest.raises(TypeError):
        ArchiveError("no-such-code", "why", "x")
    with pytest.raises(TypeError):
        ArchiveError("path-too-long", "too long", "x")  # its maxBytes is missing
    with pytest.raises(TypeError):
        ArchiveError("path-climbs", "climbs", "x", maxBytes=1)  # it has no parameters
    e = ArchiveError("over-total", "too much", "a.bin", maxBytes=10)
    check_problem(e)
    assert (e.code, e.params, e.entry, e.reason) == ("over-total", {"maxBytes": 10}, "a.bin", "too much")
    assert e.problem == {"code": "over-total", "maxBytes": 10}
    assert str(e) == '"a.bin": too much'
    back = pickle.loads(pickle.dumps(e))
    assert (type(back), back.code, back.params, back.entry, str(back)) == (
        ArchiveError,
        e.code,
        e.params,
        e.entry,
        str(e),
    )


# ---------------------------------------------------------------- every refusal, one by one


def _zip_one(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return bytearray(buf.getvalue())


def _central(data: bytearray) -> int:
    eocd = data.rfind(b"PK\x05\x06")
    return struct.unpack_from("<I", data, eocd + 16)[0]


def _patch_both(data: bytearray, local_at: int, central_at: int, fmt: str, value: int) -> bytes:
    """Write one field in the local header and the (first) central entry alike."""
    struct.pack_into(fmt, data, local_at, value)
    struct.pack_into(fmt, data, _central(data) + central_at, value)
    return bytes(data)


def _overlapping_zip() -> bytes:
    """Two central entries, one local entry: the data of both is the same bytes."""
    one = zip_bytes([("a.txt", b"a" * 100)])
    eocd = one.rfind(b"PK\x05\x06")
    cd_off = struct.unpack_from("<I", one, eocd + 16)[0]
    record = one[cd_off:eocd]
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(record) * 2, cd_off, 0)
    return one[:cd_off] + record + record + end


def _corrupt_data_zip() -> bytes:
    """A deflated entry whose data does not inflate (its first bytes: a reserved block type)."""
    data = _zip_one("d.txt", bytes(range(256)) * 8)
    data[30 + len("d.txt") : 30 + len("d.txt") + 4] = b"\xff" * 4
    return bytes(data)


def _local_method_zip() -> bytes:
    """The local header says stored, the central directory deflated."""
    data = _zip_one("m.txt", b"a" * 100)
    struct.pack_into("<H", data, 8, 0)
    return bytes(data)


def _tgz(raw: bytes) -> bytes:
    return gzip.compress(raw)


def _plan(tmp_path: Path, name: str, data: bytes, **limits) -> None:
    plan_extraction(write(tmp_path, name, data), **{**LIMITS, **limits})


def _file() -> bytes:
    return tar_entry(b"fine.txt", b"ok")


def _sink_outside(tmp_path: Path) -> None:
    FolderSink(str(tmp_path)).open("../x", False)


def _sink_parent(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"a file")
    FolderSink(str(tmp_path)).open("a/b", False)


# (id, what raises, code, parameters (a type there matches any value of it), entry)
UNIT_CASES: list[tuple[str, Callable[[Path], None], str, dict, str | None]] = [
    ("folder-name-slash", lambda p: check_folder_name("a/b"), "name-not-single", {}, "a/b"),
    ("folder-name-empty", lambda p: check_folder_name(""), "name-not-single", {}, ""),
    ("folder-name-hidden", lambda p: check_folder_name(".x"), "name-hidden", {}, ".x"),
    ("not-utf8", lambda p: check_entry_name("caf\ufffd"), "name-not-utf8", {}, "caf\ufffd"),
    ("control", lambda p: check_entry_name("a\x07"), "name-control", {}, "a\x07"),
    ("backslash", lambda p: check_entry_name("a\\b"), "name-backslash", {}, "a\\b"),
    ("absolute", lambda p: check_entry_name("/a"), "path-absolute", {}, "/a"),
    ("drive", lambda p: check_entry_name("c:a"), "path-drive", {}, "c:a"),
    ("climbs", lambda p: check_entry_name("a/../../b"), "path-climbs", {}, "a/../../b"),
    (
        "path-too-long",
        lambda p: check_entry_name("/".join(["a" * 200] * 6)),
        "path-too-long",
        {"maxBytes": 1024},
        "/".join(["a" * 200] * 6),
    ),
    ("name-too-long", lambda p: check_entry_name("a" * 256), "name-too-long", {"maxBytes": 255}, "a" * 256),
    # COM0 and LPT0 too, as in the browser (WINDOWS_RESERVED in extract.ts).
    (
        "windows-com0",
        lambda p: check_entry_name("d/COM0.txt"),
        "name-windows-reserved",
        {"segment": "COM0.txt"},
        "d/COM0.txt",
    ),
    (
        "windows-lpt0",
        lambda p: check_entry_name("lpt0"),
        "name-windows-reserved",
        {"segment": "lpt0"},
        "lpt0",
    ),
    # Device names as the browser's WINDOWS_RESERVED: any (JavaScript) white space before the extension.
    (
        "windows-device-nbsp",
        lambda p: check_entry_name("CON\u00a0.txt"),
        "name-windows-reserved",
        {"segment": "CON\u00a0.txt"},
        "CON\u00a0.txt",
    ),
    # Names that meet once case folded as the browser folds them (upper, then lower case): ß and ss.
    (
        "case-twin-sharp-s",
        lambda p: _plan(
            p,
            "s.tar",
            tar_entry("stra\u00dfe.txt".encode(), b"1") + tar_entry(b"strasse.txt", b"2") + tar_end(),
        ),
        "name-case-twin",
        {"other": "stra\u00dfe.txt"},
        "strasse.txt",
    ),
    # The browser's order: a device name before a trailing dot, a trailing dot before a character,
    # Windows before lengths; the first bad character of the name.
    (
        "windows-device-first",
        lambda p: check_entry_name("nul."),
        "name-windows-reserved",
        {"segment": "nul."},
        "nul.",
    ),
    (
        "windows-trailing-first",
        lambda p: check_entry_name("a?."),
        "name-windows-trailing",
        {"segment": "a?."},
        "a?.",
    ),
    (
        "windows-before-length",
        lambda p: check_entry_name("x" * 300 + "?"),
        "name-windows-character",
        {"segment": "x" * 300 + "?", "character": "?"},
        "x" * 300 + "?",
    ),
    (
        "windows-first-character",
        lambda p: check_entry_name("a|b<c"),
        "name-windows-character",
        {"segment": "a|b<c", "character": "|"},
        "a|b<c",
    ),
    ("not-archive", lambda p: _plan(p, "x.bin", b"plain"), "not-archive", {"name": "x.bin"}, None),
    (
        "too-many-entries",
        lambda p: _plan(p, "m.zip", zip_bytes([(f"f{i}.txt", b"x") for i in range(12)]), max_entries=10),
        "too-many-entries",
        {"maxEntries": 10},
        "f10.txt",
    ),
    (
        "device",
        lambda p: _plan(p, "d.tar", _file() + tar_header(b"blk", typeflag=b"4") + tar_end()),
        "special-entry",
        {"kind": "device"},
        "blk",
    ),
    ("empty-name", lambda p: _plan(p, "e.zip", zip_bytes([(".", b"x")])), "empty-name", {}, "."),
    (
        "over-total",
        lambda p: _plan(
            p,
            "c.zip",
            zip_bytes([("a.bin", bytes(range(256)) * 2400), ("b.bin", bytes(range(256)) * 2400)], level=0),
            max_total_bytes=1_000_000,
        ),
        "over-total",
        {"maxBytes": 1_000_000},
        "b.bin",
    ),
    (
        "archive-bomb",
        lambda p: _plan(
            p, "r.zip", zip_bytes([(f"f{i}.bin", bytes(90_000)) for i in range(30)], level=9), max_ratio=100
        ),
        "archive-bomb",
        {"maxRatio": 100, "archiveBytes": int, "totalBytes": 2_700_000},
        None,
    ),
    ("outside-folder", _sink_outside, "outside-folder", {}, "../x"),
    ("parent-not-folder", _sink_parent, "parent-not-folder", {}, "a/b"),
    (
        "zip-unreadable",
        lambda p: _plan(p, "x.zip", b"not a zip at all"),
        "zip-unreadable",
        {"detail": str},
        None,
    ),
    (
        "stored-size-mismatch",
        lambda p: _plan(
            p, "s.zip", _patch_both(_zip_one("s.txt", b"0123456789", zipfile.ZIP_STORED), 22, 24, "<I", 5)
        ),
        "stored-size-mismatch",
        {"declared": 5, "stored": 10},
        "s.txt",
    ),
    (
        "inflated-size-mismatch",
        lambda p: _plan(p, "i.zip", _patch_both(_zip_one("i.txt", b"a" * 1000), 22, 24, "<I", 2000)),
        "inflated-size-mismatch",
        {"declared": 2000, "actual": 1000},
        "i.txt",
    ),
    (
        "crc-mismatch",
        lambda p: _plan(p, "c.zip", _patch_both(_zip_one("c.txt", b"a" * 1000), 14, 16, "<I", 12345)),
        "crc-mismatch",
        {},
        "c.txt",
    ),
    (
        "data-corrupt",
        lambda p: _plan(p, "d.zip", _corrupt_data_zip()),
        "data-corrupt",
        {"detail": str},
        "d.txt",
    ),
    ("zip-overlap", lambda p: _plan(p, "o.zip", _overlapping_zip()), "zip-overlap", {}, "a.txt"),
    (
        "zip-local-method",
        lambda p: _plan(p, "m.zip", _local_method_zip()),
        "zip-local-header-mismatch",
        {"what": "method"},
        "m.txt",
    ),
    ("gzip-unreadable", lambda p: _plan(p, "x.tgz", b"not gzip"), "gzip-unreadable", {"detail": str}, None),
    (
        "unpacks-over-total",
        lambda p: _plan(
            p,
            "z.tgz",
            _tgz(_file() + tar_end() + bytes(3_000_000)),
            max_total_bytes=1_000_000,
            max_entries=10,
            max_ratio=1_000_000,
        ),
        "unpacks-over-total",
        {"maxBytes": 1_000_000},
        None,
    ),
    (
        "tar-unreadable",
        lambda p: _plan(p, "u.tar", tar_entry(b"pax", b"9 path=a\n", typeflag=b"x") + tar_end()),
        "tar-unreadable",
        {"detail": "an extended header with no entry after it"},
        None,
    ),
    (
        "tar-checksum",
        lambda p: _plan(p, "c.tar", b"b" + _file()[1:] + tar_end()),
        "tar-checksum",
        {},
        "bine.txt",
    ),
    (
        "tar-data-after-end",
        lambda p: _plan(p, "a.tar", _file() + tar_end() + tar_entry(b".bashrc", b"evil")),
        "tar-data-after-end",
        {},
        None,
    ),
    (
        "pax-too-large",
        lambda p: _plan(
            p, "l.tar", tar_entry(b"pax", b"x" * (1024 * 1024 + 1), typeflag=b"x") + _file() + tar_end()
        ),
        "pax-too-large",
        {},
        None,
    ),
    (
        "pax-malformed",
        lambda p: _plan(p, "m.tar", tar_entry(b"pax", b"garbage\n", typeflag=b"x") + _file() + tar_end()),
        "pax-malformed",
        {},
        None,
    ),
    (
        "pax-repeated-key",
        lambda p: _plan(
            p, "r.tar", tar_entry(b"pax", b"12 path=a.b\n12 path=a.c\n", typeflag=b"x") + _file() + tar_end()
        ),
        "pax-malformed",
        {},
        None,
    ),
    (
        "pax-sparse",
        lambda p: _plan(
            p, "s.tar", tar_entry(b"pax", b"22 GNU.sparse.major=1\n", typeflag=b"x") + _file() + tar_end()
        ),
        "pax-sparse",
        {},
        "pax",
    ),
    (
        "pax-global-size",
        lambda p: _plan(p, "g.tar", tar_entry(b"pax", b"12 size=100\n", typeflag=b"g") + _file() + tar_end()),
        "pax-global",
        {"keys": ["size"]},
        None,
    ),
    (
        "two-pax-headers",
        lambda p: _plan(
            p,
            "t.tar",
            tar_entry(b"pax", b"9 path=a\n", typeflag=b"x")
            + tar_entry(b"pax", b"9 path=b\n", typeflag=b"x")
            + _file()
            + tar_end(),
        ),
        "tar-extended-twice",
        {},
        None,
    ),
    (
        "two-long-names",
        lambda p: _plan(
            p,
            "t.tar",
            tar_entry(b"././@LongLink", b"a\x00", typeflag=b"L")
            + tar_entry(b"././@LongLink", b"b\x00", typeflag=b"L")
            + _file()
            + tar_end(),
        ),
        "tar-extended-twice",
        {},
        None,
    ),
    # A '0' entry named "d/" is refused even without data, as in the browser (some readers make it a file).
    (
        "file-name-slash",
        lambda p: _plan(p, "f.tar", _file() + tar_header(b"d/", typeflag=b"0") + tar_end()),
        "file-name-slash",
        {},
        "d/",
    ),
    (
        "contiguous-file-type",
        lambda p: _plan(p, "c.tar", tar_entry(b"c.bin", b"x", typeflag=b"7") + tar_end()),
        "tar-entry-type",
        {"type": "7"},
        "c.bin",
    ),
]


@pytest.mark.parametrize(
    ("make", "code", "params", "entry"), [c[1:] for c in UNIT_CASES], ids=[c[0] for c in UNIT_CASES]
)
def test_each_refusal_has_its_code(tmp_path, make, code, params, entry):
    with pytest.raises(ArchiveError) as e:
        make(tmp_path)
    check_problem(e.value)
    assert e.value.code == code, str(e.value)
    assert e.value.params.keys() == params.keys()
    for name, want in params.items():
        got = e.value.params[name]
        assert isinstance(got, want) if isinstance(want, type) else got == want, (name, got)
    assert e.value.entry == entry


def python_hostile_codes() -> dict[str, str]:
    """The Python planner's code for every refusal of the shared hostile corpus (dev/hostile)."""
    folder, cases = generated()
    out = {}
    for case in cases:
        if case["expect"] != "refuse":
            continue
        with pytest.raises(ArchiveError) as e:
            plan_extraction(folder / case["file"], **HOSTILE_LIMITS)
        check_problem(e.value)
        out[case["name"]] = e.value.code
    return out


def test_every_code_is_raised_somewhere():
    """The corpus and the cases above raise every code of the set: none is dead, none untested."""
    raised = set(python_hostile_codes().values()) | {c[2] for c in UNIT_CASES}
    assert sorted(set(ARCHIVE_CODES) - raised) == []
    assert sorted(raised - set(ARCHIVE_CODES)) == []


# ---------------------------------------------------------------- the browser's set


class TypeParseError(ValueError):
    """The TypeScript could not be read as a union of object types."""


def _declaration(src: str, start: int) -> str:
    """The source from ``start`` to the ``;`` that ends the declaration, comments dropped."""
    out = []
    depth = 0
    i = start
    while i < len(src):
        if src.startswith("/*", i):
            end = src.find("*/", i + 2)
            i = len(src) if end < 0 else end + 2
            out.append(" ")
            continue
        if src.startswith("//", i):
            end = src.find("\n", i)
            i = len(src) if end < 0 else end
            continue
        c = src[i]
        if c in "'\"`":
            j = i + 1
            while j < len(src) and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i : j + 1])
            i = j + 1
            continue
        if c in "{[(<":
            depth += 1
        elif c in "}])>" and not (c == ">" and src[i - 1] == "="):
            depth -= 1
        elif c == ";" and depth == 0:
            return "".join(out)
        out.append(c)
        i += 1
    raise TypeParseError("the declaration does not end")


def _split_top(text: str, seps: str) -> list[str]:
    """Split at the separators that are outside brackets and strings."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "'\"`":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c in "{[(<":
            depth += 1
        elif c in "}])>" and not (c == ">" and text[i - 1 : i] == "="):
            depth -= 1
        elif depth == 0 and c in seps:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _alias_body(src: str, name: str) -> str:
    """The text after ``type <name> =`` up to its closing ``;`` (or ``interface <name> {…}``)."""
    m = re.search(rf"\btype\s+{name}\s*(?:<[^=]*>)?\s*=", src)
    if m:
        return _declaration(src, m.end())
    m = re.search(rf"\binterface\s+{name}\s*(?=\{{)", src)
    if m:
        return _braced(_declaration(src, m.end()) + ";")
    raise TypeParseError(f"no type {name}")


def _braced(text: str) -> str:
    depth = 0
    for i, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[: i + 1]
    raise TypeParseError("unbalanced braces")


_FIELD = re.compile(r"^(?:readonly\s+)?(['\"]?)([A-Za-z_$][\w$]*)\1\s*(\?)?\s*:\s*(.+)$", re.S)


def _members(src: str, body: str, seen: frozenset[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for member in _split_top(body, "|"):
        member = member.strip()
        while member.startswith("(") and member.endswith(")"):
            member = member[1:-1].strip()
        if re.fullmatch(r"[A-Za-z_$][\w$]*", member):
            if member in seen:
                raise TypeParseError(f"{member} refers to itself")
            out.update(_members(src, _alias_body(src, member), seen | {member}))
            continue
        if not (member.startswith("{") and member.endswith("}")):
            raise TypeParseError(f"not an object type: {member!r}")
        code = None
        params = []
        for field in _split_top(member[1:-1], ";,\n"):
            m = _FIELD.match(field)
            if not m:
                raise TypeParseError(f"not a field: {field!r}")
            name, value = m.group(2), m.group(4).strip()
            if name == "code":
                lit = re.fullmatch(r"(['\"])([^'\"]+)\1", value)
                if not lit:
                    raise TypeParseError(f"code is not one string literal: {value!r}")
                code = lit.group(2)
            else:
                params.append(name)
        if code is None:
            raise TypeParseError(f"no code in {member!r}")
        if code in out:
            raise TypeParseError(f"{code} twice")
        out[code] = tuple(params)
    return out


def parse_union(source: str, name: str = "ArchiveProblem") -> dict[str, tuple[str, ...]]:
    """``export type <name> = | { code: 'a' } | { code: 'b'; x: number } | …;`` as {code: params}.

    Comments are dropped, members may be aliases of the same file (expanded), fields may be
    ``readonly`` and separated by ``;``, ``,`` or new lines, values may be any type
    (``'symlink' | 'hardlink'``, ``string[]``, ``Array<string>``).
    """
    return _members(source, _alias_body(source, name), frozenset({name}))


SAMPLE = """
import { Foo } from './foo';

/**
 * Why an archive is refused.
 */
export type ArchiveProblem =
  // names
  | { code: 'name-not-utf8' }
  | { readonly code: 'path-too-long'; maxBytes: number }
  | {
      code: 'name-windows-character';
      /** The segment, e.g. "a|b". */
      segment: string;
      character: string; // its first bad character
    }
  | { code: "special-entry", kind: 'symlink' | 'hardlink' | 'device' }
  | { code: 'pax-global'; keys: string[] }
  | { code: 'tar-entry-type'; type: string }
  | { code: 'stored-size-mismatch'; declared: number; stored: number }
  /* the planner's own; a | b; don't stop here */
  | ZipProblem
  | IEmptyName;

const WINDOWS_FORBIDDEN = /[<>:"|?*]/;

interface IEmptyName {
  code: 'empty-name';
}

type ZipProblem =
  | { code: 'zip-unreadable'; detail: string }
  | { code: 'zip-local-header-mismatch'; what: 'method' | 'sizes' };

export class ArchiveError extends Error {
  readonly problem: ArchiveProblem;
}
"""


def test_the_parser_reads_a_union():
    assert parse_union(SAMPLE) == {
        "name-not-utf8": (),
        "path-too-long": ("maxBytes",),
        "name-windows-character": ("segment", "character"),
        "special-entry": ("kind",),
        "pax-global": ("keys",),
        "tar-entry-type": ("type",),
        "stored-size-mismatch": ("declared", "stored"),
        "zip-unreadable": ("detail",),
        "zip-local-header-mismatch": ("what",),
        "empty-name": (),
    }
    with pytest.raises(TypeParseError):
        parse_union("export type ArchiveProblem = { code: string };")
    with pytest.raises(TypeParseError):
        parse_union("export type Other = { code: 'a' };")
    with pytest.raises(TypeParseError):
        parse_union("export type ArchiveProblem = { code: 'a' } | { code: 'a'; x: number };")


def test_the_set_is_the_browsers():
    """ARCHIVE_CODES has the codes and parameter names of extract.ts's ArchiveProblem, no more, no less."""
    ts = parse_union(EXTRACT_TS.read_text(encoding="utf-8"))
    py = {code: tuple(sorted(params)) for code, params in ARCHIVE_CODES.items()}
    assert {code: tuple(sorted(params)) for code, params in ts.items()} == py
