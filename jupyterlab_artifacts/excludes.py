"""Exclusion patterns, read the way the browser's walk reads them (gitignore rules, as the
npm ``ignore`` package in ``src/workspace/walk.ts`` applies them), so that a folder zipped
by the companion holds exactly what the browser path would have put in it.

- blank patterns and ``#`` comments are skipped; spaces around a pattern do not count;
  ``\\#`` and ``\\!`` stand for a leading ``#`` or ``!``;
- ``!pattern`` brings back what an earlier pattern left out; the last pattern that
  matches a path decides; nothing inside a left-out folder comes back (the walk does
  not enter it);
- a trailing ``/`` matches folders only; a ``/`` at the start or inside anchors the
  pattern to the zipped folder, else it matches a name at any depth;
- ``*`` and ``?`` stop at ``/``; ``[...]`` (``[!...]`` negated) is one character;
  ``**/`` at the start, ``/**/`` inside and ``/**`` at the end span folders.

The cases both sides must agree on are in ``tests/exclude_cases.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that would start a set operation or a nested set inside a Python class.
_CLASS_ESCAPE = set("\\[]&~|")


@dataclass(frozen=True)
class _Rule:
    regex: re.Pattern[str]
    negative: bool
    dir_only: bool


def _class(body: str) -> str:
    out = []
    if body[:1] in ("!", "^"):
        out.append("^")
        body = body[1:]
    for ch in body:
        out.append("\\" + ch if ch in _CLASS_ESCAPE else ch)
    return "[" + "".join(out) + "]"


def _translate(p: str) -> str:
    out: list[str] = []
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if p.startswith("**/", i) and i == 0:
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("/**/", i):
            out.append("/(?:.*/)?")
            i += 4
        elif p.startswith("/**", i) and i + 3 == n:
            out.append("/.*")
            i += 3
        elif c == "*":
            while i < n and p[i] == "*":
                i += 1
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = i + 1
            if j < n and p[j] in "!^":
                j += 1
            if j < n and p[j] == "]":
                j += 1
            end = p.find("]", j)
            if end < 0 or "/" in p[i + 1 : end]:
                out.append(re.escape(c))
                i += 1
            else:
                out.append(_class(p[i + 1 : end]))
                i = end + 1
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(p[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def _rule(raw: str) -> _Rule | None:
    p = raw.strip()
    if not p or p.startswith("#"):
        return None
    negative = p.startswith("!")
    if negative:
        p = p[1:]
    dir_only = p.endswith("/")
    p = p.rstrip("/")
    if not p:
        return None
    anchored = "/" in p
    p = p.lstrip("/")
    prefix = "" if anchored else "(?:.*/)?"
    return _Rule(re.compile(prefix + _translate(p) + r"\Z", re.DOTALL), negative, dir_only)


class Excludes:
    """Compiled exclusion patterns."""

    def __init__(self, patterns: list[str]) -> None:
        self.rules = [r for r in map(_rule, patterns) if r is not None]

    def excluded(self, rel: str, is_dir: bool) -> bool:
        """Whether ``rel`` (relative to the zipped folder, ``/``-separated) is left out."""
        out = False
        for rule in self.rules:
            if rule.dir_only and not is_dir:
                continue
            if rule.negative != out:
                continue  # cannot change the outcome
            if rule.regex.match(rel):
                out = not rule.negative
        return out
