r"""A learned entry scorer: monotone gradient-boosted trees, selected and calibrated honestly.

:class:`LearnedScorer` learns :math:`P(\text{entry} \mid \text{features})` for candidate cells
(clearly absent up to the base period, :func:`~advantage.planning.features.targets`) from
every origin of a panel whose outcome is known, on the period-invariant features of
:mod:`~advantage.planning.signals`.

* **Inductive bias.** scikit-learn's ``HistGradientBoostingClassifier`` with monotone
  constraints where theory gives the sign (:data:`~advantage.planning.signals.MONOTONE`:
  relatedness densities and the cell's RCA history can only raise the score), shallow trees
  (8 leaves, at least 40 cells a leaf), L2 regularisation, a fixed seed.
* **Selection on held-out origins.** Three shapes are fitted: ``additive`` (every tree uses
  one feature: a monotone generalised additive model), ``trees`` (interactions allowed) and
  ``ensemble``, the mean log-odds of those two and of a strongly penalised logistic
  regression on the standardised features
  (:class:`~advantage.planning.learned_models.RidgeLogistic`); each is taken alone or blended
  with a density-only logistic model :math:`D`, :math:`G = (1 - w) F + w D` on the log-odds
  scale, :math:`w \in \{0, 0.3\}`. With at least two training origins the shape and weight
  with the best PR-AUC on out-of-fold predictions win, the folds being whole origins (a fold
  is a period the model never saw). With a **single** origin there is no held-out period to
  choose on, and held-out regions of the same period are a noisy guide: the scorer then uses
  ``single`` (the ensemble blended 30% with density) without selection, the setting that
  transferred best across the development panels decades apart. Nothing of the evaluation
  period is used.
* **A wider population for a single origin.** One origin offers few entries, so with a
  single origin the scorer trains on every cell below :math:`RCA = 0.5`
  (``single_absent``) in every period up to the base, not only the candidates below
  ``absent``: cells just above the candidate line enter for the same reasons, and the
  ``rca`` feature tells the two apart. Calibration and the explanations' reference use
  the candidates below ``absent`` only, so the probabilities keep the candidates' rate.
* **Calibration.** The winner's out-of-fold log-odds fit a
  :class:`~advantage.planning.validation.Calibrator` (Platt by default), so
  :meth:`LearnedScorer.predict_proba` is a probability of entry within the horizon. The
  share of entries falls as the observed history of absence lengthens; with several origins
  Platt scaling takes :math:`\log(1 + \text{years of history})` as a drift term.
* **Explanations.** :meth:`LearnedScorer.contributions` splits each cell's log-odds
  :math:`G(x)` against a reference cell :math:`x^0` (the median training candidate) into
  per-feature parts by averaging, over seeded feature orders :math:`\pi`, the change when
  feature :math:`j` is switched from :math:`x^0_j` to :math:`x_j` (a sampled Shapley value,
  Štrumbelj and Kononenko 2014). For every order the parts telescope, so

  .. math:: \sum_j c_j(x) = G(x) - G(x^0)

  exactly; for the additive shape each :math:`c_j` is exact whatever the order.

:func:`~advantage.planning.scoring.learned_scores` wraps the scorer for the
opportunities ranking, with the announced fallback when a panel cannot train it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, check_positive
from advantage.measures.indicators import Indicators
from advantage.planning.features import Split, check_leakage, targets
from advantage.planning.learned_models import Average, RidgeLogistic, density_model
from advantage.planning.signals import MONOTONE, SIGNALS, build_signals
from advantage.planning.validation import Calibrator, group_folds

__all__ = ["MODEL_DEFAULTS", "SHAPES", "LearnedScorer", "cell_matrix"]

SHAPES = ("additive", "trees", "ensemble")

#: Settings of every ``HistGradientBoostingClassifier`` the scorer fits.
MODEL_DEFAULTS: dict[str, Any] = {"max_iter": 200, "learning_rate": 0.05, "max_leaf_nodes": 8,
                                  "min_samples_leaf": 40, "l2_regularization": 1.0,
                                  "early_stopping": False}


def cell_matrix(ind: Indicators, split: Split, rows: np.ndarray, cols: np.ndarray,
                names: Sequence[str] = SIGNALS, *, method: str = "learned"
                ) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Feature matrix of cells ``(rows, cols)`` at ``split.base``, leakage-checked.

    Raises :class:`~advantage.planning.features.LeakageError` if a feature reads the first
    period of ``split.targets`` or later; returns the checked reads as table rows.
    """
    feats, reads = build_signals(ind, split.base, tuple(names))
    times = ind.panel.times
    check_leakage(reads, split, times)
    first = min(split.targets)
    leak = [{"method": method, "base": times[split.base], "feature": name,
             "latest_period_read": times[reads[name]] if reads[name] >= 0 else None,
             "first_predicted": times[first] if first < len(times) else None,
             "ok": reads[name] < first} for name in names]
    return np.column_stack([feats[n][rows, cols] for n in names]), leak


