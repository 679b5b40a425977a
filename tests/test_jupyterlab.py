"""`NO_BROWSER=1 make start` serves JupyterLab on the welcome notebook with the course's settings."""

import json
import re
import time
import urllib.request

import pytest

from tests.lab import TOKEN


@pytest.fixture(scope="module")
def lab(lab_server):
    return lab_server


def get(base, path):
    with urllib.request.urlopen(f"{base}{path}{'&' if '?' in path else '?'}token={TOKEN}", timeout=10) as r:
        return r.status, r.read().decode()


def test_notebook_windowing_mode_is_defer(lab):
    base, _ = lab
    status, body = get(base, "/lab/api/settings/@jupyterlab/notebook-extension:tracker")
    settings = json.loads(body)
    assert status == 200
    # overrides.json replaces the schema's default; no user setting overrides it back
    assert settings["schema"]["properties"]["windowingMode"]["default"] == "defer"
    assert settings["settings"].get("windowingMode", "defer") == "defer"


def test_chinese_language_pack_is_available(lab):
    base, _ = lab
    status, body = get(base, "/lab/api/translations")
    assert status == 200
    assert "zh_CN" in json.loads(body)["data"]


def test_welcome_notebook_is_served(lab):
    base, _ = lab
    status, body = get(base, "/api/contents/notebooks/00_welcome.ipynb?content=1")
    assert status == 200 and "顾客速查" in json.dumps(json.loads(body)["content"], ensure_ascii=False)
    status, page = get(base, "/lab/tree/notebooks/00_welcome.ipynb")
    assert status == 200 and "JupyterLab" in page


def test_no_browser_and_the_url_is_printed(lab):
    _, log = lab
    pattern = re.compile(r"http://(localhost|127\.0\.0\.1):\d+/lab/tree/notebooks/00_welcome\.ipynb\?token=")
    deadline = time.monotonic() + 20
    while not pattern.search("".join(log)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert pattern.search("".join(log)), "".join(log)[-2000:]


@pytest.mark.parametrize("plugin, key, value", [
    ("@jupyter-widgets/jupyterlab-manager:plugin", "saveState", True),  # widgets come back when reopened
    ("@jupyterlab/apputils-extension:notification", "fetchNews", "false"),  # a lab has no internet
    ("@jupyterlab/apputils-extension:notification", "checkForUpdates", False),
])
def test_lab_settings_for_a_classroom(lab, plugin, key, value):
    base, _ = lab
    status, body = get(base, f"/lab/api/settings/{plugin}")
    settings = json.loads(body)
    assert status == 200 and settings["schema"]["properties"][key]["default"] == value
