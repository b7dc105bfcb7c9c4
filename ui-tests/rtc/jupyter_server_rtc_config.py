"""Jupyter server configuration for the real-time collaboration stage.

The same server as the Galata ui-tests (this checkout's build of the
extension, the Zenodo stand-in's settings), started from .venv-rtc where
jupyter-collaboration is installed, so documents open in shared sessions.
"""

import tempfile
from pathlib import Path

load_subconfig(  # noqa: F821
    "jupyter_server_test_config.py", path=str(Path(__file__).resolve().parent.parent)
)

# The server saves a shared document some time after the last edit (1 s by
# default). A longer delay keeps edits unsaved long enough for a test to see
# that an archive holds what is on disk, as on a busy server; an explicit
# save still writes at once.
c.YDocExtension.document_save_delay = 120  # noqa: F821

# Document ids and document histories live in databases of this run, not in
# the user's home or the checkout.

_state = Path(tempfile.mkdtemp(prefix="artifacts-rtc-state-"))
c.BaseFileIdManager.db_path = str(_state / "file_id_manager.db")  # noqa: F821
c.SQLiteYStore.db_path = str(_state / "ystore.db")  # noqa: F821
