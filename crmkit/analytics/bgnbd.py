"""The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers" the easy way).

The model explains each customer's purchases with two hidden traits:

* while active, a customer buys at their own rate λ (purchases per time unit), and the rates
  of the customers follow a gamma distribution with shape ``r`` and rate ``alpha``;
* after every purchase, the customer drops out (becomes inactive for good) with their own
  probability p, and the probabilities follow a beta distribution with ``a`` and ``b``.

It needs three numbers per customer (see :func:`crmkit.analytics.loyalty.rfm_summary`):
``frequency`` x (repeat purchase days), ``recency`` t_x (first to last purchase) and ``T``
(first purchase to the end of the calibration period), in the summary's time unit. From the
fitted model follow P(alive), the probability that a customer is still active, and the number
of purchases to expect in the next t time units, per customer or for a new customer.

Formulas: the log-likelihood is equation (6) of the paper, written with ``gammaln``/``betaln``
terms for numerical stability; P(alive) is equation (A10); the conditional expectation is
equation (10), whose Gaussian hypergeometric function 2F1 is evaluated after Euler's
transformation (2F1(a, b; c; z) = (1 - z)^(c-a-b) 2F1(c-a, c-b; c; z)) so that it stays finite
for customers with many purchases. The population expectation E[X(t)] (equation 7) is the
conditional one with x = t_x = T = 0.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from scipy import special

from crmkit.analytics import mle
from crmkit.errors import CrmkitError

PARAMS: tuple[str, ...] = ("r", "alpha", "a", "b")
MODEL = "BG/NBD"


@dataclasses.dataclass(frozen=True)
class BgNbdModel:
    """A fitted BG/NBD model.

    Attributes
    ----------
    params : ``{"r", "alpha", "a", "b"}``: gamma shape and rate of the purchase rates, beta
        parameters of the dropout probabilities (``alpha`` is in the summary's time unit)
    log_likelihood : the maximised log-likelihood of the summary
    customers : customers in the summary it was fitted on
    unit : the time unit of the summary, ``"W"`` (weeks) or ``"D"`` (days)
    summary : the summary it was fitted on (used by :func:`~crmkit.analytics.loyalty.clv`)
    """

    params: dict[str, float]
    log_likelihood: float
    customers: int
    unit: str = "W"
    summary: pd.DataFrame | None = dataclasses.field(default=None, repr=False, compare=False)

    def p_alive(self, frequency, recency, T) -> np.ndarray:
        """P(alive): the probability that each customer is still active at the end of their ``T``.

        A customer without repeat purchases is alive for sure in the BG/NBD model (a dropout can
        only happen right after a repeat purchase). The longer the time since the last purchase
        compared with the customer's buying rate, the lower P(alive).
        """
        x, t_x, t = _arrays(frequency, recency, T)
        return special.expit(-_log_dropout_odds(self.params, x, t_x, t))

    def expected_purchases(self, t, frequency=None, recency=None, T=None) -> np.ndarray | float:
        """Expected number of purchases in the next ``t`` time units.

        With ``frequency``, ``recency`` and ``T`` (numbers or arrays; ``t`` may be an array of the
        same length): per customer, given their history (the conditional expectation
        E[Y(t) | x, t_x, T]). Without them: for a new customer over their first ``t`` time units
        (the population expectation E[X(t)], a number; the first purchase is not counted).
        """
        if frequency is None and recency is None and T is None:
            zero = np.zeros(1)
            return float(_conditional(self.params, np.asarray(t, dtype=float), zero, zero, zero)[0])
        return _conditional(self.params, np.asarray(t, dtype=float), *_arrays(frequency, recency, T))


def fit(summary: pd.DataFrame, unit: str = "W") -> BgNbdModel:
    """Maximum-likelihood fit of the BG/NBD model to a summary with ``frequency, recency, T``.

    Raises a :class:`~crmkit.errors.CrmkitError` when the summary is empty or not a summary,
    when nobody made a repeat purchase (then nothing tells how customers buy again), or when the
    likelihood cannot be maximised (see :mod:`crmkit.analytics.mle`).
    """
    x, t_x, t = checked(summary)
    if not (x > 0).any():
        raise CrmkitError("loyalty.error.no_repeat_purchases", customers=len(x))
    data = _Data(x, t_x, t)
    mean_rate = (x.mean() + 1) / max(t.mean(), 1e-9)  # purchases per unit, a rough start for r / alpha
    params = mle.fit_positive(data.objective, [1.0, 1.0 / mean_rate, 1.0, 1.0], PARAMS, MODEL)
    fitted = dict(zip(PARAMS, (float(v) for v in params), strict=True))
    return BgNbdModel(params=fitted, log_likelihood=-data.objective(params)[0] * len(x), customers=len(x), unit=unit,
                      summary=summary)


def simulate(params: dict[str, float], T, *, seed: int = 0) -> pd.DataFrame:
    """Customers drawn from a BG/NBD model with known ``params``, as a summary to fit (e.g. to
    check that a fit finds the parameters again, or to see what the parameters mean).

    ``T`` gives each customer's time since their first purchase (one number per customer).
    Each customer draws a purchase rate λ ~ Gamma(r, rate alpha) and a dropout probability
    p ~ Beta(a, b); their repeat purchases come at rate λ until, right after a repeat purchase,
    they drop out with probability p. Vectorised: with N ~ Poisson(λT) purchases possible in
    [0, T] and K ~ Geometric(p) the repeat purchase after which they drop out, x = min(N, K), and
    the time of the x-th of N uniform purchase times is T × Beta(x, N - x + 1).

    Returns a DataFrame ``customer_id`` (1, 2, ...), ``frequency``, ``recency``, ``T``.

    Examples
    --------
    >>> df = simulate({"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}, [39.0] * 3, seed=1)
    >>> list(df.columns), len(df)
    (['customer_id', 'frequency', 'recency', 'T'], 3)
    """
    r, alpha, a, b = (params[p] for p in PARAMS)
    rng = np.random.default_rng(seed)
    age = np.asarray(T, dtype=float).reshape(-1)
    rate = rng.gamma(r, 1.0 / alpha, size=age.size)
    dropout = rng.beta(a, b, size=age.size)
    possible = rng.poisson(rate * age)
    x = np.minimum(possible, rng.geometric(np.clip(dropout, 1e-12, 1.0)))
    repeat = x > 0
    recency = np.zeros(age.size)
    recency[repeat] = age[repeat] * rng.beta(x[repeat], possible[repeat] - x[repeat] + 1)
    return pd.DataFrame({"customer_id": np.arange(1, age.size + 1), "frequency": x, "recency": recency, "T": age})


def log_likelihood(params: dict[str, float], frequency, recency, T) -> np.ndarray:
    """Each customer's log-likelihood under ``params`` (equation 6 of Fader, Hardie & Lee 2005)."""
    x, t_x, t = _arrays(frequency, recency, T)
    return _Data(x, t_x, t).per_customer(np.array([params[p] for p in PARAMS]))[0]


class _Data:
    """The summary as arrays, with the distinct frequencies looked up once (special functions
    of r + x, b + x, ... are computed per distinct x, not per customer)."""

    def __init__(self, x: np.ndarray, t_x: np.ndarray, t: np.ndarray) -> None:
        self.x, self.t_x, self.t = x, t_x, t
        self.distinct, self.index = np.unique(x, return_inverse=True)

    def per_customer(self, params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Log-likelihood of each customer and its gradient (4 x customers) in r, alpha, a, b."""
        r, alpha, a, b = params
        u, i, x = self.distinct, self.index, self.x
        repeat = u > 0
        # Terms that depend on x only: log Γ(r+x)/Γ(r) + log B(a, b+x)/B(a, b), and their derivatives.
        shared = (special.gammaln(r + u) - special.gammaln(r) + special.betaln(a, b + u) - special.betaln(a, b))[i]
        d_r = (special.digamma(r + u) - special.digamma(r))[i]
        d_a = (special.digamma(a + b) - special.digamma(a + b + u))[i]
        d_b = (special.digamma(a + b) + special.digamma(b + u) - special.digamma(b) - special.digamma(a + b + u))[i]
        inv_b = np.where(repeat, 1.0 / np.where(repeat, b + u - 1, 1.0), 0.0)[i]   # 1 / (b + x - 1), 0 when x = 0
        log_gone = np.where(repeat, np.log(a) - np.log(np.where(repeat, b + u - 1, 1.0)), -np.inf)[i]
        log_t = np.log(alpha + self.t)
        log_tx = np.log(alpha + self.t_x)
        rx = r + x
        # The likelihood is a sum of two cases, added on the log scale (log-sum-exp):
        still = -rx * log_t                  # still alive at T
        gone = log_gone - rx * log_tx        # dropped out right after the last purchase (only if x > 0)
        top = np.maximum(still, gone)
        e_still, e_gone = np.exp(still - top), np.exp(gone - top)
        total = e_still + e_gone
        w_gone = e_gone / total
        w_still = 1.0 - w_gone
        ll = shared + r * np.log(alpha) + top + np.log(total)
        grad = np.vstack([
            d_r + np.log(alpha) - w_still * log_t - w_gone * log_tx,
            r / alpha - rx * (w_still / (alpha + self.t) + w_gone / (alpha + self.t_x)),
            d_a + w_gone / a,
            d_b - w_gone * inv_b,
        ])
        return ll, grad

    def objective(self, params: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean negative log-likelihood per customer and its gradient."""
        ll, grad = self.per_customer(params)
        return -float(ll.mean()), -grad.mean(axis=1)


def _log_dropout_odds(params: dict[str, float], x: np.ndarray, t_x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """log of a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x): P(alive) = 1 / (1 + exp(this)); -inf when x = 0."""
    r, alpha, a, b = (params[p] for p in PARAMS)
    repeat = x > 0
    odds = np.log(a) - np.log(np.where(repeat, b + x - 1, 1.0)) + (r + x) * (np.log(alpha + t) - np.log(alpha + t_x))
    return np.where(repeat, odds, -np.inf)


def _conditional(params: dict[str, float], t: np.ndarray, x: np.ndarray, t_x: np.ndarray,
                 age: np.ndarray) -> np.ndarray:
    """E[Y(t) | x, t_x, T] (equation 10; ``age`` is T), with 2F1 after Euler's transformation."""
    r, alpha, a, b = (params[p] for p in PARAMS)
    if abs(a - 1) < 1e-9:
        a = 1 + 1e-9  # the formula divides by a - 1; its limit at a = 1 is continuous
    z = t / (alpha + age + t)
    c = (alpha + age) / (alpha + age + t)
    hyp = special.hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
    buying = (a + b + x - 1) / (a - 1) * (1 - c ** (a - 1) * hyp)
    return buying * special.expit(-_log_dropout_odds(params, x, t_x, age))


def _arrays(frequency, recency, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tuple(np.asarray(v, dtype=float).reshape(-1) if np.ndim(v) else np.array([float(v)])
                 for v in (frequency, recency, T))


def checked(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``frequency``, ``recency`` and ``T`` of a summary as float arrays, after checking that they
    make sense (an error names the first impossible row); empty summaries are an error."""
    missing = [c for c in ("frequency", "recency", "T") if c not in getattr(summary, "columns", ())]
    if missing:
        raise CrmkitError("loyalty.error.not_a_summary", missing=", ".join(missing))
    if len(summary) == 0:
        raise CrmkitError("loyalty.error.empty_summary")
    x, t_x, t = (pd.to_numeric(summary[c], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
                 for c in ("frequency", "recency", "T"))
    bad = ~(np.isfinite(x) & np.isfinite(t_x) & np.isfinite(t) & (x >= 0) & (x == np.round(x)) & (t_x >= 0)
            & (t_x <= t + 1e-9) & ((x > 0) | (t_x == 0)))
    if bad.any():
        row = int(np.argmax(bad))
        raise CrmkitError("loyalty.error.bad_summary_row", row=row, frequency=x[row], recency=t_x[row], T=t[row])
    return x, t_x, t
