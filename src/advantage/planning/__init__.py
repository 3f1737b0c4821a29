"""The four planning questions, built only from :mod:`advantage.measures`.

Characteristic and advantageous industries (:mod:`~advantage.planning.advantages`), new-activity
opportunities and upgrade paths (:mod:`~advantage.planning.opportunities`,
:mod:`~advantage.planning.paths`, learned entry probabilities in
:mod:`~advantage.planning.scoring`), industrial transfer matching
(:mod:`~advantage.planning.transfer`), honest backtests (:mod:`~advantage.planning.backtest`),
and the one analysis result every interface presents (:mod:`~advantage.planning.profile`).
Planning returns :class:`~advantage.reasons.Reason` objects, never sentences, and knows no
country, file or language: region presets and endowment data arrive as plain labels and
tables. This file only re-exports.
"""

from advantage.planning.advantages import (
    CLASSES,
    QUADRANTS,
    classify_advantages,
    quadrant_data,
    relative_growth,
)
from advantage.planning.backtest import (
    BASELINES,
    METHODS,
    BacktestResult,
    backtest,
    backtest_transfer,
)
from advantage.planning.features import (
    FEATURES,
    LeakageError,
    Split,
    build_features,
    check_leakage,
    history,
    make_splits,
    targets,
)
from advantage.planning.learned import MODEL_DEFAULTS, SHAPES, LearnedScorer
from advantage.planning.metrics import group_precision, ranking_metrics
from advantage.planning.opportunities import (
    COMPONENTS,
    PRESETS,
    opportunities,
    strategic_approach,
)
from advantage.planning.paths import endowment_siting, upgrade_paths
from advantage.planning.profile import Profile, profile
from advantage.planning.scoring import LearnedScores, candidate_cells, learned_scores
from advantage.planning.signals import MONOTONE, SIGNALS, build_signals, period_rank
from advantage.planning.transfer import (
    MATCH_COMPONENTS,
    default_transfer_groups,
    match_destinations,
    relocating_activities,
)
from advantage.planning.validation import (
    Calibrator,
    brier_score,
    group_folds,
    paired_bootstrap,
    reliability_table,
)

__all__ = [
    "BASELINES",
    "CLASSES",
    "COMPONENTS",
    "FEATURES",
    "MATCH_COMPONENTS",
    "METHODS",
    "MODEL_DEFAULTS",
    "MONOTONE",
    "PRESETS",
    "QUADRANTS",
    "SHAPES",
    "SIGNALS",
    "BacktestResult",
    "Calibrator",
    "LeakageError",
    "LearnedScorer",
    "LearnedScores",
    "Profile",
    "Split",
    "backtest",
    "backtest_transfer",
    "brier_score",
    "build_features",
    "build_signals",
    "candidate_cells",
    "check_leakage",
    "classify_advantages",
    "default_transfer_groups",
    "endowment_siting",
    "group_folds",
    "group_precision",
    "history",
    "learned_scores",
    "make_splits",
    "match_destinations",
    "opportunities",
    "paired_bootstrap",
    "period_rank",
    "profile",
    "quadrant_data",
    "ranking_metrics",
    "relative_growth",
    "reliability_table",
    "relocating_activities",
    "strategic_approach",
    "targets",
    "upgrade_paths",
]
