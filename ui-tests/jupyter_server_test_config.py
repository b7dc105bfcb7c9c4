"""Jupyter server configuration for the Galata ui-tests.

The extension is served straight from this checkout's build output
(jupyterlab_artifacts/labextension), so the tests exercise what was just built
whatever else is installed. Ports come from the environment so that several
runs (and the hub tests) can share a machine.
"""

import os
import tempfile
from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

HERE = Path(__file__).parent.resolve()
ROOT = HERE.parent

configure_jupyter_server(c)  # noqa: F821

c.ServerApp.port = int(os.environ.get("UI_TEST_PORT", "8888"))  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821
c.ServerApp.ip = "127.0.0.1"  # noqa: F821

# Serve our freshly built extension ahead of any installed copy.
_ext_dir = Path(tempfile.mkdtemp(prefix="artifacts-labext-"))
(_ext_dir / "jupyterlab-artifacts").symlink_to(ROOT / "jupyterlab_artifacts" / "labextension")
import jupyterlab.galata as _galata  # noqa: E402

c.LabServerApp.extra_labextensions_path = [  # noqa: F821
    str(_ext_dir),
    str(Path(_galata.__file__).parent),
]

# Point the extension at the Zenodo stand-in the Playwright config starts.
_settings_dir = Path(tempfile.mkdtemp(prefix="artifacts-settings-"))
_standin = os.environ.get("STANDIN_URL", "http://127.0.0.1:%s" % os.environ.get("STANDIN_PORT", "9888"))
(_settings_dir / "overrides.json").write_text(
    '{"jupyterlab-artifacts:zenodo": {"baseUrl": "%s", "community": "artifacts-demo"}}' % _standin
)
c.LabApp.app_settings_dir = str(_settings_dir)  # noqa: F821

# ARTIFACTS_NO_JUPYTER_ARCHIVE=1: run without jupyter-archive's /extract-archive
# endpoint, so the catalogue's file-by-file import is tested too.
if os.environ.get("ARTIFACTS_NO_JUPYTER_ARCHIVE"):
    c.ServerApp.jpserver_extensions.update({"jupyter_archive": False})  # noqa: F821

# The server companion from THIS checkout (not an installed copy): the repo
# root goes first on sys.path, the extension is enabled explicitly, and it may
# download from and upload to the stand-in only. ARTIFACTS_NO_COMPANION=1 runs
# without it, so the browser path stays tested.
import sys  # noqa: E402

if os.environ.get("ARTIFACTS_NO_COMPANION"):
    c.ServerApp.jpserver_extensions.update({"jupyterlab_artifacts": False})  # noqa: F821
else:
    sys.path.insert(0, str(ROOT))
    for _name in [m for m in sys.modules if m == "jupyterlab_artifacts" or m.startswith("jupyterlab_artifacts.")]:
        del sys.modules[_name]
    c.ServerApp.jpserver_extensions.update({"jupyterlab_artifacts": True})  # noqa: F821
    c.ArtifactsCompanion.zenodo_url = _standin  # noqa: F821
