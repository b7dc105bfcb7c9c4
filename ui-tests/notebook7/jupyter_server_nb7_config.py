"""Jupyter server configuration for the Jupyter Notebook 7 stage.

The same server as the Galata ui-tests (this checkout's build of the
extension, the Zenodo stand-in's settings), started as `jupyter notebook`
from .venv-nb7. Notebook 7 reads its own application's options, so the ones
the shared configuration sets for JupyterLab are repeated for it.
"""

import datetime
import json
from pathlib import Path

load_subconfig(  # noqa: F821
    "jupyter_server_test_config.py", path=str(Path(__file__).resolve().parent.parent)
)

# Galata's helper extension is JupyterLab's; Notebook 7 gets only ours.
c.LabServerApp.extra_labextensions_path = [  # noqa: F821
    p
    for p in c.LabServerApp.extra_labextensions_path  # noqa: F821
    if "artifacts-labext-" in p
]
c.JupyterNotebookApp.app_settings_dir = c.LabApp.app_settings_dir  # noqa: F821
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821

# Settings the Notebook 7 suite reads from the admin's overrides: shared-folder
# rules one level below each test's folder, and a course that ends in three
# hours (far enough that no warning fires during the suite).

_overrides = Path(c.LabApp.app_settings_dir) / "overrides.json"  # noqa: F821
_settings = json.loads(_overrides.read_text())
_settings["jupyterlab-artifacts:badges"] = {
    "rules": [{"pattern": "*/project/*", "group": "{name}", "readOnly": ["store"]}]
}
_settings["jupyterlab-artifacts:expiry"] = {
    "hardDeadline": (
        datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=3)
    ).isoformat(timespec="seconds")
}
_overrides.write_text(json.dumps(_settings))
