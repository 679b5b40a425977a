"""Each chapter lesson in a real browser: JupyterLab (started by `make start`) runs the whole notebook
in a live kernel and every widget the lesson displays renders, with no error output.

The same set-up as the welcome test (:mod:`tests.e2e.test_welcome_in_browser`): Debian's Chromium
driven by Playwright; a missing browser skips locally and fails in CI.
"""

import os
import shutil

import pytest

from crmkit import config
from tests.e2e.test_welcome_in_browser import CHROMIUM, CHROMIUM_ARGS, page  # noqa: F401  (the fixture)
from tests.lab import TOKEN

LESSONS = ["01_service_basics", "02_customer_info"]

#: True once the notebook is open with its kernel idle.
KERNEL_READY = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    return !!(panel && panel.content && panel.context && panel.context.isReady && panel.sessionContext.session
              && panel.sessionContext.session.kernel && panel.sessionContext.session.kernel.status === 'idle');
}"""

#: True once the first code cell ran or is running.
STARTED = """() => {
    const code = window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'code');
    return code[0].model.executionCount !== null || code[0].model.executionState === 'running'
        || window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'busy';
}"""

#: True once every code cell of the open notebook has run (or one failed, which stops run-all) and the
#: kernel is idle.
ALL_RAN = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.sessionContext.session) return false;
    const code = panel.content.widgets.filter(c => c.model.type === 'code');
    const failed = code.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
    return code.length > 0 && (failed || code.every(c => c.model.executionCount !== null))
        && panel.sessionContext.session.kernel.status === 'idle';
}"""

#: Where the run is, for the failure message.
STATE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const code = panel && panel.content ? panel.content.widgets.filter(c => c.model.type === 'code') : [];
    return {title: panel && panel.title.label, kernel: panel && panel.sessionContext.session
            && panel.sessionContext.session.kernel.status, counts: code.map(c => c.model.executionCount)};
}"""

#: What the kernel sent: how many widget outputs, and the error outputs' names.
OUTPUTS = """() => {
    const code = window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'code');
    const outputs = code.flatMap(c => c.model.outputs.toJSON());
    return {
        widgets: outputs.filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length,
        errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
        not_run: code.filter(c => c.model.executionCount === null).map(c => c.model.sharedModel.getSource()),
    };
}"""


@pytest.fixture
def lesson_copy(request):
    """A copy of the lesson inside the server's root (build/ is git-ignored), beside nothing else."""
    root = config.project_root()
    target = root / "build" / "e2e" / f"{request.param}-{os.getpid()}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "notebooks" / f"{request.param}.ipynb", target)
    yield target.relative_to(root).as_posix()
    target.unlink(missing_ok=True)


@pytest.mark.parametrize("lesson_copy", LESSONS, indirect=True)
def test_the_lesson_runs_and_shows_its_widgets(lab_server, page, lesson_copy):  # noqa: F811
    base, _ = lab_server
    page.goto(f"{base}/lab/tree/{lesson_copy}?token={TOKEN}")
    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=60_000)
    page.wait_for_function(KERNEL_READY, timeout=120_000, polling=500)
    for _ in range(3):  # run-all right after the kernel came up can be lost: ask again if nothing started
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        try:
            page.wait_for_function(STARTED, timeout=20_000, polling=500)
            break
        except Exception:
            continue
    try:
        page.wait_for_function(ALL_RAN, timeout=240_000, polling=1000)
    except Exception:
        raise AssertionError(page.evaluate(STATE)) from None

    sent = page.evaluate(OUTPUTS)
    assert sent["errors"] == [] and sent["not_run"] == [], sent
    assert sent["widgets"] >= 3  # ASSESSMENT.md: at least three widgets per lesson
    # every widget output became a live view: scroll through the notebook so each cell is attached
    scroller = page.locator(".jp-WindowedPanel-outer").first
    rendered = 0
    for _ in range(200):
        rendered = max(rendered, page.locator(".jp-OutputArea-output > .jupyter-widgets.widget-container").count())
        if scroller.evaluate("el => el.scrollTop + el.clientHeight >= el.scrollHeight - 2"):
            break
        scroller.evaluate("el => el.scrollBy(0, el.clientHeight)")
        page.wait_for_timeout(150)
    assert rendered >= sent["widgets"], (rendered, sent)
    assert page.get_by_text("Error displaying widget").count() == 0
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
