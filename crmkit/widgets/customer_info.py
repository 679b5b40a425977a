"""Chapter 2 widgets (客户信息管理): importing a customer file, screening duplicates, the customer data
card and the to-do list of follow-up tasks. The four kinds of analysis are in
:mod:`crmkit.widgets.info_analyses`.

Each widget is a thin ipywidgets wrapper over crmkit functions (``ck.data.import_file``,
``ck.customers.duplicates / merge / card / cards``, ``ck.tasks``); what it shows is rendered by the
plain ``*_html`` functions here, which the tests call. Every widget shows a result as soon as it is
created (a headless run records it) and writes nothing until a button is pressed.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pandas as pd

from crmkit import config, i18n, queries
from crmkit.analytics import customer_info, info_analyses, merges, params, tasks
from crmkit.data.imports.check import check_table
from crmkit.data.imports.load import ImportResult, import_file, rejects_frame
from crmkit.data.imports.read import SUFFIXES, read_file
from crmkit.data.store import masking_sql
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame, header
from crmkit.plots import customer_info as plots
from crmkit.widgets.display import error_html, show_figure, table_html

__all__ = [
    "BASIC_FIELDS",
    "PURCHASE_FIELDS",
    "SERVICE_FIELDS",
    "card_html",
    "card_viewer",
    "duplicate_finder",
    "duplicate_group_html",
    "import_checker",
    "import_html",
    "import_result_html",
    "sample_files",
    "task_board",
    "tasks_html",
]

#: What every data card shows (potential customers have nothing more: 潜在客户资料卡 holds basic information).
BASIC_FIELDS = ("customer_code", "gender", "age", "phone", "email", "province", "city", "address", "channel",
                "registered_at", "contact_updated_at")
#: The transactions a current or lost customer's card adds (现实客户 / 流失客户资料卡).
PURCHASE_FIELDS = ("orders", "total_spend", "first_order_at", "last_order_at", "days_since_last_order",
                   "favourite_category", "main_channel")
#: The company's contacts with the customer (企业投入记录), on every card.
SERVICE_FIELDS = ("interaction_count", "complaint_count", "last_contact_at", "tags")
#: The colour of each card kind's badge.
KIND_COLOURS = {"potential": "#1f77b4", "current": "#2ca02c", "lost": "#7f7f7f"}
#: The sample file the import checker opens first (the one with typical mistakes).
DEFAULT_SAMPLE = "customers_mistakes.csv"
_STYLE = {"description_width": "initial"}


def _t(key: str, **values: object) -> str:
    return html.escape(i18n.t(f"info_widget.{key}", **values))


def _title(key: str) -> w.HTML:
    return w.HTML(f"<h3>{_t(key)}</h3>")


# ---------------------------------------------------------------- import (顾客导入)

def sample_files() -> list[Path]:
    """The course's sample import files (``datasets/samples/``), by name."""
    folder = config.datasets_dir() / "samples"
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.endswith(".rejects.csv")
                  and p.name.startswith("customers"))


def _accepted_rows(con, accepted) -> LabeledFrame:
    """The accepted rows as they would be stored: contact data masked, places and channel by name."""
    cursor = con.cursor()  # its own connection: the temporary macros and the registered rows stay there
    try:
        cursor.execute(masking_sql())
        cursor.register("checked_rows", accepted)
        return queries.arrow_frame(cursor, queries.sql_text("info_analyses/import_preview"),
                                   {"lang": i18n.get_language(),
                                    "gender_names": queries.label_map("gender", ("F", "M"))})
    finally:
        cursor.close()


