"""The Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, "The Gamma-Gamma model of
monetary value"; first in Colombo & Jiang 1999).

Each customer's purchase amounts vary around their own average; the model says the amounts are
gamma distributed with shape ``p`` and a rate ν of the customer's own, and that the ν of the
customers are gamma distributed with shape ``q`` and rate ``gamma``. It is fitted on the
customers with at least one repeat purchase, from two numbers each (see
:func:`crmkit.analytics.loyalty.rfm_summary`): ``frequency`` x (the number of repeat purchases)
and ``monetary_value`` m_x (their average amount). The first purchase is left out, as in the
literature. It assumes that how much a customer spends per purchase does not depend on how
often they buy; check the correlation of ``frequency`` and ``monetary_value`` first.

The expected average spend of a customer is a weighted mean of the population mean
p·gamma/(q-1) and the customer's own average, the more purchases the more weight on their own:
E(M | x, m_x) = (gamma + x·m_x)·p / (p·x + q - 1).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from scipy import special

from crmkit.analytics import mle
from crmkit.errors import CrmkitError

PARAMS: tuple[str, ...] = ("p", "q", "gamma")
MODEL = "Gamma-Gamma"


@dataclasses.dataclass(frozen=True)
class GammaGammaModel:
    """A fitted Gamma-Gamma model.

    Attributes
    ----------
    params : ``{"p", "q", "gamma"}``
    log_likelihood : the maximised log-likelihood
    customers : the customers it was fitted on (those with repeat purchases and spend above 0)
    """

    params: dict[str, float]
    log_likelihood: float
    customers: int

    @property
    def mean_spend(self) -> float:
        """The average spend per purchase of the customers, p·gamma / (q - 1)."""
        p, q, gamma = (self.params[k] for k in PARAMS)
        if q <= 1:
            raise CrmkitError("loyalty.error.no_mean_spend", q=f"{q:.3g}")
        return p * gamma / (q - 1)

    def expected_spend(self, frequency, monetary_value) -> np.ndarray:
        """Expected average spend per purchase of each customer, given their ``frequency`` (repeat
        purchases) and ``monetary_value`` (their average; ignored when ``frequency`` is 0, so a
        customer without repeat purchases gets :attr:`mean_spend`)."""
        p, q, gamma = (self.params[k] for k in PARAMS)
        self.mean_spend  # noqa: B018 (raises when q <= 1: the expectation does not exist)
        x = np.asarray(frequency, dtype=float).reshape(-1)
        m = np.where(x > 0, np.asarray(monetary_value, dtype=float).reshape(-1), 0.0)
        return (gamma + x * m) * p / (p * x + q - 1)


def fit(summary: pd.DataFrame) -> GammaGammaModel:
    """Maximum-likelihood fit on the rows of ``summary`` with ``frequency > 0`` and ``monetary_value > 0``."""
    missing = [c for c in ("frequency", "monetary_value") if c not in getattr(summary, "columns", ())]
    if missing:
        raise CrmkitError("loyalty.error.not_a_summary", missing=", ".join(missing))
    x = pd.to_numeric(summary["frequency"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    m = pd.to_numeric(summary["monetary_value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    used = np.isfinite(x) & np.isfinite(m) & (x > 0) & (m > 0)
    if not used.any():
        raise CrmkitError("loyalty.error.no_repeat_spend", customers=len(x))
    x, m = x[used], m[used]
    if np.ptp(m) == 0:
        raise CrmkitError("loyalty.error.same_spend", value=f"{m[0]:g}")

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad = _per_customer(params, x, m)
        return -float(ll.mean()), -grad.mean(axis=1)

    params = mle.fit_positive(objective, [1.0, 2.0, float(m.mean())], PARAMS, MODEL)
    fitted = dict(zip(PARAMS, (float(v) for v in params), strict=True))
    return GammaGammaModel(params=fitted, log_likelihood=float(_per_customer(params, x, m)[0].sum()),
                           customers=len(x))


def _per_customer(params: np.ndarray, x: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Log-density of each average m_x given x, and its gradient (3 x customers) in p, q, gamma."""
    p, q, gamma = params
    px = p * x
    log_total = np.log(gamma + x * m)
    ll = (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(gamma)
          + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * log_total)
    common = special.digamma(px + q)
    grad = np.vstack([
        x * (common - special.digamma(px) + np.log(m) + np.log(x) - log_total),
        common - special.digamma(q) + np.log(gamma) - log_total,
        q / gamma - (px + q) / (gamma + x * m),
    ])
    return ll, grad
