"""The Share preview's checks, run where the files are (``POST inspect``; docs/companion.md).

For each listed file of a folder: refuse it as the page's preview would (``size-mismatch``: a
link leading out of the folder, or a size other than the listed one; ``unreadable``: not a
regular file, missing, or not readable), with the zipper's own path and link rules, and search
small text files and notebooks for secrets with the same rules as src/workspace/secrets.ts
(checked against one shared corpus, src/workspace/__tests__/secret-cases.json).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field

from .zipper import ZipError, _open_regular, stat_file

SCAN_MAX_BYTES = 256 * 1024
"""Files up to this size are searched (secrets.ts ``SCAN_MAX_BYTES``)."""

SCAN_MAX_NOTEBOOK_BYTES = 4 * 1024 * 1024
"""Notebooks up to this size are searched (secrets.ts ``SCAN_MAX_NOTEBOOK_BYTES``)."""

BINARY_PROBE = 8192
"""A NUL in this many first bytes makes a file binary: not searched."""

# The patterns of secrets.ts ``findSecretInText``. re.ASCII: ``\b`` and the case-insensitive
# match behave as JavaScript's regular expressions without the ``u`` flag.
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----", re.ASCII)
_AWS = re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", re.ASCII)
_GITHUB = re.compile(
    r"\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b", re.ASCII
)
_AFTER_WORD = re.compile(
    r"(?:token|zenodo)[^\n\r]{0,40}?(?<![A-Za-z0-9])([A-Za-z0-9]{40,128})(?![A-Za-z0-9])",
    re.ASCII | re.IGNORECASE,
)
_GITHUB_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")
_JUPYTER_URL = re.compile(r"[?&]token=[0-9a-f]{32,}\b", re.ASCII)
# JavaScript counts UTF-16 code units: a character beyond the BMP is two (for ``{0,40}``).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def should_scan(path: str, size: int) -> bool:
    """Whether a file of this path and size is searched (secrets.ts ``shouldScan``)."""
    limit = SCAN_MAX_NOTEBOOK_BYTES if path.lower().endswith(".ipynb") else SCAN_MAX_BYTES
    return size <= limit


def looks_random(value: str) -> bool:
    """Upper case, lower case and digits, no character more than a quarter (``looksRandom``)."""
    if not (
        any("A" <= c <= "Z" for c in value)
        and any("a" <= c <= "z" for c in value)
        and any("0" <= c <= "9" for c in value)
    ):
        return False
    return max(value.count(c) for c in set(value)) <= len(value) / 4


def find_secret_in_text(text: str) -> str:
    """The code of the secret ``text`` holds (``privateKey``, ``aws``, ``github``, ``zenodo``,
    ``jupyterUrl``), or '' (secrets.ts ``findSecretInText``, by code).

    Each pattern runs only when the text holds the literal it needs (a plain substring search,
    much faster than the expressions' scans).
    """
    if "PRIVATE KEY" in text and _PRIVATE_KEY.search(text):
        return "privateKey"
    if "AKIA" in text or "ASIA" in text:
        for match in _AWS.finditer(text):
            if not match.group(0).endswith("EXAMPLE"):
                return "aws"
    if any(p in text for p in _GITHUB_PREFIXES) and _GITHUB.search(text):
        return "github"
    lower = text.lower()
    if "token" in lower or "zenodo" in lower:
        if _ASTRAL.search(text):
            text = _ASTRAL.sub("\ufffd\ufffd", text)
        for match in _AFTER_WORD.finditer(text):
            if looks_random(match.group(1)):
                return "zenodo"
    if "token=" in text and _JUPYTER_URL.search(text):
        return "jupyterUrl"
    return ""


def find_secret_in_bytes(data: bytes) -> str:
    """:func:`find_secret_in_text` on UTF-8 bytes; '' for binary (a NUL near the start)."""
    if b"\0" in data[:BINARY_PROBE]:
        return ""
    return find_secret_in_text(data.decode("utf-8", "replace"))


@dataclass
class Inspection:
    """What :func:`inspect_files` found: ``[{"path", "code"}]`` lists, as the API answers."""

    refused: list[dict[str, str]] = field(default_factory=list)
    secrets: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, list[dict[str, str]]]:
        return {"refused": self.refused, "secrets": self.secrets}


def _read_at_most(path: str, limit: int) -> bytes:
    fd = _open_regular(path)
    try:
        chunks: list[bytes] = []
        got = 0
        while got < limit:
            chunk = os.read(fd, min(limit - got, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def inspect_file(root: str, rel: str, listed: int) -> tuple[str, str]:
    """(refusal code or '', secret code or '') of one file; ``root`` a real path.

    Raises:
        ZipError: ``why == "path"`` for a path that is not inside the folder.
    """
    try:
        item = stat_file(root, rel)
    except ZipError as e:
        if e.why == "path":
            raise
        return ("size-mismatch" if e.why == "link-out" else "unreadable"), ""
    except OSError:
        return "unreadable", ""
    assert item.source is not None
    if item.size != listed:
        # A link inside the folder is listed with its own (lstat) size and followed.
        full = os.path.join(root, *item.name.split("/"))
        try:
            link = os.lstat(full)
        except OSError:
            return "unreadable", ""
        if not (stat.S_ISLNK(link.st_mode) and link.st_size == listed):
            return "size-mismatch", ""
    if not should_scan(item.name, item.size):
        return ("" if os.access(item.source, os.R_OK) else "unreadable"), ""
    try:
        data = _read_at_most(item.source, item.size + 1)
    except (OSError, ZipError):
        return "unreadable", ""
    if len(data) != item.size:
        return "size-mismatch", ""
    return "", find_secret_in_bytes(data)


def inspect_files(
    folder: str, files: list[tuple[str, int]], cancelled: Callable[[], bool] = lambda: False
) -> Inspection:
    """Check ``files`` (path relative to ``folder``, listed size) as the Share preview does.

    Raises:
        ZipError: ``why == "path"`` for a path that is not inside the folder.
    """
    root = os.path.realpath(folder)
    found = Inspection()
    for rel, listed in files:
        if cancelled():
            break
        refused, secret = inspect_file(root, rel, listed)
        if refused:
            found.refused.append({"path": rel, "code": refused})
        elif secret:
            found.secrets.append({"path": rel, "code": secret})
    return found
