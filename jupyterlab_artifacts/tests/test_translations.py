"""The translation catalogue holds the strings a person sees (issue 13.1).

jupyterlab-translate extracts the catalogue a language pack translates (its bundled gettext-extract reads
``trans.__`` and friends in src/; its schema reader the settings' titles and descriptions). The extension's
own reading of the same sources (dev/i18n/visible-strings.js, on the TypeScript compiler) lists what the code
hands to a translator and what reaches the page without one; the catalogue must hold the first, and the second
must be empty.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess

import pytest
from jupyterlab_translate.utils import extract_schema_strings, extract_tsx_strings

from .conftest import REPO

# Strings that still reach the page untranslated, each with the issue that removes it. The test fails when
# one is fixed (remove it here) and when a new one appears. Keyed by file and text, not line.
KNOWN_UNTRANSLATED: set[tuple[str, str]] = {
    # Strings a person sees that are knowingly left untranslated, as (file, text): none today.
}


@functools.lru_cache(maxsize=1)
def visible() -> dict:
    node = shutil.which("node")
    assert node, "node is needed to read the TypeScript sources"
    out = subprocess.run(
        [node, str(REPO / "dev" / "i18n" / "visible-strings.js"), str(REPO / "src")],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


@functools.lru_cache(maxsize=1)
def catalogue() -> list[dict]:
    return extract_tsx_strings(REPO / "src")


def test_the_catalogue_holds_every_string_handed_to_a_translator():
    # One entry per context and msgid (gettext's key): a singular use of a msgid that is also used with a
    # plural reads the same entry's first form.
    extracted = {(e.get("msgctxt"), e["msgid"]): e.get("msgid_plural") for e in catalogue()}
    translated = visible()["translated"]
    assert len(translated) > 300  # the reading found the extension's strings at all
    missing = [
        f"{t['file']}:{t['line']}: {t['text']!r}"
        for t in translated
        if (t.get("context"), t["text"]) not in extracted
        or (t.get("plural") and extracted[(t.get("context"), t["text"])] != t["plural"])
    ]
    assert missing == [], "not in the catalogue jupyterlab-translate extracts (a translator it cannot see?)"


def test_no_string_a_person_sees_escapes_translation():
    found = {(u["file"], u["text"]): u for u in visible()["untranslated"]}
    new = [
        f"{u['file']}:{u['line']}: {u['why']}: {u['text']!r}"
        for k, u in found.items()
        if k not in KNOWN_UNTRANSLATED
    ]
    fixed = sorted(KNOWN_UNTRANSLATED - found.keys())
    assert new == [], "strings a person sees that no translator is given"
    assert fixed == [], "translated now: remove them from KNOWN_UNTRANSLATED"


def test_the_reading_catches_what_it_is_for(tmp_path):
    # Each kind of escape, in a module of its own: the check can fail.
    (tmp_path / "view.tsx").write_text(
        "export const A = (p: any) => <p title='Close this'>Some words</p>;\n"
        "Notification.warning('Could not save');\n"
        "app.commands.addCommand('x', { label: 'Open it' });\n"
        "trans.__(reason);\n"
        "const ok = trans.__('Fine %1', 1) + options.trans._n('one file', '%1 files', 2);\n"
    )
    node = shutil.which("node")
    out = json.loads(
        subprocess.run(
            [node, str(REPO / "dev" / "i18n" / "visible-strings.js"), str(tmp_path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    assert sorted(u["why"] for u in out["untranslated"]) == [
        "JSX text",
        "JSX title",
        "Notification message",
        "__() of something that is not a string literal",
        "command label",
    ]
    assert [(t["text"], t.get("plural")) for t in out["translated"]] == [
        ("Fine %1", None),
        ("one file", "%1 files"),
    ]


@pytest.mark.parametrize("schema", sorted(p.name for p in (REPO / "schema").glob("*.json")))
def test_the_catalogue_holds_every_settings_title(schema):
    extracted = {e["msgid"] for e in extract_schema_strings(REPO)}
    data = json.loads((REPO / "schema" / schema).read_text())
    titles = [data["title"]] + [p["title"] for p in data.get("properties", {}).values() if "title" in p]
    assert [t for t in titles if t not in extracted] == []