class LearnedScorer:
    """Monotone boosted trees on period-invariant features, with selection and calibration.

    Parameters
    ----------
    features : sequence of str
        Features of :mod:`~advantage.planning.signals` (all by default).
    shapes : sequence of {"additive", "trees", "ensemble"}
        Model shapes to choose from on held-out origins.
    blends : sequence of float
        Weights :math:`w` of the density-only model to choose from.
    single : (str, float) or None
        The shape and blend used, without selection, when the training has one origin only
        (``None``: select on folds of regions instead).
    single_absent : float or None
        With one training origin, train on the cells below this RCA (or ``absent``, if
        higher) in every period up to the base; ``None``: the candidates only. Calibration
        always uses the candidates below ``absent``.
    calibration : {"platt", "isotonic"}
    folds : int
        Most held-out folds for selection and calibration.
    seed : int
    absent, threshold : float
        The candidate and entry thresholds of :func:`~advantage.planning.features.targets`.
    target : {"any", "end"}
    model_params : mapping, optional
        Overrides of :data:`MODEL_DEFAULTS`.
    n_threads : int
        OpenMP threads of the trees (1: the many small fits run fastest one thread each,
        and a busy machine does not slow them down).

    Attributes
    ----------
    features_ : list of str
        The features used (those observed in training).
    shape_, blend_ : str, float
        The chosen shape and density weight.
    selection_ : pandas.DataFrame
        Out-of-fold PR-AUC of every (shape, blend) tried.
    model_, density_model_ : estimators
        The boosted trees and the density-only logistic model, fitted on every origin.
    calibrator_ : Calibrator
    drift_ : bool
        Whether the calibration has the history drift term (Platt with several origins).
    reference_ : numpy.ndarray
        The reference cell :math:`x^0` of the explanations.
    base_rate_, n_rows_, n_entries_ : float, int, int
        Training share of entries, cells and entries, among the candidates (below
        ``absent``).
    train_absent_ : float
        The RCA below which training cells were taken (``single_absent`` with one origin).
    n_train_rows_, n_train_entries_ : int
        Cells and entries the models were fitted on (more than ``n_rows_`` and
        ``n_entries_`` when ``train_absent_`` exceeds ``absent``).
    oof_, candidate_ : numpy.ndarray
        Out-of-fold log-odds of the chosen model on every training cell, and which cells
        are candidates (below ``absent``): the calibration's data.
    origins_ : list
        Base periods trained on.
    leakage_ : list of dict
        Every feature read of the training origins and its check.
    """

    def __init__(self, *, features: Sequence[str] = SIGNALS,
                 shapes: Sequence[str] = SHAPES, blends: Sequence[float] = (0.0, 0.3),
                 single: tuple[str, float] | None = ("ensemble", 0.3),
                 single_absent: float | None = 0.5,
                 calibration: Literal["platt", "isotonic"] = "platt", folds: int = 4,
                 seed: int = 0, absent: float = 0.25, threshold: float = 1.0,
                 target: Literal["any", "end"] = "any",
                 model_params: Mapping[str, Any] | None = None, n_threads: int = 1) -> None:
        self.features = features
        self.shapes = shapes
        self.blends = blends
        self.single = single
        self.single_absent = single_absent
        self.calibration = calibration
        self.folds = folds
        self.seed = seed
        self.absent = absent
        self.threshold = threshold
        self.target = target
        self.model_params = model_params
        self.n_threads = n_threads

    # ------------------------------------------------------------------ fitting
    def training_rows(self, ind: Indicators, splits: Sequence[Split],
                      exclude_regions: np.ndarray | None = None
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[Any]]:
        """Stack the candidates of ``splits``: features, outcome, origin and region of each."""
        x, y, origin, region, _, leak = self._rows(ind, splits, exclude_regions, self.absent)
        return x, y, origin, region, leak

    def _rows(self, ind: Indicators, splits: Sequence[Split],
              exclude_regions: np.ndarray | None, absent: float
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[Any]]:
        """The cells below ``absent`` of ``splits``; the fifth array marks the candidates."""
        xs, ys, origin, region, strict, leak = [], [], [], [], [], []
        for number, split in enumerate(splits):
            cand, label = targets(ind.rca, split, absent=absent, present=self.threshold,
                                  target=self.target)
            candidate = (cand if absent == self.absent else
                         targets(ind.rca, split, absent=self.absent, present=self.threshold,
                                 target=self.target)[0])
            if exclude_regions is not None:
                cand[exclude_regions] = False
            r, c = np.nonzero(cand)
            x, rows = cell_matrix(ind, split, r, c, self.features)
            xs.append(x)
            ys.append(label[r, c].astype(int))
            origin.append(np.full(len(r), number))
            region.append(r)
            strict.append(candidate[r, c])
            leak.extend(rows)
        if not xs:
            n = len(self.features)
            return (np.zeros((0, n)), np.zeros(0, int), np.zeros(0, int), np.zeros(0, int),
                    np.zeros(0, bool), [])
        return (np.vstack(xs), np.concatenate(ys), np.concatenate(origin),
                np.concatenate(region), np.concatenate(strict), leak)

    def fit(self, ind: Indicators, splits: Sequence[Split],
            exclude_regions: np.ndarray | None = None) -> LearnedScorer:
        """Fit on the candidates of ``splits`` (every outcome must be known to the caller).

        ``exclude_regions`` (region positions) leaves regions out of training, for
        leave-region-out evaluation.
        """
        check_choice("calibration", self.calibration, ["platt", "isotonic"])
        check_positive("folds", self.folds)
        unknown = [s for s in (*self.shapes, *([self.single[0]] if self.single else []))
                   if s not in SHAPES]
        if unknown or not self.shapes:
            raise AdvantageError(f"shapes={list(self.shapes)!r} is not valid; expected some "
                                 f"of {list(SHAPES)!r}.")
        wide = self.single_absent if len(splits) == 1 else None
        self.train_absent_ = float(self.absent if wide is None else max(wide, self.absent))
        x, y, origin, region, strict, leak = self._rows(ind, splits, exclude_regions,
                                                        self.train_absent_)
        if not strict.any() or y[strict].min() == y[strict].max():
            raise AdvantageError(f"the training origins hold {int(y[strict].sum())} entries "
                                 f"among {int(strict.sum())} candidate cells; the learned "
                                 "scorer needs both entries and non-entries.")
        usable = np.isfinite(x).any(axis=0)
        self.features_ = [f for f, u in zip(self.features, usable, strict=True) if u]
        x = x[:, usable]
        with self._threads():
            return self._fit(x, y, origin, region, strict, leak, ind, splits)

    def _threads(self) -> Any:
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=self.n_threads, user_api="openmp")

    def _fit(self, x: np.ndarray, y: np.ndarray, origin: np.ndarray, region: np.ndarray,
             strict: np.ndarray, leak: list[Any], ind: Indicators, splits: Sequence[Split]
             ) -> LearnedScorer:
        self.leakage_ = leak
        self.origins_ = [ind.panel.times[s.base] for s in splits]
        self.n_train_rows_, self.n_train_entries_ = len(y), int(y.sum())
        self.n_rows_, self.n_entries_ = int(strict.sum()), int(y[strict].sum())
        self.base_rate_ = float(y[strict].mean())
        several = len(np.unique(origin)) >= 2
        groups = origin if several else region
        tried = ([(s, float(w)) for s in self.shapes for w in self.blends]
                 if several or self.single is None else [(self.single[0], float(self.single[1]))])
        oof, self.selection_ = self._select(x, y, groups, tried, strict)
        best = self.selection_.sort_values(["pr_auc", "simpler"], ascending=[False, False])
        self.shape_ = str(best.iloc[0]["shape"])
        self.blend_ = float(best.iloc[0]["blend"])
        self.model_ = self._fit_model(self.shape_, x, y)
        self.density_model_ = density_model(x, y, self.features_)
        # Entry rates fall as the history of absence lengthens (the candidate rule gets
        # stricter): with several origins, Platt scaling takes log(1 + years of history)
        # as a drift term, so a later base is not scored at an earlier origin's rate.
        history = np.array([self.history(ind, s.base) for s in splits])[origin]
        self.drift_ = self.calibration == "platt" and len(np.unique(history)) >= 2
        # calibrated on the candidates only: the wider cells enter more often
        self.oof_, self.candidate_ = oof[(self.shape_, self.blend_)], strict
        self.calibrator_ = Calibrator(self.calibration).fit(
            self.oof_[strict], y[strict], history[strict] if self.drift_ else None)
        self.reference_ = np.nanmedian(x[strict], axis=0)
        return self

    def _trees(self, shape: str) -> Any:
        from sklearn.ensemble import HistGradientBoostingClassifier

        n = len(self.features_)
        return HistGradientBoostingClassifier(
            random_state=self.seed,
            monotonic_cst=[MONOTONE.get(f, 0) for f in self.features_],
            interaction_cst=[[j] for j in range(n)] if shape == "additive" else None,
            **{**MODEL_DEFAULTS, **(self.model_params or {})})

    def _fit_model(self, shape: str, x: np.ndarray, y: np.ndarray) -> Any:
        if shape == "ensemble":
            return Average([self._fit_trees("additive", x, y), self._fit_trees("trees", x, y),
                            RidgeLogistic().fit(x, y)])
        return self._fit_trees(shape, x, y)

    def _fit_trees(self, shape: str, x: np.ndarray, y: np.ndarray) -> Any:
        # A column with no finite value (a trend at a panel's first origin, inside a fold)
        # carries nothing to learn; scikit-learn cannot bin it, so it is made constant.
        blank = ~np.isfinite(x).any(axis=0)
        if blank.any():
            x = x.copy()
            x[:, blank] = 0.0
        return self._trees(shape).fit(x, y)

    def _select(self, x: np.ndarray, y: np.ndarray, groups: np.ndarray,
                tried: list[tuple[str, float]], strict: np.ndarray
                ) -> tuple[dict[tuple[str, float], np.ndarray], pd.DataFrame]:
        from sklearn.metrics import average_precision_score

        shapes = {s for s, _ in tried}
        # the ensemble's parts are fitted once per fold and averaged afterwards
        parts = ({"additive", "trees", "ridge"} if "ensemble" in shapes else set()) | (
            shapes - {"ensemble"})
        part = {name: np.full(len(y), np.nan) for name in sorted(parts)}
        dens = np.full(len(y), np.nan)
        for fold in group_folds(groups, self.folds, self.seed):
            test = np.isin(groups, fold)
            if y[~test].min() == y[~test].max():
                continue
            for name in part:
                model = (RidgeLogistic().fit(x[~test], y[~test]) if name == "ridge"
                         else self._fit_trees(name, x[~test], y[~test]))
                part[name][test] = model.decision_function(x[test])
            dens[test] = density_model(x[~test], y[~test], self.features_
                                       ).decision_function(x[test])
        scored = np.isfinite(dens)
        oof: dict[tuple[str, float], np.ndarray] = {}
        rows: list[dict[str, Any]] = []
        for shape, w in tried:
            f = (np.mean([part["additive"], part["trees"], part["ridge"]], axis=0)
                 if shape == "ensemble" else part[shape])
            g = (1 - w) * f + w * dens
            oof[(shape, float(w))] = np.where(scored, g, np.nanmean(g))
            ok = scored & np.isfinite(g) & strict  # judged on the candidates
            ap = (float(average_precision_score(y[ok], g[ok])) if 0 < y[ok].sum() < ok.sum()
                  else float("nan"))
            rows.append({"shape": shape, "blend": float(w), "pr_auc": ap,
                         "simpler": (shape == "additive") + float(w)})
        if not any(np.isfinite(float(r["pr_auc"])) for r in rows):
            raise AdvantageError("no held-out fold could be scored: every fold's training part "
                                 "lacks entries; the learned scorer needs more entries.")
        return oof, pd.DataFrame(rows)

    def wider_note(self) -> str:
        """What a run's note adds when the fit used the wider single-origin population.

        ``"; fitted on the N cells below RCA b (E entries), calibrated on the candidates"``,
        or ``""`` when the models were fitted on the candidates alone.
        """
        if self.n_train_rows_ == self.n_rows_:
            return ""
        return (f"; fitted on the {self.n_train_rows_} cells below RCA {self.train_absent_:g} "
                f"({self.n_train_entries_} entries), calibrated on the candidates")

    # ------------------------------------------------------------------ scoring
    def decision_function(self, x: np.ndarray) -> np.ndarray:
        """Log-odds :math:`G(x)` of cells whose features (columns :attr:`features_`) are ``x``."""
        x = np.atleast_2d(np.asarray(x, dtype=float))
        if len(x) == 0:
            return np.zeros(0)
        with self._threads():
            g = self.model_.decision_function(x)
        if self.blend_:
            g = (1 - self.blend_) * g + self.blend_ * self.density_model_.decision_function(x)
        return np.asarray(g, dtype=float)

    @staticmethod
    def history(ind: Indicators, base: int) -> float:
        r"""The calibration's drift covariate, :math:`\log(1 + y)`.

        :math:`y` is the number of years from the panel's first period to ``base`` (of
        periods, when times are not numbers).
        """
        times = ind.panel.times
        try:
            years = float(times[base]) - float(times[0])
        except (TypeError, ValueError):
            years = float(base)
        return float(np.log1p(years))

    def predict_proba(self, x: np.ndarray, history: float = 0.0) -> np.ndarray:
        """Calibrated probability of entry within the horizon, in [0, 1].

        ``history`` is :meth:`history` of the base period (used when :attr:`drift_`).
        """
        return self.calibrator_.predict(self.decision_function(x), history)

    def score_cells(self, ind: Indicators, split: Split, rows: np.ndarray, cols: np.ndarray
                    ) -> tuple[np.ndarray, list[dict[str, Any]]]:
        """Calibrated probabilities of cells ``(rows, cols)`` at ``split.base``, and the reads."""
        x, leak = cell_matrix(ind, split, rows, cols, self.features_)
        return self.predict_proba(x, self.history(ind, split.base)), leak

    def contributions(self, x: np.ndarray, *, permutations: int = 8) -> np.ndarray:
        """Per-feature parts of the log-odds against :attr:`reference_` (module docs).

        Returns
        -------
        numpy.ndarray
            Shaped (cells, features); each row sums to
            ``decision_function(x) - decision_function(reference_)``.
        """
        check_positive("permutations", permutations)
        x = np.atleast_2d(np.asarray(x, dtype=float))
        n, p = x.shape
        out = np.zeros((n, p))
        rng = np.random.default_rng(self.seed)
        for _ in range(permutations):
            order = rng.permutation(p)
            # Step k switches the first k features of the order from the reference to x;
            # all p + 1 steps go through the model in one call.
            steps = np.repeat(self.reference_[None, None, :], p + 1, axis=0).repeat(n, axis=1)
            for k, j in enumerate(order):
                steps[k + 1:, :, j] = x[:, j]
            g = self.decision_function(steps.reshape(-1, p)).reshape(p + 1, n)
            out[:, order] += np.diff(g, axis=0).T
        return out / permutations
