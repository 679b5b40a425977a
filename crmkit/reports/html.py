"""An executed report notebook as one HTML file that works offline: no code, interactive charts.

nbconvert's HTML export, told three things it does not do by itself:

* no code cells (``exclude_input``; papermill's ``report_mode`` does not hide code in nbconvert
  HTML), no prompts, no warnings printed to stderr, and no cell tagged ``template-help`` (the
  note a template shows to whoever opens it in JupyterLab);
* nothing loaded from a CDN: the lab template's require.js, the Jupyter widget renderer
  (unpkg), MathJax and Mermaid scripts are left out; plotly.js is already embedded once in the
  notebook by crmkit's offline renderer (:mod:`crmkit.plots.style`), and plotly's own
  mimetype output, which nbconvert drops, has that HTML copy next to it;
* Chinese text renders: the page is UTF-8, its ``lang`` is the report's, and the fonts are the
  Chinese-capable ones crmkit's charts use.

The template is kept here as a string (a Jinja loader), so the package needs no data files for it.
"""

from __future__ import annotations

import copy
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from crmkit.plots.style import FONT

__all__ = ["HELP_TAG", "export", "to_html"]

#: Cells with this tag are notes for whoever opens the template; they never reach the report.
HELP_TAG = "template-help"
_TEMPLATE_NAME = "crmkit_report.html.j2"
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{#- crmkit reports: JupyterLab's look, nothing from a CDN (see crmkit/reports/html.py) -#}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
body { font-family: FONT_FAMILY; }
main { max-width: 1200px; margin: 0 auto; padding: 1em 2em; }
.jp-RenderedMarkdown table { margin-left: 0; }
</style>
{%- endblock extra_css -%}
""".replace("FONT_FAMILY", FONT)


def _report_cells(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without stderr text, widget views and widget state."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [o for o in cell.outputs
                        if not (o.output_type == "stream" and o.get("name") == "stderr")
                        and "application/vnd.jupyter.widget-view+json" not in o.get("data", {})]
    return nb


def to_html(nb: nbformat.NotebookNode, *, lang: str = "zh", title: str | None = None) -> str:
    """The report page of an executed notebook (see the module docstring)."""
    exporter = HTMLExporter(template_name="lab", template_file=_TEMPLATE_NAME,
                            extra_loaders=[jinja2.DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            language_code=lang)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={HELP_TAG}), enabled=True)
    nb = _report_cells(nb)
    if title:
        nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return body


def export(notebook: str | Path | nbformat.NotebookNode, target: str | Path, *, lang: str = "zh",
           title: str | None = None) -> Path:
    """Write the report page of the executed ``notebook`` (a path or the notebook itself) to ``target``
    (UTF-8); returns ``target``."""
    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(notebook, as_version=4)
    target = Path(target)
    target.write_text(to_html(notebook, lang=lang, title=title), encoding="utf-8")
    return target
