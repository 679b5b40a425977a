"""Charts display in JupyterLab and in exported HTML without internet, in the chosen language."""

import json
import re

import nbclient
import nbformat
import plotly.io as pio

import crmkit as ck
from crmkit import i18n
from crmkit.plots import style


def test_figures_use_the_offline_renderer_and_embed_plotly_js():
    pio.renderers.default = "plotly_mimetype"  # what a kernel starts with
    con = ck.connect("mall")
    with i18n.language("zh"):
        fig = ck.plots.customers.levels(ck.customers.levels(con))
    assert pio.renderers.default == style.RENDERER == "plotly_mimetype+crmkit_notebook"
    mimetype = pio.renderers["plotly_mimetype"].to_mimebundle(fig.to_dict())
    assert "application/vnd.plotly.v1+json" in mimetype  # JupyterLab's own renderer (bundled extension)
    notebook = pio.renderers["crmkit_notebook"]
    assert notebook.connected is False  # plotly.js is embedded in the notebook, not loaded from a CDN
    html = notebook.to_mimebundle(fig.to_dict())["text/html"]
    assert "https://cdn" not in html and not re.search(r"<script[^>]*\bsrc=", html)
    layout = json.loads(fig.to_json())["layout"]
    assert "Noto Sans CJK SC" in layout["font"]["family"]
    assert re.search(r"[\u4e00-\u9fff]", layout["title"]["text"])
    con.close()


def test_chart_titles_and_axes_follow_the_language():
    con = ck.connect("mall")
    df = ck.customers.purchase_counts(con)
    with i18n.language("en"):
        en = ck.plots.customers.purchase_counts(df)
    with i18n.language("zh"):
        zh = ck.plots.customers.purchase_counts(df)
    assert en.layout.title.text != zh.layout.title.text
    assert not re.search(r"[\u4e00-\u9fff]", en.layout.title.text)
    assert re.search(r"[\u4e00-\u9fff]", zh.layout.title.text)
    assert zh.layout.yaxis.title.text and re.search(r"[\u4e00-\u9fff]", zh.layout.yaxis.title.text)
    con.close()


def test_a_chart_in_a_real_kernel_embeds_plotly_js_and_loads_nothing_from_the_network():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import crmkit as ck\ncon = ck.connect('mall')"),
                nbformat.v4.new_code_cell("ck.plots.customers.levels(ck.customers.levels(con))")]
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    outputs = [o for cell in nb.cells for o in cell.outputs]
    assert any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs)  # JupyterLab renders this
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any(len(h) > 1_000_000 and "Plotly" in h for h in html)  # plotly.js itself, embedded once
    # nothing is fetched: no <script src=...> or <link href=...> pointing to the network (plotly.js
    # itself contains map-tile URLs as strings, which load nothing for our charts)
    for h in html:
        assert not re.search(r"<script[^>]*\bsrc=[\"']?https?://", h)
        assert not re.search(r"<link[^>]*\bhref=[\"']?https?://", h)


def test_date_axes_use_numeric_dates_in_every_language():
    con = ck.connect("mall")
    fig = ck.plots.customers.new_vs_returning(ck.customers.new_vs_returning(con, "month"))
    assert [stop.value for stop in fig.layout.xaxis.tickformatstops] == ["%Y-%m-%d", "%Y-%m"]
    bars = ck.plots.customers.levels(ck.customers.levels(con))  # categories, not dates: untouched
    assert not bars.layout.xaxis.tickformatstops
    con.close()
