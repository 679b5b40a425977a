"""Chapter 1 widgets on the hand-written shop of tests/analytics/test_service.py: what they show at creation
(what a headless run records) and after a student changes a control."""

import re

import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import service
from crmkit.widgets import service as widgets
from tests.analytics.test_service import SHOP

PLOTLY = "application/vnd.plotly.v1+json"


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def chart_title(output) -> str:
    """The title of the figure shown in an Output widget."""
    (shown,) = output.outputs
    return shown["data"][PLOTLY]["layout"]["title"]["text"]


def test_the_widgets_are_part_of_ck_widgets():
    for name in ("customer_structure_explorer", "expectation_explorer", "channel_trend_explorer", "stage_explorer",
                 "role_play"):
        assert getattr(ck.widgets, name) is getattr(widgets, name) and name in ck.widgets.__all__
    assert "quick_lookup" in ck.widgets.__all__


# ---------------------------------------------------------------- customer structure

def test_structure_html_per_level(con):
    with i18n.language("en"):
        suppliers = widgets.structure_html(con, "supplier")
        channels = widgets.structure_html(con, "channel")
        end = widgets.structure_html(con, "end_customer")
    assert "Channel partners" in suppliers and "425.00" in suppliers  # the summary: sales per active supplier
    assert suppliers.index("Supplier two") < suppliers.index("Supplier one")  # highest sales first
    assert "<td>52.9%</td>" in suppliers and "<td>9</td>" in suppliers  # 450 / 850 of the sales; 9 kettles
    assert "Tmall store" in channels and "Marketplace" in channels and "Supplier two" not in channels
    assert all(level in end for level in ("Regular", "Silver", "Gold", "Diamond"))
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="Valid values: supplier, channel, end_customer"):
        widgets.structure_html(con, "staff")


def test_structure_explorer_shows_chart_and_drills_down(con):
    with i18n.language("zh"):
        box = widgets.customer_structure_explorer(con)
        title, chart, choice, result = box.children
        assert "客户结构" in title.value and chart_title(chart).startswith("客户结构")
        assert "供应商二" in result.value
        choice.value = "channel"
        assert "天猫旗舰店" in result.value and "供应商二" not in result.value


# ---------------------------------------------------------------- expectations

def test_expectation_html_explains_the_effects(con):
    with i18n.language("en"):
        text = widgets.expectation_html(con, by="channel", delivery_days_faster=2)
    assert "Estimated from 8 surveys" in text
    assert "Delivery time (per day): -0.75 points of perceived value (± 0.25), used in the what-if" in text
    assert "Reply time (per minute): +0.25 points (± 0.25), not clearly different from 0, so not used" in text
    assert text.index("Official app") < text.index("Tmall store")
    assert "<td>1.50</td>" in text  # Tmall's change in satisfaction (see test_service)


def test_expectation_html_lists_the_least_satisfied_customers_first(con):
    text = widgets.expectation_html(con, by="customer")
    # average satisfaction: customer 3: (0 - 5) / 2 = -2.5; customer 2: (2 - 3 - 4) / 3 = -1.67; customer 1: 0
    assert text.index("(#3)") < text.index("(#2)") < text.index("(#1)")


def test_expectation_explorer_reacts_to_its_controls(con):
    with i18n.language("en"):
        box = widgets.expectation_explorer(con)
        title, choices, sliders, chart, result = box.children
        group, who = choices.children
        days, minutes, answer = sliders.children
        assert group.value == "delivery_speed" and days.value == 1.0
        assert "Up to 2 days" in result.value and "<td>0.75</td>" in result.value  # 4 to 7 days: 5 -> 4 days
        assert chart_title(chart).startswith("Expectation, perceived value")
        days.value = 2.0
        assert "<td>1.50</td>" in result.value and "<td>0.75</td>" not in result.value
        group.value = "customer"
        who.value = "2"
        assert "(#2)" in result.value and "(#1)" not in result.value
        who.value = "99"
        assert "there is no customer &#x27;99&#x27;" in result.value and chart.outputs == ()


# ---------------------------------------------------------------- channels and stages

