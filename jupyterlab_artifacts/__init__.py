"""jupyterlab-artifacts: a prebuilt JupyterLab 4 extension (frontend only)."""

try:
    from ._version import __version__
except ImportError:  # running from a source checkout that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_artifacts' outside a proper installation.")
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-artifacts"}]
