"""A real kernel that dies while starting is started again (papermill and jupyter_client, no stand-ins)."""

import json
import sys
from pathlib import Path

import nbformat

from crmkit.reports import runner

FLAKY = """import os, sys
counter = os.environ["FLAKY_COUNTER"]
starts = int(open(counter).read()) if os.path.exists(counter) else 0
open(counter, "w").write(str(starts + 1))
if starts == 0:
    sys.exit(3)  # the first start dies before answering, as a kernel can on a machine under load
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", *sys.argv[1:]])
"""


def test_a_kernel_that_dies_while_starting_is_started_again(tmp_path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "flaky"
    spec.mkdir(parents=True)
    (tmp_path / "flaky.py").write_text(FLAKY)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(tmp_path / "flaky.py"), "{connection_file}"],
        "display_name": "flaky", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("FLAKY_COUNTER", str(tmp_path / "starts"))
    template = tmp_path / "t.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('student = "1"', metadata={"tags": ["parameters"]}),
                                         nbformat.v4.new_code_cell("print(repr(student))")])
    nb.metadata["kernelspec"] = {"name": "flaky", "display_name": "flaky", "language": "python"}
    nbformat.write(nb, template)
    job = runner.Job(template=template, parameters={"student": "00123"}, name="r", out_dir=tmp_path / "out",
                     kernel="flaky")
    result = runner.run_one(job, wait=0.1)
    assert result.ok and result.attempts == 2, result.error
    assert "Kernel died before replying" in result.retries[0]
    assert (tmp_path / "starts").read_text() == "2"
    executed = nbformat.read(Path(result.notebook), as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "'00123'\n"   # the id went in as text