def import_html(con, path: str | Path) -> str:
    """What the import checker shows for a customer file: how many rows were read, accepted and rejected;
    the accepted rows (masked, as they would be imported); every problem of the rejected rows. Nothing is
    imported."""
    try:
        checked = check_table(con, read_file(path), "customers")
    except CrmkitError as exc:
        return error_html(exc)
    rejected = len(set(checked.rejects.column("row").to_pylist()))
    counts = _t("import_counts", file=Path(path).name, read=checked.rows_read, accepted=checked.accepted.num_rows,
                rejected=rejected)
    parts = [f"<p><b>{counts}</b></p>", f"<h4>{_t('accepted_rows')}</h4>",
             table_html(_accepted_rows(con, checked.accepted))]
    if checked.rejects.num_rows:
        problems = LabeledFrame(rejects_frame(checked.rejects).rename(columns={"column": "file_column"}))
        parts += [f"<h4>{_t('rejected_rows')}</h4>", table_html(problems, ["row", "file_column", "value", "reason"])]
    return "".join(parts)


def import_result_html(result: ImportResult) -> str:
    """The outcome of an import (:class:`~crmkit.data.imports.load.ImportResult`) as one sentence or two."""
    text = html.escape(result.summary()).replace("\n", "<br>")
    return f"<p><b>{text}</b></p><p>{_t('import_done')}</p>"


def _uploaded(upload: w.FileUpload) -> Path | None:
    """Save the file just uploaded where the user's scratch data is, and return its path."""
    if not upload.value:
        return None
    item = upload.value[0]
    target = config.scratch_home() / "uploads" / Path(item["name"]).name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(item["content"]))
    return target


def import_checker(con, file: str | Path = DEFAULT_SAMPLE) -> w.VBox:
    """顾客导入 widget: choose a sample file or upload your own (.xlsx, .csv, .tsv); see which rows would be
    accepted and which rejected, with the reason; press Import to import the file into your scratch
    database (the rejected rows are written to ``<file>.rejects.csv`` in the current folder, to correct
    and import again)."""
    samples = sample_files()
    options = [(p.name, str(p)) for p in samples]
    chosen = next((str(p) for p in samples if p.name == str(file)), str(file))
    if chosen not in dict(options).values():
        options.append((Path(chosen).name, chosen))
    picker = w.Dropdown(options=options, value=chosen, description=i18n.t("info_widget.file"), style=_STYLE)
    upload = w.FileUpload(accept=",".join(SUFFIXES), multiple=False, description=i18n.t("info_widget.upload"))
    button = w.Button(description=i18n.t("info_widget.import"), icon="upload", button_style="primary")
    result, done = w.HTML(), w.HTML()

    def show(_=None) -> None:
        done.value = ""
        result.value = import_html(con, picker.value)

    def uploaded(_=None) -> None:
        path = _uploaded(upload)
        if path is not None:
            picker.options = [*[o for o in picker.options if o[1] != str(path)], (path.name, str(path))]
            picker.value = str(path)

    def run(_=None) -> None:
        source = Path(picker.value)
        try:
            outcome = import_file(con, source, rejects_file=Path.cwd() / f"{source.stem}.rejects.csv")
        except CrmkitError as exc:
            done.value = error_html(exc)
            return
        done.value = import_result_html(outcome)

    picker.observe(show, names="value")
    upload.observe(uploaded, names="value")
    button.on_click(run)
    show()
    return w.VBox([_title("import_title"), w.HBox([picker, upload, button], layout=w.Layout(flex_flow="row wrap")),
                   done, result])


# ---------------------------------------------------------------- screening duplicates (筛选)

