"""jupyterlab-artifacts: a prebuilt JupyterLab 4 extension and its Jupyter server companion.

The companion moves artifacts between Zenodo and the server directly (import: download,
check, unpack; publish: zip, upload), streams folder zips, and enforces the limits the
admin sets here (they are traitlets, so a user cannot raise them in their own settings)::

    c.ArtifactsCompanion.zenodo_url = "https://zenodo.org"
    c.ArtifactsCompanion.allowed_hosts = ["https://data.example.org"]
    c.ArtifactsCompanion.max_import_bytes = 5_000_000_000
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from jupyter_server.extension.application import ExtensionApp
from traitlets import Float, Integer, List, Unicode

try:
    from ._version import __version__
except ImportError:  # running from a source checkout that was never built
    try:
        from importlib.metadata import PackageNotFoundError, version

        __version__ = version("jupyterlab-artifacts")
    except PackageNotFoundError:
        import json
        from pathlib import Path

        try:  # a source checkout: the version lives in package.json (as hatch reads it)
            __version__ = json.loads((Path(__file__).parent.parent / "package.json").read_text())["version"]
        except (OSError, ValueError, KeyError):
            __version__ = "dev"


class ArtifactsCompanion(ExtensionApp):
    """The jupyterlab-artifacts server companion and its settings (admins only)."""

    name = "jupyterlab_artifacts"
    load_other_extensions = True

    zenodo_url = Unicode(
        "https://zenodo.org", help="The Zenodo (or InvenioRDM) the server downloads from and uploads to."
    ).tag(config=True)
    allowed_hosts = List(
        Unicode(),
        default_value=[],
        help="Other origins (https://host[:port]) or host names imports may download from.",
    ).tag(config=True)
    max_import_bytes = Integer(5 * 10**9, help="The largest file an import may download, in bytes.").tag(
        config=True
    )
    max_extracted_bytes = Integer(
        10 * 10**9, help="The largest total an archive may unpack to, in bytes."
    ).tag(config=True)
    max_entries = Integer(50000, help="The most entries an archive may hold.").tag(config=True)
    max_ratio = Float(
        200.0, help="The largest inflated/compressed ratio, per entry and overall (above 1 MiB)."
    ).tag(config=True)
    temp_dir = Unicode(
        "",
        help="Where publish archives and downloaded zips wait (default: the system's temporary "
        "folder for publish, a hidden folder beside the target for imports).",
    ).tag(config=True)
    reserve_bytes = Integer(100 * 10**6, help="Free space a job must leave on the disk, in bytes.").tag(
        config=True
    )
    job_retention_seconds = Integer(
        24 * 3600, help="How long finished jobs stay listed, in seconds (at least an hour)."
    ).tag(config=True)
    compress_workers = Integer(0, help="Threads that deflate publish archives (0: one per core).").tag(
        config=True
    )

    def initialize_handlers(self) -> None:
        """Register the REST routes and what they share."""
        from .handlers import State, routes
        from .jobs import JobRegistry
        from .leftovers import TempLedger, clean_leftovers
        from .transfers import Config, Pools

        server_app = self.serverapp
        contents = server_app.contents_manager
        # What a server killed mid-job left (its ledger is no longer locked), then our own ledger.
        runtime_dir = server_app.runtime_dir
        clean_leftovers(runtime_dir, started=time.time(), log=self.log)
        ledger = TempLedger(runtime_dir)
        config = Config(
            root_dir=str(getattr(contents, "root_dir", server_app.root_dir)),
            zenodo_url=self.zenodo_url,
            allowed_hosts=list(self.allowed_hosts),
            max_import_bytes=self.max_import_bytes,
            max_extracted_bytes=self.max_extracted_bytes,
            max_entries=self.max_entries,
            max_ratio=self.max_ratio,
            temp_dir=self.temp_dir,
            reserve_bytes=self.reserve_bytes,
            allow_hidden=bool(getattr(contents, "allow_hidden", False)),
            ledger=ledger,
        )
        workers = self.compress_workers or os.cpu_count() or 2
        pools = Pools(
            io=ThreadPoolExecutor(max_workers=8, thread_name_prefix="artifacts-io"),
            compress=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="artifacts-zip"),
            workers=workers,
        )
        settings = server_app.web_app.settings
        registry = JobRegistry(settings, max(3600, self.job_retention_seconds), pools.io)
        self._state = State(config, registry, pools, __version__)
        settings["jupyterlab_artifacts"] = self._state
        self.handlers.extend(routes())
        self.log.info(
            "jupyterlab-artifacts companion: imports from %s up to %d bytes",
            config.zenodo_url,
            config.max_import_bytes,
        )

    async def stop_extension(self) -> None:
        """Cancel running jobs (they clean up after themselves) and stop the threads."""
        state = getattr(self, "_state", None)
        if state is None:
            return
        await state.registry.shutdown()
        state.pools.compress.shutdown(wait=False, cancel_futures=True)
        state.pools.io.shutdown(wait=False, cancel_futures=True)
        state.config.ledger.close()


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyterlab-artifacts"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    return [{"module": "jupyterlab_artifacts", "app": ArtifactsCompanion}]
