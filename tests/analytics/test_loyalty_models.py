"""BG/NBD and Gamma-Gamma: the published CDNOW figures, parameter recovery on simulated customers,
formulas checked by hand, CLV, the holdout check, and bad input.

Published figures (Fader, Hardie & Lee 2005; Fader & Hardie 2013; datasets/cdnow/README.md), on
the CDNOW sample with a 39-week calibration period 1997-01-01 .. 1997-09-30: BG/NBD r = 0.243,
alpha = 4.414, a = 0.793, b = 2.426, log-likelihood -9582.4; the expected purchases in the next
39 weeks of a customer with x = 2, t_x = 30.43, T = 38.86 is 1.226; Gamma-Gamma on the 946
customers with repeat purchases p = 6.25, q = 3.74, gamma = 15.44.
"""

import math

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import bgnbd, loyalty, mle
from crmkit.analytics.bgnbd import BgNbdModel
from crmkit.analytics.gamma_gamma import GammaGammaModel
from crmkit.data.imports.cdnow import import_cdnow, sample_path
from crmkit.errors import CrmkitError
from crmkit.plots import loyalty as loyalty_plots


@pytest.fixture(scope="module")
def cdnow(tmp_path_factory):
    """The CDNOW sample imported through crmkit's importer into a temporary home."""
    home = tmp_path_factory.mktemp("cdnow")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRMKIT_HOME", str(home / "data"))
        patch.setenv("CRMKIT_SCRATCH", str(home / "scratch"))
        import_cdnow(sample_path(), "cdnow")
        con = ck.connect("cdnow")
        yield con
        con.close()


@pytest.fixture(scope="module")
def calibration(cdnow):
    return loyalty.rfm_summary(cdnow, observation_end="1998-06-30", calibration_end="1997-09-30", unit="W")


def test_cdnow_summary(calibration):
    assert len(calibration) == 2357
    assert int((calibration.frequency > 0).sum()) == 946
    assert float(calibration.duration_holdout.iloc[0]) == 39.0  # 1997-09-30 .. 1998-06-30: 273 days


def test_cdnow_bgnbd_matches_the_published_fit(calibration):
    model = loyalty.fit_bgnbd(calibration)
    assert {k: round(v, 3) for k, v in model.params.items()} == {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert round(model.log_likelihood, 1) == -9582.4
    assert model.customers == 2357 and model.unit == "W"


def test_cdnow_conditional_expectation_matches_the_published_value(calibration):
    model = loyalty.fit_bgnbd(calibration)
    assert round(float(model.expected_purchases(39, 2, 30.43, 38.86)[0]), 3) == 1.226


def test_cdnow_gamma_gamma_matches_the_published_fit(calibration):
    model = loyalty.fit_gamma_gamma(calibration)
    assert {k: round(v, 2) for k, v in model.params.items()} == {"p": 6.25, "q": 3.74, "gamma": 15.44}
    assert model.customers == 946


def _hyp2f1_series(a, b, c, z, terms=400):
    """2F1 by its power series (z < 1), independent of scipy and of the Euler transformation."""
    total, term = 1.0, 1.0
    for n in range(terms):
        term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        total += term
    return total


def _expected_by_equation_10(p, t, x, t_x, age):
    r, alpha, a, b = p["r"], p["alpha"], p["a"], p["b"]
    z = t / (alpha + age + t)
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + age) / (alpha + age + t)) ** (r + x)
                                        * _hyp2f1_series(r + x, b + x, a + b + x - 1, z))
    den = 1 + (x > 0) * a / (b + x - 1) * ((alpha + age) / (alpha + t_x)) ** (r + x)
    return num / den


@pytest.mark.parametrize("x, t_x, age, t", [(0, 0, 38.86, 39), (2, 30.43, 38.86, 39), (7, 10.0, 38.0, 52),
                                            (1, 37.0, 38.0, 10), (0, 0, 0, 20)])
