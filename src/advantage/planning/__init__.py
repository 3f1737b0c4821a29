"""The four planning questions, built only from :mod:`advantage.measures`.

Characteristic and advantageous industries (:mod:`~advantage.planning.advantages`), new-activity
opportunities and upgrade paths (:mod:`~advantage.planning.opportunities`,
:mod:`~advantage.planning.paths`, learned entry probabilities in
:mod:`~advantage.planning.scoring`), industrial transfer matching
(:mod:`~advantage.planning.transfer`), honest backtests (:mod:`~advantage.planning.backtest`),
and the one analysis result every interface presents (:mod:`~advantage.planning.profile`).
The planner's workbench adds benchmarking against references and peers
(:mod:`~advantage.planning.benchmark`), attractiveness and portfolios
(:mod:`~advantage.planning.attractiveness`, :mod:`~advantage.planning.portfolio`), a trust
layer (:mod:`~advantage.planning.trust`, :mod:`~advantage.planning.diagnostics`), monitoring
(:mod:`~advantage.planning.monitor`), value chains (:mod:`~advantage.planning.valuechains`)
and firm leads (:mod:`~advantage.planning.leads`).
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
from advantage.planning.attractiveness import ATTRACTIVENESS, attractiveness
from advantage.planning.backtest import (
    BASELINES,
    METHODS,
    BacktestResult,
    backtest,
    backtest_transfer,
)
from advantage.planning.benchmark import (
    PSWOT,
    peers_by_indicator,
    peers_by_similarity,
    peers_by_size,
    pswot,
    reference_indicators,
    relative_presence,
)
from advantage.planning.diagnostics import CHECKS, diagnostics
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
from advantage.planning.leads import firm_leads
from advantage.planning.learned import MODEL_DEFAULTS, SHAPES, LearnedScorer
from advantage.planning.metrics import group_precision, ranking_metrics
from advantage.planning.monitor import Monitoring, monitor, scorecard
from advantage.planning.opportunities import (
    COMPONENTS,
    PRESETS,
    STRATEGIES,
    opportunities,
    strategic_approach,
)
from advantage.planning.paths import endowment_siting, upgrade_paths
from advantage.planning.portfolio import activity_clusters, portfolio
from advantage.planning.profile import Profile, profile
from advantage.planning.scoring import LearnedScores, candidate_cells, learned_scores
from advantage.planning.signals import MONOTONE, SIGNALS, build_signals, period_rank
from advantage.planning.stability import Stability, stability
from advantage.planning.transfer import (
    MATCH_COMPONENTS,
    default_transfer_groups,
    match_destinations,
    relocating_activities,
)
from advantage.planning.trust import RankIntervals, rank_intervals
from advantage.planning.validation import (
    Calibrator,
    brier_score,
    group_folds,
    paired_bootstrap,
    reliability_table,
)
from advantage.planning.valuechains import ChainStatus, chain_status

__all__ = [
    "ATTRACTIVENESS",
    "BASELINES",
    "CHECKS",
    "CLASSES",
    "COMPONENTS",
    "FEATURES",
    "MATCH_COMPONENTS",
    "METHODS",
    "MODEL_DEFAULTS",
    "MONOTONE",
    "PRESETS",
    "PSWOT",
    "QUADRANTS",
    "SHAPES",
    "SIGNALS",
    "STRATEGIES",
    "BacktestResult",
    "Calibrator",
    "ChainStatus",
    "LeakageError",
    "LearnedScorer",
    "LearnedScores",
    "Monitoring",
    "Profile",
    "RankIntervals",
    "Split",
    "Stability",
    "activity_clusters",
    "attractiveness",
    "backtest",
    "backtest_transfer",
    "brier_score",
    "build_features",
    "build_signals",
    "candidate_cells",
    "chain_status",
    "check_leakage",
    "classify_advantages",
    "default_transfer_groups",
    "diagnostics",
    "endowment_siting",
    "firm_leads",
    "group_folds",
    "group_precision",
    "history",
    "learned_scores",
    "make_splits",
    "match_destinations",
    "monitor",
    "opportunities",
    "paired_bootstrap",
    "peers_by_indicator",
    "peers_by_similarity",
    "peers_by_size",
    "period_rank",
    "portfolio",
    "profile",
    "pswot",
    "quadrant_data",
    "rank_intervals",
    "ranking_metrics",
    "reference_indicators",
    "relative_growth",
    "relative_presence",
    "reliability_table",
    "relocating_activities",
    "scorecard",
    "stability",
    "strategic_approach",
    "targets",
    "upgrade_paths",
]
