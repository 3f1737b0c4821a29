r"""The component models of the learned scorer, each a log-odds function of the features.

:class:`~advantage.planning.learned.LearnedScorer` combines these:

* :class:`DensityModel`: logistic regression on one column, the min-proximity density rank
  (Hidalgo et al. 2007), :math:`D(x) = \alpha + \beta\, x_{density}`; a missing rank counts as
  the middle, 0.5.
* :class:`RidgeLogistic`: logistic regression with an L2 penalty on every feature,
  standardised with the training mean and standard deviation (a missing value is the mean),

  .. math:: L(x) = \alpha + \sum_j \beta_j \frac{x_j - \mu_j}{\sigma_j}, \qquad
     \min_{\alpha, \beta} \; -\ell(\alpha, \beta) + \frac{1}{2C} \lVert \beta \rVert^2

  with :math:`C = 0.01` (strong shrinkage: the coefficients of a single training origin
  must carry over to a period decades later; Hastie, Tibshirani and Friedman 2009, 4.4.4).
* :class:`Average`: the mean log-odds of several fitted models, model averaging that trades
  the variance of choosing one shape on few held-out folds for a small bias (Breiman 1996,
  *Stacked regressions*; Hastie et al. 2009, 8.8).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["RIDGE_C", "Average", "DensityModel", "RidgeLogistic"]

#: Inverse L2 strength of :class:`RidgeLogistic` on standardised features.
RIDGE_C = 0.01


class DensityModel:
    """Logistic regression on one column (the min-proximity density rank); NaN -> 0.5.

    Examples
    --------
    >>> x = np.array([[0.1], [0.2], [0.8], [0.9]])
    >>> m = DensityModel(0).fit(x, np.array([0, 0, 1, 1]))
    >>> bool(m.decision_function(np.array([[0.9]]))[0] > m.decision_function(np.array([[0.1]]))[0])
    True
    """

    def __init__(self, column: int) -> None:
        self.column = column

    def _x(self, x: np.ndarray) -> np.ndarray:
        return np.nan_to_num(np.atleast_2d(x)[:, [self.column]], nan=0.5)

    def fit(self, x: np.ndarray, y: np.ndarray) -> DensityModel:
        """Fit on features ``x`` (cells, features) and outcomes ``y``."""
        from sklearn.linear_model import LogisticRegression

        self.model_ = LogisticRegression(C=1.0, max_iter=1000).fit(self._x(x), y)
        return self

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        """Log-odds of the cells ``x``."""
        return np.asarray(self.model_.decision_function(self._x(x)), dtype=float)


def density_model(x: np.ndarray, y: np.ndarray, names: Sequence[str]) -> DensityModel:
    """:class:`DensityModel` on the ``density_min`` column of ``names`` (else the first)."""
    return DensityModel(list(names).index("density_min") if "density_min" in names else 0
                        ).fit(x, y)


class RidgeLogistic:
    """L2-penalised logistic regression on standardised features (module docs).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((200, 2))
    >>> y = (x[:, 0] + 0.1 * rng.random(200) > 0.6).astype(int)
    >>> m = RidgeLogistic().fit(x, y)
    >>> bool(m.model_.coef_[0, 0] > abs(m.model_.coef_[0, 1]))
    True
    """

    def __init__(self, c: float = RIDGE_C) -> None:
        self.c = c

    def _z(self, x: np.ndarray) -> np.ndarray:
        z = (np.atleast_2d(x) - self.mean_) / self.scale_
        return np.where(np.isfinite(z), z, 0.0)

    def fit(self, x: np.ndarray, y: np.ndarray) -> RidgeLogistic:
        """Standardise ``x`` by its finite values per column and fit."""
        from sklearn.linear_model import LogisticRegression

        x = np.asarray(x, dtype=float)
        finite = np.isfinite(x)
        count = np.maximum(finite.sum(axis=0), 1)
        self.mean_ = np.where(finite, x, 0.0).sum(axis=0) / count
        spread = np.sqrt(np.where(finite, (x - self.mean_) ** 2, 0.0).sum(axis=0) / count)
        self.scale_ = np.where(spread > 0, spread, 1.0)
        self.model_ = LogisticRegression(C=self.c, max_iter=2000).fit(self._z(x), y)
        return self

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        """Log-odds of the cells ``x``."""
        return np.asarray(self.model_.decision_function(self._z(x)), dtype=float)


class Average:
    """The mean log-odds of fitted models (each with a ``decision_function``)."""

    def __init__(self, models: Sequence[Any]) -> None:
        self.models = list(models)

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        """Mean of the models' log-odds for the cells ``x``."""
        return np.mean([m.decision_function(x) for m in self.models], axis=0)
