"""The translation catalogue holds the strings a person sees (issue 13.1).

jupyterlab-translate extracts the catalogue a language pack translates (its bundled gettext-extract reads
``trans.__`` and friends in src/; its schema reader the settings' titles and descriptions). The extension's
own reading of the same sources (dev/i18n/visible-strings.js, on the TypeScript compiler) lists what the code
hands to a translator and what reaches the page without one; the catalogue must hold the first, and the second
must be empty. "Without one" includes an English sentence a module throws (`new Error('…')`) or gives as a
`reason` without a code: views show those as they are, so a layer emits codes with parameters and a words
module (share/, catalogue/, workspace/, zenodo/ words.ts) says them.
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
# one is fixed (remove it here) and when a new one appears. Keyed by file and text, not line. Empty since
# issue 13.1's last piece: an archive refusal is a code with parameters (ArchiveProblem) that
# workspace/words.ts says.
KNOWN_UNTRANSLATED: set[tuple[str, str]] = set()

# English that the reading finds but that never reaches a person, each with why. Only messages of errors
# nobody sees belong here: a programmer's mistake, or an error that is turned into another before any view
# shows it. Keyed by file and text, not line.
NEVER_SHOWN: set[tuple[str, str]] = {
    # Programmer errors: the views call run() once and apply() after prepare().
    ("src/catalogue/import.ts", "An import runs only once."),
    ("src/catalogue/updateflow.ts", "An update is prepared only once."),
    ("src/catalogue/updateflow.ts", "Prepare the update before applying it."),
    ("src/share/workflow.ts", "There is nothing to retry."),
    ("src/workspace/write.ts", "Refusing to track …: it is not inside …."),
    # The reason of an abort: the Share plugin sees the signal aborted and says "Download cancelled".
    ("src/share/plugin.tsx", "Cancelled"),
    # Caught by offthread.ts, which then checks the archive on the page instead.
    ("src/workspace/workers.ts", "the worker did not start"),
    # Transport failures: the client turns each into a ZenodoError (kind network or aborted, whose hint has
    # a code) and keeps this text only in its `detail`, which no view shows.
    ("src/zenodo/transport.ts", "Cancelled."),
    ("src/zenodo/transport.ts", "The connection failed."),
    ("src/zenodo/client.ts", "no answer within …"),
    # The countdown's failed readings: kept in ExpiryModel.lastError for debugging, never rendered.
    ("src/expiry/sources.ts", "The hub says this server is not running"),
    ("src/expiry/sources.ts", "The server answered … to api/status"),
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
        if k not in KNOWN_UNTRANSLATED | NEVER_SHOWN
    ]
    fixed = sorted(KNOWN_UNTRANSLATED - found.keys())
    gone = sorted(NEVER_SHOWN - found.keys())
    assert new == [], (
        "strings a person sees that no translator is given (an error a view shows carries a code that a "
        "words module says; list it in NEVER_SHOWN only if no person can ever read it)"
    )
    assert fixed == [], "translated now: remove them from KNOWN_UNTRANSLATED"
    assert gone == [], "no longer in the code: remove them from NEVER_SHOWN"


def test_the_reading_catches_what_it_is_for(tmp_path):
    # Each kind of escape, in a module of its own: the check can fail.
    (tmp_path / "view.tsx").write_text(
        "export const A = (p: any) => <p title='Close this'>Some words</p>;\n"
        "Notification.warning('Could not save');\n"
        "app.commands.addCommand('x', { label: 'Open it' });\n"
        "trans.__(reason);\n"
        "const ok = trans.__('Fine %1', 1) + options.trans._n('one file', '%1 files', 2);\n"
    )
    # An English sentence handed up for a view to show; a code with its English for logs is not one.
    (tmp_path / "workflow.ts").write_text(
        "throw new Error('The import failed.');\n"
        "reject(new TypeError(`Could not read ${path}.`));\n"
        "excluded.push({ path, reason: 'hidden file' });\n"
        "excluded.push({ path, code: 'hidden-file', reason: 'hidden file' });\n"
        "throw new CatalogueError({ code: 'no-files' }, 'This artifact has no files.');\n"
        "throw new Error(String(reason));\n"
        "throw new ZenodoError({ status: 0, message: `No record has ${doi}.` });\n"
        "throw new ZenodoError({ status: 0, message: 'Fine.', messageCode: { code: 'x' } });\n"
        "throw new ArchiveError('the name is bad.', name);\n"
        "throw new ArchiveError({ code: 'name-control' }, name);\n"
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
        "Error message",
        "Error message",
        "Error message",
        "Error message",
        "JSX text",
        "JSX title",
        "Notification message",
        "__() of something that is not a string literal",
        "command label",
        "reason",
    ]
    assert sorted(u["text"] for u in out["untranslated"] if u["file"].endswith("workflow.ts")) == [
        "Could not read ….",
        "No record has ….",
        "The import failed.",
        "hidden file",
        "the name is bad.",
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
