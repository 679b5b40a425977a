"""Maximum-likelihood fitting shared by the customer-base models (BG/NBD, Gamma-Gamma).

Every parameter of these models is positive, so the search runs over the logarithms of the
parameters (any real number is a valid point), within wide bounds, with scipy's L-BFGS-B and the
exact gradient. A fit is accepted only when the optimiser reports convergence (or the gradient
is practically zero) and no parameter ends at a bound: a parameter running off to 0 or to
infinity means the data cannot pin it down, and crmkit says so instead of returning a silent
nonsense fit. If the first start fails, a few other starts are tried.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import optimize

from crmkit.errors import CrmkitError

#: Bounds of every parameter (searched on the log scale): from about 1e-7 to about 9e6.
LOG_BOUNDS = (-16.0, 16.0)
#: A parameter closer than this (on the log scale, i.e. a factor of about 1.6) to a bound counts as "at the bound".
AT_BOUND = 0.5
#: Starting points tried after the first one: every parameter of the first start times these factors.
RESTART_FACTORS = (0.1, 10.0, 0.01)
#: The largest gradient (per customer, on the log scale) accepted as "converged" when scipy stops on other grounds.
GRADIENT_TOLERANCE = 1e-5

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


def fit_positive(objective: Objective, start: Sequence[float], names: Sequence[str], model: str) -> np.ndarray:
    """Minimise ``objective`` over positive parameters and return the best parameters.

    Parameters
    ----------
    objective : ``params -> (value, gradient)``: the mean negative log-likelihood per customer
        and its gradient with respect to the parameters (not their logarithms)
    start : a sensible starting point (positive numbers)
    names : the parameter names, for error messages
    model : the model's name, for error messages (e.g. ``"BG/NBD"``)

    Raises
    ------
    CrmkitError
        ``loyalty.error.fit_failed`` if no start converges, ``loyalty.error.fit_at_bound`` if the
        best fit puts a parameter at 0 or infinity.

    Examples
    --------
    >>> def parabola(p):  # minimum at p = (2, 5)
    ...     return float(((np.log(p) - np.log([2.0, 5.0])) ** 2).sum()), 2 * (np.log(p) - np.log([2.0, 5.0])) / p
    >>> [round(float(v), 6) for v in fit_positive(parabola, [1.0, 1.0], ["u", "v"], "demo")]
    [2.0, 5.0]
    """
    first = np.log(np.asarray(start, dtype=float))
    starts = [first] + [first + np.log(f) for f in RESTART_FACTORS]
    best = None
    for theta in starts:
        result = _minimise(objective, np.clip(theta, *LOG_BOUNDS))
        if result is None:
            continue
        if best is None or result.fun < best.fun:
            best = result
        if not _at_bound(result.x):
            break
    if best is None:
        raise CrmkitError("loyalty.error.fit_failed", model=model)
    at = _at_bound(best.x)
    if at:
        i = at[0]
        raise CrmkitError("loyalty.error.fit_at_bound", model=model, name=names[i], value=f"{np.exp(best.x[i]):.3g}")
    return np.exp(best.x)


def _minimise(objective: Objective, theta: np.ndarray) -> optimize.OptimizeResult | None:
    def on_log_scale(t: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(t)
        with np.errstate(all="ignore"):
            value, gradient = objective(params)
        if not np.isfinite(value) or not np.all(np.isfinite(gradient)):
            return np.inf, np.zeros_like(t)  # tells L-BFGS-B to step back
        return value, gradient * params

    value, _ = on_log_scale(theta)
    if not np.isfinite(value):
        return None
    result = optimize.minimize(on_log_scale, theta, jac=True, method="L-BFGS-B", bounds=[LOG_BOUNDS] * len(theta),
                               options={"maxiter": 2000, "ftol": 1e-14, "gtol": 1e-9})
    gradient = on_log_scale(result.x)[1]
    inside = ~np.array([bool(_at_bound(np.array([v]))) for v in result.x])
    converged = result.success or np.max(np.abs(gradient[inside]), initial=0.0) < GRADIENT_TOLERANCE
    return result if converged and np.isfinite(result.fun) else None


def _at_bound(theta: np.ndarray) -> list[int]:
    low, high = LOG_BOUNDS
    return [i for i, v in enumerate(theta) if v < low + AT_BOUND or v > high - AT_BOUND]