def test_channel_trend_html_and_explorer(con):
    df = service.channel_trend(con, by="era")
    with i18n.language("en"):
        text = widgets.channel_trend_html(df)
        assert text == ("<p>Share of modern channels: 50% in the period starting 2026-01-01, 62% in the period "
                        "starting 2026-02-01.</p>")  # 2 of 4 in January, 5 of 8 in February
        box = widgets.channel_trend_explorer(con)
        title, controls, grouping, result, chart = box.children
        step, direction = controls.children
        assert result.value == text and chart_title(chart).startswith("Traditional vs modern")
        direction.value = "outbound"
        assert "0% in the period starting 2026-01-01, 100% in the period starting 2026-02-01" in result.value
        grouping.value = "kind"
        assert chart_title(chart) == "Interactions per service channel"
        assert "No interactions" in widgets.channel_trend_html(df.iloc[0:0])


def test_stage_html_and_explorer(con):
    with i18n.language("zh"):
        text = widgets.stage_html(con)
        assert all(name in text for name in ("售前", "售中", "售后", "客户关怀")) and "210.00" in text
        box = widgets.stage_explorer(con, start="2026-02-01", end="2026-02-10")
        title, dates, chart, result = box.children
        assert "210.00" not in result.value and "<td>50.0%</td>" in result.value  # pre-sale: 2 of 4 answered
        assert chart_title(chart).startswith("售前")
        first, last = dates.children
        first.value = None
        last.value = None
        assert "210.00" in result.value


# ---------------------------------------------------------------- role-play and rubric

def test_scenario_card_shows_the_facts_masked(con):
    with i18n.language("zh"):
        text = widgets.scenario_html(service.scenario(con, 12).iloc[0])
    assert "投诉情景 #12" in text and "王* · 男 · 33岁 · 广东省 · 至今共 2 笔实付订单" in text and "王五" not in text
    assert "电水壶" in text and "¥100.00" in text and "（5.0 天）" in text
    assert "送货太慢、咨询没人回复" in text and "退货 质量问题" in text and "★ 质量太差" in text
    assert "顾客：" in text and "客服代表：" in text
    with i18n.language("en"):
        none = widgets.scenario_html(service.scenario(con, 13).iloc[0])
    assert "nothing the data shows: find out by asking" in none and "★★★★★ 很好" in none


def test_rubric_total_by_hand():
    scores = {"self": [5, 4, 3, 4, 5], "peer": [4, 4, 4, 4, 4], "teacher": [3, 3, 4, 4, 5]}
    # out of 100: 21 x 4, 20 x 4, 19 x 4; final 0.2 x 84 + 0.3 x 80 + 0.5 x 76
    assert widgets.rubric_total(scores) == {"self": 84.0, "peer": 80.0, "teacher": 76.0, "final": 78.8}
    partial = widgets.rubric_total({"self": [5, 5, 5, 5, None], "peer": [1, 1, 1, 1, 1]})
    assert partial == {"self": None, "peer": 20.0, "teacher": None, "final": None}


def test_rubric_html():
    with i18n.language("en"):
        text = widgets.rubric_html({"self": [5, 4, 3, 4, 5]})
    assert all(c in text for c in ("Courtesy and service awareness", "Listening and confirming", "Using the facts",
                                   "Solution and promise", "Emotional control"))
    assert "Self (20%)" in text and "Peer (30%)" in text and "Teacher (50%)" in text
    assert "<td style='text-align:center'>84.0</td>" in text


def test_role_play_widget(con):
    with i18n.language("zh"):
        box = widgets.role_play(con, seed=3)
        title, steps, controls, card, rubric_title, entry, rubric = box.children
        picker, again = controls.children
        expected = list(service.complaint_scenarios(con, widgets.SCENARIOS, seed=3).interaction_id)
        assert [value for _, value in picker.options] == expected
        assert f"投诉情景 #{expected[0]}" in card.value
        picker.value = 12
        assert "投诉情景 #12" in card.value and "质量太差" in card.value
        again.click()  # the next seed: the same three complaints, perhaps in another order
        assert sorted(value for _, value in picker.options) == [11, 12, 13]
        assert re.search(r"投诉情景 #1[123]", card.value)
        assert "综合得分" in rubric.value
        dropdowns = [child for child in entry.children if hasattr(child, "options")]
        assert len(dropdowns) == 15  # 5 criteria x self, peer, teacher
        for dropdown in dropdowns:
            dropdown.value = 5
        assert "<b>100.0</b>" in rubric.value


def test_role_play_on_a_shop_without_complaints(tiny_shop):
    from tests.fixtures import BASE

    with i18n.language("en"):
        box = widgets.role_play(tiny_shop(BASE), seed=1)
    assert "This shop has no complaints." in box.children[3].value
