"""A real batch: seven reports of the four templates with real kernels (papermill), two at a time,
one of them failing on purpose; then the HTML pages, scanned and opened in headless Chromium with
every request off the machine blocked.

Chromium is Debian's package (`apt-get install chromium`), driven by Playwright like tests/e2e;
without it the browser test is skipped locally (CRMKIT_REQUIRE_BROWSER=1 makes that a failure).
Chinese text is checked to render with a Chinese font when the machine has one
(`fc-list :lang=zh`; Debian: fonts-noto-cjk or fonts-wqy-microhei).
"""

import json
import os
import re
import shutil
import subprocess

import nbformat
import pytest

from crmkit import i18n
from crmkit.reports import batch, index, runner

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRE_BROWSER = bool(os.environ.get("CRMKIT_REQUIRE_BROWSER"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
HAN = re.compile(r"[\u4e00-\u9fff]")

REPORTS = [  # (template, parameters); the last one names a channel the mall does not have
    ("shop_report", {"shop": "mall", "period": "2026", "lang": "zh"}),
    ("channel_report", {"shop": "mall", "channel": "tmall_flagship", "lang": "en"}),
    ("channel_report", {"shop": "mall", "channel": "pdd_store", "lang": "zh"}),
    ("monthly_report", {"shop": "mall", "month": "2026-10", "lang": "zh"}),
    ("monthly_report", {"shop": "mall", "month": "2024-11", "lang": "en"}),
    ("student_report", {"student": "00105", "grades": "", "lang": "zh"}),
    ("channel_report", {"shop": "mall", "channel": "no_such_channel", "lang": "en"}),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    jobs = []
    for template, parameters in REPORTS:
        path = batch.template_path(template)
        jobs.append(runner.Job(template=path, parameters=parameters, name=batch.report_name(path, parameters),
                               out_dir=out / template, lang=parameters["lang"]))
    results = runner.run_batch(jobs, workers=2, progress=False)
    with i18n.language("en"):
        index_page = index.write(out, index.save(out, results))
    return out, results, index_page


def test_the_batch_goes_on_past_a_failure(run):
    _, results, _ = run
    assert [r.name for r in results] == [batch.report_name(batch.template_path(t), p) for t, p in REPORTS]
    assert [r.status for r in results] == ["ok"] * 6 + ["failed"]
    failed = results[-1]
    assert failed.error.startswith("CrmkitError: Unknown value 'no_such_channel' for channel. Valid values: official_app")
    partial = nbformat.read(failed.notebook, as_version=4)   # the cells up to the error, with the traceback
    errors = [o for c in partial.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "CrmkitError"
    assert failed.html is None and not os.path.exists(failed.notebook.replace(".ipynb", ".html"))
    for r in results[:-1]:
        assert r.kernel_seconds > 0 and r.cell_seconds > 0 and r.seconds >= r.kernel_seconds + r.cell_seconds


def test_parameters_go_in_raw(run):
    _, results, _ = run
    student = results[5]
    nb = nbformat.read(student.notebook, as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'student = "00105"' in injected.source
    assert "（00105）" in open(student.html, encoding="utf-8").read()


def charts_in(notebook) -> int:
    nb = nbformat.read(notebook, as_version=4)
    return sum("application/vnd.plotly.v1+json" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
               for o in c.outputs)


PLOTLY_JS = re.compile(r"<script[^>]*>\s*/\*\*\s*\* plotly\.js v.*?</script>", re.S)


def test_html_has_no_code_and_loads_nothing_from_the_network(run):
    _, results, _ = run
    for r in results[:-1]:
        whole = open(r.html, encoding="utf-8").read()
        assert len(PLOTLY_JS.findall(whole)) == 1                       # plotly.js itself, embedded once
        page = PLOTLY_JS.sub("", whole)  # plotly.js holds a map-tile URL default that charts without maps never load
        assert "import crmkit" not in page and "ck.reports" not in page and "template-help" not in page
        assert not re.search(r"<script[^>]*\bsrc\s*=", page), r.name
        assert not re.search(r"<link[^>]*\bhref\s*=", page), r.name
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page), r.name
        for cdn in ("cdn.plot.ly", "cdnjs.cloudflare.com", "unpkg.com", "cdn.jsdelivr.net", "require.min.js",
                    "MathJax.js", "embed-amd.js"):
            assert cdn not in page, (r.name, cdn)
        assert page.count('class="plotly-graph-div"') == charts_in(r.notebook) >= 2
        assert f'<html lang="{r.parameters["lang"]}">' in page


def test_reports_read_in_their_language(run):
    _, results, _ = run
    pages = {r.name: open(r.html, encoding="utf-8").read() for r in results[:-1]}
    assert "店铺报告：A公司网上商城" in pages["shop_report-mall-2026"]
    assert "Channel report: Tmall flagship store" in pages["channel_report-mall-tmall_flagship"]
    assert "休眠渠道预警" in pages["channel_report-mall-pdd_store"]
    assert "This is the first month of the data" in pages["monthly_report-mall-2024-11"]
    assert re.search("本月店铺运行情况较好|本月店铺运行情况变差|本月喜忧参半", pages["monthly_report-mall-2026-10"])
    assert "成绩报告：陈思远（00105）" in pages["student_report-00105"]


def test_index_lists_every_report(run):
    out, results, index_page = run
    page = index_page.read_text("utf-8")
    assert "6 done, 1 failed" in page
    for r in results[:-1]:
        assert f'href="{r.template}/{r.name}.html"' in page
    assert f'href="channel_report/{results[-1].name}.ipynb">partial notebook</a>' in page
    assert json.loads((out / "status.json").read_text("utf-8"))["reports"]["student_report/student_report-00105"][
        "parameters"] == {"student": "00105", "grades": "", "lang": "zh"}


def chinese_fonts() -> set[str]:
    if not shutil.which("fc-list"):
        return set()
    listing = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return {name.strip() for line in listing.splitlines() for name in line.split(",")}


@pytest.mark.skipif(CHROMIUM is None and not REQUIRE_BROWSER, reason="no Chromium on this machine (apt-get install chromium)")
def test_reports_in_a_browser_without_network(run, tmp_path):
    from playwright.sync_api import sync_playwright

    out, results, index_page = run
    pages = [index_page] + [r.html for r in results[:-1]]
    attempted, errors = [], []

    def only_local_files(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", only_local_files)
        page.on("pageerror", lambda e: errors.append(str(e)))
        for html in pages:
            page.goto(f"file://{html}")
            page.wait_for_function("[...document.querySelectorAll('.plotly-graph-div')]"
                                   ".every(d => d._fullLayout && d._fullData && d.querySelector('.main-svg'))",
                                   timeout=60_000)
            drawn = page.evaluate("[...document.querySelectorAll('.plotly-graph-div')]"
                                  ".filter(d => d._fullData.length > 0 && d.querySelector('.main-svg')).length")
            assert drawn == (0 if html == index_page else charts_in(str(html).replace(".html", ".ipynb"))), html
        assert page.locator("text=/ValueError|Traceback/").count() == 0
        shop = results[0].html
        page.goto(f"file://{shop}")
        page.wait_for_function("document.querySelectorAll('.plotly-graph-div .main-svg').length > 0")
        shot = tmp_path / "shop_report.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nscreenshot of the shop report: {shot}")
        fonts = chinese_fonts()
        if fonts:  # the Han glyphs of the title are drawn with a Chinese font, not boxes
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
            used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            han = len(HAN.findall(page.locator("h1").inner_text()))
            assert sum(f["glyphCount"] for f in used if f["familyName"] in fonts) >= han > 0, used
        browser.close()
    assert attempted == [] and errors == []
    assert shot.stat().st_size > 50_000
