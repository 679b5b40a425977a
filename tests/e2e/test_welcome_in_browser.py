"""The welcome lesson in a real browser: JupyterLab (started by `make start`), a live kernel,
the quick-lookup widget typed into like a student would, in headless Chromium via Playwright.

Needs Chromium (Debian package `chromium`) and the `playwright` Python package (dev extra; it
downloads no browser). `.ci/run` installs Chromium and sets CRMKIT_REQUIRE_BROWSER=1, so in CI a
missing browser fails instead of skipping.
"""

import os
import re
import shutil

import pytest

from crmkit import config
from tests.lab import TOKEN

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api") if not os.environ.get("CRMKIT_REQUIRE_BROWSER") else None
if CHROMIUM is None and not os.environ.get("CRMKIT_REQUIRE_BROWSER"):
    pytest.skip("no Chromium on this machine (apt-get install chromium)", allow_module_level=True)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(lab_server, request):
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "Chromium is required here (CRMKIT_REQUIRE_BROWSER=1)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        yield page
        if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
            page.screenshot(path=str(config.project_root() / "build" / "e2e" / "failure.png"))
        browser.close()


@pytest.fixture
def live_copy():
    """A copy of the welcome notebook inside the server's root (build/ is git-ignored)."""
    root = config.project_root()
    target = root / "build" / "e2e" / f"welcome-{os.getpid()}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "notebooks" / "00_welcome.ipynb", target)
    yield target.relative_to(root).as_posix()
    target.unlink(missing_ok=True)


def test_student_runs_the_welcome_lesson_and_uses_the_lookup_widget(lab_server, page, live_copy):
    base, _ = lab_server
    page.goto(f"{base}/lab/tree/{live_copy}?token={TOKEN}")
    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=60_000)
    page.wait_for_timeout(2000)  # let the kernel session start
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

    card = page.locator(".crmkit-card")
    card.wait_for(timeout=60_000)
    text = card.inner_text()
    assert "客户资料卡" in text and "#1" in text
    assert re.search(r"1[3-9]\d\*{4}\d{4}", text)
    assert not re.search(r"1[3-9]\d{9}", page.locator(".jp-Notebook").inner_text())  # no unmasked phone
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0

    box = page.locator(".widget-text input").first
    box.fill("王")
    box.press("Enter")
    page.wait_for_function("document.querySelector('.crmkit-card h4').innerText.includes('王')", timeout=30_000)
    assert page.locator(".crmkit-table").count() == 1

    # windowingMode 'defer' keeps widget outputs in the page when scrolled away and back
    page.evaluate("window.jupyterapp.commands.execute('notebook:move-cursor-heading-above-or-collapse')")
    page.locator(".jp-WindowedPanel-outer").first.evaluate("el => el.scrollTo(0, 0)")
    page.wait_for_timeout(500)
    assert page.locator(".crmkit-card").count() == 1
