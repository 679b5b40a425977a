"""Start JupyterLab the way a user does (`NO_BROWSER=1 make start`) for tests, and stop it."""

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

from crmkit import config

TOKEN = "crmkit-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_lab(lab_args: str = "", extra_env: dict[str, str] | None = None):
    """Yield (base URL, list of output lines) of a JupyterLab started by `make start`.

    Workspaces and user settings go to a temporary folder: every run starts with a clean
    JupyterLab and never touches the user's own ~/.jupyter."""
    port = free_port()
    state = tempfile.mkdtemp(prefix="crmkit-lab-")
    lab_args = f"--LabApp.workspaces_dir={state}/workspaces --LabApp.user_settings_dir={state}/settings {lab_args}"
    env = {**os.environ, "NO_BROWSER": "1", "PORT": str(port), "JUPYTER_TOKEN": TOKEN, "LAB_ARGS": lab_args,
           **(extra_env or {})}
    proc = subprocess.Popen(["make", "-s", "start"], cwd=config.project_root(), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(proc.stdout), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("JupyterLab did not start:\n" + "".join(log)) from exc
                time.sleep(0.5)
        yield base, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
