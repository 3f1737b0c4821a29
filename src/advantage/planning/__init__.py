"""The four planning questions, built only from :mod:`advantage.measures`.

Characteristic and advantageous industries (:mod:`~advantage.planning.advantages`), new-activity
opportunities and upgrade paths (:mod:`~advantage.planning.opportunities`,
:mod:`~advantage.planning.paths`, learned entry probabilities in
:mod:`~advantage.planning.scoring`), endowments (:mod:`~advantage.planning.endowments`),
industrial transfer matching (:mod:`~advantage.planning.transfer`, with the China preset in
:mod:`~advantage.planning.china`) and honest backtests (:mod:`~advantage.planning.backtest`).
This file only re-exports.
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
from advantage.planning.china import (
    china_centroids,
    china_endowment_strength,
    china_regions,
    china_transfer_groups,
)
from advantage.planning.endowments import (
    CHINA_ENERGY_TAGS,
    ENDOWMENTS,
    EndowmentFit,
    activity_tags,
    endowment_fit,
    endowment_strength,
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
from advantage.planning.scoring import LearnedScores, candidate_cells, learned_scores
from advantage.planning.signals import MONOTONE, SIGNALS, build_signals, period_rank
from advantage.planning.transfer import (
    MATCH_COMPONENTS,
    great_circle_km,
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
    "CHINA_ENERGY_TAGS",
    "CLASSES",
    "COMPONENTS",
    "ENDOWMENTS",
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
    "EndowmentFit",
    "LeakageError",
    "LearnedScorer",
    "LearnedScores",
    "Split",
    "activity_tags",
    "backtest",
    "backtest_transfer",
    "brier_score",
    "build_features",
    "build_signals",
    "candidate_cells",
    "check_leakage",
    "china_centroids",
    "china_endowment_strength",
    "china_regions",
    "china_transfer_groups",
    "classify_advantages",
    "endowment_fit",
    "endowment_siting",
    "endowment_strength",
    "great_circle_km",
    "group_folds",
    "group_precision",
    "history",
    "learned_scores",
    "make_splits",
    "match_destinations",
    "opportunities",
    "paired_bootstrap",
    "period_rank",
    "quadrant_data",
    "ranking_metrics",
    "relative_growth",
    "reliability_table",
    "relocating_activities",
    "strategic_approach",
    "targets",
    "upgrade_paths",
]