def duplicate_group_html(group: pd.DataFrame) -> str:
    """One group of :func:`~crmkit.analytics.customer_info.duplicates` side by side: a column per record,
    a row per field; the fields whose values conflict are marked."""
    id_column = "customer_id" if "customer_id" in group.columns else "raw_id"
    when = "registered_at" if "registered_at" in group.columns else "recorded_at"
    conflicts = set(str(group["conflicts"].iloc[0] or "").split(customer_info.SEPARATORS[i18n.get_language()]))
    fields = [f for f in (*customer_info.COMPARED_FIELDS, "channel", when, "matched_on_name") if f in group.columns]
    head = "".join(f"<th>{html.escape(header(id_column))} {int(r)}</th>" for r in group[id_column])
    body = []
    for field in fields:
        clash = header(field) in conflicts
        style = " style='background:#fde2e1'" if clash else ""
        mark = f" ⚠ {_t('conflict')}" if clash else ""
        cells = "".join(f"<td{style}>{html.escape(_cell(field, v))}</td>" for v in group[field])
        body.append(f"<tr><th style='text-align:left'>{html.escape(header(field))}{mark}</th>{cells}</tr>")
    return f"<table class='crmkit-table crmkit-duplicates'><tr><th></th>{head}</tr>{''.join(body)}</table>"


def _text(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return "—" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _group_label(group: pd.DataFrame) -> str:
    conflicts = group["conflicts"].iloc[0] or i18n.t("info_widget.no_conflict")
    return i18n.t("info_widget.group_label", group=int(group["group_id"].iloc[0]), name=group["name"].iloc[0].strip(),
                  n=len(group), conflicts=conflicts)


def duplicate_finder(con, within: str = "staging", group: int | None = None) -> w.VBox:
    """筛选重复 widget: candidate duplicates among the channels' raw records (``staging``) or the customer
    table (``customers``), one group at a time side by side with the conflicting fields marked; for
    customers, choose the record to keep and press Merge (merged in your scratch database; undo with
    ``ck.customers.unmerge``)."""
    where = w.ToggleButtons(options=[(i18n.t(f"info_widget.within_{k}"), k) for k in customer_info.WITHIN],
                            value=_choice(within, customer_info.WITHIN, "within"))
    summary, side_by_side, message = w.HTML(), w.HTML(), w.HTML()
    chart = w.Output()
    picker = w.Dropdown(description=i18n.t("info_widget.group"), style=_STYLE, layout=w.Layout(width="640px"))
    keep = w.Dropdown(description=i18n.t("info_widget.keep"), style=_STYLE)
    merge = w.Button(description=i18n.t("info_widget.merge"), icon="compress", button_style="warning")
    state: dict[str, pd.DataFrame] = {"df": pd.DataFrame()}

    def show_group(_=None) -> None:
        df = state["df"]
        rows = df[df["group_id"] == picker.value] if len(df) else df
        side_by_side.value = duplicate_group_html(rows) if len(rows) else ""
        ids = rows["customer_id"].tolist() if "customer_id" in rows.columns else []
        keep.options = [(f"#{int(i)}", int(i)) for i in ids]
        keep.disabled = merge.disabled = not ids

    def load(_=None, wanted: int | None = None) -> None:
        df = customer_info.duplicates(con, within=where.value)
        state["df"] = df
        groups = df.groupby("group_id", sort=True) if len(df) else []
        picker.options = [(_group_label(g), int(gid)) for gid, g in groups]
        summary.value = (f"<p>{_t('duplicates_found', groups=df['group_id'].nunique(), records=len(df))}</p>"
                         f"<p>{_t('note_' + where.value)}</p>")
        show_figure(chart, plots.duplicates(df))
        ids = [value for _, value in picker.options]
        picker.value = wanted if wanted in ids else (ids[0] if ids else None)
        show_group()

    def merge_group(_=None) -> None:
        df = state["df"]
        members = df.loc[df["group_id"] == picker.value, "customer_id"].astype(int).tolist()
        drops = [m for m in members if m != keep.value]
        try:
            merges.merge(con, keep.value, drops, note=i18n.t("info_widget.merge_note"))
        except CrmkitError as exc:
            message.value = error_html(exc)
            return
        message.value = f"<p>{_t('merged', keep=keep.value, drops=', '.join(map(str, drops)))}</p>"
        load()

    where.observe(lambda _: (setattr(message, "value", ""), load()), names="value")
    picker.observe(show_group, names="value")
    merge.on_click(merge_group)
    load(wanted=group)
    return w.VBox([_title("duplicates_title"), where, summary, chart, picker, side_by_side,
                   w.HBox([keep, merge]), message])


def _choice(value: object, valid: tuple[str, ...], name: str) -> str:
    """``value`` checked as the analysis checks it, so that a widget with a bad argument fails at once."""
    return params.choice(value.strip().lower() if isinstance(value, str) else value, valid, name)


# ---------------------------------------------------------------- customer data card (客户资料卡)

def _cell(field: str, value: object) -> str:
    if field == "gender" and isinstance(value, str):
        return i18n.t(f"gender.{value}")
    if field == "age" and value is not None and not pd.isna(value):
        return i18n.t("service.widget.age", n=int(value))
    if field == "total_spend" and not pd.isna(value):
        return f"¥{float(value):,.2f}"
    return _text(value)


def _section(title_key: str, row: pd.Series, fields: tuple[str, ...]) -> str:
    cells = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(header(f))}</th>"
                    f"<td>{html.escape(_cell(f, row[f]))}</td></tr>" for f in fields)
    return f"<h5 style='margin:8px 0 2px 0'>{_t(title_key)}</h5><table>{cells}</table>"


