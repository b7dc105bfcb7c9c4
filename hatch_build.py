"""Build the labextension when the wheel is built from a source checkout.

`pip install .` from a clean clone must produce a working prebuilt extension, so the
hook runs `jlpm install` and `jlpm build:prod` unless the built extension is already
present (as in an sdist). It uses only hatchling, so it builds on machines that reach
PyPI and on those that only have a local wheel index.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

HERE = Path(__file__).parent.resolve()
TARGET = HERE / "jupyterlab_artifacts" / "labextension" / "static" / "style.js"


def _jlpm_env(env: dict) -> dict:
    """Make sure `jlpm` is on PATH: package.json scripts call it by name.

    jlpm ships with the jupyterlab wheel, which pip's isolated build environment
    does not have; jupyter-builder (a build requirement) carries the same yarn.
    """
    if shutil.which("jlpm", path=env.get("PATH")):
        return env
    from jupyter_builder.jlpm import YARN_PATH

    shim_dir = Path(tempfile.mkdtemp(prefix="jlpm-shim-"))
    shim = shim_dir / "jlpm"
    shim.write_text(f'#!/bin/sh\nexec node "{YARN_PATH}" "$@"\n')
    shim.chmod(0o755)
    return dict(env, PATH=f"{shim_dir}{os.pathsep}{env.get('PATH', '')}")


class CustomBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name not in ("wheel", "sdist"):
            return
        if TARGET.exists() and not os.environ.get("JUPYTERLAB_ARTIFACTS_REBUILD"):
            return
        if not (HERE / "package.json").exists():
            raise RuntimeError("package.json missing: cannot build the labextension")
        env = _jlpm_env(dict(os.environ, YARN_ENABLE_IMMUTABLE_INSTALLS="0"))
        subprocess.check_call(["jlpm", "install"], cwd=HERE, env=env)
        subprocess.check_call(["jlpm", "build:prod"], cwd=HERE, env=env)
        if not TARGET.exists():
            raise RuntimeError(f"the labextension build did not produce {TARGET}")
