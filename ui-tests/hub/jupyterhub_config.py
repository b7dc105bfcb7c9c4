"""A real JupyterHub on loopback for the hub stage of the ui-tests.

DummyAuthenticator, local-process spawner (as the current user; --allow-root
when that is root), one hub group, jupyterhub-idle-culler with short
timeouts, and this checkout's built extension served to single-user servers.

Everything lives in $HUB_STAGE_DIR (a temporary folder made by start-hub.sh).
Ports: proxy 8100 (public), 8101 (proxy API), 8102 (hub), 8110 (alice's server),
and the Zenodo stand-in the Playwright config starts ($HUB_STANDIN_URL, 8120).
The single-user servers run the server companion from this checkout (not an
installed copy), allowed to download from and upload to the stand-in only.
"""

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).parent.resolve()
ROOT = HERE.parent.parent
STAGE = Path(os.environ["HUB_STAGE_DIR"])
BIN = Path(sys.executable).parent

PUBLIC_PORT = int(os.environ.get("HUB_PUBLIC_PORT", "8100"))
# The culler's settings, also given to the extension as its policy.
CULL_TIMEOUT = int(os.environ.get("HUB_CULL_TIMEOUT", "60"))
CULL_EVERY = int(os.environ.get("HUB_CULL_EVERY", "10"))
ACTIVITY_INTERVAL = 10
STANDIN_URL = os.environ.get("HUB_STANDIN_URL", f"http://127.0.0.1:{PUBLIC_PORT + 20}")

c = get_config()  # noqa: F821

c.JupyterHub.bind_url = f"http://127.0.0.1:{PUBLIC_PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{PUBLIC_PORT + 2}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PUBLIC_PORT + 1}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = f"sqlite:///{STAGE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STAGE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STAGE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STAGE / "proxy.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
# How often the hub reads the proxy's per-route activity (default 300 s).
c.JupyterHub.last_activity_interval = ACTIVITY_INTERVAL

c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = set()

c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(STAGE / "home" / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.port = PUBLIC_PORT + 10
# Each child records its pid, so start-hub.sh can stop what a killed hub leaves.
def _recorded(name, program):
    return ["bash", "-c", f'echo $$ > "{STAGE}/{name}.pid"; exec "$0" "$@"', program]


c.Spawner.cmd = _recorded("singleuser", str(BIN / "jupyterhub-singleuser"))
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
# The companion from this checkout: the repo root first on the server's
# sys.path, and a config folder that enables it and points it at the stand-in.
server_config = STAGE / "server-config"
server_config.mkdir(parents=True, exist_ok=True)
(server_config / "jupyter_server_config.json").write_text(
    json.dumps(
        {
            "ServerApp": {"jpserver_extensions": {"jupyterlab_artifacts": True}},
            "ArtifactsCompanion": {"zenodo_url": STANDIN_URL},
        }
    )
)
c.Spawner.environment = {
    "JUPYTERHUB_ACTIVITY_INTERVAL": str(ACTIVITY_INTERVAL),
    "PYTHONPATH": os.pathsep.join(p for p in [str(ROOT), os.environ.get("PYTHONPATH", "")] if p),
    "JUPYTER_CONFIG_PATH": str(server_config),
}
# The better activity source: let the page's token read its own server.
c.Spawner.oauth_client_allowed_scopes = ["read:servers!server"]

# The extension as built in this checkout, and the deployment's settings.
labext = STAGE / "labextensions"
labext.mkdir(parents=True, exist_ok=True)
link = labext / "jupyterlab-artifacts"
if not link.exists():
    link.symlink_to(ROOT / "jupyterlab_artifacts" / "labextension")
settings = STAGE / "settings"
settings.mkdir(parents=True, exist_ok=True)
(settings / "overrides.json").write_text(
    json.dumps(
        {
            "jupyterlab-artifacts:badges": {"hubGroupTemplate": "shared/{group}"},
            "jupyterlab-artifacts:zenodo": {"baseUrl": STANDIN_URL, "community": "artifacts-demo"},
            "jupyterlab-artifacts:expiry": {
                "idleTimeoutMinutes": CULL_TIMEOUT / 60,
                "cullEveryMinutes": CULL_EVERY / 60,
                "activityLagMinutes": ACTIVITY_INTERVAL / 60,
                "warningMinutes": [0.75, 0.25],
            },
        }
    )
)
args = [
    f"--LabServerApp.extra_labextensions_path={labext}",
    f"--LabApp.app_settings_dir={settings}",
    "--LabApp.expose_app_in_browser=True",
    "--ServerApp.shutdown_no_activity_timeout=0",
]
if os.geteuid() == 0:
    args.append("--allow-root")
c.Spawner.args = args

# Hub groups: alice is in "physics"; its folder is mounted (here: made) at shared/physics.
c.JupyterHub.load_groups = {"physics": {"users": ["alice"]}}
home = STAGE / "home" / "alice"
(home / "shared" / "physics").mkdir(parents=True, exist_ok=True)
(home / "shared" / "physics" / "group-data.csv").write_text("x,y\n1,2\n")
(home / "results").mkdir(parents=True, exist_ok=True)
(home / "results" / "fit.csv").write_text("a,b\n3,4\n")
(home / "analysis.py").write_text("print('mine')\n")

# jupyterhub-idle-culler with short timeouts, and a token for the tests.
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": _recorded("culler", sys.executable)
        + [
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={CULL_TIMEOUT}",
            f"--cull-every={CULL_EVERY}",
        ],
    },
    {"name": "hub-tests", "api_token": os.environ["HUB_TEST_TOKEN"]},
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
    {
        "name": "hub-tests",
        # access:servers: the tests read alice's files and jobs through her server.
        "scopes": [
            "list:users",
            "read:users",
            "read:users:activity",
            "read:servers",
            "admin:servers",
            "access:servers",
        ],
        "services": ["hub-tests"],
    },
]