def card_html(row: pd.Series) -> str:
    """A customer data card (客户资料卡) from a row of ``ck.customers.card``: basic information on every card,
    transactions on the cards of current and lost customers, the company's contacts and tags, and a badge
    with the card's kind."""
    kind = row["card_kind"]
    badge = (f"<span style='background:{KIND_COLOURS[kind]};color:white;border-radius:4px;padding:1px 6px'>"
             f"{html.escape(row['card_kind_name'])}</span>")
    title = html.escape(i18n.t("lookup.card_title", name=row["name"], id=int(row["customer_id"])))
    parts = [f"<h4 style='margin:0 0 6px 0'>{title} {badge}</h4>", f"<p><i>{_t('card_note_' + kind)}</i></p>",
             _section("card_basic", row, BASIC_FIELDS)]
    if kind != "potential":
        parts.append(_section("card_purchases", row, PURCHASE_FIELDS))
    parts.append(_section("card_service", row, SERVICE_FIELDS))
    style = "border:1px solid #ccc;border-radius:6px;padding:8px;max-width:520px"
    return f"<div class='crmkit-card' style='{style}'>{''.join(parts)}</div>"


def card_viewer(con, customer: object = None, kind: str = "current", lost_after_days: int = 365) -> w.VBox:
    """客户资料卡 widget: how many potential, current and lost customers there are; pick a kind and a customer
    of it (or type an id or customer code) to see the card. Change the days after which a customer counts
    as lost to see customers move between the kinds."""
    days = w.BoundedIntText(value=lost_after_days, min=1, max=3650, step=30,
                            description=i18n.t("info_widget.lost_after_days"), style=_STYLE)
    kinds = w.ToggleButtons()
    picker = w.Dropdown(description=i18n.t("info_widget.customer"), style=_STYLE)
    box = w.Text(placeholder=i18n.t("lookup.placeholder"), description=i18n.t("info_widget.or_type"), style=_STYLE,
                 continuous_update=False)
    chart, card = w.Output(), w.HTML()

    def show_card(value: object) -> None:
        if value is None or value == "":
            card.value = f"<p>{_t('no_customer_of_kind')}</p>"
            return
        try:
            card.value = card_html(customer_info.card(con, value, lost_after_days=days.value).iloc[0])
        except CrmkitError as exc:
            card.value = error_html(exc)

    def fill(_=None) -> None:
        listed = info_analyses.card_list(con, kinds.value, lost_after_days=days.value)
        picker.options = [(f"#{int(r.customer_id)} {r.name}", int(r.customer_id)) for r in listed.itertuples()]
        picker.value = int(listed["customer_id"].iloc[0]) if len(listed) else None
        show_card(picker.value)

    def count(_=None) -> None:
        counts = customer_info.cards(con, lost_after_days=days.value)
        show_figure(chart, plots.cards(counts))
        current = kinds.value or _choice(kind, customer_info.CARD_KINDS, "kind")
        kinds.options = [(f"{r.card_kind_name} ({r.customer_count})", r.card_kind) for r in counts.itertuples()]
        kinds.value = current
        fill()

    kinds.observe(fill, names="value")
    days.observe(count, names="value")
    picker.observe(lambda change: show_card(change["new"]), names="value")
    box.observe(lambda change: show_card(change["new"].strip()), names="value")
    count()
    if customer is not None:
        box.value = str(customer)
    wrap = w.Layout(flex_flow="row wrap")
    return w.VBox([_title("card_title"), days, chart, kinds, w.HBox([picker, box], layout=wrap), card])


