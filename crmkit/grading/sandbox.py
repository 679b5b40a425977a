"""Running a submission's notebook so that a hostile or broken one only harms its own grade.

:class:`GuardedExecute` takes the place of nbgrader's ``Execute`` preprocessor in the autograde
workers (:mod:`crmkit.grading.worker`; :class:`DeduplicateCells` that of ``DeduplicateIds``). It
behaves exactly like ``Execute`` on an ordinary notebook — same kernel, same cell timeout
(``Execute.timeout``, the option nbgrader 0.9 honours), same outputs, so the same scores — and
adds:

* **a guard** (:mod:`crmkit.grading.guard`) around every test cell: if the notebook patched
  ``crmkit.checks``, rebound ``ck`` or hooked into IPython, the patch is undone and the test cell
  scores zero with an error naming what was changed;
* **a cap on printing**: a cell keeps at most ``max_output_bytes`` characters of printed text (an
  endless ``print`` loop would otherwise fill the memory before its cell times out);
* **a stopped kernel** (``sys.exit`` is harmless, but ``os._exit``, ``exit()``, a crash or a kernel
  that ignores the interrupt after a timeout) no longer aborts the whole notebook: the cell gets an
  error, every later test cell gets one too (no test runs without a kernel), and the tests before
  keep their scores.

Each of these errors has an ``ename`` of :data:`ENAMES` and a message in the grading language,
which the feedback page shows the student and :mod:`crmkit.grading.reasons` shows the teacher.
"""

from __future__ import annotations

import secrets
import time
from queue import Empty

from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import DeduplicateIds, Execute
from traitlets import Bool, Integer

from crmkit import i18n
from crmkit.grading import guard

GUARD_ERROR = "GradingGuardError"
STOPPED_ERROR = "KernelStoppedError"
#: The ``ename`` of the errors this module adds to a cell.
ENAMES: tuple[str, ...] = (GUARD_ERROR, STOPPED_ERROR)
CUT_MARK = "[crmkit]"


def error_output(ename: str, evalue: str) -> NotebookNode:
    """An error output as a kernel would send it (nbgrader scores a test cell with one as zero)."""
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def is_test(cell: NotebookNode) -> bool:
    """An autograded test cell: a code cell with points and no answer of the student's."""
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


class DeduplicateCells(DeduplicateIds):
    """nbgrader's ``DeduplicateIds``, leaving no empty ``nbgrader`` metadata behind.

    nbgrader 0.9 empties the metadata of every copy of a cell but the last, and then
    ``OverwriteCells.add_missing_cells`` fails on the empty metadata (``KeyError: 'grade_id'``;
    nbgrader issue #1083 is about duplicated cells). Removing the key leaves a plain cell, which is
    what the emptied one was meant to be.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.metadata.get("nbgrader") == {}:
            del cell.metadata["nbgrader"]
        return cell, resources


class GuardedExecute(Execute):
    """nbgrader's ``Execute`` with a guard around test cells, a cap on printing and stopped kernels handled."""

    max_output_bytes = Integer(1_000_000, help="characters of printed text a cell keeps").tag(config=True)
    guard_tests = Bool(True, help="watch crmkit.checks around every test cell").tag(config=True)
    guard_seconds = Integer(120, help="seconds the guard's own steps may take (not counted to any cell)").tag(
        config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._printed: dict[int, int] = {}
        self._stopped: str | None = None
        self._guard_name: str | None = None
        self._guard_key = secrets.token_hex(16)
        return super().preprocess(nb, resources, km)

    # --- cells -------------------------------------------------------------------------------

    def preprocess_cell(self, cell, resources, index):
        if self._stopped is not None:
            if is_test(cell):
                cell.outputs = [error_output(STOPPED_ERROR, self._stopped)]
            return cell, resources
        try:
            if self._guard_name is None and self.guard_tests:
                self._install_guard()
            before = self._check() if is_test(cell) else []
            cell, resources = super().preprocess_cell(cell, resources, index)
            after = self._check() if is_test(cell) else []
        except DeadKernelError:
            return self._stop(cell, resources, "grading.sandbox.kernel_died")
        except CellTimeoutError:
            return self._stop(cell, resources, "grading.sandbox.kernel_stuck")
        changed = sorted(set((before or []) + (after or [])))
        # first: nbgrader's determine_grade stops at the first error or result it meets
        if before is None or after is None:
            cell.outputs.insert(0, error_output(GUARD_ERROR, i18n.t("grading.sandbox.no_answer")))
        elif changed:
            names = ", ".join(changed)
            cell.outputs.insert(0, error_output(GUARD_ERROR, i18n.t("grading.sandbox.changed", names=names)))
        return cell, resources

    def _stop(self, cell, resources, key: str):
        self._stopped = i18n.t("grading.sandbox.not_run")
        cell.outputs.insert(0, error_output(STOPPED_ERROR, i18n.t(key)))
        self.log.warning("The kernel stopped in cell %s; later test cells score zero.", cell.metadata.get(
            "nbgrader", {}).get("grade_id", "?"))
        return cell, resources

    # --- the guard ---------------------------------------------------------------------------

    def _install_guard(self) -> None:
        """Install the guard before the first cell; if that fails (crmkit does not import), every test scores 0."""
        name = f"_crmkit_guard_{secrets.token_hex(8)}"
        text = self._run_hidden(guard.install_code(name, self._guard_key))
        if f"{name}:installed" not in (text or ""):
            self.log.error("The grading guard could not be installed, so no test counts: %s", (text or "")[-1000:])
            self._guard_name = ""
            return
        self._guard_name = name

    def _check(self) -> list[str] | None:
        """What the notebook changed since the guard was installed ([]: nothing; None: no genuine answer)."""
        if not self.guard_tests:
            return []
        if not self._guard_name:
            return None
        challenge = secrets.token_hex(8)
        text = self._run_hidden(guard.call_code(self._guard_name, challenge))
        return guard.verdict(text or "", challenge, self._guard_key)

    async def _async_run_hidden(self, code: str) -> str | None:
        """Run ``code`` in the kernel without history or outputs in the notebook; its printed text."""
        msg_id = await ensure_async(self.kc.execute(code, store_history=False, allow_stdin=False, stop_on_error=False))
        deadline = time.monotonic() + max(self.guard_seconds, self.timeout or 0)
        printed = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                await self._async_check_alive()
                return None
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=min(remaining, 1.0)))
            except Empty:
                await self._async_check_alive()
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                printed.append(msg["content"].get("text", ""))
            elif msg["msg_type"] == "error":
                printed.append(f"\n{msg['content'].get('ename')}: {msg['content'].get('evalue')}\n")
            elif msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                break
        await self.async_wait_for_reply(msg_id)
        return "".join(printed)

    _run_hidden = run_sync(_async_run_hidden)

    # --- printing ----------------------------------------------------------------------------

    def output(self, outs, msg, display_id, cell_index):
        if msg["msg_type"] == "stream":
            used = self._printed.get(cell_index, 0)
            if used >= self.max_output_bytes:
                return None
            text = msg["content"].get("text", "")
            self._printed[cell_index] = used + len(text)
            if used + len(text) > self.max_output_bytes:
                cut = text[: self.max_output_bytes - used]
                note = i18n.t("grading.sandbox.output_cut", chars=f"{self.max_output_bytes:,}")
                msg = {**msg, "content": {**msg["content"], "text": f"{cut}\n{CUT_MARK} {note}\n"}}
        return super().output(outs, msg, display_id, cell_index)