def test_conditional_expectation_follows_equation_10(x, t_x, age, t):
    p = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    model = BgNbdModel(params=p, log_likelihood=0.0, customers=0)
    assert math.isclose(float(model.expected_purchases(t, x, t_x, age)[0]), _expected_by_equation_10(p, t, x, t_x, age),
                        rel_tol=1e-9)


def test_population_expectation_is_equation_7():
    # E[X(t)] = (a+b-1)/(a-1) * (1 - (alpha/(alpha+t))^r * 2F1(r, b; a+b-1; t/(alpha+t)))
    p = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    model = BgNbdModel(params=p, log_likelihood=0.0, customers=0)
    expected = (p["a"] + p["b"] - 1) / (p["a"] - 1) * (1 - (p["alpha"] / (p["alpha"] + 39)) ** p["r"] * _hyp2f1_series(
        p["r"], p["b"], p["a"] + p["b"] - 1, 39 / (p["alpha"] + 39)))
    assert math.isclose(model.expected_purchases(39), expected, rel_tol=1e-9)


def test_p_alive_by_hand():
    # r = 1, alpha = 1, a = 1, b = 2: P = 1 / (1 + 1/(2+x-1) * ((1+T)/(1+t_x))^(1+x))
    model = BgNbdModel(params={"r": 1.0, "alpha": 1.0, "a": 1.0, "b": 2.0}, log_likelihood=0.0, customers=0)
    # x=1, t_x=1, T=3: 1/(1 + 1/2 * 2^2) = 1/3; x=0: 1; x=2, t_x=T=4: 1/(1 + 1/3) = 3/4
    assert np.allclose(model.p_alive([1, 0, 2], [1, 0, 4], [3, 5, 4]), [1 / 3, 1, 3 / 4], rtol=1e-12)


def test_log_likelihood_by_hand():
    # x = 0: L = B(a, b)/B(a, b) * Γ(r)/Γ(r) * alpha^r / (alpha+T)^r = (alpha/(alpha+T))^r
    # x = 1, r = alpha = a = 1, b = 2: L = B(1,3)/B(1,2) * 1 * 1/(1+T)^2 + B(2,2)/B(1,2) * 1/(1+t_x)^2
    #   = (1/3)/(1/2)/(1+T)^2 + (1/6)/(1/2)/(1+t_x)^2; with t_x = 1, T = 3: (2/3)/16 + (1/3)/4 = 1/8
    p = {"r": 1.0, "alpha": 1.0, "a": 1.0, "b": 2.0}
    ll = bgnbd.log_likelihood(p, [0, 1], [0, 1], [3, 3])
    assert np.allclose(ll, [math.log(1 / 4), math.log(1 / 8)], rtol=1e-12)