# ---------------------------------------------------------------- follow-up tasks (待办任务)

def tasks_html(con) -> str:
    """The to-do list (``ck.tasks.todo``) as a table, the earliest due first."""
    todo = tasks.todo(con)
    if todo.empty:
        return f"<p>{_t('no_tasks')}</p>"
    return (f"<p>{_t('open_tasks', n=len(todo))}</p>"
            + table_html(todo, ["task_id", "due_at", "kind_name", "customer_id", "name", "phone", "content"]))


def task_board(con, customer: object = None) -> w.VBox:
    """待办任务 widget: the to-do list, a form to create a customer follow-up task (customer, type, due time,
    content) and a button to mark a task done. A task created in a notebook cell appears on Refresh."""
    who = w.Text(value="" if customer is None else str(customer), description=i18n.t("info_widget.customer"),
                 placeholder=i18n.t("lookup.placeholder"), style=_STYLE)
    kind = w.Dropdown(options=[(i18n.t(f"task_kind.{k}"), k) for k in tasks.KINDS], value="call",
                      description=i18n.t("column.kind_name"), style=_STYLE)
    due = w.Text(description=i18n.t("column.due_at"), placeholder="2026-11-05 10:00", style=_STYLE)
    content = w.Text(description=i18n.t("column.content"), style=_STYLE, layout=w.Layout(width="480px"))
    create = w.Button(description=i18n.t("info_widget.create_task"), icon="plus", button_style="primary")
    refresh = w.Button(description=i18n.t("info_widget.refresh"), icon="refresh")
    open_tasks = w.Dropdown(description=i18n.t("column.task_id"), style=_STYLE)
    finish = w.Button(description=i18n.t("info_widget.complete_task"), icon="check")
    board, message = w.HTML(), w.HTML()

    def show(_=None) -> None:
        board.value = tasks_html(con)
        ids = tasks.todo(con)["task_id"].astype(int).tolist()
        open_tasks.options = [(f"#{i}", i) for i in ids]
        finish.disabled = not ids

    def add(_=None) -> None:
        try:
            task = tasks.create(con, who.value, kind.value, due.value, content.value)
        except CrmkitError as exc:
            message.value = error_html(exc)
            return
        message.value = f"<p>{_t('task_created', id=task)}</p>"
        content.value = ""
        show()

    def done(_=None) -> None:
        try:
            tasks.complete(con, open_tasks.value)
        except CrmkitError as exc:
            message.value = error_html(exc)
            return
        message.value = f"<p>{_t('task_completed', id=open_tasks.value)}</p>"
        show()

    create.on_click(add)
    refresh.on_click(show)
    finish.on_click(done)
    show()
    wrap = w.Layout(flex_flow="row wrap")
    return w.VBox([_title("tasks_title"), w.HBox([who, kind, due], layout=wrap), w.HBox([content, create], layout=wrap),
                   message, w.HBox([refresh, open_tasks, finish], layout=wrap), board])