# Parameter recovery: 5,000 simulated customers, ages uniform in 26..78 weeks, seeded. Over 40
# seeds the fits scattered around the true values with relative standard deviations of about
# r 3 %, alpha 6 %, a 11 %, b 16 % (first set) and r 4 %, alpha 5 %, a 16 %, b 19 % (second set),
# with no visible bias. The tolerance is 4 of those standard deviations: a correct fit passes
# for practically every seed, while a wrong likelihood or gradient (or swapped a and b) fails.
@pytest.mark.parametrize("true, tolerance", [
    ({"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}, {"r": 0.13, "alpha": 0.25, "a": 0.45, "b": 0.65}),
    ({"r": 1.5, "alpha": 20.0, "a": 2.0, "b": 6.0}, {"r": 0.16, "alpha": 0.20, "a": 0.65, "b": 0.75}),
])
def test_fit_recovers_the_parameters_of_simulated_customers(true, tolerance):
    ages = np.random.default_rng(7).uniform(26, 78, 5000)
    summary = bgnbd.simulate(true, ages, seed=7)
    model = loyalty.fit_bgnbd(summary)
    for name, value in true.items():
        assert abs(model.params[name] / value - 1) <= tolerance[name], (name, model.params[name])
    truth_ll = bgnbd.log_likelihood(true, summary.frequency, summary.recency, summary["T"]).sum()
    assert model.log_likelihood >= truth_ll  # the maximum is at least as likely as the truth


def test_simulated_customers_are_possible_summaries():
    df = bgnbd.simulate({"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}, np.linspace(0, 50, 2000), seed=3)
    assert (df.recency <= df["T"]).all() and ((df.frequency > 0) | (df.recency == 0)).all()
    assert (df.frequency > 0).any() and (df.frequency == 0).any()


def test_gamma_gamma_expected_spend_by_hand():
    model = GammaGammaModel(params={"p": 6.0, "q": 4.0, "gamma": 15.0}, log_likelihood=0.0, customers=0)
    # (gamma + x m) p / (p x + q - 1): x=3, m=40: 135*6/21; x=0: p gamma / (q-1) = 30
    assert np.allclose(model.expected_spend([3, 0], [40, 99]), [810 / 21, 30.0])
    assert model.mean_spend == 30.0
    infinite = GammaGammaModel(params={"p": 6.0, "q": 0.9, "gamma": 15.0}, log_likelihood=0.0, customers=0)
    with i18n.language("en"), pytest.raises(CrmkitError, match="q = 0.9"):
        infinite.expected_spend([1], [10])


def test_clv_adds_up_discounted_monthly_purchases(calibration):
    bg = loyalty.fit_bgnbd(calibration)
    gg = loyalty.fit_gamma_gamma(calibration)
    df = loyalty.clv(bg, gg, months=2, discount_rate=0.1)
    assert list(df.columns) == ["customer_id", "p_alive", "expected_purchases", "expected_spend", "clv"]
    assert len(df) == 2357 and df.clv.is_monotonic_decreasing
    row = df[df.customer_id == 1].iloc[0]
    s = calibration[calibration.customer_id == 1].iloc[0]
    month = 365.25 / 12 / 7  # weeks
    e1, e2 = (float(bg.expected_purchases(k * month, s.frequency, s.recency, s["T"])[0]) for k in (1, 2))
    spend = (gg.params["gamma"] + s.frequency * s.monetary_value) * gg.params["p"] / (
        gg.params["p"] * s.frequency + gg.params["q"] - 1)
    assert math.isclose(row.clv, (e1 / 1.1 + (e2 - e1) / 1.21) * spend, rel_tol=1e-9)
    assert math.isclose(row.expected_purchases, e2, rel_tol=1e-9)


@pytest.mark.parametrize("months, rate, word", [(0, 0.01, "months"), (12, 1.0, "discount_rate"),
                                                (12, -0.1, "discount_rate"), (1.5, 0.01, "months")])
def test_clv_refuses_bad_arguments(calibration, months, rate, word):
    bg = loyalty.fit_bgnbd(calibration)
    gg = loyalty.fit_gamma_gamma(calibration)
    with i18n.language("en"), pytest.raises(CrmkitError, match=word):
        loyalty.clv(bg, gg, months, rate)


def test_expected_vs_actual_groups_by_calibration_frequency():
    model = BgNbdModel(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, log_likelihood=0.0, customers=0)
    summary = pd.DataFrame({"frequency": [0, 0, 1, 3], "recency": [0, 0, 5.0, 20.0], "T": [30.0, 20.0, 30.0, 25.0],
                            "frequency_holdout": [1, 0, 2, 4], "duration_holdout": [10.0] * 4})
    df = loyalty.expected_vs_actual(model, summary, max_frequency=1)
    assert list(df.repeat_purchases) == ["0", "1+"]
    assert list(df.customer_count) == [2, 2]
    assert list(df.actual_purchases) == [0.5, 3.0]
    expected = model.expected_purchases(10.0, summary.frequency, summary.recency, summary["T"])
    assert np.allclose(df.expected_purchases, [expected[:2].mean(), expected[2:].mean()])
    with i18n.language("en"):
        fig = loyalty_plots.expected_vs_actual(df)
    assert [trace.name for trace in fig.data] == ["Actual", "Model"]
    assert list(fig.data[0].y) == [0.5, 3.0]


def test_expected_vs_actual_needs_a_holdout(calibration):
    model = loyalty.fit_bgnbd(calibration)
    with i18n.language("en"), pytest.raises(CrmkitError, match="calibration_end"):
        loyalty.expected_vs_actual(model, calibration.drop(columns=["frequency_holdout", "duration_holdout"]))


def test_p_alive_matrix(calibration):
    model = loyalty.fit_bgnbd(calibration)
    with i18n.language("en"):
        fig = loyalty_plots.p_alive_matrix(model, T=38.86, max_frequency=5)
    assert fig.layout.title.text.startswith("P(alive)") and "38.9 weeks" in fig.layout.title.text
    z = np.array(fig.data[0].z, dtype=float)
    assert z.shape == (6, 60)
    assert np.isclose(z[2, -1], model.p_alive(2, 38.86, 38.86)[0])  # x = 2, bought at the very end
    assert z[0, 0] == 1.0 and np.isnan(z[0, 1])  # no repeat purchase: alive, and recency can only be 0


# Bad input: a clear error, never a crash inside scipy.

def test_no_repeat_purchases_is_a_clear_error():
    summary = pd.DataFrame({"frequency": [0, 0, 0], "recency": [0.0] * 3, "T": [5.0, 10.0, 20.0],
                            "monetary_value": [0.0] * 3})
    with i18n.language("en"), pytest.raises(CrmkitError, match="None of the 3 customers made a repeat purchase"):
        loyalty.fit_bgnbd(summary)
    with i18n.language("en"), pytest.raises(CrmkitError, match="Gamma-Gamma"):
        loyalty.fit_gamma_gamma(summary)


@pytest.mark.parametrize("rows, word", [
    ({"frequency": [], "recency": [], "T": []}, "no customers"),
    ({"frequency": [1], "recency": [3.0]}, "T"),
    ({"frequency": [1, 2], "recency": [3.0, 12.0], "T": [5.0, 10.0]}, "Row 1"),      # recency after T
    ({"frequency": [0], "recency": [2.0], "T": [5.0]}, "Row 0"),                     # recency without repeats
    ({"frequency": [-1], "recency": [0.0], "T": [5.0]}, "Row 0"),
    ({"frequency": [1.5], "recency": [1.0], "T": [5.0]}, "Row 0"),
    ({"frequency": [1], "recency": [float("nan")], "T": [5.0]}, "Row 0"),
])
def test_impossible_summaries_are_refused(rows, word):
    with i18n.language("en"), pytest.raises(CrmkitError, match=word):
        loyalty.fit_bgnbd(pd.DataFrame(rows))


def test_a_fit_the_data_cannot_support_is_refused():
    # every customer bought on their last day: nothing says anyone drops out or how rates vary
    summary = pd.DataFrame({"frequency": [1, 2, 3, 1, 2] * 20, "recency": [10.0] * 100, "T": [10.0] * 100})
    with i18n.language("en"), pytest.raises(CrmkitError, match="could not be fitted sensibly"):
        loyalty.fit_bgnbd(summary)


def test_gamma_gamma_with_one_spend_level_is_refused():
    summary = pd.DataFrame({"frequency": [1, 2], "monetary_value": [10.0, 10.0]})
    with i18n.language("en"), pytest.raises(CrmkitError, match="same average spend"):
        loyalty.fit_gamma_gamma(summary)


def test_optimiser_failures_are_reported():
    names, start = ["u"], [1.0]
    with i18n.language("en"), pytest.raises(CrmkitError, match="did not converge"):
        mle.fit_positive(lambda p: (float("nan"), np.zeros(1)), start, names, "demo")
    with i18n.language("en"), pytest.raises(CrmkitError, match="parameter u runs off"):
        mle.fit_positive(lambda p: (-float(np.log(p[0])), -1 / p), start, names, "demo")  # best at infinity
